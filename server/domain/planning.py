"""Home assignments with a due date, planned conversations, and their push reminders.

Both live in ``school.json``: table ``assignments`` (a thuisopdracht handed out to a class)
and table ``conversations`` (a startgesprek, voortgangsgesprek or adviesgesprek with one
pupil and their adults). Dates and times are the school's local time (Europe/Amsterdam),
kept without a zone: "14:30" is what the teacher typed and what the parent should read.

Reminders are claimed before they are sent: one transaction finds what is due and marks it
``reminded``, then the messages go out. A push service that fails is not retried every ten
minutes, and a crash after the write cannot bring a second reminder (at most once; a crash
between the write and the send loses that one reminder, which is the cheaper mistake).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from concurrent.futures import Future
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import anyio.to_thread

from server.domain import portfolio, school
from server.infra import push
from server.infra.store import Database, RugzakDB, new_id

log = logging.getLogger("rugzak.planning")

TZ = ZoneInfo("Europe/Amsterdam")
ASSIGNMENTS = "assignments"
CONVERSATIONS = "conversations"
HOME_ASSIGNMENT = "thuisopdracht"
KINDS = {
    "startgesprek": "Startgesprek",
    "voortgangsgesprek": "Voortgangsgesprek",
    "adviesgesprek": "Adviesgesprek",
}
ASSIGNMENT_REMIND_DAYS = 2  # "a reminder two days before it is due"
CONVERSATION_REMIND_HOURS = 24  # "a reminder the day before"
INTERVAL = 600.0  # seconds between two reminder rounds
FIRST_DELAY = 60.0  # let the server settle before the first round
MAX_DAYS_AHEAD = 366
MAX_PLACE = 80
MAX_TITLE = 120
PARENT_URL = "/ouder"

WEEKDAYS = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]
MONTHS = [
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
]  # fmt: skip

HANDED_IN, BUSY, NOT_YET = "ingeleverd", "bezig", "nog niet"


class PlanningError(ValueError):
    """Input a teacher can correct; the message is Dutch."""


def local_now() -> datetime:
    """The school's wall-clock time, without a zone (as stored)."""
    return datetime.now(UTC).astimezone(TZ).replace(tzinfo=None)


