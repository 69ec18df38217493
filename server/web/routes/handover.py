"""The handover to the new school (server/domain/handover.py): the parent's page that makes
and revokes codes, and the public pages where the new school types the code and reads the
presentation portfolio, read-only, in the one browser the code is bound to.

The code travels in a POST (the form at ``/overdracht``); the e-mailed link
``/overdracht/{code}`` only fills in that form, so a mail scanner that follows the link
binds nothing, and the code shows up in at most that one line of a server log. Nothing
here is kept by a browser (``no-store``)."""

from __future__ import annotations

import secrets
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from server.domain import handover, media, viewing
from server.domain.errors import Invalid, NotFound
from server.domain.handover import Gone, Opened
from server.infra import i18n
from server.permissions import allow, can_see_pupil, principal, public, require
from server.web.context import rugzak
from server.web.forms import read_form, text
from server.web.locale import language_of
from server.web.routes.auth import client_key, ip_throttle
from server.web.routes.portfolio_views import row_of
from server.web.templating import no_store, render

COOKIE = "rugzak_overdracht"
COOKIE_DAYS = max(handover.DAYS)
MSG_UNKNOWN = "Deze code kennen we niet. Kijk goed of u hem goed heeft overgetypt."
MSG_TOO_OFTEN = "Te vaak geprobeerd. Wacht een kwartier en probeer het dan opnieuw."
# Why a code no longer opens anything, for the 410 page (msgids).
GONE = {
    "revoked": "De ouders hebben deze code ingetrokken. Vraag de ouders om een nieuwe code.",
    "expired": "Deze code is verlopen. Vraag de ouders om een nieuwe code.",
    "elsewhere": (
        "Deze code is al geopend in een andere browser. Een code werkt maar in één browser."
        " Vraag de ouders om een nieuwe code."
    ),
}


# --- the parent's page ---


async def _child(request: Request) -> viewing.Gathered:
    app, me = rugzak(request), principal(request)
    data = await app.store.run(
        viewing.standing, app.store, request.path_params["pupil_id"], lambda p: can_see_pupil(me, p)
    )
    if data is None:
        raise HTTPException(404)
    require(request, data.allowed)
    return data


def _parent_page(request: Request, data: viewing.Gathered, ctx: dict[str, Any]) -> dict[str, Any]:
    app = rugzak(request)
    pupil_id = data.pupil["id"]
    codes = handover.of_pupil(app.store, pupil_id)
    chosen = handover.selection(app.store, pupil_id)
    rows = [row for row in (row_of(i, app.catalog) for i in chosen) if row is not None]
    return {
        "pupil": data.pupil,
        "codes": codes,
        "chosen": rows,
        "days": handover.DAYS,
        "default_days": handover.DEFAULT_DAYS,
        "error": "",
        "new_code": "",
        "school_name": "",
        "link_base": app.settings.base_url.rstrip("/"),  # the school's address, as on letters
        **ctx,
    }


@allow("parent")
async def parent_page(request: Request) -> Response:
    app, me = rugzak(request), principal(request)
    data = await _child(request)
    pupil_id = data.pupil["id"]
    extra: dict[str, Any] = {"done": request.query_params.get("klaar", "")}
    status = 200
    if request.method == "POST":
        form = await read_form(request)
        action = text(form, "actie", 20)
        try:
            if action == "maken":
                days = text(form, "dagen", 3)
                school_name = text(form, "school", handover.MAX_SCHOOL_NAME + 1)
                _, code = await app.store.run(
                    handover.create, app.store, pupil_id, me.id,
                    int(days) if days.isdigit() else 0, school_name,
                )  # fmt: skip
                # Shown once, on this answer only: the code is not stored.
                extra.update(new_code=handover.shown(code), school_name=school_name)
            elif action == "intrekken":
                await app.store.run(handover.revoke, app.store, pupil_id, text(form, "code", 20))
                url = f"/ouder/kind/{pupil_id}/overdracht?klaar=ingetrokken"
                return no_store(RedirectResponse(url, status_code=303))
            else:
                raise Invalid("Dit kan op deze pagina niet.")
        except Invalid as e:
            i18n.activate(language_of(request))
            extra["error"], status = i18n.gettext_(e.message), 400
    ctx = await app.store.run(_parent_page, request, data, extra)
    return no_store(render(request, "parent/overdracht.html", ctx, status=status))


