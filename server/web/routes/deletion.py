"""The admin deletes one child for good (after a confirmation that names her) and sets how
long the school keeps a child's Rugzak after she left (server/domain/deletion.py,
retention.py)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from server.domain import deletion, retention
from server.domain.errors import Invalid
from server.domain.planning import local_now
from server.permissions import allow, principal
from server.web.context import rugzak
from server.web.forms import read_form, text
from server.web.templating import render


async def _retention_page(request: Request, error: str = "", status: int = 200) -> Response:
    app = rugzak(request)
    today = local_now().date()
    page = await app.store.run(retention.overview, app.store.school, today)
    done = await app.store.run(deletion.done, app.store)
    return render(
        request,
        "admin/retention.html",
        {
            **page,
            "done": done,
            "why": deletion.WHY,
            "notice_days": retention.NOTICE_DAYS,
            "error": error,
            "deleted": request.query_params.get("verwijderd") == "1",
        },
        status=status,
    )


@allow("admin")
async def retention_page(request: Request) -> Response:
    return await _retention_page(request)


@allow("admin")
async def retention_set(request: Request) -> Response:
    app = rugzak(request)
    form = await read_form(request)
    try:
        await app.store.run(retention.set_months, app.store.school, text(form, "months", 5))
    except Invalid as e:
        return await _retention_page(request, error=e.message, status=400)
    return RedirectResponse("/beheer/bewaartermijn", status_code=303)


async def _confirm_page(request: Request, error: str = "", status: int = 200) -> Response:
    app = rugzak(request)
    seen = await app.store.run(deletion.preview, app.store, request.path_params["pupil_id"])
    return render(request, "admin/delete_pupil.html", {"p": seen, "error": error}, status=status)


@allow("admin")
async def confirm(request: Request) -> Response:
    return await _confirm_page(request)


@allow("admin")
async def delete(request: Request) -> Response:
    app = rugzak(request)
    form = await read_form(request)
    try:
        await app.store.run(
            deletion.delete_pupil,
            app.store,
            request.path_params["pupil_id"],
            typed_name=text(form, "name", 200),
            why="beheer",
            by=principal(request).id,
        )
    except Invalid as e:
        return await _confirm_page(request, error=e.message, status=400)
    return RedirectResponse("/beheer/bewaartermijn?verwijderd=1", status_code=303)


routes = [
    Route("/beheer/bewaartermijn", retention_page),
    Route("/beheer/bewaartermijn", retention_set, methods=["POST"]),
    Route("/beheer/leerling/{pupil_id}/verwijderen", confirm),
    Route("/beheer/leerling/{pupil_id}/verwijderen", delete, methods=["POST"]),
]
