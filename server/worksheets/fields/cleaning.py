"""Cleaning one answer value: the building blocks the field types validate with."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any

from server.worksheets.messages import (
    MSG_BAD_DATE,
    MSG_NOT_IN_LIST,
    MSG_OWN_EMPTY,
    MSG_TOO_LONG,
    MSG_WRONG,
)

# A card the pupil wrote themselves is stored with this prefix, so it can never collide with a
# card key (keys cannot contain ':').
OWN_PREFIX = "eigen:"
OWN_CARD_MAX_LENGTH = 100

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Control characters except tab and newline, plus lone surrogates (they cannot be written as
# UTF-8 and would break storage or rendering later).
_UNSAFE_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def clean_text(value: object, max_length: int, *, multiline: bool) -> str:
    """Return a safe string: normalised line ends, no control characters, within the limit."""
    if not isinstance(value, str):
        raise ValueError(MSG_WRONG)
    text = value.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = unicodedata.normalize("NFC", _UNSAFE_CHARS.sub("", text.replace("\u2029", "\n")))
    if not multiline:
        # One-line answers are shown inline, where a newline or tab would only confuse.
        text = text.replace("\n", " ").replace("\t", " ")
    if len(text) > max_length:
        raise ValueError(MSG_TOO_LONG.format(n=max_length))
    return text


def clean_key(value: object, allowed: tuple[str, ...]) -> str:
    """Return an option key from ``allowed`` or ""; surrounding spaces are tolerated."""
    if not isinstance(value, str):
        raise ValueError(MSG_WRONG)
    key = value.strip()
    if key and key not in allowed:
        raise ValueError(MSG_NOT_IN_LIST)
    return key


def clean_list(value: object) -> list[Any]:
    if not isinstance(value, list):
        raise ValueError(MSG_WRONG)
    return value


def clean_card(value: object, keys: tuple[str, ...], *, allow_own: bool) -> str:
    """A quality card key, ``eigen:<text>`` when own cards are allowed, or ""."""
    if not isinstance(value, str):
        raise ValueError(MSG_WRONG)
    if allow_own and value.startswith(OWN_PREFIX):
        own = clean_text(value[len(OWN_PREFIX) :], OWN_CARD_MAX_LENGTH, multiline=False).strip()
        if not own:
            raise ValueError(MSG_OWN_EMPTY)
        return OWN_PREFIX + own
    return clean_key(value, keys)


def clean_date(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError(MSG_WRONG)
    text = value.strip()
    if not text:
        return ""
    # The regex first: date.fromisoformat also accepts forms like "20250314".
    if not _ISO_DATE.fullmatch(text):
        raise ValueError(MSG_BAD_DATE)
    try:
        date.fromisoformat(text)
    except ValueError:
        raise ValueError(MSG_BAD_DATE) from None
    return text
