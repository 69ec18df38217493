"""Invitation letters: a teacher prints one A4 letter per adult, each with a fresh one-time
code and a QR code that opens the redeem page (``/uitnodiging/<code>``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import segno
from markupsafe import Markup
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from server.domain import school
from server.permissions import allow, can_manage_class, principal, require
from server.web.context import Rugzak, rugzak
from server.web.forms import read_form, text
from server.web.routes.teacher import STAFF, no_store
from server.web.templating import render

CHOICES = {
    "zonder": "Leerlingen van wie nog geen ouder of verzorger gekoppeld is",
    "alle": "Alle leerlingen",
    "kies": "Leerlingen die ik hieronder aanvink",
}
MONTHS_EN = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip


def english_date(value: str) -> str:
    d = datetime.fromisoformat(value)
    return f"{d.day} {MONTHS_EN[d.month - 1]} {d.year}"


def qr_svg(url: str) -> Markup:
    """The QR code as inline SVG: black modules, no style attributes (strict CSP), sized by
    CSS through its viewBox. Segno escapes the title."""
    qr = segno.make(url, error="m", micro=False)
    svg = qr.svg_inline(
        omitsize=True, border=4, svgclass="letter-qr", title="QR-code voor de uitnodiging"
    )
    return Markup(svg)


def _add_qr_codes(base: str, letters: list[dict[str, Any]]) -> None:
    for letter in letters:
        letter["qr"] = qr_svg(f"{base}/uitnodiging/{school.normalize_code(letter['code'])}")
        letter["expires_en"] = english_date(letter["expires_at"])


def _teacher_names(db, cls: dict[str, Any]) -> list[str]:
    names = []
    for staff_id in cls.get("teacher_ids", []):
        person = school.get_staff(db, staff_id)
        if person:
            names.append(person["name"])
    return names


def _choice_page(app: Rugzak, class_id: str):
    with app.store.school.transaction() as db:
        cls = school.get_class(db, class_id)
        if cls is None:
            return None
        pupils = school.pupils(db, class_id)
        for p in pupils:
            p["adults"] = len(school.links(db, pupil_id=p["id"]))
        return {"cls": cls, "pupils": pupils}


def _make_letters(
    app: Rugzak, class_id: str, by: str, choice: str, ticked: set[str], per_pupil: int
):
    """Creates one fresh invitation per letter, all in one durable write."""
    with app.store.school.transaction() as db:
        cls = school.get_class(db, class_id)
        if cls is None:
            return None
        pupils = school.pupils(db, class_id)
        if choice == "kies":
            chosen = [p for p in pupils if p["id"] in ticked]
        elif choice == "zonder":
            chosen = [p for p in pupils if not school.links(db, pupil_id=p["id"])]
        else:
            chosen = pupils
        letters = []
        for p in chosen:
            for n in range(1, per_pupil + 1):
                inv_id, code = school.create_invitation(
                    db, p["id"], by, app.settings.limits.invitation_days
                )
                inv = db.table("invitations").by_id(inv_id)
                letters.append(
                    {
                        "first_name": p["first_name"],
                        "code": code,
                        "expires_at": inv["expires_at"],
                        "number": n,
                        "of": per_pupil,
                    }
                )
        return {
            "cls": cls,
            "letters": letters,
            "pupil_count": len(chosen),
            "school_name": school.info(db).get("name") or "",
            "teachers": _teacher_names(db, cls),
        }


def _show_choice(request: Request, page: dict[str, Any], error: str = "", status: int = 200):
    values = page.get("values", {"choice": "zonder", "per_pupil": 1, "ticked": set()})
    days = rugzak(request).settings.limits.invitation_days
    ctx = {**page, "letters": None, "choices": CHOICES, "error": error, "values": values}
    ctx["days"] = days
    return render(request, "teacher/letters.html", ctx, status=status)


@allow(*STAFF)
async def letters(request: Request) -> Response:
    app = rugzak(request)
    class_id = request.path_params["class_id"]
    me = principal(request)
    require(request, can_manage_class(me, class_id))
    if request.method == "GET":
        page = await app.store.run(_choice_page, app, class_id)
        if page is None:
            raise HTTPException(404)
        return _show_choice(request, page)

    form = await read_form(request)
    choice = text(form, "choice", 10)
    if choice not in CHOICES:
        choice = "zonder"
    per_pupil = 2 if text(form, "per_pupil", 2) == "2" else 1
    ticked = {v for v in form.getlist("pupil") if isinstance(v, str)}
    made = await app.store.run(_make_letters, app, class_id, me.id, choice, ticked, per_pupil)
    if made is None:
        raise HTTPException(404)
    if not made["letters"]:
        page = await app.store.run(_choice_page, app, class_id)
        page["values"] = {"choice": choice, "per_pupil": per_pupil, "ticked": ticked}
        error = (
            "Alle leerlingen hebben al een ouder of verzorger gekoppeld. Kies een andere groep."
            if choice == "zonder"
            else "Kies minstens één leerling."
        )
        return no_store(_show_choice(request, page, error, status=400))

    base = app.settings.base_url.rstrip("/")
    await app.store.run(_add_qr_codes, base, made["letters"])  # a class of QR codes: off the loop
    teachers = made["teachers"] or ([me.name] if me.role == "teacher" else [])
    ctx = {
        **made,
        "back": f"/leraar/klas/{class_id}",
        "start_url": f"{base}/uitnodiging",
        "helper": " of ".join(teachers) or "de leerkracht",
        "signature": " en ".join(teachers) or "De leerkracht",
    }
    return no_store(render(request, "teacher/letters.html", ctx))


routes = [
    Route("/leraar/klas/{class_id}/brieven", letters, methods=["GET", "POST"]),
]
