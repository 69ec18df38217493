"""Teachers plan: home assignments for the class (with who handed in what) and
conversations with a pupil and their adults. Each plan tells the linked adults by push."""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from server.domain import planning, school
from server.infra import push
from server.permissions import allow, can_manage_class, can_manage_pupil, principal, require
from server.web.context import Rugzak, rugzak
from server.web.forms import read_form, text
from server.web.templating import render

STAFF = ("teacher", "admin")


def _check_class(request: Request, class_id: str) -> None:
    require(request, can_manage_class(principal(request), class_id))


# --- the class's planning page ---


def _class_plan(app: Rugzak, class_id: str) -> dict[str, Any] | None:
    with app.store.school.transaction() as db:
        cls = school.get_class(db, class_id)
        if cls is None:
            return None
        pupils = school.pupils(db, class_id)
        rows = planning.assignments(db, class_id)
        names = {p["id"]: p for p in pupils}
        talks = [
            {**c, "pupil": names[c["pupil_id"]]}
            for c in planning.conversations(db)
            if c["pupil_id"] in names
        ]
    for a in rows:
        a["counts"] = planning.summary(
            planning.handed_in(app.store, app.catalog, pupils, a, cls["group"])
        )
    today = planning.local_now().date().isoformat()
    return {
        "cls": cls,
        "pupils": pupils,
        "assignments": rows,
        "conversations": [c for c in talks if c["at"][:10] >= today],
        "sheets": planning.home_assignments(app.catalog, cls["group"]),
        "today": today,
        "kinds": planning.KINDS,
        "mode": "class",
    }


def _show_class_plan(
    request: Request, page: dict[str, Any], error: str = "", form: dict[str, str] | None = None
) -> Response:
    page.update(error=error, form=form or {})
    return render(request, "teacher/planning.html", page, status=400 if error else 200)


async def _class_page(request: Request) -> tuple[Rugzak, dict[str, Any]]:
    app = rugzak(request)
    class_id = request.path_params["class_id"]
    _check_class(request, class_id)
    page = await app.store.run(_class_plan, app, class_id)
    if page is None:
        raise HTTPException(404)
    return app, page


@allow(*STAFF)
async def class_plan(request: Request) -> Response:
    app, page = await _class_page(request)
    if request.method == "GET":
        return _show_class_plan(request, page)
    form = await read_form(request)
    values = {
        "worksheet": text(form, "worksheet", 60),
        "due": text(form, "due", 20),
        "title": text(form, "title", planning.MAX_TITLE),
    }
    try:
        sheet = planning.check_worksheet(app.catalog, values["worksheet"], page["cls"]["group"])
        due = planning.parse_due(values["due"], planning.local_now().date())
    except planning.PlanningError as e:
        return _show_class_plan(request, page, str(e), values)
    title = values["title"] or sheet.title
    created = await app.store.run(
        _hand_out, app, page["cls"]["id"], sheet.id, title, due, principal(request).id
    )
    if created is None:
        raise HTTPException(404)  # the class went away meanwhile
    assignment, adults = created
    if adults:
        push.send(request.app, adults, *planning.new_assignment_message(assignment))
    return RedirectResponse(f"/leraar/klas/{page['cls']['id']}/planning", status_code=303)


def _hand_out(app: Rugzak, class_id: str, worksheet: str, title: str, due, by: str):
    today = planning.local_now().date()
    with app.store.school.transaction() as db:
        if school.get_class(db, class_id) is None:
            return None
        # Due within the reminder window already: the new-assignment message is the reminder.
        soon = planning.in_reminder_window(due, today)
        assignment_id = planning.create_assignment(
            db, class_id, worksheet, title, due, by, reminded=soon
        )
        return planning.get_assignment(db, assignment_id), planning.class_adults(db, class_id)


# --- one assignment: who handed in what (printable) ---


def _assignment_page(app: Rugzak, class_id: str, assignment_id: str) -> dict[str, Any] | None:
    with app.store.school.transaction() as db:
        cls = school.get_class(db, class_id)
        assignment = planning.get_assignment(db, assignment_id)
        if cls is None or assignment is None or assignment.get("class_id") != class_id:
            return None
        pupils = school.pupils(db, class_id)
    rows = planning.handed_in(app.store, app.catalog, pupils, assignment, cls["group"])
    sheet = app.catalog.worksheets.get(assignment["worksheet"])
    return {
        "cls": cls,
        "assignment": assignment,
        "sheet": sheet,
        "parent_part": bool(sheet and sheet.parent_part),
        "rows": rows,
        "counts": planning.summary(rows),
        "back": f"/leraar/klas/{class_id}/planning",
    }


@allow(*STAFF)
async def assignment_page(request: Request) -> Response:
    app = rugzak(request)
    class_id = request.path_params["class_id"]
    _check_class(request, class_id)
    page = await app.store.run(_assignment_page, app, class_id, request.path_params["item_id"])
    if page is None:
        raise HTTPException(404)
    return render(request, "teacher/assignment.html", page)


def _delete_assignment(app: Rugzak, class_id: str, assignment_id: str) -> bool:
    with app.store.school.transaction() as db:
        assignment = planning.get_assignment(db, assignment_id)
        if assignment is None or assignment.get("class_id") != class_id:
            return False
        planning.delete_assignment(db, assignment_id)
        return True


