"""node(id) and nodes(ids): load any object by its global id."""

from __future__ import annotations

import strawberry

from backend.api.graphql.context import Info
from backend.api.graphql.relay import NODE_LOADERS, Node, parse_global_id
from backend.auth.rbac import Permission, require
from backend.core.errors import Invalid, NotFound

MAX_NODES = 100


async def _load(info: Info, global_id: str) -> Node | None:
    try:
        type_name, row_id = parse_global_id(global_id)
    except NotFound:
        return None
    loader = NODE_LOADERS.get(type_name)
    if loader is None:
        return None
    found: Node | None = await loader(info, row_id)
    return found


@strawberry.type
class NodeQueries:
    """Relay's object refetching."""

    @strawberry.field(description="Any object by global id; null when absent or not yours.")
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        """Another tenant's id answers null, exactly like an id that never existed."""
        require(info.context.require_principal(), Permission.READ)
        return await _load(info, id)

    @strawberry.field(description=f"Several objects by global id (at most {MAX_NODES}).")
    async def nodes(self, info: Info, ids: list[strawberry.ID]) -> list[Node | None]:
        """In the order asked; null for each id that is absent or not yours."""
        require(info.context.require_principal(), Permission.READ)
        if len(ids) > MAX_NODES:
            raise Invalid(f"at most {MAX_NODES} ids", field_errors={"ids": ["too many"]})
        return [await _load(info, global_id) for global_id in ids]
