"""Durable writes: the only place that writes bytes to disk.

Two kinds. ``write_atomic`` replaces a whole file: a temporary file in the same folder,
fsynced, atomically renamed over the old one, and the folder fsynced so the rename itself
survives a power cut (TinyDB's own JSONStorage rewrites a long-lived handle in place, so a
crash mid-write corrupts it). ``append_durable`` adds bytes at the end of a journal or log
and fsyncs it: a write that costs the change, not the file.
"""

from __future__ import annotations

import errno
import itertools
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path


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


VERSIONS = itertools.count(1)  # see JournaledStorage.version

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


@contextmanager
def _watching_disk() -> Iterator[None]:
    """Every durable write goes through here: a full disk is noticed, and cleared by the next
    write that works."""
    try:
        yield
    except OSError as e:
        if is_disk_full(e) and DISK.full_since is None:
            DISK.full_since = time.time()
        raise
    DISK.full_since = None


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data``; afterwards the old or the new content exists, never a mix."""
    with _watching_disk():
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


def append_durable(path: Path, data: bytes, keep: int) -> None:
    """Append ``data`` to ``path`` after its first ``keep`` bytes and fsync it. Bytes beyond
    ``keep`` were never acknowledged (a torn line, a write that failed) and are cut off
    first. A new file's folder entry is fsynced too. On failure the file is cut back to
    ``keep`` bytes (best effort: a reader ignores what lies beyond anyway)."""
    with _watching_disk():
        created = not path.exists()
        if created:
            make_dirs(path.parent)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o644)
        try:
            if os.fstat(fd).st_size != keep:
                os.ftruncate(fd, keep)
            try:
                os.lseek(fd, keep, os.SEEK_SET)
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view) :]
                os.fsync(fd)
            except BaseException:
                with suppress(OSError):
                    os.ftruncate(fd, keep)
                    if created:
                        path.unlink()
                raise
        finally:
            os.close(fd)
        if created:
            fsync_dir(path.parent)


def truncate_durable(path: Path, length: int) -> None:
    """Cut ``path`` to ``length`` bytes, durably (a missing file stays missing)."""
    try:
        fd = os.open(path, os.O_WRONLY)
    except FileNotFoundError:
        return
    try:
        os.ftruncate(fd, length)
        os.fsync(fd)
    finally:
        os.close(fd)
