"""Server-rendered views of a pupil's portfolio for teachers and parents, and printing.

Every page gathers its data in one thread hop (``_gather``): the pupil, class and school
from the school file, the permission check, then the pupil's items. Pages for parents only
ever receive items the pupil shared.

The two overview pages (a teacher's view of a pupil's portfolio, a parent's view of a child)
are opened most and cost most to build (year plan, growth picture, every item). They are
kept rendered, and gzipped, in a small cache. The permission check still runs on every
request; the cache key holds everything the page shows (the portfolio's revision, which goes
up with every change, the pupil, class and school details, the viewer), so a change anywhere
is a different key and a stale page is never served.
"""

from __future__ import annotations

import gzip
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from server.domain import contributions, planning, portfolio, school
from server.domain.growth import growth_for
from server.domain.principal import Principal
from server.infra.store import Database, Store, valid_id
from server.permissions import allow, can_see_item, can_see_pupil, principal, require
from server.web.context import Rugzak, rugzak
from server.web.templating import render
from server.worksheets import Catalog, Worksheet

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


# --- gathering data (runs in a worker thread) ---


@dataclass
class Gathered:
    pupil: dict[str, Any]
    allowed: bool
    cls: dict[str, Any] | None = None
    school_year: str = ""
    items: list[dict[str, Any]] = field(default_factory=list)
    item: dict[str, Any] | None = None
    part: dict[str, Any] | None = None  # the parent part shown with ``item`` (latest signed)
    paper: list[dict[str, Any]] = field(default_factory=list)  # home assignments on paper

    @property
    def group(self) -> int:
        return self.cls["group"] if self.cls else 0

    @property
    def name(self) -> str:
        return school.full_name(self.pupil)


def _gather(
    app: Rugzak,
    me: Principal,
    pupil_id: str,
    item_id: str | None = None,
    *,
    with_items: bool = True,
) -> Gathered | None:
    """The pupil (None when unknown), whether ``me`` may see them, and their items.

    The pupil's file is only read after the permission check passed.
    """
    if not valid_id(pupil_id, "p"):
        return None
    with app.store.school.transaction() as db:
        pupil = school.get_pupil(db, pupil_id)
        if pupil is None:
            return None
        if not can_see_pupil(me, pupil):
            return Gathered(pupil, allowed=False)
        cls = school.get_class(db, pupil["class_id"])
        year = school.info(db).get("school_year", "")
    data = Gathered(pupil, allowed=True, cls=cls, school_year=year)
    database = app.store.pupil(pupil_id)
    if item_id is not None:
        data.item = portfolio.item(database, item_id)
        if data.item is not None:
            # The parent's answers are their own documents; views show them in the item.
            data.part = contributions.merged(contributions.parts(database, item_id))
            ws = app.catalog.worksheets.get(data.item["worksheet"])
            data.item = contributions.with_parent_values(ws, data.item, data.part)
    elif with_items:
        data.items = portfolio.items(database)
    return data


