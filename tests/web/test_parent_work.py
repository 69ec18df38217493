"""Parents at home: their part of a home assignment, compliments and activities to do
together. Stored as the parent's own documents in the pupil's file; both the pupil and the
teacher see them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from server.domain import contributions, portfolio
from server.domain.family import upcoming, waiting
from server.infra.store import stored as read_stored
from server.web.pictos import picto
from tests import factories
from tests.factories import add_item

SIGNER = "Parent Signer"  # the name a parent types under the signature

GOOD: dict[str, str] = {
    "ouder-kiest.1": "behulpzaam",
    "ouder-kiest.1.situatie": "Ze helpt thuis uit zichzelf met opruimen.",
    "ouder-kiest.2": "__eigen__",
    "ouder-kiest.2.eigen": "Dierenvriend",
    "ouder-kiest.2.situatie": "Ze zorgt elke dag voor de kat.",
    "ouder-vraag-1": "ja",
    "ouder-vraag-2": "ja",
    "ouder-vraag-3": "nee",
    "ouder-toelichting": "Leuke opdracht!",
    "ouder-rol": "moeder",
    "ouder-handtekening.naam": SIGNER,
    "ouder-handtekening.bevestigd": "ja",
}


def pupil_file(settings, pupil_id: str) -> dict[str, Any]:
    path = settings.data_dir / "pupils" / pupil_id / "portfolio.json"
    return read_stored(path)


def top3(app, pupil_id: str, item_id: str, *, shared: bool = True) -> str:
    values = {"kind-kiest.1": "sportief", "kind-kiest.1.situatie": "Ik voetbal elke week."}
    return add_item(
        app, pupil_id, "kwaliteiten-top3", values, item_id=item_id, group=6, shared=shared
    )


def url(pupil_id: str, item_id: str) -> str:
    return f"/ouder/kind/{pupil_id}/opdracht/{item_id}"


# No demo school here: a world built with tests/factories.py.


@dataclass(frozen=True)
class World:
    teacher: factories.Staff  # of groep 6
    pupil: factories.Pupil  # groep 6
    parent: factories.Adult  # the pupil's mother
    other_parent: factories.Adult  # of a pupil in another class
    two_homes: factories.Pupil  # groep 6, with a mother and a father in two households
    mother: factories.Adult
    father: factories.Adult


@pytest.fixture
def app(empty_app):
    return empty_app


@pytest.fixture
def clients(empty_clients):
    return empty_clients


@pytest.fixture
def world(app) -> World:
    store = app.state.rugzak.store
    teacher = factories.teacher(store)
    six = factories.school_class(store, group=6, teachers=(teacher,))
    pupil, two_homes = factories.pupil(store, six), factories.pupil(store, six)
    other = factories.pupil(store, factories.school_class(store, group=8))
    return World(
        teacher,
        pupil,
        factories.parent(store, pupil, relation="moeder"),
        factories.parent(store, other),
        two_homes,
        factories.parent(store, two_homes, relation="moeder"),
        factories.parent(store, two_homes, relation="vader"),
    )


@pytest.fixture
def child(world) -> str:
    return world.pupil.id


def test_waiting_list_shows_shared_assignments_without_signature(
    world, app, clients, child
) -> None:
    top3(app, child, "i_shared000001")
    top3(app, child, "i_private00001", shared=False)
    page = clients.parent(world.parent).get("/ouder")
    assert page.status_code == 200
    assert "Wacht op u" in page.text
    assert url(child, "i_shared000001") in page.text
    assert url(child, "i_private00001") not in page.text
    for link in ("/compliment", "/samen-doen", "/ouder/meldingen", f'href="/ouder/kind/{child}"'):
        assert link in page.text
    assert "data-read" in page.text


def test_parent_fills_and_signs_then_pupil_and_teacher_see_it(
    world, app, clients, child, settings
) -> None:
    item_id = top3(app, child, "i_fill00000001")
    parent = clients.parent(world.parent)
    form = parent.get(url(child, item_id))
    assert form.status_code == 200
    assert "Ik voetbal elke week." in form.text  # the child's answer, for context
    assert 'name="ouder-vraag-1"' in form.text and "<legend data-read>" in form.text
    assert 'name="kind-kiest.1"' not in form.text  # the child's own field is not a control
    assert str(picto("heart-handshake", cls="pict")) in form.text  # cards carry their pictogram

    r = parent.post(url(child, item_id), data=GOOD, follow_redirects=False)
    assert r.status_code == 303, r.text
    stored = pupil_file(settings, child)["parent_parts"]
    [doc] = stored.values()
    assert doc["item_id"] == item_id and doc["signed_at"]
    assert doc["values"]["ouder-kiest.2"] == "eigen:Dierenvriend"
    assert doc["values"]["ouder-handtekening"]["naam"] == SIGNER
    assert doc["values"]["ouder-handtekening"]["op"] == doc["signed_at"]
    history = pupil_file(settings, child)["history"].values()
    assert any(h["kind"] == "parent" and h["field"] == "ouder-vraag-3" for h in history)
    # the child's own answers are untouched
    item = portfolio.item(app.state.rugzak.store.pupil(child), item_id)
    assert item["values"]["kind-kiest.1"] == "sportief"
    assert "ouder-vraag-1" not in item["values"]

    # no longer waiting; listed as done
    home = parent.get("/ouder").text
    assert "Er wacht nu niets op u." in home and "Getekend door" in home

    # the pupil's device gets it
    mine = clients.pupil(world.pupil).get("/api/mij").json()
    [snap] = [i for i in mine["items"] if i["id"] == item_id]
    assert snap["parent_part"]["signed_at"] == doc["signed_at"]
    assert snap["parent_part"]["values"]["ouder-vraag-1"] == "ja"
    assert snap["parent_part"]["relation"] == "moeder"
    assert snap["parent_part"]["adult_name"] == world.parent.name

    # the teacher's and the parent's item views show it within the worksheet
    teacher = clients.staff(world.teacher).get(f"/leraar/leerling/{child}/item/{item_id}")
    assert teacher.status_code == 200
    assert "Dierenvriend" in teacher.text and "Getekend door" in teacher.text
    view = parent.get(f"/ouder/kind/{child}/item/{item_id}").text
    assert "Ze zorgt elke dag voor de kat." in view

    # saving again updates; history keeps the old value; the signing time stays
    again = {**GOOD, "ouder-vraag-3": "ja"}
    assert parent.post(url(child, item_id), data=again).status_code == 200
    [doc2] = pupil_file(settings, child)["parent_parts"].values()
    assert doc2["values"]["ouder-vraag-3"] == "ja"
    assert doc2["signed_at"] == doc["signed_at"]
    olds = [h for h in pupil_file(settings, child)["history"].values() if h.get("old") == "nee"]
    assert olds and olds[0]["field"] == "ouder-vraag-3"


def test_other_parents_and_teachers_cannot_open_or_save(
    world, app, clients, child, settings
) -> None:
    item_id = top3(app, child, "i_guard0000001")
    before = pupil_file(settings, child)
    other = clients.parent(world.other_parent)
    assert other.get(url(child, item_id)).status_code == 404
    assert other.post(url(child, item_id), data=GOOD).status_code == 404
    for path in ("compliment", "samen-doen"):
        r = other.post(f"/ouder/kind/{child}/{path}", data={"keuze": "eigen", "eigen": "x"})
        assert r.status_code == 404
    teacher = clients.staff(world.teacher)
    assert teacher.post(url(child, item_id), data=GOOD).status_code == 403
    assert teacher.get(url(child, item_id)).status_code == 403
    assert pupil_file(settings, child) == before


def test_unshared_or_without_parent_part_is_not_found(world, app, clients, child) -> None:
    private = top3(app, child, "i_private00002", shared=False)
    other = add_item(app, child, "ervaring", {}, item_id="i_ervaring0001", group=6, shared=True)
    parent = clients.parent(world.parent)
    assert parent.get(url(child, private)).status_code == 404
    assert parent.post(url(child, private), data=GOOD).status_code == 404
    assert parent.get(url(child, other)).status_code == 404
    assert parent.get(url(child, "i_nothere00000")).status_code == 404


def test_a_parent_cannot_write_the_childs_fields(world, app, clients, child, settings) -> None:
    item_id = top3(app, child, "i_child0000001")
    parent = clients.parent(world.parent)
    r = parent.post(url(child, item_id), data={**GOOD, "kind-kiest.1": "eerlijk"})
    assert r.status_code == 200  # saved, the child's field ignored
    [doc] = pupil_file(settings, child)["parent_parts"].values()
    assert "kind-kiest.1" not in doc["values"]
    item = portfolio.item(app.state.rugzak.store.pupil(child), item_id)
    assert item["values"]["kind-kiest.1"] == "sportief"
    # the store refuses it outright
    ws = app.state.rugzak.catalog.worksheets["kwaliteiten-top3"]
    with pytest.raises(contributions.Invalid) as e:
        contributions.clean_part(ws, {"kind-kiest.1": "eerlijk"})
    assert "kind-kiest.1" in e.value.errors


@pytest.mark.parametrize(
    "bad",
    [
        {"ouder-vraag-1": "misschien"},
        {"ouder-toelichting": "x" * 2001},
        {"ouder-kiest.1": "bestaat-niet"},
        {"ouder-handtekening.bevestigd": ""},  # a name without the tick
    ],
)
def test_invalid_values_are_refused_and_nothing_is_stored(
    world, app, clients, child, settings, bad
) -> None:
    item_id = top3(app, child, "i_invalid00001")
    before = pupil_file(settings, child)
    r = clients.parent(world.parent).post(url(child, item_id), data={**GOOD, **bad})
    assert r.status_code == 400
    assert "Er klopt nog iets niet" in r.text and 'class="error"' in r.text
    assert pupil_file(settings, child) == before


def test_compliment_and_activity_reach_the_pupil(world, app, clients, child, settings) -> None:
    parent = clients.parent(world.parent)
    page = parent.get(f"/ouder/kind/{child}/compliment")
    assert page.status_code == 200 and "Ik vind jou heel creatief" in page.text
    assert str(picto("bulb", cls="pict")) in page.text and "data-read" in page.text
    r = parent.post(
        f"/ouder/kind/{child}/compliment",
        data={"keuze": "creatief", "note": "Wat een mooie tekening!"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    own_words = {"keuze": "eigen", "eigen": "Jij bent top"}
    assert parent.post(f"/ouder/kind/{child}/compliment", data=own_words).status_code == 200
    page = parent.get(f"/ouder/kind/{child}/samen-doen")
    assert page.status_code == 200 and str(picto("building-bank", cls="pict")) in page.text
    r = parent.post(
        f"/ouder/kind/{child}/samen-doen",
        data={"keuze": "museum", "when": "2026-05-02"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    # refused: nothing chosen, unknown card, bad date
    before = pupil_file(settings, child)
    for path, data in (
        ("compliment", {"keuze": ""}),
        ("compliment", {"keuze": "onbekend"}),
        ("samen-doen", {"keuze": "museum", "when": "morgen"}),
        ("compliment", {"keuze": "creatief", "note": "x" * 501}),
    ):
        assert parent.post(f"/ouder/kind/{child}/{path}", data=data).status_code == 400
    assert pupil_file(settings, child) == before

    home = clients.pupil(world.pupil).get("/api/mij").json()["from_home"]
    assert [h["kind"] for h in home] == ["samen-doen", "compliment", "compliment"]
    activity, own, card = home
    assert activity["key"] == "museum" and activity["when"] == "2026-05-02"
    assert activity["icon"] == "building-bank"
    assert own["text"] == "Jij bent top" and own["label"] == "Jij bent top"
    assert card["label"] == "Ik vind jou heel creatief"
    assert card["note"] == "Wat een mooie tekening!"
    assert card["adult_name"] == world.parent.name and card["relation"] == "moeder"


def test_two_households_each_keep_their_own_part(app, clients, world, settings) -> None:
    sem = world.two_homes.id
    item_id = top3(app, sem, "i_twohomes0001")
    mother, father = clients.parent(world.mother), clients.parent(world.father)
    assert father.post(url(sem, item_id), data={**GOOD, "ouder-rol": "vader"}).status_code == 200
    home = mother.get("/ouder").text  # signed by the other linked adult: no longer waiting
    assert "Er wacht nu niets op u." in home and f"Getekend door {world.father.name}" in home
    unsigned = {k: v for k, v in GOOD.items() if not k.startswith("ouder-handtekening")}
    assert mother.post(url(sem, item_id), data=unsigned).status_code == 200
    parts = pupil_file(settings, sem)["parent_parts"]
    assert len(parts) == 2
    part = clients.pupil(world.two_homes).get("/api/mij").json()["items"][0]["parent_part"]
    assert part["relation"] == "vader" and part["signed_at"]


def test_waiting_and_upcoming_are_pure(app) -> None:
    from datetime import date

    catalog = app.state.rugzak.catalog
    steps = upcoming(catalog, 6, date(2026, 1, 15))
    assert len(steps) == 3
    assert all(s.type in ("thuisopdracht", "gesprek", "bijeenkomst") for s in steps)
    assert all(s.month not in (9, 10, 11, 12) for s in steps)
    item = {
        "id": "i_x",
        "worksheet": "kwaliteiten-top3",
        "created_at": "2026-01-01",
        "values": {"_shared": True},
    }
    signed = {"item_id": "i_x", "adult_id": "o_a", "signed_at": "2026-01-02"}
    assert waiting(catalog, [item], [], {"o_a"})[0]
    assert not waiting(catalog, [item], [signed], {"o_a"})[0]
    assert waiting(catalog, [item], [signed], {"o_b"})[0]  # an adult no longer linked


def test_a_compliment_notifies_the_other_household(app, clients, world, monkeypatch) -> None:
    from server.domain import notifications as tell

    sent: list[tuple] = []
    monkeypatch.setattr(
        tell, "send", lambda app, people, event, *rest: sent.append((sorted(people), event))
    )
    sem = world.two_homes.id
    r = clients.parent(world.mother).post(
        f"/ouder/kind/{sem}/compliment",
        data={"keuze": "", "eigen": "Wat goed gedaan!"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert sent == [([world.father.id], "compliment")]
