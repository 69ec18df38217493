"""Written answers: one line, several lines, a date."""

from __future__ import annotations

from server.worksheets.fields.base import Field, FieldType
from server.worksheets.fields.cleaning import clean_date, clean_text


class Text(FieldType):
    """One line of text."""

    name = "text"
    max_length = 200
    parent_form = True

    def clean(self, field: Field, stored_name: str, value: object) -> str:
        return clean_text(value, field.text_limit, multiline=False)


class LongText(FieldType):
    """A few sentences; line breaks are kept."""

    name = "longtext"
    max_length = 4000
    parent_form = True

    def clean(self, field: Field, stored_name: str, value: object) -> str:
        return clean_text(value, field.text_limit, multiline=True)


class Date(FieldType):
    """A day, stored as "YYYY-MM-DD"."""

    name = "date"
    parent_form = True

    def clean(self, field: Field, stored_name: str, value: object) -> str:
        return clean_date(value)
