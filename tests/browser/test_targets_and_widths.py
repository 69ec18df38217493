"""Every pupil, parent, teacher and admin page of the demo school, in Chromium at five widths:
(1) no page scrolls sideways, (2) every visible interactive element is at least 44 x 44 CSS px.

The pages are found by walking the links from each role's start page (one page per route: ids
in a path are the same route), signed in as that role; the walk must reach the routes listed
in REQUIRED, so a page cannot silently drop out. A failure names the page, the width and the
element (a selector, its text and its size).

Exempt from the 44 px rule, as WCAG 2.5.8 allows ("Inline"): a link inside a sentence, i.e.
a link whose nearest block (paragraph, list item, cell) holds other words as well; its height
is set by the line of text around it. Nothing else is exempt: a back link or a table link alone
in its paragraph or cell is a target of its own. Visually hidden controls (1 x 1 px, opacity 0)
are not measured themselves; the visible label that stands for them is.
"""

from __future__ import annotations

import contextlib
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page
from playwright.sync_api import Error as PlaywrightError

from server.demo import PARENT_PASSWORD, PUPIL_PIN, DemoLogins

from .conftest import LiveServer

WIDTHS = (320, 390, 810, 1024, 1366)
HEIGHT = 900
MIN = 44
MAX_PAGES = 60  # per role: the walk stops here (there are far fewer routes)

STAFF = {"juf.sanne": "horizon-sanne", "meester.youssef": "horizon-youssef"}
ADMIN = ("beheer", "horizon-beheer")
PARENT = "moeder.emma"
PUPIL = ("Emma de Vries", "HZN8PX")

# Routes the walk must reach (patterns as ``route_of`` writes them).
REQUIRED = {
    "public": {
        "/",
        "/inloggen",
        "/inloggen/medewerker",
        "/inloggen/ouder",
        "/uitnodiging",
        "/klas",
    },
    "pupil": {"/klas/{code}", "/klas/{code}/{id}", "/leerling", "/leerling/werkblad/{ws}#item"},
    "parent": {
        "/ouder",
        "/ouder/kind/{id}",
        "/ouder/kind/{id}/item/{id}",
        "/ouder/kind/{id}/opdracht/{id}",
        "/ouder/kind/{id}/compliment",
        "/ouder/kind/{id}/samen-doen",
        "/ouder/meldingen",
        "/ouder/kind/{id}/advies",
        "/ouder/kind/{id}/afspraken",
        "/ouder/kind/{id}/gesprek",
    },
    "teacher": {
        "/leraar",
        "/leraar/import",
        "/leraar/klas/{id}",
        "/leraar/klas/{id}/planning",
        "/leraar/klas/{id}/brieven",
        "/leraar/klas/{id}/opdracht/{id}",
        "/leraar/leerling/{id}",
        "/leraar/leerling/{id}/gesprek",
        "/leraar/leerling/{id}/rugzak",
        "/leraar/leerling/{id}/item/{id}",
        "/leraar/werkbladen",
        "/leraar/klas/{id}/gesprekken",
        "/leraar/leerling/{id}/advies",
        "/leraar/import (errors)",
        "/leraar/import (done)",
        "/leraar/leerling/{id}/pincode (new PIN)",
    },
    "admin": {"/beheer", "/beheer/klas/{id}", "/beheer/vo-scholen"},
}
IMPORT_CSV = b"naam,groep,klas\nMia Jansen,8,Groep 8\nTeun de Wit,8,Groep 8\n"

# Where each role's walk may go (and what it never follows: files, sign-out, photos).
PREFIXES = {
    "public": ("/inloggen", "/uitnodiging", "/klas"),
    "pupil": ("/leerling",),
    "parent": ("/ouder",),
    "teacher": ("/leraar", "/print"),
    "admin": ("/beheer",),
}
NEVER = re.compile(r"^/(uitloggen|media|api|static|sw\.js|manifest)|\.(csv|pdf|zip|json)$")

# Routes of a page that no page links to (yet): opened from the page whose path they extend.
ALSO = {
    "/leraar/klas/{id}": ("/gesprekken",),
    "/leraar/leerling/{id}": ("/advies",),
    "/ouder/kind/{id}": ("/advies", "/afspraken", "/gesprek"),
    "/beheer": ("/vo-scholen",),
}

