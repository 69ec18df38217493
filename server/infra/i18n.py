"""Languages for the parent screens: Dutch (the source text) and translations kept as
standard gettext catalogues (``server/infra/locale/<lang>/LC_MESSAGES/rugzak.po``), so adding a
language is adding one file. Catalogues are compiled in memory at start-up.

``Text`` is a Dutch text that can be said again in another language (a push message is
made once and sent to parents who read different languages)."""

from __future__ import annotations

import gettext
import io
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "rugzak"
DEFAULT = "nl"
COOKIE = "rugzak_taal"


@dataclass(frozen=True)
class Language:
    code: str  # BCP-47, as in <html lang> and the catalogue's folder name
    name: str  # in its own words, so a parent finds it without reading Dutch
    dutch: str  # its Dutch name, for the teacher (who plans an interpreter)
    direction: str = "ltr"  # "rtl": laid out right to left


# Every language Rugzak knows how to show. One is *offered* when its catalogue exists (Dutch
# always: it is the source text), so a school adds one by adding its .po file; a language
# not listed here is offered too, left to right, under its code.
KNOWN = {
    lang.code: lang
    for lang in (
        Language("nl", "Nederlands", "Nederlands"),
        Language("en", "English", "Engels"),
        Language("tr", "Türkçe", "Turks"),
        Language("ar", "العربية", "Arabisch", "rtl"),
        Language("pl", "Polski", "Pools"),
        Language("uk", "Українська", "Oekraïens"),
    )
}

_current: ContextVar[str] = ContextVar("language", default=DEFAULT)


def _load() -> dict[str, gettext.NullTranslations]:
    catalogues: dict[str, gettext.NullTranslations] = {DEFAULT: gettext.NullTranslations()}
    for po in sorted(LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        lang = po.parent.parent.name
        with po.open("rb") as f:
            catalog = read_po(f, locale=lang)
        buf = io.BytesIO()
        write_mo(buf, catalog)
        buf.seek(0)
        catalogues[lang] = gettext.GNUTranslations(buf)
    return catalogues


CATALOGUES = _load()
# The languages offered, in the order of KNOWN (then any a school added), Dutch first.
OFFERED = [code for code in KNOWN if code in CATALOGUES] + sorted(
    code for code in CATALOGUES if code not in KNOWN
)
LANGUAGES = {code: KNOWN[code].name if code in KNOWN else code for code in OFFERED}


def offered(lang: str | None) -> str:
    """``lang`` when it is offered, else Dutch."""
    return lang if lang in CATALOGUES else DEFAULT


def direction(lang: str) -> str:
    """ "rtl" or "ltr": how a page or message in this language runs."""
    known = KNOWN.get(lang)
    return known.direction if known else "ltr"


def name_of(lang: str) -> str:
    """The language in its own words ("" for none)."""
    known = KNOWN.get(lang)
    return known.name if known else lang


def dutch_name(lang: str) -> str:
    """The language's Dutch name, for staff pages ("Arabisch")."""
    known = KNOWN.get(lang)
    return known.dutch if known else lang


def activate(lang: str) -> None:
    _current.set(offered(lang))


def current() -> str:
    return _current.get()


def translate(message: str, lang: str) -> str:
    """``message`` in ``lang`` (itself when the catalogue has no translation)."""
    # An empty msgid would return the catalogue's header.
    return CATALOGUES[offered(lang)].gettext(message) if message else message


def gettext_(message: str) -> str:
    return translate(message, _current.get())


def ngettext_(singular: str, plural: str, n: int) -> str:
    return CATALOGUES[_current.get()].ngettext(singular, plural, n)


# --- texts said again in another language ---


class Localized(Protocol):
    """A value that reads differently per language (a date, a translatable term)."""

    def in_language(self, lang: str) -> str: ...


Value = str | int | Localized


def say(value: Value, lang: str) -> str:
    """A value in ``lang``: what was typed stays as typed, the rest is translated."""
    if isinstance(value, Text) or not isinstance(value, str | int):
        return value.in_language(lang)
    return str(value)


class Text(str):
    """A Dutch message from the catalogue with its values (``Text("Gesprek over {name}",
    name=first_name)``). As a ``str`` it is the Dutch text; ``in_language`` says it in
    another. Values stay as typed (names, places) unless they are themselves ``Localized``
    (``Text`` for a term from the catalogue, ``server.infra.dates`` for days and times)."""

    msgid: str
    values: dict[str, Value]

    def __new__(cls, msgid: str, **values: Value) -> Text:
        made = super().__new__(cls, _fill(msgid, values, DEFAULT))
        made.msgid, made.values = msgid, values
        return made

    def in_language(self, lang: str) -> str:
        return _fill(self.msgid, self.values, lang)


def _fill(msgid: str, values: dict[str, Value], lang: str) -> str:
    pattern = translate(msgid, lang)
    if not values:
        return pattern
    said = {key: say(value, lang) for key, value in values.items()}
    try:
        return pattern.format(**said)
    except (KeyError, IndexError, ValueError):  # a broken translation: the Dutch, not a crash
        return msgid.format(**said)
