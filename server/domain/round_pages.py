"""What the teacher's and the parent's pages of conversation rounds show (read-only)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from server.domain import agreements, planning, school
from server.domain.errors import NotFound
from server.domain.records import Pupil
from server.domain.round_plan import slots
from server.domain.rounds import (
    WAITING,
    bookings,
    class_rounds,
    get_round,
    is_open,
    offers,
    pupil_bookings,
    waiting,
)
from server.infra.store import Database, Store


def family_rounds(
    school_file: Database, pupil_id: str, may_book: Callable[[Pupil], bool], now: datetime
) -> dict[str, Any]:
    """For the parent's page of one child: each round of the child's class that is still
    to come, with the child's booking(s), the free offers and whether it is open yet."""
    with school_file.transaction() as db:
        pupil = school.get_pupil(db, pupil_id)
        if pupil is None or not may_book(pupil):
            raise NotFound(pupil_id)
        rows = []
        for round_ in class_rounds(db, pupil["class_id"]):
            times = slots(round_)
            if not times or times[-1].end <= now:
                continue
            rows.append(
                {
                    "round": round_,
                    "booked": pupil_bookings(db, round_["id"], pupil_id),
                    "offers": offers(db, round_, pupil_id, now),
                    "open": is_open(db, round_, pupil_id, now),
                    "opens_at": datetime.fromisoformat(round_["opens_at"]),
                    "waiting": db.table(WAITING).by_id(f"{round_['id']}|{pupil_id}") is not None,
                }
            )
    return {"pupil": pupil, "rounds": rows}


def round_page(school_file: Database, class_id: str, round_id: str) -> dict[str, Any]:
    """The teacher's planning of a round: every slot with who booked it (language,
    interpreter), the pupils without a time, and the waiting list."""
    with school_file.transaction() as db:
        cls = school.get_class(db, class_id)
        round_ = get_round(db, round_id)
        if cls is None or round_ is None or round_["class_id"] != class_id:
            raise NotFound(round_id)
        taken = bookings(db, round_id)
        pupils = {p["id"]: p for p in school.pupils(db, class_id)}
        adults = {}
        for b in taken.values():
            if b.get("adult_id") and (a := school.get_adult(db, b["adult_id"])):
                adults[b["adult_id"]] = a
        rows = [
            {"slot": s, "booking": taken.get(s.key), "pupil": pupils.get(taken[s.key]["pupil_id"])}
            if s.key in taken
            else {"slot": s, "booking": None, "pupil": None}
            for s in slots(round_)
        ]
        booked = [b["pupil_id"] for b in taken.values()]
        wait = waiting(db, round_id)
    return {
        "cls": cls,
        "round": round_,
        "rows": rows,
        "adults": adults,
        "without": sorted(
            (p for pid, p in pupils.items() if pid not in booked), key=school.full_name
        ),
        # separated parents: a second conversation, when the teacher allows it
        "second": sorted(
            (p for pid, p in pupils.items() if booked.count(pid) == 1), key=school.full_name
        )
        if round_.get("second_allowed")
        else [],
        "waiting": [{**w, "pupil": pupils.get(w["pupil_id"])} for w in wait],
        "free": [r["slot"] for r in rows if r["booking"] is None],
    }


def class_overview(store: Store, class_id: str, now: datetime) -> dict[str, Any]:
    """The class, its rounds (how many slots are taken) and per pupil where the
    conversations stand: the next one booked, the last one held, whether its agreements
    were agreed by pupil and parent, and whether a follow-up is due."""
    with store.school.transaction() as db:
        cls = school.get_class(db, class_id)
        if cls is None:
            raise NotFound(class_id)
        rows = [
            {"round": r, "taken": len(bookings(db, r["id"])), "total": len(slots(r))}
            for r in class_rounds(db, class_id)
        ]
        pupils = school.pupils(db, class_id)
        talks = {p["id"]: planning.conversations(db, p["id"]) for p in pupils}
    moment = now.isoformat(timespec="minutes")
    status = []
    for pupil in sorted(pupils, key=school.full_name):
        mine = talks[pupil["id"]]
        coming = next((c for c in mine if c["at"] >= moment), None)
        held = [c for c in mine if c["at"] < moment]
        made = agreements.all_of(store.pupil(pupil["id"]))
        latest = made[0] if made else None
        status.append(
            {
                "pupil": pupil,
                "next": coming,
                "held": held[-1] if held else None,
                "agreement": latest,
                "agreed": bool(latest and agreements.agreed_by_all(latest)),
                # The agreed date to talk again has come, and nothing is planned after it.
                "follow_up": bool(
                    latest
                    and latest.get("next")
                    and latest["next"] <= now.date().isoformat()
                    and not coming
                ),
            }
        )
    return {"cls": cls, "rounds": rows, "status": status}
