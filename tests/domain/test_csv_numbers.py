"""The CSV import by the administration's pupil number (server/domain/csv_import.py and
csv_reading.py): headers, never a BSN, matching by number and never by name, a number given
to a pupil who had none, and lines without a number in a school that uses numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from server.domain import csv_import
from server.domain import school as school_db
from server.infra.store import Store, stored
from tests import factories


def parse(text: str):
    return csv_import.parse(text.encode())


@pytest.mark.parametrize(
    "header",
    ["Leerlingnummer", "leerlingnummer", "Leerling nummer", "LEERLINGNR", "Stamnummer", "llnr"],
)
def test_the_usual_number_headers_are_recognised(header):
    rows, errors = parse(f"{header};Roepnaam;Achternaam;Groep;Klas\n4711;Sara;Vries;8;8A\n")
    assert errors == []
    assert rows[0].number == "4711"


@pytest.mark.parametrize("header", ["BSN", "Burgerservicenummer", "Leerlingnummer (BSN)", "PGN"])
def test_a_bsn_column_is_never_read(header):
    rows, errors = parse(f"{header};Naam;Groep;Klas\n123456782;Sara Vries;8;8A\n")
    assert errors == []
    assert rows[0].number == ""
    assert "123456782" not in repr(rows)


def test_a_bsn_in_the_number_column_is_refused():
    rows, errors = parse("Leerlingnummer;Naam;Groep;Klas\n123456782;Sara Vries;8;8A\n")
    assert rows == []
    assert errors[0].line == 2 and "BSN" in errors[0].reason
    rows, errors = parse("Leerlingnummer;Naam;Groep;Klas\n123456789;Sara Vries;8;8A\n")
    assert errors == [] and rows[0].number == "123456789"  # fails the eleven test: a number


def test_missing_and_repeated_numbers_are_reported_per_line():
    _, errors = parse(
        "Leerlingnummer;Naam;Groep;Klas\n"
        "1;Sara Vries;8;8A\n"
        ";Tim Bos;8;8A\n"
        "1;Sara Anders;8;8B\n"
        "?!;Mo Kaya;8;8A\n"
    )
    assert [(e.line, e.reason) for e in errors] == [
        (3, "Het leerlingnummer ontbreekt."),
        (4, "Deze leerling staat ook al op regel 2."),
        (5, "Leerlingnummer '?!' klopt niet."),
    ]


def test_same_name_twice_with_two_numbers_is_two_pupils():
    rows, errors = parse("Leerlingnummer;Naam;Groep;Klas\n1;Sam Jansen;7;7A\n2;Sam Jansen;7;7A\n")
    assert errors == [] and [r.number for r in rows] == ["1", "2"]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "data")


def run(store: Store, text: str, apply: bool = True):
    rows, errors = parse(text)
    assert errors == []
    if not apply:
        return csv_import.preview(store.school, rows, lambda _: True, True)
    return csv_import.apply_rows(store.school, rows, ["h"] * len(rows), lambda _: True, True)


def test_a_pupil_without_a_number_is_given_one_once_and_the_preview_says_so(store: Store):
    cls = factories.school_class(store, group=7)
    older = factories.pupil(store, cls)  # an older import: no number
    text = (
        f"Leerlingnummer;Roepnaam;Achternaam;Groep;Klas\n77;{older.first_name};Test;7;{cls.name}\n"
    )
    before = stored(store.data_dir / "school.json")
    outcomes, errors = run(store, text, apply=False)
    assert errors == [] and [o["action"] for o in outcomes] == ["numbered"]
    assert stored(store.data_dir / "school.json") == before  # the preview wrote nothing
    outcomes, errors = run(store, text)
    assert [o["action"] for o in outcomes] == ["numbered"]
    with store.school.transaction() as db:
        assert school_db.get_pupil(db, older.id)["number"] == "77"
        assert len(school_db.pupils(db)) == 1
    # A different number for the same name is someone else: she already has her number.
    text = (
        f"Leerlingnummer;Roepnaam;Achternaam;Groep;Klas\n78;{older.first_name};Test;7;{cls.name}\n"
    )
    outcomes, _ = run(store, text)
    assert [o["action"] for o in outcomes] == ["new"]


def test_found_by_number_never_by_name(store: Store):
    cls = factories.school_class(store, group=7)
    run(store, f"Leerlingnummer;Naam;Groep;Klas\n5;Sam Jansen;7;{cls.name}\n")
    # Another Sam Jansen (another number) is a new pupil, not the same one.
    outcomes, _ = run(store, f"Leerlingnummer;Naam;Groep;Klas\n6;Sam Jansen;7;{cls.name}\n")
    assert [o["action"] for o in outcomes] == ["new"]
    # Number 5 with a new name is Sam, renamed: the preview says what she was called.
    outcomes, _ = run(
        store, f"Leerlingnummer;Naam;Groep;Klas\n5;Samira Jansen;7;{cls.name}\n", apply=False
    )
    assert outcomes[0]["action"] == "updated" and outcomes[0]["was"] == "naam was Sam Jansen"


def test_a_school_that_uses_numbers_refuses_lines_without_one(store: Store):
    cls = factories.school_class(store, group=7)
    run(store, f"Leerlingnummer;Naam;Groep;Klas\n5;Sam Jansen;7;{cls.name}\n")
    rows, errors = parse(f"Naam;Groep;Klas\nSam Jansen;7;{cls.name}\nMo Kaya;7;{cls.name}\n")
    assert errors == []
    outcomes, errors = csv_import.apply_rows(store.school, rows, ["h", "h"], lambda _: True, True)
    assert outcomes == []
    assert [(e.line, e.reason) for e in errors] == [
        (2, csv_import.MSG_NO_NUMBER),
        (3, csv_import.MSG_NO_NUMBER),
    ]


def test_a_teacher_cannot_take_a_pupil_out_of_another_teachers_class(store: Store):
    mine = factories.school_class(store, group=7)
    theirs = factories.school_class(store, group=7)
    run(store, f"Leerlingnummer;Naam;Groep;Klas\n5;Sam Jansen;7;{theirs.name}\n")
    rows, _ = parse(f"Leerlingnummer;Naam;Groep;Klas\n5;Sam Jansen;7;{mine.name}\n")
    outcomes, errors = csv_import.apply_rows(
        store.school, rows, ["h"], lambda class_id: class_id == mine.id, False
    )
    assert outcomes == [] and errors[0].reason == "Leerling 5 zit niet in uw klas."


def test_a_pupil_who_left_is_not_brought_back_by_her_number(store: Store):
    cls = factories.school_class(store, group=8)
    run(store, f"Leerlingnummer;Naam;Groep;Klas\n5;Sam Jansen;8;{cls.name}\n")
    with store.school.transaction() as db:
        (sam,) = school_db.pupils(db)
        school_db.update_pupil(db, sam["id"], left_on="2027-07-20", disabled=True, class_id="")
    rows, _ = parse(f"Leerlingnummer;Naam;Groep;Klas\n5;Sam Jansen;8;{cls.name}\n")
    _, errors = csv_import.apply_rows(store.school, rows, ["h"], lambda _: True, True)
    assert errors[0].reason == "Leerling 5 is van school af."
