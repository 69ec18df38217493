"""Printing: blank worksheets for paper, one item, and a pupil's whole booklet."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from server.domain import export
from server.domain.export import Collected
from server.domain.growth import MSG_ME
from server.domain.growth_items import growth_for
from server.domain.principal import Principal
from server.infra import i18n
from server.permissions import allow, can_see_item, principal
from server.web.context import rugzak
from server.web.locale import language_of
from server.web.pupil_access import load, load_item
from server.web.routes.access import log_view
from server.web.routes.portfolio_views import KIND_TITLES, KINDS, STAFF, row_of
from server.web.static import PWA_DIR
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
    data = await load(request, with_items=False)
    await log_view(request, data.pupil["id"], "portfolio")
    c = await collected(request, data.pupil["id"])
    back = _back(principal(request), data.pupil["id"])
    return render(request, "print/booklet.html", booklet_context(request, c, "", back))


# --- the booklet: in the browser, in the export's ZIP and as the PDF (one template) ---


async def collected(request: Request, pupil_id: str) -> Collected:
    """The pupil's export for the principal (call it after ``load``: she may see the pupil).
    A parent gets what the child shared and her teacher did not hide; staff everything."""
    app, me = rugzak(request), principal(request)
    return await app.store.run(
        export.collect,
        app.store,
        app.catalog,
        pupil_id,
        lambda pupil, item: can_see_item(me, pupil, item),
        staff=me.role in STAFF,
    )


PICTO_STROKES = (
    'fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" '
    'stroke-linejoin="round"'
)


@cache
def _app_css() -> str:
    """Both stylesheets a print page links (adult.css holds the print rules)."""
    return "\n".join((PWA_DIR / "css" / f"{n}.css").read_text("utf-8") for n in ("app", "adult"))


def booklet_context(request: Request, c: Collected, mode: str, back: str = "") -> dict[str, Any]:
    """``mode``: "" the print page (the app's stylesheet), "html" the ZIP's self-contained
    booklet, "pdf" the same for WeasyPrint (print CSS: a page per section, page numbers)."""
    catalog = rugzak(request).catalog
    lang = language_of(request)
    sections: dict[str, dict[str, Any]] = {
        key: {"key": key, "title": title, "entries": []} for key, title in export.SECTIONS.items()
    }
    for item in c.items:
        ws = catalog.worksheets[item["worksheet"]]
        row = row_of(item, catalog)
        sections[export.section_of(ws)]["entries"].append((row, item, ws))
    doc = export.document(c, catalog)
    home = {
        kind: [e for e in doc["from_home"] if e["kind"] == kind]
        for kind in ("compliment", "samen-doen")
    }
    filled = {
        "complimenten": bool(home["compliment"]),
        "samen-doen": bool(home["samen-doen"]),
        "gesprekken": bool(doc["conversations"]),
        "advies": bool(doc["advice"] or doc["school_choice"]["shortlist"]),
    }
    shown = [s for key, s in sections.items() if s["entries"] or filled.get(key)]
    rows = [row for s in sections.values() for row, _, _ in s["entries"]]
    title = i18n.translate(MSG_ME, lang)
    return {
        "pupil": c.pupil,
        "name": c.name,
        "cls": c.cls,
        "school": c.school_name or request.app.state.school_name,
        "years": sorted({r["school_year"] for r in rows if r["school_year"]}),
        "groups": sorted({r["group"] for r in rows if isinstance(r["group"], int)}),
        "sections": shown,
        "home": home,
        "doc": doc,
        "growth": growth_for(c.items, catalog, title, table=False, lang=lang),
        "back": back,
        "export": mode,
        "app_css": _app_css() if mode else "",
    }


def booklet_html(request: Request, c: Collected, mode: str) -> str:
    """The booklet as one self-contained page: the photos at their place in the ZIP
    (media/…, loaded at once: a lazy image may never load in a file viewer)."""
    html = bytes(render(request, "print/booklet.html", booklet_context(request, c, mode)).body)
    text = html.decode("utf-8")
    photo = re.compile(rf'src="/media/{re.escape(c.pupil["id"])}/([0-9a-f]{{64}})/klein"')
    text = photo.sub(lambda m: f'src="{export.photo_file(m.group(1))}"', text)
    # The pictograms' strokes as attributes too: WeasyPrint's SVG reads no page CSS.
    text = text.replace('<svg class="picto', f'<svg {PICTO_STROKES} class="picto')
    return text.replace(' loading="lazy"', "")


routes = [
    Route("/leraar/werkbladen", worksheet_list),
    Route("/print/werkblad/{worksheet_id}", print_blank),
    Route("/print/leerling/{pupil_id}/item/{item_id}", print_item),
    Route("/print/leerling/{pupil_id}/boekje", print_booklet),
]
