"""Deleting one child without a trace: her folder, every row of the school file that names
her, the adults who have no other child, and the school file's journal that still holds
old lines about her.

The order makes a crash harmless. (1) One transaction on the school file writes an
*intent* (``deletions_pending``: her id, no name) and removes every row that names her, so
from then on nobody can sign in as her or open her pages. (2) Her folder is removed. (3)
The intent loses her id (``{"step": "journal"}``) and a row without name or id is added to
``deletions`` (when, why, by whom). (4) The school file is compacted: the snapshot is
rewritten without her and the journal, whose older lines name her, is emptied. (5) The
intent goes. A crash anywhere leaves valid files and an intent that ``resume`` (at start-up)
carries on from. Afterwards no file in the data folder holds her id or name, and no other
child's file was touched.

Sealed work a pupil left on a shared tablet is not kept on the server: it waits in the
tablet's outbox until it is delivered (``server/infra/sealing.py`` only opens envelopes as
they arrive). Once she is gone her device grant no longer holds (``principal.load`` finds
no pupil), so nothing of it is ever written again.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from server.domain import school
from server.domain.errors import Invalid, NotFound
from server.domain.records import Pupil
from server.infra.store import RugzakDB, Store, new_id, valid_id

PENDING = "deletions_pending"  # intent id -> {"pupil_id", ...} until her folder is gone
DONE = "deletions"  # one row per child deleted: {"at", "why", "by"}; no name, no id
WHY = {"beheer": "door de beheerder", "bewaartermijn": "bewaartermijn voorbij"}
NOT_CONFIRMED = "Typ de naam van het kind precies zoals hierboven, om te bevestigen."


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _names(value: Any, needle: str) -> bool:
    """Whether ``needle`` occurs anywhere in ``value`` (keys included)."""
    return needle in json.dumps(value, ensure_ascii=False)


def _about(value: Any, needle: str) -> bool:
    """A string naming her, or a record with a field naming her (a booking, a mention)."""
    if isinstance(value, str):
        return needle in value
    return isinstance(value, dict) and any(
        isinstance(x, str) and needle in x for x in value.values()
    )


def _without(value: Any, needle: str) -> Any:
    """``value`` with every key, element or record that names ``needle`` left out whole."""
    if isinstance(value, dict):
        return {
            k: _without(v, needle)
            for k, v in value.items()
            if needle not in k and not _about(v, needle)
        }
    if isinstance(value, list):
        return [_without(v, needle) for v in value if not _about(v, needle)]
    return value


@dataclass
class Plan:
    """What deleting one child removes from the school file (``remove``) and rewrites
    (``scrub``: rows of others that mention her in passing)."""

    pupil: Pupil
    remove: list[tuple[str, str]] = field(default_factory=list)
    scrub: list[tuple[str, str]] = field(default_factory=list)
    adults_gone: list[str] = field(default_factory=list)  # names: no other child
    adults_kept: list[str] = field(default_factory=list)  # names: stay for another child

    def count(self, table: str) -> int:
        return sum(1 for t, _ in self.remove if t == table)


def _rows_naming(db: RugzakDB, needle: str, plan: Plan, skip: set[tuple[str, str]]) -> None:
    for table in sorted(db.tables()):
        for doc_id, doc in db.table(table).rows():
            if (table, doc_id) in skip or not (needle in doc_id or _names(doc, needle)):
                continue
            about = needle in doc_id or any(
                isinstance(v, str) and needle in v for v in doc.values()
            )
            (plan.remove if about else plan.scrub).append((table, doc_id))
            skip.add((table, doc_id))


def plan(db: RugzakDB, pupil_id: str) -> Plan:
    """Inside a transaction: every row that names the pupil, and the adults who go with
    her (linked to no other child)."""
    pupil = school.get_pupil(db, pupil_id)
    if pupil is None:
        raise NotFound(pupil_id)
    found = Plan(pupil)
    seen: set[tuple[str, str]] = set()
    _rows_naming(db, pupil_id, found, seen)
    for link in school.links(db, pupil_id=pupil_id):
        adult = school.get_adult(db, link["adult_id"])
        others = [o for o in school.links(db, adult_id=link["adult_id"]) if o["id"] != link["id"]]
        if others:
            found.adults_kept.append(adult["name"] if adult else "")
            continue
        if adult is not None:
            found.adults_gone.append(adult["name"])
        _rows_naming(db, link["adult_id"], found, seen)
    return found


def _apply(db: RugzakDB, pupil_id: str) -> None:
    """Remove what ``plan`` found (inside the caller's transaction). Idempotent: a child
    already gone leaves nothing to do."""
    try:
        found = plan(db, pupil_id)
    except NotFound:
        found = Plan({})  # type: ignore[typeddict-item]
        _rows_naming(db, pupil_id, found, {(PENDING, k) for k, _ in db.table(PENDING).rows()})
    pending = {(PENDING, doc_id) for doc_id, _ in db.table(PENDING).rows()}
    for table, doc_id in found.remove:
        if (table, doc_id) not in pending:
            db.table(table).remove_id(doc_id)
    for table, doc_id in found.scrub:
        if (table, doc_id) in pending:
            continue
        doc = db.table(table).stored(doc_id)
        if doc is not None:
            db.table(table).put(doc_id, _without(dict(doc), pupil_id))


@dataclass
class Preview:
    """What the admin's confirmation page names before anything is removed."""

    pupil: Pupil
    name: str
    class_name: str
    items: int
    photos: int
    conversations: int
    rows: int  # every row of the school file that goes or is rewritten
    adults_gone: list[str]
    adults_kept: list[str]


def preview(store: Store, pupil_id: str) -> Preview:
    if not valid_id(pupil_id, "p"):
        raise NotFound(pupil_id)
    with store.school.transaction() as db:
        found = plan(db, pupil_id)
        cls = school.get_class(db, found.pupil["class_id"])
    folder = store.pupil_folder(pupil_id)
    media = store.media_dir(pupil_id)
    photos = sum(1 for p in media.iterdir() if p.is_file()) if media.is_dir() else 0
    items = 0
    if (folder / "portfolio.json").exists():
        with store.pupil(pupil_id).transaction() as pdb:
            items = sum(1 for _, doc in pdb.table("items").rows() if not doc.get("deleted"))
    return Preview(
        pupil=found.pupil,
        name=school.full_name(found.pupil),
        class_name=cls["name"] if cls else "",
        items=items,
        photos=photos,
        conversations=found.count("conversations"),
        rows=len(found.remove) + len(found.scrub),
        adults_gone=found.adults_gone,
        adults_kept=found.adults_kept,
    )


def confirmed(pupil: Mapping[str, Any], typed: str) -> bool:
    """The admin typed the child's full name (case and extra spaces aside)."""
    want = " ".join(school.full_name(pupil).split()).casefold()  # type: ignore[arg-type]
    return bool(want) and " ".join(typed.split()).casefold() == want


def delete_pupil(
    store: Store,
    pupil_id: str,
    *,
    typed_name: str | None,
    why: str,
    by: str,
    now: str | None = None,
) -> None:
    """Delete the child for good. ``typed_name`` is the admin's confirmation (None: the
    retention run, which confirms by its own rule)."""
    if not valid_id(pupil_id, "p") or why not in WHY:
        raise NotFound(pupil_id)
    intent = new_id("d_")
    with store.school.transaction() as db:
        pupil = school.get_pupil(db, pupil_id)
        if pupil is None:
            raise NotFound(pupil_id)
        if typed_name is not None and not confirmed(pupil, typed_name):
            raise Invalid(NOT_CONFIRMED)
        record = {"at": now or _now(), "why": why, "by": by}
        db.table(PENDING).put(intent, {"pupil_id": pupil_id, **record})
        _apply(db, pupil_id)
    _finish(store, intent)


def _finish(store: Store, intent: str) -> None:
    with store.school.transaction() as db:
        doc = db.table(PENDING).stored(intent)
        if doc is None:
            return
        pupil_id = doc.get("pupil_id")
    if pupil_id:
        store.remove_pupil(pupil_id)
        with store.school.transaction() as db:
            record = {k: doc[k] for k in ("at", "why", "by") if k in doc}
            db.table(PENDING).put(intent, {"step": "journal"})
            db.table(DONE).put(new_id("d_"), record)
    store.school.compact()  # the snapshot without her, the journal emptied
    with store.school.transaction() as db:
        db.table(PENDING).remove_id(intent)
    store.school.compact()  # (the journal line that removed the intent, too)


def resume(store: Store) -> int:
    """At start-up: finish deletions a crash interrupted. Returns how many."""
    with store.school.transaction() as db:
        pending = [(k, dict(v)) for k, v in db.table(PENDING).rows()]
    for intent, doc in pending:
        if doc.get("pupil_id"):
            with store.school.transaction() as db:
                _apply(db, doc["pupil_id"])
        _finish(store, intent)
    return len(pending)


def done(store: Store) -> list[dict[str, Any]]:
    """Every deletion so far (newest first): when, why and by whom; never whom."""
    with store.school.transaction() as db:
        rows = [dict(v) for _, v in db.table(DONE).rows()]
    return sorted(rows, key=lambda r: r.get("at", ""), reverse=True)