class PageCache:
    """A small, thread-safe LRU of rendered pages: key -> (html, gzipped html)."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._pages: OrderedDict[Hashable, tuple[bytes, bytes]] = OrderedDict()
        self._lock = threading.Lock()
        # The store opens each file once per process, so its Database objects can be kept.
        self._databases: dict[str, Database] = {}

    def database(self, store: Store, pupil_id: str) -> Database:
        database = self._databases.get(pupil_id)
        if database is None:
            database = self._databases[pupil_id] = store.pupil(pupil_id)
        return database

    def get(self, key: Hashable) -> tuple[bytes, bytes] | None:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key: Hashable, body: bytes) -> tuple[bytes, bytes]:
        page = (body, gzip.compress(body, compresslevel=6, mtime=0))
        with self._lock:
            self._pages[key] = page
            self._pages.move_to_end(key)
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)
        return page


def page_cache(request: Request) -> PageCache:
    state = request.app.state
    cache = getattr(state, "portfolio_pages", None)
    if cache is None:
        cache = state.portfolio_pages = PageCache()
    return cache


def _gather_page(
    app: Rugzak, me: Principal, pupil_id: str, page: str, cache: PageCache
) -> tuple[Gathered | None, Hashable, tuple[bytes, bytes] | None]:
    """Like ``_gather``, but when the page is cached, its items are not even read."""
    data = _gather(app, me, pupil_id, with_items=False)
    if data is None or not data.allowed:
        return data, None, None
    pupil, cls = data.pupil, data.cls or {}
    database = cache.database(app.store, pupil_id)
    with database.transaction() as db:  # the revision and the items belong together
        rev = db.table("meta").by_id("rev")
        key = (
            page,
            pupil_id,
            rev["value"] if rev else 0,
            pupil["first_name"],
            pupil["last_name"],
            pupil["class_id"],
            cls.get("name"),
            cls.get("group"),
            data.school_year,
            me.id,
            me.role,
            me.name,
        )
        cached = cache.get(key)
        if cached is None:
            data.items = portfolio.items(database)
            data.paper = planning.paper_handins(database)
    return data, key, cached


async def _cached_page(request: Request, page: str, build: Callable[[Gathered], bytes]) -> Response:
    """Serve ``page`` for the pupil in the path from the cache, or build and keep it."""
    app, cache = rugzak(request), page_cache(request)
    pupil_id = request.path_params["pupil_id"]
    databases = [app.store.school]
    if valid_id(pupil_id, "p"):
        databases.append(cache.database(app.store, pupil_id))
    data, key, cached = await app.store.read(
        databases, _gather_page, app, principal(request), pupil_id, page, cache
    )
    if data is None:
        raise HTTPException(404)
    require(request, data.allowed)
    if cached is None:
        cached = cache.put(key, build(data))
    html, zipped = cached
    if "gzip" in request.headers.get("accept-encoding", ""):
        headers = {"content-encoding": "gzip", "vary": "Accept-Encoding"}
        return Response(zipped, media_type="text/html", headers=headers)
    return Response(html, media_type="text/html", headers={"vary": "Accept-Encoding"})


async def _load(
    request: Request, item_id: str | None = None, *, with_items: bool = True
) -> Gathered:
    """Gather for the pupil in the path; 404 when unknown, 403/404 when not allowed."""
    app = rugzak(request)
    data = await app.store.run(
        _gather,
        app,
        principal(request),
        request.path_params["pupil_id"],
        item_id,
        with_items=with_items,
    )
    if data is None:
        raise HTTPException(404)
    require(request, data.allowed)
    return data


async def _load_item(request: Request) -> tuple[Gathered, dict[str, Any], Worksheet]:
    """The item in the path, if ``me`` may see it (parents: only shared items)."""
    data = await _load(request, request.path_params["item_id"])
    item = data.item
    if item is None:
        raise HTTPException(404)
    require(request, can_see_item(principal(request), data.pupil, item))
    ws = rugzak(request).catalog.worksheets.get(item["worksheet"])
    if ws is None:
        raise HTTPException(404, "Dit werkblad bestaat niet (meer).")
    return data, item, ws


# --- shaping data for the templates ---


def _row(item: dict[str, Any], catalog: Catalog) -> dict[str, Any] | None:
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


def _rows(items: Iterable[dict[str, Any]], catalog: Catalog) -> list[dict[str, Any]]:
    rows = [row for row in (_row(item, catalog) for item in items) if row is not None]
    rows.sort(key=lambda r: r["changed"], reverse=True)
    return rows


def _by_year(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows grouped by school year, newest year first (rows keep their order)."""
    years: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        years.setdefault(row["school_year"], []).append(row)
    return [{"year": year, "items": years[year]} for year in sorted(years, reverse=True)]


def _plan(
    catalog: Catalog,
    group: int,
    items: list[dict[str, Any]],
    paper: list[dict[str, Any]],
    school_year: str,
) -> dict[str, Any] | None:
    """This group's year plan; steps that produce a worksheet say whether it is done (or
    was handed in on paper, signed at home)."""
    plan = catalog.yearplans.get(group)
    if plan is None:
        return None
    status_by_ws: dict[str, str] = {}
    for item in items:
        if item.get("group") != group:
            continue
        ws_id, status = item["worksheet"], item["values"].get("_status") or "bezig"
        if status_by_ws.get(ws_id) != "klaar":
            status_by_ws[ws_id] = status
    for d in paper:
        this_year = d.get("group") == group and d.get("school_year") == school_year
        if this_year and status_by_ws.get(d.get("worksheet")) != "klaar":
            status_by_ws[d["worksheet"]] = "papier"
    steps = []
    for step in plan.steps:
        state = status_by_ws.get(step.worksheet, "todo") if step.worksheet else ""
        steps.append({"step": step, "state": state})
    todo = sum(1 for s in steps if s["state"] == "todo")
    return {"plan": plan, "steps": steps, "todo": todo}


