"""Who looked at a pupil's Rugzak: every view or export by a staff member, a parent or a
handover code, kept per pupil in an append-only log beside her file (``access.jsonl``),
so it lives, is backed up and is deleted together with her portfolio.

A row says who (kind, id and the name at the time, so the log still reads after an
account is gone), when, and what was opened. Opening the same thing again within
``SAME_VISIT`` is the same visit and writes no new row: a teacher paging back and forth
in a conversation does not fill the log (or cost a durable write per click)."""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from datetime import UTC, datetime, timedelta
from typing import Any, TypedDict

from server.domain.principal import Principal
from server.infra.store import Store, is_disk_full, valid_id

LOG = "access"
log = logging.getLogger(__name__)
SAME_VISIT = timedelta(minutes=10)
MAX_VISITS_KEPT = 20_000  # recent (viewer, page) pairs remembered for SAME_VISIT

# What was opened, in the words of the admin's and the parent's page (msgids).
WHAT = {
    "portfolio": "De Rugzak (overzicht)",
    "item": "Een blad uit de Rugzak",
    "talk": "Het gesprek (voorbereiding en afspraken)",
    "advice": "Het schooladvies",
    "assignment": "Een thuisopdracht",
    "export": "De Rugzak bewaard (ZIP)",
    "pdf": "Het boekje bewaard (PDF)",
    "handover": "De selectie voor de nieuwe school (met een code)",
    "schools": "De schoolkeuze (de lijst met scholen)",
}
# Who looked, as a kind (msgids).
WHO = {
    "teacher": "Leerkracht",
    "admin": "Beheerder",
    "parent": "Ouder of verzorger",
    "handover": "Nieuwe school (met een code)",
}


class Access(TypedDict, total=False):
    at: str  # ISO time, UTC
    who: str  # a key of WHO
    who_id: str  # the account (or the handover code's id)
    name: str  # the name at the time
    what: str  # a key of WHAT
    item: str  # the item opened, when one was


class _Visits:
    """When each (folder, pupil, viewer, page) was last written, bounded."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last: OrderedDict[tuple[str, ...], datetime] = OrderedDict()

    def is_new(self, key: tuple[str, ...], now: datetime) -> bool:
        with self._lock:
            last = self._last.get(key)
            if last is not None and now - last < SAME_VISIT:
                return False
            self._last[key] = now
            self._last.move_to_end(key)
            while len(self._last) > MAX_VISITS_KEPT:
                self._last.popitem(last=False)
            return True

    def recent(self, key: tuple[str, ...], now: datetime) -> bool:
        with self._lock:
            last = self._last.get(key)
            return last is not None and now - last < SAME_VISIT

    def forget(self, key: tuple[str, ...]) -> None:
        with self._lock:
            self._last.pop(key, None)


_visits = _Visits()


def _key(store: Store, pupil_id: str, kind: str, who_id: str, what: str, item: str) -> tuple:
    return (str(store.data_dir), pupil_id, kind, who_id, what, item)


def on_record(
    store: Store,
    pupil_id: str,
    me: Principal,
    what: str,
    item_id: str = "",
    *,
    now: datetime | None = None,
) -> bool:
    """True when this view needs no new row (a pupil's own, or part of a visit already on
    record): a page can skip the thread hop of ``seen``. In memory, no disk."""
    if me.role == "pupil":
        return True
    key = _key(store, pupil_id, me.role, me.id, what, item_id)
    return _visits.recent(key, now or datetime.now(UTC))


def seen(
    store: Store,
    pupil_id: str,
    me: Principal,
    what: str,
    item_id: str = "",
    *,
    now: datetime | None = None,
) -> bool:
    """Record that ``me`` opened ``what`` of the pupil's Rugzak (pupils looking at their own
    are not recorded). True when a row was written. Durable before it returns, so a page is
    only sent once its view is on record."""
    if me.role == "pupil":
        return False
    return record(
        store, pupil_id, {"who": me.role, "who_id": me.id, "name": me.name}, what, item_id, now
    )


def record(
    store: Store,
    pupil_id: str,
    who: dict[str, str],
    what: str,
    item_id: str = "",
    now: datetime | None = None,
) -> bool:
    """``seen`` for any viewer (``who``: its kind, id and name), e.g. a handover code."""
    if what not in WHAT or who.get("who") not in WHO or not valid_id(pupil_id, "p"):
        raise ValueError(f"not a view to record: {what!r} by {who.get('who')!r}")
    now = now or datetime.now(UTC)
    key = _key(store, pupil_id, who["who"], who["who_id"], what, item_id)
    if not _visits.is_new(key, now):
        return False
    row: dict[str, Any] = {"at": now.isoformat(timespec="seconds"), **who, "what": what}
    if item_id:
        row["item"] = item_id
    try:
        with store.pupil(pupil_id).transaction() as db:
            db.log(LOG, quiet=True).append(row)  # no page shows it: versions stay
    except BaseException as error:
        _visits.forget(key)  # not on record: the next view tries again
        if isinstance(error, OSError) and is_disk_full(error):
            # A full disk refuses every write, but staff and parents can still read (the
            # health check tells the operator). The view goes to the server's log instead.
            log.warning("access log of %s not written (disk full): %s", pupil_id, row)
            return False
        raise
    return True


def entries(store: Store, pupil_id: str) -> list[Access]:
    """Every recorded view of the pupil's Rugzak, newest first."""
    with store.pupil(pupil_id).transaction() as db:
        rows = db.log(LOG).rows()
    return list(reversed(rows))  # type: ignore[arg-type]
