"""The field types, one class each, found through one registry.

``FIELD_TYPES`` names them all; ``field_type(name)`` (or ``field.kind``) is the one instance
of a type's class. Adding a type: a ``FieldType`` subclass in this package (imported below),
a template ``templates/worksheets/fields/<name>.html`` and a binder in ``pwa/js/worksheet.js``.
"""

from server.worksheets.fields.base import (
    FORM_OTHER,
    FORM_OWN,
    WHO,
    WRITER,
    Field,
    FieldTable,
    FieldType,
    FormInput,
    Lists,
    Option,
)
from server.worksheets.fields.cards import Cards, Ranking
from server.worksheets.fields.choice import Choice, MultiChoice, Scale, YesNo
from server.worksheets.fields.cleaning import OWN_PREFIX
from server.worksheets.fields.media import Photos, Signature
from server.worksheets.fields.people import People
from server.worksheets.fields.text import Date, LongText, Text

FIELD_TYPES = tuple(FieldType.registry)


def field_type(name: str) -> FieldType:
    """The type registered as ``name``; KeyError when there is none."""
    return FieldType.registry[name]


__all__ = [
    "FIELD_TYPES",
    "FORM_OTHER",
    "FORM_OWN",
    "OWN_PREFIX",
    "WHO",
    "WRITER",
    "Cards",
    "Choice",
    "Date",
    "Field",
    "FieldTable",
    "FieldType",
    "FormInput",
    "Lists",
    "LongText",
    "MultiChoice",
    "Option",
    "People",
    "Photos",
    "Ranking",
    "Scale",
    "Signature",
    "Text",
    "YesNo",
    "field_type",
]
