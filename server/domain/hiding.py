"""Items a teacher keeps from the family: the rare piece of work that should not go home.

An item's ``hidden`` key holds who hid it, when and why (the reason is for staff only). The
family's pages, exports and handover links leave such an item out; the pupil still sees it,
with a word that it is hidden. Only the pupil's own teacher (or an admin) hides an item or
shows it again; each time a row in the item's history says who and when.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

from server.domain import classes, portfolio
from server.domain.errors import Invalid, NotFound
from server.domain.records import Pupil
from server.infra.store import Store, new_id

HIDDEN = "hidden"  # the item's key: {"by": staff id, "by_name", "at": ISO time, "reason": str}
FIELD = "_hidden"  # the field a history row of hiding names
MAX_REASON = 300
NO_REASON = "Schrijf op waarom dit niet naar huis gaat. Alleen medewerkers zien dit."
TOO_LONG = f"De reden is te lang (hoogstens {MAX_REASON} tekens)."
# What the pupil reads on the item (B1; she is 9 to 12).
PUPIL_NOTE = "Je juf of meester heeft dit niet aan thuis laten zien."

T = TypeVar("T", bound=Mapping[str, Any])


def hidden_from_family(item: Mapping[str, Any]) -> bool:
    return bool(item.get(HIDDEN))


def for_family(items: Iterable[T]) -> list[T]:
    """The items the family may be shown at all (sharing is checked apart)."""
    return [item for item in items if not hidden_from_family(item)]


@dataclass(frozen=True)
class Staffer:
    id: str
    name: str
    role: str  # teacher | admin


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def check_reason(reason: str) -> str:
    reason = " ".join(reason.split())
    if not reason:
        raise Invalid(NO_REASON)
    if len(reason) > MAX_REASON:
        raise Invalid(TOO_LONG)
    return reason


def _change(
    store: Store,
    pupil_id: str,
    item_id: str,
    by: Staffer,
    may_manage: Callable[[Pupil], bool],
    reason: str | None,  # None: show again
    now: str,
) -> None:
    with store.school.transaction() as db:
        classes.visible_pupil(db, pupil_id, may_manage)  # first: refusals never say more
    hidden = None
    if reason is not None:
        hidden = {"by": by.id, "by_name": by.name, "at": now, "reason": check_reason(reason)}
    with store.pupil(pupil_id).transaction() as db:
        item = portfolio.live_item(db, item_id)
        if item is None:
            raise NotFound(item_id)
        if hidden_from_family(item) == (hidden is not None):
            return  # already so (a second click, another tab): nothing to record
        doc = {k: v for k, v in item.items() if k not in ("id", HIDDEN)}
        if hidden is not None:
            doc[HIDDEN] = hidden
        db.table("items").put(item_id, doc)
        rev = portfolio.bump_rev(db)
        portfolio.record(
            db,
            {
                "item_id": item_id,
                "field": FIELD,
                "by": by.id,
                "role": by.role,
                "at": now,
                "op_id": new_id("h_"),
                "base_rev": 0,
                "kind": "hide" if hidden is not None else "show",
                "value": hidden is not None,
                "rev": rev,
            },
        )


def hide(
    store: Store,
    pupil_id: str,
    item_id: str,
    reason: str,
    by: Staffer,
    may_manage: Callable[[Pupil], bool],
    now: str | None = None,
) -> None:
    """Keep the item from the family, with a reason for staff."""
    _change(store, pupil_id, item_id, by, may_manage, reason, now or _now())


def show(
    store: Store,
    pupil_id: str,
    item_id: str,
    by: Staffer,
    may_manage: Callable[[Pupil], bool],
    now: str | None = None,
) -> None:
    """Let the family see the item again (when the pupil shares it)."""
    _change(store, pupil_id, item_id, by, may_manage, None, now or _now())


def hidden_ids(store: Store, pupil_id: str) -> set[str]:
    """The ids of the pupil's items kept from the family (for her own device)."""
    with store.pupil(pupil_id).transaction() as db:
        return {doc_id for doc_id, doc in db.table("items").rows() if hidden_from_family(doc)}