# Pages measured once but looked at for every class: only some classes have home assignments.
LOOK_IN_EVERY = {"/leraar", "/leraar/klas/{id}", "/leraar/klas/{id}/planning"}

ID = re.compile(r"^[a-z]{1,3}_[0-9a-f]{8,}$")
CODE = re.compile(r"^[A-Z0-9]{6}$")


def route_of(url: str) -> str:
    """One name per route: ids and class codes in the path become placeholders."""
    parts = urlsplit(url)
    segments = []
    for seg in parts.path.split("/"):
        if ID.match(seg):
            seg = "{id}"
        elif CODE.match(seg):
            seg = "{code}"
        segments.append(seg)
    path = "/".join(segments) or "/"
    if path.startswith("/leerling/werkblad/"):
        path = "/leerling/werkblad/{ws}" + ("#item" if parts.fragment else "")
    if path.startswith("/print/werkblad/"):
        path = "/print/werkblad/{ws}"
    return path


# Measures the page in the browser: how wide it is, which elements stick out, and every
# visible interactive element smaller than MIN (unless it is a link inside a sentence).
MEASURE = """(min) => {
  const doc = document.documentElement;
  const view = doc.clientWidth;
  const name = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += "#" + el.id;
    for (const c of el.classList) s += "." + c;
    for (const a of ["type", "name", "href", "for"]) {
      if (el.hasAttribute(a)) s += `[${a}="${el.getAttribute(a).slice(0, 60)}"]`;
    }
    return s;
  };
  const text = (el) => (el.getAttribute("aria-label") || el.textContent || el.value || "")
    .replace(/\\s+/g, " ").trim().slice(0, 50);
  const shown = (el) => {
    if (!el.getClientRects().length) return false;
    const st = getComputedStyle(el);
    if (st.visibility === "hidden" || st.display === "none") return false;
    for (let e = el; e; e = e.parentElement) {
      if (getComputedStyle(e).opacity === "0") return false;
    }
    const r = el.getBoundingClientRect();
    if (r.width <= 1 && r.height <= 1) return false;  // visually hidden (sr-only)
    if (r.right <= 0 || r.bottom + window.scrollY <= 0) return false;  // off-screen (skip link)
    return true;
  };
  const blockOf = (el) => {
    for (let e = el.parentElement; e; e = e.parentElement) {
      const d = getComputedStyle(e).display;
      if (!d.startsWith("inline") && d !== "contents") return e;
    }
    return doc;
  };
  const inSentence = (a) => {
    if (a.tagName !== "A" || getComputedStyle(a).display !== "inline") return false;
    const words = (s) => (s || "").replace(/\\s+/g, " ").trim();
    return words(blockOf(a).textContent).length > words(a.textContent).length + 3;
  };
  const wide = [];
  for (const el of document.body.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    if (r.right > view + 0.5 && shown(el)) {
      const parent = el.parentElement && el.parentElement.getBoundingClientRect();
      if (!parent || parent.right <= view + 0.5) {
        wide.push(`${name(el)} "${text(el)}" right edge ${Math.round(r.right)} px`);
      }
    }
  }
  const small = [];
  const sel = "a[href], button, input:not([type=hidden]), select, textarea, summary, " +
    "[role=button], [role=link], [role=checkbox], [role=radio], [tabindex]:not([tabindex='-1'])";
  const seen = new Set();
  for (let el of document.querySelectorAll(sel)) {
    // A control wrapped in a label: the label is what one taps.
    if (el.matches("input, select, textarea") && el.closest("label")) el = el.closest("label");
    if (seen.has(el) || !shown(el)) continue;
    seen.add(el);
    // a hidden control stands for a visible label (file inputs): measured as that label
    if (el.matches("input") && el.id) {
      const label = document.querySelector(`label[for="${el.id}"]`);
      const r0 = el.getBoundingClientRect();
      if (label && r0.width <= 1) el = label;
    }
    if (inSentence(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.width < min - 0.5 || r.height < min - 0.5) {
      small.push(`${name(el)} "${text(el)}" ${Math.round(r.width)}x${Math.round(r.height)}`);
    }
  }
  return { scroll: doc.scrollWidth, view, wide: wide.slice(0, 8), small };
}"""

LINKS = """() => [...document.querySelectorAll("a[href]")].map((a) => a.href)"""


