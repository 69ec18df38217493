"""Conversation rounds: a teacher opens days of conversation slots for her class, parents
book, move or cancel one on their phone, and every booking is a planned conversation.

All of it lives in ``school.json``:

- table ``rounds``: the days, times, breaks, length, place and the moment booking opens;
- table ``bookings``, keyed ``<round id>|<slot start>``: one document per taken slot, so two
  parents can never hold the same slot (the key is the slot, and every booking runs inside
  the school file's transaction: the second one finds it taken);
- table ``waiting``, keyed ``<round id>|<pupil id>``: families who found the round full.

A booking also creates the pupil's conversation in ``planning`` (table ``conversations``), so
the parent's home, the reminder the day before and the pupil's device see it like any other.
Times are the school's wall clock (Europe/Amsterdam) without a zone, as in ``planning``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from server.domain import planning, school
from server.domain.errors import NotFound, Refused
from server.domain.planning import Message, clock
from server.domain.records import Pupil
from server.domain.round_plan import DEFAULT_MINUTES, RoundError, slots
from server.domain.spoken import spoken_codes
from server.infra import dates
from server.infra.dates import Clock, Day
from server.infra.i18n import Text
from server.infra.store import Database, RugzakDB, new_id

ROUNDS = "rounds"
BOOKINGS = "bookings"
WAITING = "waiting"
PARENT_URL = "/ouder"


# What a parent may be told (translated on their page: tests/infra/test_i18n.py reads MSG_*).
MSG_LANGUAGE = "Kies een taal uit de lijst."
MSG_NOT_OPEN = "Kiezen kan nog niet. Dat kan vanaf %(day)s om %(time)s."
MSG_NO_SLOT = "Deze tijd bestaat niet. Kies een tijd uit de lijst."
MSG_PAST = "Deze tijd is al voorbij. Kies een andere tijd."
MSG_TAKEN = "Deze tijd is net door iemand anders gekozen. Kies een andere tijd."
MSG_HAS_ONE = "Voor dit kind is al een tijd gekozen."
MSG_NO_SECOND = "Een tweede gesprek kan bij deze gesprekken niet."
MSG_OWN_FIRST = "U heeft al een tijd gekozen. Verplaats die als het nodig is."
MSG_STILL_FREE = "Er zijn nog tijden vrij. Kies er een."


@dataclass(frozen=True)
class Booker:
    """Who books: a parent on their phone, or the teacher for a family (on paper)."""

    id: str
    role: str  # parent | teacher | admin
    name: str = ""


# --- building blocks inside the caller's transaction ---


def _record(doc: Any) -> dict[str, Any]:
    return {"id": doc.doc_id, **doc}


def get_round(db: RugzakDB, round_id: str) -> dict[str, Any] | None:
    doc = db.table(ROUNDS).by_id(round_id)
    return None if doc is None else _record(doc)


def class_rounds(db: RugzakDB, class_id: str) -> list[dict[str, Any]]:
    ids = db.index(ROUNDS, "class_id").get(class_id, ())
    rows = [_record(db.table(ROUNDS).by_id(i)) for i in ids]
    return sorted(rows, key=lambda r: r["days"][0]["date"])


def bookings(db: RugzakDB, round_id: str) -> dict[str, dict[str, Any]]:
    """The round's bookings by slot key."""
    ids = db.index(BOOKINGS, "round_id").get(round_id, ())
    return {db.table(BOOKINGS).by_id(i)["slot"]: _record(db.table(BOOKINGS).by_id(i)) for i in ids}


def pupil_bookings(db: RugzakDB, round_id: str, pupil_id: str) -> list[dict[str, Any]]:
    return sorted(
        (b for b in bookings(db, round_id).values() if b["pupil_id"] == pupil_id),
        key=lambda b: b["slot"],
    )


