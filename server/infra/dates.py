"""The one place that writes dates and times for people: per language, with Babel's CLDR
data (no month lists of our own). Pages use it through the template filters
(``server/web/templating.py``), messages through ``Day``/``Date``/``Clock`` values of an
``i18n.Text``.

Times are the school's wall clock, 24 hours ("14:30") in every language: the slips, the
letters and the school's own clock say so, and a parent must match them. Digits are the
Western ones in every language, Arabic included: Babel writes them so, most Arabic-reading
families here read them daily (the Maghreb uses them; the Levant reads them on every Dutch
letter and sign), and a date in a message must match the one on the school's paper.
Month and weekday names are CLDR's for each language (Arabic: the ``ar`` month names).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, get_month_names
from babel.lists import format_list

from server.infra import i18n

SCHOOL_TZ = ZoneInfo("Europe/Amsterdam")

# The CLDR locale per language where the bare code is not what a reader here expects:
# English as in Britain ("17 June 2026", not "June 17, 2026").
LOCALES = {"en": "en_GB"}

Moment = date | datetime | str


def locale_of(lang: str | None = None) -> str:
    lang = lang or i18n.current()
    return LOCALES.get(lang, lang)


def _as_date(value: Moment) -> date:
    if isinstance(value, str):
        return datetime.fromisoformat(value)
    return value


def day(value: Moment | None, lang: str | None = None) -> str:
    """A date: "17 juni 2026", "17 June 2026", "17 يونيو 2026". Text that is no date stays."""
    if not value:
        return ""
    try:
        moment = _as_date(value)
    except ValueError:
        return str(value)
    return format_date(moment, "long", locale=locale_of(lang))


def weekday(value: Moment, lang: str | None = None) -> str:
    """A date with its weekday: "woensdag 17 juni 2026", "Wednesday, 17 June 2026"."""
    return format_date(_as_date(value), "full", locale=locale_of(lang))


def clock(value: datetime | str) -> str:
    """A wall-clock time: "14:30" (the same in every language, see above)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return f"{value:%H:%M}"


def clock_at(timestamp: float) -> str:
    """A moment (seconds since the epoch) as the school's clock shows it: "14:35"."""
    return clock(datetime.fromtimestamp(timestamp, SCHOOL_TZ))


def moment(value: str, lang: str | None = None) -> str:
    """A stored UTC moment (ISO 8601) on the school's clock: "2 december 2026 14:35"."""
    at = datetime.fromisoformat(value)
    if at.tzinfo is not None:
        at = at.astimezone(SCHOOL_TZ)
    return f"{day(at, lang)} {clock(at)}"


def month(number: int, lang: str | None = None) -> str:
    """A month's name on its own: "juni", "June", "Haziran" ("" for no month)."""
    if not 1 <= number <= 12:
        return ""
    return get_month_names("wide", "stand-alone", locale=locale_of(lang))[number]


def listed(words: list[str], lang: str | None = None) -> str:
    """ "a, b en c" in the language's own way."""
    return format_list(words, locale=locale_of(lang)) if words else ""


# --- values of a message (i18n.Text) that read differently per language ---


@dataclass(frozen=True)
class Day:
    """A date with its weekday, as a value of a message."""

    value: Moment

    def in_language(self, lang: str) -> str:
        return weekday(self.value, lang)


@dataclass(frozen=True)
class Date:
    """A date without its weekday, as a value of a message."""

    value: Moment

    def in_language(self, lang: str) -> str:
        return day(self.value, lang)


@dataclass(frozen=True)
class Clock:
    """A wall-clock time, as a value of a message."""

    value: datetime | str

    def in_language(self, lang: str) -> str:
        return clock(self.value)


@dataclass(frozen=True)
class Listed:
    """Values said as one list ("a, b en c"), each in the language."""

    items: tuple[i18n.Value, ...]

    def in_language(self, lang: str) -> str:
        return listed([i18n.say(item, lang) for item in self.items], lang)
