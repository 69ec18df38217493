"""The new school year: a plan first, then the plan applied in one transaction.

``default_plan`` says what the new year looks like when every class moves up as it is:
group 6 becomes 7, 7 becomes 8 (same class, same code and teachers, its name recomposed:
"Groep 6" -> "Groep 7", "6b" -> "7b"), the pupils of group 8 leave, and each class of group
8 starts again as an empty group 6 (with a new class code) for the new pupils that the CSV
import brings. ``preview`` describes a plan with names; neither writes anything, so the
admin can look, change the classes (``rollover_form.py``) and look again.

``apply`` checks the plan against the school file as it is now (same school year, same
classes and pupils as when it was made) and carries it out in one transaction: all or
nothing. Pupils who leave keep their portfolio (the retention period counts from
``left_on``) but can no longer sign in (``disabled``, and ``session_epoch`` raised so every
open session and device grant ends), and their unused invitation codes are removed; they
no longer belong to a class (``class_id`` "") so no teacher sees them in a class, while
their family and the admin still do. A pupil moved
to another class gets a new ``session_epoch`` (her old class's tablets no longer sign her
in), as with any class change. A teacher's pupils follow from ``teacher_ids``, so who may see
whom changes with the plan, in the same write.

Items keep the group and school year they were made in (``Item.group``/``school_year``);
the pupil's pages read her group from her class, so her portfolio continues under the new
group and its year plan. The class-wide planning of the old year (home assignments, and
conversation rounds with their bookings and waiting lists) is moved to ``past_years`` so it
does not appear on the new year's pages; each pupil's own planned conversations stay with
her, as part of her three years.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from server.domain import school
from server.domain.errors import Invalid
from server.domain.records import Pupil, SchoolClass
from server.infra import dates
from server.infra.store import Database, RugzakDB

PAST = "past_years"  # "<year>|<table>|<id>" -> {"school_year", "table", "doc"}
CLASS_TABLES = ("assignments", "rounds")  # class-wide planning: documents with a class_id
ROUND_TABLES = ("bookings", "waiting")  # a round's documents: with a round_id

MSG_ALREADY = "Het schooljaar %(year)s is al begonnen. Er is niets veranderd."
MSG_STALE = (
    "Er is intussen iets veranderd in de klassen of leerlingen. "
    "Bekijk het voorstel opnieuw; er is nog niets veranderd."
)
MSG_NO_YEAR = "Vul eerst het schooljaar in (bijvoorbeeld 2026-2027)."
MSG_TWICE = "%(name)s staat in twee klassen. Kies één klas."
MSG_NOWHERE = "%(name)s staat nog in geen enkele klas. Kies een klas."
MSG_WRONG_GROUP = "%(name)s gaat naar groep %(group)s; kies een klas van groep %(group)s."
MSG_NAME_TAKEN = "Twee klassen heten '%(name)s'. Geef ze verschillende namen."
MSG_NO_NAME = "Geef elke klas een naam."
MSG_PLAN = "Dit voorstel kan niet gelezen worden. Begin opnieuw."
MSG_EARLY = (
    "Het schooljaar %(year)s is nog niet voorbij. Kruis aan dat u het nieuwe schooljaar "
    "toch nu wilt beginnen."
)
MSG_TOO_SOON = (
    "Het schooljaar %(year)s is op %(day)s begonnen. Een nieuw schooljaar kan pas een half "
    "jaar later."
)
LAST = "rollover"  # in ``meta``: {"on": ISO day, "school_year"} of the last rollover
MIN_DAYS_BETWEEN = 180
YEAR_END = (6, 1)  # from 1 June the next school year may begin without a second confirmation


@dataclass(frozen=True)
class PlannedClass:
    class_id: str  # the class that goes on, or "" for a class that is new
    name: str
    group: int
    teacher_ids: tuple[str, ...]
    pupil_ids: tuple[str, ...]


@dataclass(frozen=True)
class Plan:
    from_year: str
    to_year: str
    left_on: str  # the day the pupils of group 8 leave (ISO)
    fingerprint: str  # of the classes and pupils the plan was made from
    classes: tuple[PlannedClass, ...]
    leaving: tuple[str, ...] = field(default=())

    def to_json(self) -> str:
        return json.dumps(asdict(self), separators=(",", ":"))

    @staticmethod
    def from_json(text: str) -> Plan:
        try:
            raw = json.loads(text)
            classes = tuple(
                PlannedClass(
                    str(c["class_id"]),
                    str(c["name"]),
                    int(c["group"]),
                    tuple(map(str, c["teacher_ids"])),
                    tuple(map(str, c["pupil_ids"])),
                )
                for c in raw["classes"]
            )
            return Plan(
                str(raw["from_year"]),
                str(raw["to_year"]),
                date.fromisoformat(str(raw["left_on"])).isoformat(),
                str(raw["fingerprint"]),
                classes,
                tuple(map(str, raw["leaving"])),
            )
        except (ValueError, KeyError, TypeError) as e:
            raise Invalid(MSG_PLAN) from e


def next_year(year: str) -> str:
    """ "2026-2027" -> "2027-2028"."""
    match = re.fullmatch(r"\s*(\d{4})\s*[-/]\s*(\d{4})\s*", year or "")
    if not match:
        raise Invalid(MSG_NO_YEAR)
    start = int(match.group(1)) + 1
    return f"{start}-{start + 1}"


def is_early(year: str, today: date) -> bool:
    """Before June of the year's last calendar year: a rollover now is probably a mistake
    (run twice, or a wrong date), so it needs a second confirmation."""
    match = re.fullmatch(r"\s*\d{4}\s*[-/]\s*(\d{4})\s*", year or "")
    return bool(match) and today < date(int(match.group(1)), *YEAR_END)


def next_name(name: str, old: int, new: int) -> str:
    """The class's name with its group number changed, when the name holds it once."""
    pattern = rf"(?<!\d){old}(?!\d)"
    if len(re.findall(pattern, name)) != 1:
        return name
    return re.sub(pattern, str(new), name)


