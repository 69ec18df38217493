"""Offline-first on shared tablets, in a real browser: changes made without a network are
kept on the device (across reloads and browser restarts) and reach the server exactly once;
the next pupil on the tablet finds nothing of the previous one; two tablets that changed the
same answer offline both keep their version and the pupil chooses; a pupil who signed in on
this tablet before can sign in again offline with their PIN.

Every check that matters is made on the server's own files, not only on what the page says.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
from pathlib import Path
from typing import Any

from PIL import ExifTags, Image
from playwright.sync_api import Browser, BrowserContext, Page, expect
from playwright.sync_api import Error as PlaywrightError

from server.demo import PUPIL_PIN
from server.infra.store import stored as read_stored

from .conftest import (
    CHROMIUM,
    CHROMIUM_ARGS,
    LiveServer,
    eventually,
    sign_in_pupil,
    start_new,
    wait_synced,
)
from .steps import go_to_step, show

EMMA = "Emma de Vries"  # groep 8, class code HZN8PX
AMIR = "Amir Benali"  # Emma's classmate: the next pupil on the same tablet
CLASS_8 = "HZN8PX"

# --- the server's side -------------------------------------------------------------------


def portfolio(server: LiveServer, name: str) -> dict[str, Any]:
    path = server.data_dir / "pupils" / server.demo.pupil_ids[name] / "portfolio.json"
    return read_stored(path)


def server_item(server: LiveServer, name: str, item_id: str) -> dict[str, Any] | None:
    return portfolio(server, name).get("items", {}).get(item_id)


def history_of(server: LiveServer, name: str, item_id: str) -> list[dict[str, Any]]:
    rows = portfolio(server, name).get("history", {}).values()
    return [r for r in rows if r["item_id"] == item_id]


def media_dir(server: LiveServer, name: str) -> Path:
    return server.data_dir / "pupils" / server.demo.pupil_ids[name] / "media"


# --- the browser's side ------------------------------------------------------------------

# Everything in the app's IndexedDB, made JSON-safe: blobs and byte arrays become their text
# (so readable text is found even inside them) and their SHA-256 (so a photo is recognised).
DUMP_INDEXEDDB = """async () => {
  const known = indexedDB.databases ? await indexedDB.databases() : [{ name: "rugzak" }];
  if (!known.some((d) => d.name === "rugzak")) return { stores: {}, digests: [] };
  const db = await new Promise((resolve, reject) => {
    const r = indexedDB.open("rugzak");
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
  const hex = (buf) =>
    Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, "0")).join("");
  const digests = [];
  async function bytes(u8) {
    digests.push(hex(await crypto.subtle.digest("SHA-256", u8)));
    return { bytes: new TextDecoder().decode(u8) };
  }
  async function plain(v) {
    if (v instanceof Blob) return bytes(new Uint8Array(await v.arrayBuffer()));
    if (v instanceof ArrayBuffer) return bytes(new Uint8Array(v));
    if (ArrayBuffer.isView(v)) return bytes(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
    if (typeof CryptoKey !== "undefined" && v instanceof CryptoKey) return { cryptokey: v.type };
    if (Array.isArray(v)) return Promise.all(v.map(plain));
    if (v instanceof Map) return plain(Object.fromEntries(v));
    if (v && typeof v === "object") {
      const o = {};
      for (const [k, x] of Object.entries(v)) o[k] = await plain(x);
      return o;
    }
    return v;
  }
  const stores = {};
  for (const name of db.objectStoreNames) {
    const records = await new Promise((resolve, reject) => {
      const r = db.transaction(name).objectStore(name).getAll();
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    stores[name] = await plain(records);
  }
  db.close();
  return { stores, digests };
}"""

# Every response in Cache Storage: its URL, its text and its SHA-256.
DUMP_CACHES = """async () => {
  const hex = (buf) =>
    Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, "0")).join("");
  const out = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      const response = await cache.match(request);
      const buf = await response.arrayBuffer();
      out.push({ cache: name, url: request.url, text: new TextDecoder().decode(buf),
        sha256: hex(await crypto.subtle.digest("SHA-256", buf)) });
    }
  }
  return out;
}"""


def dump_indexeddb(page: Page) -> dict[str, Any]:
    return page.evaluate(DUMP_INDEXEDDB)


def outbox(page: Page) -> list[dict[str, Any]]:
    return dump_indexeddb(page)["stores"].get("outbox", [])


def outbox_op_ids(page: Page) -> set[str]:
    return {r["op_id"] for r in outbox(page)}


def wait_controlled(page: Page) -> None:
    """The service worker serves this page (``ready`` alone is not enough)."""
    assert eventually(
        lambda: page.evaluate("() => navigator.serviceWorker.controller !== null"), 15
    ), "the service worker never took control of the page"


CACHED = """async (path) => {
  for (const name of await caches.keys()) {
    if (await (await caches.open(name)).match(path)) return true;
  }
  return false;
}"""


def wait_cached(page: Page, path: str) -> None:
    """The service worker keeps the pupil pages once a pupil is signed in; on a loaded
    machine that takes a moment, as it would on a school tablet before the trip."""
    assert eventually(lambda: page.evaluate(CACHED, path), 30), f"{path} was never cached"


def sign_in(page: Page, server: LiveServer, name: str, code: str = CLASS_8) -> None:
    page.goto(f"{server.url}/klas/{code}")
    first, last = name.split(" ", 1)
    page.get_by_role("link", name=f"{first} {last[:1]}.").click()
    page.get_by_label("Pincode").fill(PUPIL_PIN)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/leerling")


def open_new(page: Page, kind_title: str, worksheet_title: str) -> str:
    """Start a new worksheet from Mijn rugzak; returns the new item's id."""
    return start_new(page, kind_title, worksheet_title)


