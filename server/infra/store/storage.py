"""A TinyDB storage whose commit costs the change, not the file.

One instance per file per process (the store's registry guarantees it), always used under
that file's lock. Inside ``begin()``/``commit()`` writes only touch memory; ``commit``
appends one journal line with the documents that changed and fsyncs it, so a batch costs
one durable write the size of the batch. When the journal outgrows the snapshot (with a
floor), the snapshot is rewritten and the journal emptied: rewriting ``n`` bytes after at
least ``2n`` bytes of journal keeps the bytes written per commit proportional to the change.
Changes the tables did not name (TinyDB's ``drop_table``) are written as a new snapshot.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from server.infra.store import atomic, journal
from server.infra.store.journal import Tables

COMPACT_FLOOR = 256 * 1024  # below this a journal is never compacted: replaying it is cheap
COMPACT_RATIO = 2  # compact when the journal is this many times the snapshot
WHOLE = None  # "the whole table changed", in the change set

log = logging.getLogger(__name__)


class JournaledStorage(Storage):
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.journal = journal.journal_path(self.path)
        self._loaded: journal.Loaded | None = None
        self._depth = 0
        self._changes: dict[str, set[str] | None] = {}
        self._log_rows: dict[str, list[Any]] = {}  # appended in the running transaction
        self._untracked = False  # a write nobody described: the next commit is a snapshot
        self._expected = False  # the write about to come was described by touch()
        self._doomed = False  # an inner transaction failed: the outer one must not commit
        self.removed = False  # the file was deleted (Store.remove_pupil): never write again
        # A new number with every change to the data in memory (a write, a log row, a
        # reload after a rollback), so values derived from the data know when to be built
        # again. Numbers come from one counter per process: a file closed and opened again
        # never meets a number it had before, so a page kept for (file, number) is never
        # stale.
        self.version = next(atomic.VERSIONS)

    @property
    def loaded(self) -> bool:
        return self._loaded is not None

    def _state(self) -> journal.Loaded:
        if self._loaded is None:
            self._loaded = journal.load(self.path)
        return self._loaded

    # --- TinyDB's Storage ------------------------------------------------------------------

    def read(self) -> Tables | None:
        return self._state().tables

    def write(self, data: Tables) -> None:
        state = self._state()
        state.tables = data
        self.version = next(atomic.VERSIONS)
        if not self._expected:
            self._untracked = True
        self._expected = False
        if not self._depth:
            self._commit()

    def close(self) -> None:
        pass

    # --- what changed ----------------------------------------------------------------------

    def touch(self, table: str, doc_id: str | None) -> None:
        """The next ``write`` changes ``doc_id`` of ``table`` (None: any of its documents)."""
        self._expected = True
        if doc_id is WHOLE:
            self._changes[table] = WHOLE
            return
        ids = self._changes.setdefault(table, set())
        if ids is not WHOLE:
            ids.add(doc_id)

    def log_append(self, name: str, row: Any, *, quiet: bool = False) -> None:
        """``quiet``: no page shows this log's rows (the access log), so the data's version
        stays and nothing derived from it is built again."""
        self._log_rows.setdefault(name, []).append(row)
        if not quiet:
            self.version = next(atomic.VERSIONS)
        if not self._depth:
            self._commit()

    def log_rows(self, name: str) -> list[Any]:
        """Every committed row of log ``name``, then those of the running transaction."""
        state = self._state()
        rows = journal.read_log(self.path, name, state.log_bytes.get(name, 0))
        rows += [r for chunk, _ in state.unflushed.get(name, []) for r in chunk]
        return rows + self._log_rows.get(name, [])

    def has_log(self, name: str) -> bool:
        state = self._state()
        return name in state.log_bytes or name in state.unflushed or name in self._log_rows

    # --- transactions ----------------------------------------------------------------------

    def begin(self) -> None:
        self._depth += 1

    def commit(self) -> None:
        self._depth -= 1
        if self._depth:
            return
        if self._doomed:
            self._doomed = False
            self.forget()
            raise RuntimeError("an inner transaction failed; nothing was written")
        self._commit()

    def rollback(self) -> None:
        self._depth -= 1
        if self._depth:
            self._doomed = True
            return
        self._doomed = False
        self.forget()

    def forget(self) -> None:
        """Drop memory (and what the running transaction changed): the next read is the disk's."""
        self.version = next(atomic.VERSIONS)
        self._loaded = None
        self._changes, self._log_rows = {}, {}
        self._untracked = self._expected = False

    def compact(self) -> None:
        """Write the snapshot now (and the logs, and empty the journal), e.g. after writing
        a whole demo school, so each file is one plain JSON file beside its logs."""
        assert not self._depth, "not inside a transaction"
        state = self._state()
        if state.journal_size or state.unflushed:
            self._compact(state)

    def _commit(self) -> None:
        if not (self._changes or self._log_rows or self._untracked):
            return
        if self.removed:
            self.forget()
            raise RuntimeError(f"{self.path} was deleted; nothing was written")
        state = self._state()
        try:
            if self._untracked or not state.snapshot_size:
                # (A new file starts as a snapshot, so it exists as soon as it holds data.)
                self._take_log_rows(state)
                self._compact(state)
            else:
                self._append(state)
        except BaseException:
            self.forget()  # memory may now differ from disk: reload on next read
            raise
        self._changes, self._untracked = {}, False
        if state.journal_size > max(COMPACT_RATIO * state.snapshot_size, COMPACT_FLOOR):
            try:
                self._compact(state)
            except OSError as e:  # the journal holds everything; compaction can wait
                log.warning("compacting %s failed: %s", self.path, e)

    def _append(self, state: journal.Loaded) -> None:
        tables = state.tables or {}
        docs: Tables = {}
        whole: dict[str, Any] = {}
        for name, ids in self._changes.items():
            table = tables.get(name)
            if ids is WHOLE or table is None:
                whole[name] = table
            else:
                docs[name] = {doc_id: table.get(doc_id) for doc_id in ids}
        chunks = {name: journal.chunk(rows) for name, rows in self._log_rows.items()}
        data = journal.line(state.seq + 1, docs, whole, chunks)
        atomic.append_durable(self.journal, data, state.journal_size)
        state.seq += 1
        state.journal_size += len(data)
        self._take_log_rows(state, chunks)

    def _take_log_rows(self, state: journal.Loaded, chunks: dict | None = None) -> None:
        if chunks is None:
            chunks = {name: journal.chunk(rows) for name, rows in self._log_rows.items()}
        for name, encoded in chunks.items():
            state.unflushed.setdefault(name, []).append(encoded)
        self._log_rows = {}

    def _compact(self, state: journal.Loaded) -> None:
        """Logs out first, then the snapshot (which names their committed length), then an
        empty journal. A crash in between leaves a state ``journal.load`` reads right."""
        log_bytes = dict(state.log_bytes)
        for name, chunks in state.unflushed.items():
            if chunks:
                data = b"".join(encoded + b"\n" for _, encoded in chunks)
                keep = log_bytes.get(name, 0)
                atomic.append_durable(journal.log_path(self.path, name), data, keep)
                log_bytes[name] = keep + len(data)
        snapshot = journal.snapshot_bytes(state.tables or {}, state.seq, log_bytes)
        atomic.write_atomic(self.path, snapshot)
        state.log_bytes, state.unflushed = log_bytes, {}
        state.snapshot_seq, state.snapshot_size = state.seq, len(snapshot)
        if state.journal_size:
            # Every line is in the snapshot now: the next append cuts whatever is left.
            state.journal_size = 0
            atomic.truncate_durable(self.journal, 0)
