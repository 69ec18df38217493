"""A limit on request bodies, answered like every other refusal: in Dutch, as JSON for the
device's /api/ calls and as a page otherwise (Starlette's own limit answers English text).
The limit is checked on Content-Length first and then while the body streams in, so an
oversized body is never read whole."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server.infra.images import MSG_TOO_LARGE
from server.web.templating import http_error

MSG_BODY = "Wat je stuurde is te groot om te versturen. Probeer een kleiner bestand."


def too_large(path: str) -> HTTPException:
    return HTTPException(413, MSG_TOO_LARGE if path.startswith("/api/media/") else MSG_BODY)


class BodyLimit:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        try:
            length = int(request.headers.get("content-length", "0"))
        except ValueError:
            length = 0
        if length > self.max_bytes:
            response = await http_error(request, too_large(scope["path"]))
            await response(scope, receive, send)
            return
        size = 0

        async def limited_receive() -> Message:
            # Raised inside the app, so its error handler answers (in Dutch, in its shape).
            nonlocal size
            message = await receive()
            if message["type"] == "http.request":
                size += len(message.get("body", b""))
                if size > self.max_bytes:
                    raise too_large(scope["path"])
            return message

        await self.app(scope, limited_receive, send)
