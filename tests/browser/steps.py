"""Worksheets show one section per screen: step to the one that holds a control."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect


def current_step(page: Page) -> int:
    return int(page.locator("#worksheet").get_attribute("data-step") or "1")


def go_to_step(page: Page, n: int) -> None:
    """Tap Volgende / Vorige until step n is on screen, as a child would."""
    # the server renders step 1; the script may open another one (#<item>/<step>)
    expect(page.locator("#worksheet")).not_to_have_attribute("aria-busy", "true")
    while (now := current_step(page)) != n:
        page.locator(".step-next" if now < n else ".step-prev").click()
        expect(page.locator("#worksheet")).not_to_have_attribute("data-step", str(now))
    expect(page.locator(f"section.step[data-step='{n}']")).to_be_visible()


def show(page: Page, target: Locator) -> Locator:
    """The step that holds ``target``, on screen; ``target`` itself, to act on."""
    step = target.locator("xpath=ancestor::section[contains(@class, 'step')]").first
    go_to_step(page, int(step.get_attribute("data-step") or "1"))
    return target
