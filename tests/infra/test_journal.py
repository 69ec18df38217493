"""The journal beside each snapshot (server/infra/store/storage.py, journal.py): a commit
appends the change, a torn line is never read, compaction keeps the bytes per commit
proportional to the change, and every crash point between its steps reads back right."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tinydb import Query

import server.infra.store.atomic as atomic
import server.infra.store.storage as storage
from server.infra.store import Database, stored


def db_at(tmp_path: Path) -> Database:
    return Database(tmp_path / "file.json")


def put(database: Database, table: str, doc_id: str, doc: dict[str, Any]) -> None:
    with database.transaction() as db:
        db.table(table).put(doc_id, doc)


def reopened(database: Database) -> Database:
    """The same files read by a new process."""
    return Database(database.path)


def tables(database: Database) -> dict[str, Any]:
    with database.transaction() as db:
        return {name: dict(db.table(name).rows()) for name in sorted(db.tables())}


def journal(database: Database) -> Path:
    return database.path.with_suffix(".journal")


def test_a_new_file_starts_as_a_snapshot_then_commits_append_only_their_change(
    tmp_path: Path,
) -> None:
    database = db_at(tmp_path)
    put(database, "items", "a", {"text": "x" * 1000})
    snapshot = database.path.read_bytes()
    assert json.loads(snapshot)["items"] == {"a": {"text": "x" * 1000}}
    assert not journal(database).exists()

    put(database, "items", "b", {"text": "kort"})
    with database.transaction() as db:
        db.table("items").remove_id("a")
    assert database.path.read_bytes() == snapshot  # not rewritten
    lines = [json.loads(line) for line in journal(database).read_bytes().splitlines()]
    assert lines == [
        {"seq": 1, "docs": {"items": {"b": {"text": "kort"}}}},
        {"seq": 2, "docs": {"items": {"a": None}}},
    ]
    assert tables(reopened(database)) == {"items": {"b": {"text": "kort"}}}
    assert stored(database.path) == {"items": {"b": {"text": "kort"}}}


def test_tinydbs_own_writes_are_journaled_as_whole_tables_and_drops_as_a_snapshot(
    tmp_path: Path,
) -> None:
    database = db_at(tmp_path)
    put(database, "meta", "rev", {"value": 1})
    with database.transaction() as db:
        db.table("log").insert({"n": 1})
        db.table("log").insert({"n": 2})
        db.table("log").update({"seen": True}, Query().n == 1)
        db.table("log").remove(Query().n == 2)
    assert tables(reopened(database))["log"] == {k: v for k, v in tables(database)["log"].items()}
    assert [d for d in tables(database)["log"].values()] == [{"n": 1, "seen": True}]

    with database.transaction() as db:
        db.drop_table("log")
    assert "log" not in json.loads(database.path.read_bytes())  # written as a snapshot
    assert journal(database).read_bytes() == b""
    assert tables(reopened(database)) == {"meta": {"rev": {"value": 1}}}


def test_a_torn_last_line_was_never_acknowledged_and_is_cut_off_before_the_next(
    tmp_path: Path,
) -> None:
    database = db_at(tmp_path)
    put(database, "items", "a", {"v": 1})
    put(database, "items", "b", {"v": 2})
    whole = journal(database).read_bytes()
    for torn in (b'{"seq":2,"docs":{"items":{"c"', b"\x00" * 40, b'{"seq": 2}garbage\n'):
        journal(database).write_bytes(whole + torn)
        again = reopened(database)
        assert tables(again) == {"items": {"a": {"v": 1}, "b": {"v": 2}}}
        put(again, "items", "c", {"v": 3})
        assert tables(reopened(again))["items"]["c"] == {"v": 3}
        assert journal(again).read_bytes()[len(whole) :].startswith(b'{"seq":2,')
        lines = journal(again).read_bytes().splitlines()
        assert [json.loads(line)["seq"] for line in lines] == [1, 2]
        journal(database).write_bytes(whole)


def test_compaction_rewrites_the_snapshot_once_the_journal_outgrows_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(storage, "COMPACT_FLOOR", 4096)
    database = db_at(tmp_path)
    put(database, "items", "big", {"text": "x" * 8000})
    written: list[int] = []
    real_write, real_append = atomic.write_atomic, atomic.append_durable
    monkeypatch.setattr(
        atomic, "write_atomic", lambda p, d: (written.append(len(d)), real_write(p, d))
    )
    monkeypatch.setattr(
        atomic, "append_durable", lambda p, d, k: (written.append(len(d)), real_append(p, d, k))
    )
    for n in range(400):
        put(database, "items", f"i{n % 10}", {"n": n, "text": "y" * 80})
    snapshot = json.loads(database.path.read_bytes())
    assert snapshot["_journal"]["seq"] > 0  # compacted at least once
    assert journal(database).stat().st_size <= max(database.path.stat().st_size, 4096) + 200
    change = len(json.dumps({"n": 399, "text": "y" * 80})) + 40
    assert sum(written) / 400 < 3 * change  # the change, not the 8 KB file, per commit
    assert tables(reopened(database))["items"]["i9"] == {"n": 399, "text": "y" * 80}


def test_a_crash_between_snapshot_and_emptying_the_journal_replays_nothing_twice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(storage, "COMPACT_FLOOR", 1)
    monkeypatch.setattr(storage, "COMPACT_RATIO", 0)  # compact after every commit
    database = db_at(tmp_path)
    put(database, "items", "a", {"v": 0})

    def crash(path: Path, length: int) -> None:
        raise KeyboardInterrupt("killed before the journal was emptied")

    monkeypatch.setattr(atomic, "truncate_durable", crash)
    with pytest.raises(KeyboardInterrupt), database.transaction() as db:
        db.table("items").put("a", {"v": 1})
        db.log("history").append({"v": 1})
    monkeypatch.undo()
    assert journal(database).read_bytes()  # still holds the line the snapshot holds too
    again = reopened(database)
    assert tables(again) == {"items": {"a": {"v": 1}}}
    with again.transaction() as db:
        assert db.log("history").rows() == [{"v": 1}]  # not twice


def test_a_crash_between_the_log_and_the_snapshot_ignores_and_cuts_the_logs_tail(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(storage, "COMPACT_FLOOR", 1)
    monkeypatch.setattr(storage, "COMPACT_RATIO", 0)  # compact after every commit
    database = db_at(tmp_path)
    put(database, "items", "a", {"v": 0})
    with database.transaction() as db:
        db.log("history").append({"v": 0})

    def crash(path: Path, data: bytes) -> None:
        raise KeyboardInterrupt("killed before the snapshot was replaced")

    monkeypatch.setattr(atomic, "write_atomic", crash)
    with pytest.raises(KeyboardInterrupt), database.transaction() as db:
        db.table("items").put("a", {"v": 1})
        db.log("history").append({"v": 1})
    monkeypatch.undo()
    again = reopened(database)
    with again.transaction() as db:
        assert db.log("history").rows() == [{"v": 0}, {"v": 1}]  # the journal still has v 1
        db.log("history").append({"v": 2})
    with reopened(again).transaction() as db:
        assert db.log("history").rows() == [{"v": 0}, {"v": 1}, {"v": 2}]
        assert db.table("items").by_id("a") == {"v": 1}


def test_log_rows_are_kept_out_of_memory_and_dropped_with_a_rolled_back_transaction(
    tmp_path: Path,
) -> None:
    database = db_at(tmp_path)
    with database.transaction() as db:
        db.log("history").append({"n": 1})
    with pytest.raises(RuntimeError), database.transaction() as db:
        db.log("history").append({"n": 2})
        assert db.log("history").rows() == [{"n": 1}, {"n": 2}]  # visible inside
        raise RuntimeError
    with database.transaction() as db:
        assert db.log("history").rows() == [{"n": 1}]
        assert db.tables() == set()
    database.compact()
    assert (tmp_path / "history.jsonl").read_bytes() == b'[{"n":1}]\n'  # a line per commit
    assert stored(database.path) == {"history": {"1": {"n": 1}}}


def test_a_failed_append_leaves_every_file_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = db_at(tmp_path)
    put(database, "items", "a", {"v": 0})
    put(database, "items", "b", {"v": 0})
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    def no_space(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", no_space)
    with pytest.raises(OSError):
        put(database, "items", "a", {"v": 1})
    monkeypatch.undo()
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
    assert tables(database)["items"]["a"] == {"v": 0}  # memory was read again
    atomic.DISK.full_since = None
