"""``python -m backend.api.rest``: rewrite docs/openapi/v1.json from the code."""

from __future__ import annotations

from pathlib import Path

from backend.api.rest.openapi import document_text
from backend.api.rest.routes import document

COMMITTED = Path(__file__).resolve().parents[3] / "docs" / "openapi" / "v1.json"

if __name__ == "__main__":
    COMMITTED.parent.mkdir(parents=True, exist_ok=True)
    COMMITTED.write_text(document_text(document()), encoding="utf-8")
    print(f"wrote {COMMITTED}")
