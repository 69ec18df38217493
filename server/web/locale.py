"""The language of a request: a signed-in adult's choice, else this phone's, else Dutch.
Staff and pupils work in Dutch (their pages are not translated)."""

from __future__ import annotations

from starlette.requests import Request

from server.infra.i18n import CATALOGUES, COOKIE, DEFAULT


def language_of(request: Request) -> str:
    """The signed-in adult's choice, else this phone's cookie, else Dutch."""
    me = getattr(request.state, "principal", None)
    if me is not None:
        return me.language if me.role == "parent" and me.language in CATALOGUES else DEFAULT
    chosen = request.cookies.get(COOKIE, "")
    return chosen if chosen in CATALOGUES else DEFAULT


def chosen_on_device(request: Request) -> str | None:
    """The language this phone chose (cookie), if any."""
    chosen = request.cookies.get(COOKIE, "")
    return chosen if chosen in CATALOGUES else None
