"""Pupils sign in on a (shared) tablet: class code or link → tap your name → PIN."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from server.domain import accounts, school
from server.infra import passwords
from server.permissions import public
from server.web.context import rugzak
from server.web.forms import read_form, text
from server.web.locale import language_of
from server.web.page_cache import generic_page, kept
from server.web.pin_guard import DEVICE_COOKIE, DEVICE_COOKIE_AGE, Refusal
from server.web.routes.auth import client_key, ip_throttle, signed_in, too_often
from server.web.templating import render


@public
async def class_code(request: Request) -> Response:
    if request.method == "GET":
        return await generic_page(request, "auth/class_code.html", {"error": ""})
    key = client_key(request, "klas")
    too_often(request, key)
    form = await read_form(request)
    code = school.normalize_code(text(form, "code"))
    app = rugzak(request)
    found = await app.store.run(accounts.class_by_code, app.store.school, code)
    if found is None:
        ip_throttle(request).fail(key)
        return render(
            request,
            "auth/class_code.html",
            {"error": "Deze klascode kennen we niet. Kijk goed en probeer het nog eens."},
            status=400,
        )
    return RedirectResponse(f"/klas/{found['code']}", status_code=303)


@public
async def class_names(request: Request) -> Response:
    app = rugzak(request)
    key = client_key(request, "klas")
    too_often(request, key)
    code = request.path_params["code"]

    async def build() -> Response:
        cls, pupils = await app.store.run(accounts.class_with_pupils, app.store.school, code)
        if cls is None:
            ip_throttle(request).fail(key)
            raise HTTPException(404, "Deze klas bestaat niet. Vraag je leerkracht om de klascode.")
        return render(request, "auth/class_names.html", {"cls": cls, "pupils": pupils})

    # Kept per version of the school file: a whole class opens it at once on Monday morning.
    me = getattr(request.state, "principal", None)  # public: resolved only on some pages
    page = ("klas", code, app.store.school.version, me and me.id, language_of(request))
    return await kept(request, page, build)


@public
async def pin(request: Request) -> Response:
    """The PIN page and the sign-in. Wrong PINs are counted per pupil on this tablet, per
    pupil, per tablet and per address (server/web/pin_guard.py); nothing is written to disk."""
    app = rugzak(request)
    code, pupil_id = request.path_params["code"], request.path_params["pupil_id"]
    found = await app.store.run(accounts.pupil_in_class, app.store.school, code, pupil_id)
    if found is None:
        raise HTTPException(404, "Deze leerling staat niet in deze klas.")
    cls, pupil = found
    device = app.pins.device_of(request.cookies.get(DEVICE_COOKIE))
    address = request.client.host if request.client else "?"
    ctx = {"cls": cls, "pupil": pupil, "error": ""}
    refusal = app.pins.refusal(pupil_id, device, address)
    if request.method == "GET":
        if refusal:
            ctx["error"] = refusal.message
        return _with_device(request, render(request, "auth/pin.html", ctx), device.cookie)
    form = await read_form(request)
    entered = text(form, "pin", 12)
    attempt = app.pins.attempt(pupil_id, device, address)  # counted before it is checked
    if isinstance(attempt, Refusal):
        ctx["error"] = attempt.message
        return _with_device(request, render(request, "auth/pin.html", ctx, 429), device.cookie)
    ok = passwords.valid_pin(entered) and await app.store.run(
        passwords.verify_secret, entered, pupil["pin_hash"]
    )
    outcome = app.pins.right(attempt) if ok else app.pins.wrong(attempt)
    if ok and outcome is None:
        response = signed_in(request, "pupil", pupil_id, pupil.get("session_epoch", 0))
        return _with_device(request, response, app.pins.known_cookie(device))
    if isinstance(outcome, Refusal):
        ctx["error"] = outcome.message
        return _with_device(request, render(request, "auth/pin.html", ctx, 429), device.cookie)
    ctx["error"] = (
        f"Die pincode klopt niet. Je mag het nog {outcome} keer proberen."
        if outcome != 1
        else "Die pincode klopt niet. Je mag het nog 1 keer proberen."
    )
    return _with_device(request, render(request, "auth/pin.html", ctx, 400), device.cookie)


def _with_device(request: Request, response: Response, cookie: str | None) -> Response:
    """The tablet's identity for counting wrong PINs (a signed, HttpOnly cookie)."""
    if cookie:
        response.set_cookie(
            DEVICE_COOKIE,
            cookie,
            max_age=DEVICE_COOKIE_AGE,
            httponly=True,
            samesite="lax",
            secure=rugzak(request).settings.secure_cookies,
            path="/klas",
        )
    return response


routes = [
    Route("/klas", class_code, methods=["GET", "POST"]),
    Route("/klas/{code}", class_names),
    Route("/klas/{code}/{pupil_id}", pin, methods=["GET", "POST"]),
]
