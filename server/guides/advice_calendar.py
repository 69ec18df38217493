"""The school advice's calendar per school year, as data (``schooladvies.toml``): when the
provisional advice is given, when the doorstroomtoets is taken, the date the final advice is
due and when registration runs. Pages tell teachers and parents what comes next by it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from server.worksheets.reading import Where, check_keys, get_str, read_toml, tables

FILE = Path(__file__).resolve().parent / "schooladvies.toml"
DATES = (
    "provisional_from",
    "provisional_until",
    "test_from",
    "test_until",
    "final_by",
    "registration_from",
    "registration_until",
)


@dataclass(frozen=True)
class AdviceYear:
    school_year: str
    provisional_from: date
    provisional_until: date
    test_from: date
    test_until: date
    final_by: date
    registration_from: date
    registration_until: date

    def phase(self, today: date) -> str:
        """Where the year stands: before, provisional, test, final, registration, after."""
        if today < self.provisional_from:
            return "before"
        if today <= self.provisional_until:
            return "provisional"
        if today <= self.test_until:
            return "test"
        if today <= self.final_by:
            return "final"
        if today <= self.registration_until:
            return "registration"
        return "after"


def load_calendar(path: Path = FILE) -> Mapping[str, AdviceYear]:
    """Every school year of the file; the dates of a year must follow each other."""
    doc = read_toml(path)
    where = Where(path.name)
    check_keys(doc, {"years"}, where)
    years: dict[str, AdviceYear] = {}
    for i, row in enumerate(tables(doc, "years", where)):
        here = where.at(f"years[{i}]")
        check_keys(row, {"school_year", *DATES}, here)
        year = get_str(row, "school_year", here, required=True)
        try:
            dates = [date.fromisoformat(get_str(row, name, here, required=True)) for name in DATES]
        except ValueError as e:
            here.fail(str(e))
        if dates != sorted(dates):
            here.fail(f"the dates of {year} are not in order")
        if year in years:
            here.fail(f"school year {year} appears twice")
        years[year] = AdviceYear(year, *dates)
    return years
