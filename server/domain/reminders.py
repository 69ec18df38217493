"""Push reminders for what is planned: a home assignment two days before it is due, a
conversation the day before.

Reminders are claimed before they are sent: one transaction finds what is due and marks it
``reminded``, then the messages go out. A push service that fails is not retried every ten
minutes, and a crash after the write cannot bring a second reminder (at most once; a crash
between the write and the send loses that one reminder, which is the cheaper mistake).
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import Future
from datetime import date, datetime, timedelta
from typing import Any

import anyio.to_thread

from server.domain import notifications, school
from server.domain.planning import (
    KINDS,
    PARENT_URL,
    Message,
    adults_of,
    assignments,
    class_adults,
    conversations,
    local_now,
    mark_assignment_reminded,
    mark_conversation_reminded,
)
from server.domain.records import Assignment, Conversation
from server.domain.shortlist import VISITS
from server.infra import push
from server.infra.dates import Clock, Day
from server.infra.i18n import Text
from server.infra.store import RugzakDB

log = logging.getLogger("rugzak.planning")

ASSIGNMENT_REMIND_DAYS = 2  # "a reminder two days before it is due"
CONVERSATION_REMIND_HOURS = 24  # "a reminder the day before"
INTERVAL = 600.0  # seconds between two reminder rounds
FIRST_DELAY = 60.0  # let the server settle before the first round


def in_reminder_window(due: date, today: date) -> bool:
    return today <= due <= today + timedelta(days=ASSIGNMENT_REMIND_DAYS)


def conversation_soon(at: datetime, now: datetime) -> bool:
    return now <= at <= now + timedelta(hours=CONVERSATION_REMIND_HOURS)


def assignment_reminder(assignment: Assignment) -> tuple[str, str, str, str]:
    body = Text(
        "Denk aan de thuisopdracht {title}: klaar op {day}",
        title=Text(assignment["title"]),  # the worksheet's title, from the catalogue
        day=Day(assignment["due"]),
    )
    return "herinnering-opdracht", Text("Herinnering: thuisopdracht"), body, PARENT_URL


def conversation_reminder(conversation: Conversation, first_name: str) -> tuple[str, str, str, str]:
    when = {
        "kind": Text(KINDS.get(conversation["kind"], "Gesprek")),
        "name": first_name,
        "day": Day(conversation["at"]),
        "time": Clock(conversation["at"]),
    }
    if conversation.get("place"):
        body = Text("{kind} over {name}: {day} om {time} ({place})", **when,
                    place=conversation["place"])  # fmt: skip
    else:
        body = Text("{kind} over {name}: {day} om {time}", **when)
    return "herinnering-gesprek", Text("Herinnering: gesprek"), body, PARENT_URL


def visit_reminder(visit: dict[str, Any], at: datetime) -> tuple[str, str, str, str]:
    """An open day the family planned, the day before: an event of its own, so a parent
    can want these without the conversations' reminders (and the other way round)."""
    body = Text(
        "Open dag van {school}: {day} om {time}", school=visit["name"], day=Day(at), time=Clock(at)
    )
    return "herinnering-opendag", Text("Herinnering: open dag"), body, PARENT_URL


def due_reminders(db: RugzakDB, now: datetime) -> tuple[list[Assignment], list[Conversation]]:
    """Assignments due within two days and conversations within a day, not yet reminded.
    What is already past is never reminded."""
    today = now.date()
    due = []
    for a in assignments(db):
        if a.get("reminded"):
            continue
        try:
            day = date.fromisoformat(a["due"])
        except (KeyError, TypeError, ValueError):
            continue
        if in_reminder_window(day, today):
            due.append(a)
    soon = []
    for c in conversations(db):
        if c.get("reminded"):
            continue
        try:
            at = datetime.fromisoformat(c["at"]).replace(tzinfo=None)
        except (KeyError, TypeError, ValueError):
            continue
        if conversation_soon(at, now):
            soon.append(c)
    return due, soon


def visit_reminders(db: RugzakDB, now: datetime) -> list[Message]:
    """Open days a family planned (``shortlist.plan_visit``) within a day: marked reminded,
    a message for the pupil's adults each."""
    messages: list[Message] = []
    table = db.table(VISITS)
    for visit_id, visit in list(table.rows()):
        if visit.get("reminded"):
            continue
        at = datetime.fromisoformat(visit["at"])
        if not conversation_soon(at, now):
            continue
        table.patch(visit_id, {"reminded": True})
        adults = adults_of(db, [visit["pupil_id"]])
        if adults:
            messages.append((adults, *visit_reminder(visit, at)))
    return messages


def claim_reminders(db: RugzakDB, now: datetime) -> list[Message]:
    """Mark everything due as reminded and return the messages to send (inside the
    caller's transaction: the marks and the choice are one write)."""
    due, soon = due_reminders(db, now)
    messages: list[Message] = visit_reminders(db, now)
    for a in due:
        mark_assignment_reminded(db, a["id"])
        adults = class_adults(db, a["class_id"])
        if adults:
            messages.append((adults, *assignment_reminder(a)))
    for c in soon:
        mark_conversation_reminded(db, c["id"])
        pupil = school.get_pupil(db, c["pupil_id"])
        adults = adults_of(db, [c["pupil_id"]])
        if pupil is not None and adults:
            messages.append((adults, *conversation_reminder(c, pupil["first_name"])))
    return messages


def send_reminders(app: Any, now: datetime | None = None) -> list[Future[push.Report]]:
    """One reminder round (blocking on the school file, not on the push services)."""
    rz = app.state.rugzak
    with rz.store.school.transaction() as db:
        messages = claim_reminders(db, now or local_now())
    return [notifications.send(app, *message) for message in messages]


async def reminder_loop(app: Any, interval: float | None = None) -> None:
    """Every ``interval`` seconds (``app.state.reminder_interval``, default ten minutes),
    one reminder round. Runs until cancelled; a failing round is logged, never fatal."""
    state = app.state
    every = interval if interval is not None else getattr(state, "reminder_interval", INTERVAL)
    await asyncio.sleep(getattr(state, "reminder_delay", FIRST_DELAY))
    while True:
        try:
            await anyio.to_thread.run_sync(send_reminders, app)
        except Exception:
            log.exception("planning: reminder round failed")
        await asyncio.sleep(every)
