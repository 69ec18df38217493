"""Group 8 on a tablet: Emma puts secondary schools on her list and orders them; her mother
sees the same list, in that order, on her phone."""

from __future__ import annotations

from playwright.sync_api import Browser, expect

from server.demo import PARENT_PASSWORD

from .conftest import LiveServer, eventually, sign_in_pupil
from .test_present import her_items

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def test_the_pupil_builds_her_list_and_her_mother_sees_it(
    browser: Browser, server: LiveServer
) -> None:
    tablet = browser.new_context(viewport={"width": 810, "height": 1080})
    page = tablet.new_page()
    sign_in_pupil(page, server, "Emma de Vries")
    page.get_by_role("link", name="Scholen kiezen").click()
    page.wait_for_url("**/leerling/scholen")
    matches = page.locator(".matches .match")
    first, second = (matches.nth(i).locator("h3").inner_text().split("\n")[0] for i in (0, 1))
    for name in (first, second):
        page.locator(".matches .match", has_text=name).get_by_role(
            "button", name="Op mijn lijst"
        ).click()
        expect(page.locator(".shortlist > li", has_text=name)).to_be_visible()
    listed = page.locator(".shortlist > li h3")
    expect(listed).to_have_count(2)
    # The second school goes up: it is the one she wants most.
    page.locator(".shortlist > li", has_text=second).get_by_role("button", name="Hoger").click()
    expect(listed.first).to_contain_text(second)
    assert page.evaluate("document.documentElement.scrollWidth") <= 810

    phone = browser.new_context(**PHONE)
    mother = phone.new_page()
    mother.goto(f"{server.url}/inloggen/ouder")
    mother.get_by_label("Gebruikersnaam").fill("moeder.emma")
    mother.get_by_label("Wachtwoord").fill(PARENT_PASSWORD)
    mother.locator("main form button[type=submit]").click()
    mother.wait_for_url("**/ouder")
    mother.get_by_role("link", name="Middelbare school kiezen").click()
    mine = mother.locator(".shortlist > li h3")
    expect(mine).to_have_count(2)
    expect(mine.first).to_contain_text(second)
    expect(mine.nth(1)).to_contain_text(first)
    assert mother.evaluate("document.documentElement.scrollWidth") <= 390
    tablet.close()
    phone.close()


def staff_page(browser: Browser, server: LiveServer, username: str, password: str):
    context = browser.new_context(viewport={"width": 810, "height": 1080})
    page = context.new_page()
    page.goto(f"{server.url}/inloggen/medewerker")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.locator("form[action='/inloggen/medewerker'] button").click()
    page.wait_for_url("**/leraar" if username != "beheer" else "**/beheer")
    return context, page


def test_the_shared_advice_fills_in_opdracht_1_and_she_may_change_it(
    browser: Browser, server: LiveServer
) -> None:
    emma = server.demo.pupil_ids["Emma de Vries"]
    teacher_ctx, teacher = staff_page(browser, server, "meester.youssef", "horizon-youssef")
    teacher.goto(f"{server.url}/leraar/leerling/{emma}/advies")
    for level in ("vmbo-gt", "havo"):
        teacher.locator(f"#advies input[name=niveau][value={level}]").check()
    teacher.locator("#f-cognitief").fill("Rekenen en taal gaan goed.")
    for key in ("werkhouding", "gedrag", "zelfstandigheid", "doorzettingsvermogen", "steun-thuis"):
        teacher.locator(f"#f-{key}").fill("Positief.")
    teacher.get_by_role("button", name="Advies bewaren").click()
    expect(teacher.get_by_text("wacht op een collega")).to_be_visible()
    ib_ctx, ib = staff_page(browser, server, "beheer", "horizon-beheer")
    ib.goto(f"{server.url}/leraar/leerling/{emma}/advies")
    ib.get_by_role("button", name="Bekeken: delen met leerling en ouders").click()
    expect(ib.get_by_text("Bekeken door")).to_be_visible()

    tablet = browser.new_context(viewport={"width": 810, "height": 1080})
    page = tablet.new_page()
    sign_in_pupil(page, server, "Emma de Vries")
    expect(page.locator("#advice-now")).to_contain_text("vmbo gemengd en theoretisch / havo")
    item = page.evaluate(
        "async () => { const src = document.querySelector(\"script[src*='/js/pupil.js']\").src;"
        " const local = await import(src.replace('pupil.js', 'local.js'));"
        " return local.createItem(await local.currentPupil(), 'school-die-past'); }"
    )
    page.goto(f"{server.url}/leerling/werkblad/school-die-past#{item}")
    box = page.locator('[data-name="voorlopig-advies"]')
    expect(box.locator("input[value=vmbo-gt]")).to_be_checked()
    expect(box.locator("input[value=havo]")).to_be_checked()
    expect(box.locator(".from-advice")).to_be_visible()
    # She thinks otherwise: her own answer stays hers.
    box.locator("input[value=vmbo-gt]").uncheck()
    page.reload()
    expect(page.locator('[data-name="voorlopig-advies"] input[value=vmbo-gt]')).not_to_be_checked()
    for context in (teacher_ctx, ib_ctx, tablet):
        context.close()


def test_after_an_open_day_she_writes_about_it_on_its_own_sheet(
    browser: Browser, server: LiveServer
) -> None:
    """A planned visit leads to the Bezoek open dag sheet, with the school and the day
    already filled in; what she writes reaches school like any answer."""
    tablet = browser.new_context(viewport={"width": 810, "height": 1080})
    page = tablet.new_page()
    sign_in_pupil(page, server, "Emma de Vries")
    page.goto(server.url + "/leerling/scholen")
    match = page.locator(".matches .match").first
    name = match.locator("h3").evaluate("h => h.firstChild.textContent.trim()")  # not the city
    match.get_by_role("button", name="Op mijn lijst").click()
    listed = page.locator(".shortlist > li", has_text=name)
    listed.locator("form.open-day").first.get_by_role("button", name="Wij gaan").click()
    write = page.locator(".shortlist > li", has_text=name).get_by_role(
        "link", name="Na je bezoek: schrijf erover"
    )
    write.click()
    page.wait_for_url("**/leerling/werkblad/bezoek-open-dagen#i_*")
    school_field = page.get_by_label("Naam van de school:")
    expect(school_field).to_have_value(name)
    expect(page.get_by_label("Datum open dag:")).not_to_have_value("")
    item_id = page.url.split("#", 1)[1]

    def stored_school() -> str:
        return her_items(server).get(item_id, {}).get("values", {}).get("school", "")

    assert eventually(lambda: stored_school() == name), stored_school()
    # A reload opens the same item and fills nothing twice.
    page.reload()
    expect(school_field).to_have_value(name)
    assert "?" not in page.url
    tablet.close()