def unsent(page: Page):
    """The sync line: how many changes wait is in data-unsent, not in the child's words."""
    return page.locator("#sync-status")


def status(page: Page):
    return page.locator("#sync-status .sync-text")


def tap_send(page: Page) -> None:
    """Tap "Nu versturen" if it is there: an automatic send may have hidden it a moment ago,
    which is just as good."""
    send = page.get_by_role("button", name="Nu versturen")
    if send.is_visible():
        with contextlib.suppress(PlaywrightError):
            send.click(timeout=2000)


def send_until_synced(page: Page) -> None:
    """Tap "Nu versturen" until everything is at school (or an automatic send got there)."""
    for _ in range(150):
        if "Alles is op school" in (status(page).text_content() or ""):
            break
        tap_send(page)
        page.wait_for_timeout(200)
    wait_synced(page)


def jpeg_with_gps() -> bytes:
    """A tablet photo that knows where it was taken (the server must strip that)."""
    img = Image.new("RGB", (1200, 900), (30, 140, 200))
    for x in range(0, 1200, 40):
        img.paste((240, 200, 40), (x, 300, x + 20, 600))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "TabletCam"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (52.0, 5.0, 30.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (4.0, 53.0, 10.0)
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif, quality=90)
    return buf.getvalue()


def api_get(page: Page, path: str) -> Any:
    return page.evaluate(
        "async (p) => (await fetch(p, {headers: {accept: 'application/json'}})).json()", path
    )


# --- the tests -----------------------------------------------------------------------------


