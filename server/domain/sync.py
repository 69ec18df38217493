"""Pure merge rules for field operations (no I/O), so every case can be tested exhaustively.

Every field of a portfolio item carries a server revision: a number from one counter per
pupil, so order never depends on tablet clocks. A client sends the revision its change was
based on. A change based on the current revision wins; anything else never overwrites: the
current value stays and the incoming one is kept as a conflict copy for the pupil to choose.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Outcome(StrEnum):
    APPLY = "apply"  # store the value with a new revision
    SAME = "same"  # the value is already there: nothing to write, nothing lost
    CONFLICT = "conflict"  # keep the current value, store the incoming one as a copy


@dataclass(frozen=True)
class FieldState:
    value: Any
    rev: int  # 0 = never set


def same_value(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b  # True == 1 in Python; not here


def decide(current: FieldState, base_rev: int, value: Any) -> Outcome:
    if base_rev == current.rev:
        # Even an unchanged value gets a new revision: choosing the current version is
        # how a pupil resolves a conflict, and that choice must be recorded.
        return Outcome.APPLY
    if current.rev > 0 and same_value(value, current.value):
        return Outcome.SAME
    # Older base: somebody changed it since. Newer base than the server knows (a restored
    # backup, a buggy client): the server cannot tell what the client saw. Either way keep both.
    return Outcome.CONFLICT


# Answers per operation, as sent to the client.
APPLIED = "applied"
DUPLICATE = "duplicate"
CONFLICT = "conflict"
REFUSED = "refused"
# Why an operation was refused, for the device to act on (the reason beside it is Dutch).
INVALID = "invalid"  # malformed or not a valid value: dropped, the pupil is told
WAITING = "waiting"  # builds on a change that has not arrived yet: send it again later
NOT_YOURS = "not-yours"  # a field someone else writes (the parent's part)
OTHER_PUPIL = "other-pupil"  # the batch belongs to another pupil
