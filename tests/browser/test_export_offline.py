"""The ZIP's booklet opens offline: unzipped into a folder and opened from disk in Chromium,
it asks for nothing but its own files, its photos load and the child's words are there."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from urllib.parse import urlparse

from playwright.sync_api import Browser

from tests.helpers import export_world as ew


def test_the_zips_booklet_opens_with_no_network(
    empty_app, empty_clients, browser: Browser, tmp_path: Path
) -> None:
    world = ew.build(empty_app, empty_clients)
    parent = empty_clients.parent(world.parent)
    r = parent.get(f"/ouder/kind/{world.pupil.id}/bewaren/rugzak.zip")
    assert r.status_code == 200
    folder = tmp_path / "rugzak"
    with zipfile.ZipFile(io.BytesIO(r.content)) as z:
        z.extractall(folder)

    context = browser.new_context()
    try:
        page = context.new_page()
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        failed: list[str] = []
        page.on("requestfailed", lambda request: failed.append(request.url))
        page.goto((folder / "boekje.html").as_uri(), wait_until="load")
        page.wait_for_function("() => [...document.images].every(img => img.complete)")

        assert requests, "the page itself is a request"
        assert [u for u in requests if urlparse(u).scheme != "file"] == []
        inside = folder.as_uri() + "/"
        assert [u for u in requests if not u.startswith(inside)] == []  # nothing else on disk
        assert failed == []
        photos = page.eval_on_selector_all("img", "imgs => imgs.map(i => i.naturalWidth)")
        assert photos and all(width > 0 for width in photos), photos
        photo_urls = [u for u in requests if u.endswith(".webp")]
        assert photo_urls == [(folder / "media" / f"{world.photo_id}.webp").as_uri()]

        text = page.locator("main").inner_text()
        assert world.pupil.name in text
        for sheet in world.items:
            for typed in world.texts[sheet]:
                assert typed.split("\n")[0] in text, (sheet, typed)
        assert ew.COMPLIMENT in text and ew.AGREEMENT in text
        assert page.locator("figure.growth svg").count() == 1
    finally:
        context.close()
