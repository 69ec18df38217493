"""Push notifications: the parent's settings page and the subscribe/unsubscribe API."""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from server.domain import notifications, subscriptions
from server.domain.subscriptions import InvalidSubscription
from server.permissions import allow, principal
from server.web.context import rugzak
from server.web.templating import render

MAX_BODY = 4096
NO_STORE = {"cache-control": "no-store"}
UNREADABLE = "Deze aanmelding voor meldingen kon niet gelezen worden."


def _error(message: str, status: int = 400) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=NO_STORE)


async def _json_body(request: Request) -> Any:
    body = await request.body()
    if len(body) > MAX_BODY:
        raise InvalidSubscription("Deze aanmelding is te groot.")
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise InvalidSubscription(UNREADABLE) from None


@allow("parent")
async def settings_page(request: Request) -> Response:
    events = subscriptions.events_for(principal(request).role)
    return render(request, "parent/meldingen.html", {"events": events})


@allow("pupil", "parent", "teacher", "admin")
async def public_key(request: Request) -> Response:
    sender = await rugzak(request).store.run(notifications.get_sender, request.app)
    return JSONResponse({"key": sender.public_key}, headers=NO_STORE)


@allow("parent")
async def subscribe(request: Request) -> Response:
    app = rugzak(request)
    me = principal(request)
    try:
        data = await _json_body(request)
        sub = subscriptions.clean_subscription(data, me.role, app.settings.base_url)
    except InvalidSubscription as e:
        return _error(str(e))
    await app.store.run(subscriptions.subscribe, app.store.school, me.id, me.role, sub)
    return JSONResponse({"ok": True, "events": sub["events"]}, headers=NO_STORE)


@allow("parent")
async def unsubscribe(request: Request) -> Response:
    app = rugzak(request)
    try:
        data = await _json_body(request)
    except InvalidSubscription as e:
        return _error(str(e))
    endpoint = data.get("endpoint") if isinstance(data, dict) else None
    if not isinstance(endpoint, str) or not endpoint:
        return _error("Het adres voor meldingen ontbreekt.")
    me = principal(request)
    removed = await app.store.run(subscriptions.unsubscribe, app.store.school, me.id, endpoint)
    return JSONResponse({"ok": True, "removed": removed}, headers=NO_STORE)


routes = [
    Route("/ouder/meldingen", settings_page),
    Route("/api/push/sleutel", public_key),
    Route("/api/push/aanmelden", subscribe, methods=["POST"]),
    Route("/api/push/afmelden", unsubscribe, methods=["POST"]),
]
