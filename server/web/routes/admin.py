"""School admin: classes, their teachers, staff accounts."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from server.domain import school
from server.infra import passwords
from server.permissions import allow
from server.web.context import Rugzak, rugzak
from server.web.forms import read_form, text
from server.web.templating import render


def _overview(app: Rugzak):
    with app.store.school.transaction() as db:
        classes = school.classes(db)
        staff = school.staff(db)
        names = {s["id"]: s["name"] for s in staff}
        for c in classes:
            c["teachers"] = [names[t] for t in c.get("teacher_ids", []) if t in names]
            c["count"] = len(school.pupils(db, c["id"]))
        return {"classes": classes, "staff": staff, "info": school.info(db)}


@allow("admin")
async def overview(request: Request) -> Response:
    app = rugzak(request)
    page = await app.store.run(_overview, app)
    page.update(error="", new_password="")
    return render(request, "admin/overview.html", page)


def _group(value: str) -> int:
    try:
        group = int(value)
    except ValueError:
        group = 0
    if group not in school.GROUPS:
        raise HTTPException(400, "Kies groep 6, 7 of 8.")
    return group


def _teacher_ids(db, form) -> list[str]:
    wanted = [v for v in form.getlist("teacher_ids") if isinstance(v, str)]
    known = {s["id"] for s in school.staff(db)}
    return [t for t in wanted if t in known]


@allow("admin")
async def class_create(request: Request) -> Response:
    app = rugzak(request)
    form = await read_form(request)
    name = text(form, "name", 40)
    if not name:
        raise HTTPException(400, "Geef de klas een naam.")
    group = _group(text(form, "group", 2))

    def create() -> str | None:
        with app.store.school.transaction() as db:
            if school.class_name_taken(db, name):
                return None
            return school.create_class(db, name, group, _teacher_ids(db, form))

    class_id = await app.store.run(create)
    if class_id is None:
        raise HTTPException(400, school.CLASS_NAME_TAKEN)
    return RedirectResponse(f"/leraar/klas/{class_id}", status_code=303)


@allow("admin")
async def class_update(request: Request) -> Response:
    app = rugzak(request)
    class_id = request.path_params["class_id"]
    form = await read_form(request)
    name = text(form, "name", 40)
    if not name:
        raise HTTPException(400, "Geef de klas een naam.")
    group = _group(text(form, "group", 2))

    def update() -> int:
        with app.store.school.transaction() as db:
            if school.get_class(db, class_id) is None:
                return 404
            if school.class_name_taken(db, name, except_id=class_id):
                return 400
            school.update_class(
                db, class_id, name=name, group=group, teacher_ids=_teacher_ids(db, form)
            )
            return 303

    status = await app.store.run(update)
    if status == 404:
        raise HTTPException(404)
    if status == 400:
        raise HTTPException(400, school.CLASS_NAME_TAKEN)
    return RedirectResponse("/beheer", status_code=303)


@allow("admin")
async def staff_create(request: Request) -> Response:
    app = rugzak(request)
    form = await read_form(request)
    name, username = text(form, "name", 80), text(form, "username", 60).lower()
    role = text(form, "role", 10)
    password = text(form, "password", 200)
    error = ""
    if not name or len(username) < 3:
        error = "Vul een naam en een gebruikersnaam (minstens 3 tekens) in."
    elif role not in ("teacher", "admin"):
        error = "Kies leerkracht of beheerder."
    elif len(password) < 10:
        error = "Kies een wachtwoord van minstens 10 tekens."
    if not error:
        pw_hash = await app.store.run(passwords.hash_secret, password, app.settings.hash_cost)

        def create() -> bool:
            with app.store.school.transaction() as db:
                if school.username_taken(db, username):
                    return False
                school.create_staff(db, role, username, name, pw_hash)
                return True

        if await app.store.run(create):
            return RedirectResponse("/beheer", status_code=303)
        error = "Deze gebruikersnaam bestaat al."
    page = await app.store.run(_overview, app)
    page.update(error=error, new_password="")
    return render(request, "admin/overview.html", page, status=400)


@allow("admin")
async def staff_password(request: Request) -> Response:
    app = rugzak(request)
    staff_id = request.path_params["staff_id"]
    password = passwords.new_pin() + "-" + passwords.new_pin() + "-" + passwords.new_pin()
    pw_hash = await app.store.run(passwords.hash_secret, password, app.settings.hash_cost)

    def reset() -> dict | None:
        with app.store.school.transaction() as db:
            member = school.get_staff(db, staff_id)
            if member is None:
                return None
            db.table("staff").patch(staff_id, {"password_hash": pw_hash})
            school.bump_epoch(db, "staff", staff_id)
            return member

    member = await app.store.run(reset)
    if member is None:
        raise HTTPException(404)
    page = await app.store.run(_overview, app)
    page.update(error="", new_password=f"{member['name']}: {password}")
    response = render(request, "admin/overview.html", page)
    response.headers["cache-control"] = "no-store"  # the password is shown once
    return response


routes = [
    Route("/beheer", overview),
    Route("/beheer/klassen", class_create, methods=["POST"]),
    Route("/beheer/klas/{class_id}", class_update, methods=["POST"]),
    Route("/beheer/medewerkers", staff_create, methods=["POST"]),
    Route("/beheer/medewerker/{staff_id}/wachtwoord", staff_password, methods=["POST"]),
]
