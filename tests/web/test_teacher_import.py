"""The import page (/leraar/import in server/web/routes/teacher.py): all lines or nothing,
into the classes the teacher may import into, PINs shown once."""

from __future__ import annotations

import re

from server.infra import passwords
from server.infra.store import stored as read_stored


def stored(settings) -> dict:
    return read_stored(settings.data_dir / "school.json")


def upload(client, data: bytes | str, filename: str = "leerlingen.csv"):
    if isinstance(data, str):
        data = data.encode()
    return client.post("/leraar/import", files={"file": (filename, data, "text/csv")})


def pins_shown(html: str) -> dict[str, tuple[str, str]]:
    """Name -> (class, PIN) from the result page."""
    found = re.findall(
        r"<tr><td>([^<]*)</td><td>([^<]*)</td><td class=\"code\">(\d+)</td></tr>", html
    )
    return {name: (cls, pin) for name, cls, pin in found}


PARNASSYS = (
    "Roepnaam;Tussenvoegsel;Achternaam;Groep;Klas\n"
    "Sara;de;Vries;8;Groep 8\n"
    "Tim;;Bos;8;Groep 8B\n"
    "Zoë;;Müller;6;Groep 6B\n"
)


def test_admin_import_creates_classes_and_pupils(clients, settings):
    before = stored(settings)
    admin = clients.staff("beheer")
    assert "Leerlingen inlezen" in admin.get("/leraar/import").text
    r = upload(admin, PARNASSYS)
    assert r.status_code == 200, r.text
    assert "3 nieuwe leerlingen;" in r.text
    shown = pins_shown(r.text)
    assert set(shown) == {"Sara de Vries", "Tim Bos", "Zoë Müller"}

    after = stored(settings)
    new_classes = {c["name"]: (k, c) for k, c in after["classes"].items()}
    assert set(new_classes) - {c["name"] for c in before["classes"].values()} == {
        "Groep 8B",
        "Groep 6B",
    }
    assert new_classes["Groep 6B"][1]["group"] == 6
    new_pupils = {
        f"{p['first_name']} {p['last_name']}": p
        for k, p in after["pupils"].items()
        if k not in before["pupils"]
    }
    assert set(new_pupils) == set(shown)
    assert new_pupils["Sara de Vries"]["class_id"] == new_classes["Groep 8"][0]  # existing class
    assert new_pupils["Tim Bos"]["class_id"] == new_classes["Groep 8B"][0]
    for name, (_, pin) in shown.items():
        assert passwords.verify_secret(pin, new_pupils[name]["pin_hash"])

    # The PINs work for signing in.
    p_id = next(k for k, p in after["pupils"].items() if p["first_name"] == "Zoë")
    code = new_classes["Groep 6B"][1]["code"]
    c = clients.anonymous()
    r = c.post(f"/klas/{code}/{p_id}", data={"pin": shown["Zoë Müller"][1]}, follow_redirects=False)
    assert r.status_code == 303


def test_one_bad_line_imports_nothing(clients, settings):
    before = stored(settings)
    r = upload(clients.staff("beheer"), PARNASSYS + "Mo;;Kok;5;Groep 5\nLi;;Wu;;Groep 8\n")
    assert r.status_code == 400
    assert "Er is niets ingelezen." in r.text
    assert "Regel 5: Groep 5: Rugzak is voor groep 6, 7 en 8." in r.text
    assert "Regel 6: De groep ontbreekt of is geen getal." in r.text
    assert stored(settings) == before


def test_class_with_two_groups_in_one_file_imports_nothing(clients, settings):
    before = stored(settings)
    r = upload(clients.staff("beheer"), "Naam;Groep;Klas\nSara;7;Combi\nTim;8;Combi\n")
    assert r.status_code == 400
    assert "Regel 3: Klas &#39;Combi&#39; staat ook met een andere groep in het bestand." in r.text
    assert stored(settings) == before