def test_offline_edit_arrives_once(page: Page, server: LiveServer) -> None:
    context = page.context
    sign_in_pupil(page, server, EMMA)
    wait_controlled(page)
    item_id = open_new(page, "Iets meegemaakt", "Een nieuwe ervaring")
    wait_controlled(page)
    wait_synced(page)  # the new item is at school; from here on only the edits wait
    assert server_item(server, EMMA, item_id) is not None

    context.set_offline(True)
    wat = page.get_by_role("textbox", name="Wat heb ik gedaan?")
    wat.fill("Eerst iets anders")
    wat.fill("Een dag meelopen bij de brandweer")
    page.get_by_label("Waar was het?").fill("Kazerne Noord")
    show(page, page.get_by_label("Wat vond ik leuk?")).fill("De ladderwagen")
    show(page, page.get_by_label("Mijn ouders mogen dit zien")).check()
    assert eventually(
        lambda: (
            {r["op"].get("field") for r in outbox(page)}
            >= {
                "wat",
                "waar",
                "leuk",
                "_shared",
            }
        )
    )

    # A reload without network: the page comes from the service worker, the values from
    # IndexedDB, and the counter says what has not reached school.
    page.reload()
    go_to_step(page, 1)
    expect(wat).to_have_value("Een dag meelopen bij de brandweer")
    expect(page.get_by_label("Waar was het?")).to_have_value("Kazerne Noord")
    expect(page.get_by_label("Wat vond ik leuk?")).to_have_value("De ladderwagen")
    expect(page.get_by_label("Mijn ouders mogen dit zien")).to_be_checked()
    queued = outbox(page)
    op_ids = {r["op_id"] for r in queued}
    expect(status(page)).to_contain_text("Geen internet")
    expect(unsent(page)).to_have_attribute("data-unsent", str(len(queued)))
    expect(page.locator("#sync-now")).to_be_visible()
    assert server_item(server, EMMA, item_id)["values"].get("wat", "") == ""
    assert not op_ids & set(portfolio(server, EMMA)["ops"])

    # Back online. (A page loaded while Playwright emulates no network keeps
    # navigator.onLine true and never gets an "online" event, so here the pupil taps
    # "Nu versturen"; the "online" event itself is used in the other tests.) The first answer
    # from the server gets lost on the way: the changes were applied but the tablet does not
    # know it, so it sends them again.
    lost: list[int] = []

    def lose_first_answer(route) -> None:
        if route.request.method == "POST" and not lost:
            lost.append(route.fetch().status)
            route.abort("connectionreset")
        else:
            route.continue_()

    page.route("**/api/sync**", lose_first_answer)
    context.set_offline(False)
    # (Route handlers run while Playwright is called: wait with the page, not with sleep.)
    for _ in range(150):
        if lost:
            break
        tap_send(page)  # or an automatic send comes first: the route catches either
        page.wait_for_timeout(100)
    assert lost, "the tablet did not send its changes"
    assert lost == [200]
    assert eventually(lambda: op_ids <= set(portfolio(server, EMMA)["ops"]))
    # The tablet never heard that answer, so it sends again: by itself (the 30-second round,
    # or the change that follows) or when the pupil taps once more. Whichever comes first.
    send_until_synced(page)
    assert outbox(page) == []

    item = server_item(server, EMMA, item_id)
    assert item["values"]["wat"] == "Een dag meelopen bij de brandweer"
    assert item["values"]["waar"] == "Kazerne Noord"
    assert item["values"]["leuk"] == "De ladderwagen"
    assert item["values"]["_shared"] is True
    # Each change once: every operation id has exactly one history row, and there are no
    # other rows for these fields than the operations the tablet queued.
    rows = [r for r in history_of(server, EMMA, item_id) if r["field"] != "_status"]
    assert sorted(r["op_id"] for r in rows) == sorted(
        r["op_id"] for r in queued if r["op"]["type"] == "set"
    )
    assert all(r["kind"] == "set" for r in rows)
    done = portfolio(server, EMMA)["ops"]
    assert {i: done[i]["result"]["status"] for i in op_ids} == dict.fromkeys(op_ids, "applied")


