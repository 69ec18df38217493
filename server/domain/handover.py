"""Handing the presentation portfolio to the new school, with the family's consent.

A linked parent makes a code (12 letters and digits without look-alikes, typed as
``ABCD-EFGH-JKMN``) that expires after 7, 30 or 90 days and can be revoked. Only its
SHA-256 is stored (``handovers`` in the school file). "One-time" means: the first browser
that opens it is bound to it (the hash of a random cookie is stored); any other browser is
refused, so a forwarded e-mail does not open the portfolio elsewhere.

What the new school sees: the items the pupil put in her presentation portfolio
(``_present``, in her order) that she also shared with home and her teacher did not hide.
The family consents to what it can see itself: an item the parent never saw does not
leave the school on the parent's word.

Every opening goes into the pupil's access log (``access_log.record``) and, once per visit,
into the code's own list of openings, which the parent's page shows."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from server.domain import access_log, hiding, portfolio, school
from server.domain.errors import Invalid, NotFound
from server.domain.records import Item, Pupil, SchoolClass
from server.infra.store import RugzakDB, Store, new_id, valid_id

TABLE = "handovers"
ALPHABET = "ACDEFGHJKMNPQRTVWXY3479"  # without 0 O 1 I L 2 Z 5 S 6 8 B U: look-alikes
CODE_LENGTH = 12
DAYS = (7, 30, 90)
DEFAULT_DAYS = 30
MAX_SCHOOL_NAME = 120
MAX_OPENINGS = 100  # the list the parent sees; the access log keeps every visit

MSG_DAYS = "Kies hoe lang de code werkt: 7, 30 of 90 dagen."
MSG_SCHOOL_NAME = "De naam van de school is te lang."


class Gone(Exception):
    """The code exists but no longer opens anything (``why``: revoked, expired, elsewhere)."""

    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why


def now() -> datetime:
    """The clock of this module (tests move it)."""
    return datetime.now(UTC)


def _iso(at: datetime) -> str:
    return at.isoformat(timespec="seconds")


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def shown(code: str) -> str:
    """The code as printed and typed: three groups of four."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def normal(typed: str) -> str:
    """What someone typed, as stored: capitals, without spaces or dashes ("" when it cannot
    be a code)."""
    code = "".join(ch for ch in typed.upper() if ch not in " -\t")
    if len(code) != CODE_LENGTH or any(ch not in ALPHABET for ch in code):
        return ""
    return code


# --- the parent's side ---


def create(
    store: Store, pupil_id: str, adult_id: str, days: int, school_name: str
) -> tuple[str, str]:
    """A new code for the pupil: (its id, the code). The code itself is shown once and
    never stored."""
    if days not in DAYS:
        raise Invalid(MSG_DAYS)
    school_name = " ".join(school_name.split())
    if len(school_name) > MAX_SCHOOL_NAME:
        raise Invalid(MSG_SCHOOL_NAME)
    code, at = new_code(), now()
    handover_id = new_id("h_")
    with store.school.transaction() as db:
        pupil = school.get_pupil(db, pupil_id)
        if pupil is None:
            raise NotFound(pupil_id)
        cls = school.get_class(db, pupil["class_id"]) if pupil["class_id"] else None
        _put(db, handover_id, pupil_id, adult_id, at, days, school_name, code)
        # Her group as the code was made: after the summer she may have left (no class).
        db.table(TABLE).patch(handover_id, {"group": cls["group"] if cls else 0})
    return handover_id, code


def _put(
    db: RugzakDB,
    handover_id: str,
    pupil_id: str,
    adult_id: str,
    at: datetime,
    days: int,
    school_name: str,
    code: str,
) -> None:
    db.table(TABLE).put(
        handover_id,
        {
            "pupil_id": pupil_id,
            "created_by": adult_id,
            "created_at": _iso(at),
            "expires_at": _iso(at + timedelta(days=days)),
            "revoked_at": "",
            "school_name": school_name,
            "code_hash": digest(code),
            "bound": "",
            "openings": [],
        },
    )


def status(row: dict[str, Any], at: datetime | None = None) -> str:
    """active | revoked | expired."""
    if row.get("revoked_at"):
        return "revoked"
    if (at or now()) >= datetime.fromisoformat(row["expires_at"]):
        return "expired"
    return "active"


