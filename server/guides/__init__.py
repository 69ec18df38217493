"""Conversation guides: the kinds of teacher-parent-pupil conversation, as data plus a loader.

One TOML file per kind under ``kinds/`` (startgesprek, voortgangsgesprek, pre-adviesgesprek,
adviesgesprek, afsluiting) holds the handbook's guide for it (seed l. 2148-2700): its titles
for teacher, pupil and parent, its default length, the year-plan steps it is held at, the
portfolio items that belong in it, the pupil's preparation checklist and its parts, each with
the teacher's, the pupil's and the parent's questions in the handbook's own words.

``load_guides`` validates every file and returns one immutable ``Guides``; like the worksheet
loader it refuses to load on the first mistake and names the file and the place, so a typo in
a guide a school adapted never reaches a conversation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from server.worksheets import DefinitionError, Worksheet, YearPlan
from server.worksheets.reading import (
    SLUG,
    Where,
    check_keys,
    get_bool,
    get_int,
    get_one_of,
    get_slug,
    get_str,
    read_toml,
    tables,
)

GROUPS = (6, 7, 8)
# "this": made in the conversation's own school year; "previous": the year before (the start
# of a year begins with last year's self-portrait, seed l. 710).
YEARS = ("this", "previous")
# The handbook gives 15-20 minutes (seed l. 770) and the issue lets a teacher pick 10-20.
MIN_MINUTES, MAX_MINUTES = 10, 20
# Every guide opens with welcome and purpose and ends by summing up and "hoe houden we
# contact"; the agreements in between are the point of the conversation (seed l. 735-739).
FIRST_PART, AGREEMENTS_PART, LAST_PART = "welkom", "afspraken", "afronding"
GESPREK = "gesprek"  # the year-plan step type a kind may be linked to

__all__ = [
    "AGREEMENTS_PART",
    "FIRST_PART",
    "LAST_PART",
    "DefinitionError",
    "Guides",
    "ItemRef",
    "Kind",
    "Part",
    "load_guides",
]


@dataclass(frozen=True)
class Part:
    """One part of a guide; the questions are what the teacher says, asks the pupil, asks the
    parent (the handbook's three columns). A column may be empty."""

    key: str
    title: str
    teacher: tuple[str, ...]
    pupil: tuple[str, ...]
    parent: tuple[str, ...]


@dataclass(frozen=True)
class ItemRef:
    """A worksheet whose item belongs in the conversation, from this or the previous year."""

    worksheet: str
    year: str

    def applies(self, group: int, sheet_groups: tuple[int, ...]) -> bool:
        """Whether a pupil in ``group`` can have this item (by the worksheet's groups)."""
        made_in = group if self.year == "this" else group - 1
        return made_in in sheet_groups


@dataclass(frozen=True)
class Kind:
    """A kind of conversation and its guide; ``steps`` says where the year plans hold it."""

    key: str  # stored with every planned conversation: never rename one
    title: str  # the teacher's word ("Pre-adviesgesprek")
    child_title: str  # what a 10-year-old reads
    parent_title: str
    groups: tuple[int, ...]
    minutes: int  # default length; a round may differ
    steps: Mapping[int, tuple[str, ...]]  # group -> year-plan step keys
    items: tuple[ItemRef, ...]
    checklist: tuple[str, ...]  # the pupil's preparation, in child words
    self_rating: bool
    parts: tuple[Part, ...]

    def items_for(self, group: int, worksheets: Mapping[str, Worksheet]) -> tuple[ItemRef, ...]:
        """The items a pupil in ``group`` can bring (e.g. no previous self-portrait in g6)."""
        return tuple(
            item
            for item in self.items
            if item.worksheet in worksheets
            and item.applies(group, worksheets[item.worksheet].groups)
        )

    def part(self, key: str) -> Part:
        """The part with this key; KeyError when there is none."""
        for part in self.parts:
            if part.key == key:
                return part
        raise KeyError(key)


@dataclass(frozen=True)
class Guides:
    """Every kind by key; a kind is found for a year-plan step through ``for_step``."""

    kinds: Mapping[str, Kind]
    _by_step: dict[tuple[int, str], Kind] = dataclass_field(
        init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        by_step = {
            (group, step): kind
            for kind in self.kinds.values()
            for group, steps in kind.steps.items()
            for step in steps
        }
        object.__setattr__(self, "_by_step", by_step)

    def for_group(self, group: int) -> list[Kind]:
        """The kinds held in a group: in the order of the year when loaded with the year plans,
        else by file name."""
        return [kind for kind in self.kinds.values() if group in kind.groups]

    def for_step(self, group: int, step_key: str) -> Kind | None:
        """The kind held at this year-plan step, or None (a step a school added)."""
        return self._by_step.get((group, step_key))


# ---------------------------------------------------------------------------------------------
# Loading

_KIND_KEYS = {
    "key",
    "title",
    "child_title",
    "parent_title",
    "groups",
    "minutes",
    "steps",
    "items",
    "checklist",
    "self_rating",
    "parts",
}
_REQUIRED = _KIND_KEYS - {"items", "self_rating"}
_PART_KEYS = {"key", "title", "teacher", "pupil", "parent"}
_COLUMNS = ("teacher", "pupil", "parent")


def _texts(table: dict[str, Any], key: str, where: Where, *, required: bool) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or any(not isinstance(v, str) or not v.strip() for v in value):
        where.fail(f"'{key}' must be a list of texts")
    if required and not value:
        where.fail(f"'{key}' must not be empty")
    return tuple(v.strip() for v in value)


def _groups(doc: dict[str, Any], where: Where) -> tuple[int, ...]:
    groups = doc["groups"]
    if (
        not isinstance(groups, list)
        or not groups
        or any(isinstance(g, bool) or g not in GROUPS for g in groups)
        or len(set(groups)) != len(groups)
    ):
        where.fail(f"{groups!r} must be a non-empty list of groups 6, 7 and/or 8")
    return tuple(sorted(groups))


def _steps(
    doc: dict[str, Any],
    groups: tuple[int, ...],
    where: Where,
    yearplans: Mapping[int, YearPlan] | None,
) -> Mapping[int, tuple[str, ...]]:
    table = doc["steps"]
    if not isinstance(table, dict):
        where.fail('must be a table of group -> step keys, e.g. { "6" = ["startgesprek"] }')
    steps: dict[int, tuple[str, ...]] = {}
    for name, keys in table.items():
        here = where.at(f"steps.{name}")
        group = int(name) if name.isdigit() else None
        if group not in groups:
            here.fail(f"group '{name}' is not one of this kind's groups {list(groups)}")
        if (
            not isinstance(keys, list)
            or not keys
            or any(not isinstance(k, str) or not SLUG.fullmatch(k) for k in keys)
        ):
            here.fail("must be a non-empty list of year-plan step keys")
        if len(set(keys)) != len(keys):
            here.fail("names a step twice")
        if yearplans is not None:
            _check_steps(keys, group, here, yearplans)
        steps[group] = tuple(keys)
    for group in groups:
        if group not in steps:
            where.at("steps").fail(f"says nothing for group {group}")
    return MappingProxyType(dict(sorted(steps.items())))


def _check_steps(keys: list[str], group: int, where: Where, plans: Mapping[int, YearPlan]) -> None:
    plan = plans.get(group)
    if plan is None:
        where.fail(f"there is no year plan for group {group}")
    types = {step.key: step.type for step in plan.steps}
    for key in keys:
        if key not in types:
            where.fail(f"step '{key}' is not in the year plan of group {group}")
        if types[key] != GESPREK:
            where.fail(f"step '{key}' of group {group} is a {types[key]}, not a {GESPREK}")


def _items(
    doc: dict[str, Any],
    groups: tuple[int, ...],
    where: Where,
    worksheets: Mapping[str, Worksheet] | None,
) -> tuple[ItemRef, ...]:
    if "items" not in doc:
        return ()
    items = []
    for i, table in enumerate(tables(doc, "items", where)):
        here = where.at(f"items[{i}]")
        check_keys(table, {"worksheet", "year"}, here)
        sheet = get_slug(table, "worksheet", here)
        here = here.at(f"items[{i}] '{sheet}'")
        item = ItemRef(sheet, get_one_of(table, "year", YEARS, here, ""))
        if item in items:
            here.fail("listed twice")
        if worksheets is not None:
            if sheet not in worksheets:
                here.fail(f"worksheet '{sheet}' does not exist")
            # An item no pupil of these groups can have is a mistake (e.g. "this" for "previous").
            if not any(item.applies(g, worksheets[sheet].groups) for g in groups):
                here.fail(f"no pupil of groups {list(groups)} has one from {item.year} year")
        items.append(item)
    return tuple(items)


def _parts(doc: dict[str, Any], where: Where) -> tuple[Part, ...]:
    parts: list[Part] = []
    for i, table in enumerate(tables(doc, "parts", where)):
        here = where.at(f"parts[{i}]")
        check_keys(table, _PART_KEYS, here)
        key = get_slug(table, "key", here)
        here = here.at(f"parts[{i}] '{key}'")
        if any(part.key == key for part in parts):
            here.fail("duplicate part key")
        columns = {column: _texts(table, column, here, required=False) for column in _COLUMNS}
        if not any(columns.values()):
            here.fail("needs questions for the teacher, the pupil or the parent")
        parts.append(Part(key, get_str(table, "title", here, required=True), **columns))
    keys = [part.key for part in parts]
    if keys[0] != FIRST_PART or keys[-1] != LAST_PART or AGREEMENTS_PART not in keys[1:-1]:
        where.at("parts").fail(
            f"must start with '{FIRST_PART}', end with '{LAST_PART}' and have "
            f"'{AGREEMENTS_PART}' in between (found {', '.join(keys)})"
        )
    return tuple(parts)


def _load_kind(
    path: Path,
    yearplans: Mapping[int, YearPlan] | None,
    worksheets: Mapping[str, Worksheet] | None,
) -> Kind:
    doc, where = read_toml(path), Where(path.name)
    check_keys(doc, _KIND_KEYS, where)
    for name in sorted(_REQUIRED - set(doc)):
        where.fail(f"missing {name}")
    key = get_slug(doc, "key", where.at("key"))
    if key != path.stem:
        # The key is what stored conversations hold; the file name keeps it findable.
        where.at("key").fail(f"'{key}' must equal the file name '{path.stem}'")
    groups = _groups(doc, where.at("groups"))
    return Kind(
        key=key,
        title=get_str(doc, "title", where, required=True),
        child_title=get_str(doc, "child_title", where, required=True),
        parent_title=get_str(doc, "parent_title", where, required=True),
        groups=groups,
        minutes=get_int(doc, "minutes", where, MIN_MINUTES, MAX_MINUTES, 0),
        steps=_steps(doc, groups, where, yearplans),
        items=_items(doc, groups, where, worksheets),
        checklist=_texts(doc, "checklist", where.at("checklist"), required=True),
        self_rating=get_bool(doc, "self_rating", where),
        parts=_parts(doc, where),
    )


def _order(kinds: list[Kind], yearplans: Mapping[int, YearPlan] | None) -> list[Kind]:
    """Kinds in the order a year runs: by their first step in the year plans when known."""
    if yearplans is None:
        return kinds

    def first(kind: Kind) -> tuple[int, str]:
        places = [
            [step.key for step in yearplans[group].steps].index(step)
            for group, steps in kind.steps.items()
            for step in steps
        ]
        return min(places), kind.key

    return sorted(kinds, key=first)


def load_guides(
    base: Path | None = None,
    yearplans: Mapping[int, YearPlan] | None = None,
    worksheets: Mapping[str, Worksheet] | None = None,
) -> Guides:
    """Load and validate every kind under ``base`` (default: this package's ``kinds/``).

    With ``yearplans`` (``Catalog.yearplans``) every step key must be a conversation step of
    that group's plan; with ``worksheets`` (``Catalog.worksheets``) every item must exist.
    Raises DefinitionError on the first problem. Not cached: the caller keeps the result.
    """
    base = Path(__file__).parent / "kinds" if base is None else Path(base)
    if not base.is_dir():
        raise DefinitionError(f"{base}: folder is missing")
    kinds = [_load_kind(path, yearplans, worksheets) for path in sorted(base.glob("*.toml"))]
    if not kinds:
        raise DefinitionError(f"{base}: no conversation kinds")
    # One kind per step: otherwise "which guide for this talk" would depend on file order.
    seen: dict[tuple[int, str], str] = {}
    for kind in kinds:
        for group, steps in kind.steps.items():
            for step in steps:
                if (group, step) in seen:
                    Where(f"{kind.key}.toml", f"steps.{group}").fail(
                        f"step '{step}' already belongs to '{seen[group, step]}'"
                    )
                seen[group, step] = kind.key
    # Read-only views: the loaded guides are shared by every request.
    return Guides(MappingProxyType({kind.key: kind for kind in _order(kinds, yearplans)}))
