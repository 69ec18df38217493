"""Retention: how long a child's Rugzak is kept after she left the school, the notice to her
family 30 days before, and the deletion when the period is over.

The school sets the period (months after ``Pupil.left_on``, default 12) on an admin page.
A run (at start-up and daily while the server runs, or from the command line) looks at
every pupil who left: 30 days before the end her adults get a notice once (a mark on her
record, removed with her), on the day itself she is deleted (``deletion.delete_pupil``,
recorded without name or id). A pupil without ``left_on`` — or with a date still to come —
is still at school and is never touched. Running twice on a day does nothing twice: a
notice is marked before it is sent, and a deleted child is no longer there to find.
"""

from __future__ import annotations

import asyncio
import calendar
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import anyio.to_thread

from server.domain import deletion, notifications, school
from server.domain.errors import Invalid
from server.domain.planning import local_now
from server.infra import dates, i18n
from server.infra.store import Database, RugzakDB, Store

log = logging.getLogger("rugzak.retention")

SETTING = "retention"  # the school file's meta document: {"months": n}
DEFAULT_MONTHS = 12
MONTHS = range(1, 121)
NOTICE_DAYS = 30
NOTICED = "retention_notice"  # on the pupil's record: the day her adults were told
EVENT = "bewaartermijn"
URL = "/ouder"
BAD_MONTHS = "Kies een bewaartermijn van 1 tot 120 maanden."
DAY = 24 * 3600.0
# What the family reads (through the catalogue: msgids in the English rugzak.po).
TITLE = "Rugzak van %(name)s wordt verwijderd"
BODY = (
    "Rugzak bewaart het werk van %(name)s tot %(date)s. Daarna verwijdert de school alles. "
    "Wilt u iets houden? Download het voor die dag."
)

# notify(adult ids, event, title, body, url): sends a message (notifications.send)
Notify = Callable[[list[str], str, str, str, str], Any]


def months(db: RugzakDB) -> int:
    doc = db.table("meta").by_id(SETTING)
    return int(doc["months"]) if doc else DEFAULT_MONTHS


def set_months(school_file: Database, value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number not in MONTHS:
        raise Invalid(BAD_MONTHS)
    with school_file.transaction() as db:
        db.table("meta").put(SETTING, {"months": number})
    return number


def add_months(day: date, n: int) -> date:
    month = day.month - 1 + n
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def left_on(pupil: dict[str, Any]) -> date | None:
    try:
        return date.fromisoformat(pupil.get("left_on") or "")
    except ValueError:
        return None


@dataclass
class Due:
    """A pupil who left, and when her data goes."""

    pupil_id: str
    name: str
    left_on: date
    notice_on: date
    due_on: date
    noticed: str  # the day her adults were told ("" not yet)


def schedule(db: RugzakDB, today: date) -> list[Due]:
    """Every pupil who left the school (``left_on`` today or before), soonest due first."""
    period = months(db)
    rows = []
    for pupil_id, pupil in db.table("pupils").rows():
        left = left_on(dict(pupil))
        if left is None or left > today:
            continue  # still at school
        due = add_months(left, period)
        rows.append(
            Due(
                pupil_id,
                school.full_name(pupil),  # type: ignore[arg-type]
                left,
                due - timedelta(days=NOTICE_DAYS),
                due,
                pupil.get(NOTICED, ""),
            )
        )
    return sorted(rows, key=lambda d: (d.due_on, d.name))


def overview(school_file: Database, today: date) -> dict[str, Any]:
    """What the admin's retention page shows."""
    with school_file.transaction() as db:
        return {"months": months(db), "due": schedule(db, today), "today": today}


def notice_for(db: RugzakDB, pupil_id: str, today: date) -> date | None:
    """For a parent's home: the day this child's data goes, once her notice period began."""
    pupil = school.get_pupil(db, pupil_id)
    left = left_on(dict(pupil)) if pupil else None
    if left is None or left > today:
        return None
    due = add_months(left, months(db))
    return due if today >= due - timedelta(days=NOTICE_DAYS) else None


def _message(lang: str, first_name: str, due: date) -> tuple[str, str]:
    catalogue = i18n.CATALOGUES.get(lang, i18n.CATALOGUES[i18n.DEFAULT])
    values = {"name": first_name, "date": dates.day(due, lang)}
    return catalogue.gettext(TITLE) % values, catalogue.gettext(BODY) % values


def _claim_notices(store: Store, today: date) -> list[tuple[str, list[str], str, str]]:
    """Mark the notices that are due and return them: (pupil id, adults, title, body), one
    per language of her adults. Marked before sent: a crash costs a notice, never two."""
    out: list[tuple[str, list[str], str, str]] = []
    with store.school.transaction() as db:
        for due in schedule(db, today):
            if due.noticed or today < due.notice_on or today >= due.due_on:
                continue
            pupil = school.get_pupil(db, due.pupil_id)
            if pupil is None:
                continue
            school.update_pupil(db, due.pupil_id, **{NOTICED: today.isoformat()})
            by_lang: dict[str, list[str]] = {}
            for adult_id in school.linked_adults(db, [due.pupil_id]):
                adult = school.get_adult(db, adult_id)
                lang = (adult or {}).get("language") or i18n.DEFAULT
                by_lang.setdefault(lang, []).append(adult_id)
            for lang, adults in by_lang.items():
                out.append((due.pupil_id, adults, *_message(lang, pupil["first_name"], due.due_on)))
    return out


@dataclass
class Report:
    noticed: int = 0  # children whose adults were told
    deleted: int = 0  # children deleted


def run(store: Store, today: date, notify: Notify | None = None) -> Report:
    """One retention round: the notices that are due, then the deletions that are due.
    Without ``notify`` (the command line: no push sender) no notice is claimed, so the
    server's next round still sends it; the home page shows it by date either way."""
    report = Report()
    messages = _claim_notices(store, today) if notify is not None else []
    report.noticed = len({m[0] for m in messages})
    for _, adults, title, body in messages:
        if notify is not None:
            try:
                notify(adults, EVENT, title, body, URL)
            except Exception:  # a push that fails never stops a deletion that is due
                log.exception("retention: notice failed")
    with store.school.transaction() as db:
        due = [d.pupil_id for d in schedule(db, today) if today >= d.due_on]
    for pupil_id in due:
        deletion.delete_pupil(
            store, pupil_id, typed_name=None, why="bewaartermijn", by="", now=today.isoformat()
        )
        report.deleted += 1
    if report.deleted:
        log.info("retention: %d children deleted", report.deleted)
    return report


def start_up(store: Store, today: date, notify: Notify | None = None) -> Report:
    """At start-up: finish interrupted deletions, then a retention round."""
    deletion.resume(store)
    return run(store, today, notify)


def school_today() -> date:
    return local_now().date()


async def retention_loop(app: Any, today: Callable[[], date] = school_today) -> None:
    """At start-up and then once a day, a retention round (in the app's lifespan, next to
    the reminder rounds). Runs until cancelled; a failing round is logged, never fatal."""
    rz = app.state.rugzak

    def notify(adults: list[str], event: str, title: str, body: str, url: str) -> Any:
        return notifications.send(app, adults, event, title, body, url)

    first = True
    while True:
        try:
            step = start_up if first else run
            await anyio.to_thread.run_sync(step, rz.store, today(), notify)
        except Exception:
            log.exception("retention: round failed")
        first = False
        await asyncio.sleep(getattr(app.state, "retention_interval", DAY))
