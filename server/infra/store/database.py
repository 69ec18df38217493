"""One TinyDB per file, one lock per file, transactions that end in one durable write
(a journal line: ``storage.py``)."""

from __future__ import annotations

import secrets
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from tinydb import TinyDB
from tinydb.table import Document, Table

from server.infra.store.storage import WHOLE, JournaledStorage

T = TypeVar("T")


def new_id(prefix: str = "") -> str:
    """A random, URL-safe, unguessable id (ids appear in URLs; guessing one must not help)."""
    return prefix + secrets.token_hex(6)


class StrTable(Table):
    """Documents keyed by our own string ids, so lookups by id are dict lookups."""

    document_id_class = str

    def _get_next_id(self) -> str:  # type: ignore[override]
        return new_id()

    def _update_table(self, updater, doc_id: str | None = WHOLE) -> None:  # type: ignore[no-untyped-def]
        """Change the table in place and tell the storage what changed: ``doc_id``, or the
        whole table for TinyDB's own insert/update/remove (whose ids we do not see). TinyDB's
        own version copies the whole table twice to convert ids, which our string ids do not
        need. A failed transaction still reloads from disk (the storage forgets its memory
        on rollback)."""
        storage: JournaledStorage = self._storage  # type: ignore[assignment]
        tables = storage.read()
        if tables is None:
            tables = {}
        updater(tables.setdefault(self.name, {}))
        storage.touch(self.name, doc_id)
        storage.write(tables)
        # (No query cache to clear: RugzakDB.table makes every table without one.)

    def put(self, doc_id: str, doc: dict) -> None:
        """Insert or replace the document with this id."""
        self._update_table(lambda table: table.__setitem__(doc_id, dict(doc)), doc_id)

    def patch(self, doc_id: str, fields: dict) -> None:
        """Update some fields of an existing document (KeyError when it does not exist)."""
        self._update_table(lambda table: table[doc_id].update(fields), doc_id)

    def rows(self) -> Iterable[tuple[str, Mapping[str, Any]]]:
        """Every (id, document) as stored: read-only and not copied. ``all()`` copies every
        document, which in a school of thousands is most of a request's cost; copy only
        what you keep."""
        return self._read_table().items()

    def stored(self, doc_id: str) -> Mapping[str, Any] | None:
        """The document as stored: read-only and not copied (the hot paths read, then
        write whole new values with ``put``/``patch``)."""
        return self._read_table().get(doc_id)

    def by_id(self, doc_id: str) -> Document | None:
        # TinyDB's get(doc_id=…) costs ten times this dict lookup, on the hottest path.
        raw = self._read_table().get(doc_id)
        return None if raw is None else Document(raw, doc_id)  # type: ignore[arg-type]

    def remove_id(self, doc_id: str) -> None:
        self._update_table(lambda table: table.pop(doc_id, None), doc_id)


class Log:
    """An append-only log beside the file (``<name>.jsonl``): rows that are written once and
    read only when asked for, so they never sit in memory or in the snapshot. Appends belong
    to the running transaction; they reach the disk in its journal line."""

    def __init__(self, storage: JournaledStorage, name: str, quiet: bool = False) -> None:
        self._storage, self.name, self.quiet = storage, name, quiet

    def append(self, row: dict[str, Any]) -> None:
        self._storage.log_append(self.name, row, quiet=self.quiet)

    def rows(self) -> list[dict[str, Any]]:
        return self._storage.log_rows(self.name)

    def exists(self) -> bool:
        return self._storage.has_log(self.name)


