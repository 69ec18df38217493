"""Invitation letters: one fresh one-time invitation code per letter, for the adults at home
of the pupils a teacher chooses (from the class page, ``classes.class_page``). One
transaction on the school file."""

from __future__ import annotations

from typing import Any, NotRequired, TypedDict

from server.domain import school
from server.domain.errors import Invalid, NotFound
from server.domain.records import SchoolClass
from server.infra.store import Database, RugzakDB

# Whose letters: pupils without a linked adult yet, all pupils, or the ones ticked.
WITHOUT_ADULT, EVERYONE, TICKED = "zonder", "alle", "kies"
ALL_LINKED = "Alle leerlingen hebben al een ouder of verzorger gekoppeld. Kies een andere groep."
NONE_TICKED = "Kies minstens één leerling."


class Letter(TypedDict):
    first_name: str
    code: str  # the invitation code, as printed
    expires_at: str
    number: int  # letter 1 or 2 of this pupil's
    of: int
    qr: NotRequired[Any]  # added by the web layer: the QR code (SVG) and the date in English
    expires_en: NotRequired[str]


class LetterBatch(TypedDict):
    cls: SchoolClass
    letters: list[Letter]
    pupil_count: int
    school_name: str
    teachers: list[str]  # the names of the class's teachers


def _teacher_names(db: RugzakDB, cls: SchoolClass) -> list[str]:
    names = []
    for staff_id in cls.get("teacher_ids", []):
        person = school.get_staff(db, staff_id)
        if person:
            names.append(person["name"])
    return names


def make_letters(
    school_file: Database,
    class_id: str,
    by: str,
    choice: str,
    ticked: set[str],
    per_pupil: int,
    days: int,
) -> LetterBatch:
    """Creates one fresh invitation per letter, all in one durable write. Raises ``Invalid``
    when the choice leaves no pupil (nothing is written then)."""
    with school_file.transaction() as db:
        cls = school.get_class(db, class_id)
        if cls is None:
            raise NotFound(class_id)
        pupils = school.pupils(db, class_id)
        if choice == TICKED:
            chosen = [p for p in pupils if p["id"] in ticked]
        elif choice == WITHOUT_ADULT:
            chosen = [p for p in pupils if not school.links(db, pupil_id=p["id"])]
        else:
            chosen = pupils
        if not chosen:
            raise Invalid(ALL_LINKED if choice == WITHOUT_ADULT else NONE_TICKED)
        letters: list[Letter] = []
        for p in chosen:
            for n in range(1, per_pupil + 1):
                inv_id, code = school.create_invitation(db, p["id"], by, days)
                inv = school.get_invitation(db, inv_id)
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
