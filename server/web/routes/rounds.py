"""Conversation rounds: the teacher opens days of slots for the class and sees who booked
(with language and interpreter), assigns a time to a family without a phone and prints
their slip; parents book, move or cancel on their phone or join the waiting list."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jinja2 import Environment
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from server.domain import notifications, planning, round_pages, round_plan, rounds, spoken
from server.domain.planning import Message
from server.domain.records import Pupil
from server.domain.round_plan import RoundError
from server.domain.rounds import Booker
from server.infra import i18n
from server.permissions import allow, can_manage_class, can_manage_pupil, principal, require
from server.web.context import rugzak
from server.web.forms import read_form, text
from server.web.locale import language_of
from server.web.templating import in_two_languages, render

STAFF = ("teacher", "admin")
FORM_FIELDS = (
    "kind", "minutes", "place", "open_dag", "open_tijd", "eerder", "tweede",
    *(f"{k}{n}" for n in range(1, round_plan.MAX_DAYS + 1)
      for k in ("dag", "van", "tot", "pauze_van", "pauze_tot")),
)  # fmt: skip


def _tell(request: Request, messages: list[Message]) -> None:
    for people, *rest in messages:
        if people:
            notifications.send(request.app, people, *rest)


def _kinds(request: Request, group: int | None = None) -> dict[str, str]:
    """The kinds a teacher can choose (those of the class's group), with their titles."""
    guides = rugzak(request).guides
    kinds = guides.for_group(group) if group is not None else guides.kinds.values()
    return {kind.key: kind.title for kind in kinds}


def _parent_titles(request: Request) -> dict[str, str]:
    return {key: kind.parent_title for key, kind in rugzak(request).guides.kinds.items()}


# --- the teacher ---


def _check_class(request: Request, class_id: str) -> None:
    require(request, can_manage_class(principal(request), class_id))


def _teacher_may(request: Request) -> Callable[[Pupil], bool]:
    me = principal(request)
    return lambda pupil: can_manage_pupil(me, pupil)


@allow(*STAFF)
async def class_rounds(request: Request) -> Response:
    app = rugzak(request)
    class_id = request.path_params["class_id"]
    _check_class(request, class_id)
    error, values = "", {}
    overview = await app.store.run(
        round_pages.class_overview, app.store, class_id, planning.local_now()
    )
    kinds = _kinds(request, overview["cls"]["group"])
    if request.method == "POST":
        form = await read_form(request)
        values = {name: text(form, name, 80) for name in FORM_FIELDS}
        try:
            spec = round_plan.parse_round(values, kinds, planning.local_now())
            title = kinds[spec["kind"]]
            round_id, message = await app.store.run(
                rounds.open_round, app.store.school, class_id, spec, principal(request).id, title
            )
        except RoundError as e:
            error = e.message
        else:
            _tell(request, [message])
            return RedirectResponse(f"/leraar/klas/{class_id}/gesprekken/{round_id}", 303)
    ctx = {
        **overview,
        "kinds": kinds,
        "form": values,
        "error": error,
        "today": planning.local_now().date().isoformat(),
        "days": range(1, 4),
    }
    return render(request, "teacher/rounds.html", ctx, status=400 if error else 200)


@allow(*STAFF)
async def round_page(request: Request) -> Response:
    return await _round_view(request)


def slip_language(booking: dict[str, Any], adults: dict[str, Any], fallback: str) -> str:
    """The family's language for a slip: the one the parent who booked reads Rugzak in, else
    the one named for the conversation, else the teacher's pick (Dutch: Dutch only)."""
    adult = adults.get(booking.get("adult_id") or "") or {}
    for code in (adult.get("language"), booking.get("language")):
        if code and code != i18n.DEFAULT and code in i18n.LANGUAGES:
            return code
    return fallback


def _add_slip_texts(
    env: Environment, page: dict[str, Any], kinds: dict[str, str], fallback: str
) -> None:
    """Each booked slip's text in Dutch and, on the same slip, in the family's language:
    ``teacher/round_slip.html`` rendered once in each (as the invitation letters)."""
    for row in page["rows"]:
        if row["booking"]:
            lang = slip_language(row["booking"], page["adults"], fallback)
            said = {**page, "r": row, "kinds": kinds}
            row["texts"] = in_two_languages(
                env, "teacher/round_slip.html", lang, lambda _, said=said: said
            )


async def _round_view(request: Request, error: str = "") -> Response:
    app = rugzak(request)
    class_id, round_id = request.path_params["class_id"], request.path_params["item_id"]
    _check_class(request, class_id)
    page = await app.store.run(round_pages.round_page, app.store.school, class_id, round_id)
    back = f"/leraar/klas/{class_id}/gesprekken/{round_id}"
    ctx = {**page, "kinds": _kinds(request), "error": error, "back": back}
    ctx["spoken"] = spoken.spoken_names(i18n.DEFAULT)  # Dutch names for the teacher
    ctx["languages"] = i18n.LANGUAGES
    if request.url.path.endswith("/briefjes"):
        fallback = request.query_params.get("taal", i18n.DEFAULT)
        fallback = fallback if fallback in i18n.LANGUAGES else i18n.DEFAULT
        _add_slip_texts(app.env, page, _parent_titles(request), fallback)
        return render(request, "teacher/round_slips.html", ctx)
    return render(request, "teacher/round.html", ctx, status=400 if error else 200)


@allow(*STAFF)
async def round_book(request: Request) -> Response:
    """The teacher gives a family a time (a family without a phone, or on paper)."""
    app = rugzak(request)
    class_id, round_id = request.path_params["class_id"], request.path_params["item_id"]
    _check_class(request, class_id)
    form = await read_form(request)
    me = principal(request)
    action = text(form, "actie", 20)
    pupil_id, slot = text(form, "pupil_id", 20), text(form, "slot", 20)
    target = f"/leraar/klas/{class_id}/gesprekken/{round_id}"
    try:
        if action == "afzeggen":
            messages = await app.store.run(
                rounds.cancel, app.store.school, round_id, pupil_id, slot,
                Booker(me.id, me.role, me.name), _teacher_may(request),
            )  # fmt: skip
        else:
            message = await app.store.run(
                rounds.book, app.store.school, round_id, pupil_id, slot,
                Booker(me.id, me.role, me.name), _teacher_may(request), planning.local_now(),
                text(form, "taal", 10), text(form, "tolk", 5) == "ja",
                text(form, "tweede", 5) == "ja",
            )  # fmt: skip
            messages = [message]
    except RoundError as e:  # the planning again, with what went wrong on top
        return await _round_view(request, e.message)
    _tell(request, messages)
    return RedirectResponse(f"{target}#s-{slot.replace(':', '')}", 303)


# --- the parent ---


def _parent_may(request: Request) -> Callable[[Pupil], bool]:
    me = principal(request)
    return lambda pupil: pupil["id"] in me.child_ids


def _translated(request: Request, e: RoundError) -> str:
    return e.in_language(language_of(request))


async def _family_page(
    request: Request, pupil_id: str, error: str = "", done: str = ""
) -> Response:
    app = rugzak(request)
    page = await app.store.run(
        round_pages.family_rounds, app.store.school, pupil_id, _parent_may(request),
        planning.local_now(),
    )  # fmt: skip
    names = spoken.spoken_names(language_of(request))  # in the parent's language
    ctx = {**page, "kinds": _parent_titles(request), "spoken": names, "error": error}
    ctx["done"] = done
    return render(request, "parent/gesprek.html", ctx, status=400 if error else 200)


@allow("parent")
async def family(request: Request) -> Response:
    app = rugzak(request)
    pupil_id = request.path_params["pupil_id"]
    if request.method == "GET":
        return await _family_page(request, pupil_id, done=request.query_params.get("klaar", ""))
    form = await read_form(request)
    me = principal(request)
    who = Booker(me.id, "parent", me.name)
    action, round_id = text(form, "actie", 20), text(form, "ronde", 20)
    slot = text(form, "slot", 20)
    try:
        if action == "afzeggen":
            messages = await app.store.run(
                rounds.cancel, app.store.school, round_id, pupil_id, slot, who,
                _parent_may(request),
            )  # fmt: skip
        elif action == "wachtlijst":
            await app.store.run(
                rounds.join_waiting, app.store.school, round_id, pupil_id, who,
                _parent_may(request), planning.local_now(),
            )  # fmt: skip
            messages = []
        else:
            if not slot:
                raise RoundError(rounds.MSG_NO_SLOT)
            message = await app.store.run(
                rounds.book, app.store.school, round_id, pupil_id, slot, who,
                _parent_may(request), planning.local_now(), text(form, "taal", 10),
                text(form, "tolk", 5) == "ja", text(form, "tweede", 5) == "ja",
            )  # fmt: skip
            messages = [message]
    except RoundError as e:
        return await _family_page(request, pupil_id, error=_translated(request, e))
    _tell(request, messages)
    return RedirectResponse(f"/ouder/kind/{pupil_id}/gesprek?klaar={action or 'boeken'}", 303)


routes = [
    Route("/leraar/klas/{class_id}/gesprekken", class_rounds, methods=["GET", "POST"]),
    Route("/leraar/klas/{class_id}/gesprekken/{item_id}", round_page),
    Route("/leraar/klas/{class_id}/gesprekken/{item_id}/briefjes", round_page),
    Route("/leraar/klas/{class_id}/gesprekken/{item_id}/boeken", round_book, methods=["POST"]),
    Route("/ouder/kind/{pupil_id}/gesprek", family, methods=["GET", "POST"]),
]
