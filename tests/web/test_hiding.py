"""A teacher keeps an item from the family: the family's pages and photos leave it out, the
pupil is told (never why), only her own teacher or an admin may do it, and history says
who and when."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from server.domain import hiding, portfolio
from tests import factories
from tests.factories import add_item
from tests.helpers.clients import Clients

REASON = "Gaat over een ruzie met een klasgenoot; eerst bespreken met intern begeleider."


@dataclass(frozen=True)
class World:
    app: Any
    teacher: factories.Staff
    other_teacher: factories.Staff
    admin: factories.Staff
    pupil: factories.Pupil
    parent: factories.Adult
    item_id: str


@pytest.fixture
def world(empty_app) -> World:
    store = empty_app.state.rugzak.store
    teacher, other_teacher = factories.teacher(store), factories.teacher(store)
    six = factories.school_class(store, group=6, teachers=(teacher,))
    factories.school_class(store, group=8, teachers=(other_teacher,))
    pupil = factories.pupil(store, six)
    parent = factories.parent(store, pupil)
    values = {"kind-kiest.1": "sportief", "kind-kiest.1.situatie": "Ik voetbal elke week."}
    item_id = add_item(
        empty_app, pupil.id, "kwaliteiten-top3", values, item_id="i_top300000001", group=6,
        shared=True,
    )  # fmt: skip
    return World(empty_app, teacher, other_teacher, factories.admin(store), pupil, parent, item_id)


def files(folder: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def hide_url(w: World, what: str = "verbergen") -> str:
    return f"/leraar/leerling/{w.pupil.id}/item/{w.item_id}/{what}"


def stored_item(w: World) -> dict[str, Any]:
    return portfolio.item(w.app.state.rugzak.store.pupil(w.pupil.id), w.item_id) or {}


def test_teacher_hides_with_a_reason_and_the_family_home_leaves_it_out(
    world: World, empty_clients: Clients
) -> None:
    parent = empty_clients.parent(world.parent)
    opdracht = f"/ouder/kind/{world.pupil.id}/opdracht/{world.item_id}"
    assert opdracht in parent.get("/ouder").text  # waiting for the family before

    teacher = empty_clients.staff(world.teacher)
    page = teacher.get(f"/leraar/leerling/{world.pupil.id}/item/{world.item_id}").text
    assert "Verbergen voor ouders" in page and 'name="reason"' in page
    r = teacher.post(hide_url(world), data={"reason": REASON}, follow_redirects=False)
    assert r.status_code == 303

    hidden = stored_item(world)[hiding.HIDDEN]
    assert hidden["reason"] == REASON and hidden["by"] == world.teacher.id
    page = teacher.get(r.headers["location"]).text
    assert "Verborgen voor ouders" in page and REASON in page and "Weer tonen" in page
    home = parent.get("/ouder").text
    assert opdracht not in home and REASON not in home


def test_the_pupil_is_told_but_not_why(world: World, empty_clients: Clients) -> None:
    empty_clients.staff(world.teacher).post(hide_url(world), data={"reason": REASON})
    mine = empty_clients.pupil(world.pupil).get("/api/mij")
    [item] = [i for i in mine.json()["items"] if i["id"] == world.item_id]
    assert item["hidden"] is True
    assert REASON not in mine.text and world.teacher.id not in mine.text


def test_a_photo_of_a_hidden_item_is_not_for_the_family(world: World) -> None:
    from server.domain import pupil_device

    store = world.app.state.rugzak.store
    photo_item = add_item(
        world.app, world.pupil.id, "ervaring", {"fotos": [factories.PHOTO]}, shared=True
    )
    assert pupil_device.in_shared_item(store, world.pupil.id, factories.PHOTO)
    by = hiding.Staffer(world.teacher.id, world.teacher.name, "teacher")
    hiding.hide(store, world.pupil.id, photo_item, REASON, by, lambda p: True)
    assert not pupil_device.in_shared_item(store, world.pupil.id, factories.PHOTO)


def test_the_family_gets_404_on_the_direct_url_and_no_row(
    world: World, empty_clients: Clients
) -> None:
    empty_clients.staff(world.teacher).post(hide_url(world), data={"reason": REASON})
    parent = empty_clients.parent(world.parent)
    assert parent.get(f"/ouder/kind/{world.pupil.id}/item/{world.item_id}").status_code == 404
    assert world.item_id not in parent.get(f"/ouder/kind/{world.pupil.id}").text


def test_showing_again_and_history_says_who_and_when(world: World, empty_clients: Clients) -> None:
    teacher = empty_clients.staff(world.teacher)
    teacher.post(hide_url(world), data={"reason": REASON})
    admin = empty_clients.staff(world.admin)
    assert admin.post(hide_url(world, "tonen"), follow_redirects=False).status_code == 303
    assert hiding.HIDDEN not in stored_item(world)
    parent = empty_clients.parent(world.parent)
    assert f"/opdracht/{world.item_id}" in parent.get("/ouder").text
    rows = portfolio.history(world.app.state.rugzak.store.pupil(world.pupil.id), world.item_id)
    marks = [(r["kind"], r["by"]) for r in rows if r["field"] == hiding.FIELD]
    assert marks == [("hide", world.teacher.id), ("show", world.admin.id)]
    assert all(r["at"] for r in rows)


def test_only_her_own_teacher_or_an_admin_and_a_reason_is_required(
    world: World, empty_clients: Clients, settings
) -> None:
    folder = settings.data_dir / "pupils" / world.pupil.id
    before = files(folder)
    other = empty_clients.staff(world.other_teacher)
    assert other.post(hide_url(world), data={"reason": REASON}).status_code == 403
    parent = empty_clients.parent(world.parent)
    assert parent.post(hide_url(world), data={"reason": REASON}).status_code == 404
    pupil = empty_clients.pupil(world.pupil)
    assert pupil.post(hide_url(world), data={"reason": REASON}).status_code == 404
    teacher = empty_clients.staff(world.teacher)
    r = teacher.post(hide_url(world), data={"reason": "   "})
    assert r.status_code == 400 and "Schrijf op waarom" in r.text
    unknown = hide_url(world).replace(world.item_id, "i_unknown00000")
    assert teacher.post(unknown, data={"reason": REASON}).status_code == 404
    assert files(folder) == before