@allow(*STAFF)
async def assignment_delete(request: Request) -> Response:
    app = rugzak(request)
    class_id = request.path_params["class_id"]
    _check_class(request, class_id)
    if not await app.store.run(_delete_assignment, app, class_id, request.path_params["item_id"]):
        raise HTTPException(404)
    return RedirectResponse(f"/leraar/klas/{class_id}/planning", status_code=303)


def _paper(app: Rugzak, class_id: str, assignment_id: str, pupil_id: str, on: bool, me) -> bool:
    with app.store.school.transaction() as db:
        cls = school.get_class(db, class_id)
        assignment = planning.get_assignment(db, assignment_id)
        pupil = school.get_pupil(db, pupil_id)
        year = school.info(db)["school_year"]
    if (
        cls is None
        or assignment is None
        or assignment.get("class_id") != class_id
        or pupil is None
        or pupil["class_id"] != class_id
    ):
        return False
    database = app.store.pupil(pupil_id)
    if on:
        planning.record_paper(database, assignment["worksheet"], cls["group"], year, me.id, me.name)
    else:
        planning.remove_paper(database, assignment["worksheet"], cls["group"], year)
    return True


@allow(*STAFF)
async def assignment_paper(request: Request) -> Response:
    """The teacher received this assignment on paper, signed at home (or takes that back)."""
    app = rugzak(request)
    class_id, assignment_id = request.path_params["class_id"], request.path_params["item_id"]
    _check_class(request, class_id)
    form = await read_form(request)
    pupil_id, on = text(form, "pupil_id", 20), text(form, "op_papier", 5) == "ja"
    done = await app.store.run(
        _paper, app, class_id, assignment_id, pupil_id, on, principal(request)
    )
    if not done:
        raise HTTPException(404, "Deze leerling of opdracht staat niet in deze klas.")
    target = f"/leraar/klas/{class_id}/opdracht/{assignment_id}#r-{pupil_id}"
    return RedirectResponse(target, status_code=303)


# --- conversations with one pupil ---


def _pupil_plan(app: Rugzak, pupil_id: str) -> dict[str, Any] | None:
    with app.store.school.transaction() as db:
        pupil = school.get_pupil(db, pupil_id)
        if pupil is None:
            return None
        adults = [
            school.get_adult(db, link["adult_id"]) for link in school.links(db, pupil_id=pupil_id)
        ]
        return {
            "pupil": pupil,
            "cls": school.get_class(db, pupil["class_id"]),
            "adults": [a for a in adults if a],
            "conversations": planning.conversations(db, pupil_id),
            "kinds": planning.KINDS,
            "today": planning.local_now().date().isoformat(),
            "mode": "pupil",
        }


async def _pupil_page(request: Request) -> tuple[Rugzak, dict[str, Any]]:
    app = rugzak(request)
    page = await app.store.run(_pupil_plan, app, request.path_params["pupil_id"])
    if page is None:
        raise HTTPException(404)
    require(request, can_manage_pupil(principal(request), page["pupil"]))
    return app, page


def _show_pupil_plan(
    request: Request, page: dict[str, Any], error: str = "", form: dict[str, str] | None = None
) -> Response:
    now = planning.local_now().isoformat(timespec="minutes")
    page.update(error=error, form=form or {})
    for c in page["conversations"]:
        c["past"] = c["at"] < now
    # One template for both planning pages (the class's and the pupil's).
    return render(request, "teacher/planning.html", page, status=400 if error else 200)


@allow(*STAFF)
async def pupil_plan(request: Request) -> Response:
    app, page = await _pupil_page(request)
    if request.method == "GET":
        return _show_pupil_plan(request, page)
    form = await read_form(request)
    values = {
        "kind": text(form, "kind", 40),
        "date": text(form, "date", 20),
        "time": text(form, "time", 10),
        "place": text(form, "place", planning.MAX_PLACE),
    }
    try:
        kind = planning.check_kind(values["kind"])
        at = planning.parse_moment(values["date"], values["time"], planning.local_now())
    except planning.PlanningError as e:
        return _show_pupil_plan(request, page, str(e), values)
    pupil = page["pupil"]
    created = await app.store.run(
        _plan_conversation, app, pupil["id"], kind, at, values["place"], principal(request).id
    )
    if created is None:
        raise HTTPException(404)
    conversation, adults = created
    if adults:
        push.send(
            request.app, adults, *planning.conversation_message(conversation, pupil["first_name"])
        )
    return RedirectResponse(f"/leraar/leerling/{pupil['id']}/gesprek", status_code=303)


def _plan_conversation(app: Rugzak, pupil_id: str, kind: str, at, place: str, by: str):
    now = planning.local_now()
    with app.store.school.transaction() as db:
        if school.get_pupil(db, pupil_id) is None:
            return None
        soon = planning.conversation_soon(at, now)  # the message itself is the reminder
        conversation_id = planning.create_conversation(
            db, pupil_id, kind, at, place, by, reminded=soon
        )
        return planning.get_conversation(db, conversation_id), planning.adults_of(db, [pupil_id])


def _delete_conversation(app: Rugzak, pupil_id: str, conversation_id: str) -> bool:
    with app.store.school.transaction() as db:
        conversation = planning.get_conversation(db, conversation_id)
        if conversation is None or conversation.get("pupil_id") != pupil_id:
            return False
        planning.delete_conversation(db, conversation_id)
        return True


@allow(*STAFF)
async def conversation_delete(request: Request) -> Response:
    app, page = await _pupil_page(request)
    pupil_id = page["pupil"]["id"]
    if not await app.store.run(_delete_conversation, app, pupil_id, request.path_params["item_id"]):
        raise HTTPException(404)
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
