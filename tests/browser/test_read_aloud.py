"""Read aloud for parents (pwa/js/readaloud.js, templates/parent/*): one "Lees voor" button per
card or question group, always in the same place (right under its heading or question, on the
right), reading the group's whole text; none after single headings, labels or options."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from .conftest import LiveServer
from .test_parent import SPEECH_STUB, open_first_assignment, sign_in, spoken

# Every read-aloud button with its group and where it sits, measured in the page.
PLACES = """() => [...document.querySelectorAll(".read-aloud")].map((b) => {
  const group = b.closest("[data-read-group]");
  const prev = b.previousElementSibling;
  const box = b.getBoundingClientRect();
  const holder = b.parentElement.getBoundingClientRect();
  const style = getComputedStyle(b.parentElement);
  const inner = holder.right - parseFloat(style.paddingRight) - parseFloat(style.borderRightWidth);
  return {
    label: b.getAttribute("aria-label"),
    grouped: !!group && b.parentElement === group,
    after: prev ? prev.tagName.toLowerCase() : "",
    right: Math.abs(inner - box.right) < 2,
    width: box.width, height: box.height,
  };
})"""


def places(page: Page) -> list[dict]:
    page.wait_for_function("() => document.querySelector('.read-aloud')")
    return page.evaluate(PLACES)


def check_places(page: Page, where: str) -> list[dict]:
    found = places(page)
    for b in found:
        assert b["grouped"], f"{where}: {b['label']} does not belong to a card or question"
        assert b["after"] in ("", "legend", "label", "h1", "h2", "h3", "h4"), (
            f"{where}: {b['label']} is after a <{b['after']}>, not under its heading"
        )
        assert b["right"], f"{where}: {b['label']} is not on the right of its card"
        assert b["width"] >= 44 and b["height"] >= 44, f"{where}: {b['label']} {b}"
    # one per group, and every group has one
    groups = page.locator("[data-read-group]").count()
    assert len(found) == groups, f"{where}: {len(found)} buttons for {groups} groups"
    return found


def test_one_button_per_question_on_the_assignment_page(server: LiveServer, page: Page) -> None:
    page.add_init_script(SPEECH_STUB)
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, server)
    open_first_assignment(page)
    found = check_places(page, page.url)
    questions = page.locator("form.parent-part .field").evaluate_all(
        "(fields) => fields.filter((f) => !f.parentElement.closest('.field')).length"
    )
    # the page's heading, the child's card and each of her sections, "Uw deel", each parent
    # section's heading, each question: nothing more (it used to be one per label and option)
    assert questions >= 3
    assert len(found) <= questions + 12, [b["label"] for b in found]
    assert page.locator("label.choice .read-aloud, label.choice + .read-aloud").count() == 0
    assert page.locator("legend + p .read-aloud, span + .read-aloud").count() == 0

    # A question's button reads the question, its help and its options, in order.
    field = page.locator("form.parent-part fieldset.field:has(label.choice)").first
    legend = field.locator("> legend").inner_text().strip()
    options = [t.strip() for t in field.locator("label.choice").all_inner_texts()]
    field.locator("> .read-aloud").click()
    said = spoken(page)[0]["text"]
    assert said.startswith(legend), said
    positions = [said.find(o) for o in options]
    assert all(p > 0 for p in positions) and positions == sorted(positions), (options, said)

    # A card of the child's work reads its heading and her answers; not what is in a box.
    page.evaluate("() => { window.__spoken = []; }")
    card = page.locator("section.card .ws-section[data-read-group]").first
    heading = card.locator("> h3").inner_text().strip()
    card.locator("> .read-aloud").click()
    said = spoken(page)[0]["text"]
    assert said.startswith(heading) and len(said) > len(heading) + 10, said


def test_same_place_on_every_parent_page(server: LiveServer, page: Page) -> None:
    page.add_init_script(SPEECH_STUB)
    sign_in(page, server)
    child = page.locator("a.choice[href^='/ouder/kind/']").first.get_attribute("href")
    assert child
    for width in (390, 810):
        page.set_viewport_size({"width": width, "height": 900})
        for path in (
            "/ouder",
            child,
            child + "/compliment",
            child + "/samen-doen",
            "/ouder/meldingen",
        ):
            page.goto(server.url + path)
            check_places(page, f"{path} at {width} px")
    # The home page reads a part of a child's card in one go.
    page.goto(server.url + "/ouder")
    page.get_by_role("button", name="Lees voor: Wat komt eraan", exact=True).first.click()
    said = spoken(page)[0]["text"]
    assert said.startswith("Wat komt eraan.") and said.count(".") >= 3, said


def test_questions_shown_later_get_their_button(server: LiveServer, page: Page) -> None:
    """A group added by a script (a step of a form shown later) gets its button too."""
    page.add_init_script(SPEECH_STUB)
    sign_in(page, server)
    before = page.locator(".read-aloud").count()
    page.evaluate(
        """() => {
          const f = document.createElement("fieldset");
          f.setAttribute("data-read-group", "");
          f.innerHTML = "<legend>Nieuwe vraag</legend><label class='check'><input type=checkbox>"
            + " <span>Ja graag</span></label>";
          document.querySelector("main").append(f);
        }"""
    )
    expect(page.locator(".read-aloud")).to_have_count(before + 1)
    page.get_by_role("button", name="Lees voor: Nieuwe vraag", exact=True).click()
    assert [s["text"] for s in spoken(page)] == ["Nieuwe vraag. Ja graag."]
