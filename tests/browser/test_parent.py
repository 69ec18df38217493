"""The parent's screens in a real browser: Dutch and English with one tap (remembered after a
reload, after signing in again and on another phone), and one read-aloud button per question
that speaks the question with its options through the browser's speech synthesis (stubbed:
Chromium has no voices here). tests/browser/test_read_aloud.py counts and places them."""

from __future__ import annotations

import time

from playwright.sync_api import Browser, Page, expect

from server.demo import PARENT_PASSWORD

from .conftest import LiveServer

PARENT = "moeder.emma"
QUESTION_NL = "Ik vond de opdracht leuk om te doen."
QUESTION_EN = "I enjoyed doing the assignment."

# Record what would be spoken instead of speaking (page.add_init_script runs before the page's
# own scripts; the page's CSP does not apply to it).
SPEECH_STUB = """
window.__spoken = [];
window.__cancelled = 0;
if (window.speechSynthesis) {
  window.speechSynthesis.speak = (u) => {
    window.__spoken.push({ text: u.text, lang: u.lang, voice: u.voice ? u.voice.lang : "" });
  };
  window.speechSynthesis.cancel = () => { window.__cancelled += 1; };
}
"""
NO_SPEECH = """
Object.defineProperty(window, "speechSynthesis", { value: undefined, configurable: true });
"""


def sign_in(page: Page, server: LiveServer, *, dutch: bool = True) -> None:
    page.goto(f"{server.url}/inloggen/ouder")
    page.get_by_label("Gebruikersnaam" if dutch else "Username").fill(PARENT)
    page.get_by_label("Wachtwoord" if dutch else "Password").fill(PARENT_PASSWORD)
    page.locator("main").get_by_role("button", name="Inloggen" if dutch else "Sign in").click()
    page.wait_for_url("**/ouder")


def spoken(page: Page, count: int = 1, timeout: float = 5.0) -> list[dict[str, str]]:
    """What the page asked speechSynthesis to say (polled: the CSP forbids eval in the page)."""
    deadline = time.monotonic() + timeout
    while True:
        said = page.evaluate("() => window.__spoken")
        if len(said) >= count or time.monotonic() > deadline:
            return said
        time.sleep(0.05)


def open_first_assignment(page: Page) -> None:
    """The first home assignment: waiting for the parent, or else one already signed."""
    link = page.locator("a[href*='/opdracht/']").first
    if not link.is_visible():
        page.locator("details", has=link).locator("summary").click()
    link.click()
    page.wait_for_url("**/opdracht/**")


def test_parent_page_in_dutch_then_english_and_remembered(
    server: LiveServer, page: Page, browser: Browser
):
    sign_in(page, server)
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "nl")
    expect(page.locator("h1")).to_have_text("Welkom, Marloes de Vries")
    expect(page.get_by_role("button", name="Uitloggen", exact=True)).to_be_visible()
    expect(page.get_by_text("Wacht op u")).to_be_visible()

    page.get_by_role("button", name="English").click()
    page.wait_for_url("**/ouder")
    expect(html).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Welcome, Marloes de Vries")
    expect(page.get_by_role("button", name="Sign out", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="English")).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_text("Wacht op u")).to_have_count(0)
    expect(page.get_by_text("Skip to the content")).to_be_attached()

    page.reload()
    expect(html).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Welcome, Marloes de Vries")

    # The parent's part of a home assignment is in English as well.
    open_first_assignment(page)
    expect(html).to_have_attribute("lang", "en")
    expect(page.get_by_text(QUESTION_EN, exact=True)).to_be_visible()
    expect(page.get_by_text(QUESTION_NL, exact=True)).to_have_count(0)

    # Signing out and in again on this phone: still English.
    page.get_by_role("button", name="Sign out", exact=True).click()
    page.wait_for_url("**/inloggen?uitgelogd=1")
    expect(page.get_by_text("You are signed out.")).to_be_visible()
    expect(page.get_by_text("Who are you?")).to_be_visible()
    sign_in(page, server, dutch=False)
    expect(html).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Welcome, Marloes de Vries")

    # Another phone: Dutch until she signs in, then her own choice from her account.
    other = browser.new_context()
    try:
        phone = other.new_page()
        phone.goto(f"{server.url}/inloggen/ouder")
        expect(phone.locator("html")).to_have_attribute("lang", "nl")
        sign_in(phone, server)
        expect(phone.locator("html")).to_have_attribute("lang", "en")
        expect(phone.get_by_role("button", name="Sign out", exact=True)).to_be_visible()

        # Back to Dutch on the other phone: one tap again.
        phone.get_by_role("button", name="Nederlands").click()
        phone.wait_for_url("**/ouder")
        expect(phone.locator("html")).to_have_attribute("lang", "nl")
        expect(phone.locator("h1")).to_have_text("Welkom, Marloes de Vries")
    finally:
        other.close()


