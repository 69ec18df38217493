"""The principal behind a request, resolved once, in one place, for sessions and grants alike.

A request is someone's when it carries a genuine, live session cookie — for a pupil, only
together with the sign-in's key, which the tablet deletes at sign-out (see
``server/domain/signins.py``) — or, where an endpoint accepts it, a device grant
(``Authorization: Bearer``). Either way the account must still hold by the one rule of
``server.domain.principal.load``; a pupil's session also ends when its sign-in was revoked.
"""

from __future__ import annotations

import time

from starlette.requests import Request
from starlette.responses import Response

from server.domain import principal as accounts
from server.domain.principal import Principal
from server.domain.signins import KEY_COOKIE
from server.web.context import Rugzak, rugzak
from server.web.sessions import SESSION_COOKIE, Session

REFRESH_AFTER = 60  # seconds between re-issued session cookies (sliding idle timeout)


def session_of(request: Request, *, with_key: bool = True) -> Session | None:
    """The request's session, if genuine and alive. ``with_key=False`` only for ending it:
    a pupil's session counts only together with its sign-in key."""
    app = rugzak(request)
    session = app.sessions.decode(request.cookies.get(SESSION_COOKIE))
    if session is None or not with_key or session.role != "pupil":
        return session
    if not app.signins.has_key(session.uid, session.signin, request.cookies.get(KEY_COOKIE)):
        return None
    return session


async def resolve(request: Request, *, grant: bool = False) -> Principal | None:
    """Who makes this request (None: nobody signed in). With ``grant``, a device grant also
    admits its pupil. Sets ``request.state.principal``, ``.session`` and ``.via_grant``."""
    app = rugzak(request)
    bearer = request.headers.get("authorization", "")
    request.state.session = None
    request.state.via_grant = grant and bearer.startswith("Bearer ")
    if request.state.via_grant:
        granted = app.grants.read(bearer[7:])
        who = None
        if granted is not None:
            who = await app.store.read(app.store.school, _load, app, "pupil", *granted)
    else:
        session = session_of(request)
        request.state.session = session
        who = None
        if session is not None:
            # (A pupil's sign-in may have been ended: that is in the sign-ins file.)
            files = [app.store.school]
            if session.role == "pupil":
                files.append(app.store.signins)
            who = await app.store.read(files, _load_session, app, session)
    request.state.principal = who
    return who


def _load_session(app: Rugzak, session: Session) -> Principal | None:
    if session.role == "pupil" and app.signins.revoked(session.signin):
        return None  # ended from a tablet that was offline at sign-out
    return _load(app, session.role, session.uid, session.epoch)


def _load(app: Rugzak, role: str, uid: str, epoch: int) -> Principal | None:
    return accounts.of(app.store.school, role, uid, epoch)


# --- cookies ---


def keep_alive(request: Request, response: Response) -> None:
    """Slide the idle limit: re-issue the session cookie at most once a minute."""
    session: Session | None = getattr(request.state, "session", None)
    if session is None or time.time() - session.active <= REFRESH_AFTER:
        return
    if SESSION_COOKIE not in str(response.headers.get("set-cookie", "")):
        set_session_cookie(request, response, session.touched())


def set_session_cookie(request: Request, response: Response, session: Session) -> None:
    app = rugzak(request)
    response.set_cookie(
        SESSION_COOKIE,
        app.sessions.encode(session),
        max_age=app.sessions.max_age(session.role),
        httponly=True,
        samesite="lax",
        secure=app.settings.secure_cookies,
        path="/",
    )


def set_key_cookie(request: Request, response: Response, session: Session) -> None:
    """A pupil sign-in's key: readable by the page, which deletes it at sign-out."""
    app = rugzak(request)
    response.set_cookie(
        KEY_COOKIE,
        app.signins.key_cookie(session.uid, session.signin or ""),
        max_age=app.sessions.max_age("pupil"),
        httponly=False,
        samesite="lax",
        secure=app.settings.secure_cookies,
        path="/",
    )


def clear_session_cookie(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(KEY_COOKIE, path="/")
