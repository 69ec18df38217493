"""What a conversation ends with: the agreements and everyone's part in them ("afspraken en
ieders rol"), the pupil's and the parent's *akkoord*, how each of them experienced the talk,
and — in the next conversation — how the agreements went (gelukt / een beetje / nog niet).

They belong to the child, so they live in the pupil's own file (table ``agreements``, keyed
by the conversation's id) and travel with the portfolio. Only the pupil's own teacher writes
them (the caller checks, ``can_manage_pupil``); the pupil and a parent only mark *akkoord*
and say how it went. The teacher's private preparation note stays in the school file with
the conversation (``set_note``): it is never shown to the family.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from typing import Any

from server.domain import classes, planning, portfolio, school
from server.domain.errors import Invalid, NotFound
from server.domain.records import Pupil
from server.infra.store import Database, Store

AGREEMENTS = "agreements"
MAX_TEXT = 600
MAX_NOTE = 1_500
# The handbook's questions of "Afspraken en ieders rol daarin" and "Afronding"
# (server/guides/kinds/*.toml), one field each.
FIELDS = {
    "werken": "Waaraan ga je werken de komende periode?",
    "zelf": "Wat ga je daar zelf voor doen?",
    "hulp": "Wie kunnen je daar bij helpen?",
    "ouder": "Hoe helpt je ouder?",
    "leerkracht": "Hoe helpt de leerkracht?",
    "contact": "Hoe houden we contact?",
}
WHO = ("pupil", "parent")
FACES = {"blij": "Fijn", "gewoon": "Gewoon", "niet-blij": "Niet fijn"}
OUTCOMES = {"gelukt": "Gelukt", "een-beetje": "Een beetje", "nog-niet": "Nog niet"}

# What a parent may be told (translated on their page: tests/infra/test_i18n.py reads MSG_*).
MSG_FACE = "Kies hoe u het gesprek vond."
MSG_TOO_LONG = "Dit is te lang. Schrijf het korter."
MSG_NOTHING_YET = "Er zijn nog geen afspraken om mee akkoord te gaan."


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _text(value: str, limit: int = MAX_TEXT) -> str:
    value = value.strip()
    if len(value) > limit:
        raise Invalid(MSG_TOO_LONG)
    return value


def read_values(form: Mapping[str, str]) -> tuple[dict[str, str], str]:
    """The teacher's form: a text per agreement field and the next date (may be empty)."""
    values = {name: _text(form.get(name, "")) for name in FIELDS}
    if not any(values.values()):
        raise Invalid("Schrijf ten minste op waaraan de leerling gaat werken.")
    next_date = form.get("volgende", "").strip()
    if next_date:
        try:
            date.fromisoformat(next_date)
        except ValueError:
            raise Invalid("Deze datum kennen we niet. Kies een datum in de kalender.") from None
    return values, next_date


def record(
    database: Database,
    conversation: Mapping[str, Any],
    values: Mapping[str, str],
    next_date: str,
    by: str,
) -> None:
    """Write (or rewrite) the agreements of a held conversation. A change after someone
    said *akkoord* asks them again: they agreed to the earlier text, not to this one."""
    with database.transaction() as db:
        table = db.table(AGREEMENTS)
        old = table.stored(conversation["id"]) or {}
        changed = dict(old.get("values", {})) != dict(values) or old.get("next") != next_date
        portfolio.bump_rev(db)
        table.put(
            conversation["id"],
            {
                **old,
                "kind": conversation["kind"],
                "at": conversation["at"],
                "values": dict(values),
                "next": next_date,
                "written_by": by,
                "written_at": _now(),
                "marks": old.get("marks", {}) if not changed else {},
                "experience": old.get("experience", {}),
            },
        )


def mark_agreed(
    database: Database, conversation_id: str, who: str, by: str, name: str, where: str
) -> None:
    """The pupil or a parent agrees: on their own phone or on the teacher's device."""
    assert who in WHO and where in ("eigen telefoon", "bij de leerkracht")
    with database.transaction() as db:
        table = db.table(AGREEMENTS)
        doc = table.stored(conversation_id)
        if doc is None:
            raise Invalid(MSG_NOTHING_YET)
        mark = {"at": _now(), "by": by, "name": name, "where": where}
        marks = {**doc.get("marks", {}), who: mark}
        portfolio.bump_rev(db)
        table.patch(conversation_id, {"marks": marks})


