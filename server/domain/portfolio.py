"""A pupil's portfolio file: items, per-field revisions and history, processed operations.

Every change goes through ``apply_ops``: one transaction, one durable write per batch,
each operation answered on its own. The same path serves the offline sync endpoint,
form saves and the demo, so history and revisions are kept the same way everywhere.

What grows with every change stays out of the file's memory: history rows go to an
append-only log (``history.jsonl``, read only when history is asked for) and the open
conflict copies are kept as their own small table; processed operation ids are pruned
(``prune_ops``). Files of the older layout (a ``history`` table) are moved over the first
time they are used (``_migrate``).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from server.domain import sync
from server.domain.records import HistoryEntry, Item
from server.infra.store import Database, RugzakDB, StrTable, new_id

MAX_BATCH = 500
HISTORY = "history"  # the log of every change (and, in files of the older layout, a table)
CONFLICTS = "conflicts"  # the open conflict copies: op_id -> history row
# Processed operation ids are kept this long, and the newest OPS_KEPT always: long enough for
# a tablet that was away for months to deliver its outbox and be answered "duplicate".
OPS_RETENTION = timedelta(days=180)
OPS_KEPT = 1_000
PRUNE_EVERY = 500  # look for old op ids once this many new ones arrived
# Item attributes that travel like fields.
RESERVED = {"_status", "_shared", "_title", "_step", "_present", "_rating"}

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
    _migrate(db)
    db.log(HISTORY).append(entry)


def _migrate(db: RugzakDB) -> None:
    """Files of the older layout kept history as a table in memory: move its rows to the log
    (in their order) and index the open conflict copies. Inside the caller's transaction, so
    it is all or nothing; a file of the new layout costs one dict lookup."""
    old = db.table(HISTORY)
    if not len(old):
        return
    rows = [dict(row) for _, row in old.rows()]
    log = db.log(HISTORY)
    for row in rows:
        log.append(row)
    index = db.table(CONFLICTS)
    for row in open_conflicts(_sorted(rows)):
        index.put(row.get("op_id") or new_id("c_"), row)
    db.drop_table(HISTORY)


def _sorted(rows: list[HistoryEntry]) -> list[HistoryEntry]:
    return sorted(rows, key=lambda r: (r["rev"], r["kind"] == "conflict"))


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
    items = db.table("items")
    item_id, field, op_id = op["item_id"], op["field"], op["op_id"]
    item = items.stored(item_id)
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
        copy = {**entry, "kind": "conflict", "value": value, "rev": current.rev}
        db.log(HISTORY).append(copy)  # (apply_ops moved an older layout's history first)
        db.table(CONFLICTS).put(op_id, copy)
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
    db.log(HISTORY).append(
        {**entry, "kind": "set", "value": value, "old": current.value, "rev": rev}
    )
    _resolve(db.table(CONFLICTS), item_id, field)
    return _result(op_id, sync.APPLIED, rev=rev)


def _resolve(index: StrTable, item_id: str, field: str) -> None:
    """A new revision of a field resolves its open conflict copies (they stay in history)."""
    if not len(index):
        return
    gone = [k for k, c in index.rows() if c["item_id"] == item_id and c["field"] == field]
    for key in gone:
        index.remove_id(key)


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
        _migrate(db)
        done = db.table("ops")
        pruned = bool((db.table("meta").by_id("ops") or {}).get("pruned"))
        for op in ops:
            reason = check_shape(op)
            if reason:
                op_id = op.get("op_id") if isinstance(op, dict) else None
                results.append(_refuse(op_id if isinstance(op_id, str) else "", reason))
                continue
            first = done.stored(op["op_id"])
            if first is not None:
                # The first answer again; a refusal stays a refusal, so it is never lost.
                status = first["result"]["status"]
                status = status if status == sync.REFUSED else sync.DUPLICATE
                results.append({**first["result"], "status": status})
                continue
            base = _base_rev(done, op, pruned)
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
        prune_ops(db, clock())
    return results


def prune_ops(db: RugzakDB, now: str) -> int:
    """Forget processed op ids older than OPS_RETENTION beyond the newest OPS_KEPT, so the
    file does not grow for ever. Checked every PRUNE_EVERY new ids, so it costs nothing per
    batch. Returns how many were forgotten."""
    done, meta = db.table("ops"), db.table("meta")
    mark = dict(meta.by_id("ops") or {})
    if len(done) < mark.get("check_at", OPS_KEPT + PRUNE_EVERY):
        return 0
    cutoff = (datetime.fromisoformat(now) - OPS_RETENTION).isoformat(timespec="seconds")
    if mark.get("oldest", "") >= cutoff:
        return 0  # nothing is old enough yet: no need to look
    # By time, not by arrival: a file written with a clock of its own (the demo) may differ.
    by_age = sorted((doc.get("at", ""), op_id) for op_id, doc in done.rows())
    n = max(0, min(len(by_age) - OPS_KEPT, bisect.bisect_left(by_age, (cutoff,))))
    for _, op_id in by_age[:n]:
        done.remove_id(op_id)
    mark["pruned"] = mark.get("pruned", 0) + n
    mark["check_at"] = len(done) + PRUNE_EVERY
    mark["oldest"] = by_age[n][0] if n < len(by_age) else ""
    meta.put("ops", mark)
    return n


WAITING = "Deze wijziging wacht op een eerdere wijziging."


def _base_rev(done: StrTable, op: dict[str, Any], pruned: bool = False) -> int | None:
    """The revision a set operation builds on. With ``after`` (a change made on the device
    while an earlier change of the same field was still on its way), it is the revision
    that earlier change produced; after a conflict or refusal, that change's own base, so
    the follow-up is a conflict copy too. None: the earlier change has not arrived.

    Once op ids have been pruned, an unknown earlier change may be one that was forgotten
    (a tablet away for months): waiting would then last for ever, so the change is based on
    0 instead and becomes a conflict copy (or is applied to a field never set): nothing lost."""
    after = op.get("after") if op["type"] == "set" else None
    if after is None:
        return int(op.get("base_rev") or 0)
    prior = done.stored(after)
    if prior is None:
        return 0 if pruned else None
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
    """Every change (of ``item_id``), by revision: read from the log, so it costs a read."""
    with database.transaction() as db:
        _migrate(db)
        docs = db.log(HISTORY).rows()
    return _sorted([d for d in docs if item_id is None or d["item_id"] == item_id])


def conflicts(database: Database, item_id: str | None = None) -> list[HistoryEntry]:
    """Conflict copies not yet resolved (a later change of the field resolves them), by
    revision: from their own small table, without reading history."""
    with database.transaction() as db:
        _migrate(db)
        rows = [dict(c) for _, c in db.table(CONFLICTS).rows()]
    return _sorted([c for c in rows if item_id is None or c["item_id"] == item_id])


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
