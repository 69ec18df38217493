"""A parent books a conversation time on a phone: the teacher opens a round on her tablet,
the mother taps a time on her phone, and the teacher's planning shows it."""

from __future__ import annotations

import re
from datetime import date, timedelta

from playwright.sync_api import Browser, expect

from server.demo import PARENT_PASSWORD
from tests.browser.conftest import LiveServer

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def test_a_parent_books_a_slot_on_a_phone(browser: Browser, server: LiveServer) -> None:
    day = (date.today() + timedelta(days=7)).isoformat()
    tablet = browser.new_context(viewport={"width": 810, "height": 1080})
    teacher = tablet.new_page()
    teacher.goto(f"{server.url}/inloggen/medewerker")
    teacher.get_by_label("Gebruikersnaam").fill("juf.sanne")
    teacher.get_by_label("Wachtwoord").fill("horizon-sanne")
    teacher.locator("form[action='/inloggen/medewerker'] button").click()
    teacher.wait_for_url("**/leraar")
    class_url = teacher.locator("a[href^='/leraar/klas/']").first.get_attribute("href")
    teacher.goto(f"{server.url}{class_url}/gesprekken")
    teacher.locator("#f-dag1").fill(day)
    teacher.locator("#f-van1").fill("15:00")
    teacher.locator("#f-tot1").fill("16:00")
    teacher.get_by_role("button", name="Gespreksronde openen").click()
    teacher.wait_for_url("**/gesprekken/r_*")
    expect(teacher.locator("td.free")).to_have_count(4)

    phone = browser.new_context(**PHONE)
    mother = phone.new_page()
    mother.goto(f"{server.url}/inloggen/ouder")
    mother.get_by_label("Gebruikersnaam").fill("moeder.noor")
    mother.get_by_label("Wachtwoord").fill(PARENT_PASSWORD)
    mother.locator("main form button[type=submit]").click()
    mother.wait_for_url("**/ouder")
    child = server.demo.pupil_ids["Noor Bakker"]
    mother.goto(f"{server.url}/ouder/kind/{child}/gesprek")
    slot = mother.locator("label.slot", has_text=re.compile(r"^\s*15:30"))
    box = slot.bounding_box()
    assert box and box["height"] >= 44 and box["width"] >= 44  # a thumb's target
    slot.tap()
    mother.get_by_label("In welke taal praat u het liefst?", exact=True).select_option("en")
    mother.get_by_role("button", name="Deze tijd kiezen").tap()
    expect(mother.get_by_role("status")).to_contain_text("Uw keuze is bewaard")
    expect(mother.locator(".booked")).to_contain_text("15:30")
    assert mother.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll

    teacher.reload()
    row = teacher.locator("tr", has_text="15:30–15:45")
    expect(row).to_contain_text("Noor Bakker")
    expect(row).to_contain_text("Engels")  # the teacher reads the language in Dutch
    tablet.close()
    phone.close()
