"""Shared tablets over HTTP: a pupil session reads nothing without its sign-in key; a
sign-out ends the sign-in even when it arrives later; grants end with the PIN, "uitloggen
overal" and a move to another class, and learn nothing; only parents write the parent
part; a paper hand-in is the teacher's and says so."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from server.domain import assignments, planning, school
from server.domain.signins import KEY_COOKIE
from server.web.sessions import SESSION_COOKIE
from tests import factories

SHEET = "school-die-past"  # groep 8's home assignment, with a parent part
PARENT_FIELDS = (
    "ouder-vraag-1",
    "ouder-vraag-2",
    "ouder-vraag-3",
    "ouder-toelichting",
    "ouder-rol",
    "ouder-handtekening",
)


# No demo school here: a world built with tests/factories.py.


@dataclass(frozen=True)
class World:
    teacher: factories.Staff  # of groep 7 and groep 8
    other_teacher: factories.Staff  # of groep 6 only
    pupil: factories.Pupil  # groep 8
    parent: factories.Adult
    other_pupil: factories.Pupil  # groep 6


@pytest.fixture
def app(empty_app):
    return empty_app


@pytest.fixture
def clients(empty_clients):
    return empty_clients


@pytest.fixture
def world(app) -> World:
    store = app.state.rugzak.store
    teacher, other_teacher = factories.teacher(store), factories.teacher(store)
    eight = factories.school_class(store, group=8, teachers=(teacher,))
    factories.school_class(store, group=7, teachers=(teacher,))
    six = factories.school_class(store, group=6, teachers=(other_teacher,))
    pupil = factories.pupil(store, eight)
    return World(
        teacher, other_teacher, pupil, factories.parent(store, pupil), factories.pupil(store, six)
    )


def file_bytes(settings, pupil_id: str) -> bytes | None:
    path = settings.data_dir / "pupils" / pupil_id / "portfolio.json"
    files = [p for p in (path, path.with_suffix(".journal")) if p.exists()]
    return b"".join(p.read_bytes() for p in files) if files else None


def create(client, pupil_id: str, item_id: str, worksheet: str = "ervaring") -> None:
    op = {"op_id": "op-c-" + item_id, "type": "create", "item_id": item_id, "worksheet": worksheet}
    r = client.post("/api/sync", json={"pupil_id": pupil_id, "ops": [op]})
    assert r.json()["results"][0]["status"] == "applied"


def set_op(op_id: str, item_id: str, field: str, value, base_rev: int = 0) -> dict:
    return {"op_id": op_id, "type": "set", "item_id": item_id, "field": field,
            "value": value, "base_rev": base_rev}  # fmt: skip


def cookies_of(client) -> dict[str, str]:
    return {name: client.cookies.get(name) for name in (SESSION_COOKIE, KEY_COOKIE)}


def with_cookies(clients, cookies: dict[str, str]):
    """Another browser (the same tablet later) holding exactly these cookies."""
    c = clients.anonymous()
    for name, value in cookies.items():
        if value is not None:
            c.cookies.set(name, value, domain="testserver.local")
    return c


def grant_for(client) -> str:
    r = client.post("/api/apparaat", headers={"x-rugzak-device": "d_test"})
    assert r.status_code == 200
    return r.json()["grant"]


# --- the sign-in key ---------------------------------------------------------------------


def test_a_pupil_session_without_its_key_reads_nothing(clients, world) -> None:
    me = clients.pupil(world.pupil)
    pid = world.pupil.id
    assert me.get("/api/mij").status_code == 200
    cookies = cookies_of(me)
    assert cookies[KEY_COOKIE].startswith(pid + ".")
    # What a tablet keeps after the page deleted the key (offline sign-out): the HttpOnly
    # session cookie alone. It reads nothing: not the portfolio, photos or prints.
    left = with_cookies(clients, {SESSION_COOKIE: cookies[SESSION_COOKIE]})
    assert left.get("/api/mij").status_code == 401
    assert left.post("/api/apparaat").status_code == 401
    r = left.get(f"/print/leerling/{pid}/boekje", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/inloggen")
    # Nor does a key of another sign-in, or a forged one.
    other = cookies_of(clients.pupil(world.pupil))
    assert (
        with_cookies(clients, {**cookies, KEY_COOKIE: other[KEY_COOKIE]})
        .get("/api/mij")
        .status_code
        == 401
    )
    forged = pid + ".AAAAAAAAAAAAAAAAAAAAAA" + cookies[KEY_COOKIE][len(pid) + 23 :]
    assert with_cookies(clients, {**cookies, KEY_COOKIE: forged}).get("/api/mij").status_code == 401
    # Both together: yes.
    assert with_cookies(clients, cookies).get("/api/mij").status_code == 200


def test_the_key_cookie_is_readable_by_the_page_and_the_session_is_not(world, clients) -> None:
    c = clients.anonymous()
    pid = world.pupil.id
    r = c.post(f"/klas/{clients.class_code_of(pid)}/{pid}", data={"pin": world.pupil.pin})
    headers = [v for k, v in r.history[0].headers.multi_items() if k == "set-cookie"]
    key = next(h for h in headers if h.startswith(KEY_COOKIE + "="))
    session = next(h for h in headers if h.startswith(SESSION_COOKIE + "="))
    assert "httponly" not in key.lower() and "samesite=lax" in key.lower()
    assert "httponly" in session.lower()


def test_signing_out_online_ends_the_sign_in_for_good(world, clients) -> None:
    me = clients.pupil(world.pupil)
    cookies = cookies_of(me)
    r = me.post("/uitloggen", follow_redirects=False)
    assert r.status_code == 303
    assert KEY_COOKIE not in me.cookies and SESSION_COOKIE not in me.cookies
    # A copy of both cookies (kept from before) is dead too.
    assert with_cookies(clients, cookies).get("/api/mij").status_code == 401


def test_a_sign_out_made_offline_ends_the_sign_in_when_it_arrives(world, clients, app) -> None:
    me = clients.pupil(world.pupil)
    cookies = cookies_of(me)
    _, _, sid, mac = cookies[KEY_COOKIE].split(".")
    # The tablet deleted the key and kept the end token; hours later, from the same tablet
    # (no session of its own now, or another pupil's), it is delivered.
    tablet = clients.anonymous()
    r = tablet.post("/api/uitloggen", json={"tokens": [f"{sid}.{mac}", "nep.token"]})
    assert r.status_code == 200 and r.json() == {"ended": 1}
    assert r.headers["cache-control"] == "no-store"
    assert with_cookies(clients, cookies).get("/api/mij").status_code == 401
    # Still ended after a restart (the revocation is on disk).
    from server.app import create_app

    again = create_app(app.state.rugzak.settings)
    assert again.state.rugzak.signins.revoked(sid)
    # A delivered twice or forged token changes nothing and is not an error.
    assert tablet.post("/api/uitloggen", json={"tokens": [f"{sid}.{mac}"]}).json() == {"ended": 1}
    assert tablet.post("/api/uitloggen", json={"tokens": [f"{sid}.x{mac}"]}).json() == {"ended": 0}


def test_end_tokens_that_cannot_be_read_get_a_dutch_refusal(clients) -> None:
    tablet = clients.anonymous()
    huge = json.dumps({"tokens": ["x" * 90] * 50_000}).encode()  # never parsed: too long
    for body in (
        b"{",
        b"[]",
        b'{"tokens": "x"}',
        json.dumps({"tokens": ["x"] * 51}).encode(),
        huge,
    ):
        r = tablet.post(
            "/api/uitloggen", content=body, headers={"content-type": "application/json"}
        )
        assert r.status_code == 400
        assert r.json() == {"error": "Deze afmeldingen konden niet gelezen worden."}


def test_expired_sign_outs_are_forgotten(app) -> None:
    signins = app.state.rugzak.signins
    signins.revoke("oud-sid", now=1_000)
    signins.revoke("nieuw-sid", now=1_000 + signins.lifetime + 1)
    assert not signins.revoked("oud-sid") and signins.revoked("nieuw-sid")


# --- grants: revocable and blind ---------------------------------------------------------


def grant_works(client, pupil_id: str, grant: str) -> int:
    ops = [set_op("op-grant-" + grant[-8:], "i-grant-0001", "wat", "via de tablet")]
    r = client.post(
        "/api/sync",
        json={"pupil_id": pupil_id, "ops": ops},
        headers={"authorization": "Bearer " + grant},
    )
    return r.status_code


def test_a_pin_reset_ends_every_grant(clients, world) -> None:
    me, pid = clients.pupil(world.pupil), world.pupil.id
    create(me, pid, "i-grant-0001")
    grant = grant_for(me)
    tablet = clients.anonymous()
    assert grant_works(tablet, pid, grant) == 200
    teacher = clients.staff(world.teacher)
    assert teacher.post(f"/leraar/leerling/{pid}/pincode").status_code == 200
    assert grant_works(tablet, pid, grant) == 401
    r = tablet.put(
        "/api/media/" + "ab" * 32, content=b"x", headers={"authorization": "Bearer " + grant}
    )
    assert r.status_code == 401


def test_signing_out_everywhere_ends_every_grant(clients, world) -> None:
    me, pid = clients.pupil(world.pupil), world.pupil.id
    create(me, pid, "i-grant-0001")
    grant = grant_for(me)
    assert me.post("/uitloggen/overal", follow_redirects=False).status_code == 303
    assert grant_works(clients.anonymous(), pid, grant) == 401


def test_moving_to_another_class_ends_every_grant(clients, world, app) -> None:
    me, pid = clients.pupil(world.pupil), world.pupil.id
    create(me, pid, "i-grant-0001")
    grant = grant_for(me)
    with app.state.rugzak.store.school.transaction() as db:
        pupil = school.get_pupil(db, pupil_id=pid)
        other = next(
            c for c in school.classes(db) if c["id"] != pupil["class_id"] and c["group"] == 7
        )
    teacher = clients.staff(world.teacher)  # teaches groep 7 and 8
    r = teacher.post(
        f"/leraar/leerling/{pid}/gegevens",
        data={
            "first_name": world.pupil.first_name,
            "last_name": world.pupil.last_name,
            "class_id": other["id"],
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert grant_works(clients.anonymous(), pid, grant) == 401
    # A new sign-in gets a new grant that works.
    fresh = clients.pupil(world.pupil)
    assert grant_works(clients.anonymous(), pid, grant_for(fresh)) == 200


def test_a_grant_learns_nothing_from_a_conflict(clients, world) -> None:
    me, pid = clients.pupil(world.pupil), world.pupil.id
    create(me, pid, "i-blind-0001")
    secret = "Mijn geheime droom"
    r = me.post(
        "/api/sync",
        json={"pupil_id": pid, "ops": [set_op("op-blind-0001", "i-blind-0001", "wat", secret)]},
    )
    assert r.json()["results"][0]["status"] == "applied"
    grant = grant_for(me)
    stale = set_op("op-blind-0002", "i-blind-0001", "wat", "iets anders", base_rev=0)
    r = clients.anonymous().post(
        "/api/sync",
        json={"pupil_id": pid, "ops": [stale]},
        headers={"authorization": "Bearer " + grant},
    )
    (result,) = r.json()["results"]
    assert result["status"] == "conflict"
    assert "current" not in result and secret not in r.text
    # The pupil herself, signed in, does see the other version (to choose).
    stale2 = set_op("op-blind-0003", "i-blind-0001", "wat", "nog iets", base_rev=0)
    r = me.post("/api/sync", json={"pupil_id": pid, "ops": [stale2]})
    assert r.json()["results"][0]["current"] == secret


# --- only parents write the parent part --------------------------------------------------


def test_a_pupil_cannot_fill_in_or_sign_the_parent_part(clients, world, settings) -> None:
    me, pid = clients.pupil(world.pupil), world.pupil.id
    create(me, pid, "i-parent-001", SHEET)
    before = file_bytes(settings, pid)
    values = {
        "ouder-vraag-1": "ja",
        "ouder-vraag-2": "ja",
        "ouder-vraag-3": "nee",
        "ouder-toelichting": "Heel goed gedaan!",
        "ouder-rol": "moeder",
        "ouder-handtekening": {"naam": "Mama", "bevestigd": True, "op": "2026-11-30T19:00:00"},
    }
    assert set(values) == set(PARENT_FIELDS)
    ops = [
        set_op(f"op-parent-{i:04d}", "i-parent-001", f, v)
        for i, (f, v) in enumerate(values.items())
    ]
    r = me.post("/api/sync", json={"pupil_id": pid, "ops": ops})
    assert r.status_code == 200
    for result in r.json()["results"]:
        assert result["status"] == "refused"
        assert result["code"] == "not-yours"
        assert result["reason"] == "Dit deel vult je ouder in op de eigen telefoon."
    assert file_bytes(settings, pid) == before
    # Her own answers in the same batch still go through, one operation at a time.
    mixed = [set_op("op-parent-x001", "i-parent-001", "ouder-rol", "vader"),
             set_op("op-parent-y001", "i-parent-001", "_status", "klaar")]  # fmt: skip
    statuses = [
        x["status"]
        for x in me.post("/api/sync", json={"pupil_id": pid, "ops": mixed}).json()["results"]
    ]
    assert statuses == ["refused", "applied"]


def test_the_pupil_worksheet_shows_the_parent_part_read_only(clients) -> None:
    page = clients.anonymous().get(f"/leerling/werkblad/{SHEET}").text
    block = page[page.index('data-writer="parent"') :]
    block = block[: block.index("</details>")]
    assert "Dit vult je ouder in op de eigen telefoon." in block
    for name in PARENT_FIELDS:
        assert f'data-answer="{name}"' in block  # shown, answered by the parent
        assert f'data-name="{name}"' not in page  # never a control the pupil could change
    assert "<input" not in block and "<textarea" not in block and "<select" not in block


# --- paper hand-ins ----------------------------------------------------------------------


def assignment_for(app, world: World) -> tuple[dict, dict, str]:
    pid = world.pupil.id
    with app.state.rugzak.store.school.transaction() as db:
        pupil = school.get_pupil(db, pid)
        cls = school.get_class(db, pupil["class_id"])
        due = date.today() + timedelta(days=7)
        assignment_id = planning.create_assignment(db, cls["id"], SHEET, "Een school", due, "s_x")
    return cls, pupil, assignment_id


def test_a_paper_hand_in_is_recorded_by_the_teacher_and_shown_as_such(clients, world, app) -> None:
    teacher = clients.staff(world.teacher)
    cls, pupil, assignment_id = assignment_for(app, world)
    url = f"/leraar/klas/{cls['id']}/opdracht/{assignment_id}"
    row_before = teacher.get(url).text
    assert (
        "Op papier ingeleverd" in row_before and "ingeleverd op papier, getekend" not in row_before
    )
    r = teacher.post(
        url + "/papier", data={"pupil_id": pupil["id"], "op_papier": "ja"}, follow_redirects=False
    )
    assert r.status_code == 303
    page = teacher.get(url).text
    assert "ingeleverd op papier, getekend" in page and "ja, op papier" in page
    with app.state.rugzak.store.school.transaction() as db:
        assignment = planning.get_assignment(db, assignment_id)
    rz = app.state.rugzak
    (row,) = assignments.handed_in(rz.store, rz.catalog, [pupil], assignment, cls["group"])
    assert row["status"] == "ingeleverd" and row["parent_signed"] and row["paper"]["by_name"]
    # So does the pupil's portfolio as the teacher sees it (a cached page, made anew).
    portfolio_page = teacher.get(f"/leraar/leerling/{pupil['id']}/rugzak").text
    assert "Op papier ingeleverd, getekend" in portfolio_page
    # The pupil's own Rugzak says so too.
    mine = clients.pupil(world.pupil).get("/api/mij").json()
    assert {"worksheet": SHEET, "group": cls["group"], "school_year": mine["school_year"]} in mine[
        "paper"
    ]
    # Taken back.
    teacher.post(url + "/papier", data={"pupil_id": pupil["id"], "op_papier": "nee"})
    assert "ingeleverd op papier, getekend" not in teacher.get(url).text
    assert "Op papier" not in teacher.get(f"/leraar/leerling/{pupil['id']}/rugzak").text
    assert "paper" not in clients.pupil(world.pupil).get("/api/mij").json()


def test_only_the_pupils_teacher_records_a_paper_hand_in(clients, world, app, settings) -> None:
    teacher = clients.staff(world.teacher)
    cls, pupil, assignment_id = assignment_for(app, world)
    url = f"/leraar/klas/{cls['id']}/opdracht/{assignment_id}/papier"
    before = file_bytes(settings, pupil["id"])
    form = {"pupil_id": pupil["id"], "op_papier": "ja"}
    assert clients.pupil(world.pupil).post(url, data=form).status_code == 404
    assert clients.parent(world.parent).post(url, data=form).status_code == 404
    assert (
        clients.staff(world.other_teacher).post(url, data=form).status_code == 403
    )  # not her class
    assert clients.anonymous().post(url, data=form).status_code == 401
    # A pupil of another class through this class's address: not found, nothing written.
    other = world.other_pupil.id
    r = teacher.post(url, data={"pupil_id": other, "op_papier": "ja"})
    assert r.status_code == 404
    assert file_bytes(settings, pupil["id"]) == before


def test_a_signature_the_pupil_wrote_before_counts_nowhere(clients, world, app) -> None:
    """Data from before only parents could write the parent part: a "signature" among the
    pupil's own values is neither shown as the parent's nor counted as signed."""
    pid = world.pupil.id
    me = clients.pupil(world.pupil)
    create(me, pid, "i-legacy-001", SHEET)
    forged = {"naam": "Mama", "bevestigd": True, "op": "2026-11-30T19:00:00"}
    with app.state.rugzak.store.pupil(pid).transaction() as db:
        item = db.table("items").by_id("i-legacy-001")
        values = {**item["values"], "ouder-handtekening": forged, "_status": "klaar"}
        db.table("items").patch("i-legacy-001", {"values": values})
    teacher = clients.staff(world.teacher)
    page = teacher.get(f"/leraar/leerling/{pid}/item/i-legacy-001").text
    assert "Mama" not in page
    cls, pupil, assignment_id = assignment_for(app, world)
    with app.state.rugzak.store.school.transaction() as db:
        assignment = planning.get_assignment(db, assignment_id)
    rz = app.state.rugzak
    (row,) = assignments.handed_in(rz.store, rz.catalog, [pupil], assignment, cls["group"])
    assert row["status"] == "ingeleverd" and not row["parent_signed"]
