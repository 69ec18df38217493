"""The one place that answers "may this person see or change this?".

Every endpoint is wrapped in ``allow(...)`` (or marked ``public``); the permission test
walks the app's route list and fails for an endpoint without that mark. Object checks
(which pupil, which class, which item) are the ``can_*`` functions below, used through
``require``.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from server.domain.signins import KEY_COOKIE
from server.web import auth
from server.web.context import rugzak

Endpoint = Callable[[Request], Awaitable[Response]]
REFRESH_AFTER = 60  # seconds between re-issued session cookies (sliding idle timeout)


# --- object rules ---


def can_see_pupil(p: auth.Principal, pupil: dict[str, Any]) -> bool:
    if p.role == "pupil":
        return pupil["id"] == p.id
    if p.role == "parent":
        return pupil["id"] in p.child_ids
    if p.role == "teacher":
        return pupil["class_id"] in p.class_ids
    return p.role == "admin"


def can_manage_pupil(p: auth.Principal, pupil: dict[str, Any]) -> bool:
    """Change name, class, PIN, adults: the pupil's teacher or an admin."""
    return p.role == "admin" or (p.role == "teacher" and pupil["class_id"] in p.class_ids)


def can_manage_class(p: auth.Principal, class_id: str) -> bool:
    return p.role == "admin" or (p.role == "teacher" and class_id in p.class_ids)


def can_see_item(p: auth.Principal, pupil: dict[str, Any], item: dict[str, Any]) -> bool:
    """Parents see only what the pupil chose to share; staff see the pupil's work."""
    if not can_see_pupil(p, pupil):
        return False
    if p.role == "parent":
        return bool(item["values"].get("_shared"))
    return True


def can_edit_item(p: auth.Principal, pupil: dict[str, Any]) -> bool:
    """The portfolio is the pupil's own: only the pupil writes in it."""
    return p.role == "pupil" and pupil["id"] == p.id


def deny(p: auth.Principal | None) -> HTTPException:
    """Pupils and parents get 404 for what is not theirs: existence itself must not leak."""
    if p is not None and p.role in ("pupil", "parent"):
        return HTTPException(404)
    return HTTPException(403)


def require(request: Request, allowed: bool) -> None:
    if not allowed:
        raise deny(request.state.principal)


def principal(request: Request) -> auth.Principal:
    return request.state.principal


# --- route marks ---


def public(fn: Endpoint) -> Endpoint:
    fn.allowed_roles = ()  # type: ignore[attr-defined]
    fn.is_public = True  # type: ignore[attr-defined]
    return fn


def _wants_html(request: Request) -> bool:
    return request.method == "GET" and not request.url.path.startswith("/api/")


def allow(*roles: str, grant: bool = False) -> Callable[[Endpoint], Endpoint]:
    """Only signed-in people with one of these roles reach the endpoint. With ``grant``,
    a device grant (``Authorization: Bearer``) also admits its pupil: it delivers work a
    pupil queued on a tablet, even after that pupil signed out."""
    assert roles and all(r in auth.ROLES for r in roles)

    def decorate(fn: Endpoint) -> Endpoint:
        @functools.wraps(fn)
        async def endpoint(request: Request) -> Response:
            app = rugzak(request)
            bearer = request.headers.get("authorization", "")
            request.state.via_grant = False
            if grant and bearer.startswith("Bearer "):
                who = await app.store.read(app.store.school, _load_grant, app, bearer[7:])
                if who is None:
                    raise HTTPException(401)
                request.state.principal = who
                request.state.via_grant = True
                return await fn(request)
            session = current_session(request)
            who = None
            if session is not None:
                # (A pupil's sign-in may have been ended: that is in the sign-ins file.)
                files = [app.store.school]
                if session["r"] == "pupil":
                    files.append(app.store.signins)
                who = await app.store.read(files, _load, app, session)
            if who is None:
                if _wants_html(request):
                    target = request.url.path
                    return RedirectResponse(f"/inloggen?terug={target}", status_code=303)
                raise HTTPException(401)
            if who.role not in roles:
                raise deny(who)
            request.state.principal = who
            response = await fn(request)
            if time.time() - session["a"] > REFRESH_AFTER and auth.SESSION_COOKIE not in str(
                response.headers.get("set-cookie", "")
            ):
                set_session_cookie(request, response, {**session, "a": int(time.time())})
            return response

        endpoint.allowed_roles = roles  # type: ignore[attr-defined]
        endpoint.is_public = False  # type: ignore[attr-defined]
        return endpoint

    return decorate


def current_session(request: Request) -> dict[str, Any] | None:
    """The request's session, if genuine and alive. A pupil's session counts only together
    with its sign-in key, which the tablet deletes at sign-out (see signins.py)."""
    app = rugzak(request)
    session = app.sessions.decode(request.cookies.get(auth.SESSION_COOKIE))
    pupil = session is not None and session["r"] == "pupil"
    if pupil and not app.signins.has_key(session, request.cookies.get(KEY_COOKIE)):
        return None
    return session


def _load_grant(app: Any, token: str) -> auth.Principal | None:
    granted = app.grants.read(token)
    if granted is None:
        return None
    pupil_id, epoch = granted
    with app.store.school.transaction() as db:
        pupil = db.table("pupils").by_id(pupil_id)
        if pupil is None or pupil.get("disabled") or pupil.get("session_epoch", 0) != epoch:
            return None
        name = f"{pupil['first_name']} {pupil['last_name']}".strip()
        return auth.Principal(pupil_id, "pupil", name, class_id=pupil["class_id"])


def _load(app: Any, session: dict[str, Any]) -> auth.Principal | None:
    if session["r"] == "pupil" and app.signins.revoked(session.get("k")):
        return None  # ended from a tablet that was offline at sign-out
    with app.store.school.transaction() as db:
        return auth.load_principal(db, session)


def set_session_cookie(request: Request, response: Response, session: dict[str, Any]) -> None:
    app = rugzak(request)
    response.set_cookie(
        auth.SESSION_COOKIE,
        app.sessions.encode(session),
        max_age=app.sessions.max_age(session["r"]),
        httponly=True,
        samesite="lax",
        secure=app.settings.secure_cookies,
        path="/",
    )


def set_key_cookie(request: Request, response: Response, session: dict[str, Any]) -> None:
    """A pupil sign-in's key: readable by the page, which deletes it at sign-out."""
    app = rugzak(request)
    response.set_cookie(
        KEY_COOKIE,
        app.signins.key_cookie(session["u"], session["k"]),
        max_age=app.sessions.max_age("pupil"),
        httponly=False,
        samesite="lax",
        secure=app.settings.secure_cookies,
        path="/",
    )


def clear_session_cookie(response: Response) -> None:
    response.delete_cookie(auth.SESSION_COOKIE, path="/")
    response.delete_cookie(KEY_COOKIE, path="/")
