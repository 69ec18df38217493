"""The pupil's pages. They carry no personal data: the pupil's portfolio travels as JSON
(/api/mij) into the device's IndexedDB and pwa/js binds it into these pages, so the same
pages can be cached for every pupil on a shared tablet and work offline.

They are public on purpose: a new version of the app must be able to keep them on a tablet
whoever is signed in there (or nobody), and who may see what is decided where the data is,
by /api/mij. With nobody signed in on the device, the page sends the child to sign in.
So each page is rendered once per build and language (``page_cache.generic_page``)."""

from __future__ import annotations

import json
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from server.domain.contributions import from_home_icons
from server.permissions import public
from server.web.context import rugzak
from server.web.page_cache import generic_page
from server.worksheets import Catalog


def catalog_summary(catalog: Catalog) -> str:
    """Worksheets and year plans for the overview, as JSON inside the page."""
    data: dict[str, Any] = {
        "worksheets": {
            ws.id: {"title": ws.title, "kind": ws.kind, "groups": list(ws.groups)}
            for ws in catalog.worksheets.values()
        },
        "yearplans": {
            str(group): [
                {
                    "key": s.key,
                    "title": s.title,
                    "month": s.month,
                    "type": s.type,
                    "worksheet": s.worksheet,
                }
                for s in plan.steps
            ]
            for group, plan in catalog.yearplans.items()
        },
    }
    # Safe inside <script type="application/json">: no "</" can close the element.
    return json.dumps(data, ensure_ascii=False).replace("</", "<\\/")


KIND_TITLES = {
    "zelfportret": "Zelfportret",
    "thuisopdracht": "Thuisopdracht (samen met je ouder)",
    "ervaring": "Iets meegemaakt",
    "complimenten": "Compliment",
    "samen-doen": "Samen doen",
}


@public
async def home(request: Request) -> Response:
    catalog = rugzak(request).catalog

    def context() -> dict[str, Any]:
        groups: dict[str, list] = {}
        for ws in catalog.worksheets.values():
            groups.setdefault(ws.kind, []).append(ws)
        return {
            "catalog_json": catalog_summary(catalog),
            "kinds": KIND_TITLES,
            "by_kind": groups,
            "from_home_pictos": from_home_icons(catalog),
        }

    return await generic_page(request, "pupil/home.html", context)


@public
async def worksheet(request: Request) -> Response:
    catalog = rugzak(request).catalog
    ws = catalog.worksheets.get(request.path_params["worksheet_id"])
    if ws is None:
        raise HTTPException(404, "Dit werkblad bestaat niet.")
    return await generic_page(request, "pupil/worksheet.html", {"ws": ws})


routes = [
    Route("/leerling", home),
    Route("/leerling/werkblad/{worksheet_id}", worksheet),
]
