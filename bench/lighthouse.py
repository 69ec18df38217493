"""Benchmark: Lighthouse (mobile, default simulated throttling) on the pupil's home and on a
worksheet holding one of her items, signed in as a demo pupil with her data in IndexedDB.

Run from the project folder: .venv/bin/python bench/lighthouse.py [--port 0] [--debug-port 0]

The pupil pages are generic HTML bound from IndexedDB (without a signed-in pupil on the device
they send the child away), so Lighthouse cannot simply open them in a fresh browser:
- the demo school is created in a temporary folder and served by `python -m server serve` on
  127.0.0.1 (a free port unless --port);
- Debian's Chromium (/usr/bin/chromium) runs headless with --remote-debugging-port and its own
  user-data-dir; Playwright connects to it over CDP and signs Emma de Vries (groep 8) in, as a
  child does: class code page -> her name -> PIN; it waits until her name is bound into the page
  and her work is synced, so her portfolio is in IndexedDB;
- before each run, the browser's HTTP cache, the service worker and its Cache Storage are
  cleared (cookies, IndexedDB and localStorage are kept: she stays signed in), so every page is
  measured as a first load after signing in;
- Lighthouse from npm (pinned, installed on first use into .venv/npm with
  `npm install --prefix .venv/npm lighthouse@<version>`; needs npm and Node >= 18.16) connects
  to that port with --disable-storage-reset and measures the pupil home (/leerling) and
  /leerling/werkblad/zelfportret-8#<her item> ("Blik op de toekomst", the groep 8 self-portrait).
Each page is measured --runs times (default 3) and the run with the median performance score
is reported (Lighthouse's advice on noisy machines; all runs' scores and CLS are listed), its
full report written to bench/out/lighthouse-<page>.json. `--throttling devtools` (diagnostic,
not the goal's measure) really slows CPU and network instead of simulating, which shows the
shifts of a page that paints before its script has filled it.

Prints per page indented lines naming the causes Lighthouse finds (metrics, render-blocking
resources, unused bytes, layout-shift culprits, failing a11y audits), then the figures, last:
`lighthouse_<page>_performance: n`, `lighthouse_<page>_accessibility: n` and
`lighthouse_<page>_cls: x` for home and worksheet.
Goals (issue 12): performance >= 95, accessibility 100 (and CLS <= 0.02, the browser test's).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this checkout's `server`, not another installed copy

from server.demo import PUPIL_PIN, create_demo  # noqa: E402
from server.infra.store import Store, stored  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LIGHTHOUSE_VERSION = "12.8.2"  # 13.x needs Node >= 22.19; Debian 12/13 ship Node 18/20
NPM_DIR = ROOT / ".venv" / "npm"
OUT = ROOT / "bench" / "out"

PUPIL = "Emma de Vries"
CLASS_CODE = "HZN8PX"
WORKSHEET = "zelfportret-8"  # "Blik op de toekomst", the groep 8 self-portrait


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1) as r:
                if r.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f} s")


class DemoServer:
    """The demo school in a fresh temporary folder, served by `python -m server serve`."""

    def __init__(self, port: int = 0) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix="rugzak-bench-"))
        self.data = self.tmp / "data"
        self.logins = create_demo(Store(self.data), hash_cost=2**4)
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def item_id(self, name: str, worksheet: str) -> str:
        """The id of the pupil's (newest) item made on ``worksheet``."""
        portfolio = stored(self.data / "pupils" / self.logins.pupil_ids[name] / "portfolio.json")
        made = [
            (i["created_at"], k)
            for k, i in portfolio["items"].items()
            if i["worksheet"] == worksheet
        ]
        return max(made)[1]

    def pages(self) -> dict[str, str]:
        """The pages measured: the pupil home and a worksheet with one of her items."""
        item = self.item_id(PUPIL, WORKSHEET)
        return {
            "home": f"{self.url}/leerling",
            "worksheet": f"{self.url}/leerling/werkblad/{WORKSHEET}#{item}",
        }

    def __enter__(self) -> DemoServer:
        cmd = [sys.executable, "-m", "server", "serve", "--data", str(self.data)]
        cmd += ["--port", str(self.port)]
        self.process = subprocess.Popen(
            cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=(self.tmp / "server.log").open("wb")
        )
        wait_until_up(self.url + "/healthz")
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process:
            self.process.terminate()
            self.process.wait(10)
        shutil.rmtree(self.tmp, ignore_errors=True)


