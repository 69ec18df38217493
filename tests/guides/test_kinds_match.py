"""The kinds of conversation a teacher plans are the kinds the guides describe."""

from __future__ import annotations

from server.domain.planning import KINDS
from server.guides import load_guides
from server.worksheets import load_catalog


def test_planning_kinds_are_the_guides_kinds_with_their_titles():
    catalog = load_catalog()
    guides = load_guides(yearplans=catalog.yearplans, worksheets=catalog.worksheets)
    assert {key: kind.title for key, kind in guides.kinds.items()} == KINDS