def _stamp() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def dutch_day(value: date | datetime | str) -> str:
    """What a parent reads in a message: "donderdag 14 mei 2026"."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return f"{WEEKDAYS[value.weekday()]} {value.day} {MONTHS[value.month - 1]} {value.year}"


def clock(value: datetime | str) -> str:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.strftime("%H:%M")


# --- reading the teacher's input ---


def home_assignments(catalog: Any, group: int) -> list[Any]:
    """The thuisopdrachten a class of this group can be given."""
    return [w for w in catalog.for_group(group) if w.kind == HOME_ASSIGNMENT]


def check_worksheet(catalog: Any, worksheet_id: str, group: int) -> Any:
    sheet = catalog.worksheets.get(worksheet_id) if worksheet_id else None
    if sheet is None or sheet.kind != HOME_ASSIGNMENT:
        raise PlanningError("Kies een thuisopdracht uit de lijst.")
    if group not in sheet.groups:
        raise PlanningError(f"Deze thuisopdracht is niet voor groep {group}. Kies een andere.")
    return sheet


def parse_due(text: str, today: date) -> date:
    if not text:
        raise PlanningError("Kies de datum waarop de opdracht klaar moet zijn.")
    try:
        due = date.fromisoformat(text)
    except ValueError:
        raise PlanningError("Deze datum kennen we niet. Kies een datum in de kalender.") from None
    if due < today:
        raise PlanningError("Deze datum is al voorbij. Kies een datum vanaf vandaag.")
    if due > today + timedelta(days=MAX_DAYS_AHEAD):
        raise PlanningError("Deze datum ligt meer dan een jaar vooruit. Kies een eerdere datum.")
    return due


def parse_moment(day_text: str, time_text: str, now: datetime) -> datetime:
    if not day_text or not time_text:
        raise PlanningError("Vul de datum en de tijd van het gesprek in.")
    try:
        moment = datetime.combine(date.fromisoformat(day_text), time.fromisoformat(time_text))
    except ValueError:
        raise PlanningError("Deze datum of tijd kennen we niet. Probeer het nog eens.") from None
    moment = moment.replace(second=0, microsecond=0, tzinfo=None)
    if moment < now:
        raise PlanningError("Dit moment is al voorbij. Kies een datum en tijd in de toekomst.")
    if moment > now + timedelta(days=MAX_DAYS_AHEAD):
        raise PlanningError("Deze datum ligt meer dan een jaar vooruit. Kies een eerdere datum.")
    return moment


def check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise PlanningError("Kies wat voor gesprek het is.")
    return kind


# --- assignments ---


def _row(doc: Any) -> dict[str, Any]:
    return {"id": doc.doc_id, **doc}


def create_assignment(
    db: RugzakDB,
    class_id: str,
    worksheet: str,
    title: str,
    due: date,
    created_by: str,
    reminded: bool = False,
) -> str:
    assignment_id = new_id("a_")
    db.table(ASSIGNMENTS).put(
        assignment_id,
        {
            "class_id": class_id,
            "worksheet": worksheet,
            "title": title[:MAX_TITLE],
            "due": due.isoformat(),
            "created_by": created_by,
            "created_at": _stamp(),
            "reminded": reminded,
        },
    )
    return assignment_id


def assignments(db: RugzakDB, class_id: str | None = None) -> list[dict[str, Any]]:
    rows = [
        _row(d)
        for d in db.table(ASSIGNMENTS).all()
        if class_id is None or d.get("class_id") == class_id
    ]
    return sorted(rows, key=lambda a: (a.get("due", ""), a.get("created_at", "")))


def get_assignment(db: RugzakDB, assignment_id: str) -> dict[str, Any] | None:
    doc = db.table(ASSIGNMENTS).by_id(assignment_id)
    return None if doc is None else _row(doc)


def delete_assignment(db: RugzakDB, assignment_id: str) -> None:
    db.table(ASSIGNMENTS).remove_id(assignment_id)


# --- conversations ---


def create_conversation(
    db: RugzakDB,
    pupil_id: str,
    kind: str,
    at: datetime,
    place: str,
    created_by: str,
    reminded: bool = False,
) -> str:
    conversation_id = new_id("g_")
    db.table(CONVERSATIONS).put(
        conversation_id,
        {
            "pupil_id": pupil_id,
            "kind": check_kind(kind),
            "at": at.replace(tzinfo=None).isoformat(timespec="minutes"),
            "place": place[:MAX_PLACE],
            "created_by": created_by,
            "created_at": _stamp(),
            "reminded": reminded,
        },
    )
    return conversation_id


def conversations(db: RugzakDB, pupil_id: str | None = None) -> list[dict[str, Any]]:
    rows = [
        _row(d)
        for d in db.table(CONVERSATIONS).all()
        if pupil_id is None or d.get("pupil_id") == pupil_id
    ]
    return sorted(rows, key=lambda c: c.get("at", ""))


def get_conversation(db: RugzakDB, conversation_id: str) -> dict[str, Any] | None:
    doc = db.table(CONVERSATIONS).by_id(conversation_id)
    return None if doc is None else _row(doc)


def delete_conversation(db: RugzakDB, conversation_id: str) -> None:
    db.table(CONVERSATIONS).remove_id(conversation_id)


# --- what a parent sees coming ---


def upcoming(db: RugzakDB, pupil_id: str, today: date, limit: int = 5) -> dict[str, Any]:
    """For the parent's "Wat komt eraan": the class's next home assignments (due today or
    later, soonest first) and the pupil's next conversation (or None)."""
    pupil = school.get_pupil(db, pupil_id)
    if pupil is None:
        return {"assignments": [], "conversation": None}
    day = today.isoformat()
    coming = [a for a in assignments(db, pupil["class_id"]) if a.get("due", "") >= day]
    talks = [c for c in conversations(db, pupil_id) if c.get("at", "")[:10] >= day]
    return {"assignments": coming[:limit], "conversation": talks[0] if talks else None}


