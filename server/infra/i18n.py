"""Languages for the parent screens: Dutch (the source text) and translations kept as
standard gettext catalogues (``server/infra/locale/<lang>/LC_MESSAGES/rugzak.po``), so adding a
language is adding one file. Catalogues are compiled in memory at start-up."""

from __future__ import annotations

import gettext
import io
from contextvars import ContextVar
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "rugzak"
DEFAULT = "nl"
NAMES = {"nl": "Nederlands", "en": "English"}  # each language in its own words
COOKIE = "rugzak_taal"

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
LANGUAGES = {code: NAMES.get(code, code) for code in CATALOGUES}


def activate(lang: str) -> None:
    _current.set(lang if lang in CATALOGUES else DEFAULT)


def current() -> str:
    return _current.get()


def gettext_(message: str) -> str:
    # An empty msgid would return the catalogue's header.
    return CATALOGUES[_current.get()].gettext(message) if message else message


def ngettext_(singular: str, plural: str, n: int) -> str:
    return CATALOGUES[_current.get()].ngettext(singular, plural, n)
