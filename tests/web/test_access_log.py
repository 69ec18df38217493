"""Who looked at a pupil's Rugzak: every kind of view by staff or a parent is on record (also
when the page came from the page cache), a pupil's own views are not, one visit is one row,
and only the admin and the child's own family read the log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from server.domain import access_log, deletion, planning
from tests import factories
from tests.factories import add_item
from tests.helpers.clients import Clients

VALUES = {"kind-kiest.1": "sportief", "kind-kiest.1.situatie": "Ik voetbal elke week."}


@dataclass(frozen=True)
class World:
    app: Any
    teacher: factories.Staff
    other_teacher: factories.Staff
    admin: factories.Staff
    pupil: factories.Pupil
    parent: factories.Adult
    other_parent: factories.Adult
    item_id: str
    talk_id: str


@pytest.fixture
def world(empty_app) -> World:
    store = empty_app.state.rugzak.store
    teacher, other_teacher = factories.teacher(store), factories.teacher(store)
    eight = factories.school_class(store, group=8, teachers=(teacher,))
    other = factories.school_class(store, group=8, teachers=(other_teacher,))
    pupil = factories.pupil(store, eight)
    parent = factories.parent(store, pupil)
    other_parent = factories.parent(store, factories.pupil(store, other))
    item_id = add_item(
        empty_app, pupil.id, "kwaliteiten-top3", VALUES, group=8, shared=True, status="klaar"
    )
    at = datetime.combine(planning.local_now().date() - timedelta(days=3), datetime.min.time())
    with store.school.transaction() as db:
        talk_id = planning.create_conversation(
            db, pupil.id, "voortgangsgesprek", at.replace(hour=15), "", teacher.id
        )
    admin = factories.admin(store)
    return World(
        empty_app, teacher, other_teacher, admin, pupil, parent, other_parent, item_id, talk_id
    )


def log(w: World) -> list[access_log.Access]:
    return access_log.entries(w.app.state.rugzak.store, w.pupil.id)


# (who, address, what is recorded): every page that shows this pupil's content to an adult.
VIEWS = [
    ("teacher", "/leraar/leerling/{p}/rugzak", "portfolio"),
    ("teacher", "/leraar/leerling/{p}/item/{i}", "item"),
    ("teacher", "/leraar/leerling/{p}/gesprek/{t}", "talk"),
    ("teacher", "/leraar/leerling/{p}/advies", "advice"),
    ("teacher", "/leraar/leerling/{p}/scholen", "schools"),
    ("teacher", "/print/leerling/{p}/item/{i}", "item"),
    ("admin", "/print/leerling/{p}/boekje", "portfolio"),
    ("admin", "/leraar/leerling/{p}/rugzak", "portfolio"),
    ("parent", "/ouder/kind/{p}", "portfolio"),
    ("parent", "/ouder/kind/{p}/item/{i}", "item"),
    ("parent", "/ouder/kind/{p}/opdracht/{i}", "assignment"),
    ("parent", "/ouder/kind/{p}/afspraken", "talk"),
    ("parent", "/ouder/kind/{p}/advies", "advice"),
    ("parent", "/ouder/kind/{p}/scholen", "schools"),
]


def client_for(w: World, clients: Clients, who: str):
    if who == "parent":
        return clients.parent(w.parent), w.parent
    person = w.admin if who == "admin" else w.teacher
    return clients.staff(person), person


@pytest.mark.parametrize(("who", "path", "what"), VIEWS)
def test_each_kind_of_view_is_recorded(
    world: World, empty_clients: Clients, who: str, path: str, what: str
) -> None:
    client, person = client_for(world, empty_clients, who)
    url = path.format(p=world.pupil.id, i=world.item_id, t=world.talk_id)
    assert client.get(url).status_code == 200
    rows = log(world)
    assert len(rows) == 1, rows
    row = rows[0]
    assert (row["who"], row["who_id"], row["name"], row["what"]) == (
        who,
        person.id,
        person.name,
        what,
    )
    assert datetime.fromisoformat(row["at"]) <= datetime.now(UTC)


def test_one_visit_is_one_row_and_a_kept_page_is_recorded_too(
    world: World, empty_clients: Clients, monkeypatch: pytest.MonkeyPatch
) -> None:
    teacher = empty_clients.staff(world.teacher)
    url = f"/leraar/leerling/{world.pupil.id}/rugzak"
    for _ in range(3):  # the same visit: one row, and the page built once
        assert teacher.get(url).status_code == 200
    assert [r["what"] for r in log(world)] == ["portfolio"]
    cache = world.app.state.portfolio_pages
    assert len(cache._pages) == 1
    # With the visit over, the next view is a new row, though its page may come from the
    # cache (here the row itself makes it new: the pupil file's version is in the key).
    monkeypatch.setattr(access_log, "SAME_VISIT", timedelta(0))
    assert teacher.get(url).status_code == 200
    assert [r["what"] for r in log(world)] == ["portfolio", "portfolio"]
    monkeypatch.setattr(access_log, "SAME_VISIT", timedelta(minutes=10))
    kept = len(cache._pages)
    assert teacher.get(url).status_code == 200  # the same visit again: kept, no row
    assert len(cache._pages) == kept and len(log(world)) == 2


def test_the_pupil_herself_is_not_recorded(world: World, empty_clients: Clients) -> None:
    pupil = empty_clients.pupil(world.pupil)
    assert pupil.get("/api/mij").status_code == 200
    assert pupil.get(f"/print/leerling/{world.pupil.id}/boekje").status_code == 200
    assert pupil.get("/leerling/scholen").status_code == 200
    assert log(world) == []


def test_a_recorded_view_changes_nothing_a_page_or_tablet_keeps(
    world: World, empty_clients: Clients
) -> None:
    """The row is durable, but the pupil file's version (in every kept page's key and in her
    tablet's snapshot ETag) stays: a teacher looking does not make her tablet fetch again."""
    pupil_file = world.app.state.rugzak.store.pupil(world.pupil.id)
    tablet = empty_clients.pupil(world.pupil)
    etag = tablet.get("/api/mij").headers["etag"]
    version = pupil_file.version
    teacher = empty_clients.staff(world.teacher)
    assert teacher.get(f"/leraar/leerling/{world.pupil.id}/item/{world.item_id}").status_code == 200
    assert [row["what"] for row in log(world)] == ["item"]
    assert pupil_file.version == version
    assert tablet.get("/api/mij", headers={"If-None-Match": etag}).status_code == 304


