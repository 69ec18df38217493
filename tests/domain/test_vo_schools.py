"""The VO-school catalogue (server/domain/vo_schools.py): DUO's "alle vestigingen VO" in both
generations of column names and both encodings, all or nothing, and a re-import that keeps
what the school added by hand."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from server.domain import vo_schools
from server.domain.errors import Invalid, NotFound
from server.infra.store import Store, stored

LEVELS_TOML = Path(__file__).resolve().parents[2] / "server/worksheets/content/schoolniveaus.toml"

# The older generation: BRIN NUMMER + VESTIGINGSNUMMER (the whole code), ';', UTF-8 with BOM.
OLD_HEADER = (
    "PROVINCIE;BEVOEGD GEZAG NUMMER;BRIN NUMMER;VESTIGINGSNUMMER;VESTIGINGSNAAM;STRAATNAAM;"
    "HUISNUMMER-TOEVOEGING;POSTCODE;PLAATSNAAM;GEMEENTENUMMER;GEMEENTENAAM;DENOMINATIE;"
    "TELEFOONNUMMER;INTERNETADRES;ONDERWIJSSTRUCTUUR"
)
OLD_ROWS = [
    'Zuid-Holland;41234;12AB;12AB00;"Sint-Jozef Mavo; ""De Brug"", Ærø";Kerkstraat;12a;'
    "3011 AB;ROTTERDAM;0599;ROTTERDAM;Rooms-Katholiek;0101234567;www.sintjozef.nl;VBO/MAVO",
    "Zuid-Holland;41235;34CD;34CD01;Lyceum Zoë-Hélène;Laan van Nöö;1;3111 AA;SCHIEDAM;0606;"
    "SCHIEDAM;Openbaar;;https://lyceum.example;HAVO/VWO",
    "Zuid-Holland;41236;56EF;56EF00;Praktijkschool Brüggen;Dorpsweg;140;3083 AA;ROTTERDAM;"
    "0599;ROTTERDAM;Algemeen bijzonder;;;PRO",
    "Zuid-Holland;41237;78GH;78GH02;Scholengemeenschap 't Ëiland;Havenstraat;3-5;3024 AB;"
    "ROTTERDAM;0599;ROTTERDAM;Protestants-Christelijk;;www.eiland.example;VBO/MAVO/HAVO/VWO",
]
BROKEN_OLD = "Zuid-Holland;41238;90IJ;90IJ00;Te weinig velden;Straat"  # 6 fields, not 15


def old_file(rows: list[str]) -> bytes:
    return ("\ufeff" + "\r\n".join([OLD_HEADER, *rows]) + "\r\n").encode("utf-8")


# The newer generation: INSTELLINGSCODE + VESTIGINGSCODE, ',', Windows-1252.
NEW_HEADER = (
    "INSTELLINGSCODE,VESTIGINGSCODE,VESTIGINGSNAAM,STRAATNAAM,HUISNUMMER-TOEVOEGING,POSTCODE,"
    "PLAATSNAAM,GEMEENTENAAM,DENOMINATIE,INTERNETADRES,ONDERWIJSSTRUCTUUR,PROVINCIE"
)
NEW_ROWS = [
    '12AB,12AB00,"Sint-Jozef Mavo, ""De Brug""; Ærø",Kerkstraat,12a,3011 AB,ROTTERDAM,'
    "ROTTERDAM,Rooms-Katholiek,www.sintjozef.nl,VBO/MAVO,Zuid-Holland",
    '34CD,34CD01,"Lyceum Zoë-Hélène, locatie Noord",Laan van Nöö,1,3111 AA,SCHIEDAM,SCHIEDAM,'
    "Openbaar,,HAVO/VWO,Zuid-Holland",
    "56EF,56EF00,Praktijkschool Brüggen,Dorpsweg,140,3083 AA,ROTTERDAM,ROTTERDAM,"
    "Algemeen bijzonder,,PRO,Zuid-Holland",
]
BROKEN_NEW = "99ZZ,99ZZ00,,Straat,1,1234 AB,PLAATS,PLAATS,Openbaar,,HAVO,Zuid-Holland"  # no name


def new_file(rows: list[str]) -> bytes:
    return ("\r\n".join([NEW_HEADER, *rows]) + "\r\n").encode("cp1252")


def by_code(schools: list[vo_schools.VoSchool]) -> dict[str, vo_schools.VoSchool]:
    return {s.code: s for s in schools}


def catalogue(store: Store) -> dict[str, dict]:
    path = store.data_dir / "school.json"
    return stored(path).get(vo_schools.TABLE, {}) if path.exists() else {}


# --- reading both generations ---


def test_old_generation_with_bom_semicolons_quotes_and_crlf() -> None:
    schools = by_code(vo_schools.parse(old_file(OLD_ROWS)))
    assert list(schools) == ["12AB00", "34CD01", "56EF00", "78GH02"]
    jozef = schools["12AB00"]
    assert jozef.name == 'Sint-Jozef Mavo; "De Brug", Ærø'
    assert (jozef.street, jozef.house_number, jozef.postcode) == ("Kerkstraat", "12a", "3011 AB")
    assert (jozef.city, jozef.gemeente) == ("ROTTERDAM", "ROTTERDAM")
    assert (jozef.denomination, jozef.website) == ("Rooms-Katholiek", "www.sintjozef.nl")
    assert (jozef.structure, jozef.levels) == ("VBO/MAVO", ("vmbo-bk", "vmbo-gt"))
    assert schools["34CD01"].name == "Lyceum Zoë-Hélène"
    assert schools["34CD01"].street == "Laan van Nöö"
    assert schools["56EF00"].name == "Praktijkschool Brüggen"
    assert schools["78GH02"].name == "Scholengemeenschap 't Ëiland"


def test_new_generation_in_windows_1252_with_commas() -> None:
    data = new_file(NEW_ROWS)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # really not UTF-8
    schools = by_code(vo_schools.parse(data))
    assert list(schools) == ["12AB00", "34CD01", "56EF00"]
    assert schools["12AB00"].name == 'Sint-Jozef Mavo, "De Brug"; Ærø'
    assert schools["34CD01"].name == "Lyceum Zoë-Hélène, locatie Noord"
    assert schools["34CD01"].street == "Laan van Nöö"
    assert schools["56EF00"].name == "Praktijkschool Brüggen"
    assert schools["56EF00"].levels == ("praktijkonderwijs",)


def test_a_short_vestigingsnummer_is_joined_to_the_brin() -> None:
    row = "Zuid-Holland;1;12AB;1;School;Straat;1;1234 AB;P;1;P;Openbaar;;;MAVO"
    assert [s.code for s in vo_schools.parse(old_file([row]))] == ["12AB01"]


# --- a broken line: its number, nothing imported ---


@pytest.mark.parametrize(
    ("data", "line", "reason"),
    [
        (old_file([*OLD_ROWS, BROKEN_OLD]), 6, "Deze regel heeft 6 velden, de kopregel 15."),
        (old_file([OLD_ROWS[0], BROKEN_OLD, *OLD_ROWS[1:]]), 3, "6 velden"),
        (new_file([*NEW_ROWS[:2], BROKEN_NEW, NEW_ROWS[2]]), 4, "De naam van de school ontbreekt."),
        (new_file([*NEW_ROWS, NEW_ROWS[0]]), 5, "12AB00 staat ook al op regel 2."),
        (
            new_file([NEW_ROWS[0].replace("VBO/MAVO", "VBO/LWOO")]),
            2,
            "Onderwijsstructuur 'VBO/LWOO': 'LWOO' is onbekend",
        ),
        (new_file([NEW_ROWS[0].replace("12AB,12AB00", ",")]), 2, "De code van de school"),
    ],
)
def test_a_broken_line_is_named_and_nothing_is_imported(store, data, line, reason) -> None:
    with pytest.raises(vo_schools.BrokenFile) as caught:
        vo_schools.import_schools(store.school, vo_schools.parse(data), None)
    assert caught.value.line == line
    assert caught.value.message.startswith(f"Regel {line}: ")
    assert reason in caught.value.message
    assert catalogue(store) == {}


def test_the_broken_line_stops_a_reimport_too(store) -> None:
    vo_schools.import_schools(store.school, vo_schools.parse(old_file(OLD_ROWS)), None)
    before = catalogue(store)
    changed = [OLD_ROWS[0].replace("Kerkstraat", "Nieuwe Kerkstraat"), BROKEN_OLD]
    with pytest.raises(vo_schools.BrokenFile):
        vo_schools.import_schools(store.school, vo_schools.parse(old_file(changed)), None)
    assert catalogue(store) == before


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "Regel 1: Het bestand is leeg."),
        (b"NAAM;GROEP\r\nSara;8\r\n", "Regel 1: De kolom BRIN NUMMER en VESTIGINGSNUMMER"),
        ((OLD_HEADER + "\r\n").encode(), "Regel 2: Er staan geen scholen in het bestand."),
    ],
)
def test_not_duos_file_is_refused_in_plain_dutch(data, reason) -> None:
    with pytest.raises(vo_schools.BrokenFile, match=reason):
        vo_schools.parse(data)


# --- the structure mapping ---


def test_the_levels_are_the_worksheets_six() -> None:
    keys = [level["key"] for level in tomllib.loads(LEVELS_TOML.read_text())["levels"]]
    assert list(vo_schools.LEVELS) == keys
    mapped = {key for levels in vo_schools.LEVELS_BY_PART.values() for key in levels}
    assert mapped == set(keys)


@pytest.mark.parametrize(
    ("structure", "levels"),
    [
        ("PRO", ("praktijkonderwijs",)),
        ("VBO", ("vmbo-bk",)),
        ("MAVO", ("vmbo-gt",)),
        ("VBO/MAVO", ("vmbo-bk", "vmbo-gt")),
        ("HAVO", ("havo",)),
        ("VWO", ("vwo-atheneum", "vwo-gymnasium")),
        ("HAVO/VWO", ("havo", "vwo-atheneum", "vwo-gymnasium")),
        ("MAVO/HAVO", ("vmbo-gt", "havo")),
        ("VWO/HAVO", ("havo", "vwo-atheneum", "vwo-gymnasium")),
        (
            "VBO/MAVO/HAVO/VWO",
            ("vmbo-bk", "vmbo-gt", "havo", "vwo-atheneum", "vwo-gymnasium"),
        ),
        (" havo / vwo ", ("havo", "vwo-atheneum", "vwo-gymnasium")),
    ],
)
def test_onderwijsstructuur_maps_to_the_levels(structure, levels) -> None:
    assert vo_schools.levels_of(structure) == levels


def test_an_unknown_part_is_named() -> None:
    with pytest.raises(ValueError, match="VAVO"):
        vo_schools.levels_of("HAVO/VAVO")


# --- importing and re-importing ---


def test_import_stores_the_schools_with_their_structure(store) -> None:
    report = vo_schools.import_schools(store.school, vo_schools.parse(old_file(OLD_ROWS)), None)
    assert report == vo_schools.Report(added=4, updated=0, unchanged=0, gone=0)
    saved = catalogue(store)
    assert set(saved) == {"12AB00", "34CD01", "56EF00", "78GH02"}
    assert saved["12AB00"]["name"] == 'Sint-Jozef Mavo; "De Brug", Ærø'
    assert saved["12AB00"]["structure"] == "VBO/MAVO"
    assert saved["12AB00"]["levels"] == ["vmbo-bk", "vmbo-gt"]
    assert saved["12AB00"]["gone"] is False


def fill_in_by_hand(store) -> None:
    vo_schools.update_by_hand(
        store.school,
        "34CD01",
        profiles=["techniek", "zorg-welzijn"],
        concepts=["dalton", "tweetalig"],
        size="klein",
        days=[
            {"date": "2027-01-23", "time": "9.00 - 12.30", "place": "Aula", "link": ""},
            {"date": "", "time": "", "place": "", "link": ""},
            {"date": "2027-01-14", "time": "19:00", "place": "", "link": "lyceum.example/open"},
        ],
        chosen_levels=["havo", "vwo-gymnasium"],
    )


def test_what_the_school_added_is_saved(store) -> None:
    vo_schools.import_schools(store.school, vo_schools.parse(old_file(OLD_ROWS)), None)
    fill_in_by_hand(store)
    school = vo_schools.get_school(store.school, "34CD01")
    assert school["profiles"] == ["zorg-welzijn", "techniek"]  # in the list's order
    assert school["concepts"] == ["dalton", "tweetalig"]
    assert school["size"] == "klein"
    assert school["open_days"] == [
        {"date": "2027-01-14", "time": "19:00", "place": "", "link": "https://lyceum.example/open"},
        {"date": "2027-01-23", "time": "09:00-12:30", "place": "Aula", "link": ""},
    ]
    assert school["levels"] == ["havo", "vwo-gymnasium"]
    assert school["duo_levels"] == ["havo", "vwo-atheneum", "vwo-gymnasium"]


def test_reimport_updates_duo_fields_keeps_additions_and_marks_gone(store) -> None:
    vo_schools.import_schools(store.school, vo_schools.parse(old_file(OLD_ROWS)), None)
    fill_in_by_hand(store)
    # A year later, in the newer format: 34CD01 moved and grew, 78GH02 closed.
    rows = [NEW_ROWS[0], NEW_ROWS[1].replace("Laan van Nöö,1", "Nieuwe Laan,7"), NEW_ROWS[2]]
    rows[1] = rows[1].replace("HAVO/VWO", "MAVO/HAVO/VWO")
    report = vo_schools.import_schools(store.school, vo_schools.parse(new_file(rows)), None)
    assert report == vo_schools.Report(added=0, updated=2, unchanged=1, gone=1)
    school = vo_schools.get_school(store.school, "34CD01")
    assert (school["name"], school["street"]) == ("Lyceum Zoë-Hélène, locatie Noord", "Nieuwe Laan")
    assert school["structure"] == "MAVO/HAVO/VWO"
    assert school["profiles"] == ["zorg-welzijn", "techniek"]
    assert school["concepts"] == ["dalton", "tweetalig"]
    assert school["size"] == "klein"
    assert [d["date"] for d in school["open_days"]] == ["2027-01-14", "2027-01-23"]
    assert school["levels_by_hand"] == ["havo", "vwo-gymnasium"]  # the school's correction
    gone = vo_schools.get_school(store.school, "78GH02")
    assert gone["gone"] is True and gone["name"] == "Scholengemeenschap 't Ëiland"
    # Back in the file: no longer gone.
    again = vo_schools.parse(old_file(OLD_ROWS))
    assert vo_schools.import_schools(store.school, again, None).gone == 0
    assert vo_schools.get_school(store.school, "78GH02")["gone"] is False


def test_gemeente_filter_is_case_insensitive(store) -> None:
    schools = vo_schools.parse(old_file(OLD_ROWS))
    report = vo_schools.import_schools(store.school, schools, ["Schiedam"])
    assert report.added == 1 and set(catalogue(store)) == {"34CD01"}
    report = vo_schools.import_schools(store.school, schools, ["rotterdam", " SCHIEDAM "])
    assert (report.added, report.unchanged) == (3, 1)
    names = [s["name"] for s in vo_schools.list_schools(store.school, gemeente="Rotterdam")]
    assert names == [
        "Praktijkschool Brüggen",
        "Scholengemeenschap 't Ëiland",
        'Sint-Jozef Mavo; "De Brug", Ærø',
    ]
    assert [s["code"] for s in vo_schools.list_schools(store.school, name="zoë")] == ["34CD01"]
    assert vo_schools.gemeenten(store.school) == ["ROTTERDAM", "SCHIEDAM"]


def test_a_gemeente_without_schools_changes_nothing(store) -> None:
    schools = vo_schools.parse(old_file(OLD_ROWS))
    vo_schools.import_schools(store.school, schools, None)
    before = catalogue(store)
    with pytest.raises(Invalid, match="geen school in de gemeente Rotterdm"):
        vo_schools.import_schools(store.school, schools, ["Rotterdm"])  # a typo: not all gone
    assert catalogue(store) == before


# --- editing by hand: validated, data untouched on bad input ---


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"profiles": ["raketbouw"]}, "Onbekend profiel: raketbouw."),
        ({"concepts": ["x"]}, "Onbekend kenmerk: x."),
        ({"size": "reusachtig"}, "Kies een grootte uit de lijst."),
        ({"chosen_levels": []}, "Kies minstens één niveau"),
        ({"days": [{"date": "23-01-2027"}]}, "Open dag 1: vul een datum in"),
        ({"days": [{}, {"place": "Aula"}]}, "Open dag 2: vul een datum in"),
        ({"days": [{"date": "2027-01-23", "time": "half acht"}]}, "schrijf de tijd als 19:00"),
        ({"days": [{"date": "2027-01-23", "time": "21:00-19:00"}]}, "eindtijd moet na"),
        ({"days": [{"date": "2027-01-23", "link": "javascript:alert(1)"}]}, "webadres"),
        ({"days": [{"date": "2027-01-23"}] * 11}, "Hoogstens 10 open dagen"),
    ],
)
def test_bad_input_by_hand_is_refused(store, change, message) -> None:
    vo_schools.import_schools(store.school, vo_schools.parse(old_file(OLD_ROWS)), None)
    before = catalogue(store)
    fields = {
        "profiles": [],
        "concepts": [],
        "size": "",
        "days": [],
        "chosen_levels": ["havo"],
        **change,
    }
    with pytest.raises(Invalid, match=message):
        vo_schools.update_by_hand(store.school, "34CD01", **fields)
    assert catalogue(store) == before


def test_levels_like_duos_are_no_correction(store) -> None:
    vo_schools.import_schools(store.school, vo_schools.parse(old_file(OLD_ROWS)), None)
    vo_schools.update_by_hand(
        store.school,
        "12AB00",
        profiles=[],
        concepts=[],
        size="",
        days=[],
        chosen_levels=["vmbo-gt", "vmbo-bk"],
    )
    assert catalogue(store)["12AB00"]["levels_by_hand"] is None


def test_an_unknown_school_is_not_found(store) -> None:
    with pytest.raises(NotFound):
        vo_schools.get_school(store.school, "00XX00")


@pytest.mark.parametrize(
    ("website", "link"),
    [
        ("www.school.nl", "https://www.school.nl"),
        ("http://school.nl/", "http://school.nl/"),
        ("javascript:alert(1)", None),
        ("", None),
    ],
)
def test_website_links_are_only_http(website, link) -> None:
    assert vo_schools.website_link(website) == link


def test_a_failure_halfway_writes_nothing(store, monkeypatch) -> None:
    """One transaction: a school that cannot be written undoes the ones before it."""
    vo_schools.import_schools(store.school, vo_schools.parse(old_file(OLD_ROWS[:1])), None)
    before = catalogue(store)
    real = vo_schools._new_document
    seen: list[str] = []

    def fails_on_the_third(school):
        seen.append(school.code)
        if len(seen) == 3:
            raise OSError("disk full")
        return real(school)

    monkeypatch.setattr(vo_schools, "_new_document", fails_on_the_third)
    with pytest.raises(OSError):
        vo_schools.import_schools(store.school, vo_schools.parse(old_file(OLD_ROWS)), None)
    assert len(seen) == 3
    assert catalogue(store) == before
    assert [s["code"] for s in vo_schools.list_schools(store.school)] == ["12AB00"]
