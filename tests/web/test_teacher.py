"""Teachers manage the pupils of their own classes (server/web/routes/teacher.py); the
admin's pages are in tests/web/test_admin.py."""

from __future__ import annotations

import re

from server.demo import PUPIL_PIN
from server.domain import principal as accounts
from server.infra import passwords
from server.infra.store import stored as read_stored
from server.web.sessions import SESSION_COOKIE

NOOR = "Noor Bakker"  # group 6 (juf.sanne)
EMMA = "Emma de Vries"  # group 8 (meester.youssef)


def stored(settings) -> dict:
    return read_stored(settings.data_dir / "school.json")


def class_ids(settings) -> dict[str, str]:
    """Class name -> id, from disk."""
    return {c["name"]: cid for cid, c in stored(settings)["classes"].items()}


def staff_id(settings, username: str) -> str:
    return next(k for k, s in stored(settings)["staff"].items() if s["username"] == username)


def pin_login(clients, code: str, pupil_id: str, pin: str) -> int:
    c = clients.anonymous()
    return c.post(f"/klas/{code}/{pupil_id}", data={"pin": pin}, follow_redirects=False).status_code


# --- the teacher's own classes ---


def test_teacher_sees_only_their_classes(clients, settings):
    ids = class_ids(settings)
    page = clients.staff("juf.sanne").get("/leraar")
    assert page.status_code == 200
    assert f'href="/leraar/klas/{ids["Groep 6"]}"' in page.text
    assert f'href="/leraar/klas/{ids["Groep 7"]}"' in page.text
    assert ids["Groep 8"] not in page.text
    assert "9 leerlingen" in page.text  # group 6

    page = clients.staff("meester.youssef").get("/leraar")
    assert ids["Groep 6"] not in page.text
    assert ids["Groep 8"] in page.text


def test_admin_sees_every_class(clients, settings):
    page = clients.staff("beheer").get("/leraar")
    for cid in class_ids(settings).values():
        assert cid in page.text


def test_class_page_lists_pupils_and_the_class_code(clients, settings, demo):
    ids = class_ids(settings)
    sanne = clients.staff("juf.sanne")
    page = sanne.get(f"/leraar/klas/{ids['Groep 6']}")
    assert page.status_code == 200
    assert "HZN6PX" in page.text
    assert f"/leraar/leerling/{demo.pupil_ids[NOOR]}" in page.text
    assert demo.pupil_ids[EMMA] not in page.text
    assert sanne.get(f"/leraar/klas/{ids['Groep 8']}").status_code == 403
    assert sanne.get("/leraar/klas/k_000000000000").status_code == 403
    assert clients.staff("beheer").get("/leraar/klas/k_000000000000").status_code == 404


def test_teacher_adds_a_pupil(clients, settings):
    ids = class_ids(settings)
    sanne = clients.staff("juf.sanne")
    r = sanne.post(
        f"/leraar/klas/{ids['Groep 6']}/leerlingen",
        data={"first_name": " Fleur ", "last_name": "van Dam"},
    )
    assert r.status_code == 200
    assert "u ziet ze maar één keer" in r.text
    found = re.search(r"<td>Fleur van Dam</td><td class=\"code\">(\d{4,6})</td>", r.text)
    assert found, r.text
    pin = found.group(1)

    (pupil_id, pupil), *rest = [
        (k, p) for k, p in stored(settings)["pupils"].items() if p["first_name"] == "Fleur"
    ]
    assert not rest
    assert pupil["last_name"] == "van Dam"
    assert pupil["class_id"] == ids["Groep 6"]
    assert passwords.verify_secret(pin, pupil["pin_hash"])
    assert pin_login(clients, "HZN6PX", pupil_id, pin) == 303
    assert "Fleur v." in sanne.get("/klas/HZN6PX").text


def test_adding_a_pupil_needs_a_first_name(clients, settings):
    before = len(stored(settings)["pupils"])
    ids = class_ids(settings)
    r = clients.staff("juf.sanne").post(
        f"/leraar/klas/{ids['Groep 6']}/leerlingen", data={"first_name": "  ", "last_name": "X"}
    )
    assert r.status_code == 400
    assert "Vul de voornaam van de leerling in." in r.text
    assert len(stored(settings)["pupils"]) == before


def test_teacher_cannot_add_a_pupil_to_another_class(clients, settings):
    before = stored(settings)["pupils"]
    ids = class_ids(settings)
    r = clients.staff("juf.sanne").post(
        f"/leraar/klas/{ids['Groep 8']}/leerlingen", data={"first_name": "Indringer"}
    )
    assert r.status_code == 403
    assert stored(settings)["pupils"] == before


