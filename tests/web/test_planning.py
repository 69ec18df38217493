"""Home assignments and conversations: planning, who handed in what, pushes and reminders."""

from __future__ import annotations

import hashlib
import os
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from server.domain import assignments, planning, reminders, school, worksheet_ops
from server.domain import notifications as tell
from server.domain.portfolio import Actor
from server.infra import dates, push
from tests.helpers.push_service import Device, open_message, start_service, subscribe

SHEET = "kwaliteiten-top3"  # the thuisopdracht of groep 6
NOOR = "Noor Bakker"  # groep 6, juf Sanne's class


class Recorder:
    """Stands in for ``tell.send``: records every message instead of sending it."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    def __call__(self, app, person_ids, event, title, body, url):
        people = [person_ids] if isinstance(person_ids, str) else list(person_ids)
        self.calls.append(
            {"people": people, "event": event, "title": title, "body": body, "url": url}
        )
        return push.done(push.Report(sent=len(people)))


@pytest.fixture
def sent(monkeypatch) -> Recorder:
    recorder = Recorder()
    monkeypatch.setattr(tell, "send", recorder)
    return recorder


def db_of(app):
    return app.state.rugzak.store.school.transaction()


def class_of(app, demo, pupil_name: str) -> dict[str, Any]:
    with db_of(app) as db:
        pupil = school.get_pupil(db, demo.pupil_ids[pupil_name])
        return school.get_class(db, pupil["class_id"])


def adults_of_class(app, class_id: str) -> set[str]:
    with db_of(app) as db:
        pupils = {p["id"] for p in school.pupils(db, class_id)}
        return {link["adult_id"] for link in school.links(db) if link["pupil_id"] in pupils}


def adult_id(app, username: str) -> str:
    with db_of(app) as db:
        return school.adult_by_username(db, username)["id"]


def snapshot(data_dir: Path) -> dict[str, str]:
    return {
        str(p.relative_to(data_dir)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(data_dir.rglob("*.json"))
    }


def in_days(days: int) -> str:
    return (planning.local_now().date() + timedelta(days=days)).isoformat()


def stored_assignments(app, class_id: str | None = None) -> list[dict[str, Any]]:
    with db_of(app) as db:
        return planning.assignments(db, class_id)


def add_item(app, pupil_id: str, worksheet: str, status: str | None, group: int = 6) -> str:
    item_id = "i_" + os.urandom(6).hex()
    ops: list[dict[str, Any]] = [
        {"op_id": "op-c-" + item_id, "type": "create", "item_id": item_id, "worksheet": worksheet}
    ]
    if status:
        ops.append(
            {"op_id": "op-s-" + item_id, "type": "set", "item_id": item_id, "field": "_status",
             "value": status, "base_rev": 0}
        )  # fmt: skip
    rz = app.state.rugzak
    results = worksheet_ops.apply(
        rz.store.pupil(pupil_id), ops, Actor(pupil_id, "pupil"), rz.catalog, group, "2026-2027"
    )
    assert {r["status"] for r in results} == {"applied"}, results
    return item_id


# --- handing out ---------------------------------------------------------------------------


def test_handing_out_stores_and_tells_the_parents(app, clients, demo, sent) -> None:
    cls = class_of(app, demo, NOOR)
    teacher = clients.staff("juf.sanne")
    page = teacher.get(f"/leraar/klas/{cls['id']}")
    assert f'href="/leraar/klas/{cls["id"]}/planning"' in page.text
    r = teacher.get(f"/leraar/klas/{cls['id']}/planning")
    assert r.status_code == 200
    assert f'value="{SHEET}"' in r.text
    assert 'value="school-die-past"' not in r.text  # groep 8's, not for this class
    due = in_days(10)
    r = teacher.post(
        f"/leraar/klas/{cls['id']}/planning",
        data={"worksheet": SHEET, "due": due},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    [assignment] = stored_assignments(app, cls["id"])
    title = app.state.rugzak.catalog.worksheets[SHEET].title
    assert assignment["worksheet"] == SHEET and assignment["title"] == title
    assert assignment["due"] == due and assignment["reminded"] is False
    assert len(sent.calls) == 1
    call = sent.calls[0]
    assert call["event"] == "nieuwe-opdracht" and call["url"] == "/ouder"
    assert set(call["people"]) == adults_of_class(app, cls["id"]) and call["people"]
    assert call["body"] == f"Nieuwe thuisopdracht: {title}, klaar op {dates.weekday(due, 'nl')}"
    d = date.fromisoformat(due)
    assert dates.day(d, "nl") in call["body"]  # "17 juni 2026"
    listing = teacher.get(f"/leraar/klas/{cls['id']}/planning").text
    assert f"/leraar/klas/{cls['id']}/opdracht/{assignment['id']}" in listing
    assert "<script>" not in listing  # the CSP allows no inline script


def test_a_real_push_reaches_a_subscribed_parent(app, clients, demo) -> None:
    service = start_service()
    try:
        noor = demo.pupil_ids[NOOR]
        cls = class_of(app, demo, NOOR)
        phone = Device(service.endpoint("noor-mum"))
        subscribe(clients.parent("moeder.noor"), phone)
        other = Device(service.endpoint("emma-mum"))  # groep 8: hears nothing
        subscribe(clients.parent("moeder.emma"), other)
        teacher = clients.staff("juf.sanne")
        r = teacher.post(
            f"/leraar/klas/{cls['id']}/planning",
            data={"worksheet": SHEET, "due": in_days(7), "title": "Kwaliteiten thuis"},
            follow_redirects=False,
        )
        assert r.status_code == 303
        r = teacher.post(
            f"/leraar/leerling/{noor}/gesprek",
            data={"kind": "voortgangsgesprek", "date": in_days(5), "time": "14:30",
                  "place": "lokaal 6"},
            follow_redirects=False,
        )  # fmt: skip
        assert r.status_code == 303
        tell.get_sender(app).wait(10)
        assert [x.path for x in service.received] == ["/noor-mum", "/noor-mum"]
        first, second = (open_message(x, phone) for x in service.received)
        assert first["event"] == "nieuwe-opdracht"
        assert first["body"].startswith("Nieuwe thuisopdracht: Kwaliteiten thuis, klaar op ")
        assert second["event"] == "gesprek"
        assert second["body"] == (
            f"Gesprek over Noor op {dates.weekday(in_days(5), 'nl')} om 14:30 (lokaal 6)"
        )
    finally:
        service.server.shutdown()
        service.server.server_close()


# --- who handed in what ---------------------------------------------------------------------


def test_overview_shows_handed_in_busy_and_not_yet(app, clients, demo, sent) -> None:
    cls = class_of(app, demo, NOOR)
    with db_of(app) as db:
        pupils = school.pupils(db, cls["id"])
        assignment_id = planning.create_assignment(
            db, cls["id"], SHEET, "Kwaliteiten", date.fromisoformat(in_days(5)), "s_x"
        )
        assignment = planning.get_assignment(db, assignment_id)
    done, busy = pupils[0], pupils[1]
    done_item = add_item(app, done["id"], SHEET, "klaar")
    busy_item = add_item(app, busy["id"], SHEET, None)  # started: "bezig"
    add_item(app, pupils[2]["id"], "ervaring", "klaar")  # another sheet does not count
    with db_of(app) as db:
        adult = school.create_adult(db, "Ouder", "ouder.test", "")
        school.link(db, adult, done["id"], "moeder")
    # The parent part, as the parent-part feature stores it: "<item_id>:<adult_id>". Only a
    # linked adult's signature counts: not one of an adult who is not linked to the pupil.
    signed = {"signed_at": "2026-10-01T18:00:00+00:00"}
    with app.state.rugzak.store.pupil(done["id"]).transaction() as db:
        db.table("parent_parts").put(
            f"{done_item}:{adult}", {"item_id": done_item, "adult_id": adult, **signed}
        )
    with app.state.rugzak.store.pupil(busy["id"]).transaction() as db:
        db.table("parent_parts").put(
            f"{busy_item}:{adult}", {"item_id": busy_item, "adult_id": adult, **signed}
        )
    rows = assignments.handed_in(
        app.state.rugzak.store, app.state.rugzak.catalog, pupils, assignment, 6
    )
    by_id = {row["pupil"]["id"]: row for row in rows}
    assert by_id[done["id"]]["status"] == "ingeleverd"
    assert by_id[done["id"]]["parent_signed"] is True
    assert by_id[busy["id"]]["status"] == "bezig"
    assert by_id[busy["id"]]["parent_signed"] is False
    assert by_id[pupils[2]["id"]]["status"] == "nog niet"
    assert assignments.summary(rows) == {
        "ingeleverd": 1,
        "bezig": 1,
        "nog niet": len(pupils) - 2,
        "signed": 1,
    }
    r = clients.staff("juf.sanne").get(f"/leraar/klas/{cls['id']}/opdracht/{assignment_id}")
    assert r.status_code == 200
    assert "data-print" in r.text  # printable: the print layout with its button
    assert "<strong>1</strong> van" in r.text and "ouderdeel getekend: 1" in r.text
    assert f"/leraar/leerling/{done['id']}/item/{done_item}" in r.text
    # The admin sees it too; an assignment of another class is not found here.
    assert clients.staff("beheer").get(r.url.path).status_code == 200
    emma_class = class_of(app, demo, "Emma de Vries")
    r = clients.staff("beheer").get(f"/leraar/klas/{emma_class['id']}/opdracht/{assignment_id}")
    assert r.status_code == 404


def test_overview_survives_an_unreadable_parent_parts_table(app, demo) -> None:
    noor = demo.pupil_ids[NOOR]
    item_id = add_item(app, noor, SHEET, "klaar")
    with app.state.rugzak.store.pupil(noor).transaction() as db:
        db.table("parent_parts").put("not-an-item-key", {"whatever": 1})
        db.table("parent_parts").put(f"{item_id}:o_000000000001", {"signed_at": None})
    with db_of(app) as db:
        pupil = school.get_pupil(db, noor)
    assignment = {"worksheet": SHEET, "class_id": pupil["class_id"]}
    [row] = assignments.handed_in(
        app.state.rugzak.store, app.state.rugzak.catalog, [pupil], assignment
    )
    assert row["status"] == "ingeleverd" and row["parent_signed"] is False


# --- reminders ------------------------------------------------------------------------------


def test_assignment_due_in_two_days_is_reminded_once(app, demo, sent) -> None:
    cls = class_of(app, demo, NOOR)
    now = datetime(2026, 11, 2, 9, 0)
    with db_of(app) as db:
        soon = planning.create_assignment(
            db, cls["id"], SHEET, "Kwaliteiten", date(2026, 11, 4), "s"
        )
        planning.create_assignment(db, cls["id"], SHEET, "Later", date(2026, 11, 5), "s")
        planning.create_assignment(db, cls["id"], SHEET, "Voorbij", date(2026, 11, 1), "s")
        due, talks = reminders.due_reminders(db, now)
    assert [a["id"] for a in due] == [soon] and talks == []
    reminders.send_reminders(app, now)
    reminders.send_reminders(app, now)  # the next round: nothing again
    reminders.send_reminders(app, now + timedelta(minutes=10))
    assert len(sent.calls) == 1
    call = sent.calls[0]
    assert call["event"] == "herinnering-opdracht"
    assert set(call["people"]) == adults_of_class(app, cls["id"])
    assert "Kwaliteiten" in call["body"] and "woensdag 4 november 2026" in call["body"]
    with db_of(app) as db:
        assert planning.get_assignment(db, soon)["reminded"] is True
        assert reminders.due_reminders(db, now) == ([], [])


def test_conversation_tomorrow_is_reminded(app, demo, sent) -> None:
    noor = demo.pupil_ids[NOOR]
    now = datetime(2026, 11, 2, 15, 0)
    with db_of(app) as db:
        tomorrow = planning.create_conversation(
            db, noor, "voortgangsgesprek", datetime(2026, 11, 3, 14, 30), "lokaal 6", "s"
        )
        planning.create_conversation(
            db, noor, "adviesgesprek", datetime(2026, 11, 10, 14, 30), "", "s"
        )
    reminders.send_reminders(app, now)
    reminders.send_reminders(app, now)
    assert len(sent.calls) == 1
    call = sent.calls[0]
    assert call["event"] == "herinnering-gesprek"
    assert call["people"] == [adult_id(app, "moeder.noor")]
    assert (
        call["body"] == "Voortgangsgesprek over Noor: dinsdag 3 november 2026 om 14:30 (lokaal 6)"
    )
    with db_of(app) as db:
        assert planning.get_conversation(db, tomorrow)["reminded"] is True


def test_a_failing_push_does_not_repeat_the_reminder(app, demo, monkeypatch) -> None:
    cls = class_of(app, demo, NOOR)
    calls = []

    def broken(*args: Any) -> Any:
        calls.append(args)
        return push.done(push.Report(failed=1, errors=["down"]))

    monkeypatch.setattr(tell, "send", broken)
    now = datetime(2026, 11, 2, 9, 0)
    with db_of(app) as db:
        planning.create_assignment(db, cls["id"], SHEET, "Kwaliteiten", date(2026, 11, 3), "s")
    reminders.send_reminders(app, now)
    reminders.send_reminders(app, now + timedelta(minutes=10))
    assert len(calls) == 1


def test_the_background_loop_sends_each_reminder_once(app, demo, sent) -> None:
    cls = class_of(app, demo, NOOR)
    with db_of(app) as db:
        planning.create_assignment(
            db, cls["id"], SHEET, "Kwaliteiten", date.fromisoformat(in_days(1)), "s"
        )
    app.state.reminder_interval = 0.02
    app.state.reminder_delay = 0
    with TestClient(app):  # the lifespan starts the loop and stops it again
        deadline = time.monotonic() + 5
        while not sent.calls and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(0.2)  # several more rounds
    assert [c["event"] for c in sent.calls] == ["herinnering-opdracht"]


def test_planned_within_the_window_is_not_reminded_again(app, clients, demo, sent) -> None:
    """The new-assignment (or new-conversation) message already says it is soon."""
    cls = class_of(app, demo, NOOR)
    teacher = clients.staff("juf.sanne")
    teacher.post(f"/leraar/klas/{cls['id']}/planning", data={"worksheet": SHEET, "due": in_days(1)})
    reminders.send_reminders(app)
    assert [c["event"] for c in sent.calls] == ["nieuwe-opdracht"]


# --- upcoming (the parent's "Wat komt eraan") ------------------------------------------------


def test_upcoming_for_a_pupil(app, demo) -> None:
    noor = demo.pupil_ids[NOOR]
    cls = class_of(app, demo, NOOR)
    today = date(2026, 11, 2)
    with db_of(app) as db:
        planning.create_assignment(db, cls["id"], SHEET, "Oud", date(2026, 10, 1), "s")
        planning.create_assignment(db, cls["id"], SHEET, "Later", date(2026, 11, 20), "s")
        planning.create_assignment(db, cls["id"], SHEET, "Eerst", date(2026, 11, 5), "s")
        planning.create_conversation(db, noor, "startgesprek", datetime(2026, 9, 1, 9), "", "s")
        planning.create_conversation(
            db, noor, "voortgangsgesprek", datetime(2026, 11, 12, 9), "", "s"
        )
        coming = planning.upcoming(db, noor, today)
        other = planning.upcoming(db, demo.pupil_ids["Emma de Vries"], today)
    assert [a["title"] for a in coming["assignments"]] == ["Eerst", "Later"]
    assert coming["conversation"]["kind"] == "voortgangsgesprek"
    assert other == {"assignments": [], "conversation": None}


# --- conversations page ---------------------------------------------------------------------


def test_plan_list_and_delete_a_conversation(app, clients, demo, sent) -> None:
    noor = demo.pupil_ids[NOOR]
    teacher = clients.staff("juf.sanne")
    assert f'href="/leraar/leerling/{noor}/gesprek"' in teacher.get(f"/leraar/leerling/{noor}").text
    r = teacher.post(
        f"/leraar/leerling/{noor}/gesprek",
        data={"kind": "startgesprek", "date": in_days(20), "time": "08:45", "place": ""},
        follow_redirects=False,
    )
    assert r.status_code == 303
    with db_of(app) as db:
        [talk] = planning.conversations(db, noor)
    assert talk["at"] == f"{in_days(20)}T08:45" and talk["reminded"] is False
    assert [c["event"] for c in sent.calls] == ["gesprek"]
    assert sent.calls[0]["title"] == "Startgesprek gepland"
    assert sent.calls[0]["people"] == [adult_id(app, "moeder.noor")]
    page = teacher.get(f"/leraar/leerling/{noor}/gesprek").text
    assert "Startgesprek" in page and "08:45" in page
    r = teacher.post(
        f"/leraar/leerling/{noor}/gesprek/{talk['id']}/verwijderen", follow_redirects=False
    )
    assert r.status_code == 303
    with db_of(app) as db:
        assert planning.conversations(db, noor) == []
    # Deleting it again, or another pupil's conversation through this pupil: not found.
    r = teacher.post(f"/leraar/leerling/{noor}/gesprek/{talk['id']}/verwijderen")
    assert r.status_code == 404


# --- permissions and bad input --------------------------------------------------------------


def test_only_the_class_teacher_or_admin(app, clients, demo, settings, sent) -> None:
    noor = demo.pupil_ids[NOOR]
    cls = class_of(app, demo, NOOR)
    with db_of(app) as db:
        assignment_id = planning.create_assignment(
            db, cls["id"], SHEET, "Kwaliteiten", date.fromisoformat(in_days(5)), "s"
        )
        talk_id = planning.create_conversation(
            db, noor, "startgesprek", datetime.fromisoformat(f"{in_days(5)}T10:00"), "", "s"
        )
    requests = [
        ("GET", f"/leraar/klas/{cls['id']}/planning", None),
        ("POST", f"/leraar/klas/{cls['id']}/planning", {"worksheet": SHEET, "due": in_days(3)}),
        ("GET", f"/leraar/klas/{cls['id']}/opdracht/{assignment_id}", None),
        ("POST", f"/leraar/klas/{cls['id']}/opdracht/{assignment_id}/verwijderen", None),
        ("GET", f"/leraar/leerling/{noor}/gesprek", None),
        ("POST", f"/leraar/leerling/{noor}/gesprek",
         {"kind": "startgesprek", "date": in_days(3), "time": "10:00"}),
        ("POST", f"/leraar/leerling/{noor}/gesprek/{talk_id}/verwijderen", None),
    ]  # fmt: skip
    for who, status in (
        (clients.staff("meester.youssef"), 403),  # teaches groep 7 and 8, not groep 6
        (clients.parent("moeder.noor"), 404),  # even Noor's own mother
        (clients.pupil(NOOR), 404),
    ):
        for method, path, data in requests:
            before = snapshot(settings.data_dir)
            r = who.request(method, path, data=data, follow_redirects=False)
            assert r.status_code == status, (method, path, r.status_code)
            assert snapshot(settings.data_dir) == before, (method, path)
    assert sent.calls == []
    admin = clients.staff("beheer")
    assert admin.get(f"/leraar/klas/{cls['id']}/planning").status_code == 200
    assert admin.get(f"/leraar/leerling/{noor}/gesprek").status_code == 200


def test_unknown_ids_are_not_found(clients, demo) -> None:
    admin = clients.staff("beheer")
    assert admin.get("/leraar/klas/k_000000000000/planning").status_code == 404
    cls_path = "/leraar/klas/k_000000000000/opdracht/a_000000000000"
    assert admin.get(cls_path).status_code == 404
    assert admin.get("/leraar/leerling/p_000000000000/gesprek").status_code == 404
    noor = demo.pupil_ids[NOOR]
    r = admin.post(f"/leraar/leerling/{noor}/gesprek/g_000000000000/verwijderen")
    assert r.status_code == 404


@pytest.mark.parametrize(
    "data,message",
    [
        ({"worksheet": SHEET, "due": "yesterday"}, "al voorbij"),
        ({"worksheet": SHEET, "due": ""}, "Kies de datum"),
        ({"worksheet": SHEET, "due": "2026-13-45"}, "kennen we niet"),
        ({"due": "+10"}, "Kies een thuisopdracht"),
        ({"worksheet": "ervaring", "due": "+10"}, "Kies een thuisopdracht"),
        ({"worksheet": "school-die-past", "due": "+10"}, "niet voor groep 6"),
        ({"worksheet": "bestaat-niet", "due": "+10"}, "Kies een thuisopdracht"),
    ],
)
def test_bad_assignment_input(app, clients, demo, settings, sent, data, message) -> None:
    cls = class_of(app, demo, NOOR)
    data = dict(data)
    if data.get("due") == "yesterday":
        data["due"] = in_days(-1)
    elif data.get("due") == "+10":
        data["due"] = in_days(10)
    teacher = clients.staff("juf.sanne")
    before = snapshot(settings.data_dir)
    r = teacher.post(f"/leraar/klas/{cls['id']}/planning", data=data, follow_redirects=False)
    assert r.status_code == 400
    assert message in r.text and 'role="alert"' in r.text
    assert snapshot(settings.data_dir) == before
    assert stored_assignments(app) == [] and sent.calls == []


@pytest.mark.parametrize(
    "data,message",
    [
        ({"kind": "startgesprek", "date": "yesterday", "time": "10:00"}, "al voorbij"),
        ({"kind": "startgesprek", "date": "+3", "time": ""}, "datum en de tijd"),
        ({"kind": "startgesprek", "date": "", "time": "10:00"}, "datum en de tijd"),
        ({"kind": "startgesprek", "date": "+3", "time": "25:99"}, "kennen we niet"),
        ({"kind": "kletspraatje", "date": "+3", "time": "10:00"}, "wat voor gesprek"),
        ({"date": "+3", "time": "10:00"}, "wat voor gesprek"),
    ],
)
def test_bad_conversation_input(app, clients, demo, settings, sent, data, message) -> None:
    noor = demo.pupil_ids[NOOR]
    data = dict(data)
    if data.get("date") == "yesterday":
        data["date"] = in_days(-1)
    elif data.get("date") == "+3":
        data["date"] = in_days(3)
    teacher = clients.staff("juf.sanne")
    before = snapshot(settings.data_dir)
    r = teacher.post(f"/leraar/leerling/{noor}/gesprek", data=data, follow_redirects=False)
    assert r.status_code == 400
    assert message in r.text and 'role="alert"' in r.text
    assert snapshot(settings.data_dir) == before
    assert sent.calls == []


def test_the_kept_assignment_page_follows_every_change(app, clients, demo, sent) -> None:
    """The page is kept per version of the school file and the class's pupil files: a
    pupil's work, a new pupil and another teacher each show at once."""
    cls = class_of(app, demo, NOOR)
    with db_of(app) as db:
        pupils = school.pupils(db, cls["id"])
        assignment_id = planning.create_assignment(
            db, cls["id"], SHEET, "Kwaliteiten", date.fromisoformat(in_days(5)), "s_x"
        )
    teacher = clients.staff("juf.sanne")
    url = f"/leraar/klas/{cls['id']}/opdracht/{assignment_id}"
    assert "<strong>0</strong> van" in teacher.get(url).text
    add_item(app, pupils[0]["id"], SHEET, "klaar")
    assert "<strong>1</strong> van" in teacher.get(url).text
    with db_of(app) as db:
        school.create_pupil(db, "Nieuwe", "Leerling", cls["id"], "")
    assert "Nieuwe Leerling" in teacher.get(url).text
    assert f"van {len(pupils) + 1} ingeleverd" in teacher.get(url).text