def test_outbox_survives_browser_restart(
    browser: Browser, server: LiveServer, tmp_path: Path
) -> None:
    profile = tmp_path / "profile"

    def launch() -> tuple[BrowserContext, Page]:
        ctx = browser.browser_type.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        return ctx, (ctx.pages[0] if ctx.pages else ctx.new_page())

    context, page = launch()
    try:
        sign_in_pupil(page, server, EMMA)
        wait_controlled(page)
        item_id = open_new(page, "Iets meegemaakt", "Een nieuwe ervaring")
        wait_controlled(page)
        wait_synced(page)
        context.set_offline(True)
        page.get_by_role("textbox", name="Wat heb ik gedaan?").fill("Naar de dierentuin")
        show(page, page.get_by_label("Wat vond ik leuk?")).fill("De olifanten wassen")
        assert eventually(lambda: {r["op"].get("field") for r in outbox(page)} >= {"wat", "leuk"})
    finally:
        context.close()  # the tablet's browser is closed (or the tablet restarts)
    assert server_item(server, EMMA, item_id)["values"].get("wat", "") == ""

    context, page = launch()
    try:
        context.set_offline(True)  # it starts again without network
        page.goto(f"{server.url}/leerling/werkblad/ervaring#{item_id}")
        expect(page.get_by_role("textbox", name="Wat heb ik gedaan?")).to_have_value(
            "Naar de dierentuin"
        )
        expect(status(page)).to_contain_text("Geen internet")
        expect(unsent(page)).to_have_attribute("data-unsent", "2")
        # The network is back and the pupil opens Mijn rugzak.
        context.set_offline(False)
        page.goto(f"{server.url}/leerling")
        assert eventually(
            lambda: (
                (server_item(server, EMMA, item_id)["values"].get("leuk")) == "De olifanten wassen"
            )
        ), "the changes kept over the restart were not delivered"
        wait_synced(page)
        item = server_item(server, EMMA, item_id)
        assert item["values"]["wat"] == "Naar de dierentuin"
        assert outbox(page) == []
    finally:
        context.close()


def test_offline_photo(page: Page, server: LiveServer, tmp_path: Path) -> None:
    photo = tmp_path / "stage.jpg"
    photo.write_bytes(jpeg_with_gps())
    sha = hashlib.sha256(photo.read_bytes()).hexdigest()
    sign_in_pupil(page, server, EMMA)
    wait_controlled(page)
    item_id = open_new(page, "Iets meegemaakt", "Mini-stage")
    wait_controlled(page)
    wait_synced(page)

    page.context.set_offline(True)
    page.get_by_role("textbox", name="Wat heb ik gedaan?").fill("Stage bij de garage")
    page.locator("input.photo-input").set_input_files(str(photo))
    thumb = page.locator(".thumbs img")
    expect(thumb).to_have_count(1, timeout=15000)
    # Shown from the device while offline.
    assert eventually(lambda: page.evaluate("(img) => img.naturalWidth", thumb.element_handle()))
    assert eventually(lambda: any(r["op"].get("field") == "fotos" for r in outbox(page)))
    expect(status(page)).to_contain_text("Geen internet", timeout=15000)
    assert not (media_dir(server, EMMA) / f"{sha}.display.webp").exists()

    page.context.set_offline(False)
    assert eventually(
        lambda: (server_item(server, EMMA, item_id)["values"].get("fotos")) == [sha]
    ), "the item does not reference the photo after reconnecting"
    wait_synced(page)
    for size in ("display", "thumb"):
        derivative = media_dir(server, EMMA) / f"{sha}.{size}.webp"
        assert derivative.exists(), f"no {size} copy of the photo on the server"
        with Image.open(derivative) as im:
            assert im.format == "WEBP"
            assert ExifTags.IFD.GPSInfo not in im.getexif(), "the photo still has its location"
    assert not list(media_dir(server, EMMA).glob(f"{sha}.jp*g")), "the original was kept"
    item = server_item(server, EMMA, item_id)
    assert item["values"]["wat"] == "Stage bij de garage"
    # Delivered photos do not stay on a shared tablet.
    assert dump_indexeddb(page)["stores"].get("media", []) == []
    page.reload()
    expect(thumb).to_have_count(1, timeout=15000)
    assert eventually(lambda: page.evaluate("(img) => img.naturalWidth", thumb.element_handle()))


