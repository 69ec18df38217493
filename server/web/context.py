"""The application's shared objects, reachable from every request as ``rugzak(request)``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from jinja2 import Environment
from starlette.requests import Request

from server.domain.signins import SignIns
from server.guides import Guides
from server.guides.advice_calendar import AdviceYear
from server.infra.sealing import Sealer
from server.infra.settings import Settings
from server.infra.store import Store
from server.web.pin_guard import PinGuard
from server.web.sessions import GrantCodec, SessionCodec
from server.web.throttle import Throttle
from server.worksheets import Catalog


@dataclass
class Rugzak:
    settings: Settings
    store: Store
    sessions: SessionCodec
    throttle: Throttle
    env: Environment
    catalog: Catalog
    guides: Guides  # the conversation kinds and their guides
    advice_calendar: Mapping[str, AdviceYear]  # the school advice's dates per school year
    grants: GrantCodec
    sealer: Sealer
    signins: SignIns
    pins: PinGuard


def rugzak(request: Request) -> Rugzak:
    return request.app.state.rugzak
