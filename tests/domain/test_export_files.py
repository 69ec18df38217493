"""The export's files without HTTP: safe file names, and one PDF at a time per process."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from server.domain import export_files


def test_file_names_are_whose_and_when() -> None:
    day = date(2027, 7, 9)
    assert export_files.file_name("Emma", day, "zip") == "rugzak-emma-2027-07-09.zip"
    assert export_files.file_name("Zeynep Nur", day, "pdf") == "rugzak-zeynep-nur-2027-07-09.pdf"
    assert export_files.file_name('../"x"', day, "zip") == "rugzak-x-2027-07-09.zip"
    assert export_files.file_name("", day, "zip") == "rugzak-kind-2027-07-09.zip"


def test_only_one_pdf_is_made_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    entered, release = threading.Event(), threading.Event()

    class SlowHTML:
        def __init__(self, **kwargs: Any) -> None:
            pass

        def write_pdf(self) -> bytes:
            entered.set()
            assert release.wait(30)
            return b"%PDF-"

    monkeypatch.setattr(export_files.weasyprint, "HTML", SlowHTML)
    monkeypatch.setattr(export_files, "_fetcher", lambda photos: None)
    made: list[bytes] = []
    worker = threading.Thread(target=lambda: made.append(export_files.build_pdf("<p>", {})))
    worker.start()
    assert entered.wait(30)
    # While one PDF is being made, a second caller cannot start one.
    assert not export_files.PDF_AT_ONCE.acquire(blocking=False)
    release.set()
    worker.join(30)
    assert made == [b"%PDF-"]
    assert export_files.PDF_AT_ONCE.acquire(blocking=False)
    export_files.PDF_AT_ONCE.release()


def test_the_pdf_loads_only_the_booklets_photos(tmp_path: Path) -> None:
    photo = tmp_path / "p.webp"
    photo.write_bytes(b"RIFF0000WEBP")
    fetcher = export_files._fetcher({"ab" * 32: photo})
    url = export_files.PDF_BASE + "media/" + "ab" * 32 + ".webp"
    assert fetcher.fetch(url).read() == b"RIFF0000WEBP"
    for other in ("https://example.org/x.png", "file:///etc/passwd", export_files.PDF_BASE + "x"):
        with pytest.raises(ValueError):
            fetcher.fetch(other)
