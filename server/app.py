"""create_app(settings) -> the Starlette application."""

from __future__ import annotations

import asyncio
import contextlib

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.routing import Route

from server.domain import school
from server.domain.errors import Invalid, NotFound, Refused
from server.domain.reminders import reminder_loop
from server.domain.retention import retention_loop
from server.domain.signins import SignIns
from server.guides import load_guides
from server.guides.advice_calendar import load_calendar
from server.infra.sealing import Sealer
from server.infra.settings import Settings
from server.infra.store import Store
from server.web.context import Rugzak
from server.web.middleware import BodyLimit, CrossOriginProtection, SecurityHeaders
from server.web.pin_guard import PinGuard
from server.web.routes import access as access_routes
from server.web.routes import (
    admin,
    api,
    choosing,
    health,
    language,
    letters,
    parent,
    parent_work,
    planning,
    portfolio_views,
    printing,
    pupil,
    pupil_signin,
    pwa,
    rounds,
    talks,
    teacher,
    vo_schools,
)
from server.web.routes import advice as advice_routes
from server.web.routes import auth as auth_routes
from server.web.routes import deletion as deletion_routes
from server.web.routes import export as export_routes
from server.web.routes import handover as handover_routes
from server.web.routes import hiding as hiding_routes
from server.web.routes import push as push_routes
from server.web.sessions import GrantCodec, SessionCodec
from server.web.static import StaticFiles, static_file
from server.web.templating import disk_full, domain_error, http_error, make_env, server_error
from server.web.throttle import Throttle
from server.worksheets import Catalog, load_catalog


@contextlib.asynccontextmanager
async def lifespan(app: Starlette):
    """Background work while the server runs: the push reminders (server/domain/reminders.py)
    and the retention round (server/domain/retention.py: it also finishes a deletion a crash
    interrupted)."""
    tasks = [asyncio.create_task(reminder_loop(app)), asyncio.create_task(retention_loop(app))]
    try:
        yield
    finally:
        for task in tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


def create_app(
    settings: Settings, *, catalog: Catalog | None = None, sealer: Sealer | None = None
) -> Starlette:
    """The app on ``settings.data_dir``. It loads the worksheet catalogue and the sealing key
    (``seal-key.pem``, made on first start) itself; tests pass one ``catalog`` and one
    ``sealer`` shared by every app of a test run instead."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    store = Store(settings.data_dir)
    static = StaticFiles()
    routes = [
        *health.routes,
        *pwa.routes,
        # The busiest first: routes are matched in order (a route near the end costs some
        # 50 regular expressions). Every tablet asks /api/mij and opens worksheet pages.
        *api.routes,
        *pupil.routes,
        *portfolio_views.routes,
        *hiding_routes.routes,
        *printing.routes,
        *export_routes.routes,
        *auth_routes.routes,
        *pupil_signin.routes,
        *language.routes,
        *parent.routes,
        *parent_work.routes,
        *teacher.routes,
        *planning.routes,
        *rounds.routes,
        *talks.routes,
        *advice_routes.routes,
        *choosing.routes,
        *letters.routes,
        *admin.routes,
        *deletion_routes.routes,
        *vo_schools.routes,
        *push_routes.routes,
        *access_routes.routes,
        *handover_routes.routes,
        Route("/static/{version}/{path:path}", static_file),
    ]
    app = Starlette(
        routes=routes,
        middleware=[
            Middleware(SecurityHeaders),
            Middleware(CrossOriginProtection),
            Middleware(BodyLimit, max_bytes=settings.limits.max_body_bytes),
            Middleware(GZipMiddleware, minimum_size=800),
        ],
        exception_handlers={
            HTTPException: http_error,
            Invalid: domain_error,
            NotFound: domain_error,
            Refused: domain_error,
            OSError: disk_full,
            500: server_error,
        },
        lifespan=lifespan,
    )
    app.state.static = static
    catalog = catalog if catalog is not None else load_catalog()
    app.state.rugzak = Rugzak(
        settings=settings,
        store=store,
        sessions=SessionCodec(
            settings.secret_key, settings.sessions.idle, settings.sessions.absolute
        ),
        throttle=Throttle(
            settings.limits.password_attempts, settings.limits.password_window_minutes * 60
        ),
        env=make_env(static),
        catalog=catalog,
        guides=load_guides(yearplans=catalog.yearplans, worksheets=catalog.worksheets),
        advice_calendar=load_calendar(),
        grants=GrantCodec(settings.secret_key),
        sealer=sealer if sealer is not None else Sealer(settings.data_dir / "seal-key.pem"),
        signins=SignIns(settings.secret_key, store.signins, settings.sessions.absolute["pupil"]),
        pins=PinGuard(settings.secret_key),
    )
    with store.school.transaction() as db:
        app.state.school_name = school.info(db).get("name") or "Rugzak"
    return app
