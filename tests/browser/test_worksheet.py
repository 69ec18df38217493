"""A pupil fills a worksheet in the browser; it is saved, survives a reload and reaches
the server's file, photos included."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image
from playwright.sync_api import Page, expect

from server.infra.store import stored as read_stored

from .conftest import LiveServer, eventually, sign_in_pupil, start_new, wait_synced
from .steps import go_to_step, show


def portfolio(server: LiveServer, name: str) -> dict:
    pupil_id = server.demo.pupil_ids[name]
    path = server.data_dir / "pupils" / pupil_id / "portfolio.json"
    return read_stored(path)


def items_of(server: LiveServer, name: str, worksheet: str) -> list[dict]:
    return [
        i for i in portfolio(server, name).get("items", {}).values() if i["worksheet"] == worksheet
    ]


def open_new(page: Page, kind_title: str, worksheet_title: str) -> None:
    start_new(page, kind_title, worksheet_title)


def test_fill_save_reload(page: Page, server: LiveServer) -> None:
    sign_in_pupil(page, server, "Emma de Vries")
    expect(page.locator("[data-me=first_name]").first).to_have_text("Emma")
    before = len(items_of(server, "Emma de Vries", "ervaring"))
    open_new(page, "Iets meegemaakt", "Een nieuwe ervaring")
    page.get_by_role("textbox", name="Wat heb ik gedaan?").fill(
        "Ik heb bij de bakker brood gebakken"
    )
    show(page, page.get_by_label("Wat vond ik leuk?")).fill("Het deeg kneden")
    show(page, page.get_by_label("Mijn ouders mogen dit zien")).check()
    assert eventually(
        lambda: any(
            i["values"].get("_shared")
            for i in items_of(server, "Emma de Vries", "ervaring")
            if i["values"].get("wat", "").endswith("gebakken")
        )
    )
    wait_synced(page)
    page.reload()
    expect(page.locator("#worksheet")).to_have_attribute("data-step", "4")  # the same step again
    go_to_step(page, 1)
    expect(page.get_by_role("textbox", name="Wat heb ik gedaan?")).to_have_value(
        "Ik heb bij de bakker brood gebakken"
    )
    expect(page.get_by_label("Mijn ouders mogen dit zien")).to_be_checked()
    items = items_of(server, "Emma de Vries", "ervaring")
    assert len(items) == before + 1
    new = max(items, key=lambda i: i["created_at"])
    assert new["values"]["wat"] == "Ik heb bij de bakker brood gebakken"
    assert new["values"]["_shared"] is True
    # The overview lists it under this school year.
    page.goto(server.url + "/leerling")
    expect(page.locator("#items")).to_contain_text("Schooljaar 2026-2027")


def test_photo_upload(page: Page, server: LiveServer, tmp_path: Path) -> None:
    photo = tmp_path / "stage.jpg"
    buf = io.BytesIO()
    Image.new("RGB", (800, 600), (200, 120, 40)).save(buf, "JPEG")
    photo.write_bytes(buf.getvalue())
    sign_in_pupil(page, server, "Emma de Vries")
    open_new(page, "Iets meegemaakt", "Mini-stage")
    page.get_by_role("textbox", name="Wat heb ik gedaan?").fill("Stage bij de garage")
    page.locator("input.photo-input").set_input_files(str(photo))
    expect(page.locator(".thumbs img")).to_have_count(1, timeout=15000)
    assert eventually(
        lambda: any(
            i["values"].get("fotos")
            for i in items_of(server, "Emma de Vries", "ervaring-ministage")
        )
    )
    wait_synced(page)
    item = max(
        items_of(server, "Emma de Vries", "ervaring-ministage"), key=lambda i: i["created_at"]
    )
    (media_id,) = item["values"]["fotos"]
    media = server.data_dir / "pupils" / server.demo.pupil_ids["Emma de Vries"] / "media"
    assert (media / f"{media_id}.thumb.webp").exists()
    assert (media / f"{media_id}.display.webp").exists()
    page.reload()
    expect(page.locator(".thumbs img")).to_have_count(1, timeout=15000)
    thumb = page.locator(".thumbs img").first
    thumb.wait_for()
    assert page.evaluate("(img) => img.naturalWidth", thumb.element_handle()) > 0
