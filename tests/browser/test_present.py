"""Presentation mode on a shared tablet: Emma chooses what she shows and in which order,
presents it without internet (her photos included), and after she signs out nothing of it
is left on the tablet: not the page's data, not her photos."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from server.demo import DemoLogins
from server.domain import planning
from server.infra.store import Store
from server.infra.store import stored as read_stored

from .conftest import LiveServer, eventually, sign_in_pupil
from .test_offline import wait_cached, wait_controlled

EMMA = "Emma de Vries"

PRESENT_CACHES = """async () => {
  const found = {};
  for (const name of await caches.keys()) {
    if (!name.startsWith('rugzak-present-')) continue;
    found[name] = (await (await caches.open(name)).keys()).length;
  }
  return found;
}"""


def her_items(server: LiveServer) -> dict:
    path = server.data_dir / "pupils" / server.demo.pupil_ids[EMMA] / "portfolio.json"
    return read_stored(path)["items"]


def test_she_presents_offline_and_nothing_stays_after_sign_out(
    browser: Browser, server: LiveServer
) -> None:
    context = browser.new_context(viewport={"width": 810, "height": 1080})
    page = context.new_page()
    sign_in_pupil(page, server, EMMA)
    wait_controlled(page)
    page.goto(server.url + "/leerling/presenteren")
    expect(page.locator("#all .present-row").first).to_be_visible()
    # Her mini-stage (with two photos) first, then another piece of work.
    ministage = page.locator("#all .present-row", has_text="Mini-stage").first
    ministage.get_by_role("button", name="Laten zien").click()
    expect(page.locator("#chosen .present-row")).to_have_count(1)
    page.locator("#all .present-row").first.get_by_role("button", name="Laten zien").click()
    expect(page.locator("#chosen .present-row")).to_have_count(2)
    # Order changed: the second goes first.
    second = page.locator("#chosen .present-row").nth(1)
    second_name = second.locator("strong").inner_text()
    second.get_by_role("button", name="Eerder").click()
    expect(page.locator("#chosen .present-row").first.locator("strong")).to_have_text(second_name)
    # The choice reaches the school like any answer: _present 1 and 2.
    assert eventually(
        lambda: (
            sorted(
                i["values"].get("_present", 0)
                for i in her_items(server).values()
                if i["values"].get("_present")
            )
            == [1, 2]
        )
    )
    # Her photos are kept on the tablet for her, and the page itself for offline.
    assert eventually(lambda: sum(page.evaluate(PRESENT_CACHES).values()) >= 1)
    wait_cached(page, "/leerling/presenteren")

    context.set_offline(True)
    page.reload()
    expect(page.locator("#chosen .present-row")).to_have_count(2)
    page.get_by_role("button", name="Presenteren").click()
    show = page.locator("#show")
    expect(show).to_be_visible()
    expect(page.locator("#show-count")).to_have_text("1 van 2")
    expect(page.locator("#show-title")).to_have_text(second_name)
    page.keyboard.press("ArrowRight")
    expect(page.locator("#show-count")).to_have_text("2 van 2")
    photo = page.locator(".show-photo").first
    expect(photo).to_be_visible()
    assert eventually(lambda: photo.evaluate("img => img.complete && img.naturalWidth > 0"), 10)
    page.get_by_role("button", name="Vorige").click()
    expect(page.locator("#show-count")).to_have_text("1 van 2")
    page.keyboard.press("Escape")
    expect(show).to_be_hidden()

    # She signs out, still offline: her presentation photos leave the tablet with her.
    page.locator("#sign-out button").click()
    page.wait_for_url("**/klas/**")
    assert eventually(lambda: page.evaluate(PRESENT_CACHES) == {}), page.evaluate(PRESENT_CACHES)
    context.close()


def test_a_photo_left_behind_by_an_earlier_pupil_is_removed_at_start(
    browser: Browser, server: LiveServer
) -> None:
    """The app was closed before a sign-out finished: the next start cleans up."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(server.url + "/klas")
    page.evaluate(
        "async () => { const c = await caches.open('rugzak-present-p_someoneelse');"
        " await c.put('/media/p_someoneelse/x/groot', new Response('secret')); }"
    )
    sign_in_pupil(page, server, EMMA)
    assert eventually(lambda: "rugzak-present-p_someoneelse" not in page.evaluate(PRESENT_CACHES))
    context.close()


@pytest.fixture
def progress_talk(tmp_path: Path, demo_folder: tuple[Path, DemoLogins]) -> Iterator[LiveServer]:
    """The demo school with a voortgangsgesprek for Emma next week: a kind that asks the
    pupil to rate herself."""
    data = tmp_path / "data"
    shutil.copytree(demo_folder[0], data)
    at = datetime.combine(date.today() + timedelta(days=7), datetime.min.time()).replace(hour=15)
    with Store(data).school.transaction() as db:
        planning.create_conversation(
            db, demo_folder[1].pupil_ids[EMMA], "voortgangsgesprek", at, "Lokaal 8", "s_x"
        )
    live = LiveServer(data, demo_folder[1])
    live.start()
    yield live
    live.stop()


def test_she_rates_each_item_she_presents_and_the_face_reaches_school(
    browser: Browser, progress_talk: LiveServer
) -> None:
    context = browser.new_context(viewport={"width": 810, "height": 1080})
    page = context.new_page()
    sign_in_pupil(page, progress_talk, EMMA)
    page.goto(progress_talk.url + "/leerling/presenteren")
    expect(page.locator("#checklist li").first).to_be_visible()  # what to prepare for it
    page.locator("#all .present-row", has_text="Mini-stage").first.get_by_role(
        "button", name="Laten zien"
    ).click()
    expect(page.locator("#chosen .present-row")).to_have_count(1)
    page.get_by_role("button", name="Presenteren").click()
    faces = page.get_by_role("group", name="Hoe vind je dat dit ging?")
    expect(faces).to_be_visible()
    good = faces.get_by_role("button", name="Goed")
    expect(good.locator("svg")).to_be_visible()  # a face, not only a word
    good.click()
    expect(good).to_have_attribute("aria-pressed", "true")
    rated = lambda: [  # noqa: E731
        i["values"].get("_rating")
        for i in her_items(progress_talk).values()
        if i["values"].get("_present")
    ]
    assert eventually(lambda: rated() == ["blij"]), rated()
    # A second tap takes it back.
    good.click()
    expect(good).to_have_attribute("aria-pressed", "false")
    assert eventually(lambda: rated() == [""]), rated()
    context.close()
