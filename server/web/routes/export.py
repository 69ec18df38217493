"""Keeping a child's Rugzak: the family (on their phone), her teacher and the admin download
the ZIP (the JSON, its schema, the photos and a booklet that opens offline) or the PDF
booklet. Only who may see the pupil gets it (404 for other parents, 403 for other staff);
a parent's copy holds only what the child shared. Every download is in the access log
before it is sent (server/domain/access_log.py)."""

from __future__ import annotations

import logging
from functools import partial

import anyio.to_thread
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from server.domain import access_log, export, export_files
from server.domain.planning import local_now
from server.infra.pdf import PdfFailed
from server.permissions import allow, principal
from server.web.context import rugzak
from server.web.pupil_access import load
from server.web.routes.portfolio_views import STAFF
from server.web.routes.printing import booklet_html, collected
from server.web.templating import render

PARENT_BASE = "/ouder/kind/{pupil_id}"
STAFF_BASE = "/leraar/leerling/{pupil_id}"
log = logging.getLogger(__name__)


def _pdf_limiter(request: Request) -> anyio.CapacityLimiter:
    state = request.app.state
    if not hasattr(state, "pdf_limiter"):
        state.pdf_limiter = anyio.CapacityLimiter(1)
    return state.pdf_limiter


def _download(body: bytes, media_type: str, filename: str) -> Response:
    return Response(
        body,
        media_type=media_type,
        headers={
            "content-disposition": f'attachment; filename="{filename}"',
            "cache-control": "no-store",
        },
    )


async def _page(request: Request, base: str, *, pdf_failed: bool = False) -> Response:
    data = await load(request, with_items=False)
    pupil_id = data.pupil["id"]
    here = base.format(pupil_id=pupil_id)
    ctx = {"pupil": data.pupil, "name": data.name, "back": here, "base": here + "/bewaren"}
    ctx["pdf_failed"] = pdf_failed
    return render(request, "export/bewaren.html", ctx, status=503 if pdf_failed else 200)


def _zip_body(request: Request, c: export.Collected) -> bytes:
    html = booklet_html(request, c, "html")
    return export_files.build_zip(export.document(c, rugzak(request).catalog), html, c.photos)


async def _zip(request: Request) -> Response:
    app, me = rugzak(request), principal(request)
    data = await load(request, with_items=False)  # the permission check, first
    c = await collected(request, data.pupil["id"])
    body = await app.store.run(_zip_body, request, c)  # rendering and zipping: off the loop
    await app.store.run(access_log.seen, app.store, data.pupil["id"], me, "export")
    name = export_files.file_name(data.pupil["first_name"], local_now().date(), "zip")
    return _download(body, "application/zip", name)


async def _pdf(request: Request, base: str) -> Response:
    app, me = rugzak(request), principal(request)
    data = await load(request, with_items=False)
    c = await collected(request, data.pupil["id"])
    html = await app.store.run(booklet_html, request, c, "pdf")
    # Off the event loop, one at a time: later requests wait here without holding a thread.
    try:
        body = await anyio.to_thread.run_sync(
            partial(export_files.build_pdf, html, c.photos), limiter=_pdf_limiter(request)
        )
    except PdfFailed:
        log.exception("no PDF for %s", data.pupil["id"])
        return await _page(request, base, pdf_failed=True)  # says so, and offers the ZIP
    await app.store.run(access_log.seen, app.store, data.pupil["id"], me, "pdf")
    name = export_files.file_name(data.pupil["first_name"], local_now().date(), "pdf")
    return _download(body, "application/pdf", name)


@allow("parent")
async def parent_page(request: Request) -> Response:
    return await _page(request, PARENT_BASE)


@allow("parent")
async def parent_zip(request: Request) -> Response:
    return await _zip(request)


@allow("parent")
async def parent_pdf(request: Request) -> Response:
    return await _pdf(request, PARENT_BASE)


@allow(*STAFF)
async def staff_page(request: Request) -> Response:
    return await _page(request, STAFF_BASE)


@allow(*STAFF)
async def staff_zip(request: Request) -> Response:
    return await _zip(request)


@allow(*STAFF)
async def staff_pdf(request: Request) -> Response:
    return await _pdf(request, STAFF_BASE)


routes = [
    Route(PARENT_BASE + "/bewaren", parent_page),
    Route(PARENT_BASE + "/bewaren/rugzak.zip", parent_zip),
    Route(PARENT_BASE + "/bewaren/boekje.pdf", parent_pdf),
    Route(STAFF_BASE + "/bewaren", staff_page),
    Route(STAFF_BASE + "/bewaren/rugzak.zip", staff_zip),
    Route(STAFF_BASE + "/bewaren/boekje.pdf", staff_pdf),
]
