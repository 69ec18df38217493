"""/healthz for the school's monitoring: is the data folder there, is there room on its disk,
and do durable writes work? 503 as soon as writes fail (or nearly no space is left); it turns
200 again by itself with the first write that works once space returns."""

from __future__ import annotations

import shutil

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from server.infra.store import DISK
from server.permissions import public
from server.web.context import rugzak

MIN_FREE_BYTES = 20 * 1024 * 1024  # less than this: the next photo may not fit


@public
async def healthz(request: Request) -> Response:
    app = rugzak(request)
    folder = app.store.data_dir
    try:
        free = shutil.disk_usage(folder).free if folder.is_dir() else 0
    except OSError:
        free = 0
    writes_ok = not DISK.full
    healthy = folder.is_dir() and writes_ok and free >= MIN_FREE_BYTES
    return JSONResponse(
        {
            "status": "ok" if healthy else "degraded",
            "version": request.app.state.static.version,
            "free_bytes": free,
            "writes": "ok" if writes_ok else "failing",
        },
        status_code=200 if healthy else 503,
    )


routes = [Route("/healthz", healthz)]
