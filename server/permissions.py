"""The one place that answers "may this person see or change this?".

Every endpoint is wrapped in ``allow(...)`` (or marked ``public``); the permission test
walks the app's route list and fails for an endpoint without that mark. Object checks
(which pupil, which class, which item) are the ``can_*`` functions below, used through
``require``.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from server.domain.hiding import hidden_from_family
from server.domain.principal import ROLES, Principal
from server.domain.records import Item, Pupil
from server.web.principal import keep_alive, resolve

Endpoint = Callable[[Request], Awaitable[Response]]


# --- object rules ---


def can_see_pupil(who: Principal, pupil: Pupil) -> bool:
    if who.role == "pupil":
        return pupil["id"] == who.id
    if who.role == "parent":
        return pupil["id"] in who.child_ids
    if who.role == "teacher":
        return pupil["class_id"] in who.class_ids
    return who.role == "admin"


def can_manage_pupil(who: Principal, pupil: Pupil) -> bool:
    """Change name, class, PIN, adults: the pupil's teacher or an admin."""
    return who.role == "admin" or (who.role == "teacher" and pupil["class_id"] in who.class_ids)


def can_manage_class(who: Principal, class_id: str) -> bool:
    return who.role == "admin" or (who.role == "teacher" and class_id in who.class_ids)


def can_see_item(who: Principal, pupil: Pupil, item: Item) -> bool:
    """Parents see only what the pupil chose to share and her teacher did not keep from
    them; staff see the pupil's work."""
    if not can_see_pupil(who, pupil):
        return False
    if who.role == "parent":
        return bool(item["values"].get("_shared")) and not hidden_from_family(item)
    return True


def can_edit_item(who: Principal, pupil: Pupil) -> bool:
    """The portfolio is the pupil's own: only the pupil writes in it."""
    return who.role == "pupil" and pupil["id"] == who.id


def deny(who: Principal | None) -> HTTPException:
    """Pupils and parents get 404 for what is not theirs: existence itself must not leak."""
    if who is not None and who.role in ("pupil", "parent"):
        return HTTPException(404)
    return HTTPException(403)


def require(request: Request, allowed: bool) -> None:
    if not allowed:
        raise deny(request.state.principal)


def principal(request: Request) -> Principal:
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
    pupil queued on a tablet, even after that pupil signed out. Who is signed in is
    decided by ``server/web/principal.py``; this only checks the role."""
    assert roles and all(r in ROLES for r in roles)

    def decorate(fn: Endpoint) -> Endpoint:
        @functools.wraps(fn)
        async def endpoint(request: Request) -> Response:
            who = await resolve(request, grant=grant)
            if who is None:
                if _wants_html(request) and not request.state.via_grant:
                    target = request.url.path
                    return RedirectResponse(f"/inloggen?terug={target}", status_code=303)
                raise HTTPException(401)
            if who.role not in roles:
                raise deny(who)
            response = await fn(request)
            keep_alive(request, response)
            return response

        endpoint.allowed_roles = roles  # type: ignore[attr-defined]
        endpoint.is_public = False  # type: ignore[attr-defined]
        return endpoint

    return decorate
