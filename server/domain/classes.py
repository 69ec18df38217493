"""A teacher's work with classes and pupils: what the teacher pages show and what a teacher
or admin changes there. Each function is one transaction on the school file; who may do it
is decided by the caller (``server/permissions.py``) and passed in where the rule must hold
inside the transaction."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypedDict

from server.domain import school
from server.domain.errors import Invalid, NotFound, Refused
from server.domain.records import Adult, Invitation, Link, Pupil, SchoolClass, Staff
from server.infra.store import Database, RugzakDB


class ClassRow(TypedDict):
    cls: SchoolClass
    pupil_ids: list[str]


class ClassPage(TypedDict):
    cls: SchoolClass
    pupils: list[Any]  # Pupil records plus "adults": how many adults are linked
    teachers: list[Staff]


class LinkedAdult(TypedDict):
    link: Link
    adult: Adult


class PupilPage(TypedDict):
    pupil: Pupil
    cls: SchoolClass | None
    classes: list[SchoolClass]
    adults: list[LinkedAdult]
    invitations: list[Invitation]


def visible_pupil(db: RugzakDB, pupil_id: str, may_see: Callable[[Pupil], bool]) -> Pupil:
    """The pupil a page is about, once the asker may see her: NotFound when there is none,
    Refused when she is not theirs (pupils and parents get 404 for both)."""
    pupil = school.get_pupil(db, pupil_id)
    if pupil is None:
        raise NotFound(pupil_id)
    if not may_see(pupil):
        raise Refused(pupil_id)
    return pupil


def overview(school_file: Database, visible: Callable[[str], bool]) -> list[ClassRow]:
    """The classes the caller may see, each with its pupils' ids."""
    with school_file.transaction() as db:
        return [
            {"cls": c, "pupil_ids": school.pupil_ids(db, c["id"])}
            for c in school.classes(db)
            if visible(c["id"])
        ]


def class_page(school_file: Database, class_id: str) -> ClassPage:
    with school_file.transaction() as db:
        cls = school.get_class(db, class_id)
        if cls is None:
            raise NotFound(class_id)
        pupils = school.pupils(db, class_id)
        for p in pupils:
            p["adults"] = school.adult_count(db, p["id"])
        teachers = [school.get_staff(db, t) for t in cls.get("teacher_ids", [])]
        return {"cls": cls, "pupils": pupils, "teachers": [t for t in teachers if t]}


def rename_class(school_file: Database, class_id: str, name: str) -> None:
    with school_file.transaction() as db:
        if school.get_class(db, class_id) is None:
            raise NotFound(class_id)
        if school.class_name_taken(db, name, except_id=class_id):
            raise Invalid(school.CLASS_NAME_TAKEN)
        school.update_class(db, class_id, name=name)


def add_pupil(school_file: Database, class_id: str, first: str, last: str, pin_hash: str) -> str:
    with school_file.transaction() as db:
        if school.get_class(db, class_id) is None:
            raise NotFound(class_id)
        return school.create_pupil(db, first, last, class_id, pin_hash)


def pupil_page(
    school_file: Database, pupil_id: str, may_manage: Callable[[Pupil], bool]
) -> PupilPage:
    """A pupil's page for a teacher or admin who may manage this pupil."""
    with school_file.transaction() as db:
        pupil = visible_pupil(db, pupil_id, may_manage)
        adults: list[LinkedAdult] = []
        for link in school.links(db, pupil_id=pupil_id):
            adult = school.get_adult(db, link["adult_id"])
            if adult:
                adults.append({"link": link, "adult": adult})
        return {
            "pupil": pupil,
            "cls": school.get_class(db, pupil["class_id"]),
            "classes": school.classes(db),
            "adults": adults,
            "invitations": school.invitations(db, pupil_id),
        }


def edit_pupil(school_file: Database, pupil_id: str, first: str, last: str, class_id: str) -> None:
    with school_file.transaction() as db:
        before = school.get_pupil(db, pupil_id)
        school.update_pupil(db, pupil_id, first_name=first, last_name=last, class_id=class_id)
        if before and before["class_id"] != class_id:
            # Out of the class: its tablets no longer sign this pupil in or deliver for them.
            school.bump_epoch(db, "pupils", pupil_id)


def reset_pin(school_file: Database, pupil_id: str, pin_hash: str) -> None:
    with school_file.transaction() as db:
        school.reset_pin(db, pupil_id, pin_hash)


def invite(school_file: Database, pupil_id: str, by: str, days: int, relation: str) -> str:
    """A new invitation code for an adult at home (only its hash is kept)."""
    with school_file.transaction() as db:
        return school.create_invitation(db, pupil_id, by, days, relation)[1]


def unlink(school_file: Database, pupil_id: str, link_id: str) -> None:
    with school_file.transaction() as db:
        if not any(link["id"] == link_id for link in school.links(db, pupil_id=pupil_id)):
            raise NotFound(link_id)
        school.unlink(db, link_id)