def tell_experience(
    database: Database, conversation_id: str, who: str, face: str, text: str, by: str
) -> None:
    """ "Hoe heb je het gesprek ervaren?": a face and a sentence, from the pupil or a parent."""
    assert who in WHO
    if face not in FACES:
        raise Invalid(MSG_FACE)
    text = _text(text, 300)
    with database.transaction() as db:
        table = db.table(AGREEMENTS)
        doc = table.stored(conversation_id)
        if doc is None:
            raise Invalid(MSG_NOTHING_YET)
        experience = {**doc.get("experience", {}), who: {"face": face, "text": text, "by": by}}
        portfolio.bump_rev(db)
        table.patch(conversation_id, {"experience": experience})


def look_back(database: Database, earlier_id: str, outcome: str, in_conversation: str) -> None:
    """In the next conversation: how the earlier agreements went."""
    if outcome not in OUTCOMES:
        raise Invalid("Kies: gelukt, een beetje of nog niet.")
    with database.transaction() as db:
        table = db.table(AGREEMENTS)
        if table.stored(earlier_id) is None:
            raise NotFound(earlier_id)
        portfolio.bump_rev(db)
        table.patch(
            earlier_id, {"outcome": {"value": outcome, "at": _now(), "in": in_conversation}}
        )


def all_of(database: Database) -> list[dict[str, Any]]:
    """The pupil's agreements, newest conversation first."""
    with database.transaction() as db:
        rows = [{"id": k, **v} for k, v in db.table(AGREEMENTS).rows()]
    return sorted(rows, key=lambda a: a["at"], reverse=True)


def of(database: Database, conversation_id: str) -> dict[str, Any] | None:
    with database.transaction() as db:
        doc = db.table(AGREEMENTS).stored(conversation_id)
    return None if doc is None else {"id": conversation_id, **doc}


def before(rows: list[dict[str, Any]], at: str) -> dict[str, Any] | None:
    """The agreements of the conversation before the one at ``at``: the next one opens with
    them ("koppel terug vanuit eerder gemaakte afspraken")."""
    return next((a for a in rows if a["at"] < at), None)


def agreed_by_all(agreement: Mapping[str, Any]) -> bool:
    return all(w in agreement.get("marks", {}) for w in WHO)


# --- the teacher's private note (school file) ---


def set_note(school_file: Database, conversation_id: str, pupil_id: str, note: str) -> None:
    note = _text(note, MAX_NOTE)
    with school_file.transaction() as db:
        conversation = planning.get_conversation(db, conversation_id)
        if conversation is None or conversation["pupil_id"] != pupil_id:
            raise NotFound(conversation_id)
        db.table(planning.CONVERSATIONS).patch(conversation_id, {"note": note})


# --- pages ---


def talk(
    store: Store, pupil_id: str, conversation_id: str, may_see: Callable[[Pupil], bool]
) -> dict[str, Any]:
    """One conversation as the teacher holds it: the pupil, the conversation (with the
    private note), its agreements, and the earlier ones it starts from."""
    with store.school.transaction() as db:
        pupil = classes.visible_pupil(db, pupil_id, may_see)
        conversation = planning.get_conversation(db, conversation_id)
        if conversation is None or conversation["pupil_id"] != pupil_id:
            raise NotFound(conversation_id)
        cls = school.get_class(db, pupil["class_id"])
    rows = all_of(store.pupil(pupil_id))
    return {
        "pupil": pupil,
        "cls": cls,
        "conversation": conversation,
        "agreement": next((a for a in rows if a["id"] == conversation_id), None),
        "earlier": before(rows, conversation["at"]),
        # What she chose to present, in her order (``_present`` on her items).
        "presented": sorted(
            (i for i in portfolio.items(store.pupil(pupil_id)) if i["values"].get("_present")),
            key=lambda i: i["values"]["_present"],
        ),
    }


def family(store: Store, pupil_id: str, may_see: Callable[[Pupil], bool]) -> dict[str, Any]:
    """For the parent's page: the child and every agreement, newest first."""
    with store.school.transaction() as db:
        pupil = classes.visible_pupil(db, pupil_id, may_see)
    return {"pupil": pupil, "rows": all_of(store.pupil(pupil_id))}
