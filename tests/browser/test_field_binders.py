"""Every pupil-side JS binder in the browser: what the controls hold is saved under the
field's stored names, reaches the server, and is shown again after a reload."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from server.infra.store import stored as read_stored

from .conftest import LiveServer, eventually, sign_in_pupil, wait_synced
from .steps import show

PUPIL = "Noor Bakker"


def values_on_server(server: LiveServer, item_id: str) -> dict:
    path = server.data_dir / "pupils" / server.demo.pupil_ids[PUPIL] / "portfolio.json"
    items = read_stored(path).get("items", {})
    return items.get(item_id, {}).get("values", {})


def open_sheet(page: Page, server: LiveServer, worksheet: str) -> str:
    """A new item of ``worksheet``; its id."""
    page.goto(f"{server.url}/leerling/werkblad/{worksheet}")
    page.wait_for_url(f"**/leerling/werkblad/{worksheet}#i_*")
    expect(page.locator("#worksheet")).not_to_have_attribute("aria-busy", "true")
    return page.url.split("#", 1)[1]


def saved(server: LiveServer, item_id: str, expected: dict) -> None:
    def check() -> bool:
        values = values_on_server(server, item_id)
        return all(values.get(name) == value for name, value in expected.items())

    if not eventually(check):
        values = values_on_server(server, item_id)
        assert {name: values.get(name) for name in expected} == expected


def reload(page: Page) -> None:
    wait_synced(page)
    page.reload()
    expect(page.locator("#worksheet")).not_to_have_attribute("aria-busy", "true")


def test_every_binder_saves_and_restores(page: Page, server: LiveServer) -> None:
    sign_in_pupil(page, server, PUPIL)

    # cards (a card, an own card), longtext (a situation), ranking (tapping places 1-2)
    item_id = open_sheet(page, server, "kwaliteiten-top3")
    picks = page.locator('[data-cards="kind-kiest"]')
    picks.locator('.qcard[data-key="doorzetter"]').click()
    picks.locator(".own-card").click()
    expect(page.locator("#w-kind-kiest-2-eigen")).to_be_focused()
    page.locator("#w-kind-kiest-2-eigen").fill("Goed in tekenen")
    page.locator("#w-kind-kiest-1-situatie").fill("Bij het turnen")
    top = show(page, page.locator('[data-name="top-3"]'))
    top.locator('.rank-ours .qcard[data-key="doorzetter"]').click()
    top.get_by_text("Alle kwaliteiten").click()
    top.locator('.rank-all .qcard[data-key="sterk"]').click()
    places = top.locator(".rank-place")
    saved(
        server,
        item_id,
        {
            "kind-kiest.1": "doorzetter",
            "kind-kiest.2": "eigen:Goed in tekenen",
            "kind-kiest.1.situatie": "Bij het turnen",
            "top-3": ["doorzetter", "sterk"],
        },
    )
    reload(page)
    expect(picks.locator('[data-name="kind-kiest.1"]')).to_have_attribute(
        "data-value", "doorzetter"
    )
    expect(picks.locator('[data-name="kind-kiest.2"]')).to_have_attribute("data-value", "__eigen__")
    expect(page.locator("#w-kind-kiest-2-eigen")).to_have_value("Goed in tekenen")
    expect(page.locator("#w-kind-kiest-1-situatie")).to_have_value("Bij het turnen")
    expect(places.nth(0)).to_have_attribute("data-key", "doorzetter")
    expect(places.nth(1)).to_have_attribute("data-key", "sterk")

    # multichoice (with its limit and its "anders" text), people
    item_id = open_sheet(page, server, "school-die-past")
    advice = page.locator('[data-name="voorlopig-advies"] input[type=checkbox]')
    advice.nth(0).check()
    advice.nth(1).check()
    expect(advice.nth(2)).to_be_disabled()  # max_choices = 2
    show(page, page.locator("#w-kenmerken-anders")).fill("Een schooltuin")
    show(page, page.locator("#w-scholen-1-naam")).fill("Het Lyceum")
    keys = [advice.nth(i).get_attribute("value") for i in (0, 1)]
    saved(
        server,
        item_id,
        {
            "voorlopig-advies": keys,
            "kenmerken-anders": "Een schooltuin",
            "scholen.1.naam": "Het Lyceum",
        },
    )
    reload(page)
    expect(advice.nth(0)).to_be_checked()
    expect(advice.nth(1)).to_be_checked()
    expect(advice.nth(2)).to_be_disabled()
    expect(page.locator("#w-kenmerken-anders")).to_have_value("Een schooltuin")
    expect(page.locator("#w-scholen-1-naam")).to_have_value("Het Lyceum")

    # scale, text
    item_id = open_sheet(page, server, "zelfportret-6")
    page.locator("#w-naam").fill("Noor")
    show(page, page.locator('input[name="stellingen.netjes"][value="vaak"]')).check()
    saved(server, item_id, {"stellingen.netjes": "vaak", "naam": "Noor"})
    reload(page)
    expect(page.locator('input[name="stellingen.netjes"][value="vaak"]')).to_be_checked()
    expect(page.locator("#w-naam")).to_have_value("Noor")

    # choice, date
    item_id = open_sheet(page, server, "complimenten")
    choice = page.locator('[data-name="compliment"] input[type=radio]').first
    choice.check()
    page.locator("#w-wanneer").fill("2026-10-05")
    key = choice.get_attribute("value")
    saved(server, item_id, {"compliment": key, "wanneer": "2026-10-05"})
    reload(page)
    expect(page.locator('[data-name="compliment"] input[type=radio]').first).to_be_checked()
    expect(page.locator("#w-wanneer")).to_have_value("2026-10-05")
