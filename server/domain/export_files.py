"""The files of an export: the ZIP (the JSON, its schema, the photos and the booklet that
opens offline) and the PDF booklet, made by WeasyPrint from the same HTML.

Both are built in memory off the event loop. A PDF of a child with three years of photos
takes seconds and some hundred MiB, so one process makes one at a time (``PDF_AT_ONCE``):
two teachers pressing the button wait for each other instead of exhausting the server."""

from __future__ import annotations

import io
import json
import logging
import threading
import zipfile
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import weasyprint
import weasyprint.urls
from PIL import ImageFile

from server.domain.export import SCHEMA_FILE, photo_file

# Importing WeasyPrint sets Pillow's LOAD_TRUNCATED_IMAGES for the whole process. It is
# imported here, when the app is built and before any request runs, and the flag is set back
# at once: a photo upload must never accept a half-sent file (server/infra/images.py), and
# importing it later, beside an upload in another thread, would open that window.
ImageFile.LOAD_TRUNCATED_IMAGES = False
logging.getLogger("weasyprint").setLevel(logging.ERROR)  # the app's screen-only CSS

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


def _fetcher(photos: Mapping[str, Path]) -> Any:
    """A WeasyPrint URL fetcher that serves the booklet's photos and refuses anything else:
    making a PDF never touches the network or another file."""
    urls = weasyprint.urls
    URLFetcher, URLFetcherResponse = urls.URLFetcher, urls.URLFetcherResponse

    files = {PDF_BASE + photo_file(media_id): path for media_id, path in photos.items()}

    class PhotosOnly(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            path = files.get(url)
            if path is None:
                raise ValueError(f"not part of the booklet: {url}")
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": "image/webp"})

    return PhotosOnly()


def build_pdf(booklet_html: str, photos: Mapping[str, Path]) -> bytes:
    """The PDF of the booklet (its print CSS: a page per section, page numbers)."""
    with PDF_AT_ONCE:
        fetcher = _fetcher(photos)
        html = weasyprint.HTML(string=booklet_html, base_url=PDF_BASE, url_fetcher=fetcher)
        return html.write_pdf()
