"""Items a teacher keeps from the family: the rare piece of work that should not go home.

An item's ``hidden`` key holds who hid it, when and why (the reason is for staff only). The
family's pages, exports and handover links leave such an item out; the pupil still sees it,
with a word that it is hidden.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

HIDDEN = "hidden"  # the item's key: {"by": staff id, "at": ISO time, "reason": str}


def hidden_from_family(item: Mapping[str, Any]) -> bool:
    return bool(item.get(HIDDEN))
