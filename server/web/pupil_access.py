"""The pupil (and item) a page's path names, read only once the principal may see them:
404 when unknown, 403 for staff and 404 for pupils and parents when not theirs."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request

from server.domain import viewing
from server.domain.records import Item
from server.domain.viewing import Gathered
from server.permissions import can_see_item, can_see_pupil, principal, require
from server.web.context import rugzak
from server.worksheets import Worksheet


async def load(
    request: Request, item_id: str | None = None, *, with_items: bool = True
) -> Gathered:
    """The pupil in the path with their items (or the one item ``item_id``)."""
    app, me = rugzak(request), principal(request)
    data = await app.store.run(
        viewing.gather,
        app.store,
        app.catalog,
        request.path_params["pupil_id"],
        lambda pupil: can_see_pupil(me, pupil),
        item_id,
        with_items=with_items,
    )
    if data is None:
        raise HTTPException(404)
    require(request, data.allowed)
    return data


async def load_item(request: Request) -> tuple[Gathered, Item, Worksheet]:
    """The item in the path, if the principal may see it (parents: only shared items)."""
    data = await load(request, request.path_params["item_id"])
    item = data.item
    if item is None:
        raise HTTPException(404)
    require(request, can_see_item(principal(request), data.pupil, item))
    ws = rugzak(request).catalog.worksheets.get(item["worksheet"])
    if ws is None:
        raise HTTPException(404, "Dit werkblad bestaat niet (meer).")
    return data, item, ws
