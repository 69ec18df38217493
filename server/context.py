"""The application's shared objects, reachable from every request as ``rugzak(request)``."""

from __future__ import annotations

from dataclasses import dataclass

from jinja2 import Environment
from starlette.requests import Request

from .auth import GrantCodec, SessionCodec, Throttle
from .pin_guard import PinGuard
from .sealing import Sealer
from .settings import Settings
from .signins import SignIns
from .store import Store
from .worksheets import Catalog


@dataclass
class Rugzak:
    settings: Settings
    store: Store
    sessions: SessionCodec
    throttle: Throttle
    env: Environment
    catalog: Catalog
    grants: GrantCodec
    sealer: Sealer
    signins: SignIns
    pins: PinGuard


def rugzak(request: Request) -> Rugzak:
    return request.app.state.rugzak
