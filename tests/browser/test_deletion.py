"""The admin's confirmation before a child is deleted, in Chromium on a phone and a tablet:
it names the child, nothing scrolls sideways, every target is at least 44 px, axe finds
nothing, it works by keyboard, a wrong name is refused and the right one deletes her."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from .conftest import LiveServer
from .test_axe import violations
from .test_targets_and_widths import MEASURE, MIN

CHILD = "Noor Bakker"


@pytest.mark.parametrize("width", [390, 810])
def test_the_confirmation_names_the_child_and_fits(
    browser: Browser, server: LiveServer, width: int
) -> None:
    pupil_id = server.demo.pupil_ids[CHILD]
    page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
    page.goto(f"{server.url}/inloggen/medewerker")
    page.get_by_label("Gebruikersnaam").fill("beheer")
    page.get_by_label("Wachtwoord").fill("horizon-beheer")
    page.locator("form[action='/inloggen/medewerker'] button").click()
    page.wait_for_url("**/beheer")
    page.goto(f"{server.url}/beheer/leerling/{pupil_id}/verwijderen")

    assert page.get_by_role("heading", level=1).inner_text() == f"Alles van {CHILD} verwijderen"
    found = page.evaluate(MEASURE, MIN)
    assert found["scroll"] <= found["view"], found["wide"]
    assert found["small"] == []
    assert violations(page) == []

    field = page.get_by_label(f"Typ de naam {CHILD} om te bevestigen")
    field.focus()
    page.keyboard.type("Noor")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert "Typ de naam van het kind precies" in page.locator("[role=alert]").inner_text()
    assert violations(page) == []
    assert page.get_by_role("heading", level=1).inner_text() == f"Alles van {CHILD} verwijderen"

    page.get_by_label(f"Typ de naam {CHILD} om te bevestigen").fill("noor bakker")
    page.get_by_role("button", name=f"Alles van {CHILD} verwijderen").click()
    page.wait_for_url("**/beheer/bewaartermijn?verwijderd=1")
    assert "Alles van het kind is verwijderd." in page.inner_text("main")
    found = page.evaluate(MEASURE, MIN)
    assert found["scroll"] <= found["view"] and found["small"] == [], found
    assert violations(page) == []
    assert not (server.data_dir / "pupils" / pupil_id).exists()
    page.context.close()
