"""A class's home assignments as its teacher plans them: the planning page, handing one
out (its adults are told), and who handed in what, in the app or on paper.

Each operation owns its transaction; who may do it is decided by the caller
(``server/permissions.py``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TypedDict

from server.domain import contributions, planning, portfolio, reminders, school
from server.domain.errors import Invalid, NotFound
from server.domain.planning import PARENT_URL, Message
from server.domain.records import (
    Assignment,
    Conversation,
    Item,
    PaperHandin,
    Pupil,
    SchoolClass,
)
from server.infra.dates import Day
from server.infra.i18n import Text
from server.infra.store import Database, Store
from server.worksheets import Catalog, Worksheet

log = logging.getLogger("rugzak.planning")

HANDED_IN, BUSY, NOT_YET = "ingeleverd", "bezig", "nog niet"
NOT_IN_CLASS = "Deze leerling of opdracht staat niet in deze klas."


class HandIn(TypedDict):
    """One pupil's row for one assignment."""

    pupil: Pupil
    status: str  # HANDED_IN, BUSY or NOT_YET
    item_id: str | None  # the portfolio item that counts
    parent_signed: bool
    paper: PaperHandin | None


class AssignmentRow(Assignment):
    counts: dict[str, int]  # summary() of its hand-ins


class ConversationRow(Conversation):
    pupil: Pupil


class ClassPlan(TypedDict):
    cls: SchoolClass
    pupils: list[Pupil]
    assignments: list[AssignmentRow]
    conversations: list[ConversationRow]  # of the class's pupils, from today on
    sheets: list[Worksheet]  # the thuisopdrachten this class can be given
    today: str


class AssignmentPage(TypedDict):
    cls: SchoolClass
    assignment: Assignment
    sheet: Worksheet | None  # None if the catalogue no longer has it
    parent_part: bool
    rows: list[HandIn]
    counts: dict[str, int]
    back: str


# --- who handed in what ---


class _State(TypedDict):
    status: str
    item: Item | None  # the portfolio item that counts
    signed: bool
    paper: PaperHandin | None


def _pupil_state(
    database: Database, worksheet: str, group: int | None, adults: set[str], school_year: str
) -> _State:
    """Kept with the pupil's file until it changes: a class's assignment pages then read
    30 small answers, not 30 portfolios. (Never change what it returns.)"""
    key = ("hand-in", worksheet, group, frozenset(adults), school_year)
    with database.transaction() as db:
        return db.derived(key, lambda: _read_state(database, worksheet, group, adults, school_year))


def _read_state(
    database: Database, worksheet: str, group: int | None, adults: set[str], school_year: str
) -> _State:
    items = portfolio.items(database)
    parts = contributions.parts(database)
    paper = planning.paper_handins(database)
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
    store: Store,
    catalog: Catalog,
    pupils: Iterable[Pupil],
    assignment: Assignment,
    group: int | None = None,
) -> list[HandIn]:
    """Per pupil: "ingeleverd" (an item of this worksheet marked klaar, or handed in on
    paper), "bezig" (started), or "nog niet"; and whether a linked adult signed the parent
    part. With ``group``, only work made in that group counts (not the same sheet from a
    year the pupil repeated)."""
    pupils = list(pupils)
    with store.school.transaction() as db:
        year = school.info(db)["school_year"]  # a paper hand-in counts in its own year
        adults = school.adults_of_pupils(db, [p["id"] for p in pupils])
    rows: list[HandIn] = []
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


def summary(rows: list[HandIn]) -> dict[str, int]:
    counts = {HANDED_IN: 0, BUSY: 0, NOT_YET: 0, "signed": 0}
    for row in rows:
        counts[row["status"]] += 1
        counts["signed"] += row["parent_signed"]
    return counts


# --- messages ---


def new_assignment_message(assignment: Assignment) -> tuple[str, str, str, str]:
    body = Text(
        "Nieuwe thuisopdracht: {title}, klaar op {day}",
        title=Text(assignment["title"]),  # the worksheet's title, from the catalogue
        day=Day(assignment["due"]),
    )
    return "nieuwe-opdracht", Text("Nieuwe thuisopdracht"), body, PARENT_URL


# --- the teacher's pages and changes ---


