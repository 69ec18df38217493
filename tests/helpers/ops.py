"""Portfolio operations for tests: a pupil id, operations without worksheets (any value
is valid, every item an "ervaring"), and a counter of durable file writes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import server.infra.store.atomic as atomic
from server.domain.portfolio import Actor, apply_ops
from server.infra.store import Store, stored

PID = "p_0123456789ab"
PUPIL = Actor(PID, "pupil")
TEACHER = Actor("t_00000000aaaa", "teacher")


def validate(item: dict[str, Any], field: str, value: Any) -> Any:
    return value


def describe(op: dict[str, Any]) -> dict[str, Any]:
    return {"worksheet": "ervaring", "group": 7, "school_year": "2026-2027"}


def create(item_id: str, op_id: str | None = None) -> dict[str, Any]:
    return {"op_id": op_id or f"create-{item_id}", "type": "create", "item_id": item_id}


def set_op(op_id: str, item_id: str, field: str, value: Any, base_rev: int) -> dict[str, Any]:
    return {
        "op_id": op_id,
        "type": "set",
        "item_id": item_id,
        "field": field,
        "value": value,
        "base_rev": base_rev,
    }


def apply(store: Store, *ops: dict[str, Any], actor: Actor = PUPIL, **kw: Any) -> list[dict]:
    return apply_ops(store.pupil(PID), list(ops), actor, kw.get("validate", validate), describe)


def count_writes(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every durable file write from now on (write_atomic replaces a file, append_durable
    adds a journal line: the only code that writes a data file)."""
    calls: list[Path] = []
    real_write, real_append = atomic.write_atomic, atomic.append_durable

    def writing(path: Path, data: bytes) -> None:
        calls.append(path)
        real_write(path, data)

    def appending(path: Path, data: bytes, keep: int) -> None:
        calls.append(path)
        real_append(path, data, keep)

    monkeypatch.setattr(atomic, "write_atomic", writing)
    monkeypatch.setattr(atomic, "append_durable", appending)
    return calls


def on_disk(path: Path) -> Any:
    """A data file's tables as a restart would read them (its snapshot, journal and logs)."""
    return stored(path)