def waiting(db: RugzakDB, round_id: str) -> list[dict[str, Any]]:
    ids = db.index(WAITING, "round_id").get(round_id, ())
    return sorted((_record(db.table(WAITING).by_id(i)) for i in ids), key=lambda w: w["at"])


def _booking_key(round_id: str, slot_key: str) -> str:
    return f"{round_id}|{slot_key}"


def is_open(db: RugzakDB, round_: Mapping[str, Any], pupil_id: str, now: datetime) -> bool:
    """Booking opens for every family at once; families with children in more than one
    class may start ``early_days`` earlier (they have several conversations to fit)."""
    opens = datetime.fromisoformat(round_["opens_at"])
    if now >= opens:
        return True
    if round_.get("early_days") and now >= opens - timedelta(days=round_["early_days"]):
        return len(_family_classes(db, pupil_id)) > 1
    return False


def _siblings(db: RugzakDB, pupil_id: str) -> list[Pupil]:
    """Other children of the pupil's adults (brothers and sisters in the school)."""
    found: dict[str, Pupil] = {}
    for adult_id in school.linked_adults(db, [pupil_id]):
        for link in school.links(db, adult_id=adult_id):
            if link["pupil_id"] != pupil_id and (p := school.get_pupil(db, link["pupil_id"])):
                found[p["id"]] = p
    return list(found.values())


def _family_classes(db: RugzakDB, pupil_id: str) -> set[str]:
    pupil = school.get_pupil(db, pupil_id)
    own = {pupil["class_id"]} if pupil else set()
    return own | {p["class_id"] for p in _siblings(db, pupil_id)}


def sibling_times(db: RugzakDB, pupil_id: str) -> list[tuple[datetime, datetime, str]]:
    """When the family's other children have their conversations (start, end, first name)."""
    times = []
    for sibling in _siblings(db, pupil_id):
        for c in planning.conversations(db, sibling["id"]):
            start = datetime.fromisoformat(c["at"])
            minutes = c.get("minutes") or DEFAULT_MINUTES
            times.append((start, start + timedelta(minutes=minutes), sibling["first_name"]))
    return times


def offers(db: RugzakDB, round_: Mapping[str, Any], pupil_id: str, now: datetime) -> list[dict]:
    """The free slots a family may take, soonest first, except that a slot right before or
    after a brother's or sister's conversation comes first: one trip to school for both."""
    taken = bookings(db, round_["id"])
    near = sibling_times(db, pupil_id)
    found = []
    for slot in slots(round_):
        if slot.key in taken or slot.start <= now:
            continue
        if any(s < slot.end and slot.start < e for s, e, _ in near):
            continue  # at the same time as a sibling's: the parent cannot be in two rooms
        next_to = next((name for s, e, name in near if slot.start == e or slot.end == s), "")
        found.append({"key": slot.key, "start": slot.start, "end": slot.end, "next_to": next_to})
    return sorted(found, key=lambda o: (not o["next_to"], o["start"]))


# --- what the teacher and the family do (each owns its transaction) ---


def open_round(
    school_file: Database, class_id: str, spec: Mapping[str, Any], by: str, title: str
) -> tuple[str, Message]:
    """Open a round for the class; the class's adults are told when booking opens."""
    with school_file.transaction() as db:
        if school.get_class(db, class_id) is None:
            raise NotFound(class_id)
        round_id = new_id("r_")
        db.table(ROUNDS).put(
            round_id,
            {
                **spec,
                "class_id": class_id,
                "title": title,
                "created_by": by,
                "created_at": planning.local_now().isoformat(timespec="minutes"),
            },
        )
        adults = planning.class_adults(db, class_id)
    opens = datetime.fromisoformat(spec["opens_at"])
    name = Text(title)  # the kind's title, from the catalogue (as typed when it is not there)
    body = Text(
        "{round}: u kunt een tijd kiezen vanaf {day} om {time}. Kies zelf een tijd die u past.",
        round=name,
        day=Day(opens),
        time=Clock(opens),
    )
    title_ = Text("{round}: kies een tijd", round=name)
    return round_id, (adults, "gesprek", title_, body, PARENT_URL)