def active(pupil: Pupil) -> bool:
    """Still at school (not left, not a pupil whose sign-in an admin closed)."""
    return not pupil.get("left_on")


def _fingerprint(db: RugzakDB, year: str) -> str:
    """What a plan depends on: the year, every class's group and every pupil's class."""
    classes = sorted((c["id"], c["group"]) for c in school.classes(db))
    pupils = sorted((p["id"], p["class_id"]) for p in school.pupils(db) if active(p))
    raw = json.dumps([year, classes, pupils]).encode()
    return hashlib.sha256(raw).hexdigest()[:16]


def _not_too_soon(db: RugzakDB, today: date) -> None:
    """Two rollovers within half a year are a mistake (a second click, a second run)."""
    last = db.table("meta").stored(LAST)
    if last is not None:
        day = date.fromisoformat(last["on"])
        if (today - day).days < MIN_DAYS_BETWEEN:
            values = {"year": last["school_year"], "day": dates.day(day, "nl")}
            raise Invalid(MSG_TOO_SOON % values)


def _default(db: RugzakDB, today: date) -> Plan:
    _not_too_soon(db, today)
    year = school.info(db)["school_year"]
    planned: list[PlannedClass] = []
    leaving: list[str] = []
    for cls in school.classes(db):
        ids = tuple(p["id"] for p in school.pupils(db, cls["id"]) if active(p))
        group = cls["group"]
        new_group = group + 1 if group < 8 else 6
        if group == 8:
            leaving.extend(ids)
            ids = ()
        teachers = tuple(cls.get("teacher_ids", []))
        name = next_name(cls["name"], group, new_group)
        planned.append(PlannedClass(cls["id"], name, new_group, teachers, ids))
    return Plan(
        year, next_year(year), today.isoformat(), _fingerprint(db, year), tuple(planned),
        tuple(leaving),
    )  # fmt: skip


def default_plan(school_file: Database, today: date) -> Plan:
    """Every class moves up as it is; group 8 leaves. Changes nothing."""
    with school_file.transaction() as db:
        return _default(db, today)


def moving_pupils(db: RugzakDB) -> dict[str, tuple[Pupil, int]]:
    """Every pupil who stays, with the group she goes to."""
    found: dict[str, tuple[Pupil, int]] = {}
    for cls in school.classes(db):
        if cls["group"] < 8:
            for p in school.pupils(db, cls["id"]):
                if active(p):
                    found[p["id"]] = (p, cls["group"] + 1)
    return found


def check(db: RugzakDB, plan: Plan) -> None:
    """The plan fits the school file as it is now, or ``Invalid`` with a Dutch reason."""
    year = school.info(db)["school_year"]
    if year != plan.from_year:
        raise Invalid(MSG_ALREADY % {"year": year})
    if _fingerprint(db, year) != plan.fingerprint or plan.to_year != next_year(year):
        raise Invalid(MSG_STALE)
    check_classes(db, plan.classes)
    current = {c["id"] for c in school.classes(db)}
    kept = {c.class_id for c in plan.classes if c.class_id}
    if kept != current:  # every class goes on (possibly renamed or emptied), none invented
        raise Invalid(MSG_STALE)
    expected_leaving = {
        p["id"]
        for c in school.classes(db)
        if c["group"] == 8
        for p in school.pupils(db, c["id"])
        if active(p)
    }
    if set(plan.leaving) != expected_leaving:
        raise Invalid(MSG_STALE)


