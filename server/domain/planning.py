"""Home assignments with a due date and planned conversations: the records, reading the
teacher's input, what a parent sees coming, and hand-ins received on paper.

Both live in ``school.json``: table ``assignments`` (a thuisopdracht handed out to a class)
and table ``conversations`` (a startgesprek, voortgangsgesprek or adviesgesprek with one
pupil and their adults). Dates and times are the school's local time (Europe/Amsterdam),
kept without a zone: "14:30" is what the teacher typed and what the parent should read.

The teacher's pages and what they change are ``assignments.py`` and ``conversations.py``;
the push reminders are ``reminders.py``. Functions here that take a ``RugzakDB`` are
building blocks inside the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, TypedDict
from zoneinfo import ZoneInfo

from server.domain import portfolio, school
from server.domain.errors import Invalid
from server.domain.records import Assignment, Conversation, PaperHandin
from server.infra import dates
from server.infra.store import Database, RugzakDB, new_id
from server.worksheets import Catalog, Worksheet

TZ = ZoneInfo("Europe/Amsterdam")
ASSIGNMENTS = "assignments"
CONVERSATIONS = "conversations"
HOME_ASSIGNMENT = "thuisopdracht"
# The kinds of conversation, as server/guides/kinds/ names them (a test keeps them equal).
KINDS = {
    "startgesprek": "Startgesprek",
    "voortgangsgesprek": "Voortgangsgesprek",
    "pre-adviesgesprek": "Pre-adviesgesprek",
    "adviesgesprek": "Adviesgesprek",
    "afsluiting": "Afsluiting & portfolio",
}
MAX_DAYS_AHEAD = 366
MAX_PLACE = 80
MAX_TITLE = 120
PARENT_URL = "/ouder"

# A push message for some adults: (person ids, event, title, body, url), as push.send takes
# it; title and body are ``i18n.Text``, said in each adult's language when sent.
Message = tuple[list[str], str, str, str, str]


class Upcoming(TypedDict):
    assignments: list[Assignment]
    conversation: Conversation | None


class PlanningError(Invalid):
    """Input a teacher can correct; the message is Dutch (400 where no page shows it)."""


def local_now() -> datetime:
    """The school's wall-clock time, without a zone (as stored)."""
    return datetime.now(UTC).astimezone(TZ).replace(tzinfo=None)


def _stamp() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def clock(value: datetime | str) -> str:
    """ "14:30" (server/infra/dates.py writes every date and time)."""
    return dates.clock(value)


# --- reading the teacher's input ---


def home_assignments(catalog: Catalog, group: int) -> list[Worksheet]:
    """The thuisopdrachten a class of this group can be given."""
    return [w for w in catalog.for_group(group) if w.kind == HOME_ASSIGNMENT]


def check_worksheet(catalog: Catalog, worksheet_id: str, group: int) -> Worksheet:
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


def as_record(doc: Any) -> Any:
    """A stored document as its record: the key is its ``id``."""
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


def _rows(db: RugzakDB, table: str, field: str, value: str | None) -> list[Any]:
    """Every document of ``table``, or (from the file's index) those whose ``field`` is
    ``value``: a class's or a pupil's rows cost the same in a school of thousands."""
    docs = db.table(table)
    if value is None:
        return [as_record(d) for d in docs.all()]
    return [as_record(docs.by_id(doc_id)) for doc_id in db.index(table, field).get(value, ())]


def assignments(db: RugzakDB, class_id: str | None = None) -> list[Assignment]:
    rows = _rows(db, ASSIGNMENTS, "class_id", class_id)
    return sorted(rows, key=lambda a: (a.get("due", ""), a.get("created_at", "")))


def get_assignment(db: RugzakDB, assignment_id: str) -> Assignment | None:
    doc = db.table(ASSIGNMENTS).by_id(assignment_id)
    return None if doc is None else as_record(doc)


def delete_assignment(db: RugzakDB, assignment_id: str) -> None:
    db.table(ASSIGNMENTS).remove_id(assignment_id)


def mark_assignment_reminded(db: RugzakDB, assignment_id: str) -> None:
    db.table(ASSIGNMENTS).patch(assignment_id, {"reminded": True})


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


def conversations(db: RugzakDB, pupil_id: str | None = None) -> list[Conversation]:
    rows = _rows(db, CONVERSATIONS, "pupil_id", pupil_id)
    return sorted(rows, key=lambda c: c.get("at", ""))


def get_conversation(db: RugzakDB, conversation_id: str) -> Conversation | None:
    doc = db.table(CONVERSATIONS).by_id(conversation_id)
    return None if doc is None else as_record(doc)


def delete_conversation(db: RugzakDB, conversation_id: str) -> None:
    db.table(CONVERSATIONS).remove_id(conversation_id)


def mark_conversation_reminded(db: RugzakDB, conversation_id: str) -> None:
    db.table(CONVERSATIONS).patch(conversation_id, {"reminded": True})


# --- what a parent sees coming ---


def upcoming(db: RugzakDB, pupil_id: str, today: date, limit: int = 5) -> Upcoming:
    """For the parent's "Wat komt eraan": the class's next home assignments (due today or
    later, soonest first) and the pupil's next conversation (or None)."""
    pupil = school.get_pupil(db, pupil_id)
    if pupil is None:
        return {"assignments": [], "conversation": None}
    day = today.isoformat()
    coming = [a for a in assignments(db, pupil["class_id"]) if a.get("due", "") >= day]
    talks = [c for c in conversations(db, pupil_id) if c.get("at", "")[:10] >= day]
    return {"assignments": coming[:limit], "conversation": talks[0] if talks else None}


# --- hand-ins received on paper ---


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


def paper_handins(database: Database) -> list[PaperHandin]:
    with database.transaction() as db:
        return [as_record(d) for d in db.table(PAPER).all()]


# --- who is told ---


def adults_of(db: RugzakDB, pupil_ids: Iterable[str]) -> list[str]:
    return school.linked_adults(db, pupil_ids)


def class_adults(db: RugzakDB, class_id: str) -> list[str]:
    return adults_of(db, school.pupil_ids(db, class_id))
