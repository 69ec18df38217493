"""Signing in: finding a class by its code, a pupil in it, an account by user name, and
turning an invitation into a parent's account (or a link to an account they have)."""

from __future__ import annotations

from server.domain import school, subscriptions
from server.domain.records import Adult, Invitation, Pupil, SchoolClass, Staff
from server.infra.store import Database


def class_by_code(school_file: Database, code: str) -> SchoolClass | None:
    with school_file.transaction() as db:
        return school.class_by_code(db, code)


def class_with_pupils(school_file: Database, code: str) -> tuple[SchoolClass | None, list[Pupil]]:
    """The class of this code and its pupils (the names a child taps), or (None, [])."""
    with school_file.transaction() as db:
        cls = school.class_by_code(db, code)
        if cls is None:
            return None, []
        return cls, school.pupils(db, cls["id"])


def pupil_in_class(
    school_file: Database, code: str, pupil_id: str
) -> tuple[SchoolClass, Pupil] | None:
    with school_file.transaction() as db:
        cls = school.class_by_code(db, code)
        pupil = school.get_pupil(db, pupil_id)
        if cls is None or pupil is None or pupil["class_id"] != cls["id"]:
            return None
        return cls, pupil


def by_username(school_file: Database, kind: str, username: str) -> Staff | Adult | None:
    """A staff member (``kind`` "staff") or an adult at home with this user name."""
    with school_file.transaction() as db:
        if kind == "staff":
            return school.staff_by_username(db, username)
        return school.adult_by_username(db, username)


def invitation(school_file: Database, code: str) -> tuple[Invitation, Pupil | None]:
    """The open invitation of this code and its pupil; ``school.InvitationError`` if the
    code is unknown, used or expired."""
    with school_file.transaction() as db:
        inv = school.find_invitation(db, code)
        return inv, school.get_pupil(db, inv["pupil_id"])


def redeem(
    school_file: Database,
    code: str,
    relation: str,
    *,
    existing_adult: str | None = None,
    name: str = "",
    username: str = "",
    password_hash: str = "",
    language: str = "nl",
) -> Adult:
    """Use the invitation: link its pupil to the signed-in adult ``existing_adult``, or make
    a new account. Checked again inside the write, so a code is used only once."""
    with school_file.transaction() as db:
        inv = school.find_invitation(db, code)
        if existing_adult:
            adult_id = existing_adult
        else:
            if school.username_taken(db, username):
                raise school.InvitationError(
                    "Deze gebruikersnaam bestaat al. Kies een andere naam."
                )
            adult_id = school.create_adult(db, name, username, password_hash, language)
        school.link(db, adult_id, inv["pupil_id"], relation)
        school.use_invitation(db, inv["id"], adult_id)
        adult = school.get_adult(db, adult_id)
        assert adult is not None
        return adult


def sign_out_everywhere(school_file: Database, role: str, uid: str) -> None:
    """Every session and device grant of this account ends, and its notifications stop."""
    table = {"pupil": "pupils", "parent": "adults"}.get(role, "staff")
    with school_file.transaction() as db:
        school.bump_epoch(db, table, uid)
        subscriptions.remove_person(db, uid)
