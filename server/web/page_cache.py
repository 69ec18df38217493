"""Rendered pages kept, and gzipped, for the two overview pages opened most (a teacher's view
of a pupil's portfolio, a parent's view of a child): they cost most to build (year plan,
growth picture, every item).

The permission check still runs on every request; the cache key holds everything the page
shows (the portfolio's revision, which goes up with every change, the pupil, class and
school details, the viewer), so a change anywhere is a different key and a stale page is
never served.
"""

from __future__ import annotations

import gzip
import threading
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from server.domain import viewing
from server.domain.principal import Principal
from server.domain.viewing import Gathered
from server.permissions import can_see_pupil, principal, require
from server.web.context import rugzak


class PageCache:
    """A small, thread-safe LRU of rendered pages: key -> (html, gzipped html)."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._pages: OrderedDict[Hashable, tuple[bytes, bytes]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> tuple[bytes, bytes] | None:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key: Hashable, body: bytes) -> tuple[bytes, bytes]:
        page = (body, gzip.compress(body, compresslevel=6, mtime=0))
        with self._lock:
            self._pages[key] = page
            self._pages.move_to_end(key)
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)
        return page


def page_cache(request: Request) -> PageCache:
    state = request.app.state
    cache = getattr(state, "portfolio_pages", None)
    if cache is None:
        cache = state.portfolio_pages = PageCache()
    return cache


def _key(page: str, data: Gathered, me: Principal) -> Hashable:
    pupil, cls = data.pupil, data.cls or {}
    return (
        page,
        pupil["id"],
        data.revision,
        pupil["first_name"],
        pupil["last_name"],
        pupil["class_id"],
        cls.get("name"),
        cls.get("group"),
        data.school_year,
        me.id,
        me.role,
        me.name,
    )


async def cached_page(request: Request, page: str, build: Callable[[Gathered], bytes]) -> Response:
    """Serve ``page`` for the pupil in the path from the cache, or build and keep it."""
    app, cache, me = rugzak(request), page_cache(request), principal(request)
    pupil_id = request.path_params["pupil_id"]
    found: list[tuple[bytes, bytes]] = []

    def known(data: Gathered) -> bool:
        hit = cache.get(_key(page, data, me))
        if hit is not None:
            found.append(hit)
        return hit is not None

    # Two reads, each holding one file's lock: the school file is never held while a
    # pupil's file is read.
    data = await app.store.read(
        app.store.school, viewing.standing, app.store, pupil_id, lambda p: can_see_pupil(me, p)
    )
    if data is None:
        raise HTTPException(404)
    require(request, data.allowed)
    data = await app.store.read(
        app.store.pupil(pupil_id), viewing.read_unless, app.store, data, known
    )
    return serve(request, found[0] if found else cache.put(_key(page, data, me), build(data)))


async def kept(
    request: Request, key: Hashable, build: Callable[[], Awaitable[Response]]
) -> Response:
    """A page kept under ``key``, or built and kept. The key must hold the version of every
    file the page reads (``Database.version``), read *before* building, so what is kept is
    at least as new as its key; and the viewer and language. Only a plain 200 is kept."""
    state = request.app.state
    cache = getattr(state, "kept_pages", None)
    if cache is None:
        cache = state.kept_pages = PageCache()
    page = cache.get(key)
    if page is None:
        response = await build()
        if response.status_code != 200:
            return response
        page = cache.put(key, response.body)
    return serve(request, page)


def serve(request: Request, page: tuple[bytes, bytes]) -> Response:
    """A kept page, gzipped when the browser takes it."""
    html, zipped = page
    if "gzip" in request.headers.get("accept-encoding", ""):
        headers = {"content-encoding": "gzip", "vary": "Accept-Encoding"}
        return Response(zipped, media_type="text/html", headers=headers)
    return Response(html, media_type="text/html", headers={"vary": "Accept-Encoding"})