def of_pupil(store: Store, pupil_id: str) -> list[dict[str, Any]]:
    """The pupil's codes, newest first, with their status (no hashes)."""
    at = now()
    with store.school.transaction() as db:
        found = list(db.table(TABLE).rows())
    rows = [
        {
            "id": doc_id,
            "status": status(dict(row), at),
            **{k: v for k, v in row.items() if k not in ("code_hash", "bound")},
            "opened": bool(row.get("bound")),
        }
        for doc_id, row in found
        if row.get("pupil_id") == pupil_id
    ]
    return sorted(rows, key=lambda r: r["created_at"], reverse=True)


def revoke(store: Store, pupil_id: str, handover_id: str) -> None:
    """Stop the code at once (the pupil's own codes only; revoking twice is harmless)."""
    if not valid_id(handover_id, "h"):
        raise NotFound(handover_id)
    with store.school.transaction() as db:
        row = db.table(TABLE).stored(handover_id)
        if row is None or row.get("pupil_id") != pupil_id:
            raise NotFound(handover_id)
        if not row.get("revoked_at"):
            db.table(TABLE).patch(handover_id, {"revoked_at": _iso(now())})


# --- the new school's side ---


@dataclass
class Opened:
    handover_id: str
    row: dict[str, Any]
    pupil: Pupil
    cls: SchoolClass | None


def _usable(db: RugzakDB, handover_id: str, browser: str) -> Opened:
    row = db.table(TABLE).stored(handover_id)
    if row is None:
        raise NotFound(handover_id)
    state = status(dict(row))
    if state != "active":
        raise Gone(state)
    if row.get("bound") and row["bound"] != digest(browser):
        raise Gone("elsewhere")
    pupil = school.get_pupil(db, row["pupil_id"])
    if pupil is None:
        raise NotFound(handover_id)
    return Opened(handover_id, dict(row), pupil, school.get_class(db, pupil["class_id"]))


def redeem(store: Store, code: str, browser: str) -> Opened:
    """The code someone typed (normalised), for this browser's secret: binds the code to the
    browser on first use. NotFound for no such code, Gone when it no longer works."""
    wanted = digest(code) if code else ""
    with store.school.transaction() as db:
        for doc_id, row in db.table(TABLE).rows():
            if wanted and secrets.compare_digest(row.get("code_hash", ""), wanted):
                opened = _usable(db, doc_id, browser)
                if not row.get("bound"):
                    db.table(TABLE).patch(doc_id, {"bound": digest(browser)})
                return opened
    raise NotFound("code")


def shown_to(store: Store, handover_id: str, browser: str) -> Opened:
    """The code's pupil, for the browser it is bound to only (a page address alone, or a
    code never redeemed, opens nothing)."""
    if not valid_id(handover_id, "h"):
        raise NotFound(handover_id)
    with store.school.transaction() as db:
        opened = _usable(db, handover_id, browser)
    if not opened.row.get("bound"):
        raise Gone("elsewhere")
    return opened


def opening(store: Store, handover_id: str, browser: str) -> Opened:
    """``shown_to`` for a page of the selection: the opening is listed once per visit
    (``access_log.SAME_VISIT``)."""
    opened = shown_to(store, handover_id, browser)
    at = now()
    with store.school.transaction() as db:
        openings = list((db.table(TABLE).stored(handover_id) or {}).get("openings", []))
        if not openings or at - datetime.fromisoformat(openings[-1]) >= access_log.SAME_VISIT:
            openings = [*openings, _iso(at)][-MAX_OPENINGS:]
            db.table(TABLE).patch(handover_id, {"openings": openings})
    return opened


def log_opening(store: Store, opened: Opened) -> None:
    """Into the pupil's access log (her file: outside the school file's transaction)."""
    who = {"who": "handover", "who_id": opened.handover_id, "name": opened.row["school_name"]}
    access_log.record(store, opened.pupil["id"], who, "handover", now=now())


def selection(store: Store, pupil_id: str) -> list[Item]:
    """What the new school sees: present-marked, shared with home, not hidden; her order."""
    chosen = [
        item
        for item in portfolio.items(store.pupil(pupil_id))
        if item["values"].get("_present")
        and item["values"].get("_shared")
        and not hiding.hidden_from_family(item)
    ]
    return sorted(chosen, key=lambda i: i["values"]["_present"])


def shows_photo(items: list[Item], media_id: str) -> bool:
    return any(
        any(isinstance(v, list) and media_id in v for v in item["values"].values())
        for item in items
    )
