"""Reading one pupil's portfolio for a page: the pupil, class and school year from the school
file, the caller's permission check, then — only if it passed — the pupil's items.

Everything is gathered in one go (one thread hop) so a page never mixes two states."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from server.domain import contributions, planning, portfolio, school
from server.domain.records import Item, Pupil, SchoolClass
from server.infra.store import Store, valid_id
from server.worksheets import Catalog


@dataclass
class Gathered:
    pupil: Pupil
    allowed: bool
    cls: SchoolClass | None = None
    school_year: str = ""
    items: list[Item] = field(default_factory=list)
    item: Item | None = None
    part: dict[str, Any] | None = None  # the parent part shown with ``item`` (latest signed)
    paper: list[dict[str, Any]] = field(default_factory=list)  # home assignments on paper

    @property
    def group(self) -> int:
        return self.cls["group"] if self.cls else 0

    @property
    def name(self) -> str:
        return school.full_name(self.pupil)


def standing(store: Store, pupil_id: str, may_see: Callable[[Pupil], bool]) -> Gathered | None:
    """The pupil, class and school year from the school file, and whether the caller may
    see them; nothing of the pupil's own file yet."""
    if not valid_id(pupil_id, "p"):
        return None
    with store.school.transaction() as db:
        pupil = school.get_pupil(db, pupil_id)
        if pupil is None:
            return None
        if not may_see(pupil):
            return Gathered(pupil, allowed=False)
        cls = school.get_class(db, pupil["class_id"])
        year = school.info(db).get("school_year", "")
    return Gathered(pupil, allowed=True, cls=cls, school_year=year)


def gather(
    store: Store,
    catalog: Catalog,
    pupil_id: str,
    may_see: Callable[[Pupil], bool],
    item_id: str | None = None,
    *,
    with_items: bool = True,
) -> Gathered | None:
    """The pupil (None when unknown), whether the caller may see them, and their items (or
    the one item ``item_id`` with the parent's part in it). The pupil's file is only read
    after the permission check passed."""
    data = standing(store, pupil_id, may_see)
    if data is None or not data.allowed:
        return data
    database = store.pupil(pupil_id)
    if item_id is not None:
        data.item = portfolio.item(database, item_id)
        if data.item is not None:
            # The parent's answers are their own documents; views show them in the item.
            data.part = contributions.merged(contributions.parts(database, item_id))
            ws = catalog.worksheets.get(data.item["worksheet"])
            data.item = contributions.with_parent_values(ws, data.item, data.part)
    elif with_items:
        data.items = portfolio.items(database)
    return data


def read_items(store: Store, data: Gathered) -> Gathered:
    """For a pupil the caller may see (from ``standing``): her items and paper hand-ins.
    Reads the pupil's file alone (no school-wide lock)."""
    database = store.pupil(data.pupil["id"])
    with database.transaction():  # the items and the hand-ins belong together
        data.items = portfolio.items(database)
        data.paper = planning.paper_handins(database)
    return data


def plan_progress(
    catalog: Catalog,
    group: int,
    items: list[Item],
    paper: list[dict[str, Any]],
    school_year: str,
) -> dict[str, Any] | None:
    """This group's year plan; steps that produce a worksheet say whether it is done (or
    was handed in on paper, signed at home)."""
    plan = catalog.yearplans.get(group)
    if plan is None:
        return None
    # Keyed by step, not by worksheet: three steps may share the generic experience sheet,
    # and only the item made for a step (or a sheet made for one step) counts for it.
    status_by_step: dict[str, str] = {}
    for item in items:
        if item.get("group") != group or item.get("school_year", school_year) != school_year:
            continue
        key, status = catalog.step_of(item), item["values"].get("_status") or "bezig"
        if key and status_by_step.get(key) != "klaar":
            status_by_step[key] = status
    for d in paper:
        if d.get("group") != group or d.get("school_year") != school_year:
            continue
        for step in plan.steps:
            if step.worksheet == d.get("worksheet") and status_by_step.get(step.key) != "klaar":
                status_by_step[step.key] = "papier"
    steps = []
    for step in plan.steps:
        state = status_by_step.get(step.key, "todo") if step.worksheet else ""
        steps.append({"step": step, "state": state})
    todo = sum(1 for s in steps if s["state"] == "todo")
    return {"plan": plan, "steps": steps, "todo": todo}
