"""Reading the CSV files Dutch pupil administrations export (server/domain/csv_import.py),
line by line (the import page: tests/web/test_teacher_import.py)."""

from __future__ import annotations

import pytest

from server.domain.csv_import import LineError, Row, parse


def names(rows: list[Row]) -> list[tuple[int, str, str, int, str]]:
    return [(r.line, r.first_name, r.last_name, r.group, r.class_name) for r in rows]


def lines(text: str) -> bytes:
    return text.encode("utf-8")


# --- the parser ---


def test_parnassys_export_with_semicolons():
    rows, errors = parse(
        lines(
            "Roepnaam;Tussenvoegsel;Achternaam;Geboortedatum;Groep;Klas\n"
            "Sara;de;Vries;01-02-2015;8;8A\n"
            "Tim;;Bos;03-04-2016;7;7B\n"
        )
    )
    assert errors == []
    assert names(rows) == [(2, "Sara", "de Vries", 8, "8A"), (3, "Tim", "Bos", 7, "7B")]


def test_comma_separated_with_spaces_and_quotes():
    rows, errors = parse(
        lines('Voornaam, Achternaam, Groep, Klas\n"Sara", "de Vries", "groep 8", "Groep 8A"\n')
    )
    assert errors == []
    assert names(rows) == [(2, "Sara", "de Vries", 8, "Groep 8A")]


def test_tab_separated():
    rows, errors = parse(lines("Naam\tGroep\tKlas\nSara de Vries\t8\t8A\n"))
    assert (errors, names(rows)) == ([], [(2, "Sara", "de Vries", 8, "8A")])


def test_single_name_column():
    rows, errors = parse(lines("Naam;Groep;Klas\nSara de Vries;8;8A\nMo;6;6B\n"))
    assert errors == []
    assert names(rows) == [(2, "Sara", "de Vries", 8, "8A"), (3, "Mo", "", 6, "6B")]


@pytest.mark.parametrize(
    "data",
    [
        "Naam;Groep;Klas\nVries, Sara de;8;8A\n",
        'Naam,Groep,Klas\n"Vries, Sara de",8,8A\n',
        "Roepnaam;Achternaam;Groep;Klas\nSara;Vries, de;8;8A\n",
    ],
)
def test_last_name_first_form(data):
    rows, errors = parse(lines(data))
    assert (errors, names(rows)) == ([], [(2, "Sara", "de Vries", 8, "8A")])


def test_windows_encoding():
    data = "Naam;Groep;Klas\nAdam Öztürk;8;8A\nZoë Müller;7;7A\n".encode("cp1252")
    rows, errors = parse(data)
    assert errors == []
    assert [(r.first_name, r.last_name) for r in rows] == [("Adam", "Öztürk"), ("Zoë", "Müller")]


def test_utf8_with_bom_and_windows_line_ends():
    data = "\ufeffRoepnaam;Achternaam;Groep;Klas\r\nZoë;Müller;7;7A\r\n".encode()
    rows, errors = parse(data)
    assert (errors, names(rows)) == ([], [(2, "Zoë", "Müller", 7, "7A")])


def test_utf16_from_excel():
    data = "Naam\tGroep\tKlas\r\nAyşe Kaya\t6\t6A\r\n".encode("utf-16")
    rows, errors = parse(data)
    assert (errors, names(rows)) == ([], [(2, "Ayşe", "Kaya", 6, "6A")])


def test_empty_lines_are_skipped_and_line_numbers_stay_true():
    rows, errors = parse(lines("\nNaam;Groep;Klas\n\nSara;8;8A\n;;\n\nTim;7;7B\n"))
    assert errors == []
    assert [r.line for r in rows] == [4, 7]


def test_group_5_is_refused_with_its_line():
    rows, errors = parse(lines("Naam;Groep;Klas\nSara;8;8A\nTim;5;5A\nMo;6;6A\n"))
    assert errors == [LineError(3, "Groep 5: Rugzak is voor groep 6, 7 en 8.")]
    assert [r.line for r in rows] == [2, 4]


@pytest.mark.parametrize("group", ["", "acht", "  "])
def test_missing_group(group):
    _, errors = parse(lines(f"Naam;Groep;Klas\nSara;8;8A\nTim;{group};8A\n"))
    assert errors == [LineError(3, "De groep ontbreekt of is geen getal.")]


def test_combination_group_must_name_one_group():
    _, errors = parse(lines("Naam;Groep;Klas\nSara;6/7;Groep 6/7\n"))
    assert errors == [LineError(2, "Groep '6/7': noem één groep per leerling (6, 7 of 8).")]


def test_jaargroep_column_is_the_year_and_groep_the_class():
    rows, errors = parse(
        lines("Roepnaam;Achternaam;Groep;Jaargroep\nSara;Bos;6/7a;7\nTim;Kok;6/7a;6\n")
    )
    assert errors == []
    assert names(rows) == [(2, "Sara", "Bos", 7, "6/7a"), (3, "Tim", "Kok", 6, "6/7a")]


def test_missing_class_falls_back_to_the_group():
    rows, errors = parse(lines("Naam;Groep\nSara;7\n"))
    assert (errors, names(rows)) == ([], [(2, "Sara", "", 7, "Groep 7")])


def test_missing_name():
    _, errors = parse(lines("Roepnaam;Achternaam;Groep\nSara;Bos;7\n;Kok;7\n"))
    assert errors == [LineError(3, "De naam ontbreekt.")]


def test_duplicate_line_names_the_first():
    rows, errors = parse(lines("Naam;Groep;Klas\nSara Bos;8;8A\nTim;7;7A\nsara bos;8;8a\n"))
    assert errors == [LineError(4, "Deze leerling staat ook al op regel 2.")]
    assert len(rows) == 2


def test_same_name_in_two_classes_is_fine():
    rows, errors = parse(lines("Naam;Groep;Klas\nSara Bos;8;8A\nSara Bos;7;7A\n"))
    assert (errors, len(rows)) == ([], 2)


@pytest.mark.parametrize(
    "data",
    [
        "Sara;de Vries;8;8A\nTim;Bos;7;7A\n",  # no header at all
        "Naam;Klas\nSara;8A\n",  # no group column
        "Groep;Klas\n8;8A\n",  # no name column
    ],
)
def test_header_must_name_the_columns(data):
    rows, errors = parse(lines(data))
    assert rows == []
    assert len(errors) == 1
    assert errors[0].line == 1
    assert "De eerste regel moet de kolommen noemen" in errors[0].reason


@pytest.mark.parametrize("data", [b"", b"\n\n  \n"])
def test_empty_file(data):
    assert parse(data) == ([], [LineError(1, "Het bestand is leeg.")])


def test_header_only():
    assert parse(lines("Naam;Groep;Klas\n")) == (
        [],
        [LineError(2, "Er staan geen leerlingen in het bestand.")],
    )


def test_several_bad_lines_are_all_reported():
    _, errors = parse(lines("Naam;Groep;Klas\nA;5;5A\nB;8;8A\n;8;8A\nC;9;9A\nB;8;8A\n"))
    assert [e.line for e in errors] == [2, 4, 5, 6]


def test_too_long_names_are_refused():
    _, errors = parse(lines(f"Naam;Groep;Klas\n{'X' * 61} Bos;8;8A\n"))
    assert errors == [LineError(2, "De naam is te lang.")]


def test_control_characters_are_removed():
    rows, errors = parse(lines("Naam;Groep;Klas\nSa\x00ra\x1b Bos;8;8A\n"))
    assert (errors, names(rows)) == ([], [(2, "Sara", "Bos", 8, "8A")])
