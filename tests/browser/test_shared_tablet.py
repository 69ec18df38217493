"""One tablet, two children, in the orders of events a school really has: a sign-out
without network, an app closed without signing out and picked up an hour later, and a new
version of the app. Each runs on a persistent profile (one tablet) and checks the page,
every IndexedDB database, Cache Storage, localStorage and the cookies the page can read for
the first pupil's text and photo, and that her work still reaches school exactly once."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, BrowserContext, Page, expect

from server.infra.store import stored as read_stored

from .conftest import CHROMIUM, CHROMIUM_ARGS, LiveServer, eventually
from .test_offline import (
    AMIR,
    CLASS_8,
    DUMP_CACHES,
    EMMA,
    history_of,
    jpeg_with_gps,
    media_dir,
    open_new,
    outbox,
    server_item,
    sign_in,
    wait_cached,
    wait_controlled,
)
from .test_pwa import VersionedServer, settled_caches, sw_version, versioned  # noqa: F401

# Every IndexedDB database of the site, every store, as JSON text; blobs and byte arrays
# as their text and SHA-256 (so a photo is recognised even inside a record).
DUMP_ALL_IDB = """async () => {
  const hex = (buf) =>
    Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, "0")).join("");
  const done = (r) => new Promise((ok, no) => {
    r.onsuccess = () => ok(r.result);
    r.onerror = () => no(r.error);
  });
  const digests = [];
  async function plain(v) {
    if (v instanceof Blob) v = new Uint8Array(await v.arrayBuffer());
    if (v instanceof ArrayBuffer) v = new Uint8Array(v);
    if (ArrayBuffer.isView(v)) {
      const u8 = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
      digests.push(hex(await crypto.subtle.digest("SHA-256", u8)));
      return { bytes: new TextDecoder().decode(u8) };
    }
    if (Array.isArray(v)) return Promise.all(v.map(plain));
    if (typeof CryptoKey !== "undefined" && v instanceof CryptoKey) return { cryptokey: v.type };
    if (v && typeof v === "object") {
      const o = {};
      for (const [k, x] of Object.entries(v)) o[k] = await plain(x);
      return o;
    }
    return v;
  }
  const out = {};
  for (const { name } of await indexedDB.databases()) {
    const db = await done(indexedDB.open(name));
    for (const store of db.objectStoreNames) {
      const rows = await done(db.transaction(store).objectStore(store).getAll());
      out[name + "/" + store] = await plain(rows);
    }
    db.close();
  }
  return { stores: out, digests };
}"""


GREETING = "Hoi Emma! Hier bewaar je"  # her Rugzak, as its page greets her


def launch(browser: Browser, profile: Path) -> tuple[BrowserContext, Page]:
    ctx = browser.browser_type.launch_persistent_context(
        str(profile), executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    return ctx, ctx.pages[0] if ctx.pages else ctx.new_page()


@contextmanager
def tablet(browser: Browser, profile: Path) -> Iterator[tuple[BrowserContext, Page]]:
    ctx, page = launch(browser, profile)
    try:
        yield ctx, page
    finally:
        ctx.close()


def assert_nothing_of(
    page: Page, pupil_id: str, texts: list[str], photo_sha: str = "", online: bool = True
) -> None:
    """Nothing on this tablet shows the pupil's work: page, IndexedDB, caches, storage."""
    html = page.content()
    for text in texts:
        assert text not in html, "on the page"
    assert pupil_id not in page.evaluate("() => document.cookie"), "her sign-in key is left"
    storage = page.evaluate("() => JSON.stringify(Object.assign({}, localStorage, sessionStorage))")
    assert all(t not in storage for t in texts) and pupil_id not in storage, "in web storage"
    idb = page.evaluate(DUMP_ALL_IDB)
    for name, rows in idb["stores"].items():
        dumped = json.dumps(rows, ensure_ascii=False)
        for text in texts:
            assert text not in dumped, f"readable in IndexedDB {name}"
        if name.endswith(("/snapshot", "/meta")):
            assert pupil_id not in dumped, f"she is still in IndexedDB {name}"
    assert not photo_sha or photo_sha not in idb["digests"], "her photo is readable in IndexedDB"
    for entry in page.evaluate(DUMP_CACHES):
        for text in texts:
            assert text not in entry["text"], entry["url"]
        assert not photo_sha or entry["sha256"] != photo_sha, entry["url"]
        assert f"/media/{pupil_id}/" not in entry["url"]
    # And the server answers this tablet nothing of hers, whichever cookies it still holds.
    if online:
        assert page.evaluate("async () => (await fetch('/api/mij')).status") == 401