def check_classes(db: RugzakDB, classes: tuple[PlannedClass, ...]) -> None:
    """Every staying pupil in exactly one class of her new group; names given and unique."""
    moving = moving_pupils(db)
    placed: dict[str, int] = {}
    names: set[str] = set()
    for planned in classes:
        if not planned.name.strip():
            raise Invalid(MSG_NO_NAME)
        key = planned.name.strip().lower()
        if key in names:
            raise Invalid(MSG_NAME_TAKEN % {"name": planned.name.strip()})
        names.add(key)
        if planned.group not in school.GROUPS:
            raise Invalid(MSG_PLAN)
        for pupil_id in planned.pupil_ids:
            if pupil_id not in moving:
                raise Invalid(MSG_STALE)
            pupil, group = moving[pupil_id]
            who = school.full_name(pupil)
            if pupil_id in placed:
                raise Invalid(MSG_TWICE % {"name": who})
            if group != planned.group:
                raise Invalid(MSG_WRONG_GROUP % {"name": who, "group": group})
            placed[pupil_id] = planned.group
    for pupil_id, (pupil, _) in moving.items():
        if pupil_id not in placed:
            raise Invalid(MSG_NOWHERE % {"name": school.full_name(pupil)})


def _teachers(db: RugzakDB, wanted: tuple[str, ...]) -> list[str]:
    known = {s["id"] for s in school.staff(db) if not s.get("disabled")}
    return [t for t in wanted if t in known]


def _archive(db: RugzakDB, year: str, class_ids: set[str]) -> int:
    """Move the old year's class-wide planning to ``past_years``; returns how many."""
    past = db.table(PAST)
    moved = 0
    round_ids: set[str] = set()
    for table in CLASS_TABLES:
        for doc_id, doc in list(db.table(table).rows()):
            if doc.get("class_id") in class_ids:
                past.put(f"{year}|{table}|{doc_id}", _past(year, table, doc))
                db.table(table).remove_id(doc_id)
                moved += 1
                if table == "rounds":
                    round_ids.add(doc_id)
    for table in ROUND_TABLES:
        for doc_id, doc in list(db.table(table).rows()):
            if doc.get("round_id") in round_ids:
                past.put(f"{year}|{table}|{doc_id}", _past(year, table, doc))
                db.table(table).remove_id(doc_id)
    return moved


def _past(year: str, table: str, doc: Any) -> dict[str, Any]:
    return {"school_year": year, "table": table, "doc": dict(doc)}


@dataclass(frozen=True)
class Done:
    school_year: str
    moved_up: int
    left: int
    archived: int
    new_group6: list[SchoolClass]


def apply(school_file: Database, plan: Plan, today: date, early_ok: bool = False) -> Done:
    """Carry out ``plan`` in one transaction of the school file, or change nothing. Before
    June (``is_early``) only with ``early_ok``."""
    with school_file.transaction() as db:
        check(db, plan)
        _not_too_soon(db, today)
        if is_early(plan.from_year, today) and not early_ok:
            raise Invalid(MSG_EARLY % {"year": plan.from_year})
        before = {c["id"]: c for c in school.classes(db)}
        class_of = {p["id"]: p["class_id"] for p in school.pupils(db) if active(p)}
        archived = _archive(db, plan.from_year, set(before))
        new_ids: dict[int, str] = {}
        for i, planned in enumerate(plan.classes):
            teachers = _teachers(db, planned.teacher_ids)
            name = planned.name.strip()
            if planned.class_id:
                fields: dict[str, Any] = {"name": name, "group": planned.group}
                fields["teacher_ids"] = teachers
                if before[planned.class_id]["group"] == 8:  # leavers' tablets: a new code
                    fields["code"] = school.new_class_code(db)
                school.update_class(db, planned.class_id, **fields)
                new_ids[i] = planned.class_id
            else:
                new_ids[i] = school.create_class(db, name, planned.group, teachers)
        moved = 0
        for i, planned in enumerate(plan.classes):
            for pupil_id in planned.pupil_ids:
                moved += 1
                if class_of[pupil_id] != new_ids[i]:
                    school.update_pupil(db, pupil_id, class_id=new_ids[i])
                    school.bump_epoch(db, "pupils", pupil_id)
        for pupil_id in plan.leaving:
            pupil = school.get_pupil(db, pupil_id)
            assert pupil is not None
            for invitation in school.invitations(db, pupil_id):  # no new adults for her
                if not invitation["used_at"]:
                    db.table("invitations").remove_id(invitation["id"])
            school.update_pupil(
                db,
                pupil_id,
                class_id="",
                disabled=True,
                left_on=plan.left_on,
                session_epoch=pupil.get("session_epoch", 0) + 1,
            )
        info = school.info(db)
        school.set_info(db, info["name"], plan.to_year)
        db.table("meta").put(LAST, {"on": today.isoformat(), "school_year": plan.to_year})
        new6 = [school.get_class(db, new_ids[i]) for i, c in enumerate(plan.classes)]
        return Done(
            plan.to_year,
            moved,
            len(plan.leaving),
            archived,
            [c for c in new6 if c is not None and c["group"] == 6],
        )
