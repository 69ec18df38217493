"""The pupil's sync line (templates/pupil/shell.html, pwa/js/status.js): one calm line of
fixed height that never moves the page, says "Geen internet" the moment the network goes,
shows school's error briefly in the same place; and the browser's storage warning is for the
teacher who sets up the tablet (the class-code page), never for the child after an edit."""

from __future__ import annotations

import json

from playwright.sync_api import Browser, Page, Route, expect

from .conftest import LiveServer, sign_in_pupil, wait_synced

EMMA = "Emma de Vries"
SCHOOL = "Alles is op school"
TABLET = "Bewaard op deze tablet"
OFFLINE = "Geen internet — je werk is veilig op deze tablet"
FULL = "School kan je werk nu even niet bewaren. Het blijft op deze tablet."
OLD_WARNING = "bewaart je werk misschien niet lang"

# Layout shifts of the page, from the first paint on (PerformanceObserver, buffered).
WATCH_SHIFTS = """
window.__shift = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shift += e.value;
}).observe({ type: "layout-shift", buffered: true });
"""
# The browser refuses to keep the site's storage (as Safari does for a site not installed).
NOT_KEPT = """
if (navigator.storage) {
  navigator.storage.persisted = async () => false;
  navigator.storage.persist = async () => false;
}
"""
KEPT = """
if (navigator.storage) {
  navigator.storage.persisted = async () => true;
  navigator.storage.persist = async () => true;
}
"""


def line(page: Page):
    return page.locator("#sync-status")


def box(page: Page, selector: str) -> dict[str, float]:
    """Where an element is on the page (not in the viewport: typing may scroll)."""
    return page.locator(selector).first.evaluate(
        "(e) => { const r = e.getBoundingClientRect();"
        " return { top: r.top + scrollY, height: r.height, width: r.width }; }"
    )


def open_own_work(page: Page):
    """One of her own worksheets with work in it; returns its first text box."""
    own = page.locator("main a[href*='/leerling/werkblad/'][href*='#']").first
    own.click()
    page.wait_for_url("**/leerling/werkblad/**#*")
    field = page.locator("main textarea:visible, main input[type=text]:visible").first
    expect(field).to_be_visible()
    return field


def refuse_sync(status: int, body: dict | None = None):
    def handler(route: Route) -> None:
        route.fulfill(
            status=status,
            content_type="application/json",
            body=json.dumps(body or {"error": "busy"}),
        )

    return handler


def test_the_line_is_calm_and_never_moves_the_page(server: LiveServer, page: Page) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.add_init_script(WATCH_SHIFTS + NOT_KEPT)
    sign_in_pupil(page, server, EMMA)
    field = open_own_work(page)
    wait_synced(page)
    expect(line(page)).to_have_attribute("data-state", "school")
    expect(line(page).locator(".for-school")).to_be_visible()
    expect(page.locator("#sync-now")).to_be_hidden()
    height = box(page, "#sync-status")["height"]
    top = box(page, "main")["top"]
    assert 44 <= height <= 60, height

    # School is busy (a 503 keeps the work on the tablet): the line says so, calmly, in the
    # same height; the send button appears in the line without moving anything.
    page.route("**/api/sync", refuse_sync(503))
    shift_before = page.evaluate("() => window.__shift")
    for word in ("Ik ", "hielp ", "bij ", "de ", "bakker."):
        field.press_sequentially(word, delay=20)
    expect(line(page).locator(".sync-text")).to_have_text(TABLET, timeout=15000)
    expect(line(page)).to_have_attribute("data-state", "tablet")
    expect(line(page).locator(".for-tablet")).to_be_visible()
    expect(page.get_by_role("button", name="Nu versturen")).to_be_visible()
    assert int(line(page).get_attribute("data-unsent") or 0) >= 1
    assert box(page, "#sync-status")["height"] == height
    assert box(page, "main")["top"] == top
    # The storage warning (the browser refused to keep the site) is not for the child.
    expect(page.locator("body")).not_to_contain_text(OLD_WARNING)
    expect(page.locator("#storage-note")).to_have_count(0)
    assert page.evaluate("() => window.__shift") - shift_before <= 0.001

    # Back: one tap sends it, the line says all is at school and the button goes.
    page.unroute("**/api/sync")
    page.get_by_role("button", name="Nu versturen").click()
    expect(line(page).locator(".sync-text")).to_have_text(SCHOOL, timeout=15000)
    expect(page.locator("#sync-now")).to_be_hidden()
    assert box(page, "#sync-status")["height"] == height
    assert box(page, "main")["top"] == top


