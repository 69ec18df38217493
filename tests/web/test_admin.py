"""The admin manages the school (server/web/routes/admin.py): classes, their teachers, staff
accounts and passwords."""

from __future__ import annotations

import json
import re

import pytest

from server.infra.store import stored as read_stored
from server.web.sessions import SESSION_COOKIE

NOOR = "Noor Bakker"  # group 6 (juf.sanne)


def stored(settings) -> dict:
    return read_stored(settings.data_dir / "school.json")


def class_ids(settings) -> dict[str, str]:
    """Class name -> id, from disk."""
    return {c["name"]: cid for cid, c in stored(settings)["classes"].items()}


def staff_id(settings, username: str) -> str:
    return next(k for k, s in stored(settings)["staff"].items() if s["username"] == username)


def test_admin_creates_a_class_with_a_teacher(clients, settings):
    sanne_id = staff_id(settings, "juf.sanne")
    admin = clients.staff("beheer")
    r = admin.post(
        "/beheer/klassen",
        data={"name": "Groep 8B", "group": "8", "teacher_ids": [sanne_id, "s_notastaffid"]},
        follow_redirects=False,
    )
    assert r.status_code == 303
    new_id = class_ids(settings)["Groep 8B"]
    assert r.headers["location"] == f"/leraar/klas/{new_id}"
    cls = stored(settings)["classes"][new_id]
    assert cls["group"] == 8
    assert cls["teacher_ids"] == [sanne_id]
    assert re.fullmatch(r"[A-Z2-9]{6}", cls["code"])
    assert new_id in clients.staff("juf.sanne").get("/leraar").text
    assert new_id not in clients.staff("meester.youssef").get("/leraar").text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "Groep 5", "group": "5"}, "Kies groep 6, 7 of 8."),
        ({"name": "Groep X", "group": "acht"}, "Kies groep 6, 7 of 8."),
        ({"name": "", "group": "6"}, "Geef de klas een naam."),
    ],
)
def test_admin_class_mistakes(clients, settings, data, message):
    before = stored(settings)["classes"]
    r = clients.staff("beheer").post("/beheer/klassen", data=data)
    assert r.status_code == 400
    assert message in r.text
    assert stored(settings)["classes"] == before


def test_only_the_admin_creates_classes(clients, settings):
    before = stored(settings)["classes"]
    r = clients.staff("juf.sanne").post("/beheer/klassen", data={"name": "Mijn", "group": "6"})
    assert r.status_code == 403
    assert stored(settings)["classes"] == before


def test_admin_assigns_teachers(clients, settings, demo):
    ids = class_ids(settings)
    youssef_id = staff_id(settings, "meester.youssef")
    youssef = clients.staff("meester.youssef")
    noor = demo.pupil_ids[NOOR]
    assert youssef.get(f"/leraar/leerling/{noor}").status_code == 403

    r = clients.staff("beheer").post(
        f"/beheer/klas/{ids['Groep 6']}",
        data={"name": "Groep 6", "group": "6", "teacher_ids": [youssef_id]},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert stored(settings)["classes"][ids["Groep 6"]]["teacher_ids"] == [youssef_id]
    # The change counts at once, without signing in again.
    assert youssef.get(f"/leraar/leerling/{noor}").status_code == 200
    assert clients.staff("juf.sanne").get(f"/leraar/leerling/{noor}").status_code == 403


def test_admin_updating_an_unknown_class_is_404(clients):
    r = clients.staff("beheer").post(
        "/beheer/klas/k_000000000000", data={"name": "X", "group": "6"}
    )
    assert r.status_code == 404


def test_admin_creates_staff(clients, settings):
    admin = clients.staff("beheer")
    r = admin.post(
        "/beheer/medewerkers",
        data={
            "name": "Juf Fatima",
            "username": "Juf.Fatima",
            "role": "teacher",
            "password": "lang-genoeg-wachtwoord",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    member = next(s for s in stored(settings)["staff"].values() if s["username"] == "juf.fatima")
    assert (member["name"], member["role"]) == ("Juf Fatima", "teacher")
    assert "lang-genoeg-wachtwoord" not in json.dumps(stored(settings))

    c = clients.anonymous()
    r = c.post(
        "/inloggen/medewerker",
        data={"username": "juf.fatima", "password": "lang-genoeg-wachtwoord"},
        follow_redirects=False,
    )
    assert r.headers["location"] == "/leraar"
    assert "U heeft nog geen klassen" in c.get("/leraar").text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"username": "juf.sanne"}, "Deze gebruikersnaam bestaat al."),
        ({"username": "moeder.noor"}, "Deze gebruikersnaam bestaat al."),
        ({"password": "kort"}, "Kies een wachtwoord van minstens 10 tekens."),
        ({"role": "god"}, "Kies leerkracht of beheerder."),
        ({"name": ""}, "Vul een naam en een gebruikersnaam (minstens 3 tekens) in."),
    ],
)
def test_admin_staff_mistakes(clients, settings, data, message):
    before = stored(settings)["staff"]
    form = {"name": "Nieuw", "username": "nieuw", "role": "teacher", "password": "x" * 12}
    r = clients.staff("beheer").post("/beheer/medewerkers", data={**form, **data})
    assert r.status_code == 400
    assert message in r.text
    assert stored(settings)["staff"] == before


