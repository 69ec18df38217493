"""The on-disk format of a database: a compacted snapshot, a journal beside it, and logs.

``<name>.json`` (the snapshot) holds TinyDB's tables plus ``"_journal": {"seq", "logs"}``:
the last journal line it contains and how many bytes of each log are committed.
``<name>.journal`` holds one JSON line per committed transaction::

    {"seq": 7, "docs": {table: {doc_id: doc | null}}, "tables": {table: {...} | null},
     "logs": {log: [row, ...]}}

``docs`` are the documents that transaction changed (null = removed), ``tables`` the tables
it changed wholesale, ``logs`` the rows it appended to an append-only log (``<log>.jsonl``,
written out at compaction as one line per transaction: a JSON list of its rows). Every
line carries the new state, not a delta, and lines with ``seq`` <= the snapshot's are
skipped, so a crash between writing a snapshot and emptying the
journal replays nothing twice. Only the last line can be torn (each is fsynced before the
next is begun): it was never acknowledged, and it is cut off.

This module only reads and formats; ``storage.py`` writes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Tables = dict[str, dict[str, Any]]
Chunk = tuple[list[Any], bytes]  # one transaction's rows of a log and their JSON, encoded once
STATE = "_journal"  # the snapshot's key for its journal state; never a TinyDB table


@dataclass
class Loaded:
    """What a snapshot plus its journal hold."""

    tables: Tables | None
    seq: int = 0  # the last journal line applied
    snapshot_seq: int = 0  # the last journal line the snapshot contains
    log_bytes: dict[str, int] = field(default_factory=dict)  # committed bytes of each log
    # log rows still only in the journal, each with its encoding (written out at compaction)
    unflushed: dict[str, list[Chunk]] = field(default_factory=dict)
    snapshot_size: int = 0
    journal_size: int = 0  # bytes of valid lines; anything after them is torn


def journal_path(path: Path) -> Path:
    return path.with_suffix(".journal")


def log_path(path: Path, name: str) -> Path:
    return path.parent / f"{name}.jsonl"


def encode(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def snapshot_bytes(tables: Tables, seq: int, log_bytes: dict[str, int]) -> bytes:
    return encode({**tables, STATE: {"seq": seq, "logs": log_bytes}})


def chunk(rows: list[Any]) -> Chunk:
    return rows, encode(rows)


def line(seq: int, docs: Tables, tables: dict[str, Any], logs: dict[str, Chunk]) -> bytes:
    """One journal line; log rows go in as encoded once (the same bytes become a line of the
    log at compaction)."""
    entry: dict[str, Any] = {"seq": seq}
    if docs:
        entry["docs"] = docs
    if tables:
        entry["tables"] = tables
    head = encode(entry)
    if not logs:
        return head + b"\n"
    parts = [encode(name) + b":" + data for name, (_, data) in logs.items()]
    return head[:-1] + b',"logs":{' + b",".join(parts) + b"}}\n"


def load(path: Path) -> Loaded:
    """Read ``path`` as a restart would: the snapshot, then the journal's newer lines."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raw = b""
    snapshot = json.loads(raw) if raw else None
    state = snapshot.pop(STATE, {}) if snapshot else {}
    loaded = Loaded(
        tables=snapshot,
        seq=state.get("seq", 0),
        snapshot_seq=state.get("seq", 0),
        log_bytes=dict(state.get("logs", {})),
        snapshot_size=len(raw),
    )
    try:
        journal = journal_path(path).read_bytes()
    except FileNotFoundError:
        return loaded
    offset = 0
    while offset < len(journal):
        end = journal.find(b"\n", offset)
        if end < 0:
            break  # torn: the write of the last line never finished
        try:
            entry = json.loads(journal[offset:end])
            seq = entry["seq"]
        except (ValueError, KeyError, TypeError):
            break  # garbage from a write that never finished: nothing after it was acknowledged
        offset = end + 1
        if seq > loaded.seq:
            _apply(loaded, entry)
            loaded.seq = seq
    loaded.journal_size = offset
    return loaded


def _apply(loaded: Loaded, entry: dict[str, Any]) -> None:
    tables = loaded.tables if loaded.tables is not None else {}
    for name, table in entry.get("tables", {}).items():
        if table is None:
            tables.pop(name, None)
        else:
            tables[name] = table
    for name, docs in entry.get("docs", {}).items():
        table = tables.setdefault(name, {})
        for doc_id, doc in docs.items():
            if doc is None:
                table.pop(doc_id, None)
            else:
                table[doc_id] = doc
    for name, rows in entry.get("logs", {}).items():
        loaded.unflushed.setdefault(name, []).append(chunk(rows))
    loaded.tables = tables


def read_log(path: Path, name: str, committed: int) -> list[Any]:
    """The committed rows of a log: bytes beyond ``committed`` belong to a compaction that
    never finished, and are ignored (and cut off by the next one)."""
    try:
        with log_path(path, name).open("rb") as f:
            raw = f.read(committed)
    except FileNotFoundError:
        return []
    rows: list[Any] = []
    for data in raw.splitlines():  # a line per compaction's transaction: a list of rows
        if data:
            value = json.loads(data)
            rows.extend(value if isinstance(value, list) else [value])
    return rows


def stored(path: Path) -> Tables:
    """Every table of ``path`` as a restart would read it, with each log as a table of its
    rows (keys "1", "2", … in order): for tests and tools that look at the disk."""
    loaded = load(path)
    tables = dict(loaded.tables or {})
    names = set(loaded.log_bytes) | set(loaded.unflushed)
    for name in sorted(names):
        rows = read_log(path, name, loaded.log_bytes.get(name, 0))
        rows += [r for rows_, _ in loaded.unflushed.get(name, []) for r in rows_]
        tables[name] = {str(i): row for i, row in enumerate(rows, start=1)}
    return tables
