"""What a pupil's folder holds (server/domain/portfolio.py on server/infra/store): history in
its own log, the open conflicts as a small table, processed op ids pruned, and files of the
older layout (history as a table, no journal) moved over with nothing lost."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

import server.infra.store.atomic as atomic
from server.domain import portfolio, sync
from server.domain.portfolio import apply_ops
from server.infra.store import Store, stored
from tests.helpers.ops import PID, PUPIL, apply, create, describe, set_op, validate


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "portfolios")


def _row(n: int, kind: str, field: str, value: Any, rev: int, **extra: Any) -> dict[str, Any]:
    return {"item_id": "item-0001", "field": field, "by": PID, "role": "pupil",
            "at": f"2025-01-01T10:00:{n:02d}+00:00", "op_id": f"op-{n:08d}", "base_rev": 0,
            "kind": kind, "value": value, "rev": rev, **extra}  # fmt: skip


def old_layout_file(folder: Path) -> dict[str, Any]:
    """A portfolio.json as the previous version wrote it: history as a TinyDB table (ids
    "1", "2", …), no journal, no conflicts table. One open conflict (on "b") and one
    resolved one (on "a")."""
    history = [
        _row(1, "set", "a", "eerste", 2, old=None),
        _row(2, "conflict", "a", "andere", 2),
        _row(3, "set", "a", "gekozen", 3, old="eerste"),
        _row(4, "set", "b", "fietsen", 4, old=None),
        _row(5, "conflict", "b", "zwemmen", 4),
    ]
    item = {"worksheet": "ervaring", "group": 7, "school_year": "2026-2027",
            "created_at": "2025-01-01T10:00:00+00:00", "created_by": PID, "deleted": False,
            "values": {"_status": "bezig", "_shared": False, "_title": "", "a": "gekozen",
                       "b": "fietsen"},
            "revs": {"a": 3, "b": 4}}  # fmt: skip
    ops = {f"op-{n:08d}": {"result": {"op_id": f"op-{n:08d}", "status": "applied"},
                           "at": f"2025-01-01T10:00:{n:02d}+00:00", "base_rev": 0}
           for n in range(1, 6)}  # fmt: skip
    data = {
        "meta": {"rev": {"value": 4}},
        "items": {"item-0001": item},
        "ops": ops,
        "history": {str(i): row for i, row in enumerate(history, start=1)},
    }
    folder.mkdir(parents=True)
    (folder / "portfolio.json").write_text(json.dumps(data))
    return data


def test_a_file_of_the_older_layout_is_moved_over_on_first_use_with_nothing_lost(
    store: Store,
) -> None:
    old = old_layout_file(store.pupil_folder(PID))
    rows = list(old["history"].values())
    database = store.pupil(PID)

    assert portfolio.history(database) == rows  # (already in revision order)
    [open_copy] = portfolio.conflicts(database, "item-0001")
    assert open_copy == rows[4]
    assert portfolio.conflicts(database) == portfolio.open_conflicts(rows)

    folder = store.pupil_folder(PID)
    snapshot = json.loads((folder / "portfolio.json").read_bytes())
    assert "history" not in snapshot and set(snapshot["conflicts"]) == {"op-00000005"}
    assert [json.loads(line) for line in (folder / "history.jsonl").read_text().splitlines()] == [
        rows
    ]  # one line: the transaction that moved them

    # A restart reads the same; the file keeps working: choosing a version resolves it.
    fresh = Store(store.data_dir)
    assert portfolio.history(fresh.pupil(PID)) == rows
    (done,) = apply(fresh, set_op("op-00000006", "item-0001", "b", "zwemmen", 4))
    assert done["status"] == sync.APPLIED and done["rev"] == 5
    assert portfolio.conflicts(fresh.pupil(PID)) == []
    assert len(portfolio.history(Store(store.data_dir).pupil(PID))) == 6
    (dup,) = apply(fresh, set_op("op-00000001", "item-0001", "a", "eerste", 0))
    assert dup["status"] == sync.DUPLICATE  # the old op ids are still known


def test_a_crash_during_migration_leaves_the_old_file_to_be_moved_again(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    old_layout_file(store.pupil_folder(PID))
    before = (store.pupil_folder(PID) / "portfolio.json").read_bytes()

    def killed(path: Path, data: bytes) -> None:
        raise KeyboardInterrupt("killed after the log was written, before the snapshot")

    monkeypatch.setattr(atomic, "write_atomic", killed)
    with pytest.raises(KeyboardInterrupt):
        portfolio.history(store.pupil(PID))
    monkeypatch.undo()
    assert (store.pupil_folder(PID) / "portfolio.json").read_bytes() == before
    assert (store.pupil_folder(PID) / "history.jsonl").stat().st_size > 0  # a dangling tail

    again = Store(store.data_dir).pupil(PID)
    assert len(portfolio.history(again)) == 5  # moved once, the tail cut off first
    assert len(portfolio.history(Store(store.data_dir).pupil(PID))) == 5


def test_open_conflicts_from_their_table_answer_as_from_the_whole_history(
    store: Store,
) -> None:
    rng = random.Random(11)
    items, fields = ["item-0001", "item-0002"], ["a", "b", "c"]
    apply(store, *[create(i) for i in items])
    revs: dict[tuple[str, str], int] = {}
    for n in range(300):
        key = (rng.choice(items), rng.choice(fields))
        base = revs.get(key, 0) if rng.random() < 0.6 else max(0, revs.get(key, 0) - 1)
        (res,) = apply(store, set_op(f"op-{n:08d}", *key, f"v{rng.randrange(4)}", base))
        if res["status"] == sync.APPLIED:
            revs[key] = res["rev"]
    database = store.pupil(PID)
    everything = portfolio.history(database)
    assert any(h["kind"] == "conflict" for h in everything)
    assert portfolio.conflicts(database) == portfolio.open_conflicts(everything)
    for item_id in items:
        expected = portfolio.open_conflicts(portfolio.history(database, item_id))
        assert portfolio.conflicts(database, item_id) == expected
    logged = list(stored(database.path)["history"].values())  # in the order written
    assert sorted(logged, key=lambda r: (r["rev"], r["kind"] == "conflict")) == everything


def _at(days_ago: float) -> str:
    return (datetime.now(UTC) - timedelta(days=days_ago)).isoformat(timespec="seconds")


def test_processed_op_ids_are_pruned_after_the_retention_beyond_the_newest(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(portfolio, "OPS_KEPT", 50)
    monkeypatch.setattr(portfolio, "PRUNE_EVERY", 20)
    database = store.pupil(PID)
    apply_ops(database, [create("item-0001")], PUPIL, validate, describe, lambda: _at(400))
    for n in range(100):  # a year ago: old enough to forget, but the newest 50 stay
        op = set_op(f"op-old-{n:04d}", "item-0001", f"f{n}", n, 0)
        apply_ops(database, [op], PUPIL, validate, describe, lambda: _at(365))
    for n in range(30):  # this month: kept whatever their number
        op = set_op(f"op-new-{n:04d}", "item-0001", f"g{n}", n, 0)
        apply_ops(database, [op], PUPIL, validate, describe, lambda: _at(3))
    done = stored(database.path)["ops"]
    assert len(done) <= 50 + 20
    assert all(f"op-new-{n:04d}" in done for n in range(30))
    assert "op-old-0000" not in done and "create-item-0001" not in done
    # A recent replay is still a duplicate; the item's values are all there.
    (dup,) = apply(store, set_op("op-new-0029", "item-0001", "g29", 29, 0))
    assert dup["status"] == sync.DUPLICATE
    item = portfolio.item(database, "item-0001")
    assert item is not None and item["values"]["f0"] == 0 and item["values"]["f99"] == 99


def test_a_follow_up_of_a_pruned_change_becomes_a_conflict_copy_instead_of_waiting(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    follow_up = {**set_op("op-follow-01", "item-0001", "a", "later", 0), "base_rev": None}
    follow_up["after"] = "op-first-01"
    apply(store, create("item-0001"), set_op("op-set-0001", "item-0001", "a", "nu", 0))
    (waiting,) = apply(store, follow_up)
    assert waiting["code"] == sync.WAITING  # nothing pruned yet: it may still arrive

    monkeypatch.setattr(portfolio, "OPS_KEPT", 1)
    monkeypatch.setattr(portfolio, "PRUNE_EVERY", 1)
    database = store.pupil(PID)
    with database.transaction() as db:
        assert portfolio.prune_ops(db, _at(-365)) > 0  # a year later
    (res,) = apply(store, follow_up)
    assert res["status"] == sync.CONFLICT and res["current"] == "nu"
    [copy] = portfolio.conflicts(database, "item-0001")
    assert copy["value"] == "later"  # nothing lost: the pupil chooses
