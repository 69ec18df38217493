"""Holding a conversation: the teacher's view of one conversation (the guide's questions per
part, a private note, the agreements, akkoord on the spot, how it went) and the parent's page
of agreements, where they agree on their own phone and say how they experienced the talk."""

from __future__ import annotations

from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from server.domain import agreements, contributions
from server.domain.errors import Invalid
from server.domain.records import Pupil
from server.domain.worksheet_ops import SELF_RATINGS
from server.infra import i18n
from server.permissions import allow, can_manage_pupil, principal
from server.web.context import rugzak
from server.web.forms import read_form, text
from server.web.locale import language_of
from server.web.routes.access import log_view
from server.web.templating import render

STAFF = ("teacher", "admin")


def _teacher_may(request: Request) -> Callable[[Pupil], bool]:
    me = principal(request)
    return lambda pupil: can_manage_pupil(me, pupil)


def _parent_may(request: Request) -> Callable[[Pupil], bool]:
    me = principal(request)
    return lambda pupil: pupil["id"] in me.child_ids


@allow(*STAFF)
async def talk(request: Request) -> Response:
    app = rugzak(request)
    pupil_id, conversation_id = request.path_params["pupil_id"], request.path_params["item_id"]
    page = await app.store.run(
        agreements.talk, app.store, pupil_id, conversation_id, _teacher_may(request)
    )
    await log_view(request, pupil_id, "talk", conversation_id)
    error = ""
    if request.method == "POST":
        form = await read_form(request)
        action = text(form, "actie", 30)
        me = principal(request)
        database = app.store.pupil(pupil_id)
        try:
            if action == "notitie":
                await app.store.run(
                    agreements.set_note, app.store.school, conversation_id, pupil_id,
                    text(form, "notitie", agreements.MAX_NOTE),
                )  # fmt: skip
            elif action == "afspraken":
                values, next_date = agreements.read_values(
                    {name: text(form, name, agreements.MAX_TEXT + 1) for name in agreements.FIELDS}
                    | {"volgende": text(form, "volgende", 20)}
                )
                await app.store.run(
                    agreements.record, database, page["conversation"], values, next_date, me.id
                )
            elif action in ("akkoord-pupil", "akkoord-parent"):
                who = action.split("-")[1]
                name = page["pupil"]["first_name"] if who == "pupil" else text(form, "naam", 80)
                await app.store.run(
                    agreements.mark_agreed, database, conversation_id, who, me.id,
                    name or "ouder", "bij de leerkracht",
                )  # fmt: skip
            elif action in ("ervaring-pupil", "ervaring-parent"):
                await app.store.run(
                    agreements.tell_experience, database, conversation_id,
                    action.split("-")[1], text(form, "gezicht", 20), text(form, "zin", 301),
                    me.id,
                )  # fmt: skip
            elif action == "terugblik" and page["earlier"]:
                await app.store.run(
                    agreements.look_back, database, page["earlier"]["id"],
                    text(form, "uitkomst", 20), conversation_id,
                )  # fmt: skip
            else:
                raise Invalid("Dit kan op deze pagina niet.")
        except Invalid as e:
            error = e.message
        else:
            return RedirectResponse(request.url.path + f"#{action}", status_code=303)
    kind = app.guides.kinds.get(page["conversation"]["kind"])
    group = page["cls"]["group"] if page["cls"] else 0
    items = kind.items_for(group, app.catalog.worksheets) if kind else ()
    ctx = {
        **page,
        "kind": kind,
        "items": [app.catalog.worksheets[i.worksheet] for i in items],
        "sheets": app.catalog.worksheets,
        "fields": agreements.FIELDS,
        "faces": agreements.FACES,
        "self_ratings": SELF_RATINGS,
        "outcomes": agreements.OUTCOMES,
        "error": error,
    }
    return render(request, "teacher/talk.html", ctx, status=400 if error else 200)


@allow("parent")
async def family_agreements(request: Request) -> Response:
    app = rugzak(request)
    pupil_id = request.path_params["pupil_id"]
    me = principal(request)
    page = await app.store.run(agreements.family, app.store, pupil_id, _parent_may(request))
    await log_view(request, pupil_id, "talk")
    if request.method == "POST":
        contributions.check_may_add(page["pupil"])  # she left: no more reactions
    database = app.store.pupil(pupil_id)
    error = ""
    if request.method == "POST":
        form = await read_form(request)
        action, conversation_id = text(form, "actie", 20), text(form, "gesprek", 20)
        try:
            if action == "akkoord":
                await app.store.run(
                    agreements.mark_agreed, database, conversation_id, "parent", me.id,
                    me.name, "eigen telefoon",
                )  # fmt: skip
            else:
                await app.store.run(
                    agreements.tell_experience, database, conversation_id, "parent",
                    text(form, "gezicht", 20), text(form, "zin", 301), me.id,
                )  # fmt: skip
        except Invalid as e:
            i18n.activate(language_of(request))
            error = i18n.gettext_(e.message)
        else:
            return RedirectResponse(f"{request.url.path}?klaar={action}", status_code=303)
    titles = {key: kind.parent_title for key, kind in app.guides.kinds.items()}
    ctx = {
        **page,
        "titles": titles,
        "fields": agreements.FIELDS,
        "faces": agreements.FACES,
        "outcomes": agreements.OUTCOMES,
        "error": error,
        "done": request.query_params.get("klaar", ""),
    }
    return render(request, "parent/afspraken.html", ctx, status=400 if error else 200)


routes = [
    Route("/leraar/leerling/{pupil_id}/gesprek/{item_id}", talk, methods=["GET", "POST"]),
    Route("/ouder/kind/{pupil_id}/afspraken", family_agreements, methods=["GET", "POST"]),
]
