"""What the pupil's, the parent's and the teacher's pages of choosing a secondary school
show: the schools that fit (``school_match``), the family's list (``shortlist``), the
planned open days, and the group 8 class overview of advice and choice."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from server.domain import (
    advice,
    classes,
    planning,
    portfolio,
    school,
    school_match,
    shortlist,
    vo_schools,
)
from server.domain.errors import NotFound
from server.domain.records import Pupil
from server.infra.store import Store

SHEET = "school-die-past"


def answers(store: Store, pupil_id: str) -> dict[str, Any]:
    """Her latest *Een school die past* (its values), or nothing yet."""
    sheets = [i for i in portfolio.items(store.pupil(pupil_id)) if i["worksheet"] == SHEET]
    sheets.sort(key=lambda i: i.get("updated_at", i["created_at"]))
    return dict(sheets[-1]["values"]) if sheets else {}


def page(store: Store, pupil_id: str, may_see: Callable[[Pupil], bool]) -> dict[str, Any]:
    with store.school.transaction() as db:
        pupil = classes.visible_pupil(db, pupil_id, may_see)
        cls = school.get_class(db, pupil["class_id"])
    catalogue = vo_schools.list_schools(store.school)
    by_code = {s["code"]: s for s in catalogue}
    standing = advice.standing(advice.versions(store.pupil(pupil_id)))
    wishes = answers(store, pupil_id)
    chosen = shortlist.read(store.pupil(pupil_id))
    return {
        "pupil": pupil,
        "group": cls["group"] if cls else 0,
        "standing": standing,
        "matches": school_match.match(catalogue, standing["levels"] if standing else [], wishes),
        "has_answers": bool(wishes),
        "list": chosen,
        "listed": [by_code[c] for c in chosen["codes"] if c in by_code],
        "by_code": by_code,
        "visits": shortlist.visits(store.school, pupil_id),
    }


def class_overview(store: Store, class_id: str) -> dict[str, Any]:
    """Per pupil of a group 8 class: pre-advies, provisional, final, parent signed,
    heroverweging, the list of schools and whether she is registered."""
    with store.school.transaction() as db:
        cls = school.get_class(db, class_id)
        if cls is None:
            raise NotFound(class_id)
        pupils = sorted(school.pupils(db, class_id), key=school.full_name)
    rows = []
    for pupil in pupils:
        versions = advice.versions(store.pupil(pupil["id"]))
        shared = [v for v in versions if v.get("reviewed")]
        steps = {step: advice.current(shared, step) for step in advice.STEPS}
        final = steps["definitief"]
        signed = bool(
            final and any(r["kind"] == "akkoord" for r in final.get("reactions", {}).values())
        )
        chosen = shortlist.read(store.pupil(pupil["id"]))
        rows.append(
            {
                "pupil": pupil,
                "steps": steps,
                "waiting": [v for v in versions if not v.get("reviewed")],
                "signed": signed,
                "list": chosen,
            }
        )
    return {"cls": cls, "rows": rows, "today": planning.local_now().date().isoformat()}
