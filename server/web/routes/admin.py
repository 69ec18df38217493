"""School admin: classes, their teachers, staff accounts."""

from __future__ import annotations

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from server.domain import admin, staff
from server.domain.errors import Invalid
from server.permissions import allow, principal
from server.web.context import rugzak
from server.web.forms import read_form, text
from server.web.locale import language_of
from server.web.page_cache import kept
from server.web.routes import rollover
from server.web.templating import render


async def _overview(
    request: Request, error: str = "", new_password: str = "", status: int = 200
) -> Response:
    app = rugzak(request)
    page = await app.store.run(admin.overview, app.store.school)
    return render(
        request,
        "admin/overview.html",
        {**page, "error": error, "new_password": new_password},
        status=status,
    )


@allow("admin")
async def overview(request: Request) -> Response:
    """Built once per version of the school file (it lists every class and staff member,
    so in a large school it is the costliest page to build), per admin and language."""
    app = rugzak(request)
    key = ("beheer", app.store.school.version, principal(request).id, language_of(request))
    return await kept(request, key, lambda: _overview(request))


@allow("admin")
async def class_form(request: Request) -> Response:
    app = rugzak(request)
    form = await app.store.run(admin.class_form, app.store.school, request.path_params["class_id"])
    return render(request, "admin/class.html", dict(form))


def _teacher_ids(form: FormData) -> list[str]:
    return [v for v in form.getlist("teacher_ids") if isinstance(v, str)]


@allow("admin")
async def class_create(request: Request) -> Response:
    app = rugzak(request)
    form = await read_form(request)
    name, group = text(form, "name", 40), text(form, "group", 2)
    class_id = await app.store.run(
        admin.create_class, app.store.school, name, group, _teacher_ids(form)
    )
    return RedirectResponse(f"/leraar/klas/{class_id}", status_code=303)


@allow("admin")
async def class_update(request: Request) -> Response:
    app = rugzak(request)
    class_id = request.path_params["class_id"]
    form = await read_form(request)
    name, group = text(form, "name", 40), text(form, "group", 2)
    await app.store.run(
        admin.update_class, app.store.school, class_id, name, group, _teacher_ids(form)
    )
    return RedirectResponse("/beheer", status_code=303)


@allow("admin")
async def staff_create(request: Request) -> Response:
    app = rugzak(request)
    form = await read_form(request)
    name, username = text(form, "name", 80), text(form, "username", 60).lower()
    role, password = text(form, "role", 10), text(form, "password", 200)
    try:
        await app.store.run(
            staff.create_account,
            app.store.school,
            name,
            username,
            role,
            password,
            app.settings.hash_cost,
        )
    except Invalid as e:  # shown on the overview, above the form
        return await _overview(request, error=e.message, status=400)
    return RedirectResponse("/beheer", status_code=303)


@allow("admin")
async def staff_password(request: Request) -> Response:
    app = rugzak(request)
    member, password = await app.store.run(
        staff.reset_password,
        app.store.school,
        request.path_params["staff_id"],
        app.settings.hash_cost,
    )
    response = await _overview(request, new_password=f"{member['name']}: {password}")
    response.headers["cache-control"] = "no-store"  # the password is shown once
    return response


routes = [
    Route("/beheer", overview),
    Route("/beheer/klassen", class_create, methods=["POST"]),
    Route("/beheer/klas/{class_id}", class_form),
    Route("/beheer/klas/{class_id}", class_update, methods=["POST"]),
    Route("/beheer/medewerkers", staff_create, methods=["POST"]),
    Route("/beheer/medewerker/{staff_id}/wachtwoord", staff_password, methods=["POST"]),
    *rollover.routes,  # the new school year and the import by pupil number
]
