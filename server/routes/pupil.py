"""The pupil's own pages."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .. import school
from ..context import Rugzak, rugzak
from ..permissions import allow, principal
from ..templating import render


def _me(app: Rugzak, pupil_id: str):
    with app.store.school.transaction() as db:
        pupil = school.get_pupil(db, pupil_id)
        assert pupil is not None
        return pupil, school.get_class(db, pupil["class_id"])


@allow("pupil")
async def home(request: Request) -> Response:
    app = rugzak(request)
    pupil, cls = await app.store.run(_me, app, principal(request).id)
    return render(request, "pupil/home.html", {"pupil": pupil, "cls": cls})


routes = [Route("/leerling", home)]
