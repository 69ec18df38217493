"""Answers picked from options: JA/NEE, one option, several options, a scale per statement."""

from __future__ import annotations

from typing import Any

from server.worksheets.fields.base import FORM_OTHER, Field, FieldTable, FieldType, FormInput
from server.worksheets.fields.cleaning import clean_key, clean_list, clean_text
from server.worksheets.messages import MSG_NOT_IN_LIST, MSG_TOO_MANY, MSG_WRONG

OTHER_MAX_LENGTH = 200  # free "anders" answers of choice/multichoice
YES_NO = ("ja", "nee")
# Lists a scale may take its statements from (content/<name>.toml).
STATEMENT_LISTS = ("stellingen",)


def _options(table: FieldTable) -> dict[str, Any]:
    """Options written inline or taken from a content list, and whether "anders" is offered."""
    if table.has("options") == table.has("options_from"):
        table.fail("needs either 'options' or 'options_from'")
    if table.has("options"):
        options = table.options("options")
    else:
        options = table.content_list("options_from")
    return {"options": options, "allow_other": table.flag("allow_other")}


class Choice(FieldType):
    """One option, or (with allow_other) a text of one's own."""

    name = "choice"
    keys = frozenset({"options", "options_from", "allow_other"})
    parent_form = True
    picks_one = True

    def parse(self, table: FieldTable) -> dict[str, Any]:
        return _options(table)

    def clean(self, field: Field, stored_name: str, value: object) -> str:
        if not isinstance(value, str):
            raise ValueError(MSG_WRONG)
        if value.strip() in field.option_keys or not value.strip():
            return value.strip()
        if not field.allow_other:
            raise ValueError(MSG_NOT_IN_LIST)
        return clean_text(value, OTHER_MAX_LENGTH, multiline=False)

    def read_form(self, field: Field, name: str, form: FormInput) -> object:
        chosen = form.get(name)
        return form.get(f"{name}.anders") if chosen == FORM_OTHER else chosen

    def show_form(self, field: Field, name: str, value: object) -> dict[str, Any]:
        if isinstance(value, str) and value and value not in field.option_keys:
            return {name: FORM_OTHER, name + ".anders": value}
        return {}

    def form_defaults(
        self, field: Field, name: str, *, relation: str, adult_name: str
    ) -> dict[str, Any]:
        # "Ik ben de … van deze leerling": the relation the school linked the adult with.
        if not relation:
            return {}
        match = next((o.key for o in field.options if o.label == relation), None)
        return {name: match or (relation if field.allow_other else "")}


class MultiChoice(FieldType):
    """Several options (at most max_choices), and with allow_other a text "name-anders"."""

    name = "multichoice"
    keys = frozenset({"options", "options_from", "allow_other", "max_choices"})
    parent_form = True

    def parse(self, table: FieldTable) -> dict[str, Any]:
        values = _options(table)
        if table.has("max_choices"):
            count = len(values["options"])
            values["max_choices"] = table.number("max_choices", 1, count, count)
        return values

    def stored_names(self, field: Field) -> list[str]:
        return [field.name, f"{field.name}-anders"] if field.allow_other else [field.name]

    def clean(self, field: Field, stored_name: str, value: object) -> object:
        if stored_name != field.name:
            return clean_text(value, OTHER_MAX_LENGTH, multiline=False)
        keys: list[str] = []
        for item in clean_list(value):
            key = clean_key(item, field.option_keys)
            if key and key not in keys:  # ticking twice is harmless: keep one
                keys.append(key)
        if field.max_choices and len(keys) > field.max_choices:
            raise ValueError(MSG_TOO_MANY.format(n=field.max_choices))
        return keys

    def read_form(self, field: Field, name: str, form: FormInput) -> object:
        return form.getlist(name) if name == field.name else form.get(name)


class Scale(FieldType):
    """Per statement one answer of the scale (Niet zo … Altijd): "name.<statement>"."""

    name = "scale"
    keys = frozenset({"statements_from"})
    rates_statements = True

    def parse(self, table: FieldTable) -> dict[str, Any]:
        if table.get("statements_from") not in STATEMENT_LISTS:
            table.fail(f"unknown statements_from '{table.get('statements_from')}'")
        return {"options": table.lists.statements, "scale": table.lists.scale}

    def stored_names(self, field: Field) -> list[str]:
        return [f"{field.name}.{statement.key}" for statement in field.options]

    def clean(self, field: Field, stored_name: str, value: object) -> str:
        return clean_key(value, tuple(option.key for option in field.scale))


class YesNo(FieldType):
    """JA or NEE."""

    name = "yesno"
    parent_form = True

    def clean(self, field: Field, stored_name: str, value: object) -> str:
        return clean_key(value, YES_NO)
