"""Jinja2 set-up and the helpers every page uses: rendering and friendly error pages."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from server.domain.errors import Invalid, NotFound
from server.infra import dates, i18n
from server.infra.store import is_disk_full
from server.web.locale import language_of
from server.web.pictos import picto, picto_templates
from server.web.static import StaticFiles

log = logging.getLogger("rugzak")
TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "templates"

ERRORS = {
    400: ("Dat ging niet goed", "Er klopt iets niet aan wat je stuurde. Probeer het nog eens."),
    401: ("Log eerst in", "Je bent niet (meer) ingelogd. Log opnieuw in."),
    403: ("Dit mag niet", "Deze pagina is niet voor jou. Ga terug naar je eigen pagina."),
    404: ("Niet gevonden", "Deze pagina bestaat niet (meer). Kijk of het adres klopt."),
    405: ("Dat kan niet", "Dat kan op deze pagina niet."),
    413: ("Te groot", "Wat je stuurde is te groot. Probeer een kleiner bestand."),
    415: ("Verkeerd bestand", "Dit soort bestand kan Rugzak niet gebruiken."),
    422: ("Dat ging niet goed", "Er klopt iets niet aan wat je stuurde. Probeer het nog eens."),
    429: ("Even wachten", "Je hebt het te vaak geprobeerd. Wacht even en probeer het dan opnieuw."),
    500: ("Er ging iets mis",
          "Er ging bij ons iets mis. Je werk is niet kwijt. Probeer het zo nog eens."),
    507: ("Even geen plek",
          "Rugzak kan nu even niets bewaren: de schijf van de school is vol. Er is niets kwijt. "
          "Op een tablet blijft je werk bewaard en gaat het later vanzelf naar school. "
          "Probeer het anders later nog eens."),
}  # fmt: skip


def dutch_date(value: str | date | datetime | None) -> str:
    """A date as a Dutch page shows it (teachers' pages, tests): "17 juni 2026"."""
    return dates.day(value, "nl")


def make_env(static: StaticFiles) -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    # {{ _("Dutch text") }} in templates; the language is set per request (i18n.activate).
    env.install_gettext_callables(i18n.gettext_, i18n.ngettext_, newstyle=True)  # type: ignore[attr-defined]
    env.filters["t"] = i18n.gettext_  # content from data files: {{ field.label | t }}
    env.globals["static"] = static.url
    env.globals["picto"] = picto
    env.globals["picto_templates"] = picto_templates
    # The macros of a field's type (edit, answer, blank, parent): f.kind.template's module.
    env.globals["field_macros"] = lambda field: env.get_template(field.kind.template).module
    # Dates and times in the page's language (server/infra/dates.py, the one place).
    env.filters["datum"] = lambda value: dates.day(value)
    env.filters["dag"] = lambda value: dates.weekday(value) if value else ""
    env.filters["klok"] = dates.clock
    env.filters["tijd"] = dates.clock_at
    env.filters["moment"] = lambda value: dates.moment(value)
    env.globals["month_name"] = lambda number: dates.month(number)
    env.globals["language_name"] = i18n.name_of
    env.globals["dutch_language_name"] = i18n.dutch_name
    return env


def no_store(response: Response) -> Response:
    """Pages that show a PIN, code or password once: not kept in any browser cache."""
    response.headers["cache-control"] = "no-store"
    return response


def render(
    request: Request, name: str, context: dict[str, Any] | None = None, status: int = 200
) -> HTMLResponse:
    env: Environment = request.app.state.rugzak.env
    lang = language_of(request)
    i18n.activate(lang)
    ctx = {
        "lang": lang,
        "dir": i18n.direction(lang),
        "languages": i18n.LANGUAGES,
        "request": request,
        "me": getattr(request.state, "principal", None),
        "school": request.app.state.school_name,
        **(context or {}),
    }
    html = env.get_template(name).render(ctx)
    return HTMLResponse(html, status_code=status)


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or "application/json" in request.headers.get(
        "accept", ""
    )


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    title, message = ERRORS.get(exc.status_code, ERRORS[400])
    if isinstance(exc.detail, str) and exc.detail and exc.detail != _default_detail(exc):
        message = exc.detail
    if wants_json(request):
        return JSONResponse({"error": message}, status_code=exc.status_code)
    return render(
        request,
        "error.html",
        {"title": title, "message": message, "status": exc.status_code},
        status=exc.status_code,
    )


async def domain_error(request: Request, exc: Exception) -> Response:
    """A domain operation's refusal (server/domain/errors.py) in the caller's language."""
    if isinstance(exc, Invalid):
        return await http_error(request, HTTPException(exc.status, exc.message))
    who = getattr(request.state, "principal", None)
    hidden = isinstance(exc, NotFound) or (who is not None and who.role in ("pupil", "parent"))
    return await http_error(request, HTTPException(404 if hidden else 403))


async def disk_full(request: Request, exc: Exception) -> Response:
    """A write that found no space: 507 in Dutch, nothing changed (writes are atomic), and
    the operator is told. Any other OSError is a crash like any other."""
    if not is_disk_full(exc):
        raise exc
    log.error("disk full: a write was refused (%s %s): %s", request.method, request.url.path, exc)
    return await http_error(request, HTTPException(507))


async def server_error(request: Request, exc: Exception) -> Response:
    """Starlette answers a crash outside our middleware, so the headers are added here."""
    from server.web.middleware.security_headers import HEADERS

    title, message = ERRORS[500]
    response: Response
    if wants_json(request):
        response = JSONResponse({"error": message}, status_code=500)
    else:
        try:
            response = render(
                request,
                "error.html",
                {"title": title, "message": message, "status": 500},
                status=500,
            )
        except Exception:  # the error page itself must never fail
            response = HTMLResponse(f"<h1>{title}</h1><p>{message}</p>", status_code=500)
    response.headers.update(HEADERS)
    return response


def _default_detail(exc: HTTPException) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(exc.status_code).phrase
    except ValueError:
        return ""


def in_two_languages(
    env: Environment, name: str, lang: str, context: Callable[[str], dict[str, Any]]
) -> list[dict[str, Any]]:
    """A printed text in Dutch and, on the same page, in ``lang`` (unless that is Dutch):
    template ``name`` rendered once in each, with ``context(code)``. Each text says its
    language and direction, for ``lang``/``dir`` on its block (letters, round slips)."""
    template = env.get_template(name)
    texts = []
    try:
        for code in dict.fromkeys((i18n.DEFAULT, lang)):
            i18n.activate(code)
            html = Markup(template.render(context(code)))
            texts.append({"lang": code, "dir": i18n.direction(code), "html": html})
    finally:
        i18n.activate(i18n.DEFAULT)
    return texts
