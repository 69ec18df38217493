"""The outbox never loses a change made while an earlier change of the same field is on its
way: sending takes its batch in one IndexedDB transaction, so a later change either joins
the batch or follows it as an operation of its own."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from server.infra.store import stored as read_stored

from .conftest import LiveServer, sign_in_pupil, wait_synced

PUPIL = "Noor Bakker"
ROUNDS = 40

# Each round: a change, a sync started at once, and a second change of the same field a
# little later (0–9 ms: across the moments the sync reads and marks its batch).
RACE = """async ([pupilId, itemId, rounds]) => {
  const script = document.querySelector('script[src*="worksheet.js"]').src;
  const local = await import(script.replace("worksheet.js", "local.js"));
  const lost = [];
  for (let i = 0; i < rounds; i++) {
    await local.setField(pupilId, itemId, "wat", "eerst " + i);
    const sending = local.syncNow();
    await new Promise((r) => setTimeout(r, i % 10));
    await local.setField(pupilId, itemId, "wat", "daarna " + i);
    await sending;
    await local.syncNow();
    await local.syncNow();
    const mine = await (await fetch("/api/mij")).json();
    const value = mine.items.find((it) => it.id === itemId).values.wat;
    if (value !== "daarna " + i) lost.push([i, value]);
  }
  return lost;
}"""


def test_a_change_made_while_sending_is_never_lost(page: Page, server: LiveServer) -> None:
    sign_in_pupil(page, server, PUPIL)
    page.goto(f"{server.url}/leerling/werkblad/ervaring")
    page.wait_for_url(f"{server.url}/leerling/werkblad/ervaring#i_*")
    expect(page.locator("#worksheet")).not_to_have_attribute("aria-busy", "true")
    item_id = page.url.split("#", 1)[1]
    pupil_id = server.demo.pupil_ids[PUPIL]
    lost = page.evaluate(RACE, [pupil_id, item_id, ROUNDS])
    assert lost == []  # rounds whose second change never reached school
    wait_synced(page)


# A new item, a change, a sync; then, before any fresh snapshot has the item, the same field
# again. The second change must build on the revision the first one got.
NEW_ITEM = """async ([pupilId]) => {
  const script = document.querySelector('script[src*="worksheet.js"]').src;
  const local = await import(script.replace("worksheet.js", "local.js"));
  const itemId = await local.createItem(pupilId, "ervaring");
  await local.setField(pupilId, itemId, "wat", "eerst");
  await local.syncNow();
  await local.setField(pupilId, itemId, "wat", "daarna");
  await local.syncNow();
  return itemId;
}"""


def _stored_item(server: LiveServer, pupil_id: str, item_id: str) -> tuple[dict, list]:
    path = server.data_dir / "pupils" / pupil_id / "portfolio.json"
    data = read_stored(path)
    conflicts = [c for c in data.get("conflicts", {}).values() if c["item_id"] == item_id]
    return data["items"][item_id]["values"], conflicts


@pytest.mark.parametrize("snapshot", ["unreachable", "older than the item"])
def test_a_new_items_next_change_builds_on_the_revision_its_first_got(
    page: Page, server: LiveServer, snapshot: str
) -> None:
    sign_in_pupil(page, server, PUPIL)
    page.goto(f"{server.url}/leerling/werkblad/ervaring")
    page.wait_for_url(f"{server.url}/leerling/werkblad/ervaring#i_*")
    wait_synced(page)
    pupil_id = server.demo.pupil_ids[PUPIL]
    if snapshot == "unreachable":
        page.route("**/api/mij", lambda route: route.abort())
    else:  # every answer is the one from before the item existed (a slow, stale answer)
        stale = page.evaluate("async () => (await fetch('/api/mij')).text()")
        page.route(
            "**/api/mij",
            lambda route: route.fulfill(status=200, body=stale, content_type="application/json"),
        )
    item_id = page.evaluate(NEW_ITEM, [pupil_id])
    page.unroute("**/api/mij")
    values, conflicts = _stored_item(server, pupil_id, item_id)
    assert values["wat"] == "daarna"
    assert conflicts == []  # not a conflict copy of the pupil's own change