# --- who handed in what ---


PAPER = "paper_handins"  # in the pupil's file: keyed "<worksheet>:<group>:<school year>"


def paper_key(worksheet: str, group: int, school_year: str) -> str:
    return f"{worksheet}:{group}:{school_year}"


def record_paper(
    database: Database, worksheet: str, group: int, school_year: str, by: str, by_name: str
) -> None:
    """The teacher received this home assignment on paper, signed by an adult at home (a
    family without a phone). It counts as handed in and signed, and says so everywhere."""
    with database.transaction() as db:
        portfolio.bump_rev(db)  # the file's revision: cached pages show the change
        db.table(PAPER).put(
            paper_key(worksheet, group, school_year),
            {
                "worksheet": worksheet,
                "group": group,
                "school_year": school_year,
                "by": by,
                "by_name": by_name,
                "at": datetime.now(UTC).isoformat(timespec="seconds"),
            },
        )


def remove_paper(database: Database, worksheet: str, group: int, school_year: str) -> None:
    with database.transaction() as db:
        portfolio.bump_rev(db)
        db.table(PAPER).remove_id(paper_key(worksheet, group, school_year))


def paper_handins(database: Database) -> list[dict[str, Any]]:
    with database.transaction() as db:
        return [_row(d) for d in db.table(PAPER).all()]


def _pupil_state(
    database: Database, worksheet: str, group: int | None, adults: set[str], school_year: str
) -> dict[str, Any]:
    with database.transaction() as db:
        items = [_row(d) for d in db.table("items").all() if not d.get("deleted")]
        parts = [_row(d) for d in db.table("parent_parts").all()]
        paper = [_row(d) for d in db.table(PAPER).all()]
    mine = [
        i
        for i in items
        if i.get("worksheet") == worksheet and (group is None or i.get("group", group) == group)
    ]
    done = [i for i in mine if (i.get("values") or {}).get("_status") == "klaar"]
    chosen = (done or mine or [None])[0]
    # Only what a linked adult signed on their own phone counts (never the pupil's values).
    signed_by = {
        p.get("item_id") for p in parts if p.get("signed_at") and p.get("adult_id") in adults
    }
    on_paper = next(
        (
            d
            for d in paper
            if d.get("worksheet") == worksheet
            and d.get("school_year") == school_year
            and (group is None or d.get("group") == group)
        ),
        None,
    )
    return {
        "status": HANDED_IN if done or on_paper else BUSY if mine else NOT_YET,
        "item": chosen,
        "signed": bool(on_paper) or any(i["id"] in signed_by for i in mine),
        "paper": on_paper,
    }


def handed_in(
    store: Any,
    catalog: Any,
    pupils: Iterable[dict[str, Any]],
    assignment: dict[str, Any],
    group: int | None = None,
) -> list[dict[str, Any]]:
    """Per pupil: "ingeleverd" (an item of this worksheet marked klaar, or handed in on
    paper), "bezig" (started), or "nog niet"; and whether a linked adult signed the parent
    part. With ``group``, only work made in that group counts (not the same sheet from a
    year the pupil repeated)."""
    pupils = list(pupils)
    with store.school.transaction() as db:
        year = school.info(db)["school_year"]  # a paper hand-in counts in its own year
        adults: dict[str, set[str]] = {}
        for link in db.table("links").all():
            adults.setdefault(link["pupil_id"], set()).add(link["adult_id"])
    rows = []
    for pupil in pupils:
        try:
            state = _pupil_state(
                store.pupil(pupil["id"]),
                assignment["worksheet"],
                group,
                adults.get(pupil["id"], set()),
                year,
            )
        except Exception:
            log.exception("planning: could not read the portfolio of %s", pupil["id"])
            state = {"status": NOT_YET, "item": None, "signed": False, "paper": None}
        item = state["item"]
        rows.append(
            {
                "pupil": pupil,
                "status": state["status"],
                "item_id": item["id"] if item else None,
                "parent_signed": state["signed"],
                "paper": state["paper"],
            }
        )
    return rows