def test_the_admin_reads_the_log_newest_first(world: World, empty_clients: Clients) -> None:
    empty_clients.staff(world.teacher).get(f"/leraar/leerling/{world.pupil.id}/rugzak")
    empty_clients.parent(world.parent).get(f"/ouder/kind/{world.pupil.id}/item/{world.item_id}")
    admin = empty_clients.staff(world.admin)
    page = admin.get(f"/beheer/leerling/{world.pupil.id}/inzage")
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    text = page.text
    assert world.teacher.name in text and world.parent.name in text
    assert text.index(world.parent.name) < text.index(world.teacher.name)  # newest first
    assert "Een blad uit de Rugzak" in text and "De Rugzak (overzicht)" in text
    assert "Ouder of verzorger" in text and "Leerkracht" in text
    # The admin's link sits on the pupil's page; her teacher does not get it.
    assert (
        f"/beheer/leerling/{world.pupil.id}/inzage"
        in admin.get(f"/leraar/leerling/{world.pupil.id}").text
    )
    teacher = empty_clients.staff(world.teacher)
    assert "/inzage" not in teacher.get(f"/leraar/leerling/{world.pupil.id}").text
    assert teacher.get(f"/beheer/leerling/{world.pupil.id}/inzage").status_code == 403


def test_the_parent_sees_who_looked_in_her_language(world: World, empty_clients: Clients) -> None:
    empty_clients.staff(world.teacher).get(f"/leraar/leerling/{world.pupil.id}/advies")
    parent = empty_clients.parent(world.parent)
    assert (
        f"/ouder/kind/{world.pupil.id}/bekeken" in parent.get(f"/ouder/kind/{world.pupil.id}").text
    )
    page = parent.get(f"/ouder/kind/{world.pupil.id}/bekeken")
    assert page.status_code == 200
    assert world.teacher.name in page.text and "Het schooladvies" in page.text
    assert "Wie keek in de Rugzak van" in page.text
    parent.post("/taal", data={"lang": "en"})
    english = parent.get(f"/ouder/kind/{world.pupil.id}/bekeken")
    assert "Who looked in" in english.text and "The school advice" in english.text


def test_others_cannot_read_the_log(world: World, empty_clients: Clients) -> None:
    url = f"/ouder/kind/{world.pupil.id}/bekeken"
    assert empty_clients.parent(world.other_parent).get(url).status_code == 404
    assert empty_clients.staff(world.other_teacher).get(url).status_code == 403
    admin_url = f"/beheer/leerling/{world.pupil.id}/inzage"
    assert empty_clients.staff(world.other_teacher).get(admin_url).status_code == 403
    assert empty_clients.parent(world.parent).get(admin_url).status_code == 404
    # Nor does a teacher of another class leave a row by trying her pages.
    other = empty_clients.staff(world.other_teacher)
    assert other.get(f"/leraar/leerling/{world.pupil.id}/rugzak").status_code == 403
    assert log(world) == []


def test_deleting_the_child_removes_her_log(world: World, empty_clients: Clients) -> None:
    store = world.app.state.rugzak.store
    empty_clients.parent(world.parent).get(f"/ouder/kind/{world.pupil.id}")
    assert log(world)
    folder = store.pupil_folder(world.pupil.id)
    store.pupil(world.pupil.id).compact()  # the log's rows in a file of their own
    assert (folder / f"portfolio.{access_log.LOG}.jsonl").exists() or any(
        access_log.LOG in p.name for p in folder.iterdir()
    )
    deletion.delete_pupil(store, world.pupil.id, typed_name=None, why="beheer", by=world.admin.id)
    assert not folder.exists()
    data = world.app.state.rugzak.settings.data_dir
    assert not [
        p for p in data.rglob("*") if p.is_file() and world.pupil.id.encode() in p.read_bytes()
    ]
