"""The school advice on the web: the pupil's own teacher writes a version, a colleague or the
intern begeleider marks it *bekeken*, the heroverweging after the test; the parent reads every
shared version on their phone and signs it or asks for a follow-up conversation."""

from __future__ import annotations

from datetime import date

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from server.domain import advice, contributions, planning
from server.domain.errors import Invalid, Refused
from server.domain.principal import Principal
from server.domain.records import Pupil
from server.infra import i18n
from server.permissions import allow, can_see_pupil, principal
from server.web.context import rugzak
from server.web.forms import read_form, text
from server.web.locale import language_of
from server.web.routes.access import log_view
from server.web.templating import render

STAFF = ("teacher", "admin")


def _may_write(me: Principal, pupil: Pupil) -> bool:
    """Only the pupil's own teacher gives the advice (an admin or IB reviews it)."""
    return me.role == "teacher" and pupil["class_id"] in me.class_ids


async def _pupil(request: Request, pupil_id: str) -> Pupil:
    me, app = principal(request), rugzak(request)
    return await app.store.run(
        advice.pupil_for, app.store, pupil_id, lambda p: can_see_pupil(me, p)
    )


@allow(*STAFF)
async def teacher_advice(request: Request) -> Response:
    app = rugzak(request)
    pupil = await _pupil(request, request.path_params["pupil_id"])
    await log_view(request, pupil["id"], "advice")
    me = principal(request)
    database = app.store.pupil(pupil["id"])
    error, form_values = "", {}
    if request.method == "POST":
        form = await read_form(request)
        action = text(form, "actie", 20)
        form_values = {k: text(form, k, advice.MAX_TEXT + 1) for k in form if k != "niveau"}
        try:
            if action == "bekeken":
                await app.store.run(
                    advice.review, database, text(form, "versie", 20), me.id, me.name
                )
            elif not _may_write(me, pupil):
                raise Refused(pupil["id"])
            elif action == "advies":
                await app.store.run(
                    advice.write, database, text(form, "stap", 20),
                    [str(v) for v in form.getlist("niveau")], text(form, "cognitief", 1600),
                    {k: text(form, k, 1600) for k in advice.FACTORS}, me.id, me.name,
                    text(form, "reden", 1600), await _group(request, pupil),
                )  # fmt: skip
            elif action == "heroverweging":
                await app.store.run(
                    advice.reconsider, database, text(form, "datum", 20),
                    [str(v) for v in form.getlist("toets")], text(form, "uitkomst", 20),
                    [str(v) for v in form.getlist("niveau")], text(form, "reden", 1600),
                    me.id, me.name,
                )  # fmt: skip
            else:
                raise Invalid("Dit kan op deze pagina niet.")
        except Invalid as e:
            error = e.message
        else:
            return RedirectResponse(f"{request.url.path}#{action}", status_code=303)
    rows = await app.store.run(advice.versions, database)
    group = await _group(request, pupil)
    steps = [s for s in ("pre-advies", "voorlopig", "definitief") if advice.STEP_GROUP[s] == group]
    # The step the teacher most likely gives now: the first not given yet.
    due = next((s for s in steps if advice.current(rows, s) is None), steps[-1] if steps else "")
    ctx = {
        "pupil": pupil,
        "rows": rows,
        "write_steps": steps,
        "due_step": form_values.get("stap", due),
        "standing": advice.standing(rows),
        "may_write": _may_write(me, pupil),
        "levels": advice.LEVELS,
        "steps": advice.STEPS,
        "factors": advice.FACTORS,
        "outcomes": advice.OUTCOMES,
        "calendar": app.advice_calendar.get(_school_year(request)),
        "error": error,
        "form": form_values,
        "today": date.today().isoformat(),
    }
    return render(request, "teacher/advice.html", ctx, status=400 if error else 200)


async def _group(request: Request, pupil: Pupil) -> int:
    app = rugzak(request)
    return await app.store.run(advice.group_of, app.store, pupil)


def _school_year(request: Request) -> str:
    today = planning.local_now().date()
    start = today.year if today.month >= 8 else today.year - 1
    return f"{start}-{start + 1}"


@allow("parent")
async def family_advice(request: Request) -> Response:
    app = rugzak(request)
    pupil_id = request.path_params["pupil_id"]
    me = principal(request)
    pupil = await _pupil(request, pupil_id)  # a parent sees only their own children
    await log_view(request, pupil_id, "advice")
    if request.method == "POST":
        contributions.check_may_add(pupil)  # she left: no more reactions
    database = app.store.pupil(pupil_id)
    error = ""
    if request.method == "POST":
        form = await read_form(request)
        kind = "akkoord" if text(form, "actie", 20) == "akkoord" else "gesprek"
        try:
            await app.store.run(
                advice.react, database, text(form, "versie", 20), "parent", me.id,
                text(form, "naam", 80), kind, text(form, "toelichting", 1600),
            )  # fmt: skip
        except Invalid as e:
            i18n.activate(language_of(request))
            error = i18n.gettext_(e.message)
        else:
            return RedirectResponse(f"{request.url.path}?klaar={kind}", status_code=303)
    rows = await app.store.run(advice.versions, database, True)
    ctx = {
        "pupil": pupil,
        "rows": list(reversed(rows)),
        "standing": advice.standing(rows),
        "levels": advice.LEVELS,
        "steps": advice.STEPS,
        "factors": advice.FACTORS,
        "outcomes": advice.OUTCOMES,
        "error": error,
        "done": request.query_params.get("klaar", ""),
    }
    return render(request, "parent/advies.html", ctx, status=400 if error else 200)


routes = [
    Route("/leraar/leerling/{pupil_id}/advies", teacher_advice, methods=["GET", "POST"]),
    Route("/ouder/kind/{pupil_id}/advies", family_advice, methods=["GET", "POST"]),
]
