"""Signing in and out, for pupils (class code → name → PIN), adults and staff."""

from __future__ import annotations

import json

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from server.domain import school
from server.infra import i18n, passwords, push
from server.infra.store import is_disk_full
from server.permissions import allow, public
from server.web.context import rugzak
from server.web.forms import read_form, read_limited, text
from server.web.pin_guard import DEVICE_COOKIE, DEVICE_COOKIE_AGE, Refusal
from server.web.principal import (
    clear_session_cookie,
    resolve,
    session_of,
    set_key_cookie,
    set_session_cookie,
)
from server.web.templating import render
from server.web.throttle import Throttle

HOME = {"pupil": "/leerling", "parent": "/ouder", "teacher": "/leraar", "admin": "/beheer"}


# A school reaches Rugzak from one address (or through one proxy): every child and teacher
# shares it. So an address may fail more often than one account, and each kind of attempt
# counts on its own: children mistyping the class code must not lock teachers out.
IP_ATTEMPTS_FACTOR = 5


def client_key(request: Request, purpose: str) -> str:
    return f"ip:{purpose}:" + (request.client.host if request.client else "?")


def ip_throttle(request: Request) -> Throttle:
    """Failures per address and purpose, with a higher limit than per account."""
    state = request.app.state
    throttle = getattr(state, "ip_throttle", None)
    if throttle is None:
        limits = rugzak(request).settings.limits
        throttle = state.ip_throttle = Throttle(
            limits.password_attempts * IP_ATTEMPTS_FACTOR, limits.password_window_minutes * 60
        )
    return throttle


def signed_in(request: Request, role: str, uid: str, epoch: int) -> Response:
    app = rugzak(request)
    response = RedirectResponse(HOME[role], status_code=303)
    session = app.sessions.new(role, uid, epoch)
    set_session_cookie(request, response, session)
    if role == "pupil":
        set_key_cookie(request, response, session)
    return response


def _too_often(request: Request, key: str) -> None:
    if ip_throttle(request).blocked(key):
        raise HTTPException(429)


@public
async def home(request: Request) -> Response:
    session = session_of(request)
    if session:
        return RedirectResponse(HOME[session.role], status_code=303)
    return RedirectResponse("/inloggen", status_code=303)


@public
async def choose(request: Request) -> Response:
    return render(request, "auth/choose.html")


# --- pupils ---


@public
async def class_code(request: Request) -> Response:
    if request.method == "GET":
        return render(request, "auth/class_code.html", {"error": ""})
    key = client_key(request, "klas")
    _too_often(request, key)
    form = await read_form(request)
    code = school.normalize_code(text(form, "code"))
    app = rugzak(request)
    found = await app.store.run(_class_by_code, app, code)
    if found is None:
        ip_throttle(request).fail(key)
        return render(
            request,
            "auth/class_code.html",
            {"error": "Deze klascode kennen we niet. Kijk goed en probeer het nog eens."},
            status=400,
        )
    return RedirectResponse(f"/klas/{found['code']}", status_code=303)


def _class_by_code(app, code: str):
    with app.store.school.transaction() as db:
        return school.class_by_code(db, code)


def _class_and_pupils(app, code: str):
    with app.store.school.transaction() as db:
        cls = school.class_by_code(db, code)
        if cls is None:
            return None, []
        return cls, school.pupils(db, cls["id"])


@public
async def class_names(request: Request) -> Response:
    app = rugzak(request)
    key = client_key(request, "klas")
    _too_often(request, key)
    cls, pupils = await app.store.run(_class_and_pupils, app, request.path_params["code"])
    if cls is None:
        ip_throttle(request).fail(key)
        raise HTTPException(404, "Deze klas bestaat niet. Vraag je leerkracht om de klascode.")
    return render(request, "auth/class_names.html", {"cls": cls, "pupils": pupils})


def _pupil_in_class(app, code: str, pupil_id: str):
    with app.store.school.transaction() as db:
        cls = school.class_by_code(db, code)
        pupil = school.get_pupil(db, pupil_id)
        if cls is None or pupil is None or pupil["class_id"] != cls["id"]:
            return None, None
        return cls, pupil


@public
async def pin(request: Request) -> Response:
    """The PIN page and the sign-in. Wrong PINs are counted per pupil on this tablet, per
    pupil, per tablet and per address (server/web/pin_guard.py); nothing is written to disk."""
    app = rugzak(request)
    code, pupil_id = request.path_params["code"], request.path_params["pupil_id"]
    cls, pupil = await app.store.run(_pupil_in_class, app, code, pupil_id)
    if pupil is None:
        raise HTTPException(404, "Deze leerling staat niet in deze klas.")
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


# --- staff and adults: user name + password ---


