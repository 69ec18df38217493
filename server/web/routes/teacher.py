"""Teachers (their own classes) and admins (the whole school): classes, pupils, PINs,
invitation codes and the CSV import."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from server.domain import csv_import, school
from server.domain.principal import Principal
from server.infra import passwords
from server.permissions import (
    allow,
    can_manage_class,
    can_manage_pupil,
    principal,
    require,
)
from server.web.context import Rugzak, rugzak
from server.web.forms import read_form, text
from server.web.templating import render

STAFF = ("teacher", "admin")


def _visible_classes(db, me: Principal) -> list[dict[str, Any]]:
    return [c for c in school.classes(db) if can_manage_class(me, c["id"])]


def _dashboard(app: Rugzak, me: Principal):
    locked_now = app.pins.locked_pupils()
    with app.store.school.transaction() as db:
        rows = []
        for cls in _visible_classes(db, me):
            pupils = school.pupils(db, cls["id"])
            locked = sum(p["id"] in locked_now for p in pupils)
            rows.append({**cls, "count": len(pupils), "locked": locked})
        return rows


@allow(*STAFF)
async def dashboard(request: Request) -> Response:
    app = rugzak(request)
    classes = await app.store.run(_dashboard, app, principal(request))
    return render(request, "teacher/dashboard.html", {"classes": classes})


def _class_page(app: Rugzak, me: Principal, class_id: str):
    locked_now = app.pins.locked_pupils()
    with app.store.school.transaction() as db:
        cls = school.get_class(db, class_id)
        if cls is None:
            return None
        pupils = school.pupils(db, class_id)
        for p in pupils:
            p["locked"] = p["id"] in locked_now
            p["adults"] = len(school.links(db, pupil_id=p["id"]))
        teachers = [school.get_staff(db, t) for t in cls.get("teacher_ids", [])]
        return {"cls": cls, "pupils": pupils, "teachers": [t for t in teachers if t]}


def _check_class(request: Request, class_id: str) -> None:
    require(request, can_manage_class(principal(request), class_id))


@allow(*STAFF)
async def class_page(request: Request) -> Response:
    app = rugzak(request)
    class_id = request.path_params["class_id"]
    _check_class(request, class_id)
    page = await app.store.run(_class_page, app, principal(request), class_id)
    if page is None:
        raise HTTPException(404)
    page["class_link"] = f"{app.settings.base_url}/klas/{page['cls']['code']}"
    return render(request, "teacher/class.html", page)


def _rename_class(app: Rugzak, class_id: str, name: str) -> bool:
    with app.store.school.transaction() as db:
        if school.get_class(db, class_id) is None:
            return False
        if school.class_name_taken(db, name, except_id=class_id):
            raise HTTPException(400, school.CLASS_NAME_TAKEN)
        school.update_class(db, class_id, name=name)
        return True


@allow(*STAFF)
async def class_edit(request: Request) -> Response:
    app = rugzak(request)
    class_id = request.path_params["class_id"]
    _check_class(request, class_id)
    form = await read_form(request)
    name = text(form, "name", 40)
    if not name:
        raise HTTPException(400, "Geef de klas een naam.")
    if not await app.store.run(_rename_class, app, class_id, name):
        raise HTTPException(404)
    return RedirectResponse(f"/leraar/klas/{class_id}", status_code=303)


def _add_pupil(app: Rugzak, class_id: str, first: str, last: str, pin_hash: str):
    with app.store.school.transaction() as db:
        if school.get_class(db, class_id) is None:
            return None
        return school.create_pupil(db, first, last, class_id, pin_hash)


@allow(*STAFF)
async def pupil_add(request: Request) -> Response:
    app = rugzak(request)
    class_id = request.path_params["class_id"]
    _check_class(request, class_id)
    form = await read_form(request)
    first, last = text(form, "first_name", 60), text(form, "last_name", 80)
    if not first:
        raise HTTPException(400, "Vul de voornaam van de leerling in.")
    pin = passwords.new_pin()
    pin_hash = await app.store.run(passwords.hash_secret, pin, app.settings.hash_cost)
    pupil_id = await app.store.run(_add_pupil, app, class_id, first, last, pin_hash)
    if pupil_id is None:
        raise HTTPException(404)
    return no_store(
        render(
            request,
            "teacher/new_pins.html",
            {"class_id": class_id, "rows": [{"name": f"{first} {last}".strip(), "pin": pin}]},
        )
    )


# --- one pupil ---


def _pupil_page(app: Rugzak, pupil_id: str):
    with app.store.school.transaction() as db:
        pupil = school.get_pupil(db, pupil_id)
        if pupil is None:
            return None
        pupil["locks"] = app.pins.locks(pupil_id)
        pupil["locked"] = bool(pupil["locks"]["until"])
        adults = []
        for link in school.links(db, pupil_id=pupil_id):
            adult = school.get_adult(db, link["adult_id"])
            if adult:
                adults.append({"link": link, "adult": adult})
        return {
            "pupil": pupil,
            "cls": school.get_class(db, pupil["class_id"]),
            "classes": school.classes(db),
            "adults": adults,
            "invitations": school.invitations(db, pupil_id),
        }


async def _managed_pupil(request: Request) -> dict[str, Any]:
    """The page data of a pupil this teacher or admin may manage, else 403/404."""
    app = rugzak(request)
    page = await app.store.run(_pupil_page, app, request.path_params["pupil_id"])
    if page is None:
        raise HTTPException(404)
    require(request, can_manage_pupil(principal(request), page["pupil"]))
    return page


def no_store(response: Response) -> Response:
    """Pages that show a PIN, code or password once: not kept in any browser cache."""
    response.headers["cache-control"] = "no-store"
    return response


def _show_pupil(request: Request, page: dict[str, Any], new_pin: str = "", new_code: str = ""):
    me = principal(request)
    # Only classes this teacher may move the pupil to (and may know of).
    page["classes"] = [c for c in page["classes"] if can_manage_class(me, c["id"])]
    page.update(new_pin=new_pin, new_code=new_code)
    response = render(request, "teacher/pupil.html", page)
    return no_store(response) if new_pin or new_code else response


@allow(*STAFF)
async def pupil_page(request: Request) -> Response:
    return _show_pupil(request, await _managed_pupil(request))


def _edit_pupil(app: Rugzak, pupil_id: str, fields: dict[str, Any]) -> None:
    with app.store.school.transaction() as db:
        before = school.get_pupil(db, pupil_id)
        school.update_pupil(db, pupil_id, **fields)
        if before and before["class_id"] != fields.get("class_id", before["class_id"]):
            # Out of the class: its tablets no longer sign this pupil in or deliver for them.
            school.bump_epoch(db, "pupils", pupil_id)


@allow(*STAFF)
async def pupil_edit(request: Request) -> Response:
    page = await _managed_pupil(request)
    app = rugzak(request)
    form = await read_form(request)
    first, last = text(form, "first_name", 60), text(form, "last_name", 80)
    class_id = text(form, "class_id", 20) or page["pupil"]["class_id"]
    if not first:
        raise HTTPException(400, "Vul de voornaam van de leerling in.")
    if not can_manage_class(principal(request), class_id) or not any(
        c["id"] == class_id for c in page["classes"]
    ):
        raise HTTPException(403, "Naar deze klas kunt u deze leerling niet verplaatsen.")
    await app.store.run(
        _edit_pupil,
        app,
        page["pupil"]["id"],
        {"first_name": first, "last_name": last, "class_id": class_id},
    )
    target = f"/leraar/leerling/{page['pupil']['id']}"
    if not can_manage_class(principal(request), class_id):
        target = "/leraar"
    return RedirectResponse(target, status_code=303)


def _reset_pin(app: Rugzak, pupil_id: str, pin_hash: str) -> None:
    with app.store.school.transaction() as db:
        school.reset_pin(db, pupil_id, pin_hash)


@allow(*STAFF)
async def pupil_reset_pin(request: Request) -> Response:
    page = await _managed_pupil(request)
    app = rugzak(request)
    pin = passwords.new_pin()
    pin_hash = await app.store.run(passwords.hash_secret, pin, app.settings.hash_cost)
    await app.store.run(_reset_pin, app, page["pupil"]["id"], pin_hash)
    app.pins.lift(page["pupil"]["id"])  # a new PIN also frees the pupil on every tablet
    return _show_pupil(request, await _managed_pupil(request), new_pin=pin)


@allow(*STAFF)
async def pupil_unlock(request: Request) -> Response:
    page = await _managed_pupil(request)
    app = rugzak(request)
    app.pins.lift(page["pupil"]["id"])  # every lock, on every tablet (nothing on disk)
    return RedirectResponse(f"/leraar/leerling/{page['pupil']['id']}", status_code=303)


def _invite(app: Rugzak, pupil_id: str, by: str, relation: str) -> str:
    with app.store.school.transaction() as db:
        _, code = school.create_invitation(
            db, pupil_id, by, app.settings.limits.invitation_days, relation
        )
        return code


@allow(*STAFF)
async def pupil_invite(request: Request) -> Response:
    page = await _managed_pupil(request)
    app = rugzak(request)
    form = await read_form(request)
    relation = text(form, "relation", 40)
    relation = school.RELATIONS.get(relation, "")
    code = await app.store.run(_invite, app, page["pupil"]["id"], principal(request).id, relation)
    return _show_pupil(request, await _managed_pupil(request), new_code=code)


def _unlink(app: Rugzak, pupil_id: str, link_id: str) -> bool:
    with app.store.school.transaction() as db:
        found = [link for link in school.links(db, pupil_id=pupil_id) if link["id"] == link_id]
        if not found:
            return False
        school.unlink(db, link_id)
        return True


@allow(*STAFF)
async def pupil_unlink(request: Request) -> Response:
    page = await _managed_pupil(request)
    app = rugzak(request)
    if not await app.store.run(_unlink, app, page["pupil"]["id"], request.path_params["link_id"]):
        raise HTTPException(404)
    return RedirectResponse(f"/leraar/leerling/{page['pupil']['id']}", status_code=303)


# --- CSV import ---


def _import(app: Rugzak, me: Principal, rows: list[csv_import.Row], hashes: list[str]):
    """All rows or none: check every line against the classes first, then write once."""
    errors: list[csv_import.LineError] = []
    created: list[dict[str, Any]] = []
    skipped: list[csv_import.Row] = []
    with app.store.school.transaction() as db:
        by_name = {c["name"].lower(): c for c in school.classes(db)}
        new_classes: dict[str, int] = {}
        for row in rows:
            cls = by_name.get(row.class_name.lower())
            if cls is None:
                if me.role != "admin":
                    errors.append(
                        csv_import.LineError(
                            row.line, f"Klas '{row.class_name}' is niet een klas van u."
                        )
                    )
                elif new_classes.setdefault(row.class_name.lower(), row.group) != row.group:
                    errors.append(
                        csv_import.LineError(
                            row.line,
                            f"Klas '{row.class_name}' staat ook met een andere groep in "
                            "het bestand.",
                        )
                    )
                continue
            if not can_manage_class(me, cls["id"]):
                errors.append(
                    csv_import.LineError(
                        row.line, f"Klas '{row.class_name}' is niet een klas van u."
                    )
                )
            elif cls["group"] != row.group:
                errors.append(
                    csv_import.LineError(
                        row.line,
                        f"Klas '{cls['name']}' is groep {cls['group']}, niet groep {row.group}.",
                    )
                )
        if errors:
            return [], [], sorted(errors, key=lambda e: e.line)
        existing = {
            (p["first_name"].lower(), p["last_name"].lower(), p["class_id"])
            for p in school.pupils(db)
        }
        for row, pin_hash in zip(rows, hashes, strict=True):
            cls = by_name.get(row.class_name.lower())
            if cls is None:
                class_id = school.create_class(db, row.class_name, row.group, [])
                cls = by_name[row.class_name.lower()] = school.get_class(db, class_id)
            assert cls is not None
            key = (row.first_name.lower(), row.last_name.lower(), cls["id"])
            if key in existing:
                skipped.append(row)
                continue
            school.create_pupil(db, row.first_name, row.last_name, cls["id"], pin_hash)
            created.append(
                {
                    "line": row.line,
                    "class": cls["name"],
                    "name": f"{row.first_name} {row.last_name}".strip(),
                }
            )
    return created, skipped, []


@allow(*STAFF)
async def import_pupils(request: Request) -> Response:
    if request.method == "GET":
        return render(request, "teacher/import.html", {"errors": [], "message": ""})
    app = rugzak(request)
    form = await read_form(request, max_part_size=app.settings.limits.max_form_bytes)
    try:
        upload = form.get("file")
        data = b""
        if isinstance(upload, UploadFile) and upload.filename:
            data = await upload.read(app.settings.limits.max_form_bytes + 1)
    finally:
        await form.close()  # the uploaded file's temporary file
    if not isinstance(upload, UploadFile) or not upload.filename:
        return render(
            request,
            "teacher/import.html",
            {"errors": [], "message": "Kies eerst een CSV-bestand."},
            status=400,
        )
    if len(data) > app.settings.limits.max_form_bytes:
        return render(
            request,
            "teacher/import.html",
            {"errors": [], "message": "Dit bestand is te groot."},
            status=413,
        )
    rows, errors = await app.store.run(csv_import.parse, data)  # up to 256 KB: off the loop
    if not errors and not rows:
        errors = [csv_import.LineError(2, "Er staan geen leerlingen in het bestand.")]
    if errors:
        return render(
            request,
            "teacher/import.html",
            {"errors": errors, "message": "Er is niets ingelezen."},
            status=400,
        )
    pins = [passwords.new_pin() for _ in rows]
    cost = app.settings.hash_cost
    hashes = [await app.store.run(passwords.hash_secret, pin, cost) for pin in pins]
    created, skipped, errors = await app.store.run(_import, app, principal(request), rows, hashes)
    if errors:
        return render(
            request,
            "teacher/import.html",
            {"errors": errors, "message": "Er is niets ingelezen."},
            status=400,
        )
    pin_by_line = {row.line: pin for row, pin in zip(rows, pins, strict=True)}
    result = [{**c, "pin": pin_by_line[c["line"]]} for c in created]
    return no_store(
        render(request, "teacher/import_done.html", {"rows": result, "skipped": skipped})
    )


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