class RugzakDB(TinyDB):
    table_class = StrTable

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._derived: dict[Hashable, Any] = {}
        self._derived_version = -1

    def log(self, name: str, *, quiet: bool = False) -> Log:
        """Log ``name``; ``quiet`` when no page shows its rows (appending then leaves the
        file's version, and so every page and ETag kept for it, as it was)."""
        return Log(self.storage, name, quiet)  # type: ignore[arg-type]

    def table(self, name: str, **kwargs) -> StrTable:  # type: ignore[override]
        if not kwargs and (known := self._tables.get(name)) is not None:
            return known  # type: ignore[return-value]
        # No query cache: a rolled-back transaction must not leave stale search results.
        kwargs.setdefault("cache_size", 0)
        return super().table(name, **kwargs)  # type: ignore[return-value]

    def derived(self, key: Hashable, build: Callable[[], T]) -> T:
        """``build()``, computed once per version of the file's data: kept until the next
        change (or rollback), so a page does not pay for a scan of the whole school. Use it
        inside a transaction, and never change what it returns."""
        version = self.storage.version  # type: ignore[attr-defined]
        if version != self._derived_version:
            self._derived, self._derived_version = {}, version
        if key not in self._derived:
            self._derived[key] = build()
        return self._derived[key]

    def index(self, table: str, field: str) -> Mapping[Any, list[str]]:
        """The ids of ``table``'s documents by the value of their ``field``, in stored
        order: lookups by a field are dict lookups, however large the school."""

        def build() -> dict[Any, list[str]]:
            found: dict[Any, list[str]] = {}
            for doc_id, doc in self.table(table).rows():
                found.setdefault(doc.get(field), []).append(doc_id)
            return found

        return self.derived(("index", table, field), build)


class Database:
    """A JSON file with its lock. Use every access inside ``transaction()``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock = threading.RLock()
        self._storage: JournaledStorage | None = None
        self._db = RugzakDB(path, storage=self._make_storage)

    def _make_storage(self, path: Path) -> JournaledStorage:
        self._storage = JournaledStorage(path)
        return self._storage

    @property
    def version(self) -> int:
        """A number that changes with every change of the data and is never reused in this
        process (a page built at version n is right for as long as the file is at n)."""
        assert self._storage is not None
        return self._storage.version

    @property
    def in_memory(self) -> bool:
        """True when reading needs no disk access (the file was read before)."""
        return self._storage is not None and self._storage.loaded

    def remove(self) -> None:
        """The file is being deleted: drop what is held in memory and refuse every write
        from now on (whoever still holds this instance)."""
        assert self._storage is not None
        with self.lock:
            self._storage.removed = True
            self._storage.forget()

    def compact(self) -> None:
        """Fold the journal into the snapshot now (compaction otherwise happens by itself)."""
        assert self._storage is not None
        with self.lock:
            self._storage.compact()

    @contextmanager
    def transaction(self) -> Iterator[RugzakDB]:
        """Everything inside is written at the end, once and durably, or not at all."""
        assert self._storage is not None
        with self.lock:
            self._storage.begin()
            try:
                yield self._db
            except BaseException:
                self._storage.rollback()
                raise
            self._storage.commit()


class Registry:
    """Opens each file once per process (two TinyDB instances on one file corrupt it), and
    keeps at most ``keep`` of them open when nobody uses them.

    Every instance still in use (a request holds it, a transaction runs in it) stays
    findable through a weak reference, so a file is never open twice; only the strong
    references are bounded, so a school of thousands does not keep every pupil's parsed
    file in memory. An evicted file is simply read again next time: every transaction has
    already reached the disk when it ends."""

    def __init__(self, keep: int) -> None:
        self.keep = keep
        self._lock = threading.Lock()
        self._live: weakref.WeakValueDictionary[Path, Database] = weakref.WeakValueDictionary()
        self._recent: OrderedDict[Path, Database] = OrderedDict()
        self._pinned: dict[Path, Database] = {}

    def get(self, path: Path, *, pin: bool = False) -> Database:
        """The one ``Database`` of ``path``. ``pin`` keeps it open for good (the school)."""
        with self._lock:
            db = self._live.get(path)
            if db is None:
                db = self._live[path] = Database(path)
            if pin:
                self._pinned[path] = db
            elif path not in self._pinned:
                self._recent[path] = db
                self._recent.move_to_end(path)
                while len(self._recent) > self.keep:
                    self._recent.popitem(last=False)
            return db

    def drop(self, path: Path) -> None:
        """Forget ``path``'s instance (its file was removed); the next ``get`` opens it anew."""
        with self._lock:
            self._recent.pop(path, None)
            self._live.pop(path, None)
