"""Dates and times per language (server/infra/dates.py, the one place that writes them) and
messages said again in another language (i18n.Text)."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pytest

from server.infra import dates, i18n
from server.infra.i18n import Text

ROOT = Path(__file__).resolve().parents[2]
DAY = date(2026, 6, 17)


@pytest.mark.parametrize(
    ("lang", "written", "with_weekday"),
    [
        ("nl", "17 juni 2026", "woensdag 17 juni 2026"),
        ("en", "17 June 2026", "Wednesday, 17 June 2026"),
        ("tr", "17 Haziran 2026", "17 Haziran 2026 Çarşamba"),
        ("ar", "17 يونيو 2026", "الأربعاء، 17 يونيو 2026"),
        ("pl", "17 czerwca 2026", "środa, 17 czerwca 2026"),
        ("uk", "17 червня 2026\u202fр.", "середа, 17 червня 2026\u202fр."),  # narrow nbsp
    ],
)
def test_a_date_in_each_language(lang, written, with_weekday) -> None:
    assert dates.day(DAY, lang) == written
    assert dates.day("2026-06-17T10:00:00", lang) == written
    assert dates.weekday(DAY, lang) == with_weekday


def test_arabic_dates_use_western_digits_and_the_24_hour_clock() -> None:
    """Deliberate (see the module): a date and time in a message match the school's paper."""
    said = Text("{day} {time}", day=dates.Day(datetime(2026, 6, 17, 14, 5)),
                time=dates.Clock("2026-06-17T14:05")).in_language("ar")  # fmt: skip
    assert "17" in said and "2026" in said and "14:05" in said
    assert not re.search("[\u0660-\u0669]", said)  # no Arabic-Indic digits
    assert "يونيو" in said


def test_the_current_language_is_used_when_none_is_named() -> None:
    i18n.activate("en")
    try:
        assert dates.day(DAY) == "17 June 2026"
        assert dates.month(3) == "March"
    finally:
        i18n.activate("nl")
    assert dates.day(DAY) == "17 juni 2026"
    assert dates.month(3) == "maart"
    assert dates.month(0) == "" and dates.day("") == "" and dates.day("geen datum") == "geen datum"


def test_a_stored_moment_is_shown_on_the_school_clock() -> None:
    assert dates.moment("2026-12-02T13:35:00+00:00", "nl") == "2 december 2026 14:35"
    assert dates.moment("2026-06-02T13:35:00+00:00", "en") == "2 June 2026 15:35"  # summer time


def test_lists_are_joined_the_languages_way() -> None:
    assert dates.listed(["a", "b", "c"], "nl") == "a, b en c"
    assert dates.listed(["a", "b", "c"], "en") == "a, b and c"
    assert dates.Listed(("a", Text("Uitloggen"))).in_language("en") == "a and Sign out"


def test_a_text_is_dutch_and_said_again_in_another_language() -> None:
    text = Text("Welkom, {name}", name="Fatima {x}")  # typed braces are no placeholders
    assert text == "Welkom, Fatima {x}" and isinstance(text, str)
    assert text.in_language("en") == "Welcome, Fatima {x}"
    assert text.in_language("xx") == "Welkom, Fatima {x}"  # unknown: Dutch
    nested = Text("{kind} gepland", kind=Text("Startgesprek"))
    assert nested == "Startgesprek gepland"
    assert nested.in_language("en") == i18n.translate("{kind} gepland", "en").format(
        kind=i18n.translate("Startgesprek", "en")
    )
    assert nested.in_language("en") != nested


def test_no_month_lists_of_our_own() -> None:
    """One place writes dates: no hand lists of month names anywhere else."""
    pattern = re.compile(r"januari.{0,40}februari|January.{0,40}February", re.S | re.I)
    for folder, suffixes in (
        ("server", (".py",)),
        ("templates", (".html",)),
        ("pwa/js", (".js",)),
    ):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in suffixes:
                assert not pattern.search(path.read_text("utf-8")), path


def test_languages_are_declared_once_with_their_direction() -> None:
    assert [lang.code for lang in i18n.KNOWN.values()] == ["nl", "en", "tr", "ar", "pl", "uk"]
    assert i18n.direction("ar") == "rtl"
    assert {i18n.direction(c) for c in ("nl", "en", "tr", "pl", "uk", "xx")} == {"ltr"}
    assert i18n.name_of("ar") == "العربية" and i18n.name_of("tr") == "Türkçe"
    assert i18n.dutch_name("uk") == "Oekraïens"
    # Offered: Dutch and every language with a catalogue, Dutch first.
    assert next(iter(i18n.LANGUAGES)) == "nl"
    assert set(i18n.LANGUAGES) == set(i18n.CATALOGUES)
