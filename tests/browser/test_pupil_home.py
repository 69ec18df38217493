"""The pupil's home in the browser (issue 12): "Nu doen" with due dates and planned talks,
"Maken" tiles that ask before making a twin, "Mijn werk" named by the pupil's words, "Mijn
jaar" with a "nu" marker; no layout shift while it fills, offline, and nothing of this child
for the next one on the tablet."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from server.demo import DemoLogins
from server.domain import planning, school
from server.infra.store import Store

from .conftest import LiveServer, eventually
from .test_offline import portfolio, sign_in, wait_cached, wait_controlled

EMMA = "Emma de Vries"  # groep 8; this year a self-portrait "bezig" and a mini-stage "klaar"
AMIR = "Amir Benali"  # her classmate, the next child on the tablet
TODAY = date.today()
DUE = TODAY + timedelta(days=3)
TALK = datetime.combine(TODAY + timedelta(days=6), datetime.min.time()).replace(hour=14, minute=30)
MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december"]  # fmt: skip

# Layout shift recorded from the first paint, as the measure asks.
CLS_SCRIPT = """
window.__shifts = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shifts.push(e.value);
}).observe({ type: "layout-shift", buffered: true });
"""


@pytest.fixture
def planned(tmp_path: Path, demo_folder: tuple[Path, DemoLogins]) -> Iterator[LiveServer]:
    """The demo school with a home assignment for Emma's class due in three days and a
    conversation for Emma in six, written before the server starts."""
    data = tmp_path / "data"
    shutil.copytree(demo_folder[0], data)
    store = Store(data)
    emma_id = demo_folder[1].pupil_ids[EMMA]
    with store.school.transaction() as db:
        class_id = school.get_pupil(db, emma_id)["class_id"]
        planning.create_assignment(
            db, class_id, "school-die-past", "Thuisopdracht: Een school die past", DUE, "s_x"
        )
        planning.create_conversation(db, emma_id, "voortgangsgesprek", TALK, "Lokaal 8", "s_x")
    live = LiveServer(data, demo_folder[1])
    live.start()
    yield live
    live.stop()


@pytest.fixture
def due_soon(tmp_path: Path, demo_folder: tuple[Path, DemoLogins]) -> Iterator[LiveServer]:
    """Three home assignments for Emma's class: two days late, due today, due tomorrow."""
    data = tmp_path / "data"
    shutil.copytree(demo_folder[0], data)
    store = Store(data)
    with store.school.transaction() as db:
        class_id = school.get_pupil(db, demo_folder[1].pupil_ids[EMMA])["class_id"]
        for days, title in ((-2, "Opdracht A"), (0, "Opdracht B"), (1, "Opdracht C")):
            due = TODAY + timedelta(days=days)
            planning.create_assignment(db, class_id, "school-die-past", title, due, "s_x")
    live = LiveServer(data, demo_folder[1])
    live.start()
    yield live
    live.stop()


def loaded(page: Page) -> None:
    expect(page.locator("#items")).to_have_attribute("aria-busy", "false", timeout=15000)
    expect(page.locator("#now")).to_have_attribute("aria-busy", "false")


def shifts(page: Page) -> float:
    page.wait_for_timeout(500)  # let the last entries arrive
    return sum(page.evaluate("window.__shifts"))


