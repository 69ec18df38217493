"""The languages a parent can name for a conversation, so the teacher plans an interpreter:
one list, the app's languages (``server.infra.i18n``) and spoken ones without a catalogue,
named through CLDR (Babel) in the reader's language."""

from __future__ import annotations

from babel import Locale, UnknownLocaleError

from server.infra import dates, i18n

# Besides the app's: the spoken languages most heard among the schools' parents that have no
# catalogue (shared/domain.md): Tarifit (Tamazight), Papiamento, Cape Verdean Creole, Somali,
# Tigrinya, Persian (Dari), Kurdish, Bulgarian, Romanian.
EXTRA_SPOKEN = ("rif", "pap", "kea", "so", "ti", "fa", "ku", "bg", "ro")
OTHER = "other"

# What a parent may be told (translated on their page: tests/infra/test_i18n.py reads MSG_*).
MSG_OTHER_LANGUAGE = "Een andere taal"


def spoken_codes() -> tuple[str, ...]:
    """Every language a parent can name for the conversation, the app's first."""
    extra = (code for code in EXTRA_SPOKEN if code not in i18n.OFFERED)
    return (*i18n.OFFERED, *extra, OTHER)


def spoken_name(code: str, lang: str) -> str:
    """A spoken language's name in ``lang`` ("Tigrinya", "التغرينية"); where CLDR has none in
    ``lang``, its name in its own words, which its speakers know."""
    if code == OTHER:
        return i18n.translate(MSG_OTHER_LANGUAGE, lang)
    name = Locale.parse(dates.locale_of(lang)).languages.get(code)
    if not name:
        try:
            name = Locale.parse(code).get_display_name(code) or code
        except (ValueError, UnknownLocaleError):
            name = code
    return name[:1].upper() + name[1:]  # CLDR writes "bułgarski"; in a list it is "Bułgarski"


def spoken_names(lang: str) -> dict[str, str]:
    """The choice of languages in ``lang``: the app's in their order, the others by name, and
    "another language" last (the teacher's page: ``spoken_names("nl")``)."""
    codes = spoken_codes()
    app = {code: spoken_name(code, lang) for code in i18n.OFFERED}
    extra = {code: spoken_name(code, lang) for code in codes if code not in app and code != OTHER}
    return {
        **app,
        **dict(sorted(extra.items(), key=lambda kv: kv[1])),
        OTHER: spoken_name(OTHER, lang),
    }
