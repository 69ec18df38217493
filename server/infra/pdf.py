"""HTML to PDF with WeasyPrint, in a child process of its own.

A child process because WeasyPrint sets Pillow's LOAD_TRUNCATED_IMAGES for the whole process
when it is imported (a photo upload must never accept a half-sent file: images.py), because
a booklet with three years of photos takes some hundred MiB that are returned as soon as it is
made, and because the server starts without loading Pango (2 s per start).

The parent sends ``{"html", "base", "files": {url: path}}`` as JSON on stdin and reads the
PDF from stdout. The child loads only the listed files: no network, no other file."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

TIMEOUT = 300  # seconds; a booklet of a full three years takes a few


class PdfFailed(RuntimeError):
    pass


def render(html: str, base: str, files: Mapping[str, Path]) -> bytes:
    """The PDF of ``html``, whose relative addresses resolve under ``base``; ``files`` are the
    only addresses it may load (e.g. its photos)."""
    job = json.dumps({"html": html, "base": base, "files": {u: str(p) for u, p in files.items()}})
    try:
        done = subprocess.run(
            [sys.executable, "-m", "server.infra.pdf"],
            input=job.encode(),
            capture_output=True,
            timeout=TIMEOUT,
            env=os.environ.copy(),
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as e:
        raise PdfFailed(f"making the PDF failed: {e}") from e
    if done.returncode != 0 or not done.stdout.startswith(b"%PDF-"):
        tail = done.stderr.decode(errors="replace")[-2000:]
        raise PdfFailed(f"making the PDF failed ({done.returncode}): {tail}")
    return done.stdout


def fetcher(files: Mapping[str, Path]) -> Any:
    """A WeasyPrint URL fetcher that serves ``files`` and refuses every other address."""
    import weasyprint.urls
    from PIL import ImageFile

    ImageFile.LOAD_TRUNCATED_IMAGES = False  # (this process may be a test's: keep it as it was)
    urls = weasyprint.urls

    class Only(urls.URLFetcher):  # type: ignore[name-defined,misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            path = files.get(url)
            if path is None:
                raise ValueError(f"not part of the document: {url}")
            return urls.URLFetcherResponse(url, path.read_bytes(), {"Content-Type": "image/webp"})

    return Only()


def main() -> None:
    job = json.loads(sys.stdin.buffer.read())
    import weasyprint

    logging.getLogger("weasyprint").setLevel(logging.ERROR)  # the app's screen-only CSS
    files = {url: Path(path) for url, path in job["files"].items()}
    html = weasyprint.HTML(string=job["html"], base_url=job["base"], url_fetcher=fetcher(files))
    sys.stdout.buffer.write(html.write_pdf())


if __name__ == "__main__":
    main()
