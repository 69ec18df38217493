"""A pupil's portfolio file: items, per-field revisions and history, processed operations.

Every change goes through ``apply_ops``: one transaction, one durable write per batch,
each operation answered on its own. The same path serves the offline sync endpoint,
form saves and the demo, so history and revisions are kept the same way everywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from server.domain import sync
from server.domain.records import HistoryEntry, Item
from server.infra.store import Database, RugzakDB, StrTable

MAX_BATCH = 500
RESERVED = {"_status", "_shared", "_title"}  # item attributes that travel like fields

# validate(item, field, value) -> cleaned value, or raises ValueError with a Dutch reason
Validator = Callable[[dict[str, Any], str, Any], Any]
# clock() -> the time to stamp, ISO 8601 in seconds (default: now_iso; the demo dates its past)
Clock = Callable[[], str]


@dataclass(frozen=True)
class Actor:
    id: str
    role: str  # pupil | parent | teacher | admin | system


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def bump_rev(db: RugzakDB) -> int:
    """The file's next revision: every change takes one, so cached pages see it."""
    return _next_rev(db)


def revision(db: RugzakDB) -> int:
    """The file's current revision (0 before any change)."""
    doc = db.table("meta").by_id("rev")
    return doc["value"] if doc else 0


def live_item(db: RugzakDB, item_id: str) -> Item | None:
    """Inside a transaction: the item, unless it is unknown or deleted."""
    doc = db.table("items").by_id(item_id)
    return None if doc is None or doc.get("deleted") else {"id": item_id, **doc}


def record(db: RugzakDB, entry: dict[str, Any]) -> None:
    """Inside a transaction: a row of the file's history (who changed what, when)."""
    db.table("history").insert(entry)


def _next_rev(db: RugzakDB) -> int:
    rev = revision(db) + 1
    db.table("meta").put("rev", {"value": rev})
    return rev


def _result(op_id: str, status: str, **extra: Any) -> dict[str, Any]:
    return {"op_id": op_id, "status": status, **extra}


def _refuse(op_id: str, reason: str, code: str = sync.INVALID) -> dict[str, Any]:
    """A refusal: the Dutch ``reason`` is for the pupil, the ``code`` for the device."""
    return _result(op_id, sync.REFUSED, reason=reason, code=code)


def _create(
    db: RugzakDB, op: dict[str, Any], actor: Actor, meta: dict[str, Any], clock: Clock
) -> dict:
    items = db.table("items")
    item_id = op["item_id"]
    if items.by_id(item_id) is not None:
        return _result(op["op_id"], sync.APPLIED, rev=0)  # created before, e.g. on another tablet
    rev = _next_rev(db)
    items.put(
        item_id,
        {
            "worksheet": meta["worksheet"],
            "group": meta["group"],
            "school_year": meta["school_year"],
            "created_at": clock(),
            "created_by": actor.id,
            "deleted": False,
            # Item attributes start unrevised (rev 0) like any field, so a device that
            # created the item offline can change them with base_rev 0.
            "values": {"_status": "bezig", "_shared": False, "_title": ""},
            "revs": {},
        },
    )
    return _result(op["op_id"], sync.APPLIED, rev=rev)


def _set(
    db: RugzakDB, op: dict[str, Any], actor: Actor, value: Any, clock: Clock
) -> dict[str, Any]:
    items, history = db.table("items"), db.table("history")
    item_id, field, op_id = op["item_id"], op["field"], op["op_id"]
    item = items.by_id(item_id)
    assert item is not None
    current = sync.FieldState(item["values"].get(field), item["revs"].get(field, 0))
    outcome = sync.decide(current, int(op.get("base_rev", 0)), value)
    entry = {
        "item_id": item_id,
        "field": field,
        "by": actor.id,
        "role": actor.role,
        "at": clock(),
        "op_id": op_id,
        "base_rev": int(op.get("base_rev", 0)),
    }
    if outcome is sync.Outcome.SAME:
        return _result(op_id, sync.APPLIED, rev=current.rev)
    if outcome is sync.Outcome.CONFLICT:
        history.insert({**entry, "kind": "conflict", "value": value, "rev": current.rev})
        return _result(op_id, sync.CONFLICT, rev=current.rev, current=current.value)
    rev = _next_rev(db)
    items.patch(
        item_id,
        {
            "values": {**item["values"], field: value},
            "revs": {**item["revs"], field: rev},
            "updated_at": entry["at"],
        },
    )
    history.insert({**entry, "kind": "set", "value": value, "old": current.value, "rev": rev})
    return _result(op_id, sync.APPLIED, rev=rev)


def _delete(db: RugzakDB, op: dict[str, Any]) -> dict[str, Any]:
    items = db.table("items")
    rev = _next_rev(db)
    items.patch(op["item_id"], {"deleted": True, "deleted_rev": rev})
    return _result(op["op_id"], sync.APPLIED, rev=rev)


def check_shape(op: Any) -> str | None:
    """A Dutch reason when an operation is malformed, else None."""
    if not isinstance(op, dict):
        return "Deze wijziging klopt niet."
    if not isinstance(op.get("op_id"), str) or not 8 <= len(op["op_id"]) <= 64:
        return "Deze wijziging heeft geen geldig nummer."
    if op.get("type") not in ("create", "set", "delete"):
        return "Dit soort wijziging bestaat niet."
    if not isinstance(op.get("item_id"), str) or not 8 <= len(op["item_id"]) <= 64:
        return "Deze wijziging hoort niet bij een werkblad."
    if op["type"] == "set":
        if not isinstance(op.get("field"), str) or not op["field"]:
            return "Bij deze wijziging ontbreekt het veld."
        after = op.get("after")
        if after is not None and (not isinstance(after, str) or not 8 <= len(after) <= 64):
            return "Deze wijziging hoort bij een onbekende eerdere wijziging."
        base = op.get("base_rev", 0)
        if after is not None and base is None:
            return None
        if not isinstance(base, int) or isinstance(base, bool) or base < 0:
            return "Deze wijziging heeft een ongeldige versie."
    return None


