"""Load and validate worksheet definitions, content lists and year plans.

Everything a school may adapt (the handbook's wording, the quality cards, the year plans) lives
in TOML files next to this module. This module turns them into frozen dataclasses and refuses
to load on the first mistake, naming the file and the field, so a typo never reaches a pupil.

Answers are stored per *flat name* (see ``Field.stored_names``) so that two tablets editing
different parts of one worksheet never overwrite each other. ``Field.validate`` checks and
cleans one such value and explains problems in simple Dutch for the pupil or parent.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from dataclasses import field as dataclass_field
from datetime import date, datetime
from pathlib import Path
from typing import Any, NoReturn

FIELD_TYPES = (
    "text",
    "longtext",
    "date",
    "choice",
    "multichoice",
    "scale",
    "cards",
    "ranking",
    "people",
    "photos",
    "yesno",
    "signature",
)
KINDS = ("zelfportret", "thuisopdracht", "ervaring", "complimenten", "samen-doen")
WHO = ("pupil", "parent", "together", "teacher")
# Who writes a field: "together" is done with an adult, but on the pupil's own device.
WRITER = {"pupil": "pupil", "together": "pupil", "parent": "parent", "teacher": "teacher"}
STEP_TYPES = ("thuisopdracht", "gesprek", "bijeenkomst", "activiteit", "reflectie", "zelfportret")
GROUPS = (6, 7, 8)
# Lists a field may draw its options from (options_from / statements_from).
CONTENT_LISTS = (
    "kwaliteiten",
    "schoolniveaus",
    "richtingen",
    "schoolkenmerken",
    "complimenten",
    "samen-doen",
    "interviewvragen",
)
STATEMENT_LISTS = ("stellingen",)
# A card the pupil wrote themselves is stored with this prefix, so it can never collide with a
# card key (keys cannot contain ':').
OWN_PREFIX = "eigen:"
PARENT_SECTION_KEY = "ouderdeel"
PARENT_SECTION_FILE = "ouderdeel.toml"

DEFAULT_MAX_LENGTH = {"text": 200, "longtext": 4000, "cards": 500, "people": 200}
OTHER_MAX_LENGTH = 200  # free "anders" answers of choice/multichoice
OWN_CARD_MAX_LENGTH = 100
SIGNATURE_NAME_MAX_LENGTH = 100
DEFAULT_MAX_PHOTOS = 6

# Friendly messages shown to pupils and parents (B1 Dutch).
MSG_UNKNOWN_FIELD = "Dit veld bestaat niet."
MSG_NOT_YOURS = {
    "parent": "Dit deel vult je ouder in op de eigen telefoon.",
    "teacher": "Dit deel vult je leerkracht in.",
    "pupil": "Dit deel vult de leerling zelf in.",
}

MSG_WRONG = "Dit antwoord klopt niet."
MSG_TOO_LONG = "Dit antwoord is te lang (maximaal {n} tekens)."
MSG_BAD_DATE = "Dit is geen goede datum."
MSG_NOT_IN_LIST = "Kies een antwoord uit de lijst."
MSG_TOO_MANY = "Je mag er maximaal {n} kiezen."
MSG_DOUBLE = "Je hebt hetzelfde antwoord twee keer gekozen."
MSG_OWN_EMPTY = "Schrijf je eigen kwaliteit op."
MSG_TOO_MANY_PHOTOS = "Je mag maximaal {n} foto's toevoegen."
MSG_BAD_PHOTO = "Deze foto klopt niet."
MSG_SIGN_NAME = "Schrijf je naam bij de handtekening."
MSG_SIGN_CONFIRM = "Zet een vinkje om te laten zien dat het klopt."
MSG_SIGN_TIME = "De tijd van de handtekening klopt niet."

# Used with fullmatch(): "$" in match() would let a trailing newline through.
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")  # a prefix, parsed in full later
_SHA256 = re.compile(r"[0-9a-f]{64}")
# Control characters except tab and newline, plus lone surrogates (they cannot be written as
# UTF-8 and would break storage or rendering later).
_UNSAFE_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


class DefinitionError(Exception):
    """A definition, content or year-plan file is invalid; the message names file and field."""


# ---------------------------------------------------------------------------------------------
# Value cleaning


def _clean_text(value: object, max_length: int, *, multiline: bool) -> str:
    """Return a safe string: normalised line ends, no control characters, within the limit."""
    if not isinstance(value, str):
        raise ValueError(MSG_WRONG)
    text = value.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = unicodedata.normalize("NFC", _UNSAFE_CHARS.sub("", text.replace("\u2029", "\n")))
    if not multiline:
        # One-line answers are shown inline, where a newline or tab would only confuse.
        text = text.replace("\n", " ").replace("\t", " ")
    if len(text) > max_length:
        raise ValueError(MSG_TOO_LONG.format(n=max_length))
    return text


def _clean_key(value: object, allowed: tuple[str, ...]) -> str:
    """Return an option key from ``allowed`` or ""; surrounding spaces are tolerated."""
    if not isinstance(value, str):
        raise ValueError(MSG_WRONG)
    key = value.strip()
    if key and key not in allowed:
        raise ValueError(MSG_NOT_IN_LIST)
    return key


def _clean_list(value: object) -> list[Any]:
    if not isinstance(value, list):
        raise ValueError(MSG_WRONG)
    return value


def _clean_card(value: object, keys: tuple[str, ...], *, allow_own: bool) -> str:
    """A quality card key, ``eigen:<text>`` when own cards are allowed, or ""."""
    if not isinstance(value, str):
        raise ValueError(MSG_WRONG)
    if allow_own and value.startswith(OWN_PREFIX):
        own = _clean_text(value[len(OWN_PREFIX) :], OWN_CARD_MAX_LENGTH, multiline=False).strip()
        if not own:
            raise ValueError(MSG_OWN_EMPTY)
        return OWN_PREFIX + own
    return _clean_key(value, keys)


class NotYours(ValueError):
    """A field written by someone else (the parent's part, the teacher's notes)."""

    code = "not-yours"  # sync.NOT_YOURS


# ---------------------------------------------------------------------------------------------
# The model


@dataclass(frozen=True)
class Option:
    """One choosable item: a quality card, a school level, an inline option, a column..."""

    key: str
    label: str
    hint: str = ""
    icon: str = ""


@dataclass(frozen=True)
class Field:
    """One question on a worksheet; may be stored under several flat names."""

    name: str
    type: str
    label: str
    help: str = ""
    required: bool = False
    who: str = "pupil"
    options: tuple[Option, ...] = ()  # choices, cards, or (for scale) the statements
    scale: tuple[Option, ...] = ()  # for scale: the answer options (Altijd ... Niet zo)
    count: int = 0  # cards/ranking/people: how many; photos: the maximum number
    max_length: int = 0  # 0 means the type's default
    max_choices: int = 0  # multichoice: 0 means no limit
    allow_other: bool = False
    allow_own: bool = False
    with_situation: bool = False
    columns: tuple[Option, ...] = ()
    from_fields: tuple[str, ...] = ()

    @property
    def writer(self) -> str:
        """The only role whose operations may change this field: pupil, parent or teacher."""
        return WRITER[self.who]

    @property
    def option_keys(self) -> tuple[str, ...]:
        return tuple(option.key for option in self.options)

    def _text_limit(self) -> int:
        return self.max_length or DEFAULT_MAX_LENGTH.get(self.type, DEFAULT_MAX_LENGTH["text"])

    def _validators(self) -> dict[str, Callable[[object], object]]:
        """Map every flat stored name of this field to the function that cleans its value."""
        name, kind = self.name, self.type
        if kind in ("text", "longtext"):
            multiline = kind == "longtext"
            return {name: lambda v: _clean_text(v, self._text_limit(), multiline=multiline)}
        if kind == "date":
            return {name: _validate_date}
        if kind == "yesno":
            return {name: lambda v: _clean_key(v, ("ja", "nee"))}
        if kind == "choice":
            return {name: self._validate_choice}
        if kind == "multichoice":
            validators: dict[str, Callable[[object], object]] = {name: self._validate_multichoice}
            if self.allow_other:
                validators[f"{name}-anders"] = lambda v: _clean_text(
                    v, OTHER_MAX_LENGTH, multiline=False
                )
            return validators
        if kind == "scale":
            scale_keys = tuple(option.key for option in self.scale)
            return {
                f"{name}.{statement.key}": lambda v: _clean_key(v, scale_keys)
                for statement in self.options
            }
        if kind == "cards":
            validators = {}
            for i in range(1, self.count + 1):
                validators[f"{name}.{i}"] = lambda v: _clean_card(
                    v, self.option_keys, allow_own=self.allow_own
                )
                if self.with_situation:
                    validators[f"{name}.{i}.situatie"] = lambda v: _clean_text(
                        v, self._text_limit(), multiline=True
                    )
            return validators
        if kind == "ranking":
            return {name: self._validate_ranking}
        if kind == "people":
            return {
                f"{name}.{i}.{column.key}": lambda v: _clean_text(
                    v, self._text_limit(), multiline=False
                )
                for i in range(1, self.count + 1)
                for column in self.columns
            }
        if kind == "photos":
            return {name: self._validate_photos}
        if kind == "signature":
            return {name: _validate_signature}
        raise ValueError(MSG_UNKNOWN_FIELD)

    def stored_names(self) -> list[str]:
        """The flat names under which this field's values are stored, in display order."""
        return list(self._validators())

    def validate(self, stored_name: str, value: object) -> object:
        """Return the cleaned value for ``stored_name`` or raise ValueError (Dutch message)."""
        validator = self._validators().get(stored_name)
        if validator is None:
            raise ValueError(MSG_UNKNOWN_FIELD)
        return validator(value)

    def _validate_choice(self, value: object) -> str:
        if not isinstance(value, str):
            raise ValueError(MSG_WRONG)
        if value.strip() in self.option_keys or not value.strip():
            return value.strip()
        if not self.allow_other:
            raise ValueError(MSG_NOT_IN_LIST)
        return _clean_text(value, OTHER_MAX_LENGTH, multiline=False)

    def _validate_multichoice(self, value: object) -> list[str]:
        keys: list[str] = []
        for item in _clean_list(value):
            key = _clean_key(item, self.option_keys)
            if key and key not in keys:  # ticking twice is harmless: keep one
                keys.append(key)
        if self.max_choices and len(keys) > self.max_choices:
            raise ValueError(MSG_TOO_MANY.format(n=self.max_choices))
        return keys

    def _validate_ranking(self, value: object) -> list[str]:
        # "" keeps an empty place, so place 2 can be filled before place 1.
        places = [
            _clean_card(item, self.option_keys, allow_own=True) for item in _clean_list(value)
        ]
        if len(places) > self.count:
            raise ValueError(MSG_TOO_MANY.format(n=self.count))
        filled = [place for place in places if place]
        if len(filled) != len(set(filled)):
            raise ValueError(MSG_DOUBLE)
        return places

    def _validate_photos(self, value: object) -> list[str]:
        limit = self.count or DEFAULT_MAX_PHOTOS
        ids: list[str] = []
        for item in _clean_list(value):
            if not isinstance(item, str) or not _SHA256.fullmatch(item):
                raise ValueError(MSG_BAD_PHOTO)
            if item not in ids:
                ids.append(item)
                if len(ids) > limit:  # checked inside the loop: a huge list stops early
                    raise ValueError(MSG_TOO_MANY_PHOTOS.format(n=limit))
        return ids


