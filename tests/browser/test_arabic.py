"""A mother who reads Arabic, on a phone 390 px wide: the parent home and a home assignment
run right to left, nothing scrolls sideways, and read-aloud asks for an Arabic voice (or,
on a device without one, says so in Arabic and reads nothing with another language's voice).

speechSynthesis is replaced in the page (add_init_script) by a stand-in with the voices the
test gives, which records what it is asked to say. These tests need the Arabic catalogue
(server/infra/locale/ar/LC_MESSAGES/rugzak.po): they run once it is in the tree.
"""

from __future__ import annotations

import json
import time

import pytest
from playwright.sync_api import Page, expect

from server.infra import i18n

from .conftest import LiveServer
from .test_parent import open_first_assignment, sign_in

pytestmark = pytest.mark.skipif(
    "ar" not in i18n.CATALOGUES, reason="no Arabic catalogue in this tree yet"
)

NARROW = {"width": 390, "height": 844}


def speech(voices: list[dict[str, str]]) -> str:
    """A stand-in for the device's speech: these voices, and a record of every utterance."""
    return f"""
window.__spoken = [];
(() => {{
  const voices = {json.dumps(voices)}.map((v) => ({{ ...v, default: false, localService: true,
    voiceURI: v.name }}));
  class Utterance extends EventTarget {{
    constructor(text) {{
      super(); this.text = text; this.lang = ""; this.voice = null; this.rate = 1;
    }}
  }}
  Object.defineProperty(window, "SpeechSynthesisUtterance",
    {{ value: Utterance, configurable: true }});
  const synth = new EventTarget();
  synth.getVoices = () => voices;
  synth.speak = (u) => window.__spoken.push({{ text: u.text, lang: u.lang,
    voice: u.voice ? u.voice.lang : "" }});
  synth.cancel = () => {{}};
  Object.defineProperty(window, "speechSynthesis", {{ value: synth, configurable: true }});
}})();
"""


def spoken(page: Page, timeout: float = 5.0) -> list[dict[str, str]]:
    deadline = time.monotonic() + timeout
    while True:
        said = page.evaluate("() => window.__spoken")
        if said or time.monotonic() > deadline:
            return said
        time.sleep(0.05)


def in_arabic(page: Page, server: LiveServer) -> None:
    page.set_viewport_size(NARROW)
    sign_in(page, server)
    page.locator("form.languages").get_by_role("button", name="العربية").click()
    page.wait_for_url("**/ouder")
    check_page(page)


def check_page(page: Page) -> None:
    html = page.locator("html")
    expect(html).to_have_attribute("dir", "rtl")
    expect(html).to_have_attribute("lang", "ar")
    wide = page.evaluate("() => document.documentElement.scrollWidth")
    assert wide <= NARROW["width"], f"{page.url} scrolls sideways: {wide} px"
    # Right to left: the heading starts at the right edge of the page.
    box = page.locator("main h1").first.bounding_box()
    assert box and box["x"] + box["width"] > NARROW["width"] - 40, box


def test_the_parent_home_and_an_assignment_in_arabic(server: LiveServer, page: Page) -> None:
    page.add_init_script(speech([{"lang": "nl-NL", "name": "Xander"},
                                 {"lang": "ar-SA", "name": "Maged"}]))  # fmt: skip
    in_arabic(page, server)
    expect(page.locator("main h1")).to_contain_text(i18n.translate("Welkom, {name}", "ar")[:4])
    open_first_assignment(page)
    check_page(page)
    button = page.locator(".read-aloud").first
    expect(button).to_be_visible()
    assert i18n.translate("Lees voor", "ar") in (button.get_attribute("aria-label") or "")
    button.click()
    [said] = spoken(page)
    assert said["lang"] == "ar-SA" and said["voice"] == "ar-SA", said
    assert said["text"]


def test_no_arabic_voice_is_said_and_nothing_is_read(server: LiveServer, page: Page) -> None:
    page.add_init_script(speech([{"lang": "nl-NL", "name": "Xander"},
                                 {"lang": "en-GB", "name": "Daniel"}]))  # fmt: skip
    in_arabic(page, server)
    button = page.locator(".read-aloud").first
    button.click()
    note = page.locator(".read-none")
    expect(note).to_be_visible()
    expect(note).to_have_text(
        i18n.translate(
            "Dit apparaat heeft geen stem voor deze taal. Voorlezen kan daarom niet. U kunt een "
            "stem toevoegen in de instellingen van uw telefoon (spraak of tekst-naar-spraak).",
            "ar",
        )
    )
    assert page.evaluate("() => window.__spoken") == []  # no Dutch voice reading Arabic
