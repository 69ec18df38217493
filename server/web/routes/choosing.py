"""Choosing a secondary school: the pupil and her parent see the schools that fit, build the
list in order of preference, plan open days and record the choice; the teacher reads it and
adds a remark; the group 8 class overview of advice and choice."""

from __future__ import annotations

from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from server.domain import advice, choosing, shortlist
from server.domain.errors import Invalid
from server.domain.records import Pupil
from server.infra import i18n
from server.permissions import allow, can_manage_class, can_see_pupil, principal, require
from server.web.context import rugzak
from server.web.forms import read_form, text
from server.web.locale import language_of
from server.web.routes.access import log_view
from server.web.templating import render

STAFF = ("teacher", "admin")


def _may_see(request: Request) -> Callable[[Pupil], bool]:
    me = principal(request)
    return lambda pupil: can_see_pupil(me, pupil)


async def _change(request: Request, pupil_id: str) -> str:
    """One change of the family's list or visits from a form; "" or the (Dutch) refusal."""
    app, me = rugzak(request), principal(request)
    form = await read_form(request)
    action, code = text(form, "actie", 20), text(form, "school", 20)
    try:
        rev = int(text(form, "rev", 10) or 0)
    except ValueError:
        rev = -1
    # Reading the page checks who may see the pupil (404 for another's child), first.
    page = await app.store.run(choosing.page, app.store, pupil_id, _may_see(request))
    database = app.store.pupil(pupil_id)
    try:
        if action == "mening":  # the pupil says what she thinks of her advice
            standing = page["standing"]
            if standing is None or me.role != "pupil":
                raise Invalid("Er is nog geen advies om op te reageren.")
            await app.store.run(
                advice.react, database, standing["id"], "pupil", me.id,
                page["pupil"]["first_name"], "mening", text(form, "mening", 600),
            )  # fmt: skip
        elif action == "bezoek":
            school = page["by_code"].get(code)
            if school is None:
                raise Invalid(shortlist.MSG_UNKNOWN)
            await app.store.run(
                shortlist.plan_visit, app.store.school, pupil_id, school,
                text(form, "datum", 10), text(form, "tijd", 5), me.id,
            )  # fmt: skip
        elif action == "bezoek-weg":
            await app.store.run(
                shortlist.cancel_visit, app.store.school, pupil_id, text(form, "bezoek", 20)
            )
        elif action == "aangemeld":
            await app.store.run(shortlist.registered, database, text(form, "datum", 10), rev, me.id)
        else:
            await app.store.run(
                shortlist.change, database, action, code, rev, me.id, page["by_code"]
            )
    except Invalid as e:
        return e.message
    return ""


async def _show(request: Request, pupil_id: str, template: str, error: str = "") -> Response:
    app = rugzak(request)
    page = await app.store.run(choosing.page, app.store, pupil_id, _may_see(request))
    await log_view(request, pupil_id, "schools")  # not recorded for the pupil herself
    if error and principal(request).role == "parent":
        i18n.activate(language_of(request))
        error = i18n.gettext_(error)
    ctx = {**page, "error": error, "done": request.query_params.get("klaar", "")}
    return render(request, template, ctx, status=400 if error else 200)


@allow("pupil")
async def pupil_schools(request: Request) -> Response:
    pupil_id = principal(request).id
    if request.method == "POST":
        error = await _change(request, pupil_id)
        if not error:
            return RedirectResponse("/leerling/scholen?klaar=1#lijst", status_code=303)
        return await _show(request, pupil_id, "pupil/scholen.html", error)
    return await _show(request, pupil_id, "pupil/scholen.html")


@allow("parent")
async def parent_schools(request: Request) -> Response:
    pupil_id = request.path_params["pupil_id"]
    if request.method == "POST":
        error = await _change(request, pupil_id)
        if not error:
            return RedirectResponse(f"{request.url.path}?klaar=1#lijst", status_code=303)
        return await _show(request, pupil_id, "parent/scholen.html", error)
    return await _show(request, pupil_id, "parent/scholen.html")


@allow(*STAFF)
async def teacher_schools(request: Request) -> Response:
    """The teacher reads the family's list and adds a remark to a school (never chooses)."""
    app, me = rugzak(request), principal(request)
    pupil_id = request.path_params["pupil_id"]
    page = await app.store.run(choosing.page, app.store, pupil_id, _may_see(request))
    await log_view(request, pupil_id, "schools")
    error = ""
    if request.method == "POST":
        form = await read_form(request)
        try:
            await app.store.run(
                shortlist.remark, app.store.pupil(pupil_id), text(form, "school", 20),
                text(form, "opmerking", shortlist.MAX_REMARK + 1), me.id, me.name,
            )  # fmt: skip
        except Invalid as e:
            error = e.message
        else:
            return RedirectResponse(request.url.path + "#lijst", status_code=303)
    status = 400 if error else 200
    return render(request, "teacher/schools.html", {**page, "error": error}, status=status)


@allow(*STAFF)
async def class_advice(request: Request) -> Response:
    app = rugzak(request)
    class_id = request.path_params["class_id"]
    require(request, can_manage_class(principal(request), class_id))
    page = await app.store.run(choosing.class_overview, app.store, class_id)
    return render(request, "teacher/class_advice.html", page)


routes = [
    Route("/leerling/scholen", pupil_schools, methods=["GET", "POST"]),
    Route("/ouder/kind/{pupil_id}/scholen", parent_schools, methods=["GET", "POST"]),
    Route("/leraar/leerling/{pupil_id}/scholen", teacher_schools, methods=["GET", "POST"]),
    Route("/leraar/klas/{class_id}/advies", class_advice),
]
