"""Worksheet definitions, content lists and year plans: data files plus their loader.

The TOML files under ``content/``, ``definitions/`` and ``yearplans/`` hold the handbook's
wording; ``load_catalog`` validates them all and returns one immutable ``Catalog``.

    model.py     Option, Field, Section, Worksheet, YearStep, YearPlan, Catalog
    fields/      one class per field type, found through one registry (FIELD_TYPES)
    parser.py    TOML → model (with lists.py for the content lists, reading.py for errors)
    messages.py  what a pupil or parent reads when an answer cannot be stored
"""

from server.worksheets.fields import (
    FIELD_TYPES,
    FORM_OTHER,
    FORM_OWN,
    OWN_PREFIX,
    WHO,
    Field,
    FieldType,
    FormInput,
    Option,
)
from server.worksheets.model import (
    CONTENT_LISTS,
    KINDS,
    PARENT_SECTION_KEY,
    STEP_TYPES,
    Catalog,
    NotYours,
    Section,
    Worksheet,
    YearPlan,
    YearStep,
)
from server.worksheets.parser import load_catalog
from server.worksheets.reading import DefinitionError

__all__ = [
    "CONTENT_LISTS",
    "FIELD_TYPES",
    "FORM_OTHER",
    "FORM_OWN",
    "KINDS",
    "OWN_PREFIX",
    "PARENT_SECTION_KEY",
    "STEP_TYPES",
    "WHO",
    "Catalog",
    "DefinitionError",
    "Field",
    "FieldType",
    "FormInput",
    "NotYours",
    "Option",
    "Section",
    "Worksheet",
    "YearPlan",
    "YearStep",
    "load_catalog",
]
