"""Layout shift on the pupil's screens (issue 12): nothing on the page may jump while it loads
and while the child types. A PerformanceObserver (buffered, installed before the page's own
scripts) records every `layout-shift` entry from the start of the load; the total stays at or
below 0.02 per page.

The page is loaded as on a slow school tablet, a first visit after signing in: the HTTP cache is
cleared, the service worker is blocked (so nothing comes from its cache) and the CPU and network
are slowed as Lighthouse's mobile profile does (4x CPU, 150 ms round trip, 1.6 Mbit/s). Then the
page's script fills the page from IndexedDB after the first paint, as it does on such a tablet;
a page that reserves no room for what the script adds shows that as a shift.

While typing, entries flagged `hadRecentInput` count too (CLS leaves them out): the child types
into a one-line text field, which never changes its own size, so any shift then is the app
moving things (such as a sync line that grows) under her fingers."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from server.infra.store import stored

from .conftest import LiveServer, eventually, sign_in_pupil

PUPIL = "Emma de Vries"
WORKSHEET = "zelfportret-8"
LIMIT = 0.02
TYPED = " en ik fiets graag"

RECORD_SHIFTS = """
window.__shifts = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    window.__shifts.push({
      value: e.value,
      recent: e.hadRecentInput,
      at: Math.round(e.startTime),
      nodes: (e.sources || []).map((s) => {
        const n = s.node;
        if (!n || !n.tagName) return n ? n.nodeName : "?";
        return n.tagName.toLowerCase() + (n.id ? "#" + n.id : "")
          + (n.className && typeof n.className === "string" ? "." + n.className.split(" ")[0] : "")
          + (n.getAttribute("aria-labelledby")
            ? "[" + n.getAttribute("aria-labelledby") + "]" : "");
      }),
    });
  }
}).observe({ type: "layout-shift", buffered: true });
"""

SLOW_TABLET = {
    "cpu": 4,
    "network": {
        "offline": False,
        "latency": 150,
        "downloadThroughput": 1.6 * 1024 * 1024 / 8,
        "uploadThroughput": 750 * 1024 / 8,
    },
}

# Issue 12: the rebuilt pupil home and sync line are to bring these under 0.02; remove the
# marks when they land (strict: an unexpected pass fails, so the marks cannot outlive the fix).

VIEWPORTS = {"tablet": {"width": 810, "height": 1080}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(params=list(VIEWPORTS))
def pupil_page(request, browser: Browser, server: LiveServer) -> Iterator[Page]:
    """Emma signed in (her portfolio in IndexedDB), the shift recorder installed, and the
    browser slowed and emptied for the next load."""
    context = browser.new_context(viewport=VIEWPORTS[request.param], service_workers="block")
    context.add_init_script(RECORD_SHIFTS)
    page = context.new_page()
    sign_in_pupil(page, server, PUPIL)
    expect(page.locator("[data-me=first_name]").first).to_have_text("Emma")
    page.goto("about:blank")
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.clearBrowserCache")
    cdp.send("Network.emulateNetworkConditions", SLOW_TABLET["network"])
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": SLOW_TABLET["cpu"]})
    yield page
    context.close()


def her_item(server: LiveServer) -> str:
    portfolio = stored(server.data_dir / "pupils" / server.demo.pupil_ids[PUPIL] / "portfolio.json")
    made = [(i["created_at"], k) for k, i in portfolio["items"].items()]
    return max(m for m in made if portfolio["items"][m[1]]["worksheet"] == WORKSHEET)[1]


def shifts(page: Page) -> list[dict]:
    return page.evaluate("() => window.__shifts")


def total(entries: list[dict]) -> float:
    return round(sum(e["value"] for e in entries), 4)


def worst(entries: list[dict]) -> str:
    """The largest shifts, for the failure message: size, time, input flag, moved nodes."""
    top = sorted(entries, key=lambda e: -e["value"])[:4]
    return "; ".join(
        f"{e['value']:.3f} at {e['at']} ms{' (typing)' if e['recent'] else ''}: {e['nodes']}"
        for e in top
    )


def loaded(page: Page) -> None:
    """Her data is bound into the page and the page is open for input."""
    expect(page.locator("[data-me=first_name]").first).to_have_text("Emma", timeout=30000)
    page.wait_for_load_state("networkidle")


def test_pupil_home_does_not_shift_while_loading(pupil_page: Page, server: LiveServer) -> None:
    page = pupil_page
    page.goto(server.url + "/leerling")
    loaded(page)
    # Her own work is listed: the page really was filled from IndexedDB.
    expect(page.locator(f"a[href*='{her_item(server)}']").first).to_be_attached()
    entries = shifts(page)
    assert total(entries) <= LIMIT, f"layout shift {total(entries)} > {LIMIT}: {worst(entries)}"


def test_worksheet_does_not_shift_while_loading_and_typing(
    pupil_page: Page, server: LiveServer
) -> None:
    page = pupil_page
    item = her_item(server)
    page.goto(f"{server.url}/leerling/werkblad/{WORKSHEET}#{item}")
    loaded(page)
    form = page.locator("main form").first
    expect(form).not_to_have_attribute("inert", "")
    field = page.locator("main input[type=text]:visible").first
    expect(field).to_be_editable()
    name = field.get_attribute("name")
    before = field.input_value()
    field.click()
    field.press("End")
    field.press_sequentially(TYPED, delay=60)
    # Saved on the tablet and sent to school, so every state the sync line shows has been shown.
    pupil_dir = server.data_dir / "pupils" / server.demo.pupil_ids[PUPIL]
    assert eventually(
        lambda: (
            stored(pupil_dir / "portfolio.json")["items"][item]["values"].get(name)
            == before + TYPED
        )
    ), "what she typed did not reach the server"
    expect(page.locator("#sync-status")).not_to_have_class(
        re.compile(r"\bwaiting\b"), timeout=15000
    )
    page.wait_for_load_state("networkidle")
    entries = shifts(page)
    assert total(entries) <= LIMIT, f"layout shift {total(entries)} > {LIMIT}: {worst(entries)}"
