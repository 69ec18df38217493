"""Parents and other adults linked to a pupil."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .. import school
from ..context import Rugzak, rugzak
from ..permissions import allow, principal
from ..templating import render


def _children(app: Rugzak, adult_id: str):
    with app.store.school.transaction() as db:
        rows = []
        for link in school.links(db, adult_id=adult_id):
            pupil = school.get_pupil(db, link["pupil_id"])
            if pupil:
                cls = school.get_class(db, pupil["class_id"])
                rows.append({"pupil": pupil, "relation": link["relation"], "cls": cls})
        return rows


@allow("parent")
async def home(request: Request) -> Response:
    app = rugzak(request)
    children = await app.store.run(_children, app, principal(request).id)
    return render(request, "parent/home.html", {"children": children})


routes = [Route("/ouder", home)]
