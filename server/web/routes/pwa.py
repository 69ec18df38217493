"""What makes Rugzak an installable PWA: the manifest and the service worker."""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from server.permissions import public
from server.web.context import rugzak
from server.web.static import StaticFiles

ICONS = [
    ("icons/icon-192.png", "192x192", "any"),
    ("icons/icon-512.png", "512x512", "any"),
    ("icons/maskable-512.png", "512x512", "maskable"),
]


@public
async def manifest(request: Request) -> Response:
    static: StaticFiles = request.app.state.static
    data = {
        "name": "Rugzak",
        "short_name": "Rugzak",
        "description": "Jouw rugzak: alles wat je doet en ontdekt in groep 6, 7 en 8.",
        "lang": "nl",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#f7f5f0",
        "theme_color": "#1f5f8b",
        "icons": [
            {"src": static.url(path), "sizes": sizes, "type": "image/png", "purpose": purpose}
            for path, sizes, purpose in ICONS
        ],
    }
    return JSONResponse(
        data, media_type="application/manifest+json", headers={"cache-control": "no-cache"}
    )


def service_worker_source(static: StaticFiles, pages: list[str]) -> str:
    assets = [static.url(rel) for rel in sorted(static.files) if rel != "sw.js"]
    return (
        static.files["sw.js"]
        .decode()
        .replace("__VERSION__", static.version)
        .replace("__ASSETS__", json.dumps(assets))
        .replace("__PAGES__", json.dumps(pages))
    )


@public
async def service_worker(request: Request) -> Response:
    static: StaticFiles = request.app.state.static
    catalog = rugzak(request).catalog
    pages = ["/inloggen", "/klas", "/leerling", "/leerling/presenteren"] + [
        f"/leerling/werkblad/{ws_id}" for ws_id in sorted(catalog.worksheets)
    ]
    return Response(
        service_worker_source(static, pages),
        media_type="text/javascript; charset=utf-8",
        headers={"cache-control": "no-cache", "service-worker-allowed": "/"},
    )


routes = [
    Route("/manifest.webmanifest", manifest),
    Route("/sw.js", service_worker),
]