def arrived_once(server: LiveServer, name: str, item_id: str, field: str, value: Any) -> None:
    assert eventually(
        lambda: (server_item(server, name, item_id) or {}).get("values", {}).get(field) == value
    ), f"{field} never reached school"
    rows = [r for r in history_of(server, name, item_id) if r["field"] == field]
    assert [r["value"] for r in rows if r["kind"] == "set"][-1] == value
    assert len({r["op_id"] for r in rows}) == len(rows), "an operation was applied twice"


def sign_in_offline(page: Page, server: LiveServer, name: str) -> None:
    sign_in(page, server, name)  # the same taps; the PIN is checked on the tablet
    expect(page.locator("[data-me=first_name]").first).to_have_text(name.split(" ")[0])


def on_a_trip(page: Page, server: LiveServer, text: str, photo: Path | None = None) -> str:
    """Emma signs in online and starts a worksheet; then the network goes and she writes
    (and adds a photo). Returns the item's id; her work is waiting in the outbox."""
    sign_in(page, server, EMMA)
    wait_controlled(page)
    item_id = open_new(page, "Iets meegemaakt", "Een nieuwe ervaring")
    wait_cached(page, "/leerling/werkblad/ervaring")
    expect(page.locator("#sync-status .sync-text")).to_contain_text(
        "Alles is op school", timeout=15000
    )
    page.context.set_offline(True)
    page.get_by_role("textbox", name="Wat heb ik gedaan?").fill(text)
    fields = {"wat"}
    if photo:
        page.locator("input.photo-input").set_input_files(str(photo))
        expect(page.locator(".thumbs img")).to_have_count(1, timeout=15000)
        fields.add("fotos")
    assert eventually(lambda: {r["op"].get("field") for r in outbox(page)} >= fields)
    return item_id


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url(lambda url: "/leerling" not in url)


def key_cookie(ctx: BrowserContext) -> str:
    return next(c["value"] for c in ctx.cookies() if c["name"] == "rugzak_sleutel")


def ended_on_server(server: LiveServer, key: str) -> bool:
    sid = key.split(".")[2]
    path = server.data_dir / "signins.json"
    return path.exists() and sid in read_stored(path).get("revoked", {})


def test_sign_out_while_offline(browser: Browser, server: LiveServer, tmp_path: Path) -> None:
    secret = "Ik wil later piloot worden 5521"
    photo = tmp_path / "emma.jpg"
    photo.write_bytes(jpeg_with_gps())
    sha = hashlib.sha256(photo.read_bytes()).hexdigest()
    emma_id = server.demo.pupil_ids[EMMA]
    with tablet(browser, tmp_path / "tablet") as (ctx, page):
        # Amir has signed in on this tablet before (so he can sign in offline later).
        sign_in(page, server, AMIR)
        wait_controlled(page)
        wait_cached(page, f"/klas/{CLASS_8}/{server.demo.pupil_ids[AMIR]}")
        sign_out(page)
        # Emma, online; then the trip: offline, she writes, adds a photo and signs out.
        item_id = on_a_trip(page, server, secret, photo)
        key = key_cookie(ctx)
        sign_out(page)
        assert page.url.endswith(f"/klas/{CLASS_8}")
        # Still offline, Amir signs in with his PIN: nothing of Emma's.
        sign_in_offline(page, server, AMIR)
        expect(page.get_by_text("Hoi Amir!")).to_be_visible()
        assert "Emma" not in page.locator("main").inner_text()
        # Her address on this tablet shows nothing either.
        page.goto(f"{server.url}/leerling/werkblad/ervaring#{item_id}")
        expect(page.locator(".missing")).to_be_visible()
        assert page.locator(".thumbs img").count() == 0
        # The network returns (Amir still signed in, offline-style).
        ctx.set_offline(False)
        page.goto(f"{server.url}/leerling")
        expect(page.get_by_text("Hoi Amir!")).to_be_visible()
        arrived_once(server, EMMA, item_id, "wat", secret)
        arrived_once(server, EMMA, item_id, "fotos", [sha])
        assert (media_dir(server, EMMA) / f"{sha}.display.webp").exists()
        # Her sign-out reached school too: her old session is dead on the server.
        assert eventually(lambda: ended_on_server(server, key)), "the sign-out was not delivered"
        assert_nothing_of(page, emma_id, [secret, GREETING], sha)
        # Amir signs out; whoever opens Rugzak next lands on the class page.
        sign_out(page)
        page.goto(f"{server.url}/leerling")
        page.wait_for_url(f"**/klas/{CLASS_8}")
        assert_nothing_of(page, emma_id, [secret, GREETING], sha)


