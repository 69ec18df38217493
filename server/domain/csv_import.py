"""Import pupils from the CSV that Dutch pupil administrations export: the lines are read
by ``csv_reading.py`` (every problem with its line number), and written here all or none.

A pupil is found again by the administration's pupil number, never by name: a re-import in
a new school year (same numbers, new classes, sometimes new names) makes nobody twice and
updates name and class. A pupil who has no number yet (the demo, older imports) may be
found by name and class once, and then gets the number; the preview says so. Once a file
with numbers has been imported (``meta`` document ``pupil_numbers``), the school uses
numbers: a line without one is refused, each with its line number. Only a school that never
imported numbers still matches by name and class.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TypedDict

from server.domain import school
from server.domain.csv_reading import LineError, Row, looks_like_bsn, parse
from server.infra.store import Database, RugzakDB

__all__ = ["LineError", "Row", "apply_rows", "looks_like_bsn", "parse", "preview"]


# --- writing the parsed rows (all or none) ---


class Outcome(TypedDict):
    """What one line does: ``new``, ``updated`` (found by number; name or class changed),
    ``numbered`` (a pupil without a number, found by name and class: she gets this one) or
    ``unchanged``."""

    line: int
    name: str
    class_name: str
    action: str
    was: str  # what changed, in Dutch ("" when nothing did)


USES_NUMBERS = "pupil_numbers"  # in ``meta``: since when the imports carry pupil numbers
MSG_NO_NUMBER = "Het leerlingnummer ontbreekt. De leerlingen van deze school hebben een nummer."
MSG_TWO_NAMED = "In deze klas hebben twee leerlingen zonder nummer deze naam."


def _not_yours(row: Row) -> LineError:
    return LineError(row.line, f"Klas '{row.class_name}' is niet een klas van u.")


def _check(
    db: RugzakDB, rows: list[Row], may_manage: Callable[[str], bool], may_add_classes: bool
) -> list[LineError]:
    by_name = {c["name"].lower(): c for c in school.classes(db)}
    new_classes: dict[str, int] = {}
    errors: list[LineError] = []
    for row in rows:
        cls = by_name.get(row.class_name.lower())
        if cls is None:
            if not may_add_classes:
                errors.append(_not_yours(row))
            elif new_classes.setdefault(row.class_name.lower(), row.group) != row.group:
                errors.append(
                    LineError(
                        row.line,
                        f"Klas '{row.class_name}' staat ook met een andere groep in het bestand.",
                    )
                )
        elif not may_manage(cls["id"]):
            errors.append(_not_yours(row))
        elif cls["group"] != row.group:
            errors.append(
                LineError(
                    row.line,
                    f"Klas '{cls['name']}' is groep {cls['group']}, niet groep {row.group}.",
                )
            )
    return errors


Match = tuple[Row, str | None, str]  # the row, the pupil it is (None: new), the action


def _match(
    db: RugzakDB, rows: list[Row], may_manage: Callable[[str], bool]
) -> tuple[list[Match], list[LineError]]:
    """Each row's pupil: by number when the row has one (a pupil without a number may be
    found by name and class, once); by name and class only in a school without numbers."""
    pupils = db.table("pupils")
    by_number = db.index("pupils", "number")
    uses_numbers = db.table("meta").stored(USES_NUMBERS) is not None
    by_name: dict[tuple[str, str, str], list[str]] = {}
    for pupil_id, p in pupils.rows():
        if not p.get("left_on"):
            key = (p["first_name"].lower(), p["last_name"].lower(), p["class_id"])
            by_name.setdefault(key, []).append(pupil_id)
    classes = {c["name"].lower(): c["id"] for c in school.classes(db)}
    found: list[Match] = []
    errors: list[LineError] = []
    for row in rows:
        class_id = classes.get(row.class_name.lower(), "")
        key = (row.first_name.lower(), row.last_name.lower(), class_id)
        named = by_name.get(key, []) if class_id else []
        if not row.number:
            if uses_numbers:
                errors.append(LineError(row.line, MSG_NO_NUMBER))
            else:
                found.append((row, named[0], "unchanged") if named else (row, None, "new"))
            continue
        if ids := by_number.get(row.number):
            pupil = pupils.stored(ids[0])
            assert pupil is not None
            if pupil.get("left_on"):
                errors.append(LineError(row.line, f"Leerling {row.number} is van school af."))
            elif not may_manage(pupil["class_id"]):
                errors.append(LineError(row.line, f"Leerling {row.number} zit niet in uw klas."))
            else:
                now = (pupil["first_name"], pupil["last_name"], pupil["class_id"])
                same = now == (row.first_name, row.last_name, class_id)
                found.append((row, ids[0], "unchanged" if same else "updated"))
            continue
        unnumbered = [i for i in named if not (pupils.stored(i) or {}).get("number")]
        if len(unnumbered) > 1:
            errors.append(LineError(row.line, MSG_TWO_NAMED))
        elif unnumbered:
            by_name[key] = [i for i in named if i != unnumbered[0]]  # numbered once
            found.append((row, unnumbered[0], "numbered"))
        else:
            found.append((row, None, "new"))
    return found, errors


def _was(db: RugzakDB, row: Row, pupil_id: str | None, action: str) -> str:
    pupil = school.get_pupil(db, pupil_id) if pupil_id else None
    if pupil is None or action != "updated":
        return ""
    changes = []
    if (pupil["first_name"], pupil["last_name"]) != (row.first_name, row.last_name):
        changes.append(f"naam was {school.full_name(pupil)}")
    cls = school.get_class(db, pupil["class_id"])
    if cls is not None and cls["name"].lower() != row.class_name.lower():
        changes.append(f"klas was {cls['name']}")
    return ", ".join(changes)


def _outcomes(
    db: RugzakDB, rows: list[Row], may_manage: Callable[[str], bool], may_add_classes: bool
) -> tuple[list[Match], list[Outcome], list[LineError]]:
    errors = _check(db, rows, may_manage, may_add_classes)
    matched, more = _match(db, rows, may_manage)
    errors = sorted(errors + more, key=lambda e: e.line)
    if errors:
        return [], [], errors
    outcomes: list[Outcome] = [
        {
            "line": row.line,
            "name": f"{row.first_name} {row.last_name}".strip(),
            "class_name": row.class_name,
            "action": action,
            "was": _was(db, row, pupil_id, action),
        }
        for row, pupil_id, action in matched
    ]
    return matched, outcomes, []


def preview(
    school_file: Database,
    rows: list[Row],
    may_manage: Callable[[str], bool],
    may_add_classes: bool,
) -> tuple[list[Outcome], list[LineError]]:
    """What importing ``rows`` would do, line by line; writes nothing."""
    with school_file.transaction() as db:
        _, outcomes, errors = _outcomes(db, rows, may_manage, may_add_classes)
        return outcomes, errors


def apply_rows(
    school_file: Database,
    rows: list[Row],
    pin_hashes: list[str],
    may_manage: Callable[[str], bool],
    may_add_classes: bool,
) -> tuple[list[Outcome], list[LineError]]:
    """Import ``rows`` in one transaction (a new pupil gets her line's PIN hash), or, with
    any error, write nothing. A pupil moved to another class gets a new session epoch."""
    with school_file.transaction() as db:
        matched, outcomes, errors = _outcomes(db, rows, may_manage, may_add_classes)
        if errors:
            return [], errors
        if any(row.number for row in rows) and db.table("meta").stored(USES_NUMBERS) is None:
            db.table("meta").put(USES_NUMBERS, {"since": datetime.now(UTC).date().isoformat()})
        by_name = {c["name"].lower(): c for c in school.classes(db)}
        for (row, pupil_id, action), pin_hash in zip(matched, pin_hashes, strict=True):
            cls = by_name.get(row.class_name.lower())
            if cls is None:
                class_id = school.create_class(db, row.class_name, row.group, [])
                cls = by_name[row.class_name.lower()] = school.get_class(db, class_id)
            assert cls is not None
            if pupil_id is None:
                pupil_id = school.create_pupil(
                    db, row.first_name, row.last_name, cls["id"], pin_hash
                )
            if action in ("new", "numbered") and row.number:
                school.update_pupil(db, pupil_id, number=row.number)
            elif action == "updated":
                before = school.get_pupil(db, pupil_id)
                assert before is not None
                names = {"first_name": row.first_name, "last_name": row.last_name}
                school.update_pupil(db, pupil_id, class_id=cls["id"], **names)
                if before["class_id"] != cls["id"]:  # her old class's tablets: signed out
                    school.bump_epoch(db, "pupils", pupil_id)
        for outcome, (row, _, _) in zip(outcomes, matched, strict=True):
            outcome["class_name"] = by_name[row.class_name.lower()]["name"]
        return outcomes, []
