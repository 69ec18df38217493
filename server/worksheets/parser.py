"""Load and validate worksheet definitions, content lists and year plans (TOML → model).

Everything a school may adapt (the handbook's wording, the quality cards, the year plans) lives
in TOML files next to this module. ``load_catalog`` turns them into the frozen model and refuses
to load on the first mistake, naming the file and the field, so a typo never reaches a pupil.
A field's own keys are read by its type (``server.worksheets.fields``).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from server.worksheets.fields import FIELD_TYPES, WHO, WRITER, Field, FieldTable, FieldType, Lists
from server.worksheets.lists import load_lists
from server.worksheets.model import (
    GROUPS,
    KINDS,
    PARENT_SECTION_FILE,
    PARENT_SECTION_KEY,
    STEP_TYPES,
    Catalog,
    Section,
    Worksheet,
    YearPlan,
    YearStep,
)
from server.worksheets.reading import (
    SLUG,
    DefinitionError,
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

# ---------------------------------------------------------------------------------------------
# Worksheet definitions

_COMMON_FIELD_KEYS = {"name", "type", "label", "help", "required", "who"}


def _parse_field(table: dict[str, Any], where: Where, section_who: str, lists: Lists) -> Field:
    name = table.get("type")
    kind = FieldType.registry.get(name) if isinstance(name, str) else None
    if kind is None:
        where.fail(f"unknown type '{name}' (known: {', '.join(FIELD_TYPES)})")
    check_keys(table, _COMMON_FIELD_KEYS | kind.allowed_keys(), where)
    values: dict[str, Any] = {
        "name": table["name"],
        "type": kind.name,
        "label": get_str(table, "label", where, required=True),
        "help": get_str(table, "help", where),
        "required": get_bool(table, "required", where),
        "who": get_one_of(table, "who", WHO, where, section_who),
    }
    if WRITER[values["who"]] == "parent" and not kind.parent_form:
        where.fail(f"a parent cannot fill in a {kind.name} field (who = '{values['who']}')")
    if kind.max_length:
        values["max_length"] = get_int(table, "max_length", where, 1, 20000, kind.max_length)
    values.update(kind.parse(FieldTable(table, where, lists)))
    return Field(**values)


def _parse_section(table: dict[str, Any], path: str, file: str, lists: Lists) -> Section:
    """Parse one section; ``path`` is its place in the file ("sections[2]", or "" on its own)."""
    where = Where(file, path)
    check_keys(table, {"key", "title", "intro", "who", "fields"}, where)
    key = get_slug(table, "key", where)
    where = where.at(f"{path} '{key}'".strip())
    title = get_str(table, "title", where, required=True)
    who = get_one_of(table, "who", WHO, where, "pupil")
    fields = []
    for i, item in enumerate(tables(table, "fields", where)):
        field_path = f"{path}.fields[{i}]" if path else f"fields[{i}]"
        name = item.get("name")
        if not isinstance(name, str) or not SLUG.fullmatch(name):
            Where(file, field_path).fail(
                f"field name {name!r} may only hold lowercase letters, digits and '-'"
            )
        fields.append(_parse_field(item, Where(file, f"{field_path} '{name}'"), who, lists))
    return Section(key, title, get_str(table, "intro", where), who, tuple(fields))


def _is_question(field: Field) -> bool:
    """One of the parent section's JA/NEE questions (a worksheet may reword them)."""
    return field.type == "yesno"


def _load_parent_section(folder: Path, lists: Lists) -> Section:
    path = folder / PARENT_SECTION_FILE
    section = _parse_section(read_toml(path), "", path.name, lists)
    if section.key != PARENT_SECTION_KEY:
        Where(path.name).fail(f"key must be '{PARENT_SECTION_KEY}'")
    if sum(_is_question(field) for field in section.fields) != 3:
        Where(path.name).fail("needs exactly three yesno questions")
    return section


