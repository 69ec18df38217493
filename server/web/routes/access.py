"""Who looked at a pupil's Rugzak: recording a view from a page (``log_view``), the admin's
table of a pupil's access log and the parent's page "Wie keek in de Rugzak van …"."""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from server.domain import access_log, viewing
from server.domain.access_log import Access
from server.domain.principal import Principal
from server.infra import dates
from server.permissions import allow, can_see_pupil, principal, require
from server.web.context import rugzak
from server.web.locale import language_of
from server.web.templating import no_store, render


async def log_view(request: Request, pupil_id: str, what: str, item_id: str = "") -> None:
    """Put the signed-in adult's view of ``what`` on the pupil's record. Call it after the
    permission check passed and before the page goes out: a page is only sent once its
    view is on record (a pupil's own views are not recorded). Only a GET is a view: a form
    sent on the same page is a change, whose page was recorded when it was opened."""
    if request.method != "GET":
        return
    app = rugzak(request)
    me = principal(request)
    if access_log.on_record(app.store, pupil_id, me, what, item_id):
        return  # (the same visit: no thread hop, no disk)
    await app.store.run(access_log.seen, app.store, pupil_id, me, what, item_id)


async def log_kept_view(request: Request, what: str) -> None:
    """``log_view`` for a page served from the page cache (``cached_page``), which reads no
    pupil of its own when the page is kept: checked and recorded first. (The access log is a
    quiet log, so the row leaves the versions in the page's key as they were.) The check
    costs one read of the school file in memory; ``cached_page`` checks again."""
    if request.method != "GET":
        return
    app, me = rugzak(request), principal(request)
    pupil_id = request.path_params["pupil_id"]
    data = await app.store.read(
        app.store.school, viewing.standing, app.store, pupil_id, lambda p: can_see_pupil(me, p)
    )
    if data is None:
        raise HTTPException(404)
    require(request, data.allowed)
    await log_view(request, pupil_id, what)


def _rows(entries: list[Access], me: Principal, lang: str) -> list[dict[str, Any]]:
    """The log as table rows: when (on the school's clock, in the reader's language), who
    (kind and name) and what; ``mine`` marks the reader's own visits."""
    return [
        {
            "when": dates.moment(row["at"], lang),
            "who": access_log.WHO.get(row.get("who", ""), ""),
            "name": row.get("name", ""),
            "what": access_log.WHAT.get(row.get("what", ""), ""),
            "mine": row.get("who_id") == me.id,
        }
        for row in entries
    ]


async def _pupil_and_log(request: Request) -> tuple[Any, list[Access]]:
    app, me = rugzak(request), principal(request)
    pupil_id = request.path_params["pupil_id"]
    data = await app.store.run(
        viewing.standing, app.store, pupil_id, lambda p: can_see_pupil(me, p)
    )
    if data is None:
        raise HTTPException(404)
    require(request, data.allowed)
    return data, await app.store.run(access_log.entries, app.store, pupil_id)


@allow("admin")
async def admin_log(request: Request) -> Response:
    data, entries = await _pupil_and_log(request)
    rows = _rows(entries, principal(request), "nl")
    ctx = {"pupil": data.pupil, "name": data.name, "cls": data.cls, "rows": rows}
    return no_store(render(request, "admin/inzage.html", ctx))


@allow("parent")
async def parent_log(request: Request) -> Response:
    """Every view, the other household's too: both share the child and the same right to
    see her Rugzak, and a family asking "who looked?" wants the whole answer, not the
    school's part only. Their own visits read as "U zelf"."""
    data, entries = await _pupil_and_log(request)
    rows = _rows(entries, principal(request), language_of(request))
    return no_store(render(request, "parent/bekeken.html", {"pupil": data.pupil, "rows": rows}))


routes = [
    Route("/beheer/leerling/{pupil_id}/inzage", admin_log),
    Route("/ouder/kind/{pupil_id}/bekeken", parent_log),
]