# --- the new school's pages ---


def _browser(request: Request) -> str:
    return request.cookies.get(COOKIE, "")[:64]


def _gone(request: Request, why: str) -> Response:
    message = GONE.get(why, GONE["expired"])
    return no_store(render(request, "handover/gone.html", {"message": message}, status=410))


def _form(request: Request, code: str = "", error: str = "", status: int = 200) -> Response:
    ctx = {"code": code, "error": error}
    return no_store(render(request, "handover/code.html", ctx, status=status))


@public
async def code_form(request: Request) -> Response:
    """Where the new school types the code; the e-mailed link fills it in."""
    return _form(request, handover.shown(handover.normal(request.path_params.get("code", ""))))


@public
async def code_sent(request: Request) -> Response:
    app = rugzak(request)
    key = client_key(request, "overdracht")
    if ip_throttle(request).blocked(key):
        return _form(request, error=MSG_TOO_OFTEN, status=429)
    form = await read_form(request)
    typed = text(form, "code", 40)
    browser = _browser(request) or secrets.token_urlsafe(32)
    try:
        opened = await app.store.run(handover.redeem, app.store, handover.normal(typed), browser)
    except NotFound:
        ip_throttle(request).fail(key)
        return _form(request, typed, MSG_UNKNOWN, status=400)
    except Gone as e:
        return _gone(request, e.why)
    url = f"/overdracht/selectie/{opened.handover_id}"
    response = no_store(RedirectResponse(url, status_code=303))
    if browser != _browser(request):
        response.set_cookie(
            COOKIE, browser, max_age=COOKIE_DAYS * 86400, httponly=True, samesite="strict",
            secure=app.settings.secure_cookies, path="/overdracht",
        )  # fmt: skip
    return response


def _shown_items(request: Request, opened: Opened) -> list[dict[str, Any]]:
    app = rugzak(request)
    shown = []
    for item in handover.selection(app.store, opened.pupil["id"]):
        ws, row = app.catalog.worksheets.get(item["worksheet"]), row_of(item, app.catalog)
        if ws is not None and row is not None:
            shown.append({"item": item, "ws": ws, "row": row})
    return shown


@public
async def selection(request: Request) -> Response:
    app = rugzak(request)
    handover_id = request.path_params["handover_id"]
    try:
        opened = await app.store.run(handover.opening, app.store, handover_id, _browser(request))
    except NotFound:
        raise HTTPException(404) from None
    except Gone as e:
        return _gone(request, e.why)
    await app.store.run(handover.log_opening, app.store, opened)
    ctx = {
        "pupil": opened.pupil,
        "group": opened.cls["group"] if opened.cls else opened.row.get("group", 0),
        "entries": await app.store.run(_shown_items, request, opened),
        "photos": f"/overdracht/selectie/{handover_id}/foto",
    }
    return no_store(render(request, "handover/selection.html", ctx))


@public
async def photo(request: Request) -> Response:
    """A photo of the selection, for the bound browser only and only if a chosen item
    shows it."""
    app = rugzak(request)
    handover_id, media_id = request.path_params["handover_id"], request.path_params["media_id"]
    size = request.path_params["size"]
    if not media.valid_media_id(media_id) or size not in media.SIZES:
        raise HTTPException(404)
    try:
        opened = await app.store.run(handover.shown_to, app.store, handover_id, _browser(request))
    except NotFound:
        raise HTTPException(404) from None
    except Gone:
        raise HTTPException(410) from None
    pupil_id = opened.pupil["id"]
    chosen = await app.store.run(handover.selection, app.store, pupil_id)
    if not handover.shows_photo(chosen, media_id):
        raise HTTPException(404)
    path = media.path_for(app.store, pupil_id, media_id, size)
    try:
        data = await app.store.run(path.read_bytes)
    except FileNotFoundError:
        raise HTTPException(404) from None
    return Response(data, media_type="image/webp", headers={"cache-control": "no-store"})


routes = [
    Route("/ouder/kind/{pupil_id}/overdracht", parent_page, methods=["GET", "POST"]),
    Route("/overdracht", code_form),
    Route("/overdracht", code_sent, methods=["POST"]),
    Route("/overdracht/selectie/{handover_id}", selection),
    Route("/overdracht/selectie/{handover_id}/foto/{media_id}/{size}", photo),
    Route("/overdracht/{code}", code_form),
]