def test_read_aloud_speaks_the_question(server: LiveServer, page: Page):
    page.add_init_script(SPEECH_STUB)
    sign_in(page, server)
    open_first_assignment(page)

    question = page.locator("legend", has_text=QUESTION_NL).first
    expect(question).to_be_visible()
    button = page.get_by_role("button", name=f"Lees voor: {QUESTION_NL}", exact=True).first
    expect(button).to_be_visible()
    box = button.bounding_box()
    assert box and box["width"] >= 44 and box["height"] >= 44, box

    button.click()
    said = spoken(page)
    # The whole question group: the question, then its options (their icons are not read).
    assert [s["text"] for s in said] == [f"{QUESTION_NL} JA. NEE."]
    assert said[0]["lang"].lower().startswith("nl")
    assert page.evaluate("() => window.__cancelled") >= 1  # what was speaking stops first

    # With the keyboard: Enter on the button while it reads stops it; Enter again reads again.
    button.focus()
    cancelled = page.evaluate("() => window.__cancelled")
    page.keyboard.press("Enter")
    assert page.evaluate("() => window.__cancelled") > cancelled
    assert len(spoken(page, 2, timeout=0.5)) == 1
    page.keyboard.press("Enter")
    said = spoken(page, 2)
    assert len(said) == 2 and said[1]["text"] == f"{QUESTION_NL} JA. NEE."

    # The options have no buttons of their own: the question's button read them.
    expect(page.get_by_role("button", name="Lees voor: JA", exact=True)).to_have_count(0)

    # In English the label and the voice follow the page.
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("button", name=f"Read aloud: {QUESTION_EN}", exact=True).first.click()
    said = spoken(page)
    assert [s["text"] for s in said] == [f"{QUESTION_EN} YES. NO."]
    assert said[0]["lang"].lower().startswith("en")


def test_read_aloud_on_the_notifications_page(server: LiveServer, page: Page):
    page.add_init_script(SPEECH_STUB)
    sign_in(page, server)
    page.goto(f"{server.url}/ouder/meldingen")
    question = "Waarover wilt u een melding krijgen?"
    page.get_by_role("button", name=f"Lees voor: {question}", exact=True).click()
    said = [s["text"] for s in spoken(page)]
    assert len(said) == 1 and said[0].startswith(question + " "), said
    # ...with the things one can choose, each as its own sentence
    labels = page.locator("#push-events label").all_text_contents()
    assert labels and all(f" {label.strip()}." in said[0] for label in labels), (labels, said)


def test_no_read_aloud_buttons_without_speech_synthesis(server: LiveServer, page: Page):
    page.add_init_script(NO_SPEECH)
    sign_in(page, server)
    expect(page.locator("[data-read-group]").first).to_be_attached()
    open_first_assignment(page)
    expect(page.locator("legend", has_text=QUESTION_NL).first).to_be_visible()
    expect(page.locator(".read-aloud")).to_have_count(0)