@pytest.mark.parametrize("width,height", [(390, 844), (810, 1080)])
def test_the_home_does_not_move_while_it_fills(
    browser: Browser, planned: LiveServer, width: int, height: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": height})
    context.add_init_script(CLS_SCRIPT)
    page = context.new_page()
    try:
        sign_in(page, planned, EMMA)  # the first load fetches the snapshot
        loaded(page)
        first = shifts(page)
        page.reload()  # then from the snapshot kept on the device
        loaded(page)
        again = shifts(page)
        assert first <= 0.02 and again <= 0.02, (first, again)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        # Every control on the home is big enough for a child's finger.
        small = page.evaluate(
            """() => [...document.querySelectorAll('main a, main button, main summary')]
              .filter((e) => e.offsetParent !== null)
              .map((e) => [e.textContent.trim().slice(0, 30), e.getBoundingClientRect()])
              .filter(([, r]) => r.width < 44 || r.height < 44).map(([t]) => t)"""
        )
        assert not small, small
    finally:
        context.close()


def test_now_shows_due_dates_and_her_talk_and_the_next_child_sees_none_of_it(
    page: Page, planned: LiveServer
) -> None:
    sign_in(page, planned, EMMA)
    loaded(page)
    now = page.locator("#now")
    rows = now.locator(".now-row")
    expect(rows.first).to_contain_text("Thuisopdracht: Een school die past")
    expect(rows.first).to_contain_text("Nog 3 dagen")
    talk = now.locator(".now-row", has_text="Voortgangsgesprek")
    expect(talk).to_contain_text("Over 6 dagen")
    expect(talk).to_contain_text("14:30")
    expect(talk).to_contain_text("Lokaal 8")
    # It leads to her preparation: the checklist and what she will show.
    expect(talk.get_by_role("link")).to_have_attribute("href", "/leerling/presenteren")
    # Work she started and has not finished is open now too.
    expect(rows.nth(2)).to_contain_text("Blik op de toekomst")
    expect(rows.nth(2)).to_contain_text("Verder")
    # Tapping the assignment opens a new item of it, made for the year plan's step.
    rows.first.get_by_role("link").click()
    page.wait_for_url("**/leerling/werkblad/school-die-past#i_*")
    item_id = page.url.split("#", 1)[1]
    assert eventually(
        lambda: (
            (portfolio(planned, EMMA)["items"].get(item_id) or {}).get("values", {}).get("_step")
            == "thuisopdracht-school"
        )
    ), "the item did not reach school with its step"

    # The next child on this tablet: the class's assignment is hers too, the talk is not.
    page.goto(planned.url + "/leerling")
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url(lambda url: "/leerling" not in url)
    sign_in(page, planned, AMIR)
    loaded(page)
    expect(page.locator("[data-me=first_name]").first).to_have_text("Amir")
    expect(page.locator("#now")).to_contain_text("Een school die past")
    expect(page.locator("main")).not_to_contain_text("Voortgangsgesprek op school")
    expect(page.locator("main")).not_to_contain_text("Lokaal 8")
    expect(page.locator("main")).not_to_contain_text("Timmerbedrijf")  # Emma's mini-stage


def test_making_a_twin_asks_first(page: Page, planned: LiveServer) -> None:
    sign_in(page, planned, EMMA)
    loaded(page)

    def self_portraits() -> dict[str, dict]:
        items = portfolio(planned, EMMA)["items"]
        return {k: v for k, v in items.items() if v["worksheet"] == "zelfportret-8"}

    before = self_portraits()
    unfinished = [k for k, v in before.items() if v["values"].get("_status") != "klaar"]
    assert len(unfinished) == 1  # the demo's "Blik op de toekomst", still bezig
    dialog = page.get_by_role("dialog", name="Verder met je vorige, of een nieuwe?")

    # Escape: nothing is made.
    page.get_by_role("button", name="Zelfportret").click()
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Je bent al bezig met")
    expect(dialog.get_by_role("button", name="Verder met mijn vorige")).to_be_focused()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    assert "#" not in page.url

    # "Verder met mijn vorige" opens the unfinished one.
    page.get_by_role("button", name="Zelfportret").click()
    dialog.get_by_role("button", name="Verder met mijn vorige").click()
    page.wait_for_url(f"**/leerling/werkblad/zelfportret-8#{unfinished[0]}")

    # "Een nieuwe maken" makes a second one, on purpose.
    page.goto(planned.url + "/leerling")
    loaded(page)
    page.get_by_role("button", name="Zelfportret").click()
    dialog.get_by_role("button", name="Een nieuwe maken").click()
    page.wait_for_url("**/leerling/werkblad/zelfportret-8#i_*")
    new_id = page.url.split("#", 1)[1]
    assert new_id not in before
    assert eventually(lambda: new_id in self_portraits())
    assert len(self_portraits()) == len(before) + 1


def test_my_work_is_named_by_her_words_and_the_year_shows_now(
    page: Page, planned: LiveServer
) -> None:
    sign_in(page, planned, EMMA)
    loaded(page)
    items = page.locator("#items")
    # The mini-stage is named after the company she wrote, with its photo as thumbnail.
    stage = items.locator(".item", has_text="Timmerbedrijf Van der Laan")
    expect(stage).to_contain_text("Mini-stage")
    thumb = stage.locator(".item-thumb img")
    expect(thumb).to_have_count(1)
    assert eventually(lambda: thumb.evaluate("(img) => img.complete && img.naturalWidth > 0"))
    # Not every item is called after its worksheet any more.
    titles = items.locator(".item-title").all_inner_texts()
    assert "Mini-stage" not in titles and "Blik op de toekomst" not in titles
    # The year plan: a "nu" marker on this month, in the child's words.
    plan = page.locator("#plan-section")
    expect(plan).to_be_visible()
    now = plan.locator(".tl-row.now")
    if TODAY.month != 8:  # the summer holiday is in no month of the plan
        expect(now).to_contain_text(MONTHS[TODAY.month - 1])
        expect(now).to_contain_text("nu")
    expect(plan).to_contain_text("Naar open dagen van scholen")
    expect(plan).not_to_contain_text("Ouderkamer")


def test_a_year_plan_step_makes_its_own_item(page: Page, planned: LiveServer) -> None:
    sign_in(page, planned, EMMA)
    loaded(page)
    step = page.locator(".tl-step", has_text="Naar open dagen van scholen")
    expect(step).to_contain_text("nog doen")
    step.get_by_role("link").click()
    page.wait_for_url("**/leerling/werkblad/bezoek-open-dagen#i_*")
    item_id = page.url.split("#", 1)[1]
    assert eventually(
        lambda: (
            (portfolio(planned, EMMA)["items"].get(item_id) or {}).get("values", {}).get("_step")
            == "open-dagen"
        )
    )
    page.goto(planned.url + "/leerling")
    loaded(page)
    step = page.locator(".tl-step", has_text="Naar open dagen van scholen")
    expect(step).to_contain_text("bezig")
    # A free experience marked "klaar" leaves the step alone (it did before).
    page.get_by_text("Iets meegemaakt", exact=True).click()
    page.get_by_role("button", name="Een nieuwe ervaring", exact=True).click()
    page.wait_for_url("**/leerling/werkblad/ervaring#i_*")
    page.goto(planned.url + "/leerling")
    loaded(page)
    expect(page.locator(".tl-step", has_text="Terugkijken: Gaan voor een Baan")).to_contain_text(
        "nog doen"
    )


def test_the_home_works_offline_from_the_device(page: Page, planned: LiveServer) -> None:
    page.goto(f"{planned.url}/klas/HZN8PX")
    wait_controlled(page)
    sign_in(page, planned, EMMA)
    loaded(page)
    wait_cached(page, "/leerling")
    page.context.set_offline(True)
    page.reload()
    loaded(page)
    expect(page.locator("#now")).to_contain_text("Nog 3 dagen")
    expect(page.locator("#now")).to_contain_text("Voortgangsgesprek")
    expect(page.locator("#items")).to_contain_text("Timmerbedrijf Van der Laan")
    # Starting work offline still asks about the twin, and then opens the worksheet.
    page.get_by_role("button", name="Zelfportret").click()
    page.get_by_role("dialog").get_by_role("button", name="Een nieuwe maken").click()
    page.wait_for_url("**/leerling/werkblad/zelfportret-8#i_*")


def test_due_dates_in_child_words_late_first_and_more_on_request(
    page: Page, due_soon: LiveServer
) -> None:
    sign_in(page, due_soon, EMMA)
    loaded(page)
    rows = page.locator("#now > .now-row")
    # Four things are open (three assignments and her unfinished self-portrait): the room
    # for three rows holds two and a button for the rest, so nothing below moves.
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("Opdracht A")
    expect(rows.nth(0).locator(".badge")).to_have_text("Te laat")
    expect(rows.nth(1)).to_contain_text("Opdracht B")
    expect(rows.nth(1).locator(".badge")).to_have_text("Vandaag")
    more = rows.nth(2).get_by_role("button", name="Nog 2 dingen laten zien")
    more.click()
    expect(rows).to_have_count(4)
    expect(rows.nth(2)).to_contain_text("Opdracht C")
    expect(rows.nth(2).locator(".badge")).to_have_text("Morgen")
    expect(rows.nth(3)).to_contain_text("Blik op de toekomst")
