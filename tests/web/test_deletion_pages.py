"""The admin's pages: deleting one child after typing her name, the retention period and
what is due; the family's home tells them 30 days before."""

from __future__ import annotations

from datetime import timedelta

import pytest

from server.domain import retention, school
from server.domain.planning import local_now
from server.infra import dates
from tests import factories
from tests.helpers.clients import Clients


@pytest.fixture
def world(empty_app):
    store = empty_app.state.rugzak.store
    teacher = factories.teacher(store)
    cls = factories.school_class(store, group=8, teachers=(teacher,))
    pupil, other = factories.pupil(store, cls), factories.pupil(store, cls)
    return {
        "store": store,
        "admin": factories.admin(store),
        "teacher": teacher,
        "pupil": pupil,
        "parent": factories.parent(store, pupil),
        "other": other,
    }


def url(pupil) -> str:
    return f"/beheer/leerling/{pupil.id}/verwijderen"


def test_the_confirmation_names_the_child_and_a_wrong_name_changes_nothing(
    world, empty_clients: Clients, settings
) -> None:
    admin = empty_clients.staff(world["admin"])
    pupil = world["pupil"]
    name = f"{pupil.first_name} {pupil.last_name}"
    page = admin.get(url(pupil))
    assert page.status_code == 200
    assert f"Alles van {name} verwijderen" in page.text and 'name="name"' in page.text
    assert world["parent"].name in page.text  # her only adult goes with her
    before = (settings.data_dir / "school.json").read_bytes()
    r = admin.post(url(pupil), data={"name": pupil.first_name})
    assert r.status_code == 400 and "Typ de naam van het kind precies" in r.text
    assert (settings.data_dir / "school.json").read_bytes() == before


def test_typing_her_name_deletes_her(world, empty_clients: Clients, settings) -> None:
    admin = empty_clients.staff(world["admin"])
    pupil, parent = world["pupil"], empty_clients.parent(world["parent"])
    assert parent.get("/ouder").status_code == 200
    tablet = empty_clients.pupil(pupil)
    assert tablet.get("/api/mij").status_code == 200
    name = f"{pupil.first_name.upper()} {pupil.last_name}"
    r = admin.post(url(pupil), data={"name": name}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/beheer/bewaartermijn?verwijderd=1"
    done = admin.get(r.headers["location"]).text
    assert "Alles van het kind is verwijderd." in done and pupil.first_name not in done
    with world["store"].school.transaction() as db:
        assert school.get_pupil(db, pupil.id) is None
        assert school.get_pupil(db, world["other"].id) is not None
    assert parent.get("/ouder", follow_redirects=False).status_code == 303  # signed out
    assert tablet.get("/api/mij").status_code == 401  # her tablet's sign-in ended too
    assert not (settings.data_dir / "pupils" / pupil.id).exists()
    assert admin.get(url(pupil)).status_code == 404


def test_retention_page_sets_the_period_and_shows_what_is_due(
    world, empty_clients: Clients
) -> None:
    store, pupil = world["store"], world["pupil"]
    today = local_now().date()
    with store.school.transaction() as db:
        school.update_pupil(db, pupil.id, left_on=(today - timedelta(days=40)).isoformat())
    admin = empty_clients.staff(world["admin"])
    page = admin.get("/beheer/bewaartermijn").text
    assert 'value="12"' in page and pupil.first_name in page and url(pupil) in page
    assert world["other"].first_name not in page  # still at school
    r = admin.post("/beheer/bewaartermijn", data={"months": "0"})
    assert r.status_code == 400 and retention.BAD_MONTHS in r.text
    r = admin.post("/beheer/bewaartermijn", data={"months": "2"}, follow_redirects=False)
    assert r.status_code == 303
    assert 'value="2"' in admin.get("/beheer/bewaartermijn").text


def test_the_family_home_tells_them_30_days_before(world, empty_clients: Clients) -> None:
    store, pupil = world["store"], world["pupil"]
    parent = empty_clients.parent(world["parent"])
    today = local_now().date()
    with store.school.transaction() as db:  # due in 40 days: not yet
        left = retention.add_months(today + timedelta(days=40), -12)
        school.update_pupil(db, pupil.id, left_on=left.isoformat())
    assert "wordt verwijderd" not in parent.get("/ouder").text
    with store.school.transaction() as db:  # due in 20 days
        left = retention.add_months(today + timedelta(days=20), -12)
        school.update_pupil(db, pupil.id, left_on=left.isoformat())
    due = dates.day(retention.add_months(left, 12), "nl")
    home = parent.get("/ouder").text
    assert f"Rugzak van {pupil.first_name} wordt verwijderd" in home and due in home


def test_only_the_admin_is_offered_the_deletion_on_the_pupils_page(world, empty_clients) -> None:
    page = f"/leraar/leerling/{world['pupil'].id}"
    assert url(world["pupil"]) in empty_clients.staff(world["admin"]).get(page).text
    teacher_page = empty_clients.staff(world["teacher"]).get(page)
    assert teacher_page.status_code == 200 and url(world["pupil"]) not in teacher_page.text