def summary(rows: list[dict[str, Any]]) -> dict[str, int]:
    counts = {HANDED_IN: 0, BUSY: 0, NOT_YET: 0, "signed": 0}
    for row in rows:
        counts[row["status"]] += 1
        counts["signed"] += row["parent_signed"]
    return counts


# --- messages ---


def adults_of(db: RugzakDB, pupil_ids: Iterable[str]) -> list[str]:
    wanted = set(pupil_ids)
    return list(
        dict.fromkeys(link["adult_id"] for link in school.links(db) if link["pupil_id"] in wanted)
    )


def class_adults(db: RugzakDB, class_id: str) -> list[str]:
    return adults_of(db, [p["id"] for p in school.pupils(db, class_id)])


def new_assignment_message(assignment: dict[str, Any]) -> tuple[str, str, str, str]:
    body = f"Nieuwe thuisopdracht: {assignment['title']}, klaar op {dutch_day(assignment['due'])}"
    return "nieuwe-opdracht", "Nieuwe thuisopdracht", body, PARENT_URL


def assignment_reminder(assignment: dict[str, Any]) -> tuple[str, str, str, str]:
    body = (
        f"Denk aan de thuisopdracht {assignment['title']}: klaar op {dutch_day(assignment['due'])}"
    )
    return "herinnering-opdracht", "Herinnering: thuisopdracht", body, PARENT_URL


def conversation_message(
    conversation: dict[str, Any], first_name: str
) -> tuple[str, str, str, str]:
    body = (
        f"Gesprek over {first_name} op {dutch_day(conversation['at'])} "
        f"om {clock(conversation['at'])}"
    )
    if conversation.get("place"):
        body += f" ({conversation['place']})"
    title = f"{KINDS.get(conversation['kind'], 'Gesprek')} gepland"
    return "gesprek", title, body, PARENT_URL


def conversation_reminder(
    conversation: dict[str, Any], first_name: str
) -> tuple[str, str, str, str]:
    body = (
        f"{KINDS.get(conversation['kind'], 'Gesprek')} over {first_name}: "
        f"{dutch_day(conversation['at'])} om {clock(conversation['at'])}"
    )
    if conversation.get("place"):
        body += f" ({conversation['place']})"
    return "herinnering-gesprek", "Herinnering: gesprek", body, PARENT_URL


# --- reminders ---


def in_reminder_window(due: date, today: date) -> bool:
    return today <= due <= today + timedelta(days=ASSIGNMENT_REMIND_DAYS)


def conversation_soon(at: datetime, now: datetime) -> bool:
    return now <= at <= now + timedelta(hours=CONVERSATION_REMIND_HOURS)


def due_reminders(db: RugzakDB, now: datetime) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
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


Message = tuple[list[str], str, str, str, str]


def claim_reminders(db: RugzakDB, now: datetime) -> list[Message]:
    """Mark everything due as reminded and return the messages to send (inside the
    caller's transaction: the marks and the choice are one write)."""
    due, soon = due_reminders(db, now)
    messages: list[Message] = []
    for a in due:
        db.table(ASSIGNMENTS).patch(a["id"], {"reminded": True})
        adults = class_adults(db, a["class_id"])
        if adults:
            messages.append((adults, *assignment_reminder(a)))
    for c in soon:
        db.table(CONVERSATIONS).patch(c["id"], {"reminded": True})
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
    return [push.send(app, *message) for message in messages]


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
