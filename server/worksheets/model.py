"""The model the loader builds: worksheets of sections of fields, year plans, the catalog.

Answers are stored per *flat name* (see ``Field.stored_names``) so that two tablets editing
different parts of one worksheet never overwrite each other. ``Worksheet.validate`` checks and
cleans one such value and explains problems in simple Dutch for the pupil or parent.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from server.worksheets.fields import Field, Option
from server.worksheets.messages import MSG_NOT_YOURS, MSG_UNKNOWN_FIELD

KINDS = ("zelfportret", "thuisopdracht", "ervaring", "complimenten", "samen-doen")
STEP_TYPES = ("thuisopdracht", "gesprek", "bijeenkomst", "activiteit", "reflectie", "zelfportret")
GROUPS = (6, 7, 8)
# Lists a field may draw its options from (options_from).
CONTENT_LISTS = (
    "kwaliteiten",
    "schoolniveaus",
    "richtingen",
    "schoolkenmerken",
    "complimenten",
    "samen-doen",
    "interviewvragen",
)
PARENT_SECTION_KEY = "ouderdeel"
PARENT_SECTION_FILE = "ouderdeel.toml"


class NotYours(ValueError):
    """A field written by someone else (the parent's part, the teacher's notes)."""

    code = "not-yours"  # sync.NOT_YOURS


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    intro: str
    who: str
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class Worksheet:
    id: str
    title: str
    kind: str
    groups: tuple[int, ...]
    intro: str
    duration: str
    parent_part: bool
    template_for: str  # the year-plan step (an activity) this sheet is the reflection for
    sections: tuple[Section, ...]  # with parent_part, the "ouderdeel" section comes last
    title_from: str = ""  # the text field whose answer names an item (e.g. the company)
    _by_stored_name: dict[str, Field] = dataclass_field(
        init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        # Built once: validate() is called for every synced answer.
        by_stored_name = {
            stored: field
            for section in self.sections
            for field in section.fields
            for stored in field.stored_names()
        }
        object.__setattr__(self, "_by_stored_name", by_stored_name)

    def fields(self) -> dict[str, Field]:
        """Every field by flat stored name, in display order."""
        return dict(self._by_stored_name)

    def field(self, name: str) -> Field:
        """The field with this (non-flat) name; KeyError when there is none."""
        for section in self.sections:
            for field in section.fields:
                if field.name == name:
                    return field
        raise KeyError(name)

    def validate(self, stored_name: str, value: object, role: str | None = None) -> object:
        """The cleaned value; with ``role``, also refuse a field that role does not write."""
        field = self._by_stored_name.get(stored_name)
        if field is None:
            raise ValueError(MSG_UNKNOWN_FIELD)
        if role is not None and field.writer != role:
            raise NotYours(MSG_NOT_YOURS[field.writer])
        return field.validate(stored_name, value)


# Sheets a pupil may fill in any number of times for anything (not for one year-plan step):
# an item of one of these belongs to a step only when it was made for it (its "_step").
GENERIC_KINDS = ("ervaring", "complimenten", "samen-doen")


@dataclass(frozen=True)
class YearStep:
    key: str
    title: str  # the teacher's wording (teacher and parent pages)
    month: int
    type: str
    worksheet: str
    description: str
    child_title: str = ""  # the pupil's wording on her home; the title when empty

    @property
    def pupil_title(self) -> str:
        return self.child_title or self.title


@dataclass(frozen=True)
class YearPlan:
    group: int
    title: str
    steps: tuple[YearStep, ...]

    def step(self, key: str) -> YearStep | None:
        return next((s for s in self.steps if s.key == key), None)


@dataclass(frozen=True)
class Catalog:
    worksheets: dict[str, Worksheet]
    yearplans: dict[int, YearPlan]
    content: dict[str, tuple[Option, ...]]  # grouped lists are flattened, group title in hint
    statements: tuple[Option, ...]
    scale: tuple[Option, ...]

    def dedicated(self, worksheet_id: str) -> bool:
        """Whether a sheet is made for one step (a reflection template, a self-portrait, a
        home assignment), so that any item of it in the step's group counts for that step."""
        sheet = self.worksheets.get(worksheet_id)
        return sheet is not None and (bool(sheet.template_for) or sheet.kind not in GENERIC_KINDS)

    def step_of(self, item: Mapping[str, Any]) -> str:
        """The key of the year-plan step an item was made for, or "".

        An item says so itself (``values["_step"]``, recorded when it was made from the step);
        an item without one (made before steps were recorded, or from "Maken") belongs to the
        one step of its group's plan that uses its sheet, when that sheet is dedicated."""
        values = item.get("values") or {}
        plan = self.yearplans.get(item.get("group"))  # type: ignore[arg-type]
        if plan is None:
            return ""
        own = values.get("_step")
        if own:
            step = plan.step(own)
            return own if step is not None and step.worksheet == item.get("worksheet") else ""
        if not self.dedicated(item.get("worksheet", "")):
            return ""
        keys = [s.key for s in plan.steps if s.worksheet == item.get("worksheet")]
        return keys[0] if len(keys) == 1 else ""

    def for_group(self, group: int) -> list[Worksheet]:
        """Worksheets for a group: self-portrait first, then home assignments, experiences..."""
        chosen = [sheet for sheet in self.worksheets.values() if group in sheet.groups]
        return sorted(chosen, key=lambda sheet: (KINDS.index(sheet.kind), sheet.title))