def _check_round(db: RugzakDB, round_id: str, pupil: Pupil) -> dict[str, Any]:
    round_ = get_round(db, round_id)
    if round_ is None or round_["class_id"] != pupil["class_id"]:
        raise NotFound(round_id)
    return round_


def book(
    school_file: Database,
    round_id: str,
    pupil_id: str,
    slot_key: str,
    who: Booker,
    may_book: Callable[[Pupil], bool],
    now: datetime,
    language: str = "",
    interpreter: bool = False,
    second: bool = False,
) -> Message:
    """Book ``slot_key`` for the pupil, or move the booking the same adult made to it.

    All checks and the booking happen in one transaction of the school file: of two
    parents who tap the same slot, the second is told it was just taken."""
    if language and language not in spoken_codes():
        raise RoundError(MSG_LANGUAGE)
    with school_file.transaction() as db:
        pupil = school.get_pupil(db, pupil_id)
        if pupil is None or not may_book(pupil):
            raise NotFound(pupil_id)
        round_ = _check_round(db, round_id, pupil)
        by_parent = who.role == "parent"
        if by_parent and not is_open(db, round_, pupil_id, now):
            opens = datetime.fromisoformat(round_["opens_at"])
            raise RoundError(MSG_NOT_OPEN, day=dates.Day(opens), time=clock(opens))
        slot = next((s for s in slots(round_) if s.key == slot_key), None)
        if slot is None:
            raise RoundError(MSG_NO_SLOT)
        if slot.start <= now:
            raise RoundError(MSG_PAST)
        key = _booking_key(round_id, slot_key)
        if db.table(BOOKINGS).by_id(key) is not None:
            raise RoundError(MSG_TAKEN)
        mine = pupil_bookings(db, round_id, pupil_id)
        # A parent moves their own booking; a second one (separated parents) is a
        # conversation of its own, made by another adult, when the teacher allows it.
        own = [b for b in mine if not by_parent or b.get("adult_id") == who.id]
        moving = own[0] if own and not second else None
        if moving is None and mine:
            if not second:
                raise RoundError(MSG_HAS_ONE)
            if not round_.get("second_allowed") or len(mine) > 1:
                raise RoundError(MSG_NO_SECOND)
            if by_parent and any(b.get("adult_id") == who.id for b in mine):
                raise RoundError(MSG_OWN_FIRST)
        if moving is not None:
            _drop(db, moving)
        conversation_id = planning.create_conversation(
            db, pupil_id, round_["kind"], slot.start, round_.get("place", ""), who.id,
            reminded=False,
        )  # fmt: skip
        db.table(planning.CONVERSATIONS).patch(
            conversation_id, {"minutes": round_["minutes"], "round_id": round_id}
        )
        db.table(BOOKINGS).put(
            key,
            {
                "round_id": round_id,
                "slot": slot_key,
                "pupil_id": pupil_id,
                "adult_id": who.id if by_parent else (moving or {}).get("adult_id"),
                "booked_by": who.id,
                "booked_by_role": who.role,
                "second": bool(second and mine and moving is None),
                "language": language or (moving or {}).get("language", ""),
                "interpreter": interpreter or bool((moving or {}).get("interpreter")),
                "at": now.isoformat(timespec="seconds"),
                "conversation_id": conversation_id,
            },
        )
        db.table(WAITING).remove_id(f"{round_id}|{pupil_id}")
        adults = planning.adults_of(db, [pupil_id])
    return adults, "gesprek", *_booked(round_, pupil["first_name"], slot.start, moving is not None)


