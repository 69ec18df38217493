"""Answers kept rendered, and gzipped, so the busiest ones are built once, not per request.

- The two overview pages opened most (a teacher's view of a pupil's portfolio, a parent's
  view of a child): they cost most to build (year plan, growth picture, every item). The
  permission check still runs on every request; the key holds the versions of the school
  file and the pupil's file, the viewer and the language, so a change anywhere is a
  different key and a stale page is never served.
- Pages that show nobody's data (a worksheet, the sign-in forms): rendered once per app
  build, language, path and school name (``generic_page``), with an ETag. They are public
  routes, which never resolve who is signed in, so no name is ever in them; forms carry no
  token (cross-site posts are refused by ``Sec-Fetch-Site``/``Origin``), so nothing of a
  session is baked in. A page rendered for a signed-in principal is never kept.
- A pupil's snapshot (``GET /api/mij``): its ETag (``snapshot_etag``) names the pupil and
  hashes everything the answer shows; one built answer per pupil is kept under it.
- Staff and parent pages whose key holds the versions of the files they show (``kept``):
  the admin overview, a class, an assignment, the parent's home, a class's name list.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import secrets
import threading
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from pathlib import Path
from typing import Any, NamedTuple

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from server.domain import viewing
from server.domain.viewing import Gathered
from server.infra.store import valid_id
from server.permissions import can_see_pupil, principal, require
from server.web.context import rugzak
from server.web.locale import language_of
from server.web.templating import TEMPLATE_DIR, render

SERVER_DIR = Path(__file__).resolve().parents[1]


class Page(NamedTuple):
    body: bytes
    zipped: bytes
    etag: str


class PageCache:
    """A small, thread-safe LRU of rendered pages: key -> Page (body, gzipped body, ETag)."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._pages: OrderedDict[Hashable, Page] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Page | None:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key: Hashable, body: bytes, etag: str = "") -> Page:
        page = Page(body, gzip.compress(body, compresslevel=6, mtime=0), etag)
        with self._lock:
            self._pages[key] = page
            self._pages.move_to_end(key)
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)
        return page


def page_cache(request: Request, name: str = "portfolio_pages", size: int = 256) -> PageCache:
    state = request.app.state
    cache = getattr(state, name, None)
    if cache is None:
        cache = PageCache(size)
        setattr(state, name, cache)
    return cache


async def cached_page(request: Request, page: str, build: Callable[[Gathered], bytes]) -> Response:
    """Serve ``page`` for the pupil in the path: kept under the versions of the school file
    and her file (read first, so a kept page is never older than its key), the viewer and
    the language. The permission check runs on every request."""
    app, me = rugzak(request), principal(request)
    pupil_id = request.path_params["pupil_id"]
    if not valid_id(pupil_id, "p"):
        raise HTTPException(404)
    pupil_file = app.store.pupil(pupil_id)
    versions = (app.store.school.version, pupil_file.version)
    key = (page, pupil_id, versions, me.id, language_of(request))
    # Two reads, each holding one file's lock: the school file is never held while a
    # pupil's file is read.
    data = await app.store.read(
        app.store.school, viewing.standing, app.store, pupil_id, lambda p: can_see_pupil(me, p)
    )
    if data is None:
        raise HTTPException(404)
    require(request, data.allowed)
    cache = page_cache(request)
    found = cache.get(key)
    if found is None:
        data = await app.store.read(pupil_file, viewing.read_items, app.store, data)
        found = cache.put(key, build(data))
    return serve(request, found, "text/html")


async def kept(
    request: Request, key: Hashable, build: Callable[[], Awaitable[Response]]
) -> Response:
    """A page kept under ``key``, or built and kept. The key must hold the version of every
    file the page reads (``Database.version``), read *before* building, so what is kept is
    at least as new as its key; and the viewer and language. Only a plain 200 is kept."""
    cache = page_cache(request, "kept_pages")
    page = cache.get(key)
    if page is None:
        response = await build()
        if response.status_code != 200:
            return response
        page = cache.put(key, bytes(response.body))
    return serve(request, page, "text/html")


def serve(request: Request, page: Page, media_type: str, cache: str = "") -> Response:
    """The kept page, gzipped when the client takes it; 304 when it holds this ETag."""
    headers = {"vary": "Accept-Encoding"}
    if cache:
        headers["cache-control"] = cache
    if page.etag:
        headers["etag"] = page.etag
        if matches(request, page.etag):
            return Response(status_code=304, headers=headers)
    if "gzip" in request.headers.get("accept-encoding", ""):
        headers["content-encoding"] = "gzip"
        return Response(page.zipped, media_type=media_type, headers=headers)
    return Response(page.body, media_type=media_type, headers=headers)


def matches(request: Request, etag: str) -> bool:
    """Whether the request's If-None-Match names this ETag (weak comparison, as for GET)."""
    wanted = request.headers.get("if-none-match")
    if not wanted:
        return False
    mine = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") in (mine, "*") for tag in wanted.split(","))


@functools.cache
def build_version(static_version: str) -> str:
    """This build of the app: the PWA's files (their version), the templates and everything
    in the server package (code, worksheets, content, year plans, translations)."""
    digest = hashlib.sha256(static_version.encode())
    for root in (TEMPLATE_DIR, SERVER_DIR):
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(root).as_posix().encode() + b"\0")
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _build(request: Request) -> str:
    return build_version(request.app.state.static.version)


# --- pages that show nobody's data ---

# Like every page (tests/web/test_security.py): not in the browser's HTTP cache. The service
# worker keeps the pupil pages; a client that sends If-None-Match gets a 304.
GENERIC_CACHE = "no-store"


Context = dict[str, Any] | Callable[[], dict[str, Any]] | None


async def generic_page(
    request: Request, template: str, context: Context = None, vary: Hashable = ()
) -> Response:
    """A public page that shows nobody's data, rendered once per build, language, path,
    school name and ``vary`` (whatever else of the request the template reads). The
    context may be a function: it is then called only when the page is rendered."""
    if getattr(request.state, "principal", None) is not None:  # would show who is signed in
        return render(request, template, context() if callable(context) else context)
    lang = language_of(request)
    key = ("generic", template, request.url.path, lang, request.app.state.school_name, vary)
    cache = page_cache(request, "generic_pages", 512)
    page = cache.get(key)
    if page is None:
        body = bytes(render(request, template, context() if callable(context) else context).body)
        digest = hashlib.sha256(repr((_build(request), key)).encode() + body).hexdigest()
        page = cache.put(key, body, f'W/"{digest[:24]}"')
    return serve(request, page, "text/html", GENERIC_CACHE)


# --- the pupil's snapshot (GET /api/mij) ---


# File versions count from 1 in every process: with this, an ETag from before a restart
# never matches an answer after it.
BOOT = secrets.token_hex(8)


def snapshot_etag(request: Request, pupil_id: str, version: Hashable) -> str:
    """The ETag of a pupil's snapshot: her id, and a hash of what the answer is made of
    (the versions of the school file and her file, this process), the app's build and the
    request's language."""
    parts = repr((pupil_id, BOOT, version, _build(request), language_of(request)))
    return f'"mij-{pupil_id}-{hashlib.sha256(parts.encode()).hexdigest()[:24]}"'
