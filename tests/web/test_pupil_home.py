"""The pupil's home (/leerling, issue 12): the page is the same for every pupil, and what it
shows of her comes from the snapshot (/api/mij) — now also her class's home assignments with
their due dates and her own planned conversations, and nothing of anyone else's."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta

import pytest

from server.domain import planning, school

EMMA = "Emma de Vries"


@pytest.fixture
def store(app):
    return app.state.rugzak.store


@pytest.fixture
def emma(clients):
    return clients.pupil(EMMA)


def class_of(store, pupil_id: str) -> str:
    with store.school.transaction() as db:
        return school.get_pupil(db, pupil_id)["class_id"]


def others(store, demo, pupil_id: str) -> tuple[str, str]:
    """A classmate of the pupil and a pupil of another class."""
    mine = class_of(store, pupil_id)
    ids = [i for i in demo.pupil_ids.values() if i != pupil_id]
    mate = next(i for i in ids if class_of(store, i) == mine)
    other = next(i for i in ids if class_of(store, i) != mine)
    return mate, other


def assign(store, class_id: str, worksheet: str, title: str, due: date) -> str:
    with store.school.transaction() as db:
        return planning.create_assignment(db, class_id, worksheet, title, due, "s_teacher")


def plan_talk(store, pupil_id: str, at: datetime, place: str = "Lokaal 8") -> str:
    with store.school.transaction() as db:
        return planning.create_conversation(
            db, pupil_id, "voortgangsgesprek", at, place, "s_teacher"
        )


def test_the_snapshot_carries_her_due_dates_and_her_own_conversations(store, demo, emma):
    emma_id = demo.pupil_ids[EMMA]
    mate, other = others(store, demo, emma_id)
    due = date.today() + timedelta(days=3)
    mine = assign(store, class_of(store, emma_id), "school-die-past", "Een school die past", due)
    assign(store, class_of(store, other), "beroepen-om-je-heen", "Beroepen van een ander", due)
    at = datetime.combine(due, datetime.min.time()).replace(hour=14, minute=30)
    talk = plan_talk(store, emma_id, at)
    plan_talk(store, mate, at, place="Geheim lokaal van een klasgenoot")

    data = emma.get("/api/mij").json()
    assert data["assignments"] == [
        {"id": mine, "worksheet": "school-die-past", "title": "Een school die past",
         "due": due.isoformat()}
    ]  # fmt: skip
    assert data["conversations"] == [
        {"id": talk, "kind": "voortgangsgesprek", "title": "Voortgangsgesprek",
         "at": at.isoformat(timespec="minutes"), "place": "Lokaal 8"}
    ]  # fmt: skip
    text = json.dumps(data, ensure_ascii=False)
    assert "Beroepen van een ander" not in text  # another class's assignment
    assert "Geheim lokaal" not in text  # a classmate's conversation
    assert "s_teacher" not in text and "reminded" not in text  # no staff ids, no flags


def test_past_ones_travel_too_the_device_tells_by_its_own_date(app, store, demo, emma):
    # The answer is kept under the file versions (its ETag), not under today's date: which
    # assignment is late or which talk is over is for the device to tell.
    emma_id = demo.pupil_ids[EMMA]
    with store.school.transaction() as db:
        db.table(planning.ASSIGNMENTS).put(
            "a_past00000001",
            {"class_id": class_of(store, emma_id), "worksheet": "school-die-past", "title": "",
             "due": "2020-01-10", "created_by": "s_teacher", "created_at": "", "reminded": True},
        )  # fmt: skip
    data = emma.get("/api/mij").json()
    # A title left empty is the sheet's title.
    title = app.state.rugzak.catalog.worksheets["school-die-past"].title
    assert data["assignments"] == [
        {"id": "a_past00000001", "worksheet": "school-die-past", "title": title,
         "due": "2020-01-10"}
    ]  # fmt: skip


def test_without_any_the_keys_are_left_out(emma):
    data = emma.get("/api/mij").json()
    assert "assignments" not in data and "conversations" not in data


def test_a_new_assignment_or_conversation_changes_the_etag(store, demo, emma):
    """The device keeps the snapshot and asks with its ETag: a 304 would leave a new due
    date or a planned talk off her home. Both live in the school file, whose version is part
    of the ETag."""
    emma_id = demo.pupil_ids[EMMA]
    first = emma.get("/api/mij")
    etag = first.headers["etag"]
    assert emma.get("/api/mij", headers={"if-none-match": etag}).status_code == 304

    assign(store, class_of(store, emma_id), "school-die-past", "Nieuw", date.today())
    after_assignment = emma.get("/api/mij", headers={"if-none-match": etag})
    assert after_assignment.status_code == 200
    assert [a["title"] for a in after_assignment.json()["assignments"]] == ["Nieuw"]
    etag2 = after_assignment.headers["etag"]
    assert etag2 != etag

    plan_talk(store, emma_id, datetime.now().replace(second=0, microsecond=0) + timedelta(days=2))
    after_talk = emma.get("/api/mij", headers={"if-none-match": etag2})
    assert after_talk.status_code == 200 and len(after_talk.json()["conversations"]) == 1
    assert after_talk.headers["etag"] not in (etag, etag2)

    # A conversation of a classmate changes the school file too: a new ETag, same content.
    mate, _ = others(store, demo, emma_id)
    etag3 = after_talk.headers["etag"]
    plan_talk(store, mate, datetime.now().replace(second=0, microsecond=0) + timedelta(days=3))
    again = emma.get("/api/mij", headers={"if-none-match": etag3})
    assert again.status_code == 200
    assert again.json()["conversations"] == after_talk.json()["conversations"]


# --- the page ---


def catalog_in(html: str) -> dict:
    match = re.search(r'<script type="application/json" id="catalog">(.*?)</script>', html, re.S)
    assert match
    return json.loads(match.group(1))


def test_the_home_is_generic_and_complete_before_the_script(clients, emma, demo):
    anonymous = clients.anonymous().get("/leerling").text
    assert emma.get("/leerling").text == anonymous  # the same page for everybody
    for name in demo.pupil_ids:
        assert name.split()[0] not in anonymous
    # "Nu doen" first, with room kept for its rows; then the tiles, drawn by the server.
    order = [anonymous.index(s) for s in ('id="now-h"', 'id="new-h"', 'id="items-h"')]
    assert order == sorted(order)
    assert anonymous.count('class="now-row skeleton"') == 3
    assert 'data-new-kind="zelfportret"' in anonymous
    assert 'data-by-group="6:zelfportret-6 7:zelfportret-7 8:zelfportret-8"' in anonymous
    assert (
        'data-new="ervaring-ministage"' in anonymous and 'data-new="bezoek-open-dagen"' in anonymous
    )
    # Pictograms are inline SVG, the twin question an accessible dialog with two choices.
    assert anonymous.count('class="picto make-picto"') == 5
    assert '<dialog id="twin"' in anonymous and 'aria-labelledby="twin-h"' in anonymous
    assert "Verder met je vorige, of een nieuwe?" in anonymous
    assert 'value="vorige"' in anonymous and 'value="nieuw"' in anonymous
    # What comes after "Mijn werk" waits hidden until it is filled: nothing moves.
    for section in ("from-home-section", "growth-section", "plan-section", "print-link"):
        assert re.search(rf'id="{section}"[^>]* hidden', anonymous), section


def test_the_page_carries_child_wording_not_the_teachers(clients):
    html = clients.anonymous().get("/leerling").text
    data = catalog_in(html)
    titles = [s["title"] for plan in data["yearplans"].values() for s in plan]
    assert "Gesprek: welke school past bij jou?" in titles
    assert "Pre-adviesgesprek" not in html and "Ouderkamer" not in html
    # What the script needs to name items, find thumbnails and tell steps apart.
    ministage = data["worksheets"]["ervaring-ministage"]
    assert ministage["title_from"] == "waar" and ministage["photos"] == ["fotos"]
    assert ministage["dedicated"] is True
    assert "dedicated" not in data["worksheets"]["ervaring"]
    assert "dedicated" not in data["worksheets"]["complimenten"]
    g8 = {s["key"]: s for s in data["yearplans"]["8"]}
    assert g8["open-dagen"]["worksheet"] == "bezoek-open-dagen"
    assert "worksheet" not in g8["startgesprek"]
    # Every pictogram the script draws is in the page's template.
    names = set(data["step_pictos"].values()) | set(data["kind_pictos"].values())
    for name in names | {"chevron-right", "circle-check", "circle-dashed", "calendar-event"}:
        assert f'data-picto="{name}"' in html, name
