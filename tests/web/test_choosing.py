"""Choosing a secondary school over HTTP: the pupil and her parent build one list in order,
edits made at once never overwrite each other, the teacher only adds a remark, open days are
planned and reminded, and another child's list is 404."""

from __future__ import annotations

from datetime import datetime

from server.domain import advice, reminders, school, shortlist, vo_schools
from server.domain.vo_schools_duo import VoSchool
from tests.web.test_advice import FORM as ADVICE_FORM

EMMA = "Emma de Vries"  # groep 8, meester Youssef's class; moeder.emma is her mother


def catalogue(app) -> None:
    def school(code: str, name: str, levels: tuple[str, ...]) -> VoSchool:
        return VoSchool(code, name, "Straat", "1", "3011AA", "ROTTERDAM", "ROTTERDAM", "Openbaar",
                        "www.example.nl", "/".join(levels), levels)  # fmt: skip

    schools = [
        school("01AA00", "Erasmus College", ("havo", "vwo-atheneum")),
        school("02BB00", "Techniek Lyceum", ("vmbo-gt", "havo")),
        school("03CC00", "Groene Mavo", ("vmbo-bk", "vmbo-gt")),
    ]
    vo_schools.import_schools(app.state.rugzak.store.school, schools, None)
    vo_schools.update_by_hand(
        app.state.rugzak.store.school, "02BB00", profiles=["techniek"], concepts=["sport"],
        size="klein", days=[{"date": "2027-01-23", "time": "10:00", "place": "Aula"}],
        chosen_levels=["vmbo-gt", "havo"],
    )  # fmt: skip


def give_advice(clients, emma: str, app) -> None:
    clients.staff("meester.youssef").post(f"/leraar/leerling/{emma}/advies", data=ADVICE_FORM)
    version = advice.versions(app.state.rugzak.store.pupil(emma))[0]
    clients.staff("beheer").post(
        f"/leraar/leerling/{emma}/advies", data={"actie": "bekeken", "versie": version["id"]}
    )


def listed(app, emma: str) -> list[str]:
    return shortlist.read(app.state.rugzak.store.pupil(emma))["codes"]


def test_the_pupil_builds_the_list_and_the_parent_sees_and_orders_it(app, clients, demo):
    catalogue(app)
    emma = demo.pupil_ids[EMMA]
    give_advice(clients, emma, app)
    pupil = clients.pupil(EMMA)
    page = pupil.get("/leerling/scholen")
    assert page.status_code == 200
    # Her advice is vmbo-gt/havo: the school with both comes first, with its reasons.
    first = page.text.index("Techniek Lyceum")
    assert first < page.text.index("Erasmus College") < page.text.index("Groene Mavo")
    assert "heeft vmbo-gt" in page.text and "is een kleine school" in page.text
    for code in ("02BB00", "01AA00"):
        rev = shortlist.read(app.state.rugzak.store.pupil(emma))["rev"]
        r = pupil.post(
            "/leerling/scholen", data={"actie": "erbij", "school": code, "rev": rev},
            follow_redirects=False,
        )  # fmt: skip
        assert r.status_code == 303
    assert listed(app, emma) == ["02BB00", "01AA00"]
    mother = clients.parent("moeder.emma")
    page = mother.get(f"/ouder/kind/{emma}/scholen")
    assert page.status_code == 200
    assert page.text.index("Techniek Lyceum") < page.text.index("Erasmus College")
    rev = shortlist.read(app.state.rugzak.store.pupil(emma))["rev"]
    mother.post(
        f"/ouder/kind/{emma}/scholen", data={"actie": "hoger", "school": "01AA00", "rev": rev}
    )
    assert listed(app, emma) == ["01AA00", "02BB00"]


def test_two_edits_at_once_never_overwrite_each_other(app, clients, demo):
    catalogue(app)
    emma = demo.pupil_ids[EMMA]
    pupil, mother = clients.pupil(EMMA), clients.parent("moeder.emma")
    pupil.post("/leerling/scholen", data={"actie": "erbij", "school": "01AA00", "rev": 0})
    # The mother's page still showed revision 0: her change is refused, the list kept.
    r = mother.post(
        f"/ouder/kind/{emma}/scholen", data={"actie": "erbij", "school": "03CC00", "rev": 0}
    )
    assert r.status_code == 400 and "net door iemand anders veranderd" in r.text
    assert listed(app, emma) == ["01AA00"]