def test_teacher_renames_a_pupil(clients, settings, demo):
    noor = demo.pupil_ids[NOOR]
    cls = stored(settings)["pupils"][noor]["class_id"]
    r = clients.staff("juf.sanne").post(
        f"/leraar/leerling/{noor}/gegevens",
        data={"first_name": "Noortje", "last_name": "Bakker-Smit", "class_id": cls},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert r.headers["location"] == f"/leraar/leerling/{noor}"
    pupil = stored(settings)["pupils"][noor]
    assert (pupil["first_name"], pupil["last_name"], pupil["class_id"]) == (
        "Noortje",
        "Bakker-Smit",
        cls,
    )


def test_renaming_keeps_a_first_name(clients, settings, demo):
    noor = demo.pupil_ids[NOOR]
    r = clients.staff("juf.sanne").post(
        f"/leraar/leerling/{noor}/gegevens", data={"first_name": "", "last_name": "X"}
    )
    assert r.status_code == 400
    assert stored(settings)["pupils"][noor]["first_name"] == "Noor"


def test_teacher_moves_a_pupil_to_another_of_their_classes(clients, settings, demo):
    ids = class_ids(settings)
    noor = demo.pupil_ids[NOOR]
    sanne = clients.staff("juf.sanne")
    page = sanne.get(f"/leraar/leerling/{noor}").text
    assert f'value="{ids["Groep 7"]}"' in page
    assert ids["Groep 8"] not in page  # not offered: not her class

    r = sanne.post(
        f"/leraar/leerling/{noor}/gegevens",
        data={"first_name": "Noor", "last_name": "Bakker", "class_id": ids["Groep 7"]},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert stored(settings)["pupils"][noor]["class_id"] == ids["Groep 7"]
    # Noor now signs in with the code of group 7.
    assert pin_login(clients, "HZN7PX", noor, PUPIL_PIN) == 303
    assert pin_login(clients, "HZN6PX", noor, PUPIL_PIN) == 404


def test_teacher_cannot_move_a_pupil_to_a_class_they_do_not_teach(clients, settings, demo):
    ids = class_ids(settings)
    noor = demo.pupil_ids[NOOR]
    before = stored(settings)["pupils"][noor]
    for target in (ids["Groep 8"], "k_000000000000"):
        r = clients.staff("juf.sanne").post(
            f"/leraar/leerling/{noor}/gegevens",
            data={"first_name": "Weg", "last_name": "Weg", "class_id": target},
        )
        assert r.status_code == 403
        assert "Naar deze klas kunt u deze leerling niet verplaatsen." in r.text
    assert stored(settings)["pupils"][noor] == before


def test_teacher_cannot_edit_a_pupil_of_another_class(clients, settings, demo):
    emma = demo.pupil_ids[EMMA]
    ids = class_ids(settings)
    before = stored(settings)["pupils"][emma]
    r = clients.staff("juf.sanne").post(
        f"/leraar/leerling/{emma}/gegevens",
        data={"first_name": "X", "last_name": "Y", "class_id": ids["Groep 6"]},
    )
    assert r.status_code == 403
    assert stored(settings)["pupils"][emma] == before


def test_unknown_pupil_is_404_for_staff(clients):
    assert clients.staff("juf.sanne").get("/leraar/leerling/p_000000000000").status_code == 404


def test_teacher_renames_their_class(clients, settings):
    ids = class_ids(settings)
    sanne = clients.staff("juf.sanne")
    r = sanne.post(
        f"/leraar/klas/{ids['Groep 6']}/naam", data={"name": "De Uilen"}, follow_redirects=False
    )
    assert r.status_code == 303
    assert stored(settings)["classes"][ids["Groep 6"]]["name"] == "De Uilen"
    r = sanne.post(f"/leraar/klas/{ids['Groep 8']}/naam", data={"name": "Van mij"})
    assert r.status_code == 403
    assert stored(settings)["classes"][ids["Groep 8"]]["name"] == "Groep 8"


def test_pupils_and_parents_cannot_open_teacher_pages(clients):
    for c in (clients.pupil(NOOR), clients.parent("moeder.noor")):
        assert c.get("/leraar").status_code in (403, 404)
        assert c.get("/beheer").status_code in (403, 404)
    assert clients.staff("juf.sanne").get("/beheer").status_code == 403


# --- adults linked to a pupil ---


def load(app, cookie: str):
    session = app.state.rugzak.sessions.decode(cookie)
    with app.state.rugzak.store.school.transaction() as db:
        return accounts.load(db, session.role, session.uid, session.epoch)


def test_unlinking_an_adult_removes_their_access(clients, settings, demo, app):
    noor = demo.pupil_ids[NOOR]
    parent = clients.parent("moeder.noor")
    assert "Noor" in parent.get("/ouder").text
    assert noor in load(app, parent.cookies.get(SESSION_COOKIE)).child_ids

    sanne = clients.staff("juf.sanne")
    page = sanne.get(f"/leraar/leerling/{noor}").text
    assert "Inge Bakker (moeder)" in page
    (link_id,) = [k for k, link in stored(settings)["links"].items() if link["pupil_id"] == noor]
    assert f"/volwassene/{link_id}/ontkoppelen" in page

    r = sanne.post(
        f"/leraar/leerling/{noor}/volwassene/{link_id}/ontkoppelen", follow_redirects=False
    )
    assert r.status_code == 303
    assert link_id not in stored(settings)["links"]
    assert "Nog niemand gekoppeld." in sanne.get(f"/leraar/leerling/{noor}").text

    # The adult's session still works, but Noor is gone from it.
    home = parent.get("/ouder")
    assert home.status_code == 200
    assert "Er is nog geen kind aan uw account gekoppeld." in home.text
    assert noor not in load(app, parent.cookies.get(SESSION_COOKIE)).child_ids


def test_unlinking_needs_the_pupils_own_link(clients, settings, demo):
    noor, daan = demo.pupil_ids[NOOR], demo.pupil_ids["Daan Visser"]
    links = stored(settings)["links"]
    (daan_link,) = [k for k, link in links.items() if link["pupil_id"] == daan]
    sanne = clients.staff("juf.sanne")
    r = sanne.post(f"/leraar/leerling/{noor}/volwassene/{daan_link}/ontkoppelen")
    assert r.status_code == 404
    emma = demo.pupil_ids[EMMA]
    (emma_link,) = [k for k, link in links.items() if link["pupil_id"] == emma]
    r = sanne.post(f"/leraar/leerling/{emma}/volwassene/{emma_link}/ontkoppelen")
    assert r.status_code == 403
    assert stored(settings)["links"] == links


def test_pupil_page_lists_the_invitation_codes_made(clients, demo, settings):
    kofi = demo.pupil_ids["Kofi Mensah"]
    sanne = clients.staff("juf.sanne")
    r = sanne.post(f"/leraar/leerling/{kofi}/uitnodiging", data={"relation": "vader"})
    assert "Code voor een ouder" in r.text
    (inv,) = stored(settings)["invitations"].values()
    assert (inv["pupil_id"], inv["relation"], inv["used_at"]) == (kofi, "vader", None)
    page = sanne.get(f"/leraar/leerling/{kofi}").text
    assert "nog niet gebruikt, geldig tot" in page
    assert "Code voor een ouder" not in page  # the code itself is shown only once


def test_teacher_of_another_class_cannot_make_an_invitation(clients, demo, settings):
    emma = demo.pupil_ids[EMMA]
    r = clients.staff("juf.sanne").post(f"/leraar/leerling/{emma}/uitnodiging")
    assert r.status_code == 403
    assert stored(settings).get("invitations", {}) == {}


def test_class_names_stay_unique(clients, settings):
    """The CSV import finds classes by name, so two classes may not share one."""
    ids = class_ids(settings)
    before = stored(settings)["classes"]
    admin = clients.staff("beheer")
    attempts = [
        admin.post("/beheer/klassen", data={"name": "groep 6 ", "group": "6"}),
        admin.post(f"/beheer/klas/{ids['Groep 7']}", data={"name": "Groep 8", "group": "7"}),
        clients.staff("juf.sanne").post(
            f"/leraar/klas/{ids['Groep 6']}/naam", data={"name": "GROEP 7"}
        ),
    ]
    for r in attempts:
        assert r.status_code == 400
        assert "Er is al een klas met deze naam." in r.text
    assert stored(settings)["classes"] == before
    # Keeping its own name (or changing only its case) is fine.
    r = admin.post(
        f"/beheer/klas/{ids['Groep 7']}",
        data={"name": "groep 7", "group": "7"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert stored(settings)["classes"][ids["Groep 7"]]["name"] == "groep 7"


def test_pages_after_reset_or_invite_offer_only_own_classes(clients, settings, demo):
    """The move-to-class list must not show (and offer) classes the teacher does not teach,
    also on the pages that come back from a PIN reset or a new invitation code."""
    ids = class_ids(settings)
    noor = demo.pupil_ids[NOOR]
    sanne = clients.staff("juf.sanne")
    for r in (
        sanne.get(f"/leraar/leerling/{noor}"),
        sanne.post(f"/leraar/leerling/{noor}/pincode"),
        sanne.post(f"/leraar/leerling/{noor}/uitnodiging", data={"relation": "vader"}),
    ):
        assert r.status_code == 200
        assert f'value="{ids["Groep 7"]}"' in r.text
        assert ids["Groep 8"] not in r.text


def test_pages_that_show_a_secret_once_are_not_cached(clients, settings, demo):
    ids = class_ids(settings)
    noor = demo.pupil_ids[NOOR]
    sanne = clients.staff("juf.sanne")
    admin = clients.staff("beheer")
    secret_pages = {
        "new pupil": sanne.post(
            f"/leraar/klas/{ids['Groep 6']}/leerlingen", data={"first_name": "A"}
        ),
        "new pin": sanne.post(f"/leraar/leerling/{noor}/pincode"),
        "invitation": sanne.post(f"/leraar/leerling/{noor}/uitnodiging"),
        "import": sanne.post(
            "/leraar/import", files={"file": ("a.csv", b"Naam;Groep;Klas\nB;6;Groep 6\n")}
        ),
        "staff password": admin.post(
            f"/beheer/medewerker/{staff_id(settings, 'meester.youssef')}/wachtwoord"
        ),
    }
    for what, r in secret_pages.items():
        assert r.status_code == 200, what
        assert r.headers.get("cache-control") == "no-store", what
