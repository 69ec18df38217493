"""Staff accounts (teachers and admins) as the school admin keeps them: a new account, a
new password. Each function is one transaction on the school file."""

from __future__ import annotations

from server.domain import school
from server.domain.errors import Invalid, NotFound
from server.domain.records import Staff
from server.infra import passwords
from server.infra.store import Database

ROLES = ("teacher", "admin")
USERNAME_TAKEN = "Deze gebruikersnaam bestaat al."


def check_account(name: str, username: str, role: str, password: str) -> None:
    """What the admin typed for a new account; raises ``Invalid`` with what to correct."""
    if not name or len(username) < 3:
        raise Invalid("Vul een naam en een gebruikersnaam (minstens 3 tekens) in.")
    if role not in ROLES:
        raise Invalid("Kies leerkracht of beheerder.")
    if len(password) < 10:
        raise Invalid("Kies een wachtwoord van minstens 10 tekens.")


def create_account(
    school_file: Database, name: str, username: str, role: str, password: str, hash_cost: int
) -> str:
    """A new teacher or admin; the password is hashed before the transaction (it is slow)."""
    check_account(name, username, role, password)
    pw_hash = passwords.hash_secret(password, hash_cost)
    with school_file.transaction() as db:
        if school.username_taken(db, username):
            raise Invalid(USERNAME_TAKEN)
        return school.create_staff(db, role, username, name, pw_hash)


def new_password() -> str:
    """A password the admin reads out once: three PINs, dash-separated."""
    return "-".join(passwords.new_pin() for _ in range(3))


def reset_password(school_file: Database, staff_id: str, hash_cost: int) -> tuple[Staff, str]:
    """A fresh password for this account, and signed out everywhere. Returns the account (as
    it was) and the new password, shown once."""
    password = new_password()
    pw_hash = passwords.hash_secret(password, hash_cost)
    with school_file.transaction() as db:
        member = school.get_staff(db, staff_id)
        if member is None:
            raise NotFound(staff_id)
        school.reset_password(db, staff_id, pw_hash)
        return member, password