def test_offline_is_said_at_once_and_errors_briefly(server: LiveServer, page: Page) -> None:
    page.set_viewport_size({"width": 320, "height": 700})
    sign_in_pupil(page, server, EMMA)
    field = open_own_work(page)
    wait_synced(page)
    height = box(page, "#sync-status")["height"]

    # The network goes: the line says so right away (no send has failed yet: nothing was
    # typed), and keeps saying it while she types; never a count of changes.
    page.context.set_offline(True)
    text = line(page).locator(".sync-text")
    expect(text).to_have_text(OFFLINE, timeout=3000)
    expect(line(page)).to_have_attribute("data-state", "offline")
    expect(line(page).locator(".for-offline")).to_be_visible()
    field.press_sequentially(" Zonder internet.", delay=20)
    expect(line(page)).to_have_attribute("data-unsent", "1", timeout=10000)
    expect(text).to_have_text(OFFLINE)
    expect(text).not_to_contain_text("wijziging")
    # The whole sentence fits the line at 320 px (two short lines at most), in the same height.
    fits = text.evaluate("(t) => t.scrollHeight <= t.clientHeight + 1")
    assert fits, "the offline text is cut off at 320 px"
    assert box(page, "#sync-status")["height"] == height
    send = page.get_by_role("button", name="Nu versturen")
    expect(send).to_be_visible()
    b = send.bounding_box()
    assert b and b["width"] >= 44 and b["height"] >= 44, b

    # Back online, but school's disk is full: its words reach the child in the same line,
    # for a few seconds; then the line says where the work is.
    page.route("**/api/sync", refuse_sync(507, {"error": FULL}))
    page.context.set_offline(False)
    send.click()
    expect(text).to_have_text(FULL, timeout=15000)
    expect(line(page)).to_have_attribute("data-state", "problem")
    assert box(page, "#sync-status")["height"] == height
    assert text.evaluate("(t) => t.scrollHeight <= t.clientHeight + 1"), "the error is cut off"
    expect(text).to_have_text(TABLET, timeout=15000)
    page.unroute("**/api/sync")
    send.click()
    expect(text).to_have_text(SCHOOL, timeout=15000)


def test_storage_note_is_for_the_teacher_once(server: LiveServer, browser: Browser) -> None:
    context = browser.new_context(viewport={"width": 810, "height": 1080})
    try:
        page = context.new_page()
        page.add_init_script(NOT_KEPT)
        # The teacher sets up the tablet: the class-code page tells her, once.
        page.goto(f"{server.url}/klas")
        note = page.locator("#storage-note")
        expect(note).to_be_visible()
        expect(note).to_contain_text("Voor de leerkracht")
        expect(note).to_contain_text("beginscherm")
        page.get_by_role("button", name="Begrepen").click()
        expect(note).to_be_hidden()
        page.reload()
        expect(note).to_have_attribute("data-checked", "seen")
        expect(note).to_be_hidden()
        # The children's class page does not show it again on this tablet.
        page.goto(f"{server.url}/klas/{server.class_code(EMMA)}")
        expect(page.get_by_role("link", name="Emma d.")).to_be_visible()
        expect(page.locator("#storage-note")).to_have_attribute("data-checked", "seen")
        expect(page.locator("#storage-note")).to_be_hidden()
    finally:
        context.close()

    # Opened straight at the class link on a new tablet: the note is there for the teacher.
    context = browser.new_context()
    try:
        page = context.new_page()
        page.add_init_script(NOT_KEPT)
        page.goto(f"{server.url}/klas/{server.class_code(EMMA)}")
        expect(page.locator("#storage-note")).to_be_visible()
    finally:
        context.close()

    # A browser that keeps the storage: no note at all.
    context = browser.new_context()
    try:
        page = context.new_page()
        page.add_init_script(KEPT)
        page.goto(f"{server.url}/klas")
        expect(page.locator("#storage-note")).to_have_attribute("data-checked", "kept")
        expect(page.locator("#storage-note")).to_be_hidden()
    finally:
        context.close()
