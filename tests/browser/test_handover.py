"""The handover and "who looked" pages in a real browser, at phone and tablet width: the
parent makes a code, the new school opens it in a browser of its own and reads Emma's chosen
work, a second browser is refused; no page scrolls sideways, axe finds nothing, and the
parent and the admin see the opening in the log."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from server.demo import DemoLogins
from server.domain import portfolio, worksheet_ops
from server.domain.portfolio import Actor
from server.infra.store import Store
from server.worksheets import load_catalog

from .conftest import LiveServer
from .test_axe import report, sign_in, staff_password, violations

EMMA = "Emma de Vries"


@pytest.fixture
def server(tmp_path: Path, demo_folder: tuple[Path, DemoLogins]) -> Iterator[LiveServer]:
    """The demo school where Emma put three of her shared sheets in her presentation."""
    data = tmp_path / "data"
    shutil.copytree(demo_folder[0], data)
    pupil_id = demo_folder[1].pupil_ids[EMMA]
    store = Store(data)
    shared = [i for i in portfolio.items(store.pupil(pupil_id)) if i["values"].get("_shared")]
    ops = [
        {"op_id": f"present-{item['id']}", "type": "set", "item_id": item["id"],
         "field": "_present", "value": n, "base_rev": 0}
        for n, item in enumerate(shared[:3], 1)
    ]  # fmt: skip
    results = worksheet_ops.apply(
        store.pupil(pupil_id), ops, Actor(pupil_id, "pupil"), load_catalog(), 8, "2026-2027"
    )
    assert all(r["status"] == "applied" for r in results), results
    store.pupil(pupil_id).compact()
    live = LiveServer(data, demo_folder[1])
    live.start()
    yield live
    live.stop()


def looks_right(page: Page, found: dict[str, list[dict]]) -> None:
    page.wait_for_load_state("load")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} scrolls sideways ({width})"
    result = violations(page)
    if result:
        found[page.url] = result


@pytest.mark.parametrize("width", [390, 810])
def test_the_new_school_reads_what_emma_chose(
    browser: Browser, server: LiveServer, width: int
) -> None:
    found: dict[str, list[dict]] = {}
    size = {"width": width, "height": 900}
    parent = browser.new_context(viewport=size).new_page()
    sign_in(parent, server, "ouder", "moeder.emma", "horizon-ouder")
    pupil_id = server.demo.pupil_ids[EMMA]
    parent.goto(f"{server.url}/ouder/kind/{pupil_id}")
    parent.get_by_role("link", name="Laten zien aan de nieuwe school").click()
    expect(parent.locator("#what-h")).to_be_visible()
    looks_right(parent, found)
    parent.get_by_label("Naam van de nieuwe school (mag leeg blijven)").fill("Het Lyceum")
    parent.get_by_label("90 dagen").check()
    parent.get_by_role("button", name="Code maken").click()
    code = parent.locator(".handover-code")
    expect(code).to_be_visible()
    looks_right(parent, found)

    school = browser.new_context(viewport=size).new_page()
    school.goto(f"{server.url}/overdracht/{code.inner_text()}")
    expect(school.get_by_label("Code")).to_have_value(code.inner_text())
    looks_right(school, found)
    school.get_by_role("button", name="Bekijken").click()
    expect(school.locator("h1")).to_contain_text("Rugzak van Emma")
    expect(school.locator("article.handover-item")).to_have_count(3)
    looks_right(school, found)

    elsewhere = browser.new_context(viewport=size).new_page()
    elsewhere.goto(f"{server.url}/overdracht")
    elsewhere.get_by_label("Code").fill(code.inner_text())
    elsewhere.get_by_role("button", name="Bekijken").click()
    expect(elsewhere.locator("h1")).to_have_text("Deze code werkt niet meer")
    looks_right(elsewhere, found)

    parent.goto(f"{server.url}/ouder/kind/{pupil_id}")
    parent.get_by_role("link", name="Wie keek in de Rugzak van Emma?").click()
    expect(parent.locator(".access-list")).to_contain_text("Het Lyceum")
    looks_right(parent, found)

    admin = browser.new_context(viewport=size).new_page()
    sign_in(admin, server, "medewerker", "beheer", staff_password("beheer"))
    admin.goto(f"{server.url}/leraar/leerling/{pupil_id}")
    admin.get_by_role("link", name="Wie bekeek de Rugzak van Emma").click()
    expect(admin.locator("table.access-log")).to_contain_text("Het Lyceum")
    looks_right(admin, found)
    for page in (parent, school, elsewhere, admin):
        page.context.close()
    assert not found, "axe violations:\n" + report(found)
