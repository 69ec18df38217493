"""The storage layer: atomic files, transactions, the registry, ids, threads, merge rules."""

from __future__ import annotations

import json
import os
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from tinydb import Query

import server.infra.store.atomic as atomic
from server.domain import portfolio, sync
from server.domain.portfolio import Actor, apply_ops
from server.domain.sync import FieldState, Outcome, decide
from server.infra.store import Store, valid_id, write_atomic

REPO = Path(__file__).resolve().parents[2]

PID = "p_0123456789ab"
PUPIL = Actor(PID, "pupil")
TEACHER = Actor("t_00000000aaaa", "teacher")


def validate(item: dict[str, Any], field: str, value: Any) -> Any:
    return value


def describe(op: dict[str, Any]) -> dict[str, Any]:
    return {"worksheet": "ervaring", "group": 7, "school_year": "2026-2027"}


def create(item_id: str, op_id: str | None = None) -> dict[str, Any]:
    return {"op_id": op_id or f"create-{item_id}", "type": "create", "item_id": item_id}


def set_op(op_id: str, item_id: str, field: str, value: Any, base_rev: int) -> dict[str, Any]:
    return {
        "op_id": op_id,
        "type": "set",
        "item_id": item_id,
        "field": field,
        "value": value,
        "base_rev": base_rev,
    }


def apply(store: Store, *ops: dict[str, Any], actor: Actor = PUPIL, **kw: Any) -> list[dict]:
    return apply_ops(store.pupil(PID), list(ops), actor, kw.get("validate", validate), describe)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "portfolios")


