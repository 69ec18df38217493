"""Backup and restore (server/infra/store/backup.py) in one process: the round trip, refusals,
and the read protocol against a compaction that runs between reading a snapshot and its
journal. Against a real server killed with -9: tests/infra/test_backup_load.py."""

from __future__ import annotations

import gzip
import io
import json
import tarfile
import threading
from pathlib import Path

import pytest

from server.domain import school
from server.infra.store import Database, Store, backup, storage, stored
from server.infra.store.backup import BackupError
from tests import factories


def all_stored(data_dir: Path) -> dict[str, object]:
    """Every database of the folder as a restart reads it."""
    return {
        str(p.relative_to(data_dir)): stored(p)
        for p in sorted(data_dir.rglob("*.json"))
        if not p.name.startswith(".")
    }


def plain_files(data_dir: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(data_dir)): p.read_bytes()
        for p in sorted(data_dir.rglob("*"))
        if p.is_file() and p.suffix not in (".json", ".journal", ".jsonl")
    }


@pytest.fixture
def school_folder(tmp_path: Path, catalog) -> Path:
    store = Store(tmp_path / "data")
    cls = factories.school_class(store, group=7)
    for _ in range(3):
        p = factories.pupil(store, cls)
        factories.item(store, catalog, p.id, "ervaring", {"wat": f"Werk van {p.first_name}"})
    (tmp_path / "data" / "secret.key").write_bytes(b"k" * 32)
    (tmp_path / "data" / "secret.key").chmod(0o600)
    (store.media_dir(p.id)).mkdir(parents=True)
    (store.media_dir(p.id) / "ab.klein.webp").write_bytes(b"RIFF....WEBP")
    (tmp_path / "data" / ".school.json.abc.tmp").write_bytes(b"half")  # a crashed write
    return tmp_path / "data"


def test_round_trip(school_folder: Path, tmp_path: Path):
    target = tmp_path / "b" / "rugzak.tar.gz"
    seen: list[str] = []
    manifest = backup.backup(school_folder, target, seen.append)
    assert target.exists() and not list(target.parent.glob(".*.tmp"))
    assert "school.json" in seen and ".school.json.abc.tmp" not in seen
    names = {f["path"] for f in manifest["files"]}
    assert ".school.json.abc.tmp" not in names
    assert {"school.json", "secret.key"} <= names
    restored = tmp_path / "terug"
    backup.restore(target, restored)
    assert all_stored(restored) == all_stored(school_folder)
    expected = plain_files(school_folder)
    del expected[".school.json.abc.tmp"]
    assert plain_files(restored) == expected
    assert (restored / "secret.key").stat().st_mode & 0o777 == 0o600
    assert not list(tmp_path.glob(".terug.restore-*"))


def test_restore_refuses_a_folder_that_is_not_empty(school_folder: Path, tmp_path: Path):
    target = tmp_path / "rugzak.tar.gz"
    backup.backup(school_folder, target)
    busy = tmp_path / "bezet"
    busy.mkdir()
    (busy / "iets.txt").write_text("van iemand")
    with pytest.raises(BackupError, match="not empty"):
        backup.restore(target, busy)
    assert [p.name for p in busy.iterdir()] == ["iets.txt"]


def test_backup_refuses_a_target_inside_the_data_folder(school_folder: Path):
    with pytest.raises(BackupError, match="outside"):
        backup.backup(school_folder, school_folder / "pupils" / "b.tar.gz")
    assert not (school_folder / "pupils" / "b.tar.gz").exists()


def rewrite(archive: Path, change) -> None:
    """The archive with its members passed through ``change(name, data) -> data | None``."""
    with tarfile.open(archive, "r:gz") as tar:
        members = [(m, tar.extractfile(m).read()) for m in tar]
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as tar:
        for member, data in members:
            data = change(member.name, data)
            if data is None:
                continue
            member.size = len(data)
            tar.addfile(member, io.BytesIO(data))
    archive.write_bytes(out.getvalue())


