"""The school file: classes, pupils, staff, adults and their links, invitations.

Functions take a ``RugzakDB`` already inside a transaction, so a route can combine
several steps into one durable write.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from server.domain.records import (
    Adult,
    Invitation,
    Link,
    Pupil,
    SchoolClass,
    SchoolInfo,
    Staff,
)
from server.infra.store import Database, RugzakDB, new_id

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: codes are typed from paper
GROUPS = (6, 7, 8)
RELATIONS = {
    "vader": "vader",
    "moeder": "moeder",
    "broer-zus": "oudere broer of zus",
    "verzorger": "verzorger",
    "anders": "anders",
}


def _now() -> datetime:
    return datetime.now(UTC)


def _code(length: int) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def normalize_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def full_name(pupil: Pupil) -> str:
    return f"{pupil['first_name']} {pupil['last_name']}".strip()


def _record(doc_id: str, doc: Mapping[str, Any]) -> Any:
    """A copy of a stored document as its record, with its key as ``id``."""
    return {"id": doc_id, **doc}


def as_dict(doc: Any) -> Any:
    """A stored document as its record (``records.py``), with its key as ``id``."""
    return None if doc is None else {"id": doc.doc_id, **doc}


# --- school ---


def info(db: RugzakDB) -> SchoolInfo:
    return dict(db.table("meta").by_id("school") or {"name": "", "school_year": ""})


def set_info(db: RugzakDB, name: str, school_year: str) -> None:
    db.table("meta").put("school", {"name": name, "school_year": school_year})


# --- classes ---


def classes(db: RugzakDB) -> list[SchoolClass]:
    rows = [as_dict(c) for c in db.table("classes").all()]
    return sorted((r for r in rows if r), key=lambda c: (c["group"], c["name"]))


def get_class(db: RugzakDB, class_id: str) -> SchoolClass | None:
    return as_dict(db.table("classes").by_id(class_id))


def _by(db: RugzakDB, table: str, field: str, value: Any) -> list[Any]:
    """Copies of the documents whose ``field`` is ``value``, found in the file's index."""
    docs = db.table(table)
    return [_record(doc_id, docs.by_id(doc_id)) for doc_id in db.index(table, field).get(value, ())]


def _one_by(db: RugzakDB, table: str, field: str, value: Any) -> Any:
    found = _by(db, table, field, value)
    return found[0] if found else None


def class_by_code(db: RugzakDB, code: str) -> SchoolClass | None:
    return _one_by(db, "classes", "code", normalize_code(code))


def class_name_taken(db: RugzakDB, name: str, except_id: str | None = None) -> bool:
    """Class names are unique (ignoring case): the CSV import finds classes by name."""
    wanted = name.strip().lower()
    return any(
        c["name"].strip().lower() == wanted
        for c in db.table("classes").all()
        if c.doc_id != except_id
    )


CLASS_NAME_TAKEN = "Er is al een klas met deze naam. Kies een andere naam."


def new_class_code(db: RugzakDB) -> str:  # one no class has yet
    existing = {c["code"] for c in db.table("classes").all()}
    code = _code(6)
    while code in existing:
        code = _code(6)
    return code


def create_class(db: RugzakDB, name: str, group: int, teacher_ids: list[str]) -> str:
    code = new_class_code(db)
    class_id = new_id("k_")
    db.table("classes").put(
        class_id, {"name": name, "group": group, "code": code, "teacher_ids": teacher_ids}
    )
    return class_id


def update_class(db: RugzakDB, class_id: str, **fields: Any) -> None:
    db.table("classes").patch(class_id, fields)


# --- pupils ---


def pupils(db: RugzakDB, class_id: str | None = None) -> list[Pupil]:
    if class_id is None:
        rows = [_record(pupil_id, p) for pupil_id, p in db.table("pupils").rows()]
    else:
        rows = _by(db, "pupils", "class_id", class_id)
    return sorted(rows, key=lambda p: (p["first_name"], p["last_name"]))


def pupil_ids(db: RugzakDB, class_id: str) -> list[str]:
    """The ids of this class's pupils (from the index)."""
    return list(db.index("pupils", "class_id").get(class_id, ()))


def pupil_count(db: RugzakDB, class_id: str) -> int:
    """How many pupils this class has (from the index: nothing scanned)."""
    return len(db.index("pupils", "class_id").get(class_id, ()))


