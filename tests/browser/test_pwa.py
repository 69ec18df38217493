"""Rugzak as an installable PWA: the manifest and its icons, the service worker and its
headers, the page under the worker's control, installability as Chromium judges it, and a
new version that replaces the old one cleanly (one cache per version, never a mix)."""

from __future__ import annotations

import io
import json
import re
import shutil
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import Browser, Page, expect

from server.demo import DemoLogins

from .conftest import CHROMIUM, CHROMIUM_ARGS, ROOT, LiveServer, eventually


def get(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as e:
        return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()


def sw_version(server: LiveServer) -> str:
    _, _, body = get(server.url + "/sw.js")
    match = re.search(rb'const VERSION = "([^"]+)"', body)
    assert match, "no version in /sw.js"
    return match.group(1).decode()


def wait_controlled(page: Page) -> None:
    assert eventually(
        lambda: page.evaluate("() => navigator.serviceWorker.controller !== null"), 15
    ), "the service worker never took control of the page"


CACHE_CONTENTS = """async () => {
  const out = {};
  for (const name of await caches.keys()) {
    out[name] = (await (await caches.open(name)).keys()).map((r) => r.url);
  }
  return out;
}"""


def cache_contents(page: Page) -> dict[str, list[str]]:
    return page.evaluate(CACHE_CONTENTS)


def test_manifest(server: LiveServer) -> None:
    _, _, page = get(server.url + "/inloggen")
    assert b'<link rel="manifest" href="/manifest.webmanifest">' in page
    status, headers, body = get(server.url + "/manifest.webmanifest")
    assert status == 200
    assert headers["content-type"].startswith("application/manifest+json")
    manifest = json.loads(body)
    assert manifest["name"] == "Rugzak"
    assert 0 < len(manifest["short_name"]) <= 12  # fits under a Home Screen icon
    assert manifest["lang"] == "nl"
    assert manifest["display"] == "standalone"
    assert manifest["scope"] == "/"
    assert manifest["start_url"].startswith(manifest["scope"])
    assert re.fullmatch(r"#[0-9a-f]{6}", manifest["theme_color"])
    assert re.fullmatch(r"#[0-9a-f]{6}", manifest["background_color"])
    icons = {(i["sizes"], i.get("purpose", "any")): i for i in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= set(icons)
    for (sizes, purpose), icon in icons.items():
        status, headers, data = get(server.url + icon["src"])
        assert status == 200, icon["src"]
        assert headers["content-type"] == icon["type"] == "image/png"
        with Image.open(io.BytesIO(data)) as im:
            assert im.format == "PNG"
            assert "x".join(map(str, im.size)) == sizes, icon["src"]
            if purpose == "maskable":  # a maskable icon fills its whole square
                assert im.convert("RGBA").getchannel("A").getextrema() == (255, 255)
    # iPadOS takes its Home Screen icon from apple-touch-icon (180 x 180, no transparency).
    match = re.search(rb'<link rel="apple-touch-icon" href="([^"]+)">', page)
    assert match
    status, _, data = get(server.url + match.group(1).decode())
    assert status == 200
    with Image.open(io.BytesIO(data)) as im:
        assert im.size == (180, 180)
        assert im.convert("RGBA").getchannel("A").getextrema() == (255, 255)


def test_service_worker_is_served(server: LiveServer) -> None:
    status, headers, body = get(server.url + "/sw.js")
    assert status == 200
    assert headers["content-type"].startswith("text/javascript")
    assert headers["service-worker-allowed"] == "/"
    assert "no-cache" in headers["cache-control"] or "no-store" in headers["cache-control"]
    text = body.decode()
    assert "__VERSION__" not in text and "__ASSETS__" not in text and "__PAGES__" not in text
    version = sw_version(server)
    assert re.fullmatch(r"[0-9a-zA-Z_.-]+", version)
    # Everything the worker installs is there (one missing file fails the whole install).
    assets = json.loads(re.search(r"const ASSETS = (\[.*?\]);", text, re.S).group(1))
    assert assets and all(a.startswith(f"/static/{version}/") for a in assets)
    for asset in assets:
        assert get(server.url + asset)[0] == 200, asset


def test_page_is_controlled_and_works_offline(page: Page, server: LiveServer) -> None:
    page.goto(server.url + "/inloggen")
    wait_controlled(page)
    registration = page.evaluate(
        "async () => { const r = await navigator.serviceWorker.getRegistration();"
        " return [r.scope, r.active.scriptURL]; }"
    )
    assert registration == [server.url + "/", server.url + "/sw.js"]
    version = sw_version(server)
    caches = cache_contents(page)
    assert list(caches) == [f"rugzak-{version}"]
    # The page's own files are in this version's cache.
    used = page.evaluate(
        "() => [...document.querySelectorAll('link[rel=stylesheet], script[src]')]"
        ".map((e) => e.href || e.src)"
    )
    assert used and set(used) <= set(caches[f"rugzak-{version}"])
    page.context.set_offline(True)
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page.evaluate("() => document.styleSheets[0].cssRules.length") > 0


def test_installable(browser: Browser, server: LiveServer, tmp_path: Path) -> None:
    context = browser.browser_type.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    try:
        page = context.pages[0] if context.pages else context.new_page()
        page.goto(server.url + "/inloggen")
        wait_controlled(page)
        cdp = context.new_cdp_session(page)
        manifest = cdp.send("Page.getAppManifest")
        assert manifest["url"] == server.url + "/manifest.webmanifest"
        assert manifest["errors"] == []
        assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
    finally:
        context.close()


# --- a new version -------------------------------------------------------------------------

# Serve the app with its PWA files from another folder, so a test can change them.
LAUNCH = """
import sys
from pathlib import Path
import server.app
from server.web.static import StaticFiles
pwa = Path(sys.argv[1])
server.app.StaticFiles = lambda: StaticFiles(pwa)
from server.__main__ import main
sys.exit(main(sys.argv[2:]))
"""


class VersionedServer(LiveServer):
    def __init__(self, data_dir: Path, demo: DemoLogins, pwa_dir: Path) -> None:
        super().__init__(data_dir, demo)
        self.pwa_dir = pwa_dir

    def command(self) -> list[str]:
        return [
            *(sys.executable, "-c", LAUNCH, str(self.pwa_dir), "serve"),
            *("--data", str(self.data_dir), "--port", str(self.port)),
        ]


@pytest.fixture
def versioned(tmp_path: Path, demo_folder: tuple[Path, DemoLogins]) -> Iterator[VersionedServer]:
    data = tmp_path / "data"
    shutil.copytree(demo_folder[0], data)
    pwa = tmp_path / "pwa"
    shutil.copytree(ROOT / "pwa", pwa)
    live = VersionedServer(data, demo_folder[1], pwa)
    live.start()
    yield live
    live.stop()


def settled_caches(page: Page, want: str, timeout: float = 20) -> dict[str, Any]:
    """Open Rugzak again (a reload) until only ``want`` is cached. The browser looks for a
    new worker about a second after a navigation; the app hands over on the next page load."""
    deadline = time.monotonic() + timeout
    caches: dict[str, Any] = {}
    while time.monotonic() < deadline:
        try:
            page.reload()
            for _ in range(12):
                page.wait_for_timeout(250)
                caches = cache_contents(page)
                if list(caches) == [want]:
                    return caches
        except Exception:  # the app reloads itself when the new version takes over
            page.wait_for_timeout(250)
    return caches


def test_new_version_replaces_the_old_one(page: Page, versioned: VersionedServer) -> None:
    old = sw_version(versioned)
    page.goto(versioned.url + "/inloggen")
    wait_controlled(page)
    assert list(cache_contents(page)) == [f"rugzak-{old}"]

    # A new release: one stylesheet changes, so the version changes.
    css = versioned.pwa_dir / "css" / "app.css"
    css.write_text(css.read_text() + "\n/* a new release */\n")
    versioned.stop()
    versioned.start()
    new = sw_version(versioned)
    assert new != old

    caches = settled_caches(page, f"rugzak-{new}")
    assert list(caches) == [f"rugzak-{new}"], f"the new version did not take over: {list(caches)}"
    # Nothing of the old version is left in the new cache; the page uses the new files.
    static = [u for u in caches[f"rugzak-{new}"] if "/static/" in u]
    assert static and all(f"/static/{new}/" in u for u in static)
    links = page.evaluate(
        "() => [...document.querySelectorAll('link[rel=stylesheet], script[src]')]"
        ".map((e) => e.href || e.src)"
    )
    assert links and all(f"/static/{new}/" in u for u in links)
    # And offline the new version is served, page and files alike.
    page.context.set_offline(True)
    page.reload()
    links = page.evaluate(
        "() => [...document.querySelectorAll('link[rel=stylesheet], script[src]')]"
        ".map((e) => e.href || e.src)"
    )
    assert links and all(f"/static/{new}/" in u for u in links)
    assert page.evaluate("() => document.styleSheets[0].cssRules.length") > 0
