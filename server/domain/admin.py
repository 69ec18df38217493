"""The school admin's overview and the classes the admin sets up: name, group and who
teaches them. Each function is one transaction on the school file."""

from __future__ import annotations

from typing import TypedDict

from server.domain import school
from server.domain.errors import Invalid, NotFound
from server.domain.records import SchoolClass, SchoolInfo, Staff
from server.infra.store import Database, RugzakDB

NO_NAME = "Geef de klas een naam."
NO_GROUP = "Kies groep 6, 7 of 8."


class ClassSummary(SchoolClass):
    teachers: list[str]  # the names of its teachers
    count: int  # how many pupils


class Overview(TypedDict):
    classes: list[ClassSummary]
    staff: list[Staff]
    info: SchoolInfo


def overview(school_file: Database) -> Overview:
    with school_file.transaction() as db:
        classes = school.classes(db)
        staff = school.staff(db)
        names = {s["id"]: s["name"] for s in staff}
        for c in classes:
            c["teachers"] = [names[t] for t in c.get("teacher_ids", []) if t in names]
            c["count"] = school.pupil_count(db, c["id"])
        return {"classes": classes, "staff": staff, "info": school.info(db)}


class ClassForm(TypedDict):
    cls: SchoolClass
    count: int  # how many pupils
    teachers: list[Staff]  # every teacher who could teach it


def class_form(school_file: Database, class_id: str) -> ClassForm:
    """What the admin's form for one class shows."""
    with school_file.transaction() as db:
        cls = school.get_class(db, class_id)
        if cls is None:
            raise NotFound(class_id)
        return {
            "cls": cls,
            "count": school.pupil_count(db, class_id),
            "teachers": school.staff(db, "teacher"),
        }


def check_class(name: str, group: str) -> int:
    """The name and group the admin typed; returns the group or raises ``Invalid``."""
    if not name:
        raise Invalid(NO_NAME)
    try:
        number = int(group)
    except ValueError:
        number = 0
    if number not in school.GROUPS:
        raise Invalid(NO_GROUP)
    return number


def _known_staff(db: RugzakDB, wanted: list[str]) -> list[str]:
    known = {s["id"] for s in school.staff(db)}
    return [t for t in wanted if t in known]


def create_class(school_file: Database, name: str, group: str, teacher_ids: list[str]) -> str:
    number = check_class(name, group)
    with school_file.transaction() as db:
        if school.class_name_taken(db, name):
            raise Invalid(school.CLASS_NAME_TAKEN)
        return school.create_class(db, name, number, _known_staff(db, teacher_ids))


def update_class(
    school_file: Database, class_id: str, name: str, group: str, teacher_ids: list[str]
) -> None:
    number = check_class(name, group)
    with school_file.transaction() as db:
        if school.get_class(db, class_id) is None:
            raise NotFound(class_id)
        if school.class_name_taken(db, name, except_id=class_id):
            raise Invalid(school.CLASS_NAME_TAKEN)
        school.update_class(
            db, class_id, name=name, group=number, teacher_ids=_known_staff(db, teacher_ids)
        )
