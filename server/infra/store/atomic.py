"""Durable JSON files: the only place that writes bytes to disk.

TinyDB's own JSONStorage truncates and rewrites a long-lived handle in place, so a
crash mid-write corrupts the file. Here every write goes to a temporary file in the
same folder, is fsynced, atomically renamed over the old file, and the folder is
fsynced so the rename itself survives a power cut.
"""

from __future__ import annotations

import errno
import itertools
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from tinydb.storages import Storage


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def make_dirs(folder: Path) -> None:
    """Create missing folders and fsync each new entry's parent, so a new pupil's
    folder survives a power cut as well as the file inside it."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for new in reversed(missing):
        new.mkdir(exist_ok=True)
        fsync_dir(new.parent)


VERSIONS = itertools.count(1)  # see AtomicJSONStorage.version

NO_SPACE = frozenset({errno.ENOSPC, errno.EDQUOT})


class DiskState:
    """Whether durable writes are failing for lack of space. One process owns a data folder,
    so one state per process: set by a failed write, cleared by the next one that works."""

    def __init__(self) -> None:
        self.full_since: float | None = None

    @property
    def full(self) -> bool:
        return self.full_since is not None


DISK = DiskState()


def is_disk_full(error: BaseException) -> bool:
    return isinstance(error, OSError) and error.errno in NO_SPACE


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data``; afterwards the old or the new content exists, never a mix."""
    try:
        make_dirs(path.parent)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        fsync_dir(path.parent)
    except OSError as e:
        if is_disk_full(e) and DISK.full_since is None:
            DISK.full_since = time.time()
        raise
    DISK.full_since = None


class AtomicJSONStorage(Storage):
    """A TinyDB storage with an in-memory copy, atomic writes and write batching.

    One instance per file per process (the store's registry guarantees it), always used
    under that file's lock. Inside ``begin()``/``commit()`` writes only touch memory and
    ``commit`` writes the file once, so a batch of changes costs one durable write.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._data: dict[str, dict[str, Any]] | None = None
        self._loaded = False
        self._depth = 0
        self._dirty = False
        self._doomed = False  # an inner transaction failed: the outer one must not commit
        # A new number with every change to the data in memory (a write, a reload after a
        # rollback), so values derived from the data know when to be built again. Numbers
        # come from one counter per process: a file closed and opened again never meets a
        # number it had before, so a page kept for (file, number) is never stale.
        self.version = next(VERSIONS)

    @property
    def loaded(self) -> bool:
        return self._loaded

    def read(self) -> dict[str, dict[str, Any]] | None:
        if not self._loaded:
            self._data = self._load()
            self._loaded = True
        return self._data

    def _load(self) -> dict[str, dict[str, Any]] | None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        return json.loads(raw) if raw else None

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        self._data = data
        self.version = next(VERSIONS)
        self._loaded = True
        if self._depth:
            self._dirty = True
            return
        self._flush()

    def _flush(self) -> None:
        assert self._data is not None
        encoded = json.dumps(self._data, ensure_ascii=False, separators=(",", ":")).encode()
        try:
            write_atomic(self.path, encoded)
        except BaseException:
            self.forget()  # memory may now differ from disk: reload on next read
            raise

    def begin(self) -> None:
        self._depth += 1

    def commit(self) -> None:
        self._depth -= 1
        if self._depth:
            return
        if self._doomed:
            self._doomed = self._dirty = False
            self.forget()
            raise RuntimeError("an inner transaction failed; nothing was written")
        if self._dirty:
            self._dirty = False
            self._flush()

    def rollback(self) -> None:
        self._depth -= 1
        if self._depth:
            self._doomed = True
            return
        self._doomed = self._dirty = False
        self.forget()

    def forget(self) -> None:
        self.version = next(VERSIONS)
        self._data = None
        self._loaded = False

    def close(self) -> None:
        pass
