"""Invitation letters: a teacher prints one A4 letter per adult, each with a fresh one-time
code and a QR code that opens the redeem page (``/uitnodiging/<code>``). The letter is in
Dutch and, on the same page, in the family's language (the teacher picks it when printing;
``templates/letters/letter.html`` is rendered once in each)."""

from __future__ import annotations

from typing import Any

import segno
from babel.lists import format_list
from jinja2 import Environment
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from server.domain import classes, invitation_letters, school
from server.domain.errors import Invalid
from server.infra import dates, i18n
from server.infra.i18n import Text
from server.permissions import allow, can_manage_class, principal, require
from server.web.context import rugzak
from server.web.forms import read_form, text
from server.web.routes.teacher import STAFF
from server.web.templating import in_two_languages, no_store, render

CHOICES = {
    invitation_letters.WITHOUT_ADULT: "Leerlingen van wie nog geen ouder of verzorger gekoppeld is",
    invitation_letters.EVERYONE: "Alle leerlingen",
    invitation_letters.TICKED: "Leerlingen die ik hieronder aanvink",
}
DEFAULT_SECOND = "en"  # the second language when the teacher chooses none


def second_languages() -> dict[str, str]:
    """The languages a letter can have beside Dutch ("nl": Dutch only), in their own words."""
    return {code: name for code, name in i18n.LANGUAGES.items()}


def qr_svg(url: str) -> Markup:
    """The QR code as inline SVG: black modules, no style attributes (strict CSP), sized by
    CSS through its viewBox. Segno escapes the title."""
    qr = segno.make(url, error="m", micro=False)
    svg = qr.svg_inline(
        omitsize=True, border=4, svgclass="letter-qr", title="QR-code voor de uitnodiging"
    )
    return Markup(svg)


def _add_qr_codes(base: str, letters: list[invitation_letters.Letter]) -> None:
    for letter in letters:
        letter["qr"] = qr_svg(f"{base}/uitnodiging/{school.normalize_code(letter['code'])}")


def _add_texts(
    env: Environment, letters: list[Any], teachers: list[str], context: dict[str, Any], lang: str
) -> None:
    """Each letter's text in Dutch and, unless that is all, in ``lang`` (with its dates,
    and the teachers' names joined the language's way)."""

    def said(letter: dict[str, Any], code: str) -> dict[str, Any]:
        locale = dates.locale_of(code)
        return {
            **context,
            "l": letter,
            "with_code": code == i18n.DEFAULT,
            "helper": format_list(teachers, style="or", locale=locale)
            if teachers
            else Text("de leerkracht").in_language(code),
            "signature": format_list(teachers, locale=locale)
            if teachers
            else Text("De leerkracht").in_language(code),
        }

    for letter in letters:
        letter["texts"] = in_two_languages(
            env, "letters/letter.html", lang, lambda code, letter=letter: said(letter, code)
        )


def _show_choice(request: Request, page: dict[str, Any], error: str = "", status: int = 200):
    default = {"choice": invitation_letters.WITHOUT_ADULT, "per_pupil": 1, "ticked": set()}
    values = page.get("values", default)
    days = rugzak(request).settings.limits.invitation_days
    ctx = {**page, "letters": None, "choices": CHOICES, "error": error, "values": values}
    ctx["days"] = days
    ctx["second_languages"] = second_languages()
    return render(request, "teacher/letters.html", ctx, status=status)


@allow(*STAFF)
async def letters(request: Request) -> Response:
    app = rugzak(request)
    class_id = request.path_params["class_id"]
    me = principal(request)
    require(request, can_manage_class(me, class_id))
    if request.method == "GET":
        page = await app.store.run(classes.class_page, app.store.school, class_id)
        return _show_choice(request, page)

    form = await read_form(request)
    choice = text(form, "choice", 10)
    if choice not in CHOICES:
        choice = invitation_letters.WITHOUT_ADULT
    per_pupil = 2 if text(form, "per_pupil", 2) == "2" else 1
    lang = text(form, "taal", 8) or DEFAULT_SECOND
    if lang not in i18n.LANGUAGES:
        lang = DEFAULT_SECOND if DEFAULT_SECOND in i18n.LANGUAGES else i18n.DEFAULT
    ticked = {v for v in form.getlist("pupil") if isinstance(v, str)}
    days = app.settings.limits.invitation_days
    try:
        made = await app.store.run(
            invitation_letters.make_letters,
            app.store.school,
            class_id,
            me.id,
            choice,
            ticked,
            per_pupil,
            days,
        )
    except Invalid as e:  # nobody to write to: the choice again, with what to change
        page = await app.store.run(classes.class_page, app.store.school, class_id)
        values = {"choice": choice, "per_pupil": per_pupil, "ticked": ticked, "taal": lang}
        return no_store(_show_choice(request, {**page, "values": values}, e.message, status=400))

    base = app.settings.base_url.rstrip("/")
    await app.store.run(_add_qr_codes, base, made["letters"])  # a class of QR codes: off the loop
    teachers = made["teachers"] or ([me.name] if me.role == "teacher" else [])
    shared = {"start_url": f"{base}/uitnodiging", "school_name": made["school_name"]}
    _add_texts(app.env, made["letters"], teachers, shared, lang)
    ctx = {**made, **shared, "back": f"/leraar/klas/{class_id}", "second": lang}
    return no_store(render(request, "teacher/letters.html", ctx))


routes = [
    Route("/leraar/klas/{class_id}/brieven", letters, methods=["GET", "POST"]),
]
