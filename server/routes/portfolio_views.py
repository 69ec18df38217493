"""Server-rendered views of a pupil's portfolio for teachers and parents, and printing."""

from __future__ import annotations

from starlette.routing import Route

routes: list[Route] = []
