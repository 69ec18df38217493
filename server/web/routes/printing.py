"""Printing: blank worksheets for paper, one item, and a pupil's whole booklet."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from server.domain.growth import MSG_ME
from server.domain.growth_items import growth_for
from server.domain.principal import Principal
from server.permissions import allow, principal
from server.web.context import rugzak
from server.web.pupil_access import load, load_item
from server.web.routes.access import log_view
from server.web.routes.portfolio_views import KIND_TITLES, KINDS, STAFF, row_of
from server.web.templating import render
from server.worksheets import Worksheet


@allow(*STAFF)
async def worksheet_list(request: Request) -> Response:
    catalog = rugzak(request).catalog
    by_kind: dict[str, list[Worksheet]] = {kind: [] for kind in KINDS}
    for ws in sorted(catalog.worksheets.values(), key=lambda w: (w.groups, w.title)):
        by_kind.setdefault(ws.kind, []).append(ws)
    return render(
        request,
        "print/index.html",
        {"by_kind": [(KIND_TITLES.get(k, k), v) for k, v in by_kind.items() if v]},
    )


def _back(me: Principal, pupil_id: str = "", item_id: str = "") -> str:
    if me.role == "parent":
        if pupil_id and item_id:
            return f"/ouder/kind/{pupil_id}/item/{item_id}"
        return f"/ouder/kind/{pupil_id}" if pupil_id else "/ouder"
    if me.role == "pupil":
        return "/leerling"
    if pupil_id and item_id:
        return f"/leraar/leerling/{pupil_id}/item/{item_id}"
    return f"/leraar/leerling/{pupil_id}/rugzak" if pupil_id else "/leraar/werkbladen"


@allow(*STAFF)
async def print_blank(request: Request) -> Response:
    ws = rugzak(request).catalog.worksheets.get(request.path_params["worksheet_id"])
    if ws is None:
        raise HTTPException(404, "Dit werkblad bestaat niet.")
    return render(request, "print/blank.html", {"ws": ws, "back": _back(principal(request))})


@allow(*STAFF, "pupil", "parent")
async def print_item(request: Request) -> Response:
    data, item, ws = await load_item(request)
    await log_view(request, data.pupil["id"], "item", item["id"])
    me = principal(request)
    return render(
        request,
        "print/item.html",
        {
            "pupil": data.pupil,
            "name": data.name,
            "row": row_of(item, rugzak(request).catalog),
            "item": item,
            "ws": ws,
            "back": _back(me, data.pupil["id"], item["id"]),
        },
    )


@allow(*STAFF, "pupil")
async def print_booklet(request: Request) -> Response:
    data = await load(request)
    await log_view(request, data.pupil["id"], "portfolio")
    catalog = rugzak(request).catalog
    entries = []
    for item in data.items:
        row = row_of(item, catalog)
        if row is not None:
            entries.append((row, item, catalog.worksheets[item["worksheet"]]))
    # A book reads from the start: oldest school year and item first.
    entries.sort(key=lambda e: (e[0]["school_year"], e[1].get("created_at") or ""))
    years = sorted({row["school_year"] for row, _, _ in entries if row["school_year"]})
    groups = sorted({row["group"] for row, _, _ in entries if isinstance(row["group"], int)})
    return render(
        request,
        "print/booklet.html",
        {
            "pupil": data.pupil,
            "name": data.name,
            "cls": data.cls,
            "years": years,
            "groups": groups,
            "entries": entries,
            "growth": growth_for(data.items, catalog, MSG_ME, table=False),
            "back": _back(principal(request), data.pupil["id"]),
        },
    )


routes = [
    Route("/leraar/werkbladen", worksheet_list),
    Route("/print/werkblad/{worksheet_id}", print_blank),
    Route("/print/leerling/{pupil_id}/item/{item_id}", print_item),
    Route("/print/leerling/{pupil_id}/boekje", print_booklet),
]