def _find_account(app, kind: str, username: str):
    with app.store.school.transaction() as db:
        if kind == "staff":
            return school.staff_by_username(db, username)
        return school.adult_by_username(db, username)


async def _password_login(request: Request, kind: str, template: str) -> Response:
    if request.method == "GET":
        return render(request, template, {"error": "", "username": ""})
    app = rugzak(request)
    form = await read_form(request)
    username, password = text(form, "username", 80).lower(), text(form, "password", 200)
    ip_key, user_key = client_key(request, "login"), f"user:{kind}:{username}"
    if ip_throttle(request).blocked(ip_key) or app.throttle.blocked(user_key):
        return render(
            request,
            template,
            {
                "error": "Te vaak geprobeerd. Wacht een kwartier en probeer het dan opnieuw.",
                "username": username,
            },
            status=429,
        )
    account = await app.store.run(_find_account, app, kind, username)
    # Hash even for unknown names, so timing does not reveal which names exist.
    ok = await app.store.run(
        passwords.verify_secret, password, account["password_hash"] if account else _DUMMY_HASH
    )
    if not account or not ok:
        ip_throttle(request).fail(ip_key)
        app.throttle.fail(user_key)
        return render(
            request,
            template,
            {"error": "Deze naam of dit wachtwoord klopt niet.", "username": username},
            status=400,
        )
    app.throttle.reset(user_key)
    role = account["role"] if kind == "staff" else "parent"
    lang = i18n.chosen_on_device(request)
    if role == "parent" and lang and lang != account.get("language"):
        await app.store.run(_set_language, app, account["id"], lang)  # the latest choice wins
    return signed_in(request, role, account["id"], account.get("session_epoch", 0))


def _set_language(app, adult_id: str, lang: str) -> None:
    with app.store.school.transaction() as db:
        db.table("adults").patch(adult_id, {"language": lang})


_DUMMY_HASH = passwords.hash_secret("not a password", cost=2**14)


@public
async def staff_login(request: Request) -> Response:
    return await _password_login(request, "staff", "auth/staff_login.html")


@public
async def parent_login(request: Request) -> Response:
    return await _password_login(request, "adult", "auth/parent_login.html")


# --- invitations: printed letter → code → choose a password ---


@public
async def invitation_code(request: Request) -> Response:
    if request.method == "GET":
        return render(request, "auth/invitation_code.html", {"error": ""})
    form = await read_form(request)
    code = school.normalize_code(text(form, "code", 40))
    if not code:
        return render(
            request, "auth/invitation_code.html", {"error": "Typ de code van de brief."}, status=400
        )
    return RedirectResponse(f"/uitnodiging/{code}", status_code=303)


def _invitation(app, code: str):
    with app.store.school.transaction() as db:
        inv = school.find_invitation(db, code)
        pupil = school.get_pupil(db, inv["pupil_id"])
        return inv, pupil


def _redeem(
    app,
    code: str,
    name: str,
    relation: str,
    username: str,
    pw_hash: str | None,
    existing_adult: str | None,
    language: str = "nl",
):
    with app.store.school.transaction() as db:
        inv = school.find_invitation(db, code)  # again, inside the write: used only once
        if existing_adult:
            adult_id = existing_adult
        else:
            if school.username_taken(db, username):
                raise school.InvitationError(
                    "Deze gebruikersnaam bestaat al. Kies een andere naam."
                )
            adult_id = school.create_adult(db, name, username, pw_hash or "", language)
        school.link(db, adult_id, inv["pupil_id"], relation)
        school.use_invitation(db, inv["id"], adult_id)
        adult = school.get_adult(db, adult_id)
        return adult


async def _signed_in_adult(request: Request) -> str | None:
    """The adult signed in on this device, if the session is still valid (not ended by
    'overal uitloggen', account not removed): only they may add a child to their account."""
    who = await resolve(request)
    return who.id if who is not None and who.role == "parent" else None


