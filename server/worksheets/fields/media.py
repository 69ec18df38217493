"""Photos, and an adult's signature."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from server.worksheets.fields.base import Field, FieldTable, FieldType, FormInput
from server.worksheets.fields.cleaning import clean_list, clean_text
from server.worksheets.messages import (
    MSG_BAD_PHOTO,
    MSG_SIGN_CONFIRM,
    MSG_SIGN_NAME,
    MSG_SIGN_TIME,
    MSG_TOO_MANY_PHOTOS,
    MSG_WRONG,
)

DEFAULT_MAX_PHOTOS = 6
SIGNATURE_NAME_MAX_LENGTH = 100

_SHA256 = re.compile(r"[0-9a-f]{64}")
_ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")  # a prefix, parsed in full later


class Photos(FieldType):
    """A list of media ids (at most ``count``, from the definition's 'max')."""

    name = "photos"
    keys = frozenset({"max"})

    def parse(self, table: FieldTable) -> dict[str, Any]:
        return {"count": table.number("max", 1, 20, DEFAULT_MAX_PHOTOS)}

    def limit(self, field: Field) -> int:
        """How many photos the field takes."""
        return field.count or DEFAULT_MAX_PHOTOS

    def clean(self, field: Field, stored_name: str, value: object) -> list[str]:
        limit = self.limit(field)
        ids: list[str] = []
        for item in clean_list(value):
            if not isinstance(item, str) or not _SHA256.fullmatch(item):
                raise ValueError(MSG_BAD_PHOTO)
            if item not in ids:
                ids.append(item)
                if len(ids) > limit:  # checked inside the loop: a huge list stops early
                    raise ValueError(MSG_TOO_MANY_PHOTOS.format(n=limit))
        return ids


class Signature(FieldType):
    """{"naam", "bevestigd": true, "op": ISO time}, or None when not signed."""

    name = "signature"
    parent_form = True
    signs = True

    def clean(self, field: Field, stored_name: str, value: object) -> dict[str, object] | None:
        if value is None:
            return None
        if not isinstance(value, dict) or set(value) != {"naam", "bevestigd", "op"}:
            raise ValueError(MSG_WRONG)
        name = clean_text(value["naam"], SIGNATURE_NAME_MAX_LENGTH, multiline=False).strip()
        if not name:
            raise ValueError(MSG_SIGN_NAME)
        if value["bevestigd"] is not True:
            raise ValueError(MSG_SIGN_CONFIRM)
        signed_at = value["op"]
        if not isinstance(signed_at, str) or not _ISO_DATETIME.match(signed_at):
            raise ValueError(MSG_SIGN_TIME)
        try:
            datetime.fromisoformat(signed_at)
        except ValueError:
            raise ValueError(MSG_SIGN_TIME) from None
        return {"naam": name, "bevestigd": True, "op": signed_at}

    def read_form(self, field: Field, name: str, form: FormInput) -> object:
        naam = form.get(f"{name}.naam").strip()
        confirmed = form.get(f"{name}.bevestigd") == "ja"
        if naam or confirmed:
            return {"naam": naam, "bevestigd": confirmed, "op": form.now}
        return None

    def show_form(self, field: Field, name: str, value: object) -> dict[str, Any]:
        if not isinstance(value, dict):
            return {}
        return {
            name + ".naam": value.get("naam", ""),
            name + ".bevestigd": bool(value.get("bevestigd")),
            name + ".op": value.get("op", ""),
        }

    def form_defaults(
        self, field: Field, name: str, *, relation: str, adult_name: str
    ) -> dict[str, Any]:
        return {name + ".naam": adult_name}
