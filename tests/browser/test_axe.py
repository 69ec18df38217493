"""axe-core finds no accessibility violations on any page, signed in as the role that uses it.

axe-core (vendored in tests/browser/vendor/, MPL-2.0) is injected into each page with Playwright
and run with its default rules (WCAG 2.x A/AA and best practices) after the page has finished
loading (pupil pages: after her data is bound from IndexedDB).

Covered:
- public: /, /inloggen, /inloggen/medewerker, /inloggen/ouder, /uitnodiging, /klas;
- pupil: /klas/{code}, /klas/{code}/{pupil} (PIN), /leerling, and /leerling/werkblad/{id} for
  every worksheet in the catalogue (her own item where she has one, else a new one made with
  "Iets nieuws maken"), at tablet (810) and phone (390) width;
- parent, teacher and admin: every page reachable by links from their home page (crawled; one
  page per route pattern, ids folded), and the test checks that the routes listed in
  PARENT_ROUTES, TEACHER_ROUTES and ADMIN_ROUTES were among them.
- pages shown after a teacher's form: a handed-out class assignment (so its page exists), a new
  PIN, a new invitation code, and the parent's redemption page /uitnodiging/{code} for it.
Not covered: the result page of a pupil import (a CSV upload)."""

from __future__ import annotations

import re
from collections import deque
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from server.demo import PARENT_PASSWORD, STAFF
from server.infra.store import stored
from server.worksheets import load_catalog

from .conftest import LiveServer, sign_in_pupil

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
RUN_AXE = """async () => {
  const r = await axe.run(document, { resultTypes: ["violations"] });
  return r.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
  }));
}"""
PUPIL = "Emma de Vries"
PARENT = "moeder.emma"
SKIP = re.compile(r"^/(static|media|api|sw\.js|manifest|uitloggen|taal)")
ID = re.compile(r"^[a-z]{1,2}_[0-9a-f]{6,}$")
PER_PARENT_PATTERN = 3  # e.g. /print/werkblad/<id>: three worksheets stand for all of them

PUBLIC_ROUTES = ["/", "/inloggen", "/inloggen/medewerker", "/inloggen/ouder", "/uitnodiging"]
PARENT_ROUTES = {
    "/ouder",
    "/ouder/kind/{id}",
    "/ouder/kind/{id}/item/{id}",
    "/ouder/kind/{id}/opdracht/{id}",
    "/ouder/kind/{id}/compliment",
    "/ouder/kind/{id}/samen-doen",
    "/ouder/meldingen",
}
TEACHER_ROUTES = {
    "/leraar",
    "/leraar/import",
    "/leraar/werkbladen",
    "/leraar/klas/{id}",
    "/leraar/klas/{id}/planning",
    "/leraar/klas/{id}/brieven",
    "/leraar/klas/{id}/opdracht/{id}",
    "/leraar/leerling/{id}",
    "/leraar/leerling/{id}/rugzak",
    "/leraar/leerling/{id}/item/{id}",
    "/leraar/leerling/{id}/gesprek",
    "/print/leerling/{id}/item/{id}",
    "/print/leerling/{id}/boekje",
}
ADMIN_ROUTES = {"/beheer", "/beheer/klas/{id}"}


def pattern(path: str) -> str:
    return "/".join("{id}" if ID.match(s) else s for s in path.split("/")) or "/"


def violations(page: Page) -> list[dict]:
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE + "\n;true")  # CDP evaluation: the page's CSP does not block it
    return page.evaluate(RUN_AXE)


def check(page: Page, found: dict[str, list[dict]]) -> None:
    """Run axe on the page as it is now (the caller waited for what the page must show)."""
    page.wait_for_load_state("load")
    url = urlsplit(page.url)
    path = url.path + ("#" + url.fragment if url.fragment else "")
    result = violations(page)
    if result:
        found[path] = result


def report(found: dict[str, list[dict]]) -> str:
    lines = []
    for path, vs in found.items():
        for v in vs:
            lines.append(f"{path}: {v['id']} ({v['impact']}) {v['help']} at {v['nodes']}")
    return "\n".join(lines)


def crawl(page: Page, server: LiveServer, start: str, found: dict[str, list[dict]]) -> set[str]:
    """Open every page reachable by links from ``start`` (one per route pattern), run axe on
    each; return the route patterns visited."""
    queue, seen, per_parent = deque([start]), set(), {}
    while queue:
        path = queue.popleft()
        key = pattern(path)
        parent = key.rsplit("/", 1)[0]
        if key in seen or per_parent.get(parent, 0) >= PER_PARENT_PATTERN:
            continue
        seen.add(key)
        per_parent[parent] = per_parent.get(parent, 0) + 1
        response = page.goto(server.url + path)
        assert response is not None and response.ok, f"{path}: {response and response.status}"
        check(page, found)
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            url = urlsplit(urldefrag(href)[0])
            if url.netloc != urlsplit(server.url).netloc or SKIP.match(url.path):
                continue
            if url.path.startswith("/leerling") or url.path.startswith("/klas"):
                continue  # the pupil's pages are checked signed in as the pupil
            if pattern(url.path) not in seen:
                queue.append(url.path)
    return seen


