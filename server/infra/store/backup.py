"""A consistent copy of a data folder while the server runs, and putting one back.

``backup(data_dir, target)`` writes one ``.tar.gz``: every file of the data folder under
``data/`` and, as the last member, ``manifest.json`` (format, version, when, and every file
with its size and sha256; for each database also the journal length and sequence number the
copy holds). ``restore(archive, data_dir)`` checks all of that and only then puts the folder
in place.

Why the copy is consistent while a server writes
------------------------------------------------
The server changes a database file (``school.json``, ``signins.json``, each
``pupils/<id>/portfolio.json``) in exactly two ways (``storage.py``):

1. a commit *appends* one line to ``<name>.journal`` and fsyncs it before the write is
   acknowledged; only the last line can be torn, and a reader drops a torn last line;
2. a compaction appends the logs (``<log>.jsonl``), then *replaces* the snapshot with
   ``os.replace`` (a new file: a reader sees the old or the new one, whole), then empties
   the journal.

So a snapshot and a journal belong together as long as no compaction ran between reading
them. The copy reads each database with this protocol, taking no lock (the server is
another process and is never slowed down):

- read the snapshot; read the journal; read each log the snapshot names, *up to the length
  the snapshot records as committed* (bytes after it belong to an unfinished compaction);
- read the snapshot again: if it is byte-for-byte the same, no compaction ran in between,
  and the three belong together (the journal read holds every line committed before it was
  read: the journal is only appended to until a compaction empties it). If it changed, a
  compaction ran: read all three again (at most ``ATTEMPTS`` times; compaction is rare, as
  it waits for the journal to outgrow the snapshot twice).

Every write acknowledged before the backup started was in the snapshot or the journal when
they were read, so it is in the copy; writes acknowledged later may be in it too. A line
being written while the journal was read is at worst torn, and dropped on restore like
after a crash: it had not been acknowledged yet. Photos are written whole (``write_atomic``)
before the item that names them is committed, and a folder's photos are read after its
database, so every photo the copy names is in it. Temporary files of writes in progress
(``.*.tmp``) are left out; other files (keys) are written once and copied as they are,
with their permissions (``secret.key`` stays readable by its owner only).

Files are read one after another, so each file's copy is consistent in itself, as the
server's own transactions are: none of them spans two files.

The archive is written to a temporary name beside ``target``, fsynced and renamed to
``target`` only when complete (then the folder is fsynced): a backup killed halfway leaves
no ``target`` (or the previous complete one), never half of one.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import tarfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from server.infra.store import journal
from server.infra.store.atomic import fsync_dir

FORMAT = "rugzak-backup"
VERSION = 1
MANIFEST = "manifest.json"
PREFIX = "data/"
ATTEMPTS = 100  # re-reads of one database whose snapshot keeps changing

Progress = Callable[[str], None]


class BackupError(Exception):
    """Why a backup or restore was refused; nothing was written where it was asked."""


@dataclass
class _Copy:
    files: list[dict[str, Any]] = field(default_factory=list)
    databases: list[dict[str, Any]] = field(default_factory=list)


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _read_prefix(path: Path, length: int) -> bytes | None:
    try:
        with path.open("rb") as f:
            return f.read(length)
    except FileNotFoundError:
        return None


def _is_database(path: Path) -> bool:
    return path.suffix == ".json" and not path.name.startswith(".")


def read_database(snapshot: Path) -> tuple[dict[Path, bytes], dict[str, Any]]:
    """The snapshot, journal and committed logs of one database as they belong together
    (the protocol in the module docstring), and what the manifest says about them."""
    journal_file = journal.journal_path(snapshot)
    for _ in range(ATTEMPTS):
        first = _read(snapshot)
        journal_bytes = _read(journal_file)
        try:
            state = json.loads(first).get(journal.STATE, {}) if first else {}
        except ValueError:
            state = None  # replaced while read: impossible with os.replace, but never trusted
        if not isinstance(state, dict):
            continue
        logs: dict[Path, bytes] = {}
        for name, committed in dict(state.get("logs", {})).items():
            data = _read_prefix(journal.log_path(snapshot, name), int(committed))
            if data is not None:
                logs[journal.log_path(snapshot, name)] = data
        if _read(snapshot) != first:
            continue  # a compaction ran meanwhile: read the set again
        found: dict[Path, bytes] = {}
        if first is not None:
            found[snapshot] = first
        if journal_bytes is not None:
            found[journal_file] = journal_bytes
        found.update(logs)
        about = {
            "snapshot_seq": state.get("seq", 0),
            "journal_bytes": len(journal_bytes or b""),
            "logs": {name: int(n) for name, n in dict(state.get("logs", {})).items()},
        }
        return found, about
    raise BackupError(f"{snapshot} kept changing while it was read; try again")


def _walk(root: Path) -> Iterator[Path]:
    """Folders top-down; in each, its databases come before its other files and folders."""
    folders = [root]
    while folders:
        folder = folders.pop(0)
        try:
            entries = sorted(folder.iterdir())
        except FileNotFoundError:
            continue  # removed meanwhile (a deleted pupil)
        yield folder
        folders[0:0] = [e for e in entries if e.is_dir() and not e.is_symlink()]


def _snapshot_files(data_dir: Path, progress: Progress | None) -> Iterator[tuple[str, bytes]]:
    for folder in _walk(data_dir):
        try:
            entries = sorted(p for p in folder.iterdir() if p.is_file() and not p.is_symlink())
        except FileNotFoundError:
            continue
        claimed: set[Path] = set()
        for path in (p for p in entries if _is_database(p)):
            found, about = read_database(path)
            claimed.add(journal.journal_path(path))
            claimed.update(journal.log_path(path, name) for name in about["logs"])
            for file, data in found.items():
                yield file.relative_to(data_dir).as_posix(), data
            if found:
                about["path"] = path.relative_to(data_dir).as_posix()
                yield "", json.dumps(about).encode()
            if progress:
                progress(path.relative_to(data_dir).as_posix())
        for path in entries:
            if path in claimed or _is_database(path):
                continue
            if path.name.startswith(".") and path.name.endswith(".tmp"):
                continue  # a write in progress (or a crash's leftover): never acknowledged
            data = _read(path)
            if data is not None:
                yield path.relative_to(data_dir).as_posix(), data
                if progress:
                    progress(path.relative_to(data_dir).as_posix())


def _mode(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        return 0o600


def _add(tar: tarfile.TarFile, name: str, data: bytes, mtime: float, mode: int = 0o600) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(mtime), mode
    tar.addfile(info, io.BytesIO(data))


def backup(data_dir: Path, target: Path, progress: Progress | None = None) -> dict[str, Any]:
    """Write a complete, verified-on-restore archive of ``data_dir`` to ``target``; returns
    the manifest. Raises ``BackupError`` (and leaves ``target`` as it was) when refused."""
    data_dir, target = Path(data_dir).resolve(), Path(target).resolve()
    if not (data_dir / "school.json").exists():
        raise BackupError(f"{data_dir} holds no school")
    if target.is_relative_to(data_dir):
        raise BackupError("the backup file must be outside the data folder")
    target.parent.mkdir(parents=True, exist_ok=True)
    for stale in target.parent.glob(f".{target.name}.*.tmp"):
        stale.unlink(missing_ok=True)  # what a killed backup left behind
    tmp = target.parent / f".{target.name}.{os.getpid()}.tmp"
    copy = _Copy()
    now = time.time()
    try:
        with tmp.open("wb") as raw:
            with tarfile.open(fileobj=raw, mode="w:gz", compresslevel=5) as tar:
                for name, data in _snapshot_files(data_dir, progress):
                    if not name:  # what the manifest says about a database just copied
                        copy.databases.append(json.loads(data))
                        continue
                    _add(tar, PREFIX + name, data, now, _mode(data_dir / name))
                    digest = hashlib.sha256(data).hexdigest()
                    copy.files.append({"path": name, "size": len(data), "sha256": digest})
                manifest = {
                    "format": FORMAT,
                    "version": VERSION,
                    "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
                    "files": copy.files,
                    "databases": copy.databases,
                }
                _add(tar, MANIFEST, json.dumps(manifest, indent=1).encode(), now)
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(target.parent)
    return manifest


# --- restore ---


def _member_path(name: str) -> str:
    """The data folder's relative path of an archive member, or BackupError."""
    pure = PurePosixPath(name)
    if not name.startswith(PREFIX) or pure.is_absolute() or ".." in pure.parts:
        raise BackupError(f"unexpected file in the backup: {name!r}")
    relative = name[len(PREFIX) :]
    if not relative or relative.startswith("/"):
        raise BackupError(f"unexpected file in the backup: {name!r}")
    return relative


