"""The teacher keeps an item from the family, or shows it again (server/domain/hiding.py)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from server.domain import hiding
from server.permissions import allow, can_manage_pupil, principal
from server.web.context import rugzak
from server.web.forms import read_form, text

STAFF = ("teacher", "admin")


def _back(request: Request) -> RedirectResponse:
    p = request.path_params
    return RedirectResponse(f"/leraar/leerling/{p['pupil_id']}/item/{p['item_id']}", 303)


def _staffer(request: Request) -> hiding.Staffer:
    me = principal(request)
    return hiding.Staffer(me.id, me.name, me.role)


@allow(*STAFF)
async def hide(request: Request) -> Response:
    app, me = rugzak(request), principal(request)
    form = await read_form(request)
    reason = text(form, "reason", hiding.MAX_REASON + 1)
    p = request.path_params
    await app.store.run(
        hiding.hide,
        app.store,
        p["pupil_id"],
        p["item_id"],
        reason,
        _staffer(request),
        lambda pupil: can_manage_pupil(me, pupil),
    )
    return _back(request)


@allow(*STAFF)
async def show(request: Request) -> Response:
    app, me = rugzak(request), principal(request)
    p = request.path_params
    await app.store.run(
        hiding.show,
        app.store,
        p["pupil_id"],
        p["item_id"],
        _staffer(request),
        lambda pupil: can_manage_pupil(me, pupil),
    )
    return _back(request)


routes = [
    Route("/leraar/leerling/{pupil_id}/item/{item_id}/verbergen", hide, methods=["POST"]),
    Route("/leraar/leerling/{pupil_id}/item/{item_id}/tonen", show, methods=["POST"]),
]