def test_new_worksheet_offline(page: Page, server: LiveServer) -> None:
    """On a trip: signed in at school, then without network the pupil starts a worksheet
    this tablet has never shown before."""
    sign_in_pupil(page, server, EMMA)
    wait_controlled(page)
    wait_synced(page)
    wait_cached(page, "/leerling/werkblad/ervaring-ministage")
    page.context.set_offline(True)
    item_id = open_new(page, "Iets meegemaakt", "Mini-stage")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mini-stage")
    wat = page.get_by_role("textbox", name="Wat heb ik gedaan?")
    wat.fill("Een dag bij de dierenarts")
    assert eventually(lambda: any(r["op"].get("field") == "wat" for r in outbox(page)))
    page.reload()
    expect(wat).to_have_value("Een dag bij de dierenarts")
    page.context.set_offline(False)
    # (No "online" event reaches a page loaded under emulated offline: the pupil taps.)
    send_until_synced(page)
    assert eventually(
        lambda: (
            (item := server_item(server, EMMA, item_id))
            and item["values"].get("wat") == "Een dag bij de dierenarts"
        )
    ), "the worksheet started offline did not reach the server"
    assert server_item(server, EMMA, item_id)["worksheet"] == "ervaring-ministage"


def test_shared_tablet_isolation(page: Page, server: LiveServer, tmp_path: Path) -> None:
    secret = "Later word ik dierenarts 4417"
    photo = tmp_path / "emma.jpg"
    photo.write_bytes(jpeg_with_gps())
    sha = hashlib.sha256(photo.read_bytes()).hexdigest()
    emma_id, amir_id = server.demo.pupil_ids[EMMA], server.demo.pupil_ids[AMIR]
    amir_before = json.dumps(portfolio(server, AMIR))
    context = page.context

    # Pupil A (Emma) works offline and signs out without network.
    sign_in(page, server, EMMA)
    wait_controlled(page)
    item_id = open_new(page, "Iets meegemaakt", "Een nieuwe ervaring")
    wait_controlled(page)
    wait_synced(page)
    context.set_offline(True)
    page.get_by_role("textbox", name="Wat heb ik gedaan?").fill(secret)
    page.locator("input.photo-input").set_input_files(str(photo))
    expect(page.locator(".thumbs img")).to_have_count(1, timeout=15000)
    assert eventually(lambda: {r["op"].get("field") for r in outbox(page)} >= {"wat", "fotos"})
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url(lambda url: "/leerling" not in url)  # signing out has finished
    assert secret not in json.dumps(server_item(server, EMMA, item_id))

    # Pupil B (Amir) signs in on the same tablet once the network is back.
    context.set_offline(False)
    sign_in(page, server, AMIR)
    expect(page.locator("[data-me=first_name]").first).to_have_text("Amir")
    wait_controlled(page)
    expect(page.locator("#items")).not_to_contain_text("Even laden")
    html = page.content()
    assert secret not in html and emma_id not in html
    # Emma's worksheet address shows nothing of hers.
    page.goto(f"{server.url}/leerling/werkblad/ervaring#{item_id}")
    expect(page.locator(".missing")).to_be_visible()
    values = page.locator("#worksheet input, #worksheet textarea").evaluate_all(
        "(els) => els.map((e) => e.value)"
    )
    assert secret not in values
    assert page.locator(".thumbs img").count() == 0
    assert secret not in page.content()

    # Not in IndexedDB: no text of hers anywhere (her unsent work may stay, but sealed),
    # nothing of hers in the snapshot or in who-is-signed-in, not her photo.
    idb = dump_indexeddb(page)
    leaks = [
        name
        for name, records in idb["stores"].items()
        if secret in json.dumps(records, ensure_ascii=False)
    ]
    assert leaks == [], f"Emma's text is readable in IndexedDB store(s) {leaks}"
    for store in ("snapshot", "meta"):
        assert emma_id not in json.dumps(idb["stores"].get(store, [])), store
    assert sha not in idb["digests"], "Emma's photo is readable in IndexedDB"

    # Not in Cache Storage: no text or photo of hers; pupil pages carry no names at all.
    for entry in page.evaluate(DUMP_CACHES):
        assert secret not in entry["text"], entry["url"]
        assert entry["sha256"] != sha, entry["url"]
        assert f"/media/{emma_id}/" not in entry["url"]
        path = entry["url"].removeprefix(server.url)
        if path.startswith(("/leerling", "/api/", "/media/")):
            assert "Emma" not in entry["text"] and emma_id not in entry["text"], path

    # Meanwhile Emma's work reached her own portfolio, photo included, and not Amir's.
    assert eventually(
        lambda: (server_item(server, EMMA, item_id)["values"].get("wat")) == secret
    ), "Emma's unsent changes were not delivered after she signed out"
    assert eventually(
        lambda: (server_item(server, EMMA, item_id)["values"].get("fotos")) == [sha]
    ), "Emma's unsent photo was not delivered after she signed out"
    assert (media_dir(server, EMMA) / f"{sha}.display.webp").exists()
    assert secret not in json.dumps(portfolio(server, AMIR), ensure_ascii=False)
    assert json.loads(amir_before).get("items") == portfolio(server, AMIR).get("items")
    assert amir_id != emma_id


