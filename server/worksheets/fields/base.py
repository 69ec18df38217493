"""A field of a worksheet, and the base class of the field types that give it its behaviour.

``Field`` holds what a definition file says about one question. What depends on its type
(which keys the file may use, under which flat names the answers are stored, how a value is
cleaned, how the parent's form reads it, which template and JS binder show it) is asked of
``field.kind``: the ``FieldType`` registered under ``field.type``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any, ClassVar, NoReturn

from server.worksheets.messages import MSG_UNKNOWN_FIELD
from server.worksheets.reading import (
    Where,
    as_table,
    check_keys,
    get_bool,
    get_int,
    get_slug,
    get_str,
    unique_keys,
)

WHO = ("pupil", "parent", "together", "teacher")
# Who writes a field: "together" is done with an adult, but on the pupil's own device.
WRITER = {"pupil": "pupil", "together": "pupil", "parent": "parent", "teacher": "teacher"}
# What the parent's form (templates/parent/controls.html) sends for "my own card" and "other".
FORM_OWN = "__eigen__"
FORM_OTHER = "__anders__"


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
    scale: tuple[Option, ...] = ()  # for scale: the answer options (Niet zo ... Altijd)
    count: int = 0  # cards/ranking/people: how many; photos: the maximum number
    max_length: int = 0  # 0 means the type's default
    max_choices: int = 0  # multichoice: 0 means no limit
    allow_other: bool = False
    allow_own: bool = False
    with_situation: bool = False
    columns: tuple[Option, ...] = ()
    from_fields: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.type not in FieldType.registry:
            raise ValueError(f"unknown field type {self.type!r}")

    @property
    def kind(self) -> FieldType:
        """The behaviour of this field's type."""
        return FieldType.registry[self.type]

    @property
    def writer(self) -> str:
        """The only role whose operations may change this field: pupil, parent or teacher."""
        return WRITER[self.who]

    @property
    def option_keys(self) -> tuple[str, ...]:
        return tuple(option.key for option in self.options)

    @property
    def text_limit(self) -> int:
        """The longest text this field takes: its own max_length, else its type's default."""
        return self.max_length or self.kind.max_length

    @cached_property
    def _stored(self) -> tuple[str, ...]:
        return tuple(self.kind.stored_names(self))

    def stored_names(self) -> list[str]:
        """The flat names under which this field's values are stored, in display order."""
        return list(self._stored)

    def validate(self, stored_name: str, value: object) -> object:
        """Return the cleaned value for ``stored_name`` or raise ValueError (Dutch message)."""
        if stored_name not in self._stored:
            raise ValueError(MSG_UNKNOWN_FIELD)
        return self.kind.clean(self, stored_name, value)


@dataclass(frozen=True)
class Lists:
    """The content a field may refer to."""

    content: dict[str, tuple[Option, ...]]
    statements: tuple[Option, ...]
    scale: tuple[Option, ...]


@dataclass(frozen=True)
class FieldTable:
    """One field's table in a definition file, for its type to read its own keys."""

    data: dict[str, Any]
    where: Where
    lists: Lists

    def has(self, key: str) -> bool:
        return key in self.data

    def get(self, key: str, default: object = None) -> Any:
        return self.data.get(key, default)

    def fail(self, problem: str) -> NoReturn:
        self.where.fail(problem)

    def flag(self, key: str) -> bool:
        return get_bool(self.data, key, self.where)

    def number(self, key: str, lo: int, hi: int, default: int) -> int:
        return get_int(self.data, key, self.where, lo, hi, default)

    def options(self, key: str) -> tuple[Option, ...]:
        """Options written in the definition itself: ``[[fields.<key>]]`` tables."""
        value = self.data.get(key)
        if not isinstance(value, list) or not value:
            self.fail(f"'{key}' must be a non-empty list")
        options = []
        for i, item in enumerate(value):
            here = self.where.at(f"{self.where.path}.{key}[{i}]")
            item = as_table(item, here)
            check_keys(item, {"key", "label", "hint", "icon"}, here)
            options.append(
                Option(
                    key=get_slug(item, "key", here),
                    label=get_str(item, "label", here, required=True),
                    hint=get_str(item, "hint", here),
                    icon=get_str(item, "icon", here),
                )
            )
        unique_keys(options, self.where)
        return tuple(options)

    def content_list(self, key: str) -> tuple[Option, ...]:
        """The options of the content list that ``key`` names (content/<name>.toml)."""
        name = self.data.get(key)
        if name not in self.lists.content:
            self.fail(f"unknown {key} '{name}' (known: {', '.join(self.lists.content)})")
        return self.lists.content[name]


@dataclass(frozen=True)
class FormInput:
    """What the parent's form sent: one text per name, or every text (checkboxes)."""

    get: Callable[[str], str]
    getlist: Callable[[str], list[str]]
    now: str  # the moment of sending (ISO), for a signature set now


class FieldType:
    """The behaviour of one type of field. A subclass that sets ``name`` is registered under
    it: ``FieldType.registry["cards"]`` is the one instance of ``Cards``."""

    registry: ClassVar[dict[str, FieldType]] = {}

    name: ClassVar[str] = ""
    keys: ClassVar[frozenset[str]] = frozenset()  # its own keys in a definition file
    max_length: ClassVar[int] = 0  # its default text limit; non-zero allows 'max_length'
    parent_form: ClassVar[bool] = False  # a parent can fill it in on the parent's form
    # What other code asks of a type instead of comparing type names:
    signs: ClassVar[bool] = False  # holds the adult's signature
    picks_one: ClassVar[bool] = False  # one option of a list, or a text of one's own
    rates_statements: ClassVar[bool] = False  # the self-portrait's statements
    lists_cards: ClassVar[bool] = False  # a blank print shows the cards to choose from

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "name" in cls.__dict__:
            if cls.name in FieldType.registry:
                raise TypeError(f"field type {cls.name!r} is defined twice")
            FieldType.registry[cls.name] = cls()

    @property
    def template(self) -> str:
        """Its Jinja template: the macros edit, answer, blank (and parent, with parent_form)."""
        return f"worksheets/fields/{self.name}.html"

    @property
    def binder(self) -> str:
        """Its JS binder in pwa/js/worksheet.js (the data-kind of its controls)."""
        return self.name

    def allowed_keys(self) -> frozenset[str]:
        return (self.keys | {"max_length"}) if self.max_length else self.keys

    def parse(self, table: FieldTable) -> dict[str, Any]:
        """The Field values its own keys give (``max_length`` is read for every type)."""
        return {}

    def check(self, field: Field, fields: dict[str, Field]) -> str | None:
        """A problem with the other fields of the worksheet (by name), or None."""
        return None

    def stored_names(self, field: Field) -> list[str]:
        return [field.name]

    def clean(self, field: Field, stored_name: str, value: object) -> object:
        """The cleaned value for one of its stored names; ValueError (Dutch) when wrong."""
        raise NotImplementedError

    # The parent's form (only with parent_form): a stored name's value from what was sent,
    # the form's own values for a stored value, and what the form shows before any answer.

    def read_form(self, field: Field, name: str, form: FormInput) -> object:
        return form.get(name)

    def show_form(self, field: Field, name: str, value: object) -> dict[str, Any]:
        return {}

    def form_defaults(
        self, field: Field, name: str, *, relation: str, adult_name: str
    ) -> dict[str, Any]:
        return {}
