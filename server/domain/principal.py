"""Who is asking: the principal of a request, and the one rule for whether an account's
sign-in still holds (the account exists, is not disabled, and its epoch is unchanged)."""

from __future__ import annotations

from dataclasses import dataclass, field

from server.infra.store import RugzakDB

ROLES = ("pupil", "parent", "teacher", "admin")
_TABLE = {"pupil": "pupils", "parent": "adults", "teacher": "staff", "admin": "staff"}


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
    "sign out everywhere", a class change): sessions and device grants end the same way."""
    if role not in ROLES or not isinstance(uid, str):
        return None
    doc = db.table(_TABLE[role]).by_id(uid)
    if doc is None or doc.get("disabled") or doc.get("session_epoch", 0) != epoch:
        return None
    if role in ("teacher", "admin") and doc.get("role") != role:
        return None
    if role == "pupil":
        name = f"{doc['first_name']} {doc['last_name']}".strip()
        return Principal(uid, role, name, class_id=doc["class_id"])
    if role == "parent":
        children = frozenset(
            link["pupil_id"] for link in db.table("links").all() if link["adult_id"] == uid
        )
        return Principal(
            uid, role, doc["name"], child_ids=children, language=doc.get("language", "nl")
        )
    classes = frozenset(
        c.doc_id for c in db.table("classes").all() if uid in c.get("teacher_ids", [])
    )
    return Principal(uid, role, doc["name"], class_ids=classes)
