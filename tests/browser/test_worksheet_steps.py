"""The pupil's worksheet in steps, with cards to tap, a top 3 made by tapping places and the
scale as coloured boxes: by touch, by keyboard, with the browser's back button, without
sideways scrolling and without layout shift."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from server.demo import PUPIL_PIN
from server.infra.store import stored as read_stored

from .conftest import LiveServer, eventually, sign_in_pupil
from .steps import go_to_step, show

NOOR = "Noor Bakker"


def values_on_server(server: LiveServer, name: str, item_id: str) -> dict:
    path = server.data_dir / "pupils" / server.demo.pupil_ids[name] / "portfolio.json"
    return read_stored(path).get("items", {}).get(item_id, {}).get("values", {})


def saved(server: LiveServer, name: str, item_id: str, expected: dict) -> None:
    def check() -> bool:
        values = values_on_server(server, name, item_id)
        return all(values.get(k) == v for k, v in expected.items())

    if not eventually(check):
        values = values_on_server(server, name, item_id)
        assert {k: values.get(k) for k in expected} == expected


def open_sheet(page: Page, server: LiveServer, worksheet: str) -> str:
    page.goto(f"{server.url}/leerling/werkblad/{worksheet}")
    page.wait_for_url(f"**/leerling/werkblad/{worksheet}#i_*")
    expect(page.locator("#worksheet")).not_to_have_attribute("aria-busy", "true")
    return page.url.split("#", 1)[1]


def test_one_step_per_screen_with_back_and_forward(page: Page, server: LiveServer) -> None:
    sign_in_pupil(page, server, NOOR)
    item_id = open_sheet(page, server, "kwaliteiten-top3")
    form = page.locator("#worksheet")
    steps = page.locator("section.step")
    total = steps.count()
    assert total == 5  # three assignments, the parent's part, "Klaar?"
    expect(page.locator(".step-count")).to_have_text(f"Stap 1 van {total}")
    expect(steps.nth(0)).to_be_visible()
    for i in range(1, total):
        expect(steps.nth(i)).to_be_hidden()
    expect(page.locator(".step-prev")).to_be_disabled()

    page.get_by_role("button", name="Volgende").click()
    expect(page.locator(".step-count")).to_have_text(f"Stap 2 van {total}")
    expect(page.locator("section.step.current h2")).to_be_focused()  # read out first
    expect(steps.nth(0)).to_be_hidden()
    assert page.url.endswith(f"#{item_id}/2")

    page.get_by_role("button", name="Volgende").click()
    expect(form).to_have_attribute("data-step", "3")
    page.go_back()
    expect(form).to_have_attribute("data-step", "2")
    page.go_back()
    expect(form).to_have_attribute("data-step", "1")
    assert page.url.endswith(f"#{item_id}")  # the deep link of the item itself
    page.go_forward()
    expect(form).to_have_attribute("data-step", "2")

    # A reload opens the same step; the bare item link opens step 1.
    page.reload()
    expect(form).not_to_have_attribute("aria-busy", "true")
    expect(form).to_have_attribute("data-step", "2")
    expect(steps.nth(1)).to_be_visible()
    page.goto(f"{server.url}/leerling/werkblad/kwaliteiten-top3#{item_id}")
    page.reload()
    expect(form).not_to_have_attribute("aria-busy", "true")
    expect(form).to_have_attribute("data-step", "1")

    # Keyboard only: Volgende is a button reached with Tab and pressed with Enter.
    page.locator(".step-next").focus()
    page.keyboard.press("Enter")
    expect(form).to_have_attribute("data-step", "2")


def test_overview_lists_what_is_open_and_links_to_its_step(page: Page, server: LiveServer) -> None:
    sign_in_pupil(page, server, NOOR)
    item_id = open_sheet(page, server, "ervaring")
    page.get_by_role("textbox", name="Wat heb ik gedaan?").fill("Brood bakken")
    go_to_step(page, 4)
    open_list = page.locator(".open-list")
    expect(open_list).to_contain_text("Wat vond ik leuk?")
    expect(open_list).not_to_contain_text("Wat heb ik gedaan?")  # answered
    link = open_list.get_by_role("link", name="Wat vond ik leuk?")
    expect(link).to_contain_text("Stap 2")
    link.click()
    expect(page.locator("#worksheet")).to_have_attribute("data-step", "2")
    leuk = page.get_by_label("Wat vond ik leuk?")
    expect(leuk).to_be_focused()
    leuk.fill("Het deeg kneden")
    go_to_step(page, 4)
    expect(open_list).not_to_contain_text("Wat vond ik leuk?")
    page.get_by_label("Dit werkblad is klaar").check()
    saved(server, NOOR, item_id, {"leuk": "Het deeg kneden", "_status": "klaar"})


def test_cards_are_tapped_and_work_by_keyboard(page: Page, server: LiveServer) -> None:
    sign_in_pupil(page, server, NOOR)
    item_id = open_sheet(page, server, "kwaliteiten-top3")
    field = page.locator('[data-cards="kind-kiest"]')
    assert field.locator("select").count() == 0  # no 30-item dropdown any more
    cards = field.locator(".cards-grid .qcard:not(.own-card)")
    assert cards.count() == 30
    first = field.get_by_role("button", name="Betrouwbaar")
    expect(first).to_have_attribute("aria-pressed", "false")
    # Named by all it shows (axe: the visible text is part of the name), meaning included.
    expect(first).to_have_accessible_name("Betrouwbaar je doet wat je hebt afgesproken")
    # every card shows a pictogram, its name and its meaning, and is big enough to tap
    assert cards.locator("svg.picto").count() == 30
    box = first.bounding_box()
    assert box and box["width"] >= 44 and box["height"] >= 44

    first.focus()
    page.keyboard.press("Enter")
    expect(first).to_have_attribute("aria-pressed", "true")
    sterk = field.get_by_role("button", name="Sterk")
    sterk.focus()
    page.keyboard.press("Space")
    expect(sterk).to_have_attribute("aria-pressed", "true")
    slots = field.locator(".card-slot")
    expect(slots.nth(0)).to_contain_text("Betrouwbaar")
    expect(slots.nth(1)).to_contain_text("Sterk")
    expect(field.locator(".situation-card").nth(0)).to_have_text("Betrouwbaar")

    # Two places: a third card is refused with a message a screen reader reads out.
    field.get_by_role("button", name="Eerlijk").click()
    expect(field.get_by_role("button", name="Eerlijk")).to_have_attribute("aria-pressed", "false")
    expect(field.locator(".cards-msg")).to_contain_text("al 2 kaarten")
    saved(server, NOOR, item_id, {"kind-kiest.1": "betrouwbaar", "kind-kiest.2": "sterk"})

    # Tapping a chosen card again puts it back; the next card takes the free place.
    first.click()
    expect(first).to_have_attribute("aria-pressed", "false")
    field.get_by_role("button", name="Eerlijk").click()
    saved(server, NOOR, item_id, {"kind-kiest.1": "eerlijk", "kind-kiest.2": "sterk"})
    # "Terugleggen" on a place does the same.
    slots.nth(1).get_by_role("button", name="Terugleggen").click()
    expect(sterk).to_have_attribute("aria-pressed", "false")
    saved(server, NOOR, item_id, {"kind-kiest.1": "eerlijk", "kind-kiest.2": ""})


def test_top_3_by_tapping_places_with_the_parents_cards(
    browser: Browser, server: LiveServer
) -> None:
    context = browser.new_context()
    page = context.new_page()
    try:
        # Hira (groep 7): her mother chose "behulpzaam" and "betrouwbaar" on her phone.
        page.goto(f"{server.url}/klas/HZN7PX")
        page.get_by_role("link", name="Hira A.").click()
        page.get_by_label("Pincode").fill(PUPIL_PIN)
        page.get_by_role("button", name="Inloggen").click()
        page.wait_for_url("**/leerling")
        path = server.data_dir / "pupils" / server.demo.pupil_ids["Hira Ahmed"] / "portfolio.json"
        items = read_stored(path)["items"]
        item_id = next(i for i, it in items.items() if it["worksheet"] == "kwaliteiten-top3")
        page.goto(f"{server.url}/leerling/werkblad/kwaliteiten-top3#{item_id}/2")
        expect(page.locator("#worksheet")).not_to_have_attribute("aria-busy", "true")
        top = page.locator('[data-name="top-3"]')
        expect(top).to_be_visible()
        places = top.locator(".rank-place")
        expect(places.nth(0)).to_contain_text("Nieuwsgierig")  # what she had already
        ours = top.locator(".rank-ours")
        expect(ours.locator(".qcard")).to_have_count(4)  # hers and her mother's, side by side
        behulpzaam = ours.locator('.qcard[data-key="behulpzaam"]')
        expect(behulpzaam).to_contain_text("Gekozen door je ouder")
        expect(ours.locator('.qcard[data-key="nieuwsgierig"]')).to_contain_text("Gekozen door jou")
        assert top.locator("select").count() == 0
        assert top.get_by_role("button", name="Hoger").count() == 0

        # Tapping a placed card puts it back and leaves its place empty ...
        nieuwsgierig = ours.locator('.qcard[data-key="nieuwsgierig"]')
        nieuwsgierig.click()
        expect(places.nth(0)).to_contain_text("nog leeg")
        expect(nieuwsgierig).to_have_attribute("aria-pressed", "false")
        expect(top.locator(".cards-msg")).to_contain_text("teruggelegd")
        saved(server, "Hira Ahmed", item_id, {"top-3": ["", "behulpzaam", "betrouwbaar"]})
        # ... which the next tap fills: the top 3 is ordered by tapping, also by keyboard.
        card = ours.locator('.qcard[data-key="georganiseerd"]')
        card.focus()
        page.keyboard.press("Enter")
        expect(places.nth(0)).to_contain_text("Georganiseerd")
        expect(card).to_have_accessible_name(re.compile(r"^Georganiseerd \(plaats 1\) "))
        saved(
            server, "Hira Ahmed", item_id, {"top-3": ["georganiseerd", "behulpzaam", "betrouwbaar"]}
        )
        # A full top 3 refuses a fourth card and says why.
        nieuwsgierig.click()
        expect(top.locator(".cards-msg")).to_contain_text("vol")
        expect(nieuwsgierig).to_have_attribute("aria-pressed", "false")
    finally:
        context.close()


def test_scale_is_coloured_boxes_in_the_growth_pictures_order(
    page: Page, server: LiveServer
) -> None:
    sign_in_pupil(page, server, NOOR)
    item_id = open_sheet(page, server, "zelfportret-6")
    row = show(page, page.locator('[data-name="stellingen.netjes"]'))
    boxes = row.locator(".scale-cell")
    expect(boxes).to_have_text(["Niet zo", "Soms", "Vaak", "Altijd"])
    boxes.nth(2).click()  # "Vaak": the first three boxes are coloured, the last is not
    colours = [
        boxes.nth(i).evaluate("el => getComputedStyle(el).backgroundColor") for i in range(4)
    ]
    white = "rgb(255, 255, 255)"
    assert white not in colours[:3] and colours[3] == white
    assert len(set(colours[:3])) == 3  # a colour per box
    for i in range(4):
        b = boxes.nth(i).bounding_box()
        assert b and b["width"] >= 44 and b["height"] >= 44
    saved(server, NOOR, item_id, {"stellingen.netjes": "vaak"})
    # keyboard: the boxes are radios of one group; an arrow key moves the choice
    row.locator("input[value=vaak]").focus()
    page.keyboard.press("ArrowRight")
    expect(row.locator("input[value=altijd]")).to_be_checked()
    saved(server, NOOR, item_id, {"stellingen.netjes": "altijd"})


def test_the_pupils_name_is_filled_in_from_the_device(page: Page, server: LiveServer) -> None:
    sign_in_pupil(page, server, NOOR)
    html = page.request.get(f"{server.url}/leerling/werkblad/zelfportret-6").text()
    assert "Noor" not in html  # the page itself carries no personal data
    item_id = open_sheet(page, server, "zelfportret-6")
    expect(page.locator("#w-naam")).to_have_value("Noor")
    expect(page.locator(".hello")).to_have_text("Hoi Noor!")
    saved(server, NOOR, item_id, {"naam": "Noor"})


# Layout shifts of the worksheet's own content. The sync line above the page is not the
# worksheet's (it gets a fixed height in another part of issue 12): a shift it causes moves
# <main> as a whole and is left out here; anything the worksheet's script moves is counted.
OWN_SHIFTS = """window.__shift = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    if (e.hadRecentInput) continue;
    const form = document.getElementById("worksheet");
    const nodes = e.sources.map((s) => s.node).filter(Boolean);
    if (form && nodes.length && nodes.every((n) => form.contains(n))) window.__shift += e.value;
  }
}).observe({ type: "layout-shift", buffered: true });"""


def test_no_sideways_scroll_and_no_layout_shift(browser: Browser, server: LiveServer) -> None:
    for width, height in ((390, 844), (810, 1080), (320, 640)):
        context = browser.new_context(viewport={"width": width, "height": height})
        context.add_init_script(OWN_SHIFTS)
        page = context.new_page()
        try:
            sign_in_pupil(page, server, NOOR)
            open_sheet(page, server, "ervaring-ministage")  # with a photo field
            page.get_by_role("textbox", name="Wat heb ik gedaan?").press_sequentially("Garage")
            photo = page.locator("input.photo-input").bounding_box()
            assert photo and photo["width"] <= 1
            # loading the page, the script filling it and typing move nothing
            shift = page.evaluate("window.__shift")
            assert shift <= 0.02, (width, shift)
            for worksheet in (
                "ervaring-ministage",
                "kwaliteiten-top3",
                "zelfportret-6",
                "complimenten",
                "samen-doen",
                "school-die-past",
            ):
                open_sheet(page, server, worksheet)
                for step in range(1, page.locator("section.step").count() + 1):
                    go_to_step(page, step)
                    scroll = page.evaluate("document.documentElement.scrollWidth")
                    assert scroll <= width, (worksheet, step, width, scroll)
        finally:
            context.close()