def test_admin_resets_a_staff_password(clients, settings):
    sanne_id = staff_id(settings, "juf.sanne")
    sanne = clients.staff("juf.sanne")
    r = clients.staff("beheer").post(f"/beheer/medewerker/{sanne_id}/wachtwoord")
    assert r.status_code == 200
    found = re.search(r"Nieuw wachtwoord voor Juf Sanne Bakker: (\S+) —", r.text)
    assert found, r.text
    new_password = found.group(1)
    assert len(new_password) >= 10

    # Her open sessions end; the old password no longer works, the new one does.
    assert sanne.get("/leraar", follow_redirects=False).status_code == 303
    c = clients.anonymous()
    old = c.post(
        "/inloggen/medewerker", data={"username": "juf.sanne", "password": "horizon-sanne"}
    )
    assert old.status_code == 400
    r = c.post(
        "/inloggen/medewerker",
        data={"username": "juf.sanne", "password": new_password},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert SESSION_COOKIE in c.cookies


def test_teacher_cannot_reset_a_staff_password(clients, settings):
    youssef_id = staff_id(settings, "meester.youssef")
    before = stored(settings)["staff"][youssef_id]
    r = clients.staff("juf.sanne").post(f"/beheer/medewerker/{youssef_id}/wachtwoord")
    assert r.status_code == 403
    assert stored(settings)["staff"][youssef_id] == before


def test_admin_password_reset_for_unknown_staff_is_404(clients):
    r = clients.staff("beheer").post("/beheer/medewerker/s_000000000000/wachtwoord")
    assert r.status_code == 404


def test_admin_edits_a_class_on_its_own_page(clients, settings):
    ids = class_ids(settings)
    sanne_id = staff_id(settings, "juf.sanne")
    admin = clients.staff("beheer")
    overview = admin.get("/beheer").text
    assert f'href="/beheer/klas/{ids["Groep 6"]}"' in overview
    assert 'name="teacher_ids"' not in overview  # one form per class, not per class x teacher

    page = admin.get(f"/beheer/klas/{ids['Groep 6']}")
    assert page.status_code == 200
    assert 'value="Groep 6"' in page.text
    assert f'value="{sanne_id}" checked' in page.text
    assert admin.get("/beheer/klas/k_000000000000").status_code == 404
    assert clients.staff("juf.sanne").get(f"/beheer/klas/{ids['Groep 6']}").status_code == 403


def test_the_kept_overview_shows_every_change_at_once(clients, settings):
    admin = clients.staff("beheer")
    assert "Groep 6" in admin.get("/beheer").text
    ids = class_ids(settings)
    sanne_id = staff_id(settings, "juf.sanne")
    r = admin.post(
        f"/beheer/klas/{ids['Groep 6']}",
        data={"name": "De Uilen", "group": "6", "teacher_ids": [sanne_id]},
        follow_redirects=False,
    )
    assert r.status_code == 303
    page = admin.get("/beheer").text
    assert "De Uilen" in page and ">Groep 6<" not in page
    # A change made elsewhere in the school file (a teacher renames a class) shows too.
    sanne = clients.staff("juf.sanne")
    assert sanne.post(f"/leraar/klas/{ids['Groep 6']}/naam", data={"name": "Vossen"}).is_success
    assert "Vossen" in admin.get("/beheer").text


def test_a_new_password_is_shown_once_and_never_kept(clients, settings):
    admin = clients.staff("beheer")
    sanne_id = staff_id(settings, "juf.sanne")
    r = admin.post(f"/beheer/medewerker/{sanne_id}/wachtwoord")
    assert "Nieuw wachtwoord voor" in r.text
    assert r.headers["cache-control"] == "no-store"
    assert "Nieuw wachtwoord voor" not in admin.get("/beheer").text