@pytest.fixture
def writes(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every durable file write (write_atomic is the only code that writes a data file)."""
    calls: list[Path] = []
    real = atomic.write_atomic

    def counting(path: Path, data: bytes) -> None:
        calls.append(path)
        real(path, data)

    monkeypatch.setattr(atomic, "write_atomic", counting)
    return calls


def on_disk(path: Path) -> Any:
    return json.loads(path.read_bytes())


def tmp_files(folder: Path) -> list[Path]:
    return list(folder.rglob(".*.tmp"))


# --- atomic writes -----------------------------------------------------------------------


def test_write_atomic_replaces_content_and_leaves_no_temp_file(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "x.json"
    write_atomic(path, b"old")
    write_atomic(path, b"new")
    assert path.read_bytes() == b"new"
    assert tmp_files(tmp_path) == []


@pytest.mark.parametrize("broken", ["replace", "fsync"])
def test_failed_write_atomic_keeps_old_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, broken: str
) -> None:
    path = tmp_path / "x.json"
    write_atomic(path, b"old")

    def boom(*args: Any) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, broken, boom)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(path, b"new")
    monkeypatch.undo()
    assert path.read_bytes() == b"old"
    assert tmp_files(tmp_path) == []


def test_failed_flush_leaves_file_unchanged_and_memory_is_reloaded_from_disk(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    school = store.school
    with school.transaction() as db:
        db.table("classes").put("c_000000000001", {"name": "Groep 7"})
    before = school.path.read_bytes()

    def boom(*args: Any) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError), school.transaction() as db:
        db.table("classes").put("c_000000000002", {"name": "Groep 8"})
        db.table("classes").patch("c_000000000001", {"name": "Groep 7b"})
    monkeypatch.undo()

    assert school.path.read_bytes() == before
    assert tmp_files(school.path.parent) == []
    with school.transaction() as db:  # memory was dropped: this reads the file again
        assert db.table("classes").by_id("c_000000000002") is None
        assert db.table("classes").by_id("c_000000000001") == {"name": "Groep 7"}
    with school.transaction() as db:  # and the store keeps working afterwards
        db.table("classes").put("c_000000000002", {"name": "Groep 8"})
    assert set(on_disk(school.path)["classes"]) == {"c_000000000001", "c_000000000002"}


def test_first_write_of_a_new_pupil_makes_the_new_folder_durable(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    with store.school.transaction() as db:  # data folder and pupils/ parent exist already
        db.table("classes").put("c_1", {"name": "Groep 7"})
    (store.data_dir / "pupils").mkdir()
    synced: list[Path] = []
    real = atomic.fsync_dir
    monkeypatch.setattr(atomic, "fsync_dir", lambda folder: (synced.append(folder), real(folder)))
    apply(store, create("item-0001"))
    assert store.pupil_folder(PID) in synced
    assert store.data_dir / "pupils" in synced  # the entry naming the new pupil folder


def test_leftover_temp_files_are_never_read_as_data(store: Store) -> None:
    with store.school.transaction() as db:
        db.table("classes").put("c_000000000001", {"name": "Groep 7"})
    # What a kill between mkstemp and os.replace leaves behind: a half-written temp file.
    (store.data_dir / ".school.json.abc123.tmp").write_bytes(b'{"classes": {"c_0')
    fresh = Store(store.data_dir)
    with fresh.school.transaction() as db:
        assert db.table("classes").all() == [{"name": "Groep 7"}]


def test_start_up_removes_every_stale_temp_file(store: Store) -> None:
    """A crash can leave write_atomic's temp file in any folder it writes: the data folder,
    a pupil's folder, a pupil's media folder (photos), the sealing and secret keys."""
    media = store.data_dir / "pupils" / PID / "media"
    media.mkdir(parents=True)
    photo = media / ("ab" * 32 + ".display.webp")
    photo.write_bytes(b"a photo")
    left = [
        store.data_dir / ".school.json.x1.tmp",
        store.data_dir / ".seal-key.pem.x2.tmp",
        store.data_dir / "pupils" / PID / ".portfolio.json.x3.tmp",
        media / f".{photo.name}.x4.tmp",
    ]
    for tmp in left:
        tmp.write_bytes(b"half")
    Store(store.data_dir)
    assert [t for t in left if t.exists()] == []
    assert photo.read_bytes() == b"a photo"  # real files stay


def test_files_are_where_the_design_says(store: Store) -> None:
    apply(store, create("item-0001"))
    with store.school.transaction() as db:
        db.table("pupils").put(PID, {"first_name": "Sam"})
    assert (store.data_dir / "school.json").is_file()
    portfolio_file = store.data_dir / "pupils" / PID / "portfolio.json"
    assert store.pupil(PID).path == portfolio_file
    assert on_disk(portfolio_file)["items"]["item-0001"]["worksheet"] == "ervaring"
    assert store.media_dir(PID) == portfolio_file.parent / "media"


# --- transactions ------------------------------------------------------------------------


def test_transaction_that_raises_writes_nothing_and_rolls_back_memory(
    store: Store, writes: list[Path]
) -> None:
    school = store.school
    with school.transaction() as db:
        db.table("pupils").put(PID, {"first_name": "Sam", "class_id": "c_1"})
    before = school.path.read_bytes()
    writes.clear()

    with pytest.raises(RuntimeError), school.transaction() as db:
        db.table("pupils").patch(PID, {"first_name": "Kim"})
        db.table("pupils").put("p_00000000000b", {"first_name": "Noor"})
        db.table("classes").put("c_1", {"name": "Groep 7"})
        assert db.table("pupils").by_id(PID)["first_name"] == "Kim"  # visible inside
        raise RuntimeError("validation failed halfway")

    assert writes == []
    assert school.path.read_bytes() == before
    with school.transaction() as db:
        assert db.table("pupils").by_id(PID)["first_name"] == "Sam"
        assert db.table("pupils").by_id("p_00000000000b") is None
        assert db.table("classes").all() == []


def test_apply_ops_that_raises_midway_applies_nothing(store: Store, writes: list[Path]) -> None:
    apply(store, create("item-0001"))
    writes.clear()

    def explode(item: dict, field: str, value: Any) -> Any:
        if value == "boom":
            raise RuntimeError("bug in a validator")
        return value

    ops = [set_op("op-00000001", "item-0001", "a", "ok", 0)]
    ops.append(set_op("op-00000002", "item-0001", "b", "boom", 0))
    with pytest.raises(RuntimeError):
        apply(store, *ops, validate=explode)
    assert writes == []
    assert portfolio.item(store.pupil(PID), "item-0001")["values"].get("a") is None
    # The op ids were not recorded either, so the tablet's retry is applied normally.
    assert apply(store, ops[0])[0]["status"] == sync.APPLIED


def test_nested_transactions_write_once_at_the_outer_commit(
    store: Store, writes: list[Path]
) -> None:
    with store.school.transaction() as outer:
        outer.table("classes").put("c_1", {"name": "Groep 6"})
        with store.school.transaction() as inner:
            inner.table("classes").put("c_2", {"name": "Groep 7"})
        assert writes == []
    assert writes == [store.school.path]
    assert set(on_disk(store.school.path)["classes"]) == {"c_1", "c_2"}


def test_read_only_transaction_writes_nothing(store: Store, writes: list[Path]) -> None:
    with store.school.transaction() as db:
        db.table("classes").put("c_1", {"name": "Groep 6"})
    writes.clear()
    with store.school.transaction() as db:
        assert db.table("classes").by_id("c_1") is not None
        db.table("classes").all()
    assert portfolio.items(store.pupil(PID)) == []
    assert writes == []


def test_search_after_rollback_does_not_return_rolled_back_rows(store: Store) -> None:
    with pytest.raises(RuntimeError), store.school.transaction() as db:
        db.table("pupils").put(PID, {"class_id": "c_1"})
        assert len(db.table("pupils").search(Query().class_id == "c_1")) == 1
        raise RuntimeError
    with store.school.transaction() as db:
        assert db.table("pupils").all() == []
        assert db.table("pupils").search(Query().class_id == "c_1") == []


# --- one durable write per batch ---------------------------------------------------------


def test_batch_of_500_set_ops_is_one_file_write(
    store: Store, writes: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    apply(store, create("item-0001"))
    replaces: list[Any] = []
    real_replace = os.replace
    monkeypatch.setattr(os, "replace", lambda a, b: (replaces.append(b), real_replace(a, b)))
    writes.clear()

    ops = [set_op(f"op-{i:08d}", "item-0001", f"f{i}", f"antwoord {i}", 0) for i in range(500)]
    results = apply(store, *ops)

    assert [r["status"] for r in results] == [sync.APPLIED] * 500
    assert writes == [store.pupil(PID).path]
    assert len(replaces) == 1
    assert len(on_disk(store.pupil(PID).path)["ops"]) == 501

    writes.clear()
    replay = apply(store, *ops)  # a lost response: the tablet sends the batch again
    assert [r["status"] for r in replay] == [sync.DUPLICATE] * 500
    assert writes == []


# --- registry and ids --------------------------------------------------------------------


def test_store_opens_each_file_once(store: Store) -> None:
    assert store.pupil(PID) is store.pupil(PID)
    assert store.pupil(PID) is not store.pupil("p_00000000000b")
    assert store.school is store.school

    seen: list[Any] = []
    barrier = threading.Barrier(8)

    def open_it() -> None:
        barrier.wait()
        seen.append(store.pupil("p_0000000000cc"))

    threads = [threading.Thread(target=open_it) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({id(db) for db in seen}) == 1


@pytest.mark.parametrize(
    "bad",
    [
        "../x",
        "p_../../etc",
        "p_../../../etc/passwd",
        "p_0123456789ab/../p_00000000000b",
        "p_0123456789ab/",
        "/etc/passwd",
        "p_0123456789a",
        "p_0123456789abc",
        "p_0123456789AB",
        "x_0123456789ab",
        "p_0123456789ab\x00",
        "",
        "p_",
        "..",
    ],
)
def test_valid_id_refuses_anything_but_our_shape(store: Store, bad: str) -> None:
    assert not valid_id(bad, "p")
    with pytest.raises(ValueError):
        store.pupil(bad)
    with pytest.raises(ValueError):
        store.media_dir(bad)


def test_valid_id_accepts_our_ids_with_the_right_prefix() -> None:
    assert valid_id(PID, "p")
    assert not valid_id(PID, "t")
    assert valid_id("t_00000000aaaa", "t")


def test_valid_id_refuses_trailing_newline() -> None:
    assert not valid_id(PID + "\n", "p")


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


@pytest.mark.parametrize(
    ("current", "base_rev", "value", "expected"),
    [
        pytest.param(FieldState(None, 0), 0, "a", Outcome.APPLY, id="never-set-base-0"),
        pytest.param(FieldState(None, 0), 3, "a", Outcome.CONFLICT, id="never-set-base-newer"),
        pytest.param(FieldState(None, 0), 0, None, Outcome.APPLY, id="never-set-same-none"),
        pytest.param(FieldState("a", 4), 4, "b", Outcome.APPLY, id="matching-base"),
        pytest.param(FieldState("a", 4), 4, "a", Outcome.APPLY, id="matching-base-same-value"),
        pytest.param(FieldState("a", 4), 2, "b", Outcome.CONFLICT, id="stale-base"),
        pytest.param(FieldState("a", 4), 0, "b", Outcome.CONFLICT, id="stale-base-0"),
        pytest.param(FieldState("a", 4), 2, "a", Outcome.SAME, id="stale-base-same-value"),
        pytest.param(FieldState("a", 4), 9, "b", Outcome.CONFLICT, id="base-newer-than-server"),
        pytest.param(FieldState("a", 4), 9, "a", Outcome.SAME, id="base-newer-same-value"),
        pytest.param(FieldState(["x"], 4), 1, ["x"], Outcome.SAME, id="same-list-value"),
        pytest.param(FieldState({"k": 1}, 4), 1, {"k": 2}, Outcome.CONFLICT, id="dict-differs"),
        pytest.param(FieldState(1, 4), 2, True, Outcome.CONFLICT, id="bool-is-not-int"),
    ],
)
def test_decide(current: FieldState, base_rev: int, value: Any, expected: Outcome) -> None:
    assert decide(current, base_rev, value) is expected


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
