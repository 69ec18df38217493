"""The PWA's files, served from memory under a versioned URL with long-lived caching.

Tablets should rarely ask for a script or stylesheet twice; when a file changes, the
version in its URL changes too, so nothing stale is ever served.
"""

from __future__ import annotations

import hashlib
import mimetypes
from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response

from server.permissions import public

PWA_DIR = Path(__file__).resolve().parents[2] / "pwa"
TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".webmanifest": "application/manifest+json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".json": "application/json",
}


class StaticFiles:
    def __init__(self, root: Path = PWA_DIR) -> None:
        self.files: dict[str, bytes] = {}
        digest = hashlib.sha256()
        for path in sorted(root.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                rel = path.relative_to(root).as_posix()
                data = path.read_bytes()
                self.files[rel] = data
                digest.update(rel.encode() + b"\0" + data)
        self.version = digest.hexdigest()[:10]

    def url(self, rel: str) -> str:
        if rel not in self.files:
            raise KeyError(f"no such static file: {rel}")
        return f"/static/{self.version}/{rel}"

    def content_type(self, rel: str) -> str:
        suffix = Path(rel).suffix
        return TYPES.get(suffix) or mimetypes.guess_type(rel)[0] or "application/octet-stream"

    def response(self, rel: str, cache: str) -> Response:
        data = self.files.get(rel)
        if data is None:
            return Response("Niet gevonden", status_code=404, media_type="text/plain")
        return Response(data, media_type=self.content_type(rel), headers={"cache-control": cache})


@public
async def static_file(request: Request) -> Response:
    files: StaticFiles = request.app.state.static
    if request.path_params["version"] != files.version:
        # An old page asking for an old file: serve the current one, but do not cache it.
        return files.response(request.path_params["path"], "no-cache")
    return files.response(request.path_params["path"], "public, max-age=31536000, immutable")
