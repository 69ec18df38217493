"""Conversation rounds over HTTP: the teacher opens one and plans a family on paper, a parent
chooses, moves and cancels on their phone, in their language; nobody reaches another child's."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest

from server.domain import notifications as tell
from server.domain import planning, rounds, school
from server.infra import push

NOOR = "Noor Bakker"  # groep 6, juf Sanne's class; moeder.noor is her mother


@pytest.fixture
def sent(monkeypatch) -> list[dict[str, Any]]:
    calls: list[dict[str, Any]] = []

    def record(app, people, event, title, body, url):
        calls.append({"people": list(people), "title": title, "body": body})
        return push.done(push.Report(sent=len(people)))

    monkeypatch.setattr(tell, "send", record)
    return calls


def day(n: int) -> str:
    return (planning.local_now().date() + timedelta(days=n)).isoformat()


def noor_class(app, demo) -> dict[str, Any]:
    with app.state.rugzak.store.school.transaction() as db:
        return school.get_class(db, school.get_pupil(db, demo.pupil_ids[NOOR])["class_id"])


def school_bytes(app) -> bytes:
    folder = app.state.rugzak.settings.data_dir
    return b"".join(p.read_bytes() for p in sorted(folder.glob("school.json*")))


def open_round(teacher, class_id: str, **over: str):
    form = {
        "kind": "voortgangsgesprek", "minutes": "15", "place": "Lokaal 6",
        "dag1": day(7), "van1": "15:00", "tot1": "16:00",
        "pauze_van1": "", "pauze_tot1": "", **over,
    }  # fmt: skip
    return teacher.post(f"/leraar/klas/{class_id}/gesprekken", data=form, follow_redirects=False)


def test_teacher_opens_a_round_and_the_class_is_told(app, clients, demo, sent) -> None:
    cls = noor_class(app, demo)
    teacher = clients.staff("juf.sanne")
    page = teacher.get(f"/leraar/klas/{cls['id']}/gesprekken")
    assert page.status_code == 200 and "Nieuwe gespreksronde" in page.text
    bad = open_round(teacher, cls["id"], minutes="30")
    assert bad.status_code == 400 and "10 tot 20 minuten" in bad.text
    r = open_round(teacher, cls["id"])
    assert r.status_code == 303
    plan = teacher.get(r.headers["location"])
    assert plan.status_code == 200
    assert plan.text.count('class="free"') == 4  # 15:00, 15:15, 15:30, 15:45
    assert sent and "kies een tijd" in sent[-1]["title"]
    with app.state.rugzak.store.school.transaction() as db:
        told = set(school.linked_adults(db, school.pupil_ids(db, cls["id"])))
    assert set(sent[-1]["people"]) == told


def test_parent_chooses_moves_and_cancels_on_the_phone(app, clients, demo, sent) -> None:
    cls = noor_class(app, demo)
    location = open_round(clients.staff("juf.sanne"), cls["id"]).headers["location"]
    round_id = location.rsplit("/", 1)[1]
    mother = clients.parent("moeder.noor")
    child = demo.pupil_ids[NOOR]
    page = mother.get(f"/ouder/kind/{child}/gesprek")
    assert page.status_code == 200 and "Kies een tijd" in page.text
    assert len(re.findall(r'name="slot" value="', page.text)) == 4
    first = f"{day(7)}T15:00"
    r = mother.post(
        f"/ouder/kind/{child}/gesprek",
        data={"actie": "boeken", "ronde": round_id, "slot": first, "taal": "tr", "tolk": "ja"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    done = mother.get(r.headers["location"])
    assert "Uw keuze is bewaard" in done.text and "U heeft om een tolk gevraagd" in done.text
    assert "bevestigd" in sent[-1]["title"]
    # The teacher sees language (its Dutch name) and interpreter; the parent home shows it.
    plan = clients.staff("juf.sanne").get(location)
    assert '<td>Turks <span class="badge warn">tolk nodig</span></td>' in plan.text
    with app.state.rugzak.store.school.transaction() as db:
        (talk,) = planning.conversations(db, child)
    assert talk["at"] == first and talk["kind"] == "voortgangsgesprek"
    # Moving: choosing another time replaces the first.
    mother.post(
        f"/ouder/kind/{child}/gesprek",
        data={"actie": "boeken", "ronde": round_id, "slot": f"{day(7)}T15:30"},
    )
    with app.state.rugzak.store.school.transaction() as db:
        assert list(rounds.bookings(db, round_id)) == [f"{day(7)}T15:30"]
        booking = rounds.bookings(db, round_id)[f"{day(7)}T15:30"]
    assert booking["language"] == "tr" and booking["interpreter"]  # kept when moving
    mother.post(
        f"/ouder/kind/{child}/gesprek",
        data={"actie": "afzeggen", "ronde": round_id, "slot": f"{day(7)}T15:30"},
    )
    with app.state.rugzak.store.school.transaction() as db:
        assert rounds.bookings(db, round_id) == {} and planning.conversations(db, child) == []


def test_a_taken_slot_is_told_plainly_in_the_parents_language(app, clients, demo) -> None:
    cls = noor_class(app, demo)
    teacher = clients.staff("juf.sanne")
    location = open_round(teacher, cls["id"]).headers["location"]
    round_id = location.rsplit("/", 1)[1]
    # The teacher gave 15:00 to another pupil of the class (a family without a phone).
    with app.state.rugzak.store.school.transaction() as db:
        other = next(p for p in school.pupils(db, cls["id"]) if p["id"] != demo.pupil_ids[NOOR])
    slot = f"{day(7)}T15:00"
    r = teacher.post(
        f"{location}/boeken", data={"pupil_id": other["id"], "slot": slot}, follow_redirects=False
    )
    assert r.status_code == 303
    slips = teacher.get(f"{location}/briefjes")
    assert slips.status_code == 200 and other["first_name"] in slips.text and "15:00" in slips.text
    mother = clients.parent("moeder.noor")
    mother.post("/taal", data={"lang": "en", "terug": "/ouder"})
    r = mother.post(
        f"/ouder/kind/{demo.pupil_ids[NOOR]}/gesprek",
        data={"actie": "boeken", "ronde": round_id, "slot": slot},
    )
    assert r.status_code == 400
    assert "Someone else has just chosen this time. Choose another time." in r.text
    assert 'lang="en"' in r.text and "Conversation about how your child is doing" in r.text


def test_another_childs_booking_page_and_slots_are_404(app, clients, demo) -> None:
    cls = noor_class(app, demo)
    location = open_round(clients.staff("juf.sanne"), cls["id"]).headers["location"]
    round_id = location.rsplit("/", 1)[1]
    mother = clients.parent("moeder.noor")
    emma = demo.pupil_ids["Emma de Vries"]
    assert mother.get(f"/ouder/kind/{emma}/gesprek").status_code == 404
    before = school_bytes(app)
    r = mother.post(
        f"/ouder/kind/{emma}/gesprek",
        data={"actie": "boeken", "ronde": round_id, "slot": f"{day(7)}T15:00"},
    )
    assert r.status_code == 404
    assert school_bytes(app) == before  # nothing written
    # A round of another class cannot be booked through one's own child either.
    other_teacher = clients.staff("meester.youssef")
    with app.state.rugzak.store.school.transaction() as db:
        emma_class = school.get_pupil(db, emma)["class_id"]
    other_round = open_round(other_teacher, emma_class).headers["location"].rsplit("/", 1)[1]
    r = mother.post(
        f"/ouder/kind/{demo.pupil_ids[NOOR]}/gesprek",
        data={"actie": "boeken", "ronde": other_round, "slot": f"{day(7)}T15:00"},
    )
    assert r.status_code == 404
    # Another teacher cannot see or plan juf Sanne's round.
    assert other_teacher.get(location).status_code == 403


def test_teacher_plans_a_family_and_a_second_conversation_on_paper(app, clients, demo) -> None:
    cls = noor_class(app, demo)
    noor = demo.pupil_ids[NOOR]
    teacher = clients.staff("juf.sanne")
    plan_url = open_round(teacher, cls["id"], tweede="ja").headers["location"]
    book = plan_url + "/boeken"
    first = teacher.post(book, data={"pupil_id": noor, "slot": f"{day(7)}T15:00"})
    assert first.status_code == 200 and "door u ingepland" in first.text
    # Separated parents: the page offers Noor a second time, and it is planned as such.
    assert 'id="tweede"' in first.text and f'id="slot-{noor}-2"' in first.text
    second = teacher.post(book, data={"pupil_id": noor, "slot": f"{day(7)}T15:30", "tweede": "ja"})
    assert second.status_code == 200 and "tweede gesprek</span>" in second.text
    assert 'id="tweede"' not in second.text  # two is the most
    # A taken slot: the planning again with the reason on top, a 400, nothing changed.
    before = school_bytes(app)
    taken = teacher.post(book, data={"pupil_id": noor, "slot": f"{day(7)}T15:00"})
    assert taken.status_code == 400 and rounds.MSG_TAKEN in taken.text
    assert school_bytes(app) == before
    with app.state.rugzak.store.school.transaction() as db:
        assert len(rounds.pupil_bookings(db, plan_url.rsplit("/", 1)[1], noor)) == 2


def test_without_the_teachers_consent_there_is_no_second_conversation(app, clients, demo) -> None:
    cls = noor_class(app, demo)
    noor = demo.pupil_ids[NOOR]
    teacher = clients.staff("juf.sanne")
    plan_url = open_round(teacher, cls["id"]).headers["location"]
    page = teacher.post(plan_url + "/boeken", data={"pupil_id": noor, "slot": f"{day(7)}T15:00"})
    assert 'id="tweede"' not in page.text
    refused = teacher.post(
        plan_url + "/boeken", data={"pupil_id": noor, "slot": f"{day(7)}T15:30", "tweede": "ja"}
    )
    assert refused.status_code == 400 and rounds.MSG_NO_SECOND in refused.text


def test_before_booking_opens_a_parent_is_told_when_in_their_language(app, clients, demo) -> None:
    from datetime import date

    from server.infra import dates

    cls = noor_class(app, demo)
    opens = day(3)
    location = open_round(
        clients.staff("juf.sanne"), cls["id"], open_dag=opens, open_tijd="19:00"
    ).headers["location"]
    mother = clients.parent("moeder.noor")
    mother.post("/taal", data={"lang": "en", "terug": "/ouder"})
    r = mother.post(
        f"/ouder/kind/{demo.pupil_ids[NOOR]}/gesprek",
        data={"actie": "boeken", "ronde": location.rsplit("/", 1)[1], "slot": f"{day(7)}T15:00"},
    )
    assert r.status_code == 400
    when = dates.weekday(date.fromisoformat(opens), "en")  # "Saturday, 5 December 2026"
    assert f"You cannot choose yet. You can from {when} at 19:00." in r.text
