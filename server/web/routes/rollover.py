"""The admin's new school year (preview, recompose the classes, confirm) and the pupils'
import with a preview (by pupil number). Only the admin: these change the whole school."""

from __future__ import annotations

import base64
import binascii
from datetime import date

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from server.domain import csv_import, rollover, rollover_form
from server.domain.errors import Invalid
from server.infra import passwords
from server.permissions import allow
from server.web.context import rugzak
from server.web.forms import read_form, read_upload, text
from server.web.templating import no_store, render

MSG_NO_FILE = "Kies eerst een CSV-bestand."
MSG_TOO_BIG = "Dit bestand is te groot."
MSG_NOTHING = "Er is niets ingelezen."
PLAN_BYTES = 256 * 1024  # a plan names every pupil who stays: ~20 bytes each
MSG_AGAIN = "Dit bestand kan niet meer gelezen worden. Kies het bestand opnieuw."


def _today() -> date:
    return date.today()


async def _preview(
    request: Request, plan: rollover.Plan, error: str = "", status: int = 200
) -> Response:
    app = rugzak(request)
    page = await app.store.run(rollover_form.preview, app.store.school, plan)
    early = rollover.is_early(plan.from_year, _today())
    return render(
        request, "admin/rollover.html", {**page, "early": early, "error": error}, status=status
    )


async def _default_preview(request: Request, error: str = "", status: int = 200) -> Response:
    app = rugzak(request)
    try:
        plan = await app.store.run(rollover.default_plan, app.store.school, _today())
        return await _preview(request, plan, error, status)
    except Invalid as e:  # no school year yet, or the last rollover was recent
        blocked = 200 if request.method == "GET" else 400
        return render(request, "admin/rollover_blocked.html", {"error": e.message}, status=blocked)


@allow("admin")
async def preview(request: Request) -> Response:
    """What the new school year will be when every class moves up as it is."""
    return await _default_preview(request)


@allow("admin")
async def confirm(request: Request) -> Response:
    app = rugzak(request)
    form = await read_form(request, max_part_size=PLAN_BYTES)
    try:
        plan = rollover.Plan.from_json(text(form, "plan", PLAN_BYTES))
        done = await app.store.run(
            rollover.apply, app.store.school, plan, _today(), form.get("early_ok") == "ja"
        )
    except Invalid as e:
        return await _default_preview(request, e.message, 400)
    return render(request, "admin/rollover_done.html", {"done": done})


def _fields(form: FormData) -> dict[str, list[str]]:
    return {key: [v for v in form.getlist(key) if isinstance(v, str)] for key in form}


async def _classes_page(
    request: Request, plan: rollover.Plan, error: str = "", status: int = 200
) -> Response:
    app = rugzak(request)
    state = await app.store.run(rollover_form.form_state, app.store.school, plan, error)
    return render(request, "admin/rollover_classes.html", state, status=status)


@allow("admin")
async def classes_form(request: Request) -> Response:
    """Recompose the classes: per class its name and teachers, per pupil her new class."""
    app = rugzak(request)
    if request.method == "GET":
        try:
            plan = await app.store.run(rollover.default_plan, app.store.school, _today())
        except Invalid as e:
            return render(request, "admin/rollover_blocked.html", {"error": e.message})
        return await _classes_page(request, plan)
    form = await read_form(request, max_part_size=PLAN_BYTES)
    add = form.get("action") == "klas-erbij"
    plan, error = await app.store.run(
        rollover_form.read_form, app.store.school, _today(), _fields(form), add
    )
    if error == rollover.MSG_STALE:
        return await _default_preview(request, error, 400)
    if add or error:
        return await _classes_page(request, plan, error, 400 if error else 200)
    return await _preview(request, plan)


# --- the pupils' import, with a preview ---


def _import_page(request: Request, errors: list[csv_import.LineError], error: str, status: int):
    return render(request, "admin/import.html", {"errors": errors, "error": error}, status=status)


def _everyone(_class_id: str) -> bool:
    return True  # the admin manages every class


@allow("admin")
async def import_form(request: Request) -> Response:
    return _import_page(request, [], "", 200)


@allow("admin")
async def import_preview(request: Request) -> Response:
    """The file read and checked: what each line will do. Nothing is written yet."""
    app = rugzak(request)
    limit = app.settings.limits.max_form_bytes
    data = await read_upload(request, "file", limit)
    if not data:
        return _import_page(request, [], MSG_NO_FILE, 400)
    if len(data) > limit:
        return _import_page(request, [], MSG_TOO_BIG, 413)
    rows, errors = await app.store.run(csv_import.parse, data)
    if not errors:
        outcomes, errors = await app.store.run(
            csv_import.preview, app.store.school, rows, _everyone, True
        )
    if errors:
        return _import_page(request, errors, MSG_NOTHING, 400)
    encoded = base64.b64encode(data).decode()
    return render(request, "admin/import_preview.html", {"rows": outcomes, "data": encoded})


@allow("admin")
async def import_confirm(request: Request) -> Response:
    app = rugzak(request)
    limit = app.settings.limits.max_form_bytes
    form = await read_form(request, max_part_size=limit * 2)
    try:
        data = base64.b64decode(text(form, "data", limit * 2), validate=True)
    except (binascii.Error, ValueError):
        data = b""
    if not data or len(data) > limit:
        return _import_page(request, [], MSG_AGAIN, 400)
    rows, errors = await app.store.run(csv_import.parse, data)
    if errors:
        return _import_page(request, errors, MSG_NOTHING, 400)
    pins = [passwords.new_pin() for _ in rows]
    hashes = [
        await app.store.run(passwords.hash_secret, pin, app.settings.hash_cost) for pin in pins
    ]
    outcomes, errors = await app.store.run(
        csv_import.apply_rows, app.store.school, rows, hashes, _everyone, True
    )
    if errors:
        return _import_page(request, errors, MSG_NOTHING, 400)
    for outcome, pin in zip(outcomes, pins, strict=True):
        outcome["pin"] = pin if outcome["action"] == "new" else ""  # type: ignore[typeddict-unknown-key]
    ctx = {"rows": outcomes, "back": "/beheer", "back_label": "Naar beheer"}
    return no_store(render(request, "teacher/import_done.html", ctx))  # the PINs, once


routes = [
    Route("/beheer/nieuw-schooljaar", preview),
    Route("/beheer/nieuw-schooljaar", confirm, methods=["POST"]),
    Route("/beheer/nieuw-schooljaar/klassen", classes_form, methods=["GET", "POST"]),
    Route("/beheer/leerlingen-inlezen", import_form),
    Route("/beheer/leerlingen-inlezen", import_preview, methods=["POST"]),
    Route("/beheer/leerlingen-inlezen/bevestigen", import_confirm, methods=["POST"]),
]
