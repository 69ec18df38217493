"""The handover to the new school: the parent makes a code; the first browser that opens it
is bound to it and sees exactly the work the pupil chose to present (shared, not hidden);
every opening is logged; another browser, a revoked or an expired code get 410; wrong codes
are throttled; photos only for the bound browser; nobody else makes or revokes codes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from server.domain import access_log, deletion, handover, hiding, media
from tests import factories
from tests.factories import add_item
from tests.helpers.clients import Clients

VALUES = {"kind-kiest.1": "sportief", "kind-kiest.1.situatie": "Ik voetbal elke week."}


@dataclass(frozen=True)
class World:
    app: Any
    teacher: factories.Staff
    pupil: factories.Pupil
    parent: factories.Adult
    other_parent: factories.Adult
    chosen: list[str]  # present-marked, shared, not hidden: in her order
    left_out: list[str]


@pytest.fixture
def world(empty_app) -> World:
    store = empty_app.state.rugzak.store
    teacher = factories.teacher(store)
    eight = factories.school_class(store, group=8, teachers=(teacher,))
    pupil = factories.pupil(store, eight)
    parent = factories.parent(store, pupil)
    other_parent = factories.parent(store, factories.pupil(store, eight))

    def item(sheet: str, values: dict[str, Any], **kw: Any) -> str:
        return add_item(empty_app, pupil.id, sheet, values, group=8, **kw)

    second = item("kwaliteiten-top3", {**VALUES, "_present": 2}, shared=True)
    first = item("ervaring", {"fotos": [factories.PHOTO], "_present": 1}, shared=True)
    not_shared = item("kwaliteiten-top3", {**VALUES, "_present": 3}, shared=False)
    not_present = item("kwaliteiten-top3", VALUES, shared=True)
    hidden = item("kwaliteiten-top3", {**VALUES, "_present": 4}, shared=True)
    by = hiding.Staffer(teacher.id, teacher.name, "teacher")
    hiding.hide(store, pupil.id, hidden, "Eerst bespreken met de ouders.", by, lambda p: True)
    path = media.path_for(store, pupil.id, factories.PHOTO, "klein")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"RIFF-not-really-webp")
    return World(
        empty_app, teacher, pupil, parent, other_parent, [first, second],
        [not_shared, not_present, hidden],
    )  # fmt: skip


def page_url(w: World) -> str:
    return f"/ouder/kind/{w.pupil.id}/overdracht"


def make_code(w: World, clients: Clients, days: int = 30, school: str = "Het Lyceum") -> str:
    r = clients.parent(w.parent).post(
        page_url(w), data={"actie": "maken", "dagen": str(days), "school": school}
    )
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
    code = re.search(r'class="handover-code"[^>]*>([A-Z0-9-]+)<', r.text)
    assert code, r.text
    base = w.app.state.rugzak.settings.base_url.rstrip("/")
    assert f"{base}/overdracht/{code.group(1)}" in r.text  # the link to e-mail
    return code.group(1)


def open_code(client, code: str):
    return client.post("/overdracht", data={"code": code}, follow_redirects=False)


def rows(w: World) -> list[tuple[str, dict[str, Any]]]:
    with w.app.state.rugzak.store.school.transaction() as db:
        return [(doc_id, dict(r)) for doc_id, r in db.table(handover.TABLE).rows()]


def stored(w: World) -> list[dict[str, Any]]:
    return [row for _, row in rows(w)]


def test_create_open_and_every_opening_is_logged(world: World, empty_clients: Clients) -> None:
    code = make_code(world, empty_clients)
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    [row] = stored(world)
    # Only the hash is stored, and the school name, the author and 30 days.
    assert code.replace("-", "") not in str(row) and row["code_hash"] == handover.digest(
        code.replace("-", "")
    )
    assert row["created_by"] == world.parent.id and row["school_name"] == "Het Lyceum"
    days = datetime.fromisoformat(row["expires_at"]) - datetime.fromisoformat(row["created_at"])
    assert days == timedelta(days=30)

    school = empty_clients.anonymous()
    # The e-mailed link only fills in the form: a mail scanner that follows it binds nothing.
    link = school.get(f"/overdracht/{code}")
    assert link.status_code == 200 and code in link.text and not stored(world)[0]["bound"]
    # Typed in lower case with spaces: still the code.
    r = open_code(school, code.lower().replace("-", " "))
    assert r.status_code == 303 and r.headers["cache-control"] == "no-store"
    page = school.get(r.headers["location"])
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    assert world.pupil.first_name in page.text and "groep 8" in page.text
    assert f"{world.pupil.first_name} {world.pupil.last_name}" not in page.text
    [entry] = access_log.entries(world.app.state.rugzak.store, world.pupil.id)
    assert (entry["who"], entry["name"], entry["what"]) == ("handover", "Het Lyceum", "handover")
    assert entry["who_id"] == rows(world)[0][0] == r.headers["location"].rsplit("/", 1)[1]
    # The parent sees that it was opened; the admin's log shows the school.
    mine = empty_clients.parent(world.parent).get(page_url(world))
    assert "Geopend op" in mine.text and "Het Lyceum" in mine.text
    log_page = empty_clients.parent(world.parent).get(f"/ouder/kind/{world.pupil.id}/bekeken")
    assert "Nieuwe school (met een code)" in log_page.text and "Het Lyceum" in log_page.text


def test_the_school_sees_exactly_the_chosen_work_in_her_order(
    world: World, empty_clients: Clients
) -> None:
    code = make_code(world, empty_clients)
    school = empty_clients.anonymous()
    page = school.get(open_code(school, code).headers["location"])
    shown = re.findall(r"/foto/([0-9a-f]{64})/klein", page.text)
    assert shown == [factories.PHOTO]
    store = world.app.state.rugzak.store
    assert [i["id"] for i in handover.selection(store, world.pupil.id)] == world.chosen
    # Her order: the experience (1) before the qualities (2); nothing else of hers.
    assert page.text.index("/foto/") < page.text.index("Ik voetbal elke week.")
    assert page.text.count('class="handover-item"') == 2
    assert "Eerst bespreken" not in page.text
    # The parent's page lists the same two, and says nothing else goes.
    mine = empty_clients.parent(world.parent).get(page_url(world)).text
    for item_id in world.chosen:
        assert f"/item/{item_id}" in mine
    for item_id in world.left_out:
        assert f"/item/{item_id}" not in mine


def test_a_second_browser_is_refused(world: World, empty_clients: Clients) -> None:
    code = make_code(world, empty_clients)
    first, second = empty_clients.anonymous(), empty_clients.anonymous()
    location = open_code(first, code).headers["location"]
    again = open_code(second, code)
    assert again.status_code == 410 and "andere browser" in again.text
    assert again.headers["cache-control"] == "no-store"
    assert second.get(location).status_code == 410  # nor by the page's address
    assert first.get(location).status_code == 200  # the first browser keeps it
    assert open_code(first, code).status_code == 303


def test_a_revoked_code_stops_at_once(world: World, empty_clients: Clients) -> None:
    code = make_code(world, empty_clients)
    school = empty_clients.anonymous()
    location = open_code(school, code).headers["location"]
    handover_id = location.rsplit("/", 1)[1]
    parent = empty_clients.parent(world.parent)
    r = parent.post(
        page_url(world), data={"actie": "intrekken", "code": handover_id}, follow_redirects=False
    )
    assert r.status_code == 303
    gone = school.get(location)
    assert gone.status_code == 410 and "ingetrokken" in gone.text
    assert open_code(school, code).status_code == 410
    photo = f"{location}/foto/{factories.PHOTO}/klein"
    assert school.get(photo).status_code == 410
    assert "Ingetrokken op" in parent.get(page_url(world)).text


def test_an_expired_code_stops(
    world: World, empty_clients: Clients, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = make_code(world, empty_clients, days=7)
    school = empty_clients.anonymous()
    location = open_code(school, code).headers["location"]
    later = datetime.now(UTC) + timedelta(days=7, minutes=1)
    monkeypatch.setattr(handover, "now", lambda: later)
    gone = school.get(location)
    assert gone.status_code == 410 and "verlopen" in gone.text
    fresh = empty_clients.anonymous()
    assert open_code(fresh, code).status_code == 410
    assert "Verlopen op" in empty_clients.parent(world.parent).get(page_url(world)).text


def test_wrong_codes_are_throttled(world: World, empty_clients: Clients) -> None:
    code = make_code(world, empty_clients)
    school = empty_clients.anonymous()
    wrong = "ACDE-FGHJ-KMNP" if code != "ACDE-FGHJ-KMNP" else "KMNP-FGHJ-ACDE"
    limit = world.app.state.rugzak.settings.limits.password_attempts * 5
    for _ in range(limit):
        r = open_code(school, wrong)
        assert r.status_code == 400 and "kennen we niet" in r.text
    assert open_code(school, wrong).status_code == 429
    blocked = open_code(school, code)  # even the right code waits now
    assert blocked.status_code == 429 and "Te vaak geprobeerd" in blocked.text
    assert not stored(world)[0]["bound"]
    assert open_code(school, "").status_code == 429


def test_nobody_else_makes_or_revokes_codes(world: World, empty_clients: Clients) -> None:
    code = make_code(world, empty_clients)
    school = empty_clients.anonymous()
    handover_id = open_code(school, code).headers["location"].rsplit("/", 1)[1]
    other = empty_clients.parent(world.other_parent)
    assert other.get(page_url(world)).status_code == 404
    r = other.post(page_url(world), data={"actie": "maken", "dagen": "30"})
    assert r.status_code == 404
    r = other.post(page_url(world), data={"actie": "intrekken", "code": handover_id})
    assert r.status_code == 404
    # Through the other parent's own child's page: not this child's code.
    own = f"/ouder/kind/{world.other_parent.pupil_id}/overdracht"
    assert other.post(own, data={"actie": "intrekken", "code": handover_id}).status_code == 404
    teacher = empty_clients.staff(world.teacher)
    assert teacher.post(page_url(world), data={"actie": "maken", "dagen": "30"}).status_code == 403
    assert len(stored(world)) == 1 and not stored(world)[0]["revoked_at"]
    assert school.get(f"/overdracht/selectie/{handover_id}").status_code == 200


def test_bad_input_is_refused_and_nothing_is_stored(world: World, empty_clients: Clients) -> None:
    parent = empty_clients.parent(world.parent)
    r = parent.post(page_url(world), data={"actie": "maken", "dagen": "365"})
    assert r.status_code == 400 and "7, 30 of 90" in r.text
    r = parent.post(page_url(world), data={"actie": "maken", "dagen": "30", "school": "x" * 121})
    assert r.status_code == 400 and "te lang" in r.text
    assert stored(world) == []


def test_photos_only_for_the_bound_browser_and_the_chosen_items(
    world: World, empty_clients: Clients
) -> None:
    code = make_code(world, empty_clients)
    school = empty_clients.anonymous()
    location = open_code(school, code).headers["location"]
    photo = f"{location}/foto/{factories.PHOTO}/klein"
    r = school.get(photo)
    assert r.status_code == 200 and r.content == b"RIFF-not-really-webp"
    assert r.headers["cache-control"] == "no-store"
    assert empty_clients.anonymous().get(photo).status_code == 410  # not bound
    other_photo = f"{location}/foto/{'cd' * 32}/klein"
    assert school.get(other_photo).status_code == 404  # in no chosen item
    # A code that nobody redeemed yet opens no page and no photo, whoever has its address.
    second = handover.digest(make_code(world, empty_clients).replace("-", ""))
    [fresh_id] = [doc_id for doc_id, row in rows(world) if row["code_hash"] == second]
    fresh = f"/overdracht/selectie/{fresh_id}"
    assert school.get(f"{fresh}/foto/{factories.PHOTO}/klein").status_code == 410
    assert school.get(fresh).status_code == 410


def test_deleting_the_child_removes_her_handovers(world: World, empty_clients: Clients) -> None:
    code = make_code(world, empty_clients)
    school = empty_clients.anonymous()
    school.get(open_code(school, code).headers["location"])
    store = world.app.state.rugzak.store
    deletion.delete_pupil(store, world.pupil.id, typed_name=None, why="beheer", by="s_x")
    assert stored(world) == []
    data = world.app.state.rugzak.settings.data_dir
    assert not [
        p for p in data.rglob("*") if p.is_file() and world.pupil.id.encode() in p.read_bytes()
    ]


def test_after_she_left_the_school_still_sees_her_group(
    world: World, empty_clients: Clients
) -> None:
    from server.domain import school as school_records

    code = make_code(world, empty_clients)
    with world.app.state.rugzak.store.school.transaction() as db:  # the summer's rollover
        school_records.update_pupil(db, world.pupil.id, class_id="", left_on="2027-07-09")
    browser = empty_clients.anonymous()
    page = browser.get(open_code(browser, code).headers["location"])
    assert page.status_code == 200 and "groep 8" in page.text
    assert "Gemaakt op" in empty_clients.parent(world.parent).get(page_url(world)).text
