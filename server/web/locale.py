"""The language of a request: a signed-in adult's choice, else this phone's, else Dutch."""

from __future__ import annotations

from starlette.requests import Request

from server.infra.i18n import CATALOGUES, COOKIE, DEFAULT


def language_of(request: Request) -> str:
    """The signed-in adult's choice, else this phone's cookie, else Dutch."""
    me = getattr(request.state, "principal", None)
    if me is not None and me.role == "parent" and me.language in CATALOGUES:
        return me.language
    chosen = request.cookies.get(COOKIE, "")
    return chosen if chosen in CATALOGUES else DEFAULT


def chosen_on_device(request: Request) -> str | None:
    """The language this phone chose (cookie), if any."""
    chosen = request.cookies.get(COOKIE, "")
    return chosen if chosen in CATALOGUES else None