@public
async def redeem(request: Request) -> Response:
    app = rugzak(request)
    key = client_key(request, "uitnodiging")
    code = request.path_params["code"]
    _too_often(request, key)
    try:
        inv, pupil = await app.store.run(_invitation, app, code)
    except school.InvitationError as e:
        ip_throttle(request).fail(key)
        return render(request, "auth/invitation_code.html", {"error": str(e)}, status=400)
    current_adult = await _signed_in_adult(request)
    values = {"name": "", "username": "", "relation": inv.get("relation") or ""}
    ctx = {
        "pupil": pupil,
        "code": code,
        "error": "",
        "values": values,
        "relations": school.RELATIONS,
        "current_adult": current_adult,
    }
    if request.method == "GET":
        return render(request, "auth/redeem.html", ctx)
    form = await read_form(request)
    relation = text(form, "relation", 40)
    if relation == "anders":
        relation = text(form, "relation_other", 60) or "anders"
    elif relation in school.RELATIONS:
        relation = school.RELATIONS[relation]
    values.update(
        name=text(form, "name", 80), username=text(form, "username", 80).lower(), relation=relation
    )
    if current_adult and form.get("link_existing"):
        try:
            adult = await app.store.run(_redeem, app, code, "", relation, "", None, current_adult)
        except school.InvitationError as e:  # used by someone else in the meantime
            return render(request, "auth/invitation_code.html", {"error": str(e)}, status=400)
        return signed_in(request, "parent", adult["id"], adult.get("session_epoch", 0))
    password, password2 = text(form, "password", 200), text(form, "password2", 200)
    error = ""
    if not values["name"]:
        error = "Vul uw naam in."
    elif (
        len(values["username"]) < 3
        or not values["username"]
        .replace(".", "")
        .replace("-", "")
        .replace("_", "")
        .replace("@", "")
        .isalnum()
    ):
        error = "Kies een gebruikersnaam van minstens 3 letters of cijfers."
    elif len(password) < 8:
        error = "Kies een wachtwoord van minstens 8 tekens."
    elif password != password2:
        error = "De twee wachtwoorden zijn niet hetzelfde."
    if error:
        ctx["error"] = error
        return render(request, "auth/redeem.html", ctx, status=400)
    pw_hash = await app.store.run(passwords.hash_secret, password, app.settings.hash_cost)
    try:
        adult = await app.store.run(
            _redeem,
            app,
            code,
            values["name"],
            relation,
            values["username"],
            pw_hash,
            None,
            i18n.chosen_on_device(request) or i18n.DEFAULT,
        )
    except school.InvitationError as e:
        ctx["error"] = str(e)
        return render(request, "auth/redeem.html", ctx, status=400)
    return signed_in(request, "parent", adult["id"], adult.get("session_epoch", 0))


# --- signing out ---


@public
async def sign_out(request: Request) -> Response:
    app = rugzak(request)
    session = session_of(request, with_key=False)
    if session and session.role == "pupil" and session.signin:
        try:
            await app.store.run(app.signins.revoke, session.signin)
        except OSError as e:  # a full disk must not keep anyone signed in on this device
            if not is_disk_full(e):
                raise
    response = RedirectResponse("/inloggen?uitgelogd=1", status_code=303)
    clear_session_cookie(response)
    return response


MAX_END_TOKENS = 50


@public
async def end_signins(request: Request) -> Response:
    """Sign-outs made on a tablet without network, delivered later: each end token ends
    its sign-in for good. Cookies stay: by now another pupil may be signed in here."""
    app = rugzak(request)
    body = await read_limited(request, 100 * MAX_END_TOKENS)  # a token is ~40 bytes
    try:
        tokens = json.loads(body).get("tokens") if body is not None else None
    except (ValueError, UnicodeDecodeError, AttributeError, RecursionError):
        tokens = None
    if not isinstance(tokens, list) or len(tokens) > MAX_END_TOKENS:
        return JSONResponse({"error": "Deze afmeldingen konden niet gelezen worden."}, 400)
    sids = [sid for t in tokens if (sid := app.signins.sid_of_end_token(t))]
    if sids:
        await app.store.run(app.signins.revoke, *sids)
    return JSONResponse({"ended": len(sids)})


def _bump(app, role: str, uid: str) -> None:
    table = {"pupil": "pupils", "parent": "adults"}.get(role, "staff")
    with app.store.school.transaction() as db:
        school.bump_epoch(db, table, uid)
        push.remove_person(db, uid)  # signed out everywhere: no more notifications either


@allow("pupil", "parent", "teacher", "admin")
async def sign_out_everywhere(request: Request) -> Response:
    me = request.state.principal
    await rugzak(request).store.run(_bump, rugzak(request), me.role, me.id)
    response = RedirectResponse("/inloggen?uitgelogd=overal", status_code=303)
    clear_session_cookie(response)
    return response


routes = [
    Route("/", home),
    Route("/inloggen", choose),
    Route("/klas", class_code, methods=["GET", "POST"]),
    Route("/klas/{code}", class_names),
    Route("/klas/{code}/{pupil_id}", pin, methods=["GET", "POST"]),
    Route("/inloggen/medewerker", staff_login, methods=["GET", "POST"]),
    Route("/inloggen/ouder", parent_login, methods=["GET", "POST"]),
    Route("/uitnodiging", invitation_code, methods=["GET", "POST"]),
    Route("/uitnodiging/{code}", redeem, methods=["GET", "POST"]),
    Route("/uitloggen", sign_out, methods=["POST"]),
    Route("/uitloggen/overal", sign_out_everywhere, methods=["POST"]),
    Route("/api/uitloggen", end_signins, methods=["POST"]),
]