def class_plan(store: Store, catalog: Catalog, class_id: str) -> ClassPlan:
    """The class's planning page: its assignments with how many handed in, and the
    conversations planned with its pupils from today on."""
    with store.school.transaction() as db:
        cls = school.get_class(db, class_id)
        if cls is None:
            raise NotFound(class_id)
        pupils = school.pupils(db, class_id)
        rows = planning.assignments(db, class_id)
        names = {p["id"]: p for p in pupils}
        talks = [
            {**c, "pupil": names[c["pupil_id"]]}
            for c in planning.conversations(db)
            if c["pupil_id"] in names
        ]
    for a in rows:
        a["counts"] = summary(handed_in(store, catalog, pupils, a, cls["group"]))
    today = planning.local_now().date().isoformat()
    return {
        "cls": cls,
        "pupils": pupils,
        "assignments": rows,
        "conversations": [c for c in talks if c["at"][:10] >= today],
        "sheets": planning.home_assignments(catalog, cls["group"]),
        "today": today,
    }


def hand_out(
    school_file: Database,
    catalog: Catalog,
    cls: SchoolClass,
    worksheet: str,
    due_text: str,
    title: str,
    by: str,
) -> Message:
    """Give the class a thuisopdracht (``PlanningError`` for input to correct). Returns the
    message for the class's adults; its list of people may be empty."""
    sheet = planning.check_worksheet(catalog, worksheet, cls["group"])
    due = planning.parse_due(due_text, planning.local_now().date())
    title = title or sheet.title
    today = planning.local_now().date()
    with school_file.transaction() as db:
        if school.get_class(db, cls["id"]) is None:
            raise NotFound(cls["id"])  # the class went away meanwhile
        # Due within the reminder window already: the new-assignment message is the reminder.
        soon = reminders.in_reminder_window(due, today)
        assignment_id = planning.create_assignment(
            db, cls["id"], sheet.id, title, due, by, reminded=soon
        )
        assignment = planning.get_assignment(db, assignment_id)
        adults = planning.class_adults(db, cls["id"])
    return (adults, *new_assignment_message(assignment))


def page_version(store: Store, class_id: str) -> tuple[int, ...]:
    """The versions of every file an assignment page of this class reads: while they stay
    the same, so does the page."""
    with store.school.transaction() as db:
        pupil_ids = school.pupil_ids(db, class_id)
        versions = [store.school.version]
    return (*versions, *(store.pupil(p).version for p in pupil_ids))


def assignment_page(
    store: Store, catalog: Catalog, class_id: str, assignment_id: str
) -> AssignmentPage:
    """One assignment: who handed in what (printable)."""
    with store.school.transaction() as db:
        cls = school.get_class(db, class_id)
        assignment = planning.get_assignment(db, assignment_id)
        if cls is None or assignment is None or assignment.get("class_id") != class_id:
            raise NotFound(assignment_id)
        pupils = school.pupils(db, class_id)
    rows = handed_in(store, catalog, pupils, assignment, cls["group"])
    sheet = catalog.worksheets.get(assignment["worksheet"])
    return {
        "cls": cls,
        "assignment": assignment,
        "sheet": sheet,
        "parent_part": bool(sheet and sheet.parent_part),
        "rows": rows,
        "counts": summary(rows),
        "back": f"/leraar/klas/{class_id}/planning",
    }


def remove_assignment(school_file: Database, class_id: str, assignment_id: str) -> None:
    with school_file.transaction() as db:
        assignment = planning.get_assignment(db, assignment_id)
        if assignment is None or assignment.get("class_id") != class_id:
            raise NotFound(assignment_id)
        planning.delete_assignment(db, assignment_id)


def mark_paper(
    store: Store,
    class_id: str,
    assignment_id: str,
    pupil_id: str,
    on: bool,
    by: str,
    by_name: str,
) -> None:
    """The teacher received this assignment on paper, signed at home (or takes that back).
    A pupil or assignment outside the class is ``Invalid`` with a 404."""
    with store.school.transaction() as db:
        cls = school.get_class(db, class_id)
        assignment = planning.get_assignment(db, assignment_id)
        pupil = school.get_pupil(db, pupil_id)
        year = school.info(db)["school_year"]
    if (
        cls is None
        or assignment is None
        or assignment.get("class_id") != class_id
        or pupil is None
        or pupil["class_id"] != class_id
    ):
        raise Invalid(NOT_IN_CLASS, status=404)
    database = store.pupil(pupil_id)
    if on:
        planning.record_paper(database, assignment["worksheet"], cls["group"], year, by, by_name)
    else:
        planning.remove_paper(database, assignment["worksheet"], cls["group"], year)
