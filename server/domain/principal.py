"""Who is asking: the principal of a request, and the one rule for whether an account's
sign-in still holds (the account exists, is not disabled, and its epoch is unchanged)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeGuard

from server.domain import school
from server.domain.records import Adult, Pupil, Staff
from server.infra.store import Database, RugzakDB

ROLES = ("pupil", "parent", "teacher", "admin")


@dataclass(frozen=True)
class Principal:
    id: str
    role: str  # pupil | parent | teacher | admin
    name: str
    class_ids: frozenset[str] = field(default_factory=frozenset)  # teacher: classes taught
    child_ids: frozenset[str] = field(default_factory=frozenset)  # parent: linked pupils
    class_id: str = ""  # pupil: own class
    language: str = "nl"


def load(db: RugzakDB, role: str, uid: object, epoch: object) -> Principal | None:
    """The principal behind a sign-in of ``role`` for account ``uid`` made at ``epoch``, or
    None when the account is gone or disabled, or its epoch has moved on (a PIN reset,
    "sign out everywhere", a class change): sessions and device grants end the same way.

    Every request asks this, so the answer is kept until the school file changes (a
    teacher's classes would otherwise cost a scan of every class per request)."""
    if role not in ROLES or not isinstance(uid, str) or type(epoch) is not int:
        return None
    return db.derived(("principal", role, uid, epoch), lambda: _load(db, role, uid, epoch))


def _load(db: RugzakDB, role: str, uid: str, epoch: int) -> Principal | None:
    if role == "pupil":
        pupil = school.get_pupil(db, uid)
        if not _holds(pupil, epoch):
            return None
        return Principal(uid, role, school.full_name(pupil), class_id=pupil["class_id"])
    if role == "parent":
        adult = school.get_adult(db, uid)
        if not _holds(adult, epoch):
            return None
        children = frozenset(link["pupil_id"] for link in school.links(db, adult_id=uid))
        return Principal(
            uid, role, adult["name"], child_ids=children, language=adult.get("language", "nl")
        )
    staff = school.get_staff(db, uid)
    if not _holds(staff, epoch) or staff.get("role") != role:
        return None
    classes = frozenset(c["id"] for c in school.classes(db) if uid in c.get("teacher_ids", []))
    return Principal(uid, role, staff["name"], class_ids=classes)


def of(school_file: Database, role: str, uid: object, epoch: object) -> Principal | None:
    """``load`` in a transaction of its own."""
    with school_file.transaction() as db:
        return load(db, role, uid, epoch)


def _holds(account: Pupil | Adult | Staff | None, epoch: object) -> TypeGuard[Any]:
    return (
        account is not None
        and not account.get("disabled")
        and account.get("session_epoch", 0) == epoch
    )
