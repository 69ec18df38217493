"""The admin's VO-school pages (server/web/routes/vo_schools.py): upload DUO's file all or
nothing, the broken line's number on the page, filling in open days; nobody else gets in."""

from __future__ import annotations

import re

import pytest

from server.infra.store import stored
from tests.domain.test_vo_schools import BROKEN_OLD, NEW_ROWS, OLD_ROWS, new_file, old_file


def school_file(settings) -> dict:
    return stored(settings.data_dir / "school.json")


@pytest.fixture(autouse=True)
def no_catalogue_yet(app) -> None:
    """The demo school comes with ten invented schools; these tests start from none."""
    with app.state.rugzak.store.school.transaction() as db:
        db.drop_table("vo_schools")


def catalogue(settings) -> dict:
    return school_file(settings).get("vo_schools", {})


def upload(client, data: bytes, gemeenten: str = "", filename: str = "vestigingen.csv"):
    return client.post(
        "/beheer/vo-scholen",
        files={"file": (filename, data, "text/csv")},
        data={"gemeenten": gemeenten},
    )


def test_admin_uploads_duos_file_and_sees_the_schools(clients, settings):
    admin = clients.staff("beheer")
    page = admin.get("/beheer/vo-scholen")
    assert page.status_code == 200
    assert "Er staan nog geen scholen in Rugzak" in page.text
    r = upload(admin, old_file(OLD_ROWS))
    assert r.status_code == 200, r.text
    assert "4 nieuwe scholen" in r.text
    assert "Sint-Jozef Mavo; &#34;De Brug&#34;, Ærø" in r.text
    assert "Lyceum Zoë-Hélène" in r.text
    assert set(catalogue(settings)) == {"12AB00", "34CD01", "56EF00", "78GH02"}
    # The list filters by gemeente and by name.
    only = admin.get("/beheer/vo-scholen", params={"gemeente": "SCHIEDAM"}).text
    assert "Lyceum Zoë-Hélène" in only and "Brüggen" not in only
    found = admin.get("/beheer/vo-scholen", params={"naam": "brüg"}).text
    assert "Praktijkschool Brüggen" in found and "Lyceum" not in found


def test_windows_1252_with_a_gemeente_filter(clients, settings):
    admin = clients.staff("beheer")
    r = upload(admin, new_file(NEW_ROWS), gemeenten="rotterdam")
    assert r.status_code == 200, r.text
    assert "2 nieuwe scholen" in r.text
    saved = catalogue(settings)
    assert set(saved) == {"12AB00", "56EF00"}
    assert saved["12AB00"]["name"] == 'Sint-Jozef Mavo, "De Brug"; Ærø'


def test_a_broken_file_shows_its_line_and_imports_nothing(clients, settings):
    admin = clients.staff("beheer")
    before = school_file(settings)
    r = upload(admin, old_file([*OLD_ROWS[:2], BROKEN_OLD, *OLD_ROWS[2:]]))
    assert r.status_code == 400
    assert "Er is niets ingelezen." in r.text
    assert "Regel 4: Deze regel heeft 6 velden, de kopregel 15." in r.text
    assert school_file(settings) == before


@pytest.mark.parametrize(
    ("files", "status", "message"),
    [
        ({"file": ("", b"", "text/csv")}, 400, "Kies eerst het CSV-bestand van DUO."),
        ({"file": ("x.csv", b"x" * (4 * 1024 * 1024 + 1), "text/csv")}, 413, "te groot"),
    ],
)
def test_no_file_or_too_big(clients, settings, files, status, message):
    before = school_file(settings)
    r = clients.staff("beheer").post("/beheer/vo-scholen", files=files)
    assert r.status_code == status
    assert message in r.text
    assert school_file(settings) == before


def test_an_unknown_gemeente_imports_nothing(clients, settings):
    r = upload(clients.staff("beheer"), old_file(OLD_ROWS), gemeenten="Rotterdm")
    assert r.status_code == 400
    assert "geen school in de gemeente Rotterdm. Er is niets ingelezen." in r.text
    assert catalogue(settings) == {}


