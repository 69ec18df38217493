"""Teachers (their own classes) and admins (the whole school): classes, pupils, PINs,
invitation codes and the CSV import."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from server.domain import classes, csv_import, school
from server.infra import passwords
from server.permissions import (
    allow,
    can_manage_class,
    can_manage_pupil,
    principal,
    require,
)
from server.web.context import rugzak
from server.web.forms import read_form, read_upload, text
from server.web.locale import language_of
from server.web.page_cache import kept
from server.web.templating import no_store, render

STAFF = ("teacher", "admin")


def _managing(request: Request):
    me = principal(request)
    return lambda class_id: can_manage_class(me, class_id)


@allow(*STAFF)
async def dashboard(request: Request) -> Response:
    app = rugzak(request)
    rows = await app.store.run(classes.overview, app.store.school, _managing(request))
    locked_now = app.pins.locked_pupils()
    listed = [
        {**r["cls"], "count": len(r["pupil_ids"]), "locked": len(locked_now & {*r["pupil_ids"]})}
        for r in rows
    ]
    return render(request, "teacher/dashboard.html", {"classes": listed})


def _check_class(request: Request, class_id: str) -> None:
    require(request, can_manage_class(principal(request), class_id))


@allow(*STAFF)
async def class_page(request: Request) -> Response:
    app = rugzak(request)
    class_id = request.path_params["class_id"]
    _check_class(request, class_id)
    locked_now = frozenset(app.pins.locked_pupils())

    async def build() -> Response:
        page = await app.store.run(classes.class_page, app.store.school, class_id)
        for p in page["pupils"]:
            p["locked"] = p["id"] in locked_now
        ctx = {**page, "class_link": f"{app.settings.base_url}/klas/{page['cls']['code']}"}
        return render(request, "teacher/class.html", ctx)

    me = principal(request)
    key = ("klas", class_id, app.store.school.version, locked_now, me.id, language_of(request))
    return await kept(request, key, build)


async def _class_form(request: Request) -> tuple[str, FormData]:
    """The class in the path (if the caller may manage it) and the posted form."""
    class_id = request.path_params["class_id"]
    _check_class(request, class_id)
    return class_id, await read_form(request)


@allow(*STAFF)
async def class_edit(request: Request) -> Response:
    app = rugzak(request)
    class_id, form = await _class_form(request)
    name = text(form, "name", 40)
    if not name:
        raise HTTPException(400, "Geef de klas een naam.")
    await app.store.run(classes.rename_class, app.store.school, class_id, name)
    return RedirectResponse(f"/leraar/klas/{class_id}", status_code=303)


async def _new_pin(request: Request) -> tuple[str, str]:
    """A new PIN and its hash (hashing is slow on purpose: off the event loop)."""
    app = rugzak(request)
    pin = passwords.new_pin()
    return pin, await app.store.run(passwords.hash_secret, pin, app.settings.hash_cost)


@allow(*STAFF)
async def pupil_add(request: Request) -> Response:
    app = rugzak(request)
    class_id, form = await _class_form(request)
    first, last = text(form, "first_name", 60), text(form, "last_name", 80)
    if not first:
        raise HTTPException(400, "Vul de voornaam van de leerling in.")
    pin, pin_hash = await _new_pin(request)
    await app.store.run(classes.add_pupil, app.store.school, class_id, first, last, pin_hash)
    rows = [{"name": f"{first} {last}".strip(), "pin": pin}]
    return no_store(render(request, "teacher/new_pins.html", {"class_id": class_id, "rows": rows}))


# --- one pupil ---


async def _managed_pupil(request: Request) -> classes.PupilPage:
    """The page data of a pupil this teacher or admin may manage, else 403/404."""
    app = rugzak(request)
    me = principal(request)
    return await app.store.run(
        classes.pupil_page,
        app.store.school,
        request.path_params["pupil_id"],
        lambda pupil: can_manage_pupil(me, pupil),
    )


def _show_pupil(
    request: Request, page: classes.PupilPage, new_pin: str = "", new_code: str = ""
) -> Response:
    me = principal(request)
    locks = rugzak(request).pins.locks(page["pupil"]["id"])
    ctx: dict[str, Any] = {
        **page,
        "pupil": {**page["pupil"], "locks": locks, "locked": bool(locks["until"])},
        # Only classes this teacher may move the pupil to (and may know of).
        "classes": [c for c in page["classes"] if can_manage_class(me, c["id"])],
        "new_pin": new_pin,
        "new_code": new_code,
    }
    response = render(request, "teacher/pupil.html", ctx)
    return no_store(response) if new_pin or new_code else response


@allow(*STAFF)
async def pupil_page(request: Request) -> Response:
    return _show_pupil(request, await _managed_pupil(request))


@allow(*STAFF)
async def pupil_edit(request: Request) -> Response:
    page = await _managed_pupil(request)
    app = rugzak(request)
    form = await read_form(request)
    first, last = text(form, "first_name", 60), text(form, "last_name", 80)
    pupil_id = page["pupil"]["id"]
    class_id = text(form, "class_id", 20) or page["pupil"]["class_id"]
    if not first:
        raise HTTPException(400, "Vul de voornaam van de leerling in.")
    if not can_manage_class(principal(request), class_id) or not any(
        c["id"] == class_id for c in page["classes"]
    ):
        raise HTTPException(403, "Naar deze klas kunt u deze leerling niet verplaatsen.")
    await app.store.run(classes.edit_pupil, app.store.school, pupil_id, first, last, class_id)
    target = f"/leraar/leerling/{pupil_id}"
    if not can_manage_class(principal(request), class_id):
        target = "/leraar"
    return RedirectResponse(target, status_code=303)


@allow(*STAFF)
async def pupil_reset_pin(request: Request) -> Response:
    page = await _managed_pupil(request)
    app = rugzak(request)
    pin, pin_hash = await _new_pin(request)
    await app.store.run(classes.reset_pin, app.store.school, page["pupil"]["id"], pin_hash)
    app.pins.lift(page["pupil"]["id"])  # a new PIN also frees the pupil on every tablet
    return _show_pupil(request, await _managed_pupil(request), new_pin=pin)


@allow(*STAFF)
async def pupil_unlock(request: Request) -> Response:
    page = await _managed_pupil(request)
    app = rugzak(request)
    app.pins.lift(page["pupil"]["id"])  # every lock, on every tablet (nothing on disk)
    return RedirectResponse(f"/leraar/leerling/{page['pupil']['id']}", status_code=303)


@allow(*STAFF)
async def pupil_invite(request: Request) -> Response:
    page = await _managed_pupil(request)
    app = rugzak(request)
    form = await read_form(request)
    relation = school.RELATIONS.get(text(form, "relation", 40), "")
    days = app.settings.limits.invitation_days
    code = await app.store.run(
        classes.invite, app.store.school, page["pupil"]["id"], principal(request).id, days, relation
    )
    return _show_pupil(request, await _managed_pupil(request), new_code=code)


@allow(*STAFF)
async def pupil_unlink(request: Request) -> Response:
    page = await _managed_pupil(request)
    app = rugzak(request)
    pupil_id = page["pupil"]["id"]
    await app.store.run(classes.unlink, app.store.school, pupil_id, request.path_params["link_id"])
    return RedirectResponse(f"/leraar/leerling/{pupil_id}", status_code=303)


# --- CSV import ---


def _import_page(request: Request, errors: list, message: str, status: int) -> Response:
    ctx = {"errors": errors, "message": message}
    return render(request, "teacher/import.html", ctx, status=status)


@allow(*STAFF)
async def import_pupils(request: Request) -> Response:
    if request.method == "GET":
        return _import_page(request, [], "", 200)
    app = rugzak(request)
    limit = app.settings.limits.max_form_bytes
    data = await read_upload(request, "file", limit)
    if not data:
        return _import_page(request, [], "Kies eerst een CSV-bestand.", 400)
    if len(data) > limit:
        return _import_page(request, [], "Dit bestand is te groot.", 413)
    rows, errors = await app.store.run(csv_import.parse, data)  # up to 256 KB: off the loop
    if not errors and not rows:
        errors = [csv_import.LineError(2, "Er staan geen leerlingen in het bestand.")]
    if errors:
        return _import_page(request, errors, "Er is niets ingelezen.", 400)
    pins = [await _new_pin(request) for _ in rows]
    outcomes, errors = await app.store.run(
        csv_import.apply_rows,
        app.store.school,
        rows,
        [pin_hash for _, pin_hash in pins],
        _managing(request),
        principal(request).role == "admin",
    )
    if errors:
        return _import_page(request, errors, "Er is niets ingelezen.", 400)
    for outcome, (pin, _) in zip(outcomes, pins, strict=True):
        outcome["pin"] = pin if outcome["action"] == "new" else ""  # type: ignore[typeddict-unknown-key]
    ctx = {"rows": outcomes, "back": "/leraar", "back_label": "Naar mijn klassen"}
    return no_store(render(request, "teacher/import_done.html", ctx))


routes = [
    Route("/leraar", dashboard),
    Route("/leraar/import", import_pupils, methods=["GET", "POST"]),
    Route("/leraar/klas/{class_id}", class_page),
    Route("/leraar/klas/{class_id}/naam", class_edit, methods=["POST"]),
    Route("/leraar/klas/{class_id}/leerlingen", pupil_add, methods=["POST"]),
    Route("/leraar/leerling/{pupil_id}", pupil_page),
    Route("/leraar/leerling/{pupil_id}/gegevens", pupil_edit, methods=["POST"]),
    Route("/leraar/leerling/{pupil_id}/pincode", pupil_reset_pin, methods=["POST"]),
    Route("/leraar/leerling/{pupil_id}/vrijgeven", pupil_unlock, methods=["POST"]),
    Route("/leraar/leerling/{pupil_id}/uitnodiging", pupil_invite, methods=["POST"]),
    Route(
        "/leraar/leerling/{pupil_id}/volwassene/{link_id}/ontkoppelen",
        pupil_unlink,
        methods=["POST"],
    ),
]
