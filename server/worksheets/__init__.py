"""Worksheet definitions, content lists and year plans: data files plus their loader.

The TOML files under ``content/``, ``definitions/`` and ``yearplans/`` hold the handbook's
wording; ``load_catalog`` validates them all and returns one immutable ``Catalog``.
"""

from server.worksheets.loader import (
    CONTENT_LISTS,
    FIELD_TYPES,
    KINDS,
    OWN_PREFIX,
    PARENT_SECTION_KEY,
    STEP_TYPES,
    WHO,
    Catalog,
    DefinitionError,
    Field,
    NotYours,
    Option,
    Section,
    Worksheet,
    YearPlan,
    YearStep,
    load_catalog,
)

__all__ = [
    "CONTENT_LISTS",
    "FIELD_TYPES",
    "KINDS",
    "OWN_PREFIX",
    "PARENT_SECTION_KEY",
    "STEP_TYPES",
    "WHO",
    "Catalog",
    "DefinitionError",
    "Field",
    "NotYours",
    "Option",
    "Section",
    "Worksheet",
    "YearPlan",
    "YearStep",
    "load_catalog",
]
