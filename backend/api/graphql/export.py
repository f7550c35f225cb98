"""``python -m backend.api.graphql.export [PATH]``: write the SDL (``make schema``)."""

from __future__ import annotations

import sys
from pathlib import Path

from strawberry.printer import print_schema

from backend.api.graphql.schema import schema
from backend.core.settings import REPO_ROOT

SCHEMA_PATH = REPO_ROOT / "graphql" / "schema.graphql"


def render_sdl() -> str:
    """The schema as SDL text, exactly as committed."""
    return print_schema(schema) + "\n"


def main(argv: list[str]) -> int:
    """Write the SDL to ``argv[0]`` or graphql/schema.graphql."""
    path = Path(argv[0]) if argv else SCHEMA_PATH
    path.write_text(render_sdl(), encoding="utf-8")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
