"""Parents of a child who left the school (``left_on``, server/domain/rollover.py) still read
and keep her Rugzak, but add nothing more: no compliment, no activity, no part of a home
assignment, no reaction to the advice or the agreements. Refused with a friendly message
and 403; her file is untouched."""

from __future__ import annotations

from pathlib import Path

import pytest

from server.domain import contributions, school
from tests import factories
from tests.factories import add_item
from tests.helpers.clients import Clients
from tests.web.test_parent_work import GOOD

LEFT = "Dit kind is van school af."


@pytest.fixture
def left(empty_app) -> tuple[factories.Pupil, factories.Adult, str]:
    store = empty_app.state.rugzak.store
    eight = factories.school_class(store, group=8, teachers=(factories.teacher(store),))
    pupil = factories.pupil(store, eight)
    parent = factories.parent(store, pupil)
    values = {"kind-kiest.1": "sportief", "kind-kiest.1.situatie": "Ik voetbal elke week."}
    item_id = add_item(empty_app, pupil.id, "kwaliteiten-top3", values, group=8, shared=True)
    with store.school.transaction() as db:  # as the new school year's rollover leaves her
        school.update_pupil(db, pupil.id, class_id="", disabled=True, left_on="2026-07-10")
    return pupil, parent, item_id


def files(folder: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_family_of_a_child_who_left_reads_but_adds_nothing(
    left, empty_clients: Clients, settings
) -> None:
    pupil, parent, item_id = left
    mother = empty_clients.parent(parent)
    assert mother.get(f"/ouder/kind/{pupil.id}").status_code == 200
    assert mother.get(f"/ouder/kind/{pupil.id}/item/{item_id}").status_code == 200
    for page in ("advies", "afspraken", "bekeken", "overdracht"):  # reading stays open
        assert mother.get(f"/ouder/kind/{pupil.id}/{page}").status_code == 200, page
    home = mother.get("/ouder").text
    assert f"/ouder/kind/{pupil.id}/compliment" not in home
    assert f"/ouder/kind/{pupil.id}/samen-doen" not in home
    form = mother.get(f"/ouder/kind/{pupil.id}/opdracht/{item_id}")
    assert form.status_code == 200 and LEFT in form.text and "Bewaren</button>" not in form.text
    before = files(settings.data_dir / "pupils" / pupil.id)
    for path, data in (
        (f"/ouder/kind/{pupil.id}/opdracht/{item_id}", GOOD),
        (f"/ouder/kind/{pupil.id}/compliment", {"keuze": "creatief"}),
        (f"/ouder/kind/{pupil.id}/samen-doen", {"keuze": "museum", "when": "2026-08-02"}),
        # reactions: signing the advice, agreeing with agreements
        (f"/ouder/kind/{pupil.id}/advies", {"actie": "akkoord", "versie": "v_x", "naam": "M"}),
        (f"/ouder/kind/{pupil.id}/afspraken", {"actie": "akkoord", "gesprek": "g_x"}),
    ):
        r = mother.post(path, data=data, follow_redirects=False)
        assert r.status_code == 403 and LEFT in r.text, path
    for path in (f"/ouder/kind/{pupil.id}/compliment", f"/ouder/kind/{pupil.id}/samen-doen"):
        r = mother.get(path)
        assert r.status_code == 403 and LEFT in r.text
    assert files(settings.data_dir / "pupils" / pupil.id) == before
    store = empty_clients.app.state.rugzak.store
    assert contributions.from_home(store.pupil(pupil.id)) == []


def test_the_refusal_is_in_the_parents_language(left, empty_clients: Clients) -> None:
    pupil, parent, _ = left
    mother = empty_clients.parent(parent)
    mother.post("/taal", data={"lang": "en"})
    r = mother.post(f"/ouder/kind/{pupil.id}/compliment", data={"keuze": "creatief"})
    assert r.status_code == 403 and "This child has left the school." in r.text
