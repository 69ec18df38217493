"""Quality cards: pick a number of cards (with a situation each), or rank them."""

from __future__ import annotations

from typing import Any

from server.worksheets.fields.base import FORM_OWN, Field, FieldTable, FieldType, FormInput
from server.worksheets.fields.cleaning import OWN_PREFIX, clean_card, clean_list, clean_text
from server.worksheets.messages import MSG_DOUBLE, MSG_TOO_MANY

SITUATION = ".situatie"
RANKING_CARDS = "kwaliteiten"  # the content list a ranking takes its cards from


class Cards(FieldType):
    """``count`` cards "name.<i>", each with (with_situation) a text "name.<i>.situatie"."""

    name = "cards"
    keys = frozenset({"options_from", "count", "with_situation", "allow_own"})
    max_length = 500  # of a situation
    parent_form = True
    lists_cards = True

    def parse(self, table: FieldTable) -> dict[str, Any]:
        return {
            "options": table.content_list("options_from"),
            "count": table.number("count", 1, 10, 1),
            "with_situation": table.flag("with_situation"),
            "allow_own": table.flag("allow_own"),
        }

    def stored_names(self, field: Field) -> list[str]:
        names = []
        for i in range(1, field.count + 1):
            names.append(f"{field.name}.{i}")
            if field.with_situation:
                names.append(f"{field.name}.{i}{SITUATION}")
        return names

    def clean(self, field: Field, stored_name: str, value: object) -> str:
        if stored_name.endswith(SITUATION):
            return clean_text(value, field.text_limit, multiline=True)
        return clean_card(value, field.option_keys, allow_own=field.allow_own)

    def read_form(self, field: Field, name: str, form: FormInput) -> object:
        if name.endswith(SITUATION):
            return form.get(name)
        chosen = form.get(name)
        return OWN_PREFIX + form.get(f"{name}.eigen") if chosen == FORM_OWN else chosen

    def show_form(self, field: Field, name: str, value: object) -> dict[str, Any]:
        if isinstance(value, str) and value.startswith(OWN_PREFIX):
            return {name: FORM_OWN, name + ".eigen": value[len(OWN_PREFIX) :]}
        return {}


class Ranking(FieldType):
    """A top ``count`` of quality cards (own ones allowed), stored as one list; from_fields
    names the cards fields whose picks are offered first."""

    name = "ranking"
    keys = frozenset({"count", "from_fields"})

    def parse(self, table: FieldTable) -> dict[str, Any]:
        from_fields = table.get("from_fields", [])
        if not isinstance(from_fields, list) or not all(isinstance(f, str) for f in from_fields):
            table.fail("'from_fields' must be a list of field names")
        return {
            "options": table.lists.content[RANKING_CARDS],
            "count": table.number("count", 1, 10, 3),
            "from_fields": tuple(from_fields),
        }

    def check(self, field: Field, fields: dict[str, Field]) -> str | None:
        for source in field.from_fields:
            if source not in fields or not isinstance(fields[source].kind, Cards):
                return f"from_fields '{source}' is not a cards field of this worksheet"
        return None

    def clean(self, field: Field, stored_name: str, value: object) -> list[str]:
        # "" keeps an empty place, so place 2 can be filled before place 1.
        places = [clean_card(item, field.option_keys, allow_own=True) for item in clean_list(value)]
        if len(places) > field.count:
            raise ValueError(MSG_TOO_MANY.format(n=field.count))
        filled = [place for place in places if place]
        if len(filled) != len(set(filled)):
            raise ValueError(MSG_DOUBLE)
        return places
