"""Import pupils from the CSV that Dutch pupil administrations export.

ParnasSys, ESIS and friends export with ';' or ',' and varying column names
(Roepnaam/Voornaam, Tussenvoegsel, Achternaam, Groep, Klas/Stamgroep) or a single
name column. Every problem is reported with its line number; nothing is imported
unless every line is fine.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

MAX_ROWS = 2000

ALIASES = {
    "name": {"naam", "name", "leerling", "volledige naam", "volledigenaam"},
    "first": {"voornaam", "roepnaam", "first name", "firstname", "voornamen"},
    "infix": {"tussenvoegsel", "tussenvoegsels", "tussenv", "infix"},
    "last": {"achternaam", "last name", "lastname", "surname", "familienaam"},
    "group": {"groep", "group", "leerjaar", "jaargroep"},
    "class": {"klas", "class", "stamgroep", "groepsnaam", "klasnaam"},
}


@dataclass(frozen=True)
class Row:
    line: int
    first_name: str
    last_name: str
    group: int
    class_name: str


@dataclass(frozen=True)
class LineError:
    line: int
    reason: str


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _columns(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, title in enumerate(header):
        key = re.sub(r"\s+", " ", title.strip().lower())
        for column, names in ALIASES.items():
            if key in names and column not in found:
                found[column] = index
    return found


def _group(value: str) -> int | None:
    digits = re.sub(r"[^0-9]", "", value)
    return int(digits) if digits else None


def _split_name(name: str) -> tuple[str, str]:
    if "," in name:  # "Vries, Sara de" as some exports write it
        last, _, first = name.partition(",")
        first_parts = first.split()
        infix = [p for p in first_parts[1:] if p.islower()]
        first = " ".join(p for p in first_parts if p not in infix)
        return first.strip(), " ".join([*infix, last.strip()]).strip()
    first, _, last = name.strip().partition(" ")
    return first, last.strip()


def parse(data: bytes) -> tuple[list[Row], list[LineError]]:
    text = _decode(data)
    if not text.strip():
        return [], [LineError(1, "Het bestand is leeg.")]
    sample = text[:4096]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        return [], [LineError(1, "De eerste regel moet de kolomnamen bevatten.")]
    cols = _columns(header)
    has_name = "name" in cols or ("first" in cols and "last" in cols)
    if not has_name or "group" not in cols:
        return [], [
            LineError(
                1,
                "De eerste regel moet de kolommen noemen: naam (of voornaam en achternaam), "
                "groep en klas.",
            )
        ]
    rows: list[Row] = []
    errors: list[LineError] = []
    seen: dict[tuple[str, str, str], int] = {}
    try:
        for record in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            if len(rows) + len(errors) >= MAX_ROWS:
                errors.append(LineError(line, f"Meer dan {MAX_ROWS} leerlingen in één bestand."))
                break
            row, error = _row(record, cols, line)
            if error:
                errors.append(error)
                continue
            assert row is not None
            key = (row.first_name.lower(), row.last_name.lower(), row.class_name.lower())
            if key in seen:
                errors.append(LineError(line, f"Deze leerling staat ook al op regel {seen[key]}."))
                continue
            seen[key] = line
            rows.append(row)
    except csv.Error as e:
        errors.append(LineError(reader.line_num, f"Deze regel kan niet gelezen worden ({e})."))
    return rows, errors


def _cell(record: list[str], cols: dict[str, int], column: str) -> str:
    index = cols.get(column)
    if index is None or index >= len(record):
        return ""
    return "".join(ch for ch in record[index] if ch.isprintable()).strip()


def _row(record: list[str], cols: dict[str, int], line: int) -> tuple[Row | None, LineError | None]:
    if "first" in cols and "last" in cols:
        first = _cell(record, cols, "first")
        last = " ".join(p for p in (_cell(record, cols, "infix"), _cell(record, cols, "last")) if p)
    else:
        first, last = _split_name(_cell(record, cols, "name"))
    if not first:
        return None, LineError(line, "De naam ontbreekt.")
    if len(first) > 60 or len(last) > 80:
        return None, LineError(line, "De naam is te lang.")
    raw_group = _cell(record, cols, "group")
    group = _group(raw_group)
    if group is None:
        return None, LineError(line, "De groep ontbreekt of is geen getal.")
    if group not in (6, 7, 8):
        return None, LineError(line, f"Groep {group}: Rugzak is voor groep 6, 7 en 8.")
    class_name = _cell(record, cols, "class") or f"Groep {group}"
    if len(class_name) > 40:
        return None, LineError(line, "De naam van de klas is te lang.")
    return Row(line, first, last, group, class_name), None
