"""What a domain operation answers when it cannot do what was asked. The web layer turns
these into responses (``server/web/templating.py``): the domain knows no HTTP."""

from __future__ import annotations


class NotFound(Exception):
    """The record does not exist, or the asker may not know that it does (answered 404)."""


class Refused(Exception):
    """The record exists but this person may not do this with it (403 for staff, 404 for
    pupils and parents: existence itself must not leak to them)."""


class Invalid(Exception):
    """The request cannot be carried out as asked; the message is Dutch, for the user (400)."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
