"""Pages kept per version of the files they show (``page_cache.kept``) show every change at
once: a kept page is never older than the files it was built from."""

from __future__ import annotations

from server.domain import school
from tests.factories import add_item

NOOR = "Noor Bakker"  # groep 6, juf Sanne's class, parent moeder.noor
HOME_ASSIGNMENT = "kwaliteiten-top3"  # groep 6's home assignment, with a parent part


def _class_of(app, pupil_id: str) -> dict:
    with app.state.rugzak.store.school.transaction() as db:
        return school.get_class(db, school.get_pupil(db, pupil_id)["class_id"])


def test_the_parent_home_follows_the_childs_file_and_the_school_file(app, clients, demo):
    noor = demo.pupil_ids[NOOR]
    parent = clients.parent("moeder.noor")
    assert "Er wacht nu niets op u." in parent.get("/ouder").text
    item_id = add_item(app, noor, HOME_ASSIGNMENT, shared=True, group=6)
    page = parent.get("/ouder").text
    assert f"/ouder/kind/{noor}/opdracht/{item_id}" in page  # the child's file changed
    cls = _class_of(app, noor)
    sanne = clients.staff("juf.sanne")
    assert sanne.post(f"/leraar/klas/{cls['id']}/naam", data={"name": "De Dolfijnen"}).is_success
    assert "De Dolfijnen" in parent.get("/ouder").text  # the school file changed


def test_the_class_name_list_follows_the_school_file(app, clients, demo):
    cls = _class_of(app, demo.pupil_ids[NOOR])
    tablet = clients.anonymous()
    assert "Nieuwe L." not in tablet.get(f"/klas/{cls['code']}").text
    with app.state.rugzak.store.school.transaction() as db:
        school.create_pupil(db, "Nieuwe", "Leerling", cls["id"], "")
    assert "Nieuwe L." in tablet.get(f"/klas/{cls['code']}").text
    assert tablet.get("/klas/ONBEKEND").status_code == 404  # not found is never kept


def test_a_childs_portfolio_comes_in_the_language_the_parent_just_chose(app, clients, demo):
    """The kept portfolio page is kept per language (it was kept for the first language
    that asked, until the child changed something)."""
    noor = demo.pupil_ids[NOOR]
    parent = clients.parent("moeder.noor")
    assert '<html lang="nl"' in parent.get(f"/ouder/kind/{noor}").text
    r = parent.post("/taal", data={"lang": "en", "terug": "/ouder"}, follow_redirects=False)
    assert r.status_code == 303
    assert '<html lang="en"' in parent.get(f"/ouder/kind/{noor}").text
