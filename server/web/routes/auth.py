"""Signing in and out: staff and adults with a user name and password, invitations that make
a parent's account, sign-out (also delivered later from an offline tablet). Pupils sign in
in ``pupil_signin.py``."""

from __future__ import annotations

import json
from functools import partial

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from server.domain import accounts, school
from server.infra import i18n, passwords
from server.infra.store import is_disk_full
from server.permissions import allow, public
from server.web.context import rugzak
from server.web.forms import read_form, read_limited, text
from server.web.locale import chosen_on_device
from server.web.page_cache import generic_page
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


def too_often(request: Request, key: str) -> None:
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
    signed_out = bool(request.query_params.get("uitgelogd"))  # the only thing it reads
    return await generic_page(request, "auth/choose.html", vary=signed_out)


# --- staff and adults: user name + password ---


async def _password_login(request: Request, kind: str, template: str) -> Response:
    if request.method == "GET":
        return await generic_page(request, template, {"error": "", "username": ""})
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
    account = await app.store.run(accounts.by_username, app.store.school, kind, username)
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
    lang = chosen_on_device(request)
    if role == "parent" and lang and lang != account.get("language"):
        # The latest choice wins.
        await app.store.run(school.set_language, app.store.school, account["id"], lang)
    return signed_in(request, role, account["id"], account.get("session_epoch", 0))


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
        return await generic_page(request, "auth/invitation_code.html", {"error": ""})
    form = await read_form(request)
    code = school.normalize_code(text(form, "code", 40))
    if not code:
        return render(
            request, "auth/invitation_code.html", {"error": "Typ de code van de brief."}, status=400
        )
    return RedirectResponse(f"/uitnodiging/{code}", status_code=303)


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
    too_often(request, key)
    try:
        inv, pupil = await app.store.run(accounts.invitation, app.store.school, code)
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
            adult = await app.store.run(
                partial(accounts.redeem, existing_adult=current_adult),
                app.store.school,
                code,
                relation,
            )
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
            partial(
                accounts.redeem,
                name=values["name"],
                username=values["username"],
                password_hash=pw_hash,
                language=chosen_on_device(request) or i18n.DEFAULT,
            ),
            app.store.school,
            code,
            relation,
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


@allow("pupil", "parent", "teacher", "admin")
async def sign_out_everywhere(request: Request) -> Response:
    me = request.state.principal
    app = rugzak(request)
    await app.store.run(accounts.sign_out_everywhere, app.store.school, me.role, me.id)
    response = RedirectResponse("/inloggen?uitgelogd=overal", status_code=303)
    clear_session_cookie(response)
    return response


routes = [
    Route("/", home),
    Route("/inloggen", choose),
    Route("/inloggen/medewerker", staff_login, methods=["GET", "POST"]),
    Route("/inloggen/ouder", parent_login, methods=["GET", "POST"]),
    Route("/uitnodiging", invitation_code, methods=["GET", "POST"]),
    Route("/uitnodiging/{code}", redeem, methods=["GET", "POST"]),
    Route("/uitloggen", sign_out, methods=["POST"]),
    Route("/uitloggen/overal", sign_out_everywhere, methods=["POST"]),
    Route("/api/uitloggen", end_signins, methods=["POST"]),
]
