"""Push subscriptions: which devices of a person receive which kinds of message.

A parent taps "Meldingen aan" on their phone; the browser gives us a subscription (a push
service URL and two keys) which is kept in ``school.json``, table ``push_subscriptions``.
Sending is ``server/infra/push.py``; this module only decides what is kept.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, TypedDict
from urllib.parse import urlsplit

from server.domain.errors import Invalid
from server.domain.records import Subscription
from server.infra.store import Database, RugzakDB, new_id

TABLE = "push_subscriptions"
MAX_DEVICES = 10  # subscriptions kept per person; the oldest goes first

EVENTS = {
    "nieuwe-opdracht": "Een nieuwe thuisopdracht",
    "herinnering-opdracht": "Herinnering: opdracht bijna klaar",
    "gedeeld": "Uw kind heeft iets gedeeld",
    "compliment": "Een compliment of reactie",
    "gesprek": "Een gesprek is gepland",
    "herinnering-gesprek": "Herinnering: gesprek morgen",
    "herinnering-opendag": "Herinnering: open dag morgen",
}
ROLE_EVENTS = {"parent": tuple(EVENTS)}  # who may subscribe to what
# A device chose among the events offered when it subscribed (kept as ``offered``; before
# that field, the first six). An event added later follows the choice for the event it
# was part of: open-day reminders came with the conversations' reminders.
FIRST_EVENTS = (
    "nieuwe-opdracht",
    "herinnering-opdracht",
    "gedeeld",
    "compliment",
    "gesprek",
    "herinnering-gesprek",
)
SPLIT_FROM = {"herinnering-opendag": "herinnering-gesprek"}
# Messages every device that takes any message gets, whatever it chose: the notice that a
# child's Rugzak is about to be deleted (server/domain/retention.py) must reach the family.
ALWAYS = ("bewaartermijn",)


class InvalidSubscription(Invalid):
    """A subscription the browser cannot have made; the message is Dutch."""


class CleanSubscription(TypedDict):
    endpoint: str
    keys: dict[str, str]
    events: list[str]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def events_for(role: str) -> list[dict[str, str]]:
    """The kinds of message this role may choose from, with their Dutch labels."""
    return [{"key": key, "label": EVENTS[key]} for key in ROLE_EVENTS[role]]


def clean_subscription(data: Any, role: str, base_url: str) -> CleanSubscription:
    """Check a subscription sent by a browser; returns {endpoint, keys, events}."""
    if not isinstance(data, dict):
        raise InvalidSubscription("Deze aanmelding voor meldingen kon niet gelezen worden.")
    endpoint = data.get("endpoint")
    if not isinstance(endpoint, str) or not 12 <= len(endpoint) <= 1024:
        raise InvalidSubscription("Het adres voor meldingen ontbreekt of klopt niet.")
    parts = urlsplit(endpoint)
    local_test = base_url.startswith("http://") and parts.hostname in ("127.0.0.1", "localhost")
    if not parts.hostname or not (
        parts.scheme == "https" or (parts.scheme == "http" and local_test)
    ):
        raise InvalidSubscription("Het adres voor meldingen moet beveiligd zijn (https).")
    keys = data.get("keys")
    if not isinstance(keys, dict):
        raise InvalidSubscription("De sleutels voor meldingen ontbreken.")
    p256dh, auth = keys.get("p256dh"), keys.get("auth")
    if not _is_key(p256dh, 65, first=0x04) or not _is_key(auth, 16):
        raise InvalidSubscription("De sleutels voor meldingen kloppen niet.")
    allowed = ROLE_EVENTS.get(role, ())
    events = data.get("events", list(allowed))
    if not isinstance(events, list) or not all(isinstance(e, str) for e in events):
        raise InvalidSubscription("Kies welke meldingen u wilt krijgen.")
    unknown = [e for e in events if e not in allowed]
    if unknown:
        raise InvalidSubscription("Deze soort melding bestaat niet: " + ", ".join(unknown[:3]))
    return {
        "endpoint": endpoint,
        "keys": {"p256dh": p256dh, "auth": auth},
        "events": [e for e in allowed if e in events],  # known order, no duplicates
    }


def _is_key(value: Any, size: int, first: int | None = None) -> bool:
    if not isinstance(value, str) or len(value) > 2 * size:
        return False
    try:
        raw = b64url_decode(value)
    except (ValueError, TypeError):
        return False
    return len(raw) == size and (first is None or raw[0] == first)


def subscribe(school_file: Database, person_id: str, role: str, sub: CleanSubscription) -> str:
    """Store a cleaned subscription; the same device (endpoint) is replaced, whoever had it."""
    with school_file.transaction() as db:
        table = db.table(TABLE)
        mine = []
        for doc in table.all():
            if doc["endpoint"] == sub["endpoint"]:
                table.remove_id(doc.doc_id)
            elif doc["person_id"] == person_id:
                mine.append((doc.get("created_at", ""), doc.doc_id))
        for _, old_id in sorted(mine)[: max(0, len(mine) - MAX_DEVICES + 1)]:
            table.remove_id(old_id)
        sub_id = new_id("s_")
        table.put(
            sub_id,
            {
                "person_id": person_id,
                "role": role,
                "endpoint": sub["endpoint"],
                "keys": dict(sub["keys"]),
                "events": list(sub["events"]),
                "offered": list(ROLE_EVENTS.get(role, ())),
                "created_at": _now(),
            },
        )
        return sub_id


def unsubscribe(school_file: Database, person_id: str, endpoint: str) -> bool:
    with school_file.transaction() as db:
        table = db.table(TABLE)
        for doc in table.all():
            if doc["endpoint"] == endpoint and doc["person_id"] == person_id:
                table.remove_id(doc.doc_id)
                return True
        return False


def subscriptions(db: RugzakDB, person_id: str | None = None) -> list[Subscription]:
    table = db.table(TABLE)
    if person_id is None:
        return [{"id": doc.doc_id, **doc} for doc in table.all()]
    ids = db.index(TABLE, "person_id").get(person_id, ())
    return [{"id": sub_id, **table.by_id(sub_id)} for sub_id in ids]  # type: ignore[dict-item]


def targets(school_file: Database, person_ids: Iterable[str], event: str) -> list[Subscription]:
    """Every device of these people that wants this kind of message (from the index: a
    class's parents cost the same in a school of thousands)."""
    with school_file.transaction() as db:
        return [
            s
            for person_id in dict.fromkeys(person_ids)
            for s in subscriptions(db, person_id)
            if wants(s, event)
        ]


def wants(sub: Subscription | dict[str, Any], event: str) -> bool:
    """Whether this device chose this kind of message (see ``SPLIT_FROM``)."""
    events = sub.get("events", ())
    if event in events or (event in ALWAYS and events):
        return True
    offered = sub.get("offered", FIRST_EVENTS)
    return event not in offered and SPLIT_FROM.get(event, "") in events


def forget(school_file: Database, subscription_ids: Iterable[str]) -> None:
    """Devices the push service reports gone."""
    with school_file.transaction() as db:
        table = db.table(TABLE)
        for sub_id in subscription_ids:
            table.remove_id(sub_id)


def remove_person(db: RugzakDB, person_id: str) -> None:
    """Forget every device of a person (signed out everywhere, unlinked, removed)."""
    table = db.table(TABLE)
    for doc in table.all():
        if doc["person_id"] == person_id:
            table.remove_id(doc.doc_id)
