"""Holding a conversation: only the pupil's own teacher writes the agreements; the pupil and a
parent mark akkoord (kept with time and who); the next conversation opens with them."""

from __future__ import annotations

from datetime import datetime, timedelta

from server.domain import advice, agreements, planning, school
from tests import factories

NOOR = "Noor Bakker"  # groep 6, juf Sanne's class; moeder.noor is her mother
EMMA = "Emma de Vries"  # groep 8, meester Youssef's class


def plan(app, pupil_id: str, days: int, kind: str = "voortgangsgesprek") -> str:
    at = datetime.combine(planning.local_now().date() + timedelta(days=days), datetime.min.time())
    with app.state.rugzak.store.school.transaction() as db:
        return planning.create_conversation(db, pupil_id, kind, at.replace(hour=15), "", "s_x")


def talk_url(pupil_id: str, conversation_id: str) -> str:
    return f"/leraar/leerling/{pupil_id}/gesprek/{conversation_id}"


AGREED = {
    "actie": "afspraken",
    "werken": "Ik ga elke dag tien minuten lezen.",
    "zelf": "Ik kies zelf een boek in de bieb.",
    "hulp": "Mijn zus.",
    "ouder": "Mama leest 's avonds mee.",
    "leerkracht": "Juf geeft tips voor boeken.",
    "contact": "Via Rugzak.",
}


def test_the_teacher_holds_the_talk_with_the_guide_and_writes_agreements(app, clients, demo):
    noor = demo.pupil_ids[NOOR]
    first = plan(app, noor, -30)
    teacher = clients.staff("juf.sanne")
    page = teacher.get(talk_url(noor, first))
    assert page.status_code == 200
    assert (
        "Gespreksleidraad" in page.text and "Waaraan ga je werken de komende periode?" in page.text
    )
    bad = teacher.post(talk_url(noor, first), data={"actie": "afspraken"})
    assert bad.status_code == 400 and "waaraan de leerling gaat werken" in bad.text
    r = teacher.post(talk_url(noor, first), data=AGREED, follow_redirects=False)
    assert r.status_code == 303
    stored = agreements.of(app.state.rugzak.store.pupil(noor), first)
    assert stored["values"]["werken"] == AGREED["werken"] and stored["kind"] == "voortgangsgesprek"
    # The private note stays in the school file, never in the child's portfolio.
    teacher.post(
        talk_url(noor, first), data={"actie": "notitie", "notitie": "Begin met haar tekening."}
    )
    with app.state.rugzak.store.school.transaction() as db:
        assert planning.get_conversation(db, first)["note"] == "Begin met haar tekening."
    assert "Begin met haar tekening" not in str(
        agreements.all_of(app.state.rugzak.store.pupil(noor))
    )


def test_only_her_own_teacher_writes_and_others_get_403_or_404(app, clients, demo, settings):
    noor = demo.pupil_ids[NOOR]
    first = plan(app, noor, -30)
    other = clients.staff("meester.youssef")  # teaches groups 7 and 8, not Noor's group 6
    assert other.get(talk_url(noor, first)).status_code == 403
    assert other.post(talk_url(noor, first), data=AGREED).status_code == 403
    assert agreements.of(app.state.rugzak.store.pupil(noor), first) is None
    # A conversation of another pupil is not reachable through Noor's address.
    emma_talk = plan(app, demo.pupil_ids[EMMA], -5)
    assert clients.staff("juf.sanne").get(talk_url(noor, emma_talk)).status_code == 404
    # A parent of another child: 404, nothing stored.
    mother = clients.parent("moeder.noor")
    assert mother.get(f"/ouder/kind/{demo.pupil_ids[EMMA]}/afspraken").status_code == 404
    r = mother.post(
        f"/ouder/kind/{demo.pupil_ids[EMMA]}/afspraken",
        data={"actie": "akkoord", "gesprek": emma_talk},
    )
    assert r.status_code == 404


def test_marks_are_kept_with_time_and_who_and_a_change_asks_again(app, clients, demo):
    noor = demo.pupil_ids[NOOR]
    first = plan(app, noor, -30)
    teacher = clients.staff("juf.sanne")
    teacher.post(talk_url(noor, first), data=AGREED)
    teacher.post(talk_url(noor, first), data={"actie": "akkoord-pupil"})
    mother = clients.parent("moeder.noor")
    page = mother.get(f"/ouder/kind/{noor}/afspraken")
    assert page.status_code == 200 and "Ik ga elke dag tien minuten lezen." in page.text
    r = mother.post(
        f"/ouder/kind/{noor}/afspraken",
        data={"actie": "akkoord", "gesprek": first},
        follow_redirects=False,
    )
    assert r.status_code == 303
    mother.post(
        f"/ouder/kind/{noor}/afspraken",
        data={"actie": "ervaring", "gesprek": first, "gezicht": "blij", "zin": "Fijn gesprek!"},
    )
    stored = agreements.of(app.state.rugzak.store.pupil(noor), first)
    with app.state.rugzak.store.school.transaction() as db:
        mother_id = school.adult_by_username(db, "moeder.noor")["id"]
    assert stored["marks"]["pupil"]["where"] == "bij de leerkracht"
    assert stored["marks"]["parent"]["by"] == mother_id
    assert stored["marks"]["parent"]["where"] == "eigen telefoon"
    assert stored["marks"]["parent"]["at"].startswith(str(datetime.now().year))
    assert agreements.agreed_by_all(stored)
    assert stored["experience"]["parent"] == {
        "face": "blij",
        "text": "Fijn gesprek!",
        "by": mother_id,
    }
    # The teacher changes the text: both are asked again.
    teacher.post(talk_url(noor, first), data={**AGREED, "werken": "Elke dag twintig minuten."})
    assert agreements.of(app.state.rugzak.store.pupil(noor), first)["marks"] == {}
    # A face the page does not offer is refused in the parent's language.
    mother.post("/taal", data={"lang": "en", "terug": "/ouder"})
    r = mother.post(
        f"/ouder/kind/{noor}/afspraken",
        data={"actie": "ervaring", "gesprek": first, "gezicht": "boos"},
    )
    assert r.status_code == 400 and "Choose how you found the conversation." in r.text


