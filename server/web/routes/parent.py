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
from server.web.templating import render


@allow("parent")
async def home(request: Request) -> Response:
    app = rugzak(request)
    me = principal(request)
    children = await app.store.run(family.children, app.store, app.catalog, me.id, date.today())
    return render(request, "parent/home.html", {"children": children})


routes = [Route("/ouder", home)]
