"""The routes of the data-lifecycle work (hiding, deletion, retention) on a test app.

``server/app.py`` lists every route module; until it lists these, ``wire`` adds them to an
app made by ``create_app`` (before the static files' catch-all). Once app.py lists them it
changes nothing."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.routing import Route

from server.web.routes import deletion, hiding

LIFECYCLE: list[Route] = [*hiding.routes, *deletion.routes]


def wire(app: Starlette) -> Starlette:
    have = {(r.path, frozenset(r.methods or ())) for r in app.routes if isinstance(r, Route)}
    missing = [r for r in LIFECYCLE if (r.path, frozenset(r.methods or ())) not in have]
    app.router.routes[0:0] = missing
    return app