def _parent_section_for(
    doc: dict[str, Any], where: Where, base: Section, *, enabled: bool
) -> Section | None:
    """The parent section for one worksheet; its three JA/NEE questions may be reworded."""
    if "parent_questions" not in doc:
        return base if enabled else None
    questions = doc["parent_questions"]
    here = where.at("parent_questions")
    if not enabled:
        here.fail("only allowed with parent_part = true")
    if (
        not isinstance(questions, list)
        or len(questions) != 3
        or not all(isinstance(q, str) and q.strip() for q in questions)
    ):
        here.fail("must be a list of three questions")
    remaining = iter(questions)
    fields = tuple(
        replace(field, label=next(remaining).strip()) if _is_question(field) else field
        for field in base.fields
    )
    return replace(base, fields=fields)


_WORKSHEET_KEYS = {
    "id",
    "title",
    "kind",
    "groups",
    "intro",
    "duration",
    "parent_part",
    "parent_questions",
    "template_for",
    "title_from",
    "sections",
}

# Field types whose answer is a short line that can name an item ("Mini-stage bij de bakker").
TITLE_TYPES = ("text",)


def _load_worksheet(path: Path, lists: Lists, parent_section: Section) -> Worksheet:
    doc, where = read_toml(path), Where(path.name)
    check_keys(doc, _WORKSHEET_KEYS, where)
    sheet_id = get_str(doc, "id", where.at("id"), required=True)
    if sheet_id != path.stem:
        where.at("id").fail(f"'{sheet_id}' must equal the file name '{path.stem}'")
    if not SLUG.fullmatch(sheet_id):
        where.at("id").fail(f"'{sheet_id}' may only hold lowercase letters, digits and '-'")
    groups = doc.get("groups")
    if (
        not isinstance(groups, list)
        or not groups
        or any(isinstance(g, bool) or g not in GROUPS for g in groups)
    ):
        where.at("groups").fail(f"{groups!r} must be a non-empty list of groups 6, 7 and/or 8")
    parent_part = get_bool(doc, "parent_part", where)

    sections = []
    for i, table in enumerate(tables(doc, "sections", where)):
        sections.append(_parse_section(table, f"sections[{i}]", path.name, lists))
    extra = _parent_section_for(doc, where, parent_section, enabled=parent_part)
    if extra is not None:
        sections.append(extra)

    _check_sections(sections, where, parent_appended=extra is not None)
    title_from = get_str(doc, "title_from", where)
    if title_from:
        named = [f for s in sections for f in s.fields if f.name == title_from]
        if not named:
            where.at("title_from").fail(f"there is no field '{title_from}'")
        if named[0].type not in TITLE_TYPES or named[0].writer != "pupil":
            where.at("title_from").fail(f"'{title_from}' must be a text field the pupil fills in")
    return Worksheet(
        id=sheet_id,
        title=get_str(doc, "title", where, required=True),
        kind=get_one_of(doc, "kind", KINDS, where, ""),
        groups=tuple(sorted(set(groups))),
        intro=get_str(doc, "intro", where),
        duration=get_str(doc, "duration", where),
        parent_part=parent_part,
        template_for=get_str(doc, "template_for", where),
        sections=tuple(sections),
        title_from=title_from,
    )


def _check_sections(sections: list[Section], where: Where, *, parent_appended: bool) -> None:
    """Cross-field rules: unique section keys, field names and flat names; then each field
    type's own rules about the other fields (e.g. a ranking's sources)."""

    def place(s: int) -> str:
        # The appended parent section is not in the worksheet's file: say where it comes from.
        if parent_appended and s == len(sections) - 1:
            return f"{PARENT_SECTION_FILE} (parent_part)"
        return f"sections[{s}]"

    section_keys: set[str] = set()
    names: dict[str, Field] = {}
    stored: set[str] = set()
    for s, section in enumerate(sections):
        if section.key in section_keys:
            where.at(f"{place(s)} '{section.key}'").fail("duplicate section key")
        section_keys.add(section.key)
        for f, field in enumerate(section.fields):
            here = where.at(f"{place(s)}.fields[{f}] '{field.name}'")
            if field.name in names:
                here.fail(f"duplicate field name '{field.name}'")
            names[field.name] = field
            for flat in field.stored_names():
                # e.g. a field "keuze-anders" next to a multichoice "keuze" with allow_other.
                if flat in stored:
                    here.fail(f"stored name '{flat}' is used twice")
                stored.add(flat)
    for s, section in enumerate(sections):
        for f, field in enumerate(section.fields):
            problem = field.kind.check(field, names)
            if problem:
                where.at(f"{place(s)}.fields[{f}] '{field.name}'").fail(problem)