class Walk:
    """Every page of one role, measured at every width."""

    def __init__(self, page: Page, base: str, role: str) -> None:
        self.page, self.base, self.role = page, base, role
        self.pages: dict[str, str] = {}  # route -> url
        self.wide: list[str] = []
        self.small: list[str] = []
        self.looked: set[str] = set()
        self.status: dict[str, int] = {}  # route -> HTTP status of its page

    def settle(self) -> None:
        # a page that keeps polling is measured as it is after 5 s
        with contextlib.suppress(PlaywrightError):
            self.page.wait_for_load_state("networkidle", timeout=5000)

    def measure(self, route: str) -> None:
        for width in WIDTHS:
            self.page.set_viewport_size({"width": width, "height": HEIGHT})
            self.page.evaluate("() => new Promise((r) => requestAnimationFrame(() => r()))")
            m = self.page.evaluate(MEASURE, MIN)
            where = f"{route} ({self.page.url}) at {width} px"
            if m["scroll"] > m["view"]:
                self.wide.append(
                    f"{where}: page is {m['scroll']} px wide; sticking out: " + "; ".join(m["wide"])
                )
            self.small += [f"{where}: {s}" for s in m["small"]]

    def measure_here(self, route: str) -> None:
        """The page a form just answered with (not reached by a link)."""
        self.settle()
        self.pages[route] = self.page.url
        self.measure(route)

    def visit(self, url: str) -> list[str]:
        route = route_of(url)
        again = route in self.pages
        if again and (route not in LOOK_IN_EVERY or url in self.looked):
            return []
        self.looked.add(url)
        self.page.set_viewport_size({"width": 1024, "height": HEIGHT})
        response = self.page.goto(url)
        self.settle()
        links = self.page.evaluate(LINKS)
        if not again:
            self.pages[route] = url
            self.status[route] = response.status if response else 0
            self.measure(route)
        return links

    def walk(self, starts: list[str]) -> None:
        queue = list(starts)
        while queue and len(self.pages) < MAX_PAGES:
            url = queue.pop(0)
            route = route_of(url)
            new = route not in self.pages
            links = self.visit(url)
            # pages no link leads to yet (newer routes), opened from the page they belong to
            if new:
                links += [url.split("#")[0] + tail for tail in ALSO.get(route, ())]
            for link in links:
                parts = urlsplit(link)
                if parts.netloc != urlsplit(self.base).netloc or NEVER.search(parts.path):
                    continue
                if not parts.path.startswith(PREFIXES[self.role]):
                    continue
                route = route_of(link)
                if route not in self.pages or (route in LOOK_IN_EVERY and link not in self.looked):
                    queue.append(link.split("#")[0] if "werkblad" not in link else link)


@pytest.fixture(scope="module")
def school(tmp_path_factory: pytest.TempPathFactory, demo_folder: tuple[Path, DemoLogins]):
    data = tmp_path_factory.mktemp("targets") / "data"
    shutil.copytree(demo_folder[0], data)
    live = LiveServer(data, demo_folder[1])
    live.start()
    yield live
    live.stop()


