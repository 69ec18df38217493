"""Choosing a language: one tap, remembered on this phone and, for a signed-in adult, on
their account (so every phone they use speaks it)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from server.domain import school
from server.infra import i18n
from server.permissions import public
from server.web.context import rugzak
from server.web.forms import read_form, text
from server.web.principal import resolve


def _safe_target(target: str) -> str:
    """Only paths on this site: never an open redirect."""
    return target if target.startswith("/") and not target.startswith("//") else "/"


@public
async def choose_language(request: Request) -> Response:
    app = rugzak(request)
    form = await read_form(request)
    lang = text(form, "lang", 8)
    if lang not in i18n.CATALOGUES:
        lang = i18n.DEFAULT
    response = RedirectResponse(_safe_target(text(form, "terug", 300)), status_code=303)
    response.set_cookie(
        i18n.COOKIE,
        lang,
        max_age=365 * 86400,
        samesite="lax",
        secure=app.settings.secure_cookies,
        httponly=True,
    )
    who = await resolve(request)
    if who is not None and who.role == "parent":
        await app.store.run(school.set_language, app.store.school, who.id, lang)
    return response


routes = [Route("/taal", choose_language, methods=["POST"])]