def sign_in_pupil(page, base_url: str, name: str = PUPIL, code: str = CLASS_CODE) -> None:
    """As a child does: class page -> her name -> PIN; then wait until her data is bound
    into the page (so it is in IndexedDB) and nothing is left to send."""
    from playwright.sync_api import expect

    first, last = name.split(" ", 1)
    page.goto(f"{base_url}/klas/{code}")
    page.get_by_role("link", name=f"{first} {last[:1]}.").click()
    page.get_by_label("Pincode").fill(PUPIL_PIN)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/leerling")
    expect(page.locator("[data-me=first_name]").first).to_have_text(first, timeout=20000)
    expect(page.locator("#sync-status .sync-text")).to_contain_text(
        "Alles is op school", timeout=20000
    )


def forget_caches(cdp, origin: str) -> None:
    """A first load after signing in: no HTTP cache, no service worker, no Cache Storage;
    cookies, IndexedDB and localStorage stay (the pupil stays signed in)."""
    cdp.send("Network.enable")
    cdp.send("Network.clearBrowserCache")
    cdp.send(
        "Storage.clearDataForOrigin",
        {"origin": origin, "storageTypes": "service_workers,cache_storage"},
    )


@contextmanager
def chromium_with_port(debug_port: int = 0) -> Iterator[int]:
    """Debian's Chromium, headless, with a DevTools port and a throwaway profile."""
    port = debug_port or free_port()
    profile = Path(tempfile.mkdtemp(prefix="rugzak-chromium-"))
    proc = subprocess.Popen(
        [
            CHROMIUM,
            "--headless=new",
            f"--remote-debugging-port={port}",
            f"--user-data-dir={profile}",
            *CHROMIUM_ARGS,
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_up(f"http://127.0.0.1:{port}/json/version")
        yield port
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(profile, ignore_errors=True)


def lighthouse_cli() -> Path:
    """Lighthouse's CLI, installed into .venv/npm on first use (pinned version)."""
    cli = NPM_DIR / "node_modules" / "lighthouse" / "cli" / "index.js"
    package = NPM_DIR / "node_modules" / "lighthouse" / "package.json"
    if package.exists() and json.loads(package.read_text())["version"] == LIGHTHOUSE_VERSION:
        return cli
    if not shutil.which("npm"):
        sys.exit("bench/lighthouse.py needs npm (Debian: apt-get install npm)")
    NPM_DIR.mkdir(parents=True, exist_ok=True)
    print(f"Installing lighthouse@{LIGHTHOUSE_VERSION} into {NPM_DIR}", file=sys.stderr)
    subprocess.run(
        ["npm", "install", "--prefix", str(NPM_DIR), "--no-audit", "--no-fund",
         f"lighthouse@{LIGHTHOUSE_VERSION}"],
        check=True, stdout=sys.stderr,
    )  # fmt: skip
    return cli


def run_lighthouse(
    cli: Path, url: str, debug_port: int, out: Path, throttling: str = "simulate"
) -> dict:
    cmd = ["node", str(cli), url, f"--port={debug_port}", "--disable-storage-reset"]
    cmd += [f"--throttling-method={throttling}"]
    cmd += ["--only-categories=performance,accessibility", "--output=json"]
    cmd += [f"--output-path={out}", "--quiet", "--locale=en"]
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    for attempt in range(3):  # Lighthouse now and then loses the trace (NO_NAVSTART): again
        out.unlink(missing_ok=True)
        done = subprocess.run(cmd, env=env, timeout=300)
        report = json.loads(out.read_text()) if out.exists() else {}
        error = report.get("runtimeError", {}).get("code", "")
        if done.returncode == 0 and not error:
            return report
        print(
            f"lighthouse failed ({error or done.returncode}), attempt {attempt + 1}",
            file=sys.stderr,
        )
    return report


def short(url: str, base: str) -> str:
    return url.removeprefix(base) or url


def causes(report: dict, base: str) -> list[str]:
    """What Lighthouse names as the reasons: metrics, opportunities, shift culprits, a11y."""
    audits = report["audits"]
    lines = []
    metrics = ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time"]
    metrics += ["speed-index", "cumulative-layout-shift"]
    lines.append(
        "metrics: " + ", ".join(f"{m} {audits[m]['displayValue']}" for m in metrics if m in audits)
    )
    for audit_id in ["render-blocking-resources", "unused-javascript", "unused-css-rules"]:
        audit = audits.get(audit_id, {})
        items = audit.get("details", {}).get("items", [])
        if not items:
            continue
        what = ", ".join(
            f"{short(i.get('url', '?'), base)}"
            + (f" {i['wastedMs']:.0f} ms" if "wastedMs" in i else "")
            + (f" {i['wastedBytes'] / 1024:.1f} KB unused" if "wastedBytes" in i else "")
            for i in items[:6]
        )
        lines.append(f"{audit_id}: {audit.get('displayValue', '')} {what}".rstrip())
    for audit_id in ["total-byte-weight", "dom-size", "mainthread-work-breakdown"]:
        if audit_id in audits and audits[audit_id].get("displayValue"):
            lines.append(f"{audit_id}: {audits[audit_id]['displayValue']}")
    lcp = audits.get("largest-contentful-paint-element", {}).get("details", {}).get("items", [])
    for group in lcp[:1]:
        for item in group.get("items", [])[:1]:
            node = item.get("node", {})
            lines.append(f"lcp-element: {node.get('selector', '')} {node.get('snippet', '')[:90]}")
    shifts = audits.get("layout-shifts", {}).get("details", {}).get("items", [])
    for item in shifts[:5]:
        node = item.get("node", {})
        culprits = [
            c.get("extra", {}).get("value", c.get("cause", ""))
            for c in item.get("subItems", {}).get("items", [])
        ]
        lines.append(
            f"layout-shift {item.get('score', 0):.3f}: {node.get('selector', '?')} "
            f"{node.get('snippet', '')[:80]}" + (f" (cause: {culprits})" if culprits else "")
        )
    for ref in report["categories"]["accessibility"]["auditRefs"]:
        audit = audits[ref["id"]]
        if ref["weight"] and audit.get("score") is not None and audit["score"] < 1:
            nodes = [
                i.get("node", {}).get("selector", "")
                for i in audit.get("details", {}).get("items", [])[:4]
            ]
            lines.append(f"a11y fails {ref['id']}: {audit['title']} {nodes}")
    return lines


def measure(endpoint: str, cli: Path, url: str, debug_port: int, out: Path, throttling: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.connect_over_cdp(endpoint)
        page = browser.contexts[0].new_page()
        forget_caches(page.context.new_cdp_session(page), url.split("/leerling")[0])
        page.close()
    return run_lighthouse(cli, url, debug_port, out, throttling)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=0, help="the Rugzak server's port")
    parser.add_argument("--debug-port", type=int, default=0, help="Chromium's DevTools port")
    parser.add_argument("--runs", type=int, default=3, help="runs per page; the median counts")
    parser.add_argument(
        "--throttling",
        choices=["simulate", "devtools"],
        default="simulate",
        help="Lighthouse's default (simulate) or real slowed loading (devtools, diagnostic)",
    )
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    cli = lighthouse_cli()
    OUT.mkdir(parents=True, exist_ok=True)
    with DemoServer(args.port) as server, chromium_with_port(args.debug_port) as debug_port:
        endpoint = f"http://127.0.0.1:{debug_port}"
        with sync_playwright() as p:
            browser = p.chromium.connect_over_cdp(endpoint)
            page = browser.contexts[0].new_page()
            sign_in_pupil(page, server.url)
            page.close()
        figures: list[str] = []
        for name, url in server.pages().items():
            out = OUT / f"lighthouse-{name}.json"
            reports = []
            for _ in range(args.runs):
                report = measure(endpoint, cli, url, debug_port, out, args.throttling)
                final = report.get("finalDisplayedUrl", "")
                if report.get("runtimeError") or "/leerling" not in final:
                    error = report.get("runtimeError", {}).get("message", "")
                    print(f"lighthouse_{name}_error: {error or 'ended on ' + final}")
                    return 1
                reports.append(report)
            # The median run by performance score (Lighthouse's advice for noisy machines).
            reports.sort(key=lambda r: r["categories"]["performance"]["score"])
            report = reports[len(reports) // 2]
            out.write_text(json.dumps(report))
            cats = report["categories"]
            cls = report["audits"]["cumulative-layout-shift"]["numericValue"]
            scores = [round(r["categories"]["performance"]["score"] * 100) for r in reports]
            shifts = [
                round(r["audits"]["cumulative-layout-shift"]["numericValue"], 3) for r in reports
            ]
            print(f"{name} ({url.removeprefix(server.url)}):")
            print(f"  runs ({args.throttling}): performance {scores}, cls {shifts}")
            for line in causes(report, server.url):
                print("  " + line)
            sys.stdout.flush()
            figures += [
                f"lighthouse_{name}_performance: {round(cats['performance']['score'] * 100)}",
                f"lighthouse_{name}_accessibility: {round(cats['accessibility']['score'] * 100)}",
                f"lighthouse_{name}_cls: {cls:.3f}",
            ]
        print("\n".join(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