def edit_form(**changes) -> dict:
    form = {
        "levels": ["havo", "vwo-atheneum"],
        "profiles": ["techniek"],
        "concepts": ["dalton", "sport"],
        "size": "groot",
        "od_date": ["2027-01-23", "", ""],
        "od_time": ["19:00-21:00", "", ""],
        "od_place": ["Aula", "", ""],
        "od_link": ["www.lyceum.example/open-dag", "", ""],
    }
    return {**form, **changes}


def test_admin_fills_in_open_days_and_a_reimport_keeps_them(clients, settings):
    admin = clients.staff("beheer")
    upload(admin, old_file(OLD_ROWS))
    page = admin.get("/beheer/vo-scholen/34CD01")
    assert page.status_code == 200
    assert "Lyceum Zoë-Hélène" in page.text
    assert page.text.count('name="od_date"') == 2  # no open days yet: two empty rows
    r = admin.post("/beheer/vo-scholen/34CD01", data=edit_form(), follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/beheer/vo-scholen/34CD01?opgeslagen=1"
    page = admin.get(r.headers["location"]).text
    assert "Opgeslagen." in page
    assert 'value="2027-01-23"' in page and 'value="https://www.lyceum.example/open-dag"' in page
    assert page.count('name="od_date"') == 3
    saved = catalogue(settings)["34CD01"]
    assert saved["open_days"] == [
        {
            "date": "2027-01-23",
            "time": "19:00-21:00",
            "place": "Aula",
            "link": "https://www.lyceum.example/open-dag",
        }
    ]
    assert (saved["profiles"], saved["concepts"], saved["size"]) == (
        ["techniek"],
        ["dalton", "sport"],
        "groot",
    )
    assert saved["levels_by_hand"] == ["havo", "vwo-atheneum"]

    r = upload(admin, new_file(NEW_ROWS))
    assert "1 school staat niet meer in het bestand" in r.text
    assert "Niet meer in DUO." in r.text
    again = catalogue(settings)["34CD01"]
    assert again["name"] == "Lyceum Zoë-Hélène, locatie Noord"
    assert again["open_days"] == saved["open_days"]
    assert again["levels_by_hand"] == ["havo", "vwo-atheneum"]


def test_a_wrong_open_day_is_shown_and_nothing_saved(clients, settings):
    admin = clients.staff("beheer")
    upload(admin, old_file(OLD_ROWS))
    before = school_file(settings)
    form = edit_form(od_date=["2027-01-23", "", ""], od_place=["Aula", "Gymzaal", ""])
    r = admin.post("/beheer/vo-scholen/34CD01", data=form)
    assert r.status_code == 400
    assert "Open dag 2: vul een datum in" in r.text
    assert 'value="Gymzaal"' in r.text  # what was typed stays on the page
    assert school_file(settings) == before


def test_an_unknown_school_is_404(clients):
    admin = clients.staff("beheer")
    assert admin.get("/beheer/vo-scholen/00XX00").status_code == 404
    assert admin.post("/beheer/vo-scholen/00XX00", data=edit_form()).status_code == 404


@pytest.mark.parametrize(
    ("kind", "who", "status"),
    [
        ("staff", "juf.sanne", 403),
        ("parent", "moeder.noor", 404),
        ("pupil", "Emma de Vries", 404),
    ],
)
def test_others_are_refused_and_nothing_changes(clients, settings, kind, who, status):
    upload(clients.staff("beheer"), old_file(OLD_ROWS))
    before = school_file(settings)
    client = getattr(clients, kind)(who)
    assert client.get("/beheer/vo-scholen").status_code == status
    assert client.get("/beheer/vo-scholen/34CD01").status_code == status
    r = client.post("/beheer/vo-scholen/34CD01", data=edit_form())
    assert r.status_code == status
    r = client.post("/beheer/vo-scholen", files={"file": ("v.csv", new_file(NEW_ROWS), "text/csv")})
    assert r.status_code == status
    assert school_file(settings) == before
    assert not re.search("Lyceum", client.get("/beheer/vo-scholen").text)
