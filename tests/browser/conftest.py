"""Browser tests: Rugzak served by uvicorn on 127.0.0.1, driven in Debian's Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from server.demo import PUPIL_PIN, DemoLogins, create_demo
from server.infra.store import Store

ROOT = Path(__file__).resolve().parents[2]
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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    def __init__(self, data_dir: Path, demo: DemoLogins) -> None:
        self.data_dir, self.demo = data_dir, demo
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None
        self.log = (data_dir.parent / "server.log").open("wb")

    def command(self) -> list[str]:
        return [
            sys.executable,
            "-m",
            "server",
            "serve",
            "--data",
            str(self.data_dir),
            "--port",
            str(self.port),
        ]

    def start(self) -> None:
        if self.log.closed:
            self.log = (self.data_dir.parent / "server.log").open("ab")
        self.process = subprocess.Popen(
            self.command(),
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=self.log,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=1) as r:
                    if r.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                time.sleep(0.1)
        raise RuntimeError("the server did not start")

    def stop(self) -> None:
        if self.process:
            self.process.terminate()
            self.process.wait(10)
            self.process = None
        self.log.close()

    def class_code(self, name: str) -> str:
        return {"Emma de Vries": "HZN8PX", "Sem Jansen": "HZN7PX", "Noor Bakker": "HZN6PX"}[name]


@pytest.fixture(scope="session")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, DemoLogins]:
    """The demo school, built once; each test gets its own copy."""
    data = tmp_path_factory.mktemp("demo") / "data"
    return data, create_demo(Store(data), hash_cost=2**4)


@pytest.fixture
def server(tmp_path: Path, demo_folder: tuple[Path, DemoLogins]) -> Iterator[LiveServer]:
    data = tmp_path / "data"
    shutil.copytree(demo_folder[0], data)
    live = LiveServer(data, demo_folder[1])
    live.start()
    yield live
    live.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian's Chromium is missing: run `make test` (it installs it)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    pg = context.new_page()
    yield pg
    context.close()


def sign_in_pupil(page: Page, server: LiveServer, name: str) -> None:
    page.goto(f"{server.url}/klas/{server.class_code(name)}")
    first, last = name.split(" ", 1)
    page.get_by_role("link", name=f"{first} {last[:1]}.").click()
    page.get_by_label("Pincode").fill(PUPIL_PIN)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/leerling")


def start_new(page: Page, kind_title: str, worksheet_title: str) -> str:
    """From Mijn rugzak, start a new worksheet of a kind ("Maken"); when an unfinished one of
    that sheet is there, the home asks "Verder met je vorige, of een nieuwe?" and this picks
    a new one. Returns the new item's id."""
    page.get_by_text(kind_title, exact=True).click()
    page.get_by_role("button", name=worksheet_title, exact=True).click()
    twin = page.locator("dialog#twin[open]")
    page.wait_for_function(
        "() => location.hash.startsWith('#i_') || document.querySelector('dialog#twin[open]')"
    )
    if twin.count():
        twin.get_by_role("button", name="Een nieuwe maken").click()
    page.wait_for_url("**/leerling/werkblad/**#i_*")
    return page.url.split("#", 1)[1]


def wait_synced(page: Page) -> None:
    expect(page.locator("#sync-status .sync-text")).to_contain_text(
        "Alles is op school", timeout=15000
    )


def eventually(check, timeout: float = 30.0):
    """Poll ``check`` until it returns something truthy (server-side effects of the page)."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(0.1)