def sign_in(page: Page, server: LiveServer, kind: str, username: str, password: str) -> None:
    page.goto(f"{server.url}/inloggen/{kind}")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.locator("main").get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state("networkidle")


def hand_out_assignment(page: Page, server: LiveServer) -> None:
    """The demo plans no class assignment: hand one out, so its page can be checked."""
    page.goto(server.url + "/leraar")
    page.locator("a[href^='/leraar/klas/']").first.click()
    page.locator("a[href$='/planning']").first.click()
    page.get_by_label("Klaar op").fill((date.today() + timedelta(days=7)).isoformat())
    page.get_by_role("button", name="Uitdelen aan de klas").click()
    expect(page.locator("a[href*='/opdracht/']").first).to_be_attached()


def form_results(page: Page, browser: Browser, server: LiveServer, found: dict) -> None:
    """Pages shown after a teacher's form: a new PIN, a new invitation code, and the page
    where a parent redeems that code (in a browser nobody is signed in to)."""
    page.goto(f"{server.url}/leraar/leerling/{server.demo.pupil_ids['Noor Bakker']}")
    page.get_by_role("button", name="Nieuwe pincode maken").click()
    expect(page.get_by_text("De nieuwe pincode van")).to_be_visible()
    check(page, found)
    page.get_by_label("Voor wie is de code?").select_option("moeder")
    page.get_by_role("button", name="Code maken voor een ouder").click()
    code = page.locator("p", has_text="Geef deze code").locator(".code")
    expect(code).to_be_visible()
    check(page, found)
    context = browser.new_context(viewport=page.viewport_size)
    try:
        parent = context.new_page()
        parent.goto(f"{server.url}/uitnodiging/{code.inner_text().replace('-', '')}")
        expect(parent.locator("main")).to_contain_text("Noor")
        check(parent, found)
    finally:
        context.close()


def staff_password(username: str) -> str:
    return next(pw for _, user, _, pw in STAFF if user == username)


@pytest.fixture(params=[(810, 1080), (390, 844)], ids=["tablet", "phone"])
def sized_page(request, browser: Browser) -> Page:
    width, height = request.param
    context = browser.new_context(viewport={"width": width, "height": height})
    yield context.new_page()
    context.close()


def test_public_and_pupil_pages(sized_page: Page, server: LiveServer) -> None:
    page, found = sized_page, {}
    for path in [*PUBLIC_ROUTES, "/klas", f"/klas/{server.class_code(PUPIL)}"]:
        page.goto(server.url + path)
        check(page, found)
    page.get_by_role("link", name="Emma d.").click()
    page.wait_for_url("**/klas/*/*")
    check(page, found)  # the PIN page

    sign_in_pupil(page, server, PUPIL)
    expect(page.locator("[data-me=first_name]").first).to_have_text("Emma")
    expect(page.locator("main a[href*='/leerling/werkblad/']").first).to_be_attached()
    check(page, found)  # her home, with her work listed
    portfolio = stored(server.data_dir / "pupils" / server.demo.pupil_ids[PUPIL] / "portfolio.json")
    own = {i["worksheet"]: k for k, i in sorted(portfolio["items"].items())}
    for ws in load_catalog().worksheets:
        if ws in own:
            page.goto(f"{server.url}/leerling/werkblad/{ws}#{own[ws]}")
        else:  # a new one, made as "Maken" makes it (also for another group's sheets)
            page.goto(server.url + "/leerling")
            expect(page.locator("[data-me=first_name]").first).to_have_text("Emma")
            item_id = page.evaluate(NEW_ITEM, ws)
            page.goto(f"{server.url}/leerling/werkblad/{ws}#{item_id}")
        expect(page.locator("form#worksheet")).not_to_have_attribute("inert", "")
        check(page, found)
    assert not found, "axe violations:\n" + report(found)


# A new item of any sheet, through the page's own local.js (as the home's tiles make one).
NEW_ITEM = """async (ws) => {
  const pupil = document.querySelector("script[src*='/js/pupil.js']").src;
  const src = pupil.replace("pupil.js", "local.js");
  const local = await import(src);
  return local.createItem(await local.currentPupil(), ws);
}"""


@pytest.mark.parametrize(
    "role,kind,username,password,start,required",
    [
        ("parent", "ouder", PARENT, PARENT_PASSWORD, "/ouder", PARENT_ROUTES),
        ("teacher", "medewerker", "juf.sanne", staff_password("juf.sanne"), "/leraar",
         TEACHER_ROUTES),
        ("admin", "medewerker", "beheer", staff_password("beheer"), "/beheer", ADMIN_ROUTES),
    ],
    ids=["parent", "teacher", "admin"],
)  # fmt: skip
def test_pages_of_each_role(
    sized_page: Page,
    browser: Browser,
    server: LiveServer,
    role,
    kind,
    username,
    password,
    start,
    required,
) -> None:
    page, found = sized_page, {}
    sign_in(page, server, kind, username, password)
    if role == "teacher":
        hand_out_assignment(page, server)
    visited = crawl(page, server, start, found)
    if role == "teacher":
        form_results(page, browser, server, found)
    missing = required - visited
    assert not missing, f"the {role}'s pages were not all reached by links: {sorted(missing)}"
    assert not found, "axe violations:\n" + report(found)
