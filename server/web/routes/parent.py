"""Parents and other adults linked to a pupil: the home page with, per child, what waits
for them and what is coming."""

from __future__ import annotations

from datetime import date

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from server.domain import family
from server.permissions import allow, principal
from server.web.context import rugzak
from server.web.locale import language_of
from server.web.page_cache import kept
from server.web.templating import render


@allow("parent")
async def home(request: Request) -> Response:
    app = rugzak(request)
    me = principal(request)
    today = date.today()

    async def build() -> Response:
        children = await app.store.run(family.children, app.store, app.catalog, me.id, today)
        return render(request, "parent/home.html", {"children": children})

    # Kept per version of the school file and the children's files, and per day (what is
    # "coming up" moves with the date): parents open it from every push message.
    files = (app.store.school, *(app.store.pupil(p) for p in sorted(me.child_ids)))
    key = ("ouder", me.id, tuple(f.version for f in files), today, language_of(request))
    return await kept(request, key, build)


routes = [Route("/ouder", home)]
