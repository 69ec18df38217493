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

from server.domain import advice, agreements
from server.domain.contributions import from_home_icons
from server.domain.worksheet_ops import SELF_RATINGS
from server.guides import Guides
from server.permissions import public
from server.web.context import rugzak
from server.web.page_cache import generic_page
from server.worksheets import Catalog, Worksheet
from server.worksheets.model import GROUPS


def catalog_summary(catalog: Catalog, guides: Guides) -> str:
    return _page_json(catalog_data(catalog, guides))


def _page_json(data: dict[str, Any]) -> str:
    # Safe inside <script type="application/json">: no "</" can close the element.
    return json.dumps(data, ensure_ascii=False).replace("</", "<\\/")


def catalog_data(catalog: Catalog, guides: Guides) -> dict[str, Any]:
    """Worksheets and year plans for the home, as JSON inside the page: what the script needs
    to build "Nu doen", "Mijn werk" and "Mijn jaar" from the data on the device. The steps
    carry the child's wording only (the teacher's stays on the teacher's pages)."""
    data: dict[str, Any] = {
        "worksheets": {
            ws.id: {
                "title": ws.title,
                "kind": ws.kind,
                "groups": list(ws.groups),
                # An item is named by the pupil's answer to this field (else by its date).
                **({"title_from": ws.title_from} if ws.title_from else {}),
                # The first photo of these fields is the item's thumbnail.
                **({"photos": photos} if (photos := _photo_fields(ws)) else {}),
                # Made for one step: any item of it counts for that step (Catalog.step_of).
                **({"dedicated": True} if catalog.dedicated(ws.id) else {}),
            }
            for ws in catalog.worksheets.values()
        },
        "yearplans": {
            str(group): [
                {
                    "key": s.key,
                    "title": s.pupil_title,
                    "month": s.month,
                    "type": s.type,
                    **({"worksheet": s.worksheet} if s.worksheet else {}),
                }
                for s in plan.steps
            ]
            for group, plan in catalog.yearplans.items()
        },
        # Her conversations and agreements: the kinds in child words, the agreement questions.
        "talk_titles": {key: kind.child_title for key, kind in guides.kinds.items()},
        "agreement_questions": agreements.FIELDS,
        "advice_steps": advice.STEPS,
        "step_pictos": STEP_PICTOS,
        "kind_pictos": {kind: icon for kind, (_, _, icon) in KINDS.items()},
    }
    return data


def _photo_fields(ws: Worksheet) -> list[str]:
    return [f.name for s in ws.sections for f in s.fields if f.type == "photos"]


# The "Maken" tiles: one per kind of worksheet, with its pictogram and a line under it.
KINDS = {
    "zelfportret": ("Zelfportret", "Dit ben ik", "mood-smile-beam"),
    "thuisopdracht": ("Thuisopdracht", "Samen met je ouder", "home"),
    "ervaring": ("Iets meegemaakt", "Een uitje, een club, iets nieuws", "star"),
    "complimenten": ("Compliment", "Wat iemand goed vond aan jou", "heart"),
    "samen-doen": ("Samen doen", "Iets kiezen met je ouder", "heart-handshake"),
}
# What the script draws: step kinds, states and what "Nu doen" lists.
STEP_PICTOS = {
    "gesprek": "message-circle",
    "bijeenkomst": "users-group",
    "activiteit": "flag",
    "thuisopdracht": "home",
    "reflectie": "notes",
    "zelfportret": "mood-smile-beam",
}
SCRIPT_PICTOS = (
    "calendar-event",
    "check",
    "chevron-right",
    "circle-check",
    "circle-dashed",
    "alert-circle",
    "pencil",
    "photo",
    "users",
    "x",
)


def make_tiles(catalog: Catalog) -> list[dict[str, Any]]:
    """The tiles, in the order of KINDS. A kind with at most one sheet per group is one button
    (the script picks the sheet of the pupil's group); the others open a list to choose from."""
    tiles = []
    for kind, (title, sub, icon) in KINDS.items():
        sheets = [ws for ws in catalog.worksheets.values() if ws.kind == kind]
        if not sheets:
            continue
        per_group = {g: [ws.id for ws in sheets if g in ws.groups] for g in GROUPS}
        single = all(len(ids) <= 1 for ids in per_group.values())
        tiles.append(
            {
                "kind": kind,
                "title": title,
                "sub": sub,
                "icon": icon,
                "sheets": sorted(sheets, key=lambda ws: (bool(ws.template_for), ws.title)),
                "by_group": " ".join(f"{g}:{ids[0]}" for g, ids in per_group.items() if ids)
                if single
                else "",
            }
        )
    return tiles


@public
async def home(request: Request) -> Response:
    catalog = rugzak(request).catalog

    def context() -> dict[str, Any]:
        tiles = make_tiles(catalog)
        pictos = {
            *from_home_icons(catalog),
            *STEP_PICTOS.values(),
            *SCRIPT_PICTOS,
            *(t["icon"] for t in tiles),
        }
        return {
            "catalog_json": catalog_summary(catalog, rugzak(request).guides),
            "tiles": tiles,
            "script_pictos": sorted(pictos),
        }

    return await generic_page(request, "pupil/home.html", context)


@public
async def worksheet(request: Request) -> Response:
    catalog = rugzak(request).catalog
    ws = catalog.worksheets.get(request.path_params["worksheet_id"])
    if ws is None:
        raise HTTPException(404, "Dit werkblad bestaat niet.")
    return await generic_page(request, "pupil/worksheet.html", {"ws": ws})


def present_summary(catalog: Catalog, guides: Guides) -> str:
    """What the presentation page needs besides the home's catalogue: each sheet's text
    questions (a slide shows her answers to them) and per kind of conversation the pupil's
    checklist and whether she rates herself."""
    data = catalog_data(catalog, guides)
    for ws in catalog.worksheets.values():
        texts = [
            [f.name, f.label]
            for section in ws.sections
            for f in section.fields
            if f.type in ("text", "longtext") and f.writer != "parent"
        ]
        data["worksheets"][ws.id]["texts"] = texts[:PRESENT_TEXTS]
    data["talk_checklists"] = {key: list(kind.checklist) for key, kind in guides.kinds.items()}
    data["talk_rating"] = [key for key, kind in guides.kinds.items() if kind.self_rating]
    data["self_ratings"] = [[key, icon, words] for key, (icon, words) in SELF_RATINGS.items()]
    return _page_json(data)


PRESENT_TEXTS = 4  # answers on one slide: more would not fit a screen in large type


@public
async def present(request: Request) -> Response:
    """The presentation portfolio: she chooses and orders what she shows in a conversation,
    then presents it full screen, one item per screen, offline too."""
    app = rugzak(request)

    def context() -> dict[str, Any]:
        return {
            "catalog_json": present_summary(app.catalog, app.guides),
            "script_pictos": sorted(
                {*SCRIPT_PICTOS, "player-play", "arrow-left", "arrow-right"}
                | {icon for icon, _ in SELF_RATINGS.values()}  # the faces of her self-rating
            ),
        }

    return await generic_page(request, "pupil/present.html", context)


routes = [
    Route("/leerling", home),
    Route("/leerling/presenteren", present),
    Route("/leerling/werkblad/{worksheet_id}", worksheet),
]