def test_closed_without_signing_out_and_reopened_an_hour_later(
    browser: Browser, server: LiveServer, tmp_path: Path
) -> None:
    secret = "Mijn hamster heet Koekje 7731"
    emma_id = server.demo.pupil_ids[EMMA]
    profile = tmp_path / "tablet"
    with tablet(browser, profile) as (ctx, page):
        item_id = on_a_trip(page, server, secret)
    # The browser is closed without signing out; an hour later it is opened, offline.
    with tablet(browser, profile) as (ctx, page):
        ctx.clock.install(time=datetime.now() + timedelta(minutes=61))
        ctx.set_offline(True)
        page.goto(f"{server.url}/leerling")
        page.wait_for_url(f"**/klas/{CLASS_8}")
        expect(page.get_by_role("link", name="Emma d.")).to_be_visible()
        assert_nothing_of(page, emma_id, [secret, GREETING], online=False)
        # Back online: everything checked, and her sealed work is delivered exactly once.
        ctx.set_offline(False)
        page.reload()
        arrived_once(server, EMMA, item_id, "wat", secret)
        assert_nothing_of(page, emma_id, [secret, GREETING])


def test_an_update_keeps_offline_sign_in_for_every_pupil(
    browser: Browser,
    versioned: VersionedServer,  # noqa: F811
    tmp_path: Path,
) -> None:
    server = versioned
    ids = server.demo.pupil_ids
    with tablet(browser, tmp_path / "tablet") as (ctx, page):
        for name in (EMMA, AMIR):
            sign_in(page, server, name)
            wait_controlled(page)
            wait_cached(page, f"/klas/{CLASS_8}/{ids[name]}")
            sign_out(page)
        old = sw_version(server)

        # A new version appears while the tablet is offline (the trip has begun before the
        # release): it cannot be fetched, so nothing changes; both still sign in offline.
        ctx.set_offline(True)
        css = server.pwa_dir / "css" / "app.css"
        css.write_text(css.read_text() + "\n/* a new release */\n")
        server.stop()
        server.start()
        new = sw_version(server)
        assert new != old
        for name in (EMMA, AMIR):
            sign_in_offline(page, server, name)
            sign_out(page)
        assert page.evaluate("async () => await caches.keys()") == [f"rugzak-{old}"]

        # Online the new version installs with every page it needs, then takes over.
        ctx.set_offline(False)
        page.goto(f"{server.url}/klas/{CLASS_8}")
        caches = settled_caches(page, f"rugzak-{new}", timeout=90)
        assert list(caches) == [f"rugzak-{new}"], (
            f"the new version did not take over: {list(caches)}"
        )
        kept = {u.removeprefix(server.url) for u in caches[f"rugzak-{new}"]}
        assert {
            f"/klas/{CLASS_8}",
            f"/klas/{CLASS_8}/{ids[EMMA]}",
            f"/klas/{CLASS_8}/{ids[AMIR]}",
        } <= kept
        # And offline, with only the new version on the tablet, both still sign in.
        ctx.set_offline(True)
        for name in (EMMA, AMIR):
            sign_in_offline(page, server, name)
            links = page.evaluate(
                "() => [...document.querySelectorAll('script[src]')].map((e) => e.src)"
            )
            assert links and all(f"/static/{new}/" in u for u in links)
            sign_out(page)


def test_closed_while_signing_out(browser: Browser, server: LiveServer, tmp_path: Path) -> None:
    """The app is closed the moment the sign-out has begun (her key is gone), before her work
    is sealed: the next start seals it, and it still reaches school once."""
    secret = "Ik heb een geheime hut in het bos 8812"
    photo = tmp_path / "emma.jpg"
    photo.write_bytes(jpeg_with_gps())
    sha = hashlib.sha256(photo.read_bytes()).hexdigest()
    emma_id = server.demo.pupil_ids[EMMA]
    profile = tmp_path / "tablet"
    with tablet(browser, profile) as (ctx, page):
        item_id = on_a_trip(page, server, secret, photo)
        page.get_by_role("button", name="Uitloggen").click(no_wait_after=True)
        assert eventually(lambda: not any(c["name"] == "rugzak_sleutel" for c in ctx.cookies()), 30)
    with tablet(browser, profile) as (ctx, page):
        ctx.set_offline(True)
        page.goto(f"{server.url}/leerling")
        page.wait_for_url(f"**/klas/{CLASS_8}")
        assert eventually(
            lambda: secret not in json.dumps(page.evaluate(DUMP_ALL_IDB), ensure_ascii=False)
        ), "her work is still readable on the tablet"
        assert_nothing_of(page, emma_id, [secret, GREETING], sha, online=False)
        ctx.set_offline(False)
        page.reload()
        arrived_once(server, EMMA, item_id, "wat", secret)
        arrived_once(server, EMMA, item_id, "fotos", [sha])