def test_the_next_conversation_opens_with_the_earlier_agreements(app, clients, demo):
    noor = demo.pupil_ids[NOOR]
    first, second = plan(app, noor, -30), plan(app, noor, 2)
    teacher = clients.staff("juf.sanne")
    teacher.post(talk_url(noor, first), data=AGREED)
    page = teacher.get(talk_url(noor, second))
    assert "Eerst terugkijken" in page.text and AGREED["werken"] in page.text
    r = teacher.post(
        talk_url(noor, second), data={"actie": "terugblik", "uitkomst": "een-beetje"},
        follow_redirects=False,
    )  # fmt: skip
    assert r.status_code == 303
    earlier = agreements.of(app.state.rugzak.store.pupil(noor), first)
    assert earlier["outcome"]["value"] == "een-beetje" and earlier["outcome"]["in"] == second
    # The first conversation has nothing before it.
    assert "Eerst terugkijken" not in teacher.get(talk_url(noor, first)).text


def test_the_class_view_shows_per_pupil_where_the_conversations_stand(app, clients, demo):
    noor = demo.pupil_ids[NOOR]
    first = plan(app, noor, -30)
    teacher = clients.staff("juf.sanne")
    with app.state.rugzak.store.school.transaction() as db:
        class_id = school.get_pupil(db, noor)["class_id"]
    overview = f"/leraar/klas/{class_id}/gesprekken"

    def noor_row() -> str:
        page = teacher.get(overview).text
        start = page.index("Noor Bakker</td>")
        return page[start : page.index("</tr>", start)]

    assert "nog geen afspraken" in noor_row() and "geen tijd" in noor_row()
    past = (planning.local_now().date() - timedelta(days=1)).isoformat()
    teacher.post(talk_url(noor, first), data={**AGREED, "volgende": past})
    assert "wacht op akkoord" in noor_row() and "opvolgen" in noor_row()
    teacher.post(talk_url(noor, first), data={"actie": "akkoord-pupil"})
    teacher.post(talk_url(noor, first), data={"actie": "akkoord-parent", "naam": "Inge"})
    assert "akkoord" in noor_row() and "wacht op akkoord" not in noor_row()
    second = plan(app, noor, 3)
    row = noor_row()
    assert second in row and "opvolgen" not in row  # the follow-up is planned


def test_her_agreements_and_shared_advice_reach_her_tablet(app, clients, demo):
    noor = demo.pupil_ids[NOOR]
    first = plan(app, noor, -30)
    clients.staff("juf.sanne").post(talk_url(noor, first), data=AGREED)
    pupil = clients.pupil(NOOR)
    data = pupil.get("/api/mij").json()
    (made,) = data["agreements"]
    assert made["values"]["werken"] == AGREED["werken"] and made["kind"] == "voortgangsgesprek"
    assert made["agreed"] == []
    database = app.state.rugzak.store.pupil(noor)
    version = advice.write(
        database, "voorlopig", ["havo"], "Goed.", {k: "Goed." for k in advice.FACTORS},
        "s_t", "Juf",
    )  # fmt: skip
    assert "advice" not in pupil.get("/api/mij").json()  # not reviewed: not hers to see yet
    advice.review(database, version, "s_ib", "IB")
    (shared,) = pupil.get("/api/mij").json()["advice"]
    assert (shared["step"], shared["levels"], shared["label"]) == ("voorlopig", ["havo"], "havo")


def test_the_teacher_sees_what_she_chose_to_present_in_her_order(app, clients, demo):
    noor = demo.pupil_ids[NOOR]
    talk = plan(app, noor, 2)
    teacher = clients.staff("juf.sanne")
    assert "nog niets gekozen om te presenteren" in teacher.get(talk_url(noor, talk)).text
    second = factories.add_item(app, noor, "ervaring", {"_title": "Zwemles", "_present": 2})
    first = factories.add_item(app, noor, "ervaring", {"_title": "Voetbalclub", "_present": 1})
    factories.add_item(app, noor, "ervaring", {"_title": "Niet gekozen"})
    page = teacher.get(talk_url(noor, talk)).text
    assert page.index(first) < page.index(second) and "Niet gekozen" not in page
    assert page.index("Voetbalclub") < page.index("Zwemles")
    assert "zelf:" not in page  # she has not rated anything yet


def test_the_teacher_sees_how_she_rated_what_she_presented(app, clients, demo):
    noor = demo.pupil_ids[NOOR]
    talk = plan(app, noor, 2)
    factories.add_item(app, noor, "ervaring", {"_title": "Zwemles", "_present": 1})
    factories.add_item(
        app, noor, "ervaring", {"_title": "Voetbalclub", "_present": 2, "_rating": "niet-blij"}
    )
    page = clients.staff("juf.sanne").get(talk_url(noor, talk)).text
    presented = page[page.index("Zwemles") : page.index("Gespreksleidraad")]
    assert presented.count("zelf:") == 1
    assert presented.index("Voetbalclub") < presented.index("zelf: Nog lastig")
