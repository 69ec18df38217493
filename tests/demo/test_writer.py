"""The demo writer: the same operations a tablet sends, dated by a clock passed in."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from server.demo import create_demo
from server.demo.writer import DemoContentError, fill_portfolios, ticking
from server.domain import contributions, portfolio
from server.infra.store import Store
from server.worksheets import load_catalog

FAST_HASH = 2**4
NOW = datetime(2026, 12, 1, 10, 30, tzinfo=UTC)


@pytest.fixture
def school(tmp_path: Path):
    store = Store(tmp_path / "data")
    return store, create_demo(store, hash_cost=FAST_HASH, portfolios=False)


def write(school, tmp_path: Path, text: str, now: datetime = NOW) -> list[dict]:
    """Write one pupil file for Emma de Vries (groep 8, linked to Marloes de Vries)."""
    store, logins = school
    folder = tmp_path / "pupils"
    folder.mkdir(exist_ok=True)
    (folder / "emma-de-vries.toml").write_text('pupil = "Emma de Vries"\n' + text, "utf-8")
    fill_portfolios(store, load_catalog(), logins, now=now, pupils=folder)
    return portfolio.items(store.pupil(logins.pupil_ids["Emma de Vries"]))


HOME_ASSIGNMENT = """
[[items]]
worksheet = "complimenten"
written = 2026-05-21T20:00:00Z

[items.values]
van-wie = "Mama"
compliment = "doorzetter"
wanneer = 2026-05-21

[items.drafts]
van-wie = "mama"

[[items]]
worksheet = "school-die-past"
written = 2026-12-01T09:00:00Z
done = false

[items.values]
richtingen = ["techniek"]

[items.parent]
ouder-vraag-1 = "ja"
ouder-handtekening = { naam = "Marloes de Vries", bevestigd = true }
"""


def test_history_is_dated_by_the_clock_passed_in(school, tmp_path, monkeypatch) -> None:
    def no_clock() -> str:
        raise AssertionError("the demo must not read the real clock")

    monkeypatch.setattr(portfolio, "now_iso", no_clock)
    compliment, choice = write(school, tmp_path, HOME_ASSIGNMENT)
    store, logins = school
    database = store.pupil(logins.pupil_ids["Emma de Vries"])
    # Groep 6 in 2024-2025, groep 7 in 2025-2026: the compliment is of groep 7.
    assert (compliment["group"], compliment["school_year"]) == (7, "2025-2026")
    assert compliment["created_at"] == "2026-05-21T20:00:00+00:00"
    assert compliment["values"]["wanneer"] == "2026-05-21"
    assert compliment["values"]["_status"] == "klaar"
    history = [h for h in portfolio.history(database) if h["item_id"] == compliment["id"]]
    assert [(h["field"], h["value"], h["at"]) for h in history if h["field"] == "van-wie"] == [
        ("van-wie", "mama", "2026-05-21T20:00:02+00:00"),  # one second per stamp
        ("van-wie", "Mama", "2026-05-23T20:07:00+00:00"),  # improved two days later
    ]
    # Not later than yesterday evening: written "today" becomes last night at eight.
    assert choice["created_at"] == "2026-11-30T20:00:00+00:00"
    assert (choice["group"], choice["school_year"]) == (8, "2026-2027")
    assert choice["values"]["_status"] == "bezig"
    (part,) = contributions.parts(database, choice["id"])
    assert part["adult_name"] == "Marloes de Vries"
    assert part["signed_at"] == part["updated_at"] == "2026-11-30T20:20:00+00:00"


def test_this_years_dates_are_never_later_than_yesterday_evening(school, tmp_path) -> None:
    late = datetime(2026, 11, 30, 8, tzinfo=UTC)
    compliment, choice = write(school, tmp_path, HOME_ASSIGNMENT, now=late)
    assert compliment["created_at"] == "2026-05-21T20:00:00+00:00"  # earlier years as written
    assert choice["created_at"] == "2026-11-29T20:00:00+00:00"


def test_a_ticking_clock_reads_one_second_later_each_time() -> None:
    clock = ticking(datetime(2025, 2, 11, 19, 10, tzinfo=UTC))
    assert [clock(), clock(), clock()] == [
        "2025-02-11T19:10:00+00:00",
        "2025-02-11T19:10:01+00:00",
        "2025-02-11T19:10:02+00:00",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[items]]\nworksheet = "bestaat-niet"\nwritten = 2026-10-01T10:00:00Z\n', "no worksheet"),
        (
            '[[items]]\nworksheet = "complimenten"\nwritten = 2026-10-01T10:00:00Z\n'
            '[items.values]\ncompliment = "doorzetter"\nkleur = "rood"\n',
            "complimenten field 'kleur' was refused",
        ),
        (
            '[[items]]\nworksheet = "zelfportret-6"\nwritten = 2026-10-01T10:00:00Z\n'
            '[items.values]\nnaam = "Emma de Vries"\n',
            "is not for groep 8",
        ),
        (
            '[[items]]\nworksheet = "school-die-past"\nwritten = 2026-10-01T10:00:00Z\n'
            '[items.values]\nrichtingen = ["techniek"]\n[items.parent]\n'
            'ouder-handtekening = { naam = "Karin Verbeek", bevestigd = true }\n',
            "not signed by a linked adult",
        ),
        ('[[items]]\nworksheet = "complimenten"\nwritten = 2026-10-01\n', "time zone"),
    ],
)
def test_content_that_does_not_fit_fails_loudly(school, tmp_path, text, message) -> None:
    with pytest.raises(DemoContentError, match=message):
        write(school, tmp_path, text)


def test_a_file_for_a_pupil_the_school_does_not_have_fails(school, tmp_path) -> None:
    store, logins = school
    folder = tmp_path / "pupils"
    folder.mkdir()
    (folder / "nobody.toml").write_text('pupil = "Niemand"\n', "utf-8")
    with pytest.raises(DemoContentError, match="no pupil 'Niemand'"):
        fill_portfolios(store, load_catalog(), logins, now=NOW, pupils=folder)
