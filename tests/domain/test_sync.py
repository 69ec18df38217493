"""The pure merge rules (server/domain/sync.py): which change wins, which becomes a copy."""

from __future__ import annotations

from typing import Any

import pytest

from server.domain.sync import FieldState, Outcome, decide


@pytest.mark.parametrize(
    ("current", "base_rev", "value", "expected"),
    [
        pytest.param(FieldState(None, 0), 0, "a", Outcome.APPLY, id="never-set-base-0"),
        pytest.param(FieldState(None, 0), 3, "a", Outcome.CONFLICT, id="never-set-base-newer"),
        pytest.param(FieldState(None, 0), 0, None, Outcome.APPLY, id="never-set-same-none"),
        pytest.param(FieldState("a", 4), 4, "b", Outcome.APPLY, id="matching-base"),
        pytest.param(FieldState("a", 4), 4, "a", Outcome.APPLY, id="matching-base-same-value"),
        pytest.param(FieldState("a", 4), 2, "b", Outcome.CONFLICT, id="stale-base"),
        pytest.param(FieldState("a", 4), 0, "b", Outcome.CONFLICT, id="stale-base-0"),
        pytest.param(FieldState("a", 4), 2, "a", Outcome.SAME, id="stale-base-same-value"),
        pytest.param(FieldState("a", 4), 9, "b", Outcome.CONFLICT, id="base-newer-than-server"),
        pytest.param(FieldState("a", 4), 9, "a", Outcome.SAME, id="base-newer-same-value"),
        pytest.param(FieldState(["x"], 4), 1, ["x"], Outcome.SAME, id="same-list-value"),
        pytest.param(FieldState({"k": 1}, 4), 1, {"k": 2}, Outcome.CONFLICT, id="dict-differs"),
        pytest.param(FieldState(1, 4), 2, True, Outcome.CONFLICT, id="bool-is-not-int"),
    ],
)
def test_decide(current: FieldState, base_rev: int, value: Any, expected: Outcome) -> None:
    assert decide(current, base_rev, value) is expected
