"""Server-rendered views of a pupil's portfolio for teachers and parents.

Every page gathers its data in one thread hop (``server/domain/viewing.py``): the pupil,
class and school from the school file, the permission check, then the pupil's items. Pages
for parents only ever receive items the pupil shared. The two overview pages are kept
rendered (``server/web/page_cache.py``).
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from server.domain import contributions
from server.domain.growth import MSG_CHILD
from server.domain.growth_items import growth_for
from server.domain.principal import Principal
from server.domain.records import Item
from server.domain.viewing import Gathered, plan_progress
from server.infra import i18n
from server.permissions import allow, can_see_item, principal
from server.web.context import rugzak
from server.web.locale import language_of
from server.web.page_cache import cached_page
from server.web.pupil_access import load_item
from server.web.routes.access import log_kept_view, log_view
from server.web.templating import render
from server.worksheets import Catalog

STAFF = ("teacher", "admin")
KINDS = ("zelfportret", "thuisopdracht", "ervaring", "complimenten", "samen-doen")
KIND_TITLES = {
    "zelfportret": "Zelfportretten",
    "thuisopdracht": "Thuisopdrachten (samen met een ouder)",
    "ervaring": "Ervaringen",
    "complimenten": "Complimenten",
    "samen-doen": "Samen doen",
}
STATUS_LABELS = {"klaar": "Klaar", "bezig": "Nog bezig"}


# --- shaping data for the templates ---


def row_of(item: Item, catalog: Catalog) -> dict[str, Any] | None:
    ws = catalog.worksheets.get(item["worksheet"])
    if ws is None:
        return None
    values = item["values"]
    status = values.get("_status") or "bezig"
    return {
        "id": item["id"],
        "title": values.get("_title") or ws.title,
        "ws_title": ws.title,
        "kind": ws.kind,
        "group": item.get("group"),
        "school_year": item.get("school_year") or "",
        "status": status,
        "status_label": STATUS_LABELS.get(status, status),
        "shared": bool(values.get("_shared")),
        "changed": item.get("updated_at") or item.get("created_at") or "",
    }


def _rows(items: list[Item], catalog: Catalog) -> list[dict[str, Any]]:
    rows = [row for row in (row_of(item, catalog) for item in items) if row is not None]
    rows.sort(key=lambda r: r["changed"], reverse=True)
    return rows


def _by_year(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows grouped by school year, newest year first (rows keep their order)."""
    years: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        years.setdefault(row["school_year"], []).append(row)
    return [{"year": year, "items": years[year]} for year in sorted(years, reverse=True)]


def _visible(data: Gathered, me: Principal) -> list[dict[str, Any]]:
    return [item for item in data.items if can_see_item(me, data.pupil, item)]


# --- teacher pages ---


def _html(request: Request, name: str, context: dict[str, Any]) -> bytes:
    return bytes(render(request, name, context).body)


@allow(*STAFF)
async def teacher_portfolio(request: Request) -> Response:
    """The pupil's portfolio as the teacher sees it: plan, growth, every item."""
    await log_kept_view(request, "portfolio")  # a kept page is a view all the same
    return await cached_page(request, "teacher", lambda data: _teacher_page(request, data))


def _teacher_page(request: Request, data: Gathered) -> bytes:
    catalog = rugzak(request).catalog
    rows = _rows(data.items, catalog)
    return _html(
        request,
        "teacher/portfolio.html",
        {
            "pupil": data.pupil,
            "name": data.name,
            "cls": data.cls,
            "years": _by_year(rows),
            "count": len(rows),
            "plan": plan_progress(catalog, data.group, data.items, data.paper, data.school_year),
            "growth": growth_for(
                data.items, catalog, MSG_CHILD % {"name": data.pupil["first_name"]}
            ),
            "kinds": KIND_TITLES,
        },
    )


async def _item_page(request: Request, template: str, parent: bool = False) -> Response:
    """One item of the pupil in the path (parents: with their part of it)."""
    data, item, ws = await load_item(request)
    await log_view(request, data.pupil["id"], "item", item["id"])
    ctx = {"pupil": data.pupil, "name": data.name, "item": item, "ws": ws}
    ctx["row"] = row_of(item, rugzak(request).catalog)
    if parent:
        ctx.update(part=data.part, has_part=contributions.has_parent_part(ws))
    return render(request, template, ctx)


@allow(*STAFF)
async def teacher_item(request: Request) -> Response:
    return await _item_page(request, "teacher/item.html")


# --- parent pages ---


@allow("parent")
async def parent_child(request: Request) -> Response:
    await log_kept_view(request, "portfolio")
    return await cached_page(request, "parent", lambda data: _parent_page(request, data))


def _parent_page(request: Request, data: Gathered) -> bytes:
    catalog = rugzak(request).catalog
    shared = _visible(data, principal(request))
    rows = _rows(shared, catalog)
    lang = language_of(request)
    title = i18n.translate(MSG_CHILD, lang) % {"name": data.pupil["first_name"]}
    return _html(
        request,
        "parent/child.html",
        {
            "pupil": data.pupil,
            "name": data.name,
            "cls": data.cls,
            "years": _by_year(rows),
            "count": len(rows),
            "growth": growth_for(shared, catalog, title, lang=lang),
        },
    )


@allow("parent")
async def parent_item(request: Request) -> Response:
    return await _item_page(request, "parent/item.html", parent=True)


routes = [
    Route("/leraar/leerling/{pupil_id}/rugzak", teacher_portfolio),
    Route("/leraar/leerling/{pupil_id}/item/{item_id}", teacher_item),
    Route("/ouder/kind/{pupil_id}", parent_child),
    Route("/ouder/kind/{pupil_id}/item/{item_id}", parent_item),
]
