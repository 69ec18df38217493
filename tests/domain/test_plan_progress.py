"""The year plan the teacher and the parent see counts an item for its own step only."""

from __future__ import annotations

from server.domain.viewing import plan_progress
from server.worksheets import load_catalog

YEAR = "2026-2027"


def item(worksheet: str, status: str = "klaar", **values: str) -> dict:
    return {
        "worksheet": worksheet, "group": 8, "school_year": YEAR,
        "values": {"_status": status, **values},
    }  # fmt: skip


def states(items: list[dict], paper: list[dict] | None = None) -> dict[str, str]:
    progress = plan_progress(load_catalog(), 8, items, paper or [], YEAR)
    assert progress is not None
    return {s["step"].key: s["state"] for s in progress["steps"] if s["state"]}


def test_a_free_experience_marks_no_step_done():
    assert states([item("ervaring")])["open-dagen"] == "todo"


def test_the_open_day_sheet_marks_its_own_step_done():
    assert states([item("bezoek-open-dagen")])["open-dagen"] == "klaar"


def test_an_item_made_for_a_step_counts_for_that_step():
    done = states([item("ervaring-ministage", _step="reflectie-ministage")])
    assert done["reflectie-ministage"] == "klaar"


def test_last_years_work_and_paper_of_another_year_do_not_count():
    old = {**item("bezoek-open-dagen"), "school_year": "2025-2026"}
    paper = [{"worksheet": "school-die-past", "group": 8, "school_year": "2025-2026"}]
    got = states([old], paper)
    assert got["open-dagen"] == "todo" and got["thuisopdracht-school"] == "todo"
    paper = [{"worksheet": "school-die-past", "group": 8, "school_year": YEAR}]
    assert states([], paper)["thuisopdracht-school"] == "papier"