def _validate_date(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError(MSG_WRONG)
    text = value.strip()
    if not text:
        return ""
    # The regex first: date.fromisoformat also accepts forms like "20250314".
    if not _ISO_DATE.fullmatch(text):
        raise ValueError(MSG_BAD_DATE)
    try:
        date.fromisoformat(text)
    except ValueError:
        raise ValueError(MSG_BAD_DATE) from None
    return text


def _validate_signature(value: object) -> dict[str, object] | None:
    if value is None:
        return None
    if not isinstance(value, dict) or set(value) != {"naam", "bevestigd", "op"}:
        raise ValueError(MSG_WRONG)
    name = _clean_text(value["naam"], SIGNATURE_NAME_MAX_LENGTH, multiline=False).strip()
    if not name:
        raise ValueError(MSG_SIGN_NAME)
    if value["bevestigd"] is not True:
        raise ValueError(MSG_SIGN_CONFIRM)
    signed_at = value["op"]
    if not isinstance(signed_at, str) or not _ISO_DATETIME.match(signed_at):
        raise ValueError(MSG_SIGN_TIME)
    try:
        datetime.fromisoformat(signed_at)
    except ValueError:
        raise ValueError(MSG_SIGN_TIME) from None
    return {"naam": name, "bevestigd": True, "op": signed_at}


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


# ---------------------------------------------------------------------------------------------
# Reading TOML with precise error messages


@dataclass(frozen=True)
class _Where:
    """Where in which file we are, to prefix error messages."""

    file: str
    path: str = ""

    def at(self, path: str) -> _Where:
        return _Where(self.file, path)

    def fail(self, problem: str) -> NoReturn:
        prefix = f"{self.file}: {self.path}" if self.path else self.file
        raise DefinitionError(f"{prefix}: {problem}")


def _read_toml(path: Path) -> dict[str, Any]:
    where = _Where(path.name)
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        where.fail("file is missing")
    except tomllib.TOMLDecodeError as error:
        where.fail(f"invalid TOML: {error}")


def _check_keys(table: dict[str, Any], allowed: set[str], where: _Where) -> None:
    # Unknown keys are usually typos ("titel"); silently ignoring them would hide content.
    for key in table:
        if key not in allowed:
            where.fail(f"unknown key '{key}'")


def _table(value: object, where: _Where) -> dict[str, Any]:
    if not isinstance(value, dict):
        where.fail("must be a table")
    return value


def _tables(table: dict[str, Any], key: str, where: _Where) -> list[dict[str, Any]]:
    value = table.get(key)
    if not isinstance(value, list) or not value:
        where.fail(f"'{key}' must be a non-empty list of tables")
    for i, item in enumerate(value):
        if not isinstance(item, dict):
            where.fail(f"{key}[{i}] must be a table")
    return value


def _str(table: dict[str, Any], key: str, where: _Where, *, required: bool = False) -> str:
    value = table.get(key, "")
    if not isinstance(value, str):
        where.fail(f"'{key}' must be text")
    value = value.strip()
    if required and not value:
        where.fail(f"missing {key}")
    return value


def _slug(table: dict[str, Any], key: str, where: _Where) -> str:
    value = _str(table, key, where, required=True)
    if not _SLUG.fullmatch(value):
        where.fail(f"{key} '{value}' may only hold lowercase letters, digits and '-'")
    return value


def _bool(table: dict[str, Any], key: str, where: _Where) -> bool:
    value = table.get(key, False)
    if not isinstance(value, bool):
        where.fail(f"'{key}' must be true or false")
    return value


def _int(table: dict[str, Any], key: str, where: _Where, lo: int, hi: int, default: int) -> int:
    value = table.get(key, default)
    # bool is an int in Python; "count = true" is a mistake, not 1.
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        where.fail(f"'{key}' must be a whole number from {lo} to {hi}")
    return value


def _one_of(
    table: dict[str, Any], key: str, allowed: tuple[str, ...], where: _Where, default: str
) -> str:
    value = table.get(key, default)
    if value not in allowed:
        where.fail(f"{key} '{value}' must be one of: {', '.join(allowed)}")
    return value


def _unique_keys(options: list[Option], where: _Where) -> None:
    seen: set[str] = set()
    for option in options:
        if option.key in seen:
            where.fail(f"duplicate key '{option.key}'")
        seen.add(option.key)


# ---------------------------------------------------------------------------------------------
# Content lists


def _options(
    doc: dict[str, Any],
    array: str,
    where: _Where,
    *,
    label: str = "label",
    hint: str = "hint",
    group_title: str = "",
) -> list[Option]:
    """Read a list of items into Options; ``label``/``hint`` name the file's own keys.

    Items of a group carry the group title as hint (they have no hint of their own).
    """
    allowed = {"key", label, "icon"} if group_title else {"key", label, hint, "icon"}
    prefix = f"{where.path}." if where.path else ""
    options = []
    for i, item in enumerate(_tables(doc, array, where)):
        here = where.at(f"{prefix}{array}[{i}]")
        _check_keys(item, allowed, here)
        key = _slug(item, "key", here)
        here = here.at(f"{prefix}{array}[{i}] '{key}'")
        options.append(
            Option(
                key=key,
                label=_str(item, label, here, required=True),
                hint=group_title or _str(item, hint, here),
                icon=_str(item, "icon", here),
            )
        )
    return options


def _grouped_options(doc: dict[str, Any], where: _Where) -> list[Option]:
    """Flatten ``[[groups]]`` with ``[[groups.items]]``; the group title becomes the hint."""
    _check_keys(doc, {"groups"}, where)
    options: list[Option] = []
    group_keys: set[str] = set()
    for i, group in enumerate(_tables(doc, "groups", where)):
        here = where.at(f"groups[{i}]")
        _check_keys(group, {"key", "title", "items"}, here)
        key = _slug(group, "key", here)
        here = here.at(f"groups[{i}] '{key}'")
        if key in group_keys:
            here.fail("duplicate group key")
        group_keys.add(key)
        title = _str(group, "title", here, required=True)
        options += _options(group, "items", here, group_title=title)
    return options


def _load_content(folder: Path) -> tuple[dict[str, tuple[Option, ...]], list[Option], list[Option]]:
    content: dict[str, list[Option]] = {}
    spec = {  # list name -> (array in the file, key used as label, key used as hint)
        "kwaliteiten": ("cards", "name", "meaning"),
        "schoolniveaus": ("levels", "name", "description"),
        "richtingen": ("directions", "name", "note"),
        "samen-doen": ("activities", "label", "hint"),
        "interviewvragen": ("questions", "label", "hint"),
    }
    for name in CONTENT_LISTS:
        path = folder / f"{name}.toml"
        doc, where = _read_toml(path), _Where(path.name)
        if name in spec:
            array, label, hint = spec[name]
            _check_keys(doc, {array}, where)
            content[name] = _options(doc, array, where, label=label, hint=hint)
        else:
            content[name] = _grouped_options(doc, where)
        _unique_keys(content[name], where)

    path = folder / "stellingen.toml"
    doc, where = _read_toml(path), _Where(path.name)
    _check_keys(doc, {"statements", "scale"}, where)
    statements = _options(doc, "statements", where, label="text")
    scale = _options(doc, "scale", where)
    _unique_keys(statements, where)
    _unique_keys(scale, where)
    return {name: tuple(options) for name, options in content.items()}, statements, scale


# ---------------------------------------------------------------------------------------------
# Worksheet definitions

_COMMON_FIELD_KEYS = {"name", "type", "label", "help", "required", "who"}
_TYPE_KEYS: dict[str, set[str]] = {
    "text": {"max_length"},
    "longtext": {"max_length"},
    "date": set(),
    "choice": {"options", "options_from", "allow_other"},
    "multichoice": {"options", "options_from", "allow_other", "max_choices"},
    "scale": {"statements_from"},
    "cards": {"options_from", "count", "with_situation", "allow_own", "max_length"},
    "ranking": {"count", "from_fields"},
    "people": {"count", "columns", "max_length"},
    "photos": {"max"},
    "yesno": set(),
    "signature": set(),
}


@dataclass(frozen=True)
class _Lists:
    """The content a field may refer to."""

    content: dict[str, tuple[Option, ...]]
    statements: tuple[Option, ...]
    scale: tuple[Option, ...]


def _inline_options(table: dict[str, Any], key: str, where: _Where) -> tuple[Option, ...]:
    value = table.get(key)
    if not isinstance(value, list) or not value:
        where.fail(f"'{key}' must be a non-empty list")
    options = []
    for i, item in enumerate(value):
        here = where.at(f"{where.path}.{key}[{i}]")
        item = _table(item, here)
        _check_keys(item, {"key", "label", "hint", "icon"}, here)
        options.append(
            Option(
                key=_slug(item, "key", here),
                label=_str(item, "label", here, required=True),
                hint=_str(item, "hint", here),
                icon=_str(item, "icon", here),
            )
        )
    _unique_keys(options, where)
    return tuple(options)


def _content_list(
    table: dict[str, Any], key: str, where: _Where, lists: _Lists
) -> tuple[Option, ...]:
    name = table.get(key)
    if name not in lists.content:
        where.fail(f"unknown {key} '{name}' (known: {', '.join(lists.content)})")
    return lists.content[name]


def _parse_field(table: dict[str, Any], where: _Where, section_who: str, lists: _Lists) -> Field:
    kind = table.get("type")
    if kind not in _TYPE_KEYS:
        where.fail(f"unknown type '{kind}'")
    _check_keys(table, _COMMON_FIELD_KEYS | _TYPE_KEYS[kind], where)
    values: dict[str, Any] = {
        "name": table["name"],
        "type": kind,
        "label": _str(table, "label", where, required=True),
        "help": _str(table, "help", where),
        "required": _bool(table, "required", where),
        "who": _one_of(table, "who", WHO, where, section_who),
    }
    if kind in DEFAULT_MAX_LENGTH:
        values["max_length"] = _int(table, "max_length", where, 1, 20000, DEFAULT_MAX_LENGTH[kind])
    if kind in ("choice", "multichoice"):
        if ("options" in table) == ("options_from" in table):
            where.fail("needs either 'options' or 'options_from'")
        if "options" in table:
            values["options"] = _inline_options(table, "options", where)
        else:
            values["options"] = _content_list(table, "options_from", where, lists)
        values["allow_other"] = _bool(table, "allow_other", where)
        if kind == "multichoice" and "max_choices" in table:
            count = len(values["options"])
            values["max_choices"] = _int(table, "max_choices", where, 1, count, count)
    elif kind == "scale":
        if table.get("statements_from") not in STATEMENT_LISTS:
            where.fail(f"unknown statements_from '{table.get('statements_from')}'")
        values["options"], values["scale"] = lists.statements, lists.scale
    elif kind == "cards":
        values["options"] = _content_list(table, "options_from", where, lists)
        values["count"] = _int(table, "count", where, 1, 10, 1)
        values["with_situation"] = _bool(table, "with_situation", where)
        values["allow_own"] = _bool(table, "allow_own", where)
    elif kind == "ranking":
        values["options"] = lists.content["kwaliteiten"]
        values["count"] = _int(table, "count", where, 1, 10, 3)
        from_fields = table.get("from_fields", [])
        if not isinstance(from_fields, list) or not all(isinstance(f, str) for f in from_fields):
            where.fail("'from_fields' must be a list of field names")
        values["from_fields"] = tuple(from_fields)
    elif kind == "people":
        values["count"] = _int(table, "count", where, 1, 10, 3)
        values["columns"] = _inline_options(table, "columns", where)
    elif kind == "photos":
        values["count"] = _int(table, "max", where, 1, 20, DEFAULT_MAX_PHOTOS)
    return Field(**values)


def _parse_section(table: dict[str, Any], path: str, file: str, lists: _Lists) -> Section:
    """Parse one section; ``path`` is its place in the file ("sections[2]", or "" on its own)."""
    where = _Where(file, path)
    _check_keys(table, {"key", "title", "intro", "who", "fields"}, where)
    key = _slug(table, "key", where)
    where = where.at(f"{path} '{key}'".strip())
    title = _str(table, "title", where, required=True)
    who = _one_of(table, "who", WHO, where, "pupil")
    fields = []
    for i, item in enumerate(_tables(table, "fields", where)):
        field_path = f"{path}.fields[{i}]" if path else f"fields[{i}]"
        name = item.get("name")
        if not isinstance(name, str) or not _SLUG.fullmatch(name):
            _Where(file, field_path).fail(
                f"field name {name!r} may only hold lowercase letters, digits and '-'"
            )
        fields.append(_parse_field(item, _Where(file, f"{field_path} '{name}'"), who, lists))
    return Section(key, title, _str(table, "intro", where), who, tuple(fields))


def _load_parent_section(folder: Path, lists: _Lists) -> Section:
    path = folder / PARENT_SECTION_FILE
    section = _parse_section(_read_toml(path), "", path.name, lists)
    if section.key != PARENT_SECTION_KEY:
        _Where(path.name).fail(f"key must be '{PARENT_SECTION_KEY}'")
    if sum(field.type == "yesno" for field in section.fields) != 3:
        _Where(path.name).fail("needs exactly three yesno questions")
    return section


def _parent_section_for(
    doc: dict[str, Any], where: _Where, base: Section, *, enabled: bool
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
        replace(field, label=next(remaining).strip()) if field.type == "yesno" else field
        for field in base.fields
    )
    return replace(base, fields=fields)


def _load_worksheet(path: Path, lists: _Lists, parent_section: Section) -> Worksheet:
    doc, where = _read_toml(path), _Where(path.name)
    _check_keys(
        doc,
        {
            "id",
            "title",
            "kind",
            "groups",
            "intro",
            "duration",
            "parent_part",
            "parent_questions",
            "template_for",
            "sections",
        },
        where,
    )
    sheet_id = _str(doc, "id", where.at("id"), required=True)
    if sheet_id != path.stem:
        where.at("id").fail(f"'{sheet_id}' must equal the file name '{path.stem}'")
    if not _SLUG.fullmatch(sheet_id):
        where.at("id").fail(f"'{sheet_id}' may only hold lowercase letters, digits and '-'")
    groups = doc.get("groups")
    if (
        not isinstance(groups, list)
        or not groups
        or any(isinstance(g, bool) or g not in GROUPS for g in groups)
    ):
        where.at("groups").fail(f"{groups!r} must be a non-empty list of groups 6, 7 and/or 8")
    parent_part = _bool(doc, "parent_part", where)

    sections = []
    for i, table in enumerate(_tables(doc, "sections", where)):
        sections.append(_parse_section(table, f"sections[{i}]", path.name, lists))
    extra = _parent_section_for(doc, where, parent_section, enabled=parent_part)
    if extra is not None:
        sections.append(extra)

    _check_sections(sections, where, parent_appended=extra is not None)
    return Worksheet(
        id=sheet_id,
        title=_str(doc, "title", where, required=True),
        kind=_one_of(doc, "kind", KINDS, where, ""),
        groups=tuple(sorted(set(groups))),
        intro=_str(doc, "intro", where),
        duration=_str(doc, "duration", where),
        parent_part=parent_part,
        template_for=_str(doc, "template_for", where),
        sections=tuple(sections),
    )


def _check_sections(sections: list[Section], where: _Where, *, parent_appended: bool) -> None:
    """Cross-field rules: unique section keys, field names and flat names; ranking sources."""

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
            for source in field.from_fields:
                if source not in names or names[source].type != "cards":
                    where.at(f"{place(s)}.fields[{f}] '{field.name}'").fail(
                        f"from_fields '{source}' is not a cards field of this worksheet"
                    )


# ---------------------------------------------------------------------------------------------
# Year plans


def _load_yearplan(path: Path, worksheets: dict[str, Worksheet]) -> YearPlan:
    doc, where = _read_toml(path), _Where(path.name)
    _check_keys(doc, {"group", "title", "steps"}, where)
    group = doc.get("group")
    if isinstance(group, bool) or group not in GROUPS:
        where.at("group").fail(f"{group!r} must be 6, 7 or 8")
    if path.stem != f"groep-{group}":
        where.at("group").fail(f"{group} does not match the file name '{path.stem}'")
    steps = []
    keys: set[str] = set()
    for i, table in enumerate(_tables(doc, "steps", where)):
        here = where.at(f"steps[{i}]")
        _check_keys(table, {"key", "title", "month", "type", "worksheet", "description"}, here)
        key = _slug(table, "key", here)
        here = here.at(f"steps[{i}] '{key}'")
        if key in keys:
            here.fail("duplicate step key")
        keys.add(key)
        worksheet = _str(table, "worksheet", here)
        if worksheet and worksheet not in worksheets:
            here.fail(f"worksheet '{worksheet}' does not exist")
        if worksheet and group not in worksheets[worksheet].groups:
            here.fail(f"worksheet '{worksheet}' is not for group {group}")
        steps.append(
            YearStep(
                key=key,
                title=_str(table, "title", here, required=True),
                month=_int(table, "month", here, 1, 12, 0),
                type=_one_of(table, "type", STEP_TYPES, here, ""),
                worksheet=worksheet,
                description=_str(table, "description", here),
            )
        )
    return YearPlan(group=group, title=_str(doc, "title", where, required=True), steps=tuple(steps))


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

    content, statements, scale = _load_content(base / "content")
    lists = _Lists(content, tuple(statements), tuple(scale))
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

    return Catalog(
        worksheets=worksheets,
        yearplans=yearplans,
        content={**content, "stellingen": tuple(statements)},
        statements=tuple(statements),
        scale=tuple(scale),
    )
