"""A small table of people: ``count`` rows of the definition's columns."""

from __future__ import annotations

from typing import Any

from server.worksheets.fields.base import Field, FieldTable, FieldType
from server.worksheets.fields.cleaning import clean_text


class People(FieldType):
    """One line of text per row and column: "name.<i>.<column>"."""

    name = "people"
    keys = frozenset({"count", "columns"})
    max_length = 200

    def parse(self, table: FieldTable) -> dict[str, Any]:
        return {"count": table.number("count", 1, 10, 3), "columns": table.options("columns")}

    def stored_names(self, field: Field) -> list[str]:
        return [
            f"{field.name}.{i}.{column.key}"
            for i in range(1, field.count + 1)
            for column in field.columns
        ]

    def clean(self, field: Field, stored_name: str, value: object) -> str:
        return clean_text(value, field.text_limit, multiline=False)
