"""The family's list of secondary schools, in order of preference (registration asks for it),
the open days they plan, and — theirs to record — the final choice and when they registered.

The list, the choice and the teacher's remarks live in the pupil's file (table ``choice``): it
is the child's. Pupil and parent both change the list; each change names the list's revision
it was made on, so two people editing at once never silently overwrite each other (the
second is asked to look again). The teacher may add a remark to a school, never choose.
Planned visits live in the school file (table ``open_day_visits``), where the reminder round
finds them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from server.domain import portfolio
from server.domain.errors import Invalid
from server.infra.store import Database, new_id

CHOICE = "choice"
VISITS = "open_day_visits"
MAX_SCHOOLS = 8
MAX_REMARK = 500

# What a pupil or parent may be told (translated on the parent's page: tests/infra/test_i18n.py).
MSG_CHANGED = "De lijst is net door iemand anders veranderd. Kijk nog eens en probeer opnieuw."
MSG_FULL = "Er staan al 8 scholen op de lijst. Haal er eerst een weg."
MSG_UNKNOWN = "Deze school staat niet (meer) in de lijst van scholen."
MSG_NOT_ON_LIST = "Zet de school eerst op je lijst."
MSG_DATE = "Deze datum kennen we niet. Kies een datum in de kalender."
MSG_NOT_HERE = "Dit kan hier niet."
MSG_CHOOSE_FIRST = "Kies eerst de school van jullie keuze."
MSG_NO_VISIT = "Dit bezoek staat niet in de planning."


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def read(database: Database) -> dict[str, Any]:
    """The list (codes in order), its revision, the final choice and the teacher's remarks."""
    with database.transaction() as db:
        doc = db.table(CHOICE).stored("list") or {}
    return {
        "codes": list(doc.get("codes", [])),
        "rev": int(doc.get("rev", 0)),
        "by": doc.get("by", ""),
        "at": doc.get("at", ""),
        "final": doc.get("final", ""),
        "registered_on": doc.get("registered_on", ""),
        "remarks": dict(doc.get("remarks", {})),
    }


def change(
    database: Database,
    action: str,
    code: str,
    rev: int,
    by: str,
    known: Mapping[str, Any],
) -> None:
    """Add, remove, move up or down one school. ``rev`` is the revision the asker saw;
    ``known`` the catalogue (codes of schools still in it)."""
    with database.transaction() as db:
        table = db.table(CHOICE)
        doc = dict(table.stored("list") or {})
        if int(doc.get("rev", 0)) != rev:
            raise Invalid(MSG_CHANGED)
        codes = list(doc.get("codes", []))
        if action == "erbij":
            if code not in known or known[code].get("gone"):
                raise Invalid(MSG_UNKNOWN)
            if code not in codes:
                if len(codes) >= MAX_SCHOOLS:
                    raise Invalid(MSG_FULL)
                codes.append(code)
        elif code not in codes:
            raise Invalid(MSG_NOT_ON_LIST)
        elif action == "weg":
            codes.remove(code)
        elif action in ("hoger", "lager"):
            i = codes.index(code)
            j = i - 1 if action == "hoger" else i + 1
            if 0 <= j < len(codes):
                codes[i], codes[j] = codes[j], codes[i]
        elif action == "gekozen":
            doc["final"] = code
        else:
            raise Invalid(MSG_NOT_HERE)
        if doc.get("final") and doc["final"] not in codes:
            doc["final"] = ""  # a school taken off the list is no longer the choice
        portfolio.bump_rev(db)
        table.put("list", {**doc, "codes": codes, "rev": rev + 1, "by": by, "at": _now()})


def registered(database: Database, day: str, rev: int, by: str) -> None:
    """The family registered their child with the chosen school on ``day``."""
    try:
        date.fromisoformat(day)
    except ValueError:
        raise Invalid(MSG_DATE) from None
    with database.transaction() as db:
        table = db.table(CHOICE)
        doc = dict(table.stored("list") or {})
        if int(doc.get("rev", 0)) != rev:
            raise Invalid(MSG_CHANGED)
        if not doc.get("final"):
            raise Invalid(MSG_CHOOSE_FIRST)
        portfolio.bump_rev(db)
        table.put("list", {**doc, "registered_on": day, "rev": rev + 1, "by": by, "at": _now()})


def remark(database: Database, code: str, text: str, by: str, by_name: str) -> None:
    """The teacher's remark on a school of the list (advice, not a choice)."""
    text = text.strip()
    if len(text) > MAX_REMARK:
        raise Invalid(f"Schrijf het korter (maximaal {MAX_REMARK} tekens).")
    with database.transaction() as db:
        table = db.table(CHOICE)
        doc = dict(table.stored("list") or {})
        if code not in doc.get("codes", []):
            raise Invalid(MSG_NOT_ON_LIST)
        remarks = {**doc.get("remarks", {})}
        if text:
            remarks[code] = {"text": text, "by": by, "name": by_name, "at": _now()}
        else:
            remarks.pop(code, None)
        portfolio.bump_rev(db)
        table.put("list", {**doc, "remarks": remarks})


# --- open days the family plans (school file: the reminder round reads them) ---


def plan_visit(
    school_file: Database, pupil_id: str, school: Mapping[str, Any], day: str, moment: str, by: str
) -> str:
    """The family plans to visit an open day; the parent is reminded the day before."""
    try:
        at = datetime.fromisoformat(f"{day}T{moment or '00:00'}")
    except ValueError:
        raise Invalid(MSG_DATE) from None
    visit_id = new_id("b_")
    with school_file.transaction() as db:
        db.table(VISITS).put(
            visit_id,
            {
                "pupil_id": pupil_id,
                "code": school["code"],
                "name": school.get("name", ""),
                "at": at.isoformat(timespec="minutes"),
                "by": by,
                "reminded": False,
            },
        )
    return visit_id


def visits(school_file: Database, pupil_id: str) -> list[dict[str, Any]]:
    with school_file.transaction() as db:
        ids = db.index(VISITS, "pupil_id").get(pupil_id, ())
        rows = [{"id": i, **db.table(VISITS).stored(i)} for i in ids]
    return sorted(rows, key=lambda v: v["at"])


def cancel_visit(school_file: Database, pupil_id: str, visit_id: str) -> None:
    with school_file.transaction() as db:
        doc = db.table(VISITS).stored(visit_id)
        if doc is None or doc["pupil_id"] != pupil_id:
            raise Invalid(MSG_NO_VISIT)
        db.table(VISITS).remove_id(visit_id)