def test_open_days_are_planned_and_the_parent_is_reminded(app, clients, demo):
    catalogue(app)
    emma = demo.pupil_ids[EMMA]
    pupil = clients.pupil(EMMA)
    pupil.post("/leerling/scholen", data={"actie": "erbij", "school": "02BB00", "rev": 0})
    assert "Open dag" in pupil.get("/leerling/scholen").text
    pupil.post(
        "/leerling/scholen",
        data={"actie": "bezoek", "school": "02BB00", "datum": "2027-01-23", "tijd": "10:00"},
    )
    (visit,) = shortlist.visits(app.state.rugzak.store.school, emma)
    assert visit["at"] == "2027-01-23T10:00" and visit["name"] == "Techniek Lyceum"
    with app.state.rugzak.store.school.transaction() as db:
        messages = reminders.claim_reminders(db, datetime(2027, 1, 22, 12, 0))
        again = reminders.claim_reminders(db, datetime(2027, 1, 22, 12, 10))
    (message,) = [m for m in messages if "open dag" in m[2]]
    assert "Techniek Lyceum" in message[3] and message[0]  # the adults of Emma
    assert not [m for m in again if "open dag" in m[2]]  # once


def test_the_teacher_adds_a_remark_but_does_not_choose(app, clients, demo):
    catalogue(app)
    emma = demo.pupil_ids[EMMA]
    clients.pupil(EMMA).post(
        "/leerling/scholen", data={"actie": "erbij", "school": "01AA00", "rev": 0}
    )
    teacher = clients.staff("meester.youssef")
    r = teacher.post(
        f"/leraar/leerling/{emma}/scholen",
        data={"school": "01AA00", "opmerking": "Kijk ook naar de havo-brugklas."},
        follow_redirects=False,
    )
    assert r.status_code == 303
    stored = shortlist.read(app.state.rugzak.store.pupil(emma))
    assert stored["remarks"]["01AA00"]["text"] == "Kijk ook naar de havo-brugklas."
    assert stored["final"] == ""
    assert "Kijk ook naar de havo-brugklas." in clients.pupil(EMMA).get("/leerling/scholen").text
    overview = teacher.get(f"/leraar/klas/{_class_of(app, emma)}/advies")
    assert overview.status_code == 200 and "1 scholen" in overview.text


def test_another_childs_list_is_404_and_untouched(app, clients, demo):
    catalogue(app)
    emma = demo.pupil_ids[EMMA]
    stranger = clients.parent("moeder.noor")
    assert stranger.get(f"/ouder/kind/{emma}/scholen").status_code == 404
    r = stranger.post(
        f"/ouder/kind/{emma}/scholen", data={"actie": "erbij", "school": "01AA00", "rev": 0}
    )
    assert r.status_code == 404 and listed(app, emma) == []
    assert clients.staff("juf.sanne").get(f"/leraar/leerling/{emma}/scholen").status_code == 403


def _class_of(app, pupil_id: str) -> str:
    with app.state.rugzak.store.school.transaction() as db:
        return school.get_pupil(db, pupil_id)["class_id"]


def test_the_pupil_says_what_she_thinks_of_her_advice(app, clients, demo):
    emma = demo.pupil_ids[EMMA]
    pupil = clients.pupil(EMMA)
    r = pupil.post("/leerling/scholen", data={"actie": "mening", "mening": "Ik wil havo!"})
    assert r.status_code == 400 and "nog geen advies" in r.text  # nothing shared yet
    give_advice(clients, emma, app)
    r = pupil.post(
        "/leerling/scholen",
        data={"actie": "mening", "mening": "Ik wil graag naar de havo."},
        follow_redirects=False,
    )
    assert r.status_code == 303
    (version,) = advice.versions(app.state.rugzak.store.pupil(emma))
    (reaction,) = version["reactions"].values()
    assert (reaction["who"], reaction["kind"], reaction["note"]) == (
        "pupil",
        "mening",
        "Ik wil graag naar de havo.",
    )
    assert (
        "Ik wil graag naar de havo."
        in clients.staff("meester.youssef").get(f"/leraar/leerling/{emma}/advies").text
    )


def test_a_parent_reading_english_reads_the_reasons_in_english(app, clients, demo):
    catalogue(app)
    emma = demo.pupil_ids[EMMA]
    give_advice(clients, emma, app)
    mother = clients.parent("moeder.emma")
    mother.post("/taal", data={"lang": "en", "terug": "/ouder"})
    page = mother.get(f"/ouder/kind/{emma}/scholen").text
    assert "has vmbo-gt (pre-vocational, theoretical)" in page
    assert "is a small school" in page
    assert "heeft vmbo-gt" not in page and "is een kleine school" not in page
    assert "denomination: openbaar" in page  # DUO's own word stays as it comes
    # Her own page stays Dutch.
    assert "heeft vmbo-gt" in clients.pupil(EMMA).get("/leerling/scholen").text
