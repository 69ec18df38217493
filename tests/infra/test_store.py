"""The storage layer (server/infra/store): atomic files, transactions, one durable write per
batch, the registry and ids."""

from __future__ import annotations

import gc
import os
import threading
import weakref
from pathlib import Path
from typing import Any

import pytest
from tinydb import Query

import server.infra.store.atomic as atomic
from server.domain import portfolio, sync
from server.infra.store import Store, valid_id, write_atomic
from tests.helpers.ops import (
    PID,
    PUPIL,
    apply,
    count_writes,
    create,
    describe,
    on_disk,
    set_op,
    validate,
)

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "portfolios")


@pytest.fixture
def writes(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    return count_writes(monkeypatch)


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


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
    before = files(store.data_dir)

    def boom(*args: Any) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(OSError), school.transaction() as db:
        db.table("classes").put("c_000000000002", {"name": "Groep 8"})
        db.table("classes").patch("c_000000000001", {"name": "Groep 7b"})
    monkeypatch.undo()

    assert files(store.data_dir) == before  # the journal line was cut off again
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
    assert writes == [store.school.path]  # a new file starts as a snapshot
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
    assert writes == [store.pupil(PID).path.with_suffix(".journal")]  # one line appended
    assert replaces == []  # (the file is not rewritten: the journal is still small)
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


def _pupils(n: int) -> list[str]:
    return [f"p_{i:012x}" for i in range(1, n + 1)]


def test_a_file_in_use_is_never_opened_twice_even_when_no_longer_kept(tmp_path: Path) -> None:
    store = Store(tmp_path, open_pupils=2)
    first, *others = _pupils(5)
    held = store.pupil(first)  # a request still holds it (or a transaction runs in it)
    for pupil_id in others:
        store.pupil(pupil_id)
    assert store.pupil(first) is held


def test_only_the_kept_files_stay_in_memory_and_a_reopened_file_answers_the_same(
    tmp_path: Path,
) -> None:
    store = Store(tmp_path, open_pupils=2)
    first, *others = _pupils(6)
    ops = [create("i_1", "op-1"), set_op("op-2", "i_1", "wat", "fietsen", 0)]
    portfolio.apply_ops(store.pupil(first), ops, PUPIL, validate, describe)
    before = portfolio.items(store.pupil(first))
    gone = weakref.ref(store.pupil(first))
    for pupil_id in others:
        portfolio.items(store.pupil(pupil_id))
    gc.collect()
    assert gone() is None  # no longer kept, nobody used it: its parsed file is freed
    assert portfolio.items(store.pupil(first)) == before  # read again from disk
    assert store.school is store.school  # the school file is always kept


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