def test_conflict_keeps_both(page: Page, browser: Browser, server: LiveServer) -> None:
    first, second = "Ik heb taart gebakken", "Ik heb koekjes gebakken"
    tablet1 = page
    sign_in_pupil(tablet1, server, EMMA)
    item_id = open_new(tablet1, "Iets meegemaakt", "Een nieuwe ervaring")
    tablet1.get_by_role("textbox", name="Wat heb ik gedaan?").fill("Bakken")
    assert eventually(
        lambda: (server_item(server, EMMA, item_id) or {}).get("values", {}).get("wat") == "Bakken"
    )
    wait_synced(tablet1)
    context2 = browser.new_context()
    try:
        tablet2 = context2.new_page()
        sign_in_pupil(tablet2, server, EMMA)
        tablet2.goto(f"{server.url}/leerling/werkblad/ervaring#{item_id}")
        wat2 = tablet2.get_by_role("textbox", name="Wat heb ik gedaan?")
        expect(wat2).to_have_value("Bakken")
        wait_synced(tablet2)

        tablet1.context.set_offline(True)
        context2.set_offline(True)
        tablet1.get_by_role("textbox", name="Wat heb ik gedaan?").fill(first)
        wat2.fill(second)
        for tablet in (tablet1, tablet2):
            assert eventually(
                lambda t=tablet: any(r["op"].get("field") == "wat" for r in outbox(t))
            )

        tablet1.context.set_offline(False)
        assert eventually(lambda: server_item(server, EMMA, item_id)["values"].get("wat") == first)
        wait_synced(tablet1)
        context2.set_offline(False)
        assert eventually(
            lambda: any(
                r["kind"] == "conflict" and r["value"] == second
                for r in history_of(server, EMMA, item_id)
            )
        ), "the second tablet's version was not kept as a conflict copy"
        # Nothing thrown away: the current value is the first, the copy is the second.
        assert server_item(server, EMMA, item_id)["values"]["wat"] == first
        rows = [r for r in history_of(server, EMMA, item_id) if r["field"] == "wat"]
        assert [r["value"] for r in rows if r["kind"] == "set"][-1] == first

        # The pupil sees both versions on the second tablet and chooses.
        conflict = tablet2.locator(".conflicts .conflict")
        expect(conflict).to_have_count(1, timeout=15000)
        expect(conflict.get_by_role("heading")).to_have_text(
            "Er is een andere versie van een antwoord"
        )
        buttons = conflict.get_by_role("button")
        expect(buttons).to_have_count(2)
        expect(buttons.nth(0)).to_contain_text("Deze versie:")
        expect(buttons.nth(1)).to_contain_text("De andere versie:")
        expect(conflict).to_contain_text(first)
        expect(conflict).to_contain_text(second)
        buttons.filter(has_text=second).click()
        expect(conflict).to_have_count(0)
        expect(wat2).to_have_value(second)
        assert eventually(lambda: server_item(server, EMMA, item_id)["values"].get("wat") == second)
        wait_synced(tablet2)
        mine = api_get(tablet2, "/api/mij")
        (item,) = [i for i in mine["items"] if i["id"] == item_id]
        assert item["conflicts"] == []
        assert item["values"]["wat"] == second
        # The first tablet learns the choice too, without a conflict to resolve.
        tablet1.reload()
        expect(tablet1.get_by_role("textbox", name="Wat heb ik gedaan?")).to_have_value(second)
        expect(tablet1.locator(".conflicts .conflict")).to_have_count(0)
    finally:
        context2.close()