@pytest.fixture(scope="module")
def walks(school: LiveServer, browser: Browser) -> Iterator[dict[str, Walk]]:
    found: dict[str, Walk] = {}
    contexts: list[BrowserContext] = []

    def context() -> Page:
        c = browser.new_context(viewport={"width": 1024, "height": HEIGHT})
        contexts.append(c)
        return c.new_page()

    base = school.url
    try:
        # Nobody signed in.
        w = Walk(context(), base, "public")
        w.walk([base + p for p in ("/", "/inloggen", "/uitnodiging", "/klas", "/bestaat-niet")])
        found["public"] = w

        # A pupil on her tablet: the class page, the PIN page, home and a worksheet with work.
        page = context()
        w = Walk(page, base, "pupil")
        name, code = PUPIL
        w.visit(f"{base}/klas/{code}")
        first, last = name.split(" ", 1)
        page.get_by_role("link", name=f"{first} {last[:1]}.").click()
        w.visit(page.url)
        page.get_by_label("Pincode").fill(PUPIL_PIN)
        page.get_by_role("button", name="Inloggen").click()
        page.wait_for_url("**/leerling")
        w.visit(page.url)
        own = page.locator("main a[href*='/leerling/werkblad/'][href*='#']").first
        own.wait_for(timeout=15000)
        w.visit(own.evaluate("(a) => a.href"))
        found["pupil"] = w

        # A parent on her phone.
        page = context()
        page.goto(base + "/inloggen/ouder")
        page.get_by_label("Gebruikersnaam").fill(PARENT)
        page.get_by_label("Wachtwoord").fill(PARENT_PASSWORD)
        page.locator("main").get_by_role("button", name="Inloggen").click()
        page.wait_for_url("**/ouder")
        w = Walk(page, base, "parent")
        w.walk([base + "/ouder", base + "/ouder/meldingen"])
        found["parent"] = w

        # The teachers (each walks her own class) and the school's admin. Group 8's teacher
        # first hands out a home assignment, so that its page is there to walk.
        w = None
        for user, password in STAFF.items():
            page = context()
            sign_in_staff(page, base, user, password)
            if user == "meester.youssef":
                hand_out(page, "Groep 8")
            if w is None:
                w = Walk(page, base, "teacher")
            else:
                w.page, w.looked = page, set()
            w.walk([base + "/leraar", base + "/leraar/import", base + "/leraar/werkbladen"])
        # Pages that answer a form: pupils read in from a file (with its errors first), new
        # PINs for a pupil.
        page = w.page
        page.goto(base + "/leraar/import")
        page.get_by_label("CSV-bestand").set_input_files(
            files=[{"name": "fout.csv", "mimeType": "text/csv", "buffer": b"naam,groep\nMia,5\n"}]
        )
        page.get_by_role("button", name="Inlezen").click()
        w.measure_here("/leraar/import (errors)")
        page.get_by_label("CSV-bestand").set_input_files(
            files=[{"name": "klas.csv", "mimeType": "text/csv", "buffer": IMPORT_CSV}]
        )
        page.get_by_role("button", name="Inlezen").click()
        w.measure_here("/leraar/import (done)")
        page.goto(base + "/leraar")
        page.locator("main").get_by_role("link", name="Groep 8", exact=True).click()
        page.locator("table.list a[href^='/leraar/leerling/']").first.click()
        page.get_by_role("button", name="Nieuwe pincode maken").click()
        w.measure_here("/leraar/leerling/{id}/pincode (new PIN)")
        found["teacher"] = w
        page = context()
        sign_in_staff(page, base, *ADMIN)
        w = Walk(page, base, "admin")
        w.walk([base + "/beheer"])
        found["admin"] = w
        yield found
    finally:
        for c in contexts:
            c.close()


def hand_out(page: Page, class_name: str) -> None:
    page.locator("main").get_by_role("link", name=class_name, exact=True).click()
    page.goto(page.url.split("#")[0] + "/planning")
    page.locator("#f-worksheet").select_option(index=0)
    due = page.evaluate("() => new Date(Date.now() + 7 * 864e5).toISOString().slice(0, 10)")
    page.get_by_label("Klaar op").fill(due)
    page.get_by_role("button", name="Uitdelen aan de klas").click()
    page.wait_for_load_state()
    page.goto(page.url.split("#")[0].split("?")[0])


def sign_in_staff(page: Page, base: str, user: str, password: str) -> None:
    page.goto(base + "/inloggen/medewerker")
    page.get_by_label("Gebruikersnaam").fill(user)
    page.get_by_label("Wachtwoord").fill(password)
    page.locator("main").get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()


ROLES = list(REQUIRED)


@pytest.mark.parametrize("role", ROLES)
def test_the_walk_reaches_every_route(walks: dict[str, Walk], role: str) -> None:
    walk = walks[role]
    missing = REQUIRED[role] - {r for r in walk.pages if walk.status.get(r, 200) < 400}
    assert not missing, f"{role}: never reached {sorted(missing)}; reached {walk.status}"


@pytest.mark.parametrize("role", ROLES)
def test_no_page_scrolls_sideways(walks: dict[str, Walk], role: str) -> None:
    wide = walks[role].wide
    assert not wide, f"{len(wide)} page/width pairs scroll sideways:\n" + "\n".join(wide)


@pytest.mark.parametrize("role", ROLES)
def test_every_target_is_at_least_44_px(walks: dict[str, Walk], role: str) -> None:
    small = walks[role].small
    assert not small, f"{len(small)} targets smaller than {MIN} x {MIN} px:\n" + "\n".join(small)