def test_group_must_match_an_existing_class(clients, settings):
    before = stored(settings)
    r = upload(clients.staff("beheer"), "Naam;Groep;Klas\nSara;7;Groep 6\n")
    assert r.status_code == 400
    assert "Regel 2: Klas &#39;Groep 6&#39; is groep 6, niet groep 7." in r.text
    assert stored(settings) == before


def test_teacher_imports_into_own_class(clients, settings):
    before = stored(settings)
    r = upload(clients.staff("juf.sanne"), "Naam;Groep;Klas\nFleur van Dam;6;groep 6\n")
    assert r.status_code == 200
    assert "Fleur van Dam" in pins_shown(r.text)
    (new,) = [p for k, p in stored(settings)["pupils"].items() if k not in before["pupils"]]
    six = next(k for k, c in before["classes"].items() if c["name"] == "Groep 6")
    assert new["class_id"] == six


def test_teacher_cannot_import_into_a_class_that_is_not_theirs(clients, settings):
    before = stored(settings)
    r = upload(
        clients.staff("juf.sanne"),
        "Naam;Groep;Klas\nFleur;6;Groep 6\nJoep;8;Groep 8\nLot;8;Nieuwe klas\n",
    )
    assert r.status_code == 400
    assert "Regel 3: Klas &#39;Groep 8&#39; is niet een klas van u." in r.text
    assert "Regel 4: Klas &#39;Nieuwe klas&#39; is niet een klas van u." in r.text
    assert "Regel 2" not in r.text
    assert stored(settings) == before


def test_reimport_skips_existing_pupils(clients, settings):
    admin = clients.staff("beheer")
    assert upload(admin, PARNASSYS).status_code == 200
    once = stored(settings)
    r = upload(admin, PARNASSYS + "Nina;;Vos;8;Groep 8\n")
    assert r.status_code == 200
    assert "1 nieuwe leerling; 3 leerlingen stonden er al in." in " ".join(r.text.split())
    assert set(pins_shown(r.text)) == {"Nina Vos"}
    assert "Bijgewerkt" not in r.text  # found again, nothing changed
    twice = stored(settings)
    assert len(twice["pupils"]) == len(once["pupils"]) + 1
    assert len(twice["classes"]) == len(once["classes"])


def test_demo_pupils_are_recognised_on_reimport(clients, settings):
    before = stored(settings)
    r = upload(clients.staff("beheer"), "Roepnaam;Achternaam;Groep;Klas\nNoor;Bakker;6;Groep 6\n")
    assert r.status_code == 200
    assert "0 nieuwe leerlingen; 1 leerling stond er al in." in " ".join(r.text.split())
    assert stored(settings)["pupils"] == before["pupils"]


def test_oversize_file_is_refused(clients, settings):
    before = stored(settings)
    big = "Naam;Groep;Klas\n" + "Sara de Vries;8;8A\n" * 20_000  # ~380 KB
    r = upload(clients.staff("beheer"), big)
    assert r.status_code == 413
    assert "Dit bestand is te groot." in r.text
    assert stored(settings) == before


def test_no_file_chosen(clients):
    r = clients.staff("beheer").post("/leraar/import", data={"x": "1"})
    assert r.status_code == 400
    assert "Kies eerst een CSV-bestand." in r.text


def test_binary_file_is_reported_not_crashing(clients, settings):
    before = stored(settings)
    r = upload(clients.staff("beheer"), bytes(range(256)) * 4, filename="foto.jpg")
    assert r.status_code == 400
    assert "Er is niets ingelezen." in r.text
    assert stored(settings) == before


def test_pupils_and_parents_cannot_import(clients, settings):
    before = stored(settings)
    for c in (clients.pupil("Noor Bakker"), clients.parent("moeder.noor")):
        r = upload(c, PARNASSYS)
        assert r.status_code in (403, 404)
    assert stored(settings) == before
