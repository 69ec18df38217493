"""Benchmark: the first load of the pupil app in compressed bytes, measured in a real browser.

Run from the project folder: .venv/bin/python bench/first_load.py [--port 0]

The demo school is served by `python -m server serve` from a temporary folder (as in
bench/lighthouse.py); Playwright drives Debian's Chromium (390 x 844), signs Emma de Vries in
(class code -> name -> PIN), then, for the pupil home (/leerling) and the worksheet
/leerling/werkblad/zelfportret-8#<her item>, clears the HTTP cache and loads the page once,
until her data is bound into it and the network is idle.

What is counted: the encoded (on-the-wire, gzip as the server sends it) body of every response
the page itself loads (Playwright's `responseBodySize`), headers not included:
- app: the HTML, JS modules, CSS, icons and pictograms (these are drawn inline from the HTML
  and pwa/js/pictos.js, so they are part of those files), the manifest. This is
  `first_load_kb_<page>`, in KiB (1024 bytes), printed last for home and worksheet; the goal
  (issue 12) is <= 40.
- data: her portfolio from /api/mij and other /api/ answers (listed, not in the goal);
- photos: her photos' thumbnails under /media/ (listed, not in the goal).
The service worker is blocked in that browser context, so its background precache of the
other pupil pages and files (which a tablet downloads once, after the first page is shown) is
not mixed in; it is measured apart, in a second context where the worker may run, as the sum of
the requests the worker itself makes (`sw_precache_kb`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lighthouse import CHROMIUM, CHROMIUM_ARGS, DemoServer, forget_caches, sign_in_pupil

VIEWPORT = {"width": 390, "height": 844}
GZIP_MIN = 800  # the server's GZipMiddleware minimum_size: smaller bodies go uncompressed


def bucket(path: str) -> str:
    if path.startswith("/api/"):
        return "data"
    if path.startswith("/media/"):
        return "photos"
    return "app"


def load_once(page, url: str) -> list[dict]:
    """Load ``url`` in ``page`` from a cold HTTP cache; every response the page received."""
    from playwright.sync_api import expect

    page.goto("about:blank")
    forget_caches(page.context.new_cdp_session(page), url.split("/leerling")[0])
    seen: list = []

    def note(request) -> None:
        seen.append(request)

    page.on("requestfinished", note)
    page.goto(url, wait_until="load")
    expect(page.locator("[data-me=first_name]").first).to_have_text("Emma", timeout=20000)
    page.wait_for_load_state("networkidle")
    page.remove_listener("requestfinished", note)
    rows = []
    for request in seen:
        response = request.response()
        if response is None or request.url.startswith("data:"):
            continue
        path = urlsplit(request.url).path
        rows.append(
            {
                "path": path,
                "type": request.resource_type,
                "status": response.status,
                # Chromium reports no body (a negative size) for a reuse of a file this
                # load already fetched, such as the favicon after the header's logo.
                "bytes": max(0, request.sizes()["responseBodySize"]),
                "encoding": response.headers.get("content-encoding", ""),
                "bucket": bucket(path),
                "from_sw": response.from_service_worker,
            }
        )
    return rows


def precache_kib(browser, server: DemoServer) -> float:
    """What the service worker downloads in the background after a first page: the requests
    the worker itself makes (its precache), summed, in KiB."""
    context = browser.new_context(viewport=VIEWPORT, service_workers="allow")
    try:
        page = context.new_page()
        worker_requests: list = []

        def note(request) -> None:
            if request.service_worker is not None:
                worker_requests.append(request)

        context.on("requestfinished", note)
        sign_in_pupil(page, server.url)
        page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
        page.wait_for_load_state("networkidle")
        return sum(r.sizes()["responseBodySize"] for r in worker_requests) / 1024
    finally:
        context.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=0, help="the Rugzak server's port")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with DemoServer(args.port) as server, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport=VIEWPORT, service_workers="block")
        page = context.new_page()
        sign_in_pupil(page, server.url)
        figures: list[str] = []
        for name, url in server.pages().items():
            rows = load_once(page, url)
            totals = {b: sum(r["bytes"] for r in rows if r["bucket"] == b) / 1024 for b in
                      ("app", "data", "photos")}  # fmt: skip
            figures.append(f"first_load_kb_{name}: {totals['app']:.1f}")
            print(
                f"{name} ({url.removeprefix(server.url)}): app {totals['app']:.1f} KiB, "
                f"data {totals['data']:.1f} KiB, photos {totals['photos']:.1f} KiB"
            )
            for r in sorted(rows, key=lambda r: -r["bytes"]):
                note = ""
                if r["bytes"] >= GZIP_MIN and not r["encoding"] and r["bucket"] == "app":
                    note = "  (not compressed)"
                print(
                    f"  {r['bucket']:<6} {r['type']:<10} {r['bytes'] / 1024:6.1f} KiB "
                    f"{r['encoding'] or '-':<5} {r['status']} {r['path']}{note}"
                )
            sys.stdout.flush()
        context.close()
        print(f"sw_precache_kb: {precache_kib(browser, server):.1f}")
        browser.close()
    print("\n".join(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
