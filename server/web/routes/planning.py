"""Teachers plan: home assignments for the class (with who handed in what) and
conversations with a pupil and their adults. Each plan tells the linked adults by push."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from server.domain import assignments, conversations, notifications, planning
from server.domain.planning import Message, PlanningError
from server.domain.records import Pupil
from server.permissions import allow, can_manage_class, can_manage_pupil, principal, require
from server.web.context import rugzak
from server.web.forms import read_form, text
from server.web.locale import language_of
from server.web.page_cache import kept
from server.web.templating import render

STAFF = ("teacher", "admin")


def _check_class(request: Request, class_id: str) -> None:
    require(request, can_manage_class(principal(request), class_id))


def _tell(request: Request, message: Message) -> None:
    if message[0]:  # anyone to tell
        notifications.send(request.app, *message)


def _show_plan(
    request: Request,
    page: Any,
    mode: str,
    error: str = "",
    form: dict[str, str] | None = None,
) -> Response:
    # One template for both planning pages (the class's and the pupil's).
    ctx = {**page, "kinds": planning.KINDS, "mode": mode, "error": error, "form": form or {}}
    return render(request, "teacher/planning.html", ctx, status=400 if error else 200)


# --- the class's planning page ---


@allow(*STAFF)
async def class_plan(request: Request) -> Response:
    app = rugzak(request)
    class_id = request.path_params["class_id"]
    _check_class(request, class_id)
    page = await app.store.run(assignments.class_plan, app.store, app.catalog, class_id)
    if request.method == "GET":
        return _show_plan(request, page, "class")
    form = await read_form(request)
    values = {
        "worksheet": text(form, "worksheet", 60),
        "due": text(form, "due", 20),
        "title": text(form, "title", planning.MAX_TITLE),
    }
    try:
        message = await app.store.run(
            assignments.hand_out,
            app.store.school,
            app.catalog,
            page["cls"],
            values["worksheet"],
            values["due"],
            values["title"],
            principal(request).id,
        )
    except PlanningError as e:
        return _show_plan(request, page, "class", e.message, values)
    _tell(request, message)
    return RedirectResponse(f"/leraar/klas/{class_id}/planning", status_code=303)


# --- one assignment: who handed in what (printable) ---


@allow(*STAFF)
async def assignment_page(request: Request) -> Response:
    app = rugzak(request)
    class_id = request.path_params["class_id"]
    _check_class(request, class_id)
    assignment_id = request.path_params["item_id"]

    async def build() -> Response:
        page = await app.store.run(
            assignments.assignment_page, app.store, app.catalog, class_id, assignment_id
        )
        return render(request, "teacher/assignment.html", page)

    # Kept until the school file or a pupil's file changes: a class's hand-ins are read
    # from 30 files, and the teacher opens this page again and again on a busy evening.
    versions = await app.store.read(app.store.school, assignments.page_version, app.store, class_id)
    me = principal(request)
    key = ("opdracht", class_id, assignment_id, versions, me.id, language_of(request))
    return await kept(request, key, build)


@allow(*STAFF)
async def assignment_delete(request: Request) -> Response:
    app = rugzak(request)
    class_id = request.path_params["class_id"]
    _check_class(request, class_id)
    await app.store.run(
        assignments.remove_assignment, app.store.school, class_id, request.path_params["item_id"]
    )
    return RedirectResponse(f"/leraar/klas/{class_id}/planning", status_code=303)


@allow(*STAFF)
async def assignment_paper(request: Request) -> Response:
    """The teacher received this assignment on paper, signed at home (or takes that back)."""
    app = rugzak(request)
    class_id, assignment_id = request.path_params["class_id"], request.path_params["item_id"]
    _check_class(request, class_id)
    form = await read_form(request)
    pupil_id, on = text(form, "pupil_id", 20), text(form, "op_papier", 5) == "ja"
    me = principal(request)
    await app.store.run(
        assignments.mark_paper, app.store, class_id, assignment_id, pupil_id, on, me.id, me.name
    )
    target = f"/leraar/klas/{class_id}/opdracht/{assignment_id}#r-{pupil_id}"
    return RedirectResponse(target, status_code=303)


# --- conversations with one pupil ---


def _may_manage(request: Request) -> Callable[[Pupil], bool]:
    me = principal(request)
    return lambda pupil: can_manage_pupil(me, pupil)


@allow(*STAFF)
async def pupil_plan(request: Request) -> Response:
    app = rugzak(request)
    page = await app.store.run(
        conversations.pupil_plan,
        app.store.school,
        request.path_params["pupil_id"],
        _may_manage(request),
    )
    if request.method == "GET":
        return _show_plan(request, page, "pupil")
    form = await read_form(request)
    values = {
        "kind": text(form, "kind", 40),
        "date": text(form, "date", 20),
        "time": text(form, "time", 10),
        "place": text(form, "place", planning.MAX_PLACE),
    }
    pupil = page["pupil"]
    try:
        message = await app.store.run(
            conversations.plan_conversation,
            app.store.school,
            pupil,
            values["kind"],
            values["date"],
            values["time"],
            values["place"],
            principal(request).id,
        )
    except PlanningError as e:
        return _show_plan(request, page, "pupil", e.message, values)
    _tell(request, message)
    return RedirectResponse(f"/leraar/leerling/{pupil['id']}/gesprek", status_code=303)


@allow(*STAFF)
async def conversation_delete(request: Request) -> Response:
    app = rugzak(request)
    pupil_id = request.path_params["pupil_id"]
    await app.store.run(
        conversations.remove_conversation,
        app.store.school,
        pupil_id,
        request.path_params["item_id"],
        _may_manage(request),
    )
    return RedirectResponse(f"/leraar/leerling/{pupil_id}/gesprek", status_code=303)


routes = [
    Route("/leraar/klas/{class_id}/planning", class_plan, methods=["GET", "POST"]),
    Route("/leraar/klas/{class_id}/opdracht/{item_id}", assignment_page),
    Route(
        "/leraar/klas/{class_id}/opdracht/{item_id}/verwijderen",
        assignment_delete,
        methods=["POST"],
    ),
    Route("/leraar/klas/{class_id}/opdracht/{item_id}/papier", assignment_paper, methods=["POST"]),
    Route("/leraar/leerling/{pupil_id}/gesprek", pupil_plan, methods=["GET", "POST"]),
    Route(
        "/leraar/leerling/{pupil_id}/gesprek/{item_id}/verwijderen",
        conversation_delete,
        methods=["POST"],
    ),
]