def _visible(data: Gathered, me: Principal) -> list[dict[str, Any]]:
    return [item for item in data.items if can_see_item(me, data.pupil, item)]


# --- teacher pages ---


def _html(request: Request, name: str, context: dict[str, Any]) -> bytes:
    return bytes(render(request, name, context).body)


@allow(*STAFF)
async def teacher_portfolio(request: Request) -> Response:
    """The pupil's portfolio as the teacher sees it: plan, growth, every item."""
    return await _cached_page(request, "teacher", lambda data: _teacher_page(request, data))


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
            "plan": _plan(catalog, data.group, data.items, data.paper, data.school_year),
            "growth": growth_for(data.items, catalog, f"Zo groeit {data.pupil['first_name']}"),
            "kinds": KIND_TITLES,
        },
    )


@allow(*STAFF)
async def teacher_item(request: Request) -> Response:
    data, item, ws = await _load_item(request)
    return render(
        request,
        "teacher/item.html",
        {"pupil": data.pupil, "name": data.name, "row": _row(item, rugzak(request).catalog),
         "item": item, "ws": ws},
    )  # fmt: skip


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


# --- parent pages ---


@allow("parent")
async def parent_child(request: Request) -> Response:
    return await _cached_page(request, "parent", lambda data: _parent_page(request, data))


def _parent_page(request: Request, data: Gathered) -> bytes:
    catalog = rugzak(request).catalog
    shared = _visible(data, principal(request))
    rows = _rows(shared, catalog)
    return _html(
        request,
        "parent/child.html",
        {
            "pupil": data.pupil,
            "name": data.name,
            "cls": data.cls,
            "years": _by_year(rows),
            "count": len(rows),
            "growth": growth_for(shared, catalog, f"Zo groeit {data.pupil['first_name']}"),
        },
    )


@allow("parent")
async def parent_item(request: Request) -> Response:
    data, item, ws = await _load_item(request)
    return render(
        request,
        "parent/item.html",
        {"pupil": data.pupil, "name": data.name, "row": _row(item, rugzak(request).catalog),
         "item": item, "ws": ws, "part": data.part,
         "has_part": contributions.has_parent_part(ws)},
    )  # fmt: skip


# --- printing ---


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
    data, item, ws = await _load_item(request)
    me = principal(request)
    return render(
        request,
        "print/item.html",
        {
            "pupil": data.pupil,
            "name": data.name,
            "row": _row(item, rugzak(request).catalog),
            "item": item,
            "ws": ws,
            "back": _back(me, data.pupil["id"], item["id"]),
        },
    )


@allow(*STAFF, "pupil")
async def print_booklet(request: Request) -> Response:
    data = await _load(request)
    catalog = rugzak(request).catalog
    entries = []
    for item in data.items:
        row = _row(item, catalog)
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
            "growth": growth_for(data.items, catalog, "Zo groei ik", table=False),
            "back": _back(principal(request), data.pupil["id"]),
        },
    )


routes = [
    Route("/leraar/werkbladen", worksheet_list),
    Route("/leraar/leerling/{pupil_id}/rugzak", teacher_portfolio),
    Route("/leraar/leerling/{pupil_id}/item/{item_id}", teacher_item),
    Route("/ouder/kind/{pupil_id}", parent_child),
    Route("/ouder/kind/{pupil_id}/item/{item_id}", parent_item),
    Route("/print/werkblad/{worksheet_id}", print_blank),
    Route("/print/leerling/{pupil_id}/item/{item_id}", print_item),
    Route("/print/leerling/{pupil_id}/boekje", print_booklet),
]
