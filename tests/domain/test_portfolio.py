"""A pupil's portfolio file (server/domain/portfolio.py): revisions under threads, the merge
rules end to end, replays and refusals, conflict copies and history."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from server.domain import portfolio, sync
from server.domain.portfolio import apply_ops
from server.infra.store import Store
from tests.helpers.ops import (
    PID,
    PUPIL,
    TEACHER,
    apply,
    count_writes,
    create,
    on_disk,
    set_op,
    validate,
)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "portfolios")


@pytest.fixture
def writes(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    return count_writes(monkeypatch)


# --- threads -----------------------------------------------------------------------------


def test_threads_applying_ops_to_one_pupil_get_unique_increasing_revisions(
    store: Store,
) -> None:
    apply(store, create("item-0001"))
    n_threads, per_thread = 8, 25
    barrier = threading.Barrier(n_threads)
    results: dict[int, list[dict]] = {}
    errors: list[BaseException] = []

    def worker(t: int) -> None:
        try:
            barrier.wait()
            mine = []
            for i in range(per_thread):
                op = set_op(f"op-t{t}-{i:04d}", "item-0001", f"t{t}-f{i}", i, 0)
                mine.extend(apply(store, op))
            results[t] = mine
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=worker, args=(t,)) for t in range(n_threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []

    all_results = [r for rs in results.values() for r in rs]
    assert len(all_results) == n_threads * per_thread
    assert {r["status"] for r in all_results} == {sync.APPLIED}
    revs = [r["rev"] for r in all_results]
    assert len(set(revs)) == len(revs)
    assert sorted(revs) == list(range(2, 2 + len(revs)))  # rev 1 was the create
    for rs in results.values():
        own = [r["rev"] for r in rs]
        assert own == sorted(own)

    fresh = Store(store.data_dir)  # and all of it is on disk
    item = portfolio.item(fresh.pupil(PID), "item-0001")
    assert len([f for f in item["values"] if f.startswith("t")]) == n_threads * per_thread
    assert len(portfolio.history(fresh.pupil(PID))) == n_threads * per_thread


# --- merge rules -------------------------------------------------------------------------


def test_apply_ops_merge_rules_end_to_end(store: Store) -> None:
    database = store.pupil(PID)
    (created,) = apply(store, create("item-0001"))
    assert created == {"op_id": "create-item-0001", "status": sync.APPLIED, "rev": 1}

    # never set, base 0 → applied
    (r,) = apply(store, set_op("op-00000001", "item-0001", "antwoord", "brandweer", 0))
    assert r == {"op_id": "op-00000001", "status": sync.APPLIED, "rev": 2}
    # matching base → applied with a new revision
    (r,) = apply(store, set_op("op-00000002", "item-0001", "antwoord", "dokter", 2))
    assert r["status"] == sync.APPLIED and r["rev"] == 3
    # stale base, different value → conflict: current value kept, incoming kept in history
    (r,) = apply(store, set_op("op-00000003", "item-0001", "antwoord", "piloot", 2))
    assert r == {
        "op_id": "op-00000003",
        "status": sync.CONFLICT,
        "rev": 3,
        "current": "dokter",
    }
    assert portfolio.item(database, "item-0001")["values"]["antwoord"] == "dokter"
    copy = [h for h in portfolio.history(database) if h["kind"] == "conflict"]
    assert [(h["op_id"], h["value"], h["rev"], h["base_rev"]) for h in copy] == [
        ("op-00000003", "piloot", 3, 2)
    ]
    # stale base, same value → nothing lost, nothing written, current revision answered
    (r,) = apply(store, set_op("op-00000004", "item-0001", "antwoord", "dokter", 1))
    assert r == {"op_id": "op-00000004", "status": sync.APPLIED, "rev": 3}
    # base newer than the server knows (restored backup, buggy client) → conflict
    (r,) = apply(store, set_op("op-00000005", "item-0001", "antwoord", "kapper", 99))
    assert r["status"] == sync.CONFLICT and r["current"] == "dokter"
    # field never set but the client claims a base → conflict, not a silent apply
    (r,) = apply(store, set_op("op-00000006", "item-0001", "nieuw", "x", 5))
    assert r["status"] == sync.CONFLICT and r["rev"] == 0
    assert "nieuw" not in portfolio.item(database, "item-0001")["values"]

    item = portfolio.item(database, "item-0001")
    assert item["revs"]["antwoord"] == 3
    assert item["values"]["antwoord"] == "dokter"


def test_duplicate_op_id_returns_the_first_answer(store: Store, writes: list[Path]) -> None:
    apply(store, create("item-0001"))
    first = apply(store, set_op("op-00000001", "item-0001", "a", "eerst", 0))
    writes.clear()
    # Same op id again (even with other content): first answer, marked duplicate, no change.
    again = apply(store, set_op("op-00000001", "item-0001", "a", "anders", 0))
    assert again == [{**first[0], "status": sync.DUPLICATE}]
    assert writes == []
    assert portfolio.item(store.pupil(PID), "item-0001")["values"]["a"] == "eerst"
    # Within one batch as well.
    twice = apply(
        store,
        set_op("op-00000002", "item-0001", "b", 1, 0),
        set_op("op-00000002", "item-0001", "b", 2, 0),
    )
    assert [r["status"] for r in twice] == [sync.APPLIED, sync.DUPLICATE]
    assert twice[1]["rev"] == twice[0]["rev"]
    # A duplicate of a conflict answers the conflict again.
    (c,) = apply(store, set_op("op-00000003", "item-0001", "a", "laat", 0))
    (c2,) = apply(store, set_op("op-00000003", "item-0001", "a", "laat", 0))
    assert c["status"] == sync.CONFLICT and c2 == {**c, "status": sync.DUPLICATE}
    assert len([h for h in portfolio.history(store.pupil(PID)) if h["kind"] == "conflict"]) == 1


def test_refused_ops_are_stored_so_a_replay_returns_the_refusal(store: Store) -> None:
    apply(store, create("item-0001"))

    def strict(item: dict, field: str, value: Any) -> Any:
        if len(value) > 5:
            raise ValueError("Dit antwoord is te lang.")
        return value

    op = set_op("op-00000001", "item-0001", "a", "veel te lang", 0)
    (r,) = apply(store, op, validate=strict)
    assert r == {
        "op_id": "op-00000001",
        "status": sync.REFUSED,
        "reason": "Dit antwoord is te lang.",
        "code": sync.INVALID,
    }
    # The replay is answered from the stored result, even though it would now pass.
    (again,) = apply(store, op)
    assert again == r  # a refusal stays a refusal on replay
    assert "a" not in portfolio.item(store.pupil(PID), "item-0001")["values"]

    # Unknown item, and a create the describer refuses: also stored.
    (missing,) = apply(store, set_op("op-00000002", "item-9999", "a", "x", 0))
    assert missing["status"] == sync.REFUSED

    def no_worksheet(op: dict) -> dict:
        raise ValueError("Dit werkblad bestaat niet.")

    bad_create = create("item-0002", "op-00000003")
    (refused,) = apply_ops(store.pupil(PID), [bad_create], PUPIL, validate, no_worksheet)
    assert refused["status"] == sync.REFUSED
    (replayed,) = apply(store, bad_create)
    assert replayed == refused  # a refusal stays a refusal on replay
    assert portfolio.item(store.pupil(PID), "item-0002") is None

    done = on_disk(store.pupil(PID).path)["ops"]
    assert done["op-00000002"]["result"]["status"] == sync.REFUSED


def test_malformed_ops_are_refused_without_being_stored(store: Store) -> None:
    apply(store, create("item-0001"))
    bad = [
        "not a dict",
        {"op_id": "short", "type": "set", "item_id": "item-0001", "field": "a", "value": 1},
        {"op_id": "op-00000001", "type": "drop", "item_id": "item-0001"},
        {"op_id": "op-00000002", "type": "set", "item_id": "item-0001", "value": 1},
        {**set_op("op-00000003", "item-0001", "a", 1, 0), "base_rev": -1},
        {**set_op("op-00000004", "item-0001", "a", 1, 0), "base_rev": True},
    ]
    results = apply(store, *bad)  # type: ignore[arg-type]
    assert [r["status"] for r in results] == [sync.REFUSED] * len(bad)
    assert set(on_disk(store.pupil(PID).path)["ops"]) == {"create-item-0001"}


# --- conflicts and history ---------------------------------------------------------------


def test_conflicts_lists_unresolved_copies_until_a_later_set(store: Store) -> None:
    database = store.pupil(PID)
    apply(store, create("item-0001"))
    apply(store, set_op("op-00000001", "item-0001", "a", "tablet 1", 0))  # rev 2
    apply(store, set_op("op-00000002", "item-0001", "b", "ander veld", 0))  # rev 3
    apply(store, set_op("op-00000003", "item-0001", "a", "tablet 2", 0))  # conflict
    apply(store, set_op("op-00000004", "item-0001", "a", "tablet 3", 1))  # conflict
    apply(store, set_op("op-00000005", "item-0001", "b", "botst", 0))  # conflict on b

    open_ = portfolio.conflicts(database, "item-0001")
    assert [(c["field"], c["value"]) for c in open_] == [
        ("a", "tablet 2"),
        ("a", "tablet 3"),
        ("b", "botst"),
    ]
    assert portfolio.conflicts(database, "item-9999") == []

    # The pupil picks a version (here: the copy from tablet 3) → field a is resolved.
    (r,) = apply(store, set_op("op-00000006", "item-0001", "a", "tablet 3", 2))
    assert r["status"] == sync.APPLIED
    assert [(c["field"], c["value"]) for c in portfolio.conflicts(database, "item-0001")] == [
        ("b", "botst")
    ]
    # A conflict arising after the resolution is open again.
    apply(store, set_op("op-00000007", "item-0001", "a", "nog later", 2))
    assert [c["value"] for c in portfolio.conflicts(database, "item-0001")] == [
        "botst",  # ordered by server revision: b's copy was stored against rev 3
        "nog later",
    ]


def test_history_records_who_when_old_value_and_rev(store: Store) -> None:
    database = store.pupil(PID)
    before = datetime.now(UTC) - timedelta(seconds=1)
    apply(store, create("item-0001"))
    apply(store, set_op("op-00000001", "item-0001", "a", "eerste", 0))
    apply(store, set_op("op-00000002", "item-0001", "a", "tweede", 2), actor=TEACHER)
    apply(store, set_op("op-00000003", "item-0001", "_title", "Mijn stage", 0))
    after = datetime.now(UTC) + timedelta(seconds=1)

    rows = portfolio.history(database, "item-0001")
    assert [(h["field"], h["by"], h["role"], h["old"], h["value"], h["rev"]) for h in rows] == [
        ("a", PID, "pupil", None, "eerste", 2),
        ("a", "t_00000000aaaa", "teacher", "eerste", "tweede", 3),
        ("_title", PID, "pupil", "", "Mijn stage", 4),
    ]
    for h in rows:
        assert h["kind"] == "set" and h["item_id"] == "item-0001"
        at = datetime.fromisoformat(h["at"])
        assert at.tzinfo is not None and before <= at <= after
    assert [h["op_id"] for h in rows] == ["op-00000001", "op-00000002", "op-00000003"]
    item = portfolio.item(database, "item-0001")
    assert item["created_by"] == PID
    assert item["revs"] == {"_title": 4, "a": 3}  # item attributes start unrevised
    assert portfolio.history(database, "item-9999") == []


def test_deleted_items_refuse_further_sets(store: Store) -> None:
    database = store.pupil(PID)
    apply(store, create("item-0001"))
    (d,) = apply(store, {"op_id": "op-00000001", "type": "delete", "item_id": "item-0001"})
    assert d == {"op_id": "op-00000001", "status": sync.APPLIED, "rev": 2}
    assert portfolio.item(database, "item-0001") is None
    assert portfolio.items(database) == []
    assert portfolio.items(database, include_deleted=True)[0]["deleted_rev"] == 2
    (r,) = apply(store, set_op("op-00000002", "item-0001", "a", "x", 0))
    assert r["status"] == sync.REFUSED
