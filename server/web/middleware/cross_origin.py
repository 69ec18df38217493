"""Refuse unsafe requests that another site made a browser send.

Browsers label every request with Sec-Fetch-Site; older ones still send Origin on
unsafe requests. No token is needed, so nothing goes stale on a tablet that was
offline for a week (the approach of Datasette and Go's CrossOriginProtection).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from server.web.templating import http_error

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
MESSAGE = "Dit verzoek kwam niet van Rugzak zelf. Ga terug naar Rugzak en probeer het daar opnieuw."


def is_cross_origin(scope: Scope) -> bool:
    headers = Headers(scope=scope)
    site = headers.get("sec-fetch-site")
    if site is not None:
        return site not in ("same-origin", "none")
    origin = headers.get("origin")
    if origin is None:
        return False  # not a browser, or a same-origin GET-like navigation: SameSite guards it
    if origin == "null":
        return True
    netloc = urlsplit(origin).netloc
    return netloc != headers.get("host", "") and netloc != _public_host(scope)


def _public_host(scope: Scope) -> str:
    """The host of the configured public address: behind a reverse proxy that does not pass
    the Host header on, browsers without Sec-Fetch-Site (older iPads) still get in."""
    app = scope.get("app")
    rugzak = getattr(getattr(app, "state", None), "rugzak", None)
    base_url = getattr(getattr(rugzak, "settings", None), "base_url", "")
    return urlsplit(base_url).netloc if base_url else ""


class CrossOriginProtection:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and scope["method"] not in SAFE_METHODS
            and is_cross_origin(scope)
        ):
            # In Dutch and in the caller's shape: JSON for the device's /api/, else a page.
            response = await http_error(Request(scope), HTTPException(403, MESSAGE))
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)