def get_pupil(db: RugzakDB, pupil_id: str) -> Pupil | None:
    return as_dict(db.table("pupils").by_id(pupil_id))


def create_pupil(
    db: RugzakDB, first_name: str, last_name: str, class_id: str, pin_hash: str
) -> str:
    pupil_id = new_id("p_")
    db.table("pupils").put(
        pupil_id,
        {
            "first_name": first_name,
            "last_name": last_name,
            "class_id": class_id,
            "pin_hash": pin_hash,
            "session_epoch": 0,
            "created_at": _now().isoformat(timespec="seconds"),
        },
    )
    return pupil_id


def update_pupil(db: RugzakDB, pupil_id: str, **fields: Any) -> None:
    db.table("pupils").patch(pupil_id, fields)


def reset_pin(db: RugzakDB, pupil_id: str, pin_hash: str) -> None:
    """New PIN; every open session and device grant of this pupil ended."""
    pupil = db.table("pupils").by_id(pupil_id)
    assert pupil is not None
    update_pupil(db, pupil_id, pin_hash=pin_hash, session_epoch=pupil.get("session_epoch", 0) + 1)


# --- staff (teachers and admins) ---


def staff(db: RugzakDB, role: str | None = None) -> list[Staff]:
    rows = [as_dict(s) for s in db.table("staff").all() if role is None or s["role"] == role]
    return sorted((r for r in rows if r), key=lambda s: s["name"])


def get_staff(db: RugzakDB, staff_id: str) -> Staff | None:
    return as_dict(db.table("staff").by_id(staff_id))


def staff_by_username(db: RugzakDB, username: str) -> Staff | None:
    return _one_by(db, "staff", "username", username.strip().lower())


def username_taken(db: RugzakDB, username: str) -> bool:
    username = username.strip().lower()
    return any(username in db.index(table, "username") for table in ("staff", "adults"))


def create_staff(db: RugzakDB, role: str, username: str, name: str, password_hash: str) -> str:
    staff_id = new_id("s_")
    db.table("staff").put(
        staff_id,
        {
            "role": role,
            "username": username.strip().lower(),
            "name": name,
            "password_hash": password_hash,
            "session_epoch": 0,
        },
    )
    return staff_id


def reset_password(db: RugzakDB, staff_id: str, password_hash: str) -> None:
    """New password; every open session of this staff member ended."""
    db.table("staff").patch(staff_id, {"password_hash": password_hash})
    bump_epoch(db, "staff", staff_id)


def bump_epoch(db: RugzakDB, table: str, doc_id: str) -> None:
    """Sign out everywhere: every cookie carrying the old epoch stops working."""
    doc = db.table(table).by_id(doc_id)
    assert doc is not None
    db.table(table).patch(doc_id, {"session_epoch": doc.get("session_epoch", 0) + 1})


# --- adults (parents and other adults linked to a pupil) ---


def get_adult(db: RugzakDB, adult_id: str) -> Adult | None:
    return as_dict(db.table("adults").by_id(adult_id))


def adult_by_username(db: RugzakDB, username: str) -> Adult | None:
    return _one_by(db, "adults", "username", username.strip().lower())


def set_language(school_file: Database, adult_id: str, lang: str) -> None:
    """The language an adult chose, kept on their account for every phone they use."""
    with school_file.transaction() as db:
        if db.table("adults").by_id(adult_id) is not None:
            db.table("adults").patch(adult_id, {"language": lang})


def create_adult(
    db: RugzakDB, name: str, username: str, password_hash: str, language: str = "nl"
) -> str:
    adult_id = new_id("o_")
    db.table("adults").put(
        adult_id,
        {
            "name": name,
            "username": username.strip().lower(),
            "password_hash": password_hash,
            "session_epoch": 0,
            "language": language,
            "created_at": _now().isoformat(timespec="seconds"),
        },
    )
    return adult_id


def links(db: RugzakDB, *, pupil_id: str | None = None, adult_id: str | None = None) -> list[Link]:
    if pupil_id is not None:
        rows = _by(db, "links", "pupil_id", pupil_id)
    elif adult_id is not None:
        rows = _by(db, "links", "adult_id", adult_id)
    else:
        rows = [_record(link_id, link) for link_id, link in db.table("links").rows()]
    return [
        r
        for r in rows
        if (pupil_id is None or r["pupil_id"] == pupil_id)
        and (adult_id is None or r["adult_id"] == adult_id)
    ]