# describe_create(op) -> {"worksheet", "group", "school_year"} or raises ValueError (Dutch)
CreateDescriber = Callable[[dict[str, Any]], dict[str, Any]]


def apply_ops(
    database: Database,
    ops: list[Any],
    actor: Actor,
    validate: Validator,
    describe_create: CreateDescriber,
    clock: Clock | None = None,
) -> list[dict[str, Any]]:
    """Apply a batch in one transaction (one durable write); answer every operation.

    An operation id seen before returns its first answer, so replaying a batch after a
    lost response changes nothing (at-least-once delivery, exactly-once application).
    ``clock`` gives the time stamps (default: now).
    """
    clock = clock or now_iso
    results: list[dict[str, Any]] = []
    with database.transaction() as db:
        done = db.table("ops")
        for op in ops:
            reason = check_shape(op)
            if reason:
                op_id = op.get("op_id") if isinstance(op, dict) else None
                results.append(_refuse(op_id if isinstance(op_id, str) else "", reason))
                continue
            first = done.by_id(op["op_id"])
            if first is not None:
                # The first answer again; a refusal stays a refusal, so it is never lost.
                status = first["result"]["status"]
                status = status if status == sync.REFUSED else sync.DUPLICATE
                results.append({**first["result"], "status": status})
                continue
            base = _base_rev(done, op)
            if base is None:
                # The change it builds on has not arrived yet: not remembered, so the
                # device can send it again later.
                results.append(_refuse(op["op_id"], WAITING, sync.WAITING))
                continue
            result = _apply_one(
                db, {**op, "base_rev": base}, actor, validate, describe_create, clock
            )
            if result.get("code") != sync.NOT_YOURS:
                # (Someone else's field is refused every time anyway: nothing to remember,
                # so the file stays exactly as it was.)
                done.put(op["op_id"], {"result": result, "at": clock(), "base_rev": base})
            results.append(result)
    return results


WAITING = "Deze wijziging wacht op een eerdere wijziging."


def _base_rev(done: StrTable, op: dict[str, Any]) -> int | None:
    """The revision a set operation builds on. With ``after`` (a change made on the device
    while an earlier change of the same field was still on its way), it is the revision
    that earlier change produced; after a conflict or refusal, that change's own base, so
    the follow-up is a conflict copy too. None: the earlier change has not arrived."""
    after = op.get("after") if op["type"] == "set" else None
    if after is None:
        return int(op.get("base_rev") or 0)
    prior = done.by_id(after)
    if prior is None:
        return None
    if prior["result"]["status"] == sync.APPLIED:
        return int(prior["result"].get("rev", 0))
    return int(prior.get("base_rev", 0))


def _apply_one(
    db: RugzakDB,
    op: dict[str, Any],
    actor: Actor,
    validate: Validator,
    describe_create: CreateDescriber,
    clock: Clock,
) -> dict[str, Any]:
    op_id = op["op_id"]
    if op["type"] == "create":
        try:
            meta = describe_create(op)
        except ValueError as e:
            return _refuse(op_id, str(e))
        return _create(db, op, actor, meta, clock)
    item = db.table("items").by_id(op["item_id"])
    if item is None or item.get("deleted"):
        return _refuse(op_id, "Dit werkblad bestaat niet (meer).")
    if op["type"] == "delete":
        return _delete(db, op)
    try:
        value = validate(dict(item), op["field"], op.get("value"))
    except ValueError as e:
        return _refuse(op_id, str(e), getattr(e, "code", sync.INVALID))
    return _set(db, op, actor, value, clock)


def items(database: Database, include_deleted: bool = False) -> list[Item]:
    with database.transaction() as db:
        docs = db.table("items").all()
    return [{"id": d.doc_id, **d} for d in docs if include_deleted or not d.get("deleted")]


def item(database: Database, item_id: str) -> Item | None:
    with database.transaction() as db:
        return live_item(db, item_id)


def history(database: Database, item_id: str | None = None) -> list[HistoryEntry]:
    with database.transaction() as db:
        docs = db.table("history").all()
    rows = [dict(d) for d in docs if item_id is None or d["item_id"] == item_id]
    return sorted(rows, key=lambda r: (r["rev"], r["kind"] == "conflict"))


def conflicts(database: Database, item_id: str) -> list[HistoryEntry]:
    """Conflict copies not yet resolved (a later change of the field resolves them)."""
    return open_conflicts(history(database, item_id))


def open_conflicts(rows: list[HistoryEntry]) -> list[HistoryEntry]:
    """From history rows (sorted by rev): the conflict copies no later change resolved."""
    latest_set: dict[tuple[str, str], int] = {}
    for r in rows:
        if r["kind"] == "set":
            latest_set[(r["item_id"], r["field"])] = r["rev"]
    return [
        r
        for r in rows
        if r["kind"] == "conflict" and latest_set.get((r["item_id"], r["field"]), 0) <= r["rev"]
    ]