def _booked(
    round_: Mapping[str, Any], name: str, start: datetime, moved: bool
) -> tuple[Text, Text, str]:
    """The booking's confirmation: title, body, where it leads."""
    when = {"name": name, "day": Day(start), "time": Clock(start)}
    place = round_.get("place") or ""
    if moved and place:
        body = Text("Het gesprek over {name} is verplaatst naar {day} om {time} ({place}).",
                    **when, place=place)  # fmt: skip
    elif moved:
        body = Text("Het gesprek over {name} is verplaatst naar {day} om {time}.", **when)
    elif place:
        body = Text("Het gesprek over {name} is gepland op {day} om {time} ({place}).",
                    **when, place=place)  # fmt: skip
    else:
        body = Text("Het gesprek over {name} is gepland op {day} om {time}.", **when)
    return Text("{round}: bevestigd", round=Text(round_["title"])), body, PARENT_URL


def _drop(db: RugzakDB, booking: Mapping[str, Any]) -> None:
    db.table(BOOKINGS).remove_id(booking["id"])
    if booking.get("conversation_id"):
        planning.delete_conversation(db, booking["conversation_id"])


def cancel(
    school_file: Database,
    round_id: str,
    pupil_id: str,
    slot_key: str,
    who: Booker,
    may_book: Callable[[Pupil], bool],
) -> list[Message]:
    """Cancel a booking: the slot is free again, the family is told, and so is the first
    family on the waiting list."""
    with school_file.transaction() as db:
        pupil = school.get_pupil(db, pupil_id)
        if pupil is None or not may_book(pupil):
            raise NotFound(pupil_id)
        round_ = _check_round(db, round_id, pupil)
        booking = db.table(BOOKINGS).by_id(_booking_key(round_id, slot_key))
        if booking is None or booking["pupil_id"] != pupil_id:
            raise NotFound(slot_key)
        if who.role == "parent" and booking.get("adult_id") not in (who.id, None):
            raise Refused(slot_key)  # the other parent's own conversation
        _drop(db, _record(booking))
        adults = planning.adults_of(db, [pupil_id])
        first_waiting = next(iter(waiting(db, round_id)), None)
        waiting_adults = (
            planning.adults_of(db, [first_waiting["pupil_id"]]) if first_waiting else []
        )
    start = datetime.fromisoformat(slot_key)
    name, when = Text(round_["title"]), {"day": Day(start), "time": Clock(start)}
    messages: list[Message] = [
        (
            adults,
            "gesprek",
            Text("{round}: afgezegd", round=name),
            Text(
                "Het gesprek over {name} op {day} om {time} gaat niet door. "
                "U kunt een andere tijd kiezen.",
                name=pupil["first_name"],
                **when,
            ),
            PARENT_URL,
        )
    ]
    if waiting_adults:
        messages.append(
            (
                waiting_adults,
                "gesprek",
                Text("{round}: er is een tijd vrij", round=name),
                Text(
                    "Er is een tijd vrijgekomen: {day} om {time}. Kies hem snel in Rugzak.", **when
                ),
                PARENT_URL,
            )
        )
    return messages


def join_waiting(
    school_file: Database,
    round_id: str,
    pupil_id: str,
    who: Booker,
    may_book: Callable[[Pupil], bool],
    now: datetime,
) -> None:
    """Put the family on the waiting list (only when no slot is free for them)."""
    with school_file.transaction() as db:
        pupil = school.get_pupil(db, pupil_id)
        if pupil is None or not may_book(pupil):
            raise NotFound(pupil_id)
        round_ = _check_round(db, round_id, pupil)
        if pupil_bookings(db, round_id, pupil_id):
            raise RoundError(MSG_HAS_ONE)
        if offers(db, round_, pupil_id, now):
            raise RoundError(MSG_STILL_FREE)
        db.table(WAITING).put(
            f"{round_id}|{pupil_id}",
            {
                "round_id": round_id,
                "pupil_id": pupil_id,
                "adult_id": who.id,
                "at": now.isoformat(timespec="seconds"),
            },
        )