def _adult_ids(db: RugzakDB, pupil_id: str) -> list[str]:
    """The adults linked to this pupil, in the order they were linked (from the index)."""
    docs = db.table("links")
    return [
        docs.by_id(link_id)["adult_id"]
        for link_id in db.index("links", "pupil_id").get(pupil_id, ())
    ]


def adults_of_pupils(db: RugzakDB, pupil_ids: Iterable[str]) -> dict[str, set[str]]:
    """For each of these pupils, the ids of their linked adults."""
    return {pupil_id: set(_adult_ids(db, pupil_id)) for pupil_id in pupil_ids}


def linked_adults(db: RugzakDB, pupil_ids: Iterable[str]) -> list[str]:
    """The adults linked to any of these pupils, once each."""
    return list(dict.fromkeys(a for pupil_id in pupil_ids for a in _adult_ids(db, pupil_id)))


def adult_count(db: RugzakDB, pupil_id: str) -> int:
    """How many adults are linked to this pupil (from the index: nothing scanned)."""
    return len(db.index("links", "pupil_id").get(pupil_id, ()))


def link(db: RugzakDB, adult_id: str, pupil_id: str, relation: str) -> str:
    for existing in links(db, pupil_id=pupil_id, adult_id=adult_id):
        return existing["id"]
    link_id = new_id("l_")
    db.table("links").put(
        link_id,
        {
            "adult_id": adult_id,
            "pupil_id": pupil_id,
            "relation": relation,
            "created_at": _now().isoformat(timespec="seconds"),
        },
    )
    return link_id


def unlink(db: RugzakDB, link_id: str) -> None:
    db.table("links").remove_id(link_id)


# --- invitations: one-time codes on a printed letter ---


def _code_hash(code: str) -> str:
    # Codes carry ~40 random bits and redemption is throttled, so a fast hash is enough.
    return hashlib.sha256(normalize_code(code).encode()).hexdigest()


def format_invitation_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def create_invitation(
    db: RugzakDB, pupil_id: str, created_by: str, days: int, relation: str = ""
) -> tuple[str, str]:
    """Returns (invitation id, the code). Only a hash of the code is stored."""
    code = _code(8)
    inv_id = new_id("u_")
    now = _now()
    db.table("invitations").put(
        inv_id,
        {
            "code_hash": _code_hash(code),
            "pupil_id": pupil_id,
            "relation": relation,
            "created_by": created_by,
            "created_at": now.isoformat(timespec="seconds"),
            "expires_at": (now + timedelta(days=days)).isoformat(timespec="seconds"),
            "used_at": None,
            "used_by": None,
        },
    )
    return inv_id, format_invitation_code(code)


def get_invitation(db: RugzakDB, inv_id: str) -> Invitation | None:
    return as_dict(db.table("invitations").by_id(inv_id))


def invitations(db: RugzakDB, pupil_id: str) -> list[Invitation]:
    rows = _by(db, "invitations", "pupil_id", pupil_id)
    return sorted(rows, key=lambda i: i["created_at"], reverse=True)


class InvitationError(ValueError):
    """A Dutch reason why this code cannot be used."""


def find_invitation(db: RugzakDB, code: str) -> Invitation:
    wanted = _code_hash(code)
    for inv in _by(db, "invitations", "code_hash", wanted):
        if secrets.compare_digest(inv["code_hash"], wanted):
            if inv["used_at"]:
                raise InvitationError(
                    "Deze code is al gebruikt. Vraag de leerkracht om een nieuwe code."
                )
            if datetime.fromisoformat(inv["expires_at"]) < _now():
                raise InvitationError(
                    "Deze code is verlopen. Vraag de leerkracht om een nieuwe code."
                )
            return inv  # type: ignore[no-any-return]
    raise InvitationError("Deze code kennen we niet. Kijk goed of je hem goed hebt overgetypt.")


def use_invitation(db: RugzakDB, inv_id: str, adult_id: str) -> None:
    db.table("invitations").patch(
        inv_id, {"used_at": _now().isoformat(timespec="seconds"), "used_by": adult_id}
    )