# ---------------------------------------------------------------------------------------------
# Year plans


def _load_yearplan(path: Path, worksheets: dict[str, Worksheet]) -> YearPlan:
    doc, where = read_toml(path), Where(path.name)
    check_keys(doc, {"group", "title", "steps"}, where)
    group = doc.get("group")
    if isinstance(group, bool) or group not in GROUPS:
        where.at("group").fail(f"{group!r} must be 6, 7 or 8")
    if path.stem != f"groep-{group}":
        where.at("group").fail(f"{group} does not match the file name '{path.stem}'")
    steps = []
    keys: set[str] = set()
    for i, table in enumerate(tables(doc, "steps", where)):
        here = where.at(f"steps[{i}]")
        check_keys(
            table,
            {"key", "title", "child_title", "month", "type", "worksheet", "description"},
            here,
        )
        key = get_slug(table, "key", here)
        here = here.at(f"steps[{i}] '{key}'")
        if key in keys:
            here.fail("duplicate step key")
        keys.add(key)
        worksheet = get_str(table, "worksheet", here)
        if worksheet and worksheet not in worksheets:
            here.fail(f"worksheet '{worksheet}' does not exist")
        if worksheet and group not in worksheets[worksheet].groups:
            here.fail(f"worksheet '{worksheet}' is not for group {group}")
        steps.append(
            YearStep(
                key=key,
                title=get_str(table, "title", here, required=True),
                month=get_int(table, "month", here, 1, 12, 0),
                type=get_one_of(table, "type", STEP_TYPES, here, ""),
                worksheet=worksheet,
                description=get_str(table, "description", here),
                child_title=get_str(table, "child_title", here),
            )
        )
    title = get_str(doc, "title", where, required=True)
    return YearPlan(group=group, title=title, steps=tuple(steps))


def _check_templates(worksheets: dict[str, Worksheet], yearplans: dict[int, YearPlan]) -> None:
    """A sheet's ``template_for`` names a step of the plan of each of its groups, and the plan
    uses the sheet in one step there: so an item of it knows the step it belongs to."""
    for sheet in worksheets.values():
        if not sheet.template_for:
            continue
        for group in sheet.groups:
            plan = yearplans.get(group)
            if plan is None:
                continue
            where = Where(f"{sheet.id}.toml", "template_for")
            if plan.step(sheet.template_for) is None:
                where.fail(f"'{sheet.template_for}' is no step of the year plan of group {group}")
            using = [s.key for s in plan.steps if s.worksheet == sheet.id]
            if len(using) != 1:
                where.fail(
                    f"the year plan of group {group} must use this sheet in one step "
                    f"(now: {', '.join(using) or 'none'})"
                )


# ---------------------------------------------------------------------------------------------
# Entry point


def load_catalog(base: Path | None = None) -> Catalog:
    """Load and validate everything under ``base`` (default: this package's folder).

    Raises DefinitionError on the first problem. Not cached: the caller keeps the result.
    """
    base = Path(__file__).parent if base is None else Path(base)
    for folder in ("content", "definitions", "yearplans"):
        if not (base / folder).is_dir():
            raise DefinitionError(f"{base / folder}: folder is missing")

    lists = load_lists(base / "content")
    parent_section = _load_parent_section(base / "content", lists)

    worksheets: dict[str, Worksheet] = {}
    for path in sorted((base / "definitions").glob("*.toml")):
        sheet = _load_worksheet(path, lists, parent_section)
        worksheets[sheet.id] = sheet
    if not worksheets:
        raise DefinitionError(f"{base / 'definitions'}: no worksheet definitions")

    yearplans: dict[int, YearPlan] = {}
    for path in sorted((base / "yearplans").glob("*.toml")):
        plan = _load_yearplan(path, worksheets)
        yearplans[plan.group] = plan

    _check_templates(worksheets, yearplans)
    return Catalog(
        worksheets=worksheets,
        yearplans=yearplans,
        content={**lists.content, "stellingen": lists.statements},
        statements=lists.statements,
        scale=lists.scale,
    )
