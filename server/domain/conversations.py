"""Conversations a teacher plans with a pupil and their adults: the pupil's planning page,
planning one (the adults are told) and taking it back.

Each operation owns its transaction; who may manage the pupil is decided by the caller
(``server/permissions.py``) and checked inside the transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypedDict

from server.domain import planning, reminders, school
from server.domain.errors import NotFound, Refused
from server.domain.planning import KINDS, PARENT_URL, Message
from server.domain.records import Adult, Conversation, Pupil, SchoolClass
from server.infra.dates import Clock, Day
from server.infra.i18n import Text
from server.infra.store import Database, RugzakDB


class ConversationRow(Conversation):
    past: bool  # its moment has gone by


class PupilPlan(TypedDict):
    pupil: Pupil
    cls: SchoolClass | None
    adults: list[Adult]
    conversations: list[ConversationRow]
    today: str


def _pupil(db: RugzakDB, pupil_id: str, may_manage: Callable[[Pupil], bool]) -> Pupil:
    pupil = school.get_pupil(db, pupil_id)
    if pupil is None:
        raise NotFound(pupil_id)
    if not may_manage(pupil):
        raise Refused(pupil_id)
    return pupil


def pupil_plan(
    school_file: Database, pupil_id: str, may_manage: Callable[[Pupil], bool]
) -> PupilPlan:
    """The pupil's conversations, past and planned, and the adults who are told."""
    with school_file.transaction() as db:
        pupil = _pupil(db, pupil_id, may_manage)
        adults = [
            school.get_adult(db, link["adult_id"]) for link in school.links(db, pupil_id=pupil_id)
        ]
        page: PupilPlan = {
            "pupil": pupil,
            "cls": school.get_class(db, pupil["class_id"]),
            "adults": [a for a in adults if a],
            "conversations": planning.conversations(db, pupil_id),
            "today": planning.local_now().date().isoformat(),
        }
    now = planning.local_now().isoformat(timespec="minutes")
    for c in page["conversations"]:
        c["past"] = c["at"] < now
    return page


def plan_conversation(
    school_file: Database,
    pupil: Pupil,
    kind: str,
    day: str,
    moment: str,
    place: str,
    by: str,
) -> Message:
    """Plan a conversation (``PlanningError`` for input to correct). Returns the message for
    the pupil's adults; its list of people may be empty."""
    kind = planning.check_kind(kind)
    at = planning.parse_moment(day, moment, planning.local_now())
    now = planning.local_now()
    with school_file.transaction() as db:
        if school.get_pupil(db, pupil["id"]) is None:
            raise NotFound(pupil["id"])
        soon = reminders.conversation_soon(at, now)  # the message itself is the reminder
        conversation_id = planning.create_conversation(
            db, pupil["id"], kind, at, place, by, reminded=soon
        )
        conversation = planning.get_conversation(db, conversation_id)
        adults = planning.adults_of(db, [pupil["id"]])
    return (adults, *conversation_message(conversation, pupil["first_name"]))


def remove_conversation(
    school_file: Database,
    pupil_id: str,
    conversation_id: str,
    may_manage: Callable[[Pupil], bool],
) -> None:
    with school_file.transaction() as db:
        _pupil(db, pupil_id, may_manage)
        conversation = planning.get_conversation(db, conversation_id)
        if conversation is None or conversation.get("pupil_id") != pupil_id:
            raise NotFound(conversation_id)
        planning.delete_conversation(db, conversation_id)


# --- messages ---


def conversation_message(conversation: Conversation, first_name: str) -> tuple[str, str, str, str]:
    when = {"name": first_name, "day": Day(conversation["at"]), "time": Clock(conversation["at"])}
    if conversation.get("place"):
        body = Text("Gesprek over {name} op {day} om {time} ({place})", **when,
                    place=conversation["place"])  # fmt: skip
    else:
        body = Text("Gesprek over {name} op {day} om {time}", **when)
    title = Text("{kind} gepland", kind=Text(KINDS.get(conversation["kind"], "Gesprek")))
    return "gesprek", title, body, PARENT_URL