def test_offline_login(page: Page, server: LiveServer) -> None:
    context = page.context
    # The first sign-in on this tablet is online; the service worker is installed while the
    # pupil taps her name, as it would be at a child's pace.
    page.goto(f"{server.url}/klas/{CLASS_8}")
    wait_controlled(page)
    page.get_by_role("link", name="Emma d.").click()
    page.get_by_label("Pincode").fill(PUPIL_PIN)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/leerling")
    expect(page.locator("[data-me=first_name]").first).to_have_text("Emma")
    open_new(page, "Iets meegemaakt", "Een nieuwe ervaring")  # used online before
    wait_synced(page)
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url(lambda url: "/leerling" not in url)
    # The tablet goes back to the class list for the next child.
    page.goto(f"{server.url}/klas/{CLASS_8}")
    expect(page.get_by_role("link", name="Emma d.")).to_be_visible()

    context.set_offline(True)
    page.reload()
    page.get_by_role("link", name="Emma d.").click()
    page.get_by_label("Pincode").fill("9876")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.locator(".error")).to_contain_text("Die pincode klopt niet")
    assert "/leerling" not in page.url

    page.get_by_label("Pincode").fill(PUPIL_PIN)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/leerling")
    expect(page.locator("[data-me=first_name]").first).to_have_text("Emma")
    expect(status(page)).not_to_contain_text("uitgelogd")

    # She can work offline after signing in offline, and it reaches school later.
    item_id = open_new(page, "Iets meegemaakt", "Een nieuwe ervaring")
    page.get_by_role("textbox", name="Wat heb ik gedaan?").fill("Offline ingelogd en gewerkt")
    assert eventually(lambda: any(r["op"].get("field") == "wat" for r in outbox(page)))
    context.set_offline(False)
    send_until_synced(page)  # see test_new_worksheet_offline
    assert eventually(
        lambda: (
            (item := server_item(server, EMMA, item_id))
            and item["values"].get("wat") == "Offline ingelogd en gewerkt"
        )
    ), "work done after an offline sign-in did not reach the server"


def test_a_full_disk_at_school_keeps_the_work_on_the_tablet(page: Page, server: LiveServer) -> None:
    """School answers 507 (its disk is full): the change stays in the outbox, the pupil reads
    why, and it arrives once school can take it again."""
    sign_in_pupil(page, server, EMMA)
    item_id = open_new(page, "Iets meegemaakt", "Een nieuwe ervaring")
    wait_synced(page)
    full = {"on": True, "refused": 0}
    message = "Rugzak kan nu even niets bewaren: de schijf van de school is vol."

    def disk(route) -> None:
        if full["on"] and route.request.method == "POST":
            full["refused"] += 1
            route.fulfill(status=507, content_type="application/json",
                          body=json.dumps({"error": message}))  # fmt: skip
        else:
            route.continue_()

    page.route("**/api/sync", disk)
    page.get_by_role("textbox", name="Wat heb ik gedaan?").fill("Bij de bakker")
    expect(status(page)).to_contain_text(message, timeout=15000)
    assert full["refused"] >= 1
    assert {r["op"].get("field") for r in outbox(page)} == {"wat"}
    assert server_item(server, EMMA, item_id)["values"].get("wat", "") == ""
    full["on"] = False  # space again
    send_until_synced(page)
    assert server_item(server, EMMA, item_id)["values"]["wat"] == "Bij de bakker"
    assert len([r for r in history_of(server, EMMA, item_id) if r["field"] == "wat"]) == 1
