"""The admin's catalogue of secondary schools: upload DUO's file, list the schools, add
what DUO does not know (profiles, concepts, size, open days, a correction of the levels)."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from server.domain import vo_schools
from server.domain.errors import Invalid
from server.permissions import allow
from server.web.context import rugzak
from server.web.forms import read_form, text
from server.web.templating import no_store, render

MAX_FILE = 4 * 1024 * 1024  # DUO's national file is some 600 KB
EXTRA_OPEN_DAYS = 2  # empty rows under the saved open days
LEVEL_NAMES = {
    "praktijkonderwijs": "Praktijkonderwijs",
    "vmbo-bk": "vmbo basis/kader",
    "vmbo-gt": "vmbo gemengd/theoretisch",
    "havo": "havo",
    "vwo-atheneum": "vwo atheneum",
    "vwo-gymnasium": "vwo gymnasium",
}
CHOICES = {
    "level_names": LEVEL_NAMES,
    "profile_names": vo_schools.PROFILES,
    "concept_names": vo_schools.CONCEPTS,
    "size_names": vo_schools.SIZES,
}


async def _list_page(request: Request, status: int = 200, **extra: Any) -> Response:
    app = rugzak(request)
    gemeente = request.query_params.get("gemeente", "")[:80]
    name = request.query_params.get("naam", "")[:80]
    schools = await app.store.run(vo_schools.list_schools, app.store.school, gemeente, name)
    ctx = {
        "schools": schools,
        "gemeenten": await app.store.run(vo_schools.gemeenten, app.store.school),
        "gemeente": gemeente,
        "naam": name,
        "problems": [],
        "error": "",
        "report": None,
        "wanted": "",
        **CHOICES,
        **extra,
    }
    return no_store(render(request, "admin/vo_schools.html", ctx, status=status))


@allow("admin")
async def catalogue(request: Request) -> Response:
    return await _list_page(request)


@allow("admin")
async def upload(request: Request) -> Response:
    """All or nothing: a broken line is shown with its number and nothing is imported."""
    app = rugzak(request)
    form = await read_form(request, max_part_size=MAX_FILE)
    try:
        file = form.get("file")
        data = b""
        if isinstance(file, UploadFile) and file.filename:
            data = await file.read(MAX_FILE + 1)
    finally:
        await form.close()
    wanted = text(form, "gemeenten", 400)
    gemeenten = [g.strip() for g in wanted.split(",") if g.strip()]
    if not isinstance(file, UploadFile) or not file.filename:
        return await _list_page(request, 400, error="Kies eerst het CSV-bestand van DUO.")
    if len(data) > MAX_FILE:
        return await _list_page(request, 413, error="Dit bestand is te groot (hoogstens 4 MB).")
    try:
        schools = await app.store.run(vo_schools.parse, data)
        report = await app.store.run(
            vo_schools.import_schools, app.store.school, schools, gemeenten
        )
    except vo_schools.BrokenFile as e:
        return await _list_page(
            request,
            400,
            error="Er is niets ingelezen.",
            problems=e.problems,
            wanted=wanted,
        )
    except Invalid as e:
        return await _list_page(
            request, e.status, error=f"{e.message} Er is niets ingelezen.", wanted=wanted
        )
    return await _list_page(request, report=report, wanted=wanted)


def _open_day_rows(form: FormData) -> list[dict[str, str]]:
    """The form's open-day rows: four inputs per row, in the order of the page."""
    columns = {
        key: [v if isinstance(v, str) else "" for v in form.getlist(f"od_{key}")][:50]
        for key in ("date", "time", "place", "link")
    }
    count = max(len(values) for values in columns.values())
    return [
        {key: (values[i] if i < len(values) else "")[:300] for key, values in columns.items()}
        for i in range(count)
    ]


def _strings(form: FormData, name: str) -> list[str]:
    return [v for v in form.getlist(name) if isinstance(v, str)][:50]


def _school_page(
    request: Request, school: dict[str, Any], error: str = "", status: int = 200
) -> Response:
    empty = dict.fromkeys(("date", "time", "place", "link"), "")
    days = [*school["open_days"], *(empty for _ in range(EXTRA_OPEN_DAYS))]
    ctx = {"s": school, "days": days, "error": error, **CHOICES}
    return no_store(render(request, "admin/vo_school.html", ctx, status=status))


@allow("admin")
async def school_form(request: Request) -> Response:
    app = rugzak(request)
    school = await app.store.run(
        vo_schools.get_school, app.store.school, request.path_params["item_id"]
    )
    return _school_page(request, school)


@allow("admin")
async def school_save(request: Request) -> Response:
    app = rugzak(request)
    code = request.path_params["item_id"]
    school = await app.store.run(vo_schools.get_school, app.store.school, code)
    form = await read_form(request)
    choices = {
        "profiles": _strings(form, "profiles"),
        "concepts": _strings(form, "concepts"),
        "size": text(form, "size", 20),
        "days": _open_day_rows(form),
        "chosen_levels": _strings(form, "levels"),
    }
    try:
        await app.store.run(vo_schools.update_by_hand, app.store.school, code, **choices)
    except Invalid as e:  # shown above the form, with what was typed
        typed = {
            **school,
            "profiles": choices["profiles"],
            "concepts": choices["concepts"],
            "size": choices["size"],
            "levels": choices["chosen_levels"],
            "open_days": [d for d in choices["days"] if any(d.values())],
        }
        return _school_page(request, typed, e.message, e.status)
    return RedirectResponse(f"/beheer/vo-scholen/{code}?opgeslagen=1", status_code=303)


routes = [
    Route("/beheer/vo-scholen", catalogue),
    Route("/beheer/vo-scholen", upload, methods=["POST"]),
    Route("/beheer/vo-scholen/{item_id}", school_form),
    Route("/beheer/vo-scholen/{item_id}", school_save, methods=["POST"]),
]
