from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ..context import rugzak
from ..permissions import public


@public
async def healthz(request: Request) -> Response:
    app = rugzak(request)
    writable = app.store.data_dir.is_dir()
    return JSONResponse(
        {"status": "ok" if writable else "degraded", "version": request.app.state.static.version},
        status_code=200 if writable else 503,
    )


routes = [Route("/healthz", healthz)]
