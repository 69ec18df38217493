"""What the admin's new-school-year pages show: a plan described with names (the preview),
and the form that recomposes the classes (per class its name and teachers; per pupil who
stays, her new class), read back into a plan. Nothing here writes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from typing import Any

from server.domain import rollover, school
from server.domain.errors import Invalid
from server.domain.rollover import Plan, PlannedClass
from server.infra.store import Database, RugzakDB

MAX_CLASSES = 30
MSG_NEW_NAME = "Geef de nieuwe klas een naam."
MSG_NEW_GROUP = "Kies voor de nieuwe klas groep 6, 7 of 8."
MSG_TOO_MANY = "Zoveel klassen kunnen er niet bij."


def _names(db: RugzakDB) -> dict[str, str]:
    return {s["id"]: s["name"] for s in school.staff(db)}


def preview(school_file: Database, plan: Plan) -> dict[str, Any]:
    """The plan in words: per new class who is in it (and who comes from another class),
    who leaves, and what moves to the past year. Checks the plan first (``Invalid``)."""
    with school_file.transaction() as db:
        rollover.check(db, plan)
        staff = _names(db)
        before = {c["id"]: c for c in school.classes(db)}
        class_of = {p["id"]: p for p in school.pupils(db)}
        rows = []
        for planned in plan.classes:
            old = before.get(planned.class_id)
            pupils = [class_of[p] for p in planned.pupil_ids]
            rows.append(
                {
                    "name": planned.name,
                    "group": planned.group,
                    "from_name": old["name"] if old else "",
                    "from_group": old["group"] if old else 0,
                    "new_code": bool(old and old["group"] == 8),
                    "teachers": [staff[t] for t in planned.teacher_ids if t in staff],
                    "pupils": sorted(school.full_name(p) for p in pupils),
                    "joined": sorted(
                        school.full_name(p) for p in pupils if p["class_id"] != planned.class_id
                    ),
                }
            )
        leaving = []
        for pupil_id in plan.leaving:
            pupil = class_of[pupil_id]
            cls = before.get(pupil["class_id"])
            leaving.append(
                {
                    "name": school.full_name(pupil),
                    "class_name": cls["name"] if cls else "",
                    "adults": school.adult_count(db, pupil_id),
                }
            )
        planning = {
            table: sum(1 for _, d in db.table(table).rows() if d.get("class_id") in before)
            for table in rollover.CLASS_TABLES
        }
    rows.sort(key=lambda r: (r["group"], r["name"].lower()))
    leaving.sort(key=lambda r: (r["class_name"], r["name"]))
    return {
        "plan": plan,
        "plan_json": plan.to_json(),
        "classes": rows,
        "leaving": leaving,
        "planning": planning,
    }


def form_state(school_file: Database, plan: Plan, error: str = "") -> dict[str, Any]:
    """The recompose form for ``plan``: classes with their fields, the pupils who stay per
    new group with the class each is in, every teacher to choose from."""
    with school_file.transaction() as db:
        before = {c["id"]: c for c in school.classes(db)}
        moving = rollover.moving_pupils(db)
        teachers = [s for s in school.staff(db, "teacher") if not s.get("disabled")]
    choice = {p: i for i, c in enumerate(plan.classes) for p in c.pupil_ids}
    groups: dict[int, list[dict[str, Any]]] = {}
    for pupil_id, (pupil, group) in moving.items():
        old = before.get(pupil["class_id"])
        groups.setdefault(group, []).append(
            {
                "id": pupil_id,
                "name": school.full_name(pupil),
                "from": old["name"] if old else "",
                "choice": choice.get(pupil_id, -1),
            }
        )
    for rows in groups.values():
        rows.sort(key=lambda r: (r["from"], r["name"]))
    classes = [
        {
            "index": i,
            "class_id": c.class_id,
            "name": c.name,
            "group": c.group,
            "teacher_ids": list(c.teacher_ids),
            "from_name": before[c.class_id]["name"] if c.class_id in before else "",
        }
        for i, c in enumerate(plan.classes)
    ]
    return {
        "plan": plan,
        "classes": classes,
        "pupils": {g: groups.get(g, []) for g in (7, 8)},
        "teachers": teachers,
        "error": error,
    }


def _one(fields: Mapping[str, list[str]], name: str, limit: int = 60) -> str:
    values = fields.get(name) or [""]
    return "".join(ch for ch in values[0] if ch.isprintable()).strip()[:limit]


def read_form(
    school_file: Database, today: date, fields: Mapping[str, list[str]], add: bool
) -> tuple[Plan, str]:
    """The plan the form describes (starting from the default plan of the school as it is
    now) and a Dutch error ("" when it can be previewed). With ``add``, the new class in
    ``new_name``/``new_group`` is added and the form shown again."""
    base = rollover.default_plan(school_file, today)
    if _one(fields, "fingerprint") != base.fingerprint:
        return base, rollover.MSG_STALE
    known = {c.class_id: c for c in base.classes}
    classes: list[PlannedClass] = []
    try:
        count = min(int(_one(fields, "class_count") or "0"), MAX_CLASSES)
    except ValueError:
        count = 0
    position: dict[int, int] = {}  # the form's class number -> its place in ``classes``
    for i in range(count):
        class_id = _one(fields, f"class_{i}_id", 20)
        name = _one(fields, f"class_{i}_name", 40)
        teacher_ids = tuple(v for v in fields.get(f"class_{i}_teachers", []) if v)
        if class_id:
            if class_id not in known:
                return base, rollover.MSG_STALE
            group = known[class_id].group
        else:
            group = _group(_one(fields, f"class_{i}_group", 2))
            if group is None:
                continue
        position[i] = len(classes)
        classes.append(PlannedClass(class_id, name, group, teacher_ids, ()))
    if {c.class_id for c in classes if c.class_id} != set(known):
        return base, rollover.MSG_STALE
    error = ""
    if add:
        classes, error = _added(classes, fields)
    chosen: dict[int, list[str]] = {}
    for key, values in fields.items():
        if key.startswith("pupil_") and values:
            try:
                place = position.get(int(values[0]))
            except ValueError:
                continue
            if place is not None:
                chosen.setdefault(place, []).append(key[len("pupil_") :])
    classes = [
        replace(c, pupil_ids=tuple(sorted(chosen.get(i, [])))) for i, c in enumerate(classes)
    ]
    plan = replace(base, classes=tuple(classes))
    if add or error:
        return plan, error
    try:
        with school_file.transaction() as db:
            rollover.check(db, plan)
    except Invalid as e:
        return plan, e.message
    return plan, ""


def _group(value: str) -> int | None:
    return int(value) if value in ("6", "7", "8") else None


def _added(
    classes: list[PlannedClass], fields: Mapping[str, list[str]]
) -> tuple[list[PlannedClass], str]:
    name = _one(fields, "new_name", 40)
    group = _group(_one(fields, "new_group", 2))
    if not name:
        return classes, MSG_NEW_NAME
    if group is None:
        return classes, MSG_NEW_GROUP
    if len(classes) >= MAX_CLASSES:
        return classes, MSG_TOO_MANY
    if any(c.name.strip().lower() == name.lower() for c in classes):
        return classes, rollover.MSG_NAME_TAKEN % {"name": name}
    return [*classes, PlannedClass("", name, group, (), ())], ""
