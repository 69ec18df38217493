"""Import pupils from the CSV that Dutch pupil administrations export.

ParnasSys, ESIS and friends export with ';' or ',' and varying column names
(Roepnaam/Voornaam, Tussenvoegsel, Achternaam, Groep, Klas/Stamgroep) or a single
name column. Every problem is reported with its line number; nothing is imported
unless every line is fine.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypedDict

from server.domain import school
from server.infra.store import Database, RugzakDB

MAX_ROWS = 2000

ALIASES = {
    "name": {"naam", "name", "leerling", "volledige naam", "volledigenaam"},
    "first": {"roepnaam", "voornaam", "first name", "firstname", "voornamen"},
    "infix": {"tussenvoegsel", "tussenvoegsels", "tussenv", "infix"},
    "last": {"achternaam", "last name", "lastname", "surname", "familienaam"},
    "year": {"jaargroep", "leerjaar"},  # the pupil's year when "groep" names the class
    "group": {"groep", "group"},
    "class": {"klas", "class", "stamgroep", "groepsnaam", "klasnaam"},
}
DELIMITERS = ";,\t"


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
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Excel "Unicode text"
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _columns(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, title in enumerate(header):
        key = re.sub(r"\s+", " ", title.strip().strip('"').lower())
        for column, names in ALIASES.items():
            if key in names and column not in found:
                found[column] = index
    if "year" in found:  # ParnasSys: "Groep" is the class (e.g. "6/7a"), "Jaargroep" the year
        group_column = found.pop("group", None)
        found["group"] = found.pop("year")
        if group_column is not None:
            found.setdefault("class", group_column)
    return found


def _delimiter(line: str) -> str:
    """The separator the header line uses most (the csv Sniffer guesses wrong on short or
    ragged files, and then every line would be reported instead of the one at fault)."""
    counts = {d: line.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _group(value: str) -> int | None:
    numbers = re.findall(r"[0-9]+", value)
    return int(numbers[0]) if len(numbers) == 1 else None


def _last_name(last: str) -> str:
    """Turn "Vries, de" (as some exports write it) into "de Vries"."""
    if "," in last:
        surname, _, infix = last.partition(",")
        if infix.strip() and infix.strip().islower():
            return f"{infix.strip()} {surname.strip()}"
    return last


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
    first_line = next(line for line in text.splitlines() if line.strip())
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(first_line), skipinitialspace=True)
    try:
        header: list[str] = []
        while not any(cell.strip() for cell in header):
            header = next(reader)
    except (StopIteration, csv.Error):
        return [], [LineError(1, "De eerste regel moet de kolomnamen bevatten.")]
    cols = _columns(header)
    has_name = "name" in cols or ("first" in cols and "last" in cols)
    if not has_name or "group" not in cols:
        return [], [
            LineError(
                reader.line_num,
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
    if not rows and not errors:
        errors.append(LineError(reader.line_num + 1, "Er staan geen leerlingen in het bestand."))
    return rows, errors


def _cell(record: list[str], cols: dict[str, int], column: str) -> str:
    index = cols.get(column)
    if index is None or index >= len(record):
        return ""
    return "".join(ch for ch in record[index] if ch.isprintable()).strip()


def _row(record: list[str], cols: dict[str, int], line: int) -> tuple[Row | None, LineError | None]:
    if "first" in cols and "last" in cols:
        first = _cell(record, cols, "first")
        last = " ".join(
            p for p in (_cell(record, cols, "infix"), _last_name(_cell(record, cols, "last"))) if p
        )
    else:
        first, last = _split_name(_cell(record, cols, "name"))
    if not first:
        return None, LineError(line, "De naam ontbreekt.")
    if len(first) > 60 or len(last) > 80:
        return None, LineError(line, "De naam is te lang.")
    raw_group = _cell(record, cols, "group")
    group = _group(raw_group)
    if group is None:
        if re.search(r"[0-9].*[^0-9][0-9]", raw_group):
            return None, LineError(
                line, f"Groep '{raw_group}': noem één groep per leerling (6, 7 of 8)."
            )
        return None, LineError(line, "De groep ontbreekt of is geen getal.")
    if group not in (6, 7, 8):
        return None, LineError(line, f"Groep {group}: Rugzak is voor groep 6, 7 en 8.")
    class_name = _cell(record, cols, "class") or f"Groep {group}"
    if len(class_name) > 40:
        return None, LineError(line, "De naam van de klas is te lang.")
    return Row(line, first, last, group, class_name), None


# --- writing the parsed rows (all or none) ---


class Created(TypedDict):
    line: int
    name: str
    class_name: str


def _not_yours(row: Row) -> LineError:
    return LineError(row.line, f"Klas '{row.class_name}' is niet een klas van u.")


def _check(
    db: RugzakDB, rows: list[Row], may_manage: Callable[[str], bool], may_add_classes: bool
) -> list[LineError]:
    by_name = {c["name"].lower(): c for c in school.classes(db)}
    new_classes: dict[str, int] = {}
    errors: list[LineError] = []
    for row in rows:
        cls = by_name.get(row.class_name.lower())
        if cls is None:
            if not may_add_classes:
                errors.append(_not_yours(row))
            elif new_classes.setdefault(row.class_name.lower(), row.group) != row.group:
                errors.append(
                    LineError(
                        row.line,
                        f"Klas '{row.class_name}' staat ook met een andere groep in het bestand.",
                    )
                )
        elif not may_manage(cls["id"]):
            errors.append(_not_yours(row))
        elif cls["group"] != row.group:
            errors.append(
                LineError(
                    row.line,
                    f"Klas '{cls['name']}' is groep {cls['group']}, niet groep {row.group}.",
                )
            )
    return sorted(errors, key=lambda e: e.line)


def import_rows(
    school_file: Database,
    rows: list[Row],
    pin_hashes: list[str],
    may_manage: Callable[[str], bool],
    may_add_classes: bool,
) -> tuple[list[Created], list[Row], list[LineError]]:
    """(created, skipped as already there, errors). Every line is checked against the
    classes first (classes the caller may not manage are refused; unknown classes are made
    only if ``may_add_classes``); with any error nothing is written."""
    with school_file.transaction() as db:
        errors = _check(db, rows, may_manage, may_add_classes)
        if errors:
            return [], [], errors
        by_name = {c["name"].lower(): c for c in school.classes(db)}
        existing = {
            (p["first_name"].lower(), p["last_name"].lower(), p["class_id"])
            for p in school.pupils(db)
        }
        created: list[Created] = []
        skipped: list[Row] = []
        for row, pin_hash in zip(rows, pin_hashes, strict=True):
            cls = by_name.get(row.class_name.lower())
            if cls is None:
                class_id = school.create_class(db, row.class_name, row.group, [])
                cls = by_name[row.class_name.lower()] = school.get_class(db, class_id)
            assert cls is not None
            if (row.first_name.lower(), row.last_name.lower(), cls["id"]) in existing:
                skipped.append(row)
                continue
            school.create_pupil(db, row.first_name, row.last_name, cls["id"], pin_hash)
            name = f"{row.first_name} {row.last_name}".strip()
            created.append({"line": row.line, "class_name": cls["name"], "name": name})
    return created, skipped, []
