"""A pupil page asks GET /api/mij once per load, sends back the ETag of the snapshot the
tablet keeps, and shows the pupil's own work when the answer is a 304."""

from __future__ import annotations

import time

from playwright.sync_api import Page, Response, expect

from .conftest import LiveServer, sign_in_pupil, wait_synced


class MijLog:
    """Every /api/mij the page sends: the If-None-Match it carried and the answer's status."""

    def __init__(self, page: Page) -> None:
        self.sent: list[str | None] = []
        self.statuses: list[int] = []
        page.on("request", self._request)
        page.on("response", self._response)

    def _request(self, request) -> None:
        if request.url.endswith("/api/mij"):
            self.sent.append(request.headers.get("if-none-match"))

    def _response(self, response: Response) -> None:
        if response.url.endswith("/api/mij"):
            self.statuses.append(response.status)

    def clear(self) -> None:
        self.sent.clear()
        self.statuses.clear()


def settle(page: Page) -> None:
    """Everything sent, and time for a second request if the page were to make one (the
    first sync round after a load starts at once; a change schedules one after 1.5 s)."""
    wait_synced(page)
    page.wait_for_timeout(3000)


def first_item_link(page: Page) -> str:
    link = page.locator("#items a[href*='/leerling/werkblad/']").first
    expect(link).to_be_visible(timeout=15000)
    href = link.get_attribute("href")
    assert href
    return href


def test_each_pupil_page_load_asks_for_the_snapshot_once(page: Page, server: LiveServer) -> None:
    log = MijLog(page)
    sign_in_pupil(page, server, "Emma de Vries")
    settle(page)
    assert len(log.sent) == 1, log.sent  # the page after signing in
    worksheet = first_item_link(page)
    for path in ("/leerling", worksheet, "/leerling"):
        log.clear()
        page.goto(server.url + path)
        settle(page)
        assert len(log.sent) == 1, (path, log.sent, log.statuses)
        assert log.sent[0], "the stored ETag was not sent"
        assert log.statuses == [304], (path, log.statuses)
    # The service worker keeps pages and files, never a pupil's snapshot.
    kept = page.evaluate(
        """async () => {
          const urls = [];
          for (const name of await caches.keys()) {
            for (const r of await (await caches.open(name)).keys()) urls.push(r.url);
          }
          return urls;
        }"""
    )
    assert kept and not [url for url in kept if "/api/" in url], kept


def test_a_304_still_shows_the_pupils_own_work(page: Page, server: LiveServer) -> None:
    log = MijLog(page)
    sign_in_pupil(page, server, "Emma de Vries")
    settle(page)
    assert log.statuses == [200]
    expect(page.locator("[data-me='first_name']").first).to_have_text("Emma")
    titles = page.locator("#items a").all_inner_texts()
    assert titles
    worksheet = first_item_link(page)

    log.clear()
    page.reload()
    settle(page)
    assert log.statuses == [304]
    expect(page.locator("[data-me='first_name']").first).to_have_text("Emma")
    assert page.locator("#items a").all_inner_texts() == titles

    # A worksheet page filled from the stored snapshot, after a 304.
    log.clear()
    page.goto(server.url + worksheet)
    form = page.locator("form#worksheet")
    expect(form).not_to_have_attribute("inert", "", timeout=15000)
    settle(page)
    assert log.statuses == [304]
    filled = page.evaluate(
        """() => [...document.querySelectorAll('#worksheet input[type=text], #worksheet textarea')]
             .map((el) => el.value).filter((v) => v.trim())"""
    )
    assert filled, "nothing of her work is in the worksheet"


STORED_ETAG = """async () => {
  const me = document.cookie.match(/rugzak_sleutel=([^.;]+)/)[1];
  const db = await new Promise((ok, no) => {
    const r = indexedDB.open("rugzak"); r.onsuccess = () => ok(r.result); r.onerror = no;
  });
  return await new Promise((ok) => {
    const r = db.transaction("snapshot").objectStore("snapshot").get(me);
    r.onsuccess = () => ok(r.result ? r.result.etag : undefined);
  });
}"""


def test_a_change_made_on_the_tablet_gives_a_new_etag_and_the_fresh_snapshot(
    page: Page, server: LiveServer
) -> None:
    log = MijLog(page)
    sign_in_pupil(page, server, "Emma de Vries")
    settle(page)
    first_etag = page.evaluate(STORED_ETAG)
    assert first_etag and first_etag.startswith('"mij-')
    page.goto(server.url + first_item_link(page))
    form = page.locator("form#worksheet")
    expect(form).not_to_have_attribute("inert", "", timeout=15000)
    log.clear()
    typed = "Nieuw op de tablet " + str(time.time())
    page.locator("#worksheet textarea, #worksheet input[type=text]").first.fill(typed)
    settle(page)
    # The change went out; the snapshot changed on the device (so it kept no ETag) and the
    # one asked afterwards is the full new answer, with a new ETag.
    assert log.statuses and log.statuses[-1] == 200, log.statuses
    assert log.sent[-1] in (None, first_etag)
    new_etag = page.evaluate(STORED_ETAG)
    assert new_etag and new_etag != first_etag
    log.clear()
    page.reload()
    expect(form).not_to_have_attribute("inert", "", timeout=15000)
    settle(page)
    assert log.sent == [new_etag] and log.statuses == [304]
    assert typed in page.evaluate(
        "() => [...document.querySelectorAll('#worksheet textarea, #worksheet input')]"
        ".map((el) => el.value).join(' ')"
    )
