"""The files of an export: the ZIP (the JSON, its schema, the photos and the booklet that
opens offline) and the PDF booklet, made by WeasyPrint from the same HTML.

Both are built in memory off the event loop. A PDF of a child with three years of photos
takes seconds and some hundred MiB, so one process makes one at a time (``PDF_AT_ONCE``):
two teachers pressing the button wait for each other instead of exhausting the server."""

from __future__ import annotations

import io
import json
import threading
import zipfile
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from server.domain.export import SCHEMA_FILE, photo_file
from server.infra import pdf

JSON_NAME = "rugzak-export.json"
SCHEMA_NAME = "export_schema.json"
BOOKLET_NAME = "boekje.html"
PDF_AT_ONCE = threading.BoundedSemaphore(1)
# The PDF's pretend address: relative photo paths resolve under it, and nothing else loads.
PDF_BASE = "file:///rugzak-export/"


def _slug(text: str) -> str:
    kept = "".join(ch.lower() if ch.isalnum() else "-" for ch in text)
    return "-".join(part for part in kept.split("-") if part) or "kind"


def file_name(first_name: str, day: date, suffix: str) -> str:
    """``rugzak-emma-2026-07-10.zip``: whose and when, safe in any file system."""
    return f"rugzak-{_slug(first_name)}-{day.isoformat()}.{suffix}"


def build_zip(doc: Mapping[str, Any], booklet_html: str, photos: Mapping[str, Path]) -> bytes:
    """The ZIP: JSON + schema + booklet (deflated), photos under media/ (stored: WebP is
    compressed already)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(JSON_NAME, json.dumps(doc, ensure_ascii=False, indent=2))
        z.writestr(SCHEMA_NAME, SCHEMA_FILE.read_bytes())
        z.writestr(BOOKLET_NAME, booklet_html)
        for media_id, path in photos.items():
            z.write(path, photo_file(media_id), compress_type=zipfile.ZIP_STORED)
    return buf.getvalue()


def build_pdf(booklet_html: str, photos: Mapping[str, Path]) -> bytes:
    """The PDF of the booklet (its print CSS: a page per section, page numbers), made in a
    child process (server/infra/pdf.py) that may load the booklet's photos and nothing else."""
    files = {PDF_BASE + photo_file(media_id): path for media_id, path in photos.items()}
    with PDF_AT_ONCE:
        return pdf.render(booklet_html, PDF_BASE, files)