def _check_manifest(manifest: Any, seen: dict[str, tuple[int, str]]) -> None:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("this is not a Rugzak backup (no manifest)")
    if manifest.get("version") != VERSION:
        raise BackupError(f"backup version {manifest.get('version')!r} is not known here")
    listed = {f["path"]: (f["size"], f["sha256"]) for f in manifest.get("files", [])}
    if listed != seen:
        missing = sorted(set(listed) - set(seen))
        extra = sorted(set(seen) - set(listed))
        wrong = sorted(p for p in set(listed) & set(seen) if listed[p] != seen[p])
        raise BackupError(
            f"the backup does not match its manifest (missing {missing[:5]}, "
            f"not listed {extra[:5]}, damaged {wrong[:5]})"
        )


def _empty(folder: Path) -> bool:
    return not folder.exists() or (folder.is_dir() and not any(folder.iterdir()))


def restore(archive: Path, data_dir: Path) -> dict[str, Any]:
    """Put the backup ``archive`` back as ``data_dir`` (missing or empty): every file is
    checked against the manifest and every database read as a restart would, in a
    temporary folder beside it that becomes ``data_dir`` only when all of it is right."""
    data_dir = Path(data_dir).resolve()
    if not _empty(data_dir):
        raise BackupError(f"{data_dir} is not empty; restore only into an empty folder")
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = data_dir.parent / f".{data_dir.name}.restore-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        manifest = _extract(Path(archive), tmp)
        for db in manifest.get("databases", []):
            try:
                journal.load(tmp / _member_path(PREFIX + db["path"]))
            except (ValueError, KeyError, TypeError) as e:
                raise BackupError(f"{db.get('path')} cannot be read: {e}") from e
        for folder in sorted({p.parent for p in tmp.rglob("*") if p.is_file()} | {tmp}):
            fsync_dir(folder)
        if not _empty(data_dir):
            raise BackupError(f"{data_dir} is not empty; restore only into an empty folder")
        if data_dir.exists():
            data_dir.rmdir()
        os.replace(tmp, data_dir)
        fsync_dir(data_dir.parent)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return manifest


def _extract(archive: Path, into: Path) -> dict[str, Any]:
    seen: dict[str, tuple[int, str]] = {}
    manifest: Any = None
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            for member in tar:
                if member.name == MANIFEST and member.isfile():
                    manifest = json.loads(tar.extractfile(member).read())  # type: ignore[union-attr]
                    continue
                relative = _member_path(member.name)
                if not member.isfile() or relative in seen:
                    raise BackupError(f"unexpected entry in the backup: {member.name!r}")
                data = tar.extractfile(member).read()  # type: ignore[union-attr]
                seen[relative] = (len(data), hashlib.sha256(data).hexdigest())
                path = into / relative
                path.parent.mkdir(parents=True, exist_ok=True)
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, member.mode & 0o700)
                with os.fdopen(fd, "wb") as f:
                    f.write(data)
                    f.flush()
                    os.fsync(f.fileno())
                os.chmod(path, member.mode & 0o755)  # as it was, never writable by others
    except FileNotFoundError as e:
        raise BackupError(f"{archive} does not exist") from e
    except (tarfile.TarError, EOFError, OSError, ValueError) as e:
        raise BackupError(f"{archive} is damaged or incomplete: {e}") from e
    _check_manifest(manifest, seen)
    return manifest
