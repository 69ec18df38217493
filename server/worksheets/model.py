"""The model the loader builds: worksheets of sections of fields, year plans, the catalog.

Answers are stored per *flat name* (see ``Field.stored_names``) so that two tablets editing
different parts of one worksheet never overwrite each other. ``Worksheet.validate`` checks and
cleans one such value and explains problems in simple Dutch for the pupil or parent.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field

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
    template_for: str
    sections: tuple[Section, ...]  # with parent_part, the "ouderdeel" section comes last
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


@dataclass(frozen=True)
class YearStep:
    key: str
    title: str
    month: int
    type: str
    worksheet: str
    description: str


@dataclass(frozen=True)
class YearPlan:
    group: int
    title: str
    steps: tuple[YearStep, ...]


@dataclass(frozen=True)
class Catalog:
    worksheets: dict[str, Worksheet]
    yearplans: dict[int, YearPlan]
    content: dict[str, tuple[Option, ...]]  # grouped lists are flattened, group title in hint
    statements: tuple[Option, ...]
    scale: tuple[Option, ...]

    def for_group(self, group: int) -> list[Worksheet]:
        """Worksheets for a group: self-portrait first, then home assignments, experiences..."""
        chosen = [sheet for sheet in self.worksheets.values() if group in sheet.groups]
        return sorted(chosen, key=lambda sheet: (KINDS.index(sheet.kind), sheet.title))
