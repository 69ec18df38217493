"""The only code that touches disk: the school file, one file per pupil, their media."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import ParamSpec, TypeVar

import anyio.to_thread

from server.infra.store.atomic import DISK, fsync_dir, is_disk_full, write_atomic
from server.infra.store.database import Database, Log, Registry, RugzakDB, StrTable, new_id
from server.infra.store.journal import stored
from server.infra.store.storage import JournaledStorage

__all__ = [
    "DISK",
    "Database",
    "JournaledStorage",
    "Log",
    "RugzakDB",
    "Store",
    "StrTable",
    "is_disk_full",
    "new_id",
    "stored",
    "valid_id",
    "write_atomic",
]

P = ParamSpec("P")
T = TypeVar("T")

MAX_PATHS_KEPT = 20_000  # pupil ids whose file path is remembered (more than a town's school)

_ID = re.compile(r"[a-z]_[0-9a-f]{12}")


def valid_id(value: str, prefix: str) -> bool:
    """Ids reach file paths: only our own shape is ever accepted."""
    return isinstance(value, str) and bool(_ID.fullmatch(value)) and value.startswith(prefix + "_")


class Store:
    """The data folder: ``school.json`` and ``pupils/<pupil_id>/portfolio.json`` + ``media/``."""

    def __init__(self, data_dir: Path, open_pupils: int = 256) -> None:
        self.data_dir = Path(data_dir)
        # At most ``open_pupils`` pupil files stay parsed in memory when nobody uses them.
        self._registry = Registry(keep=open_pupils)
        self._portfolios: dict[str, Path] = {}  # pupil id -> file (valid ids only)
        self._removed: set[str] = set()  # pupils deleted while this process runs
        self.school = self._registry.get(self.data_dir / "school.json", pin=True)
        self.signins = self._registry.get(self.data_dir / "signins.json", pin=True)
        self._remove_stale_temp_files()

    def _remove_stale_temp_files(self) -> None:
        """A crash during a write leaves its temp file; the real file is intact. One server
        process owns a data folder, so at start-up no temp file can be in use."""
        for tmp in self.data_dir.rglob(".*.tmp"):  # write_atomic's names, in any folder
            if tmp.is_file():
                tmp.unlink(missing_ok=True)

    def pupil_folder(self, pupil_id: str) -> Path:
        if not valid_id(pupil_id, "p"):
            raise ValueError(f"not a pupil id: {pupil_id!r}")
        return self.data_dir / "pupils" / pupil_id

    def pupil(self, pupil_id: str) -> Database:
        if pupil_id in self._removed:
            raise ValueError(f"pupil removed: {pupil_id!r}")
        path = self._portfolios.get(pupil_id)
        if path is None:  # (a page of a class asks for 30 of these: pathlib is not free)
            if len(self._portfolios) >= MAX_PATHS_KEPT:
                self._portfolios.clear()
            path = self._portfolios[pupil_id] = self.pupil_folder(pupil_id) / "portfolio.json"
        return self._registry.get(path)

    def remove_pupil(self, pupil_id: str) -> None:
        """Delete a pupil's folder for good: her file with its journal and logs, her photos,
        whatever else lies in it. Under her file's lock; the open file then forgets what it
        held and refuses every later write, and her id is refused by ``pupil``, so nothing
        kept in memory is ever written back. A crash midway leaves part of the folder:
        calling this again finishes it."""
        folder = self.pupil_folder(pupil_id)
        self._removed.add(pupil_id)  # from now on nobody opens her file again
        database = self._registry.get(folder / "portfolio.json")
        with database.lock:  # (a transaction running in it finishes first)
            database.remove()  # a request that still holds it can never write it back
            if folder.exists():
                shutil.rmtree(folder)
                fsync_dir(folder.parent)
        self._registry.drop(database.path)
        self._portfolios.pop(pupil_id, None)

    def media_dir(self, pupil_id: str) -> Path:
        return self.pupil_folder(pupil_id) / "media"

    def is_empty(self) -> bool:
        return not (self.data_dir / "school.json").exists()

    async def run(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run blocking store work off the event loop."""
        return await anyio.to_thread.run_sync(partial(fn, *args, **kwargs))

    async def read(
        self,
        databases: Database | Sequence[Database],
        fn: Callable[P, T],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> T:
        """Run a short read-only ``fn`` over ``databases``: on the event loop when every file
        is in memory and nobody holds its lock (no disk, no waiting), else in a worker
        thread. Saves a thread hand-off per request on the hot paths."""
        dbs = [databases] if isinstance(databases, Database) else list(databases)
        taken: list[Database] = []
        try:
            for db in dbs:
                if not db.in_memory or not db.lock.acquire(blocking=False):
                    break
                taken.append(db)
            else:
                return fn(*args, **kwargs)
        finally:
            for db in taken:
                db.lock.release()
        return await self.run(fn, *args, **kwargs)