@pytest.mark.parametrize(
    "damage",
    [
        "truncated",
        "changed file",
        "missing file",
        "no manifest",
        "path outside",
    ],
)
def test_restore_refuses_a_damaged_backup_and_writes_nothing(
    school_folder: Path, tmp_path: Path, damage: str
):
    target = tmp_path / "rugzak.tar.gz"
    backup.backup(school_folder, target)
    if damage == "truncated":
        raw = target.read_bytes()
        target.write_bytes(raw[: len(raw) // 2])
    elif damage == "changed file":
        rewrite(target, lambda n, d: d.replace(b"Werk van", b"Werk VAN") if "pupils/" in n else d)
    elif damage == "missing file":
        rewrite(target, lambda n, d: None if n == "data/secret.key" else d)
    elif damage == "no manifest":
        rewrite(target, lambda n, d: None if n == "manifest.json" else d)
    else:
        rewrite(target, lambda n, d: d)
        with tarfile.open(target, "r:gz") as tar:
            members = [(m, tar.extractfile(m).read()) for m in tar]
        out = io.BytesIO()
        with tarfile.open(fileobj=out, mode="w:gz") as tar:
            evil = tarfile.TarInfo("data/../../boos.txt")
            evil.size = 4
            tar.addfile(evil, io.BytesIO(b"boos"))
            for member, data in members:
                tar.addfile(member, io.BytesIO(data))
        target.write_bytes(out.getvalue())
    restored = tmp_path / "terug"
    with pytest.raises(BackupError):
        backup.restore(target, restored)
    assert not restored.exists()
    assert not (tmp_path.parent / "boos.txt").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".terug")] == []


def test_a_compaction_between_snapshot_and_journal_is_read_again(tmp_path: Path, monkeypatch):
    """Writes acknowledged before the backup sit in the journal. If the snapshot is read,
    then a compaction folds the journal into a new snapshot and empties it, then the journal
    is read, the pair would lose those writes: the protocol sees the snapshot change and
    reads the set again."""
    data = tmp_path / "data"
    store = Store(data)
    factories.school_info(store)
    with store.school.transaction() as db:
        school.create_class(db, "Voor", 7, [])  # in the journal, acknowledged
    store.school.compact()
    for i in range(3):
        with store.school.transaction() as db:
            school.create_class(db, f"Acked {i}", 7, [])
    assert (data / "school.journal").stat().st_size > 0
    real_read = backup._read
    compacted: list[bool] = []

    def read_then_compact(path: Path) -> bytes | None:
        found = real_read(path)
        if path.name == "school.json" and not compacted:
            compacted.append(True)
            store.school.compact()  # the server compacts right after the snapshot was read
        return found

    monkeypatch.setattr(backup, "_read", read_then_compact)
    target = tmp_path / "b.tar.gz"
    backup.backup(data, target)
    assert compacted
    restored = tmp_path / "terug"
    backup.restore(target, restored)
    names = {c["name"] for c in stored(restored / "school.json")["classes"].values()}
    assert {"Voor", "Acked 0", "Acked 1", "Acked 2"} <= names


def test_backups_while_a_writer_commits_and_compacts(tmp_path: Path, monkeypatch):
    """A writer thread commits all the time, compacting every few commits; every write
    acknowledged before a backup began is in it, and each backup restores."""
    monkeypatch.setattr(storage, "COMPACT_FLOOR", 2_000)
    data = tmp_path / "data"
    store = Store(data)
    factories.school_info(store)
    pupil_db = Database(data / "pupils" / "p_000000000001" / "portfolio.json")
    acked: list[int] = []
    stop = threading.Event()

    def writer() -> None:
        n = 0
        while not stop.is_set():
            n += 1
            with store.school.transaction() as db:
                db.table("counter").put(f"c{n}", {"n": n})
            with pupil_db.transaction() as db:
                db.table("items").put(f"i{n}", {"n": n})
                db.log("history").append({"n": n})
            acked.append(n)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        for round_ in range(6):
            while len(acked) < 40 * (round_ + 1):
                stop.wait(0.001)
            before = set(acked)
            target = tmp_path / f"b{round_}.tar.gz"
            backup.backup(data, target)
            restored = tmp_path / f"terug{round_}"
            backup.restore(target, restored)
            school_rows = stored(restored / "school.json")["counter"]
            pupil = stored(restored / "pupils" / "p_000000000001" / "portfolio.json")
            assert before <= {doc["n"] for doc in school_rows.values()}
            assert before <= {doc["n"] for doc in pupil["items"].values()}
            assert before <= {row["n"] for row in pupil["history"].values()}
    finally:
        stop.set()
        thread.join()


def test_the_manifest_lists_every_file_with_its_hash(school_folder: Path, tmp_path: Path):
    target = tmp_path / "rugzak.tar.gz"
    backup.backup(school_folder, target)
    with gzip.open(target) as raw, tarfile.open(fileobj=raw) as tar:
        names = tar.getnames()
        manifest = json.loads(tar.extractfile("manifest.json").read())
    assert names[-1] == "manifest.json"
    assert manifest["format"] == "rugzak-backup" and manifest["version"] == 1
    assert sorted(f"data/{f['path']}" for f in manifest["files"]) == sorted(names[:-1])
    assert all(len(f["sha256"]) == 64 for f in manifest["files"])
    school_db = next(d for d in manifest["databases"] if d["path"] == "school.json")
    assert school_db["journal_bytes"] == (school_folder / "school.journal").stat().st_size
