"""Reading the CSV that Dutch pupil administrations export (``csv_import.py`` writes it).

ParnasSys, ESIS and friends export with ';' or ',' and varying column names
(Roepnaam/Voornaam, Tussenvoegsel, Achternaam, Groep, Klas/Stamgroep) or a single
name column, and the administration's pupil number (Leerlingnummer, ESIS's Stamnummer).
A re-import finds a pupil by that number, never by name: in a new school year the same
numbers come back with new classes (and sometimes new names) and nobody is made twice. A
column with a BSN (or onderwijsnummer, PGN) is never read, and a value that passes the BSN's
eleven test is refused: Rugzak never stores a BSN. Every problem is reported with its line
number; nothing is imported unless every line is fine.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass

MAX_ROWS = 2000

ALIASES = {
    "name": {"naam", "name", "leerling", "volledige naam", "volledigenaam"},
    "first": {"roepnaam", "voornaam", "first name", "firstname", "voornamen"},
    "infix": {"tussenvoegsel", "tussenvoegsels", "tussenv", "infix"},
    "last": {"achternaam", "last name", "lastname", "surname", "familienaam"},
    "year": {"jaargroep", "leerjaar"},  # the pupil's year when "groep" names the class
    "group": {"groep", "group"},
    "class": {"klas", "class", "stamgroep", "groepsnaam", "klasnaam"},
    "number": {
        "leerlingnummer", "leerling nummer", "leerling-nummer", "leerlingnr", "leerlingnr.",
        "leerling nr", "leerling nr.", "llnr", "llnr.", "lln nr", "lln. nr.", "stamnummer",
        "pupil number", "student number", "studentnummer",
    },
}  # fmt: skip
# Columns never read, whatever else their title says: the BSN and what stands in for it.
NEVER = ("bsn", "burgerservice", "sofi", "onderwijsnummer", "persoonsgebonden", "pgn")
NUMBER = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,19}")
DELIMITERS = ";,\t"


@dataclass(frozen=True)
class Row:
    line: int
    first_name: str
    last_name: str
    group: int
    class_name: str
    number: str = ""  # the administration's pupil number ("" when the file has none)


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
        if any(word in key for word in NEVER):
            continue
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
            if row.number:
                key = ("#", row.number.lower(), "")
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
    number = _cell(record, cols, "number")
    if "number" in cols:
        if not number:
            return None, LineError(line, "Het leerlingnummer ontbreekt.")
        if not NUMBER.fullmatch(number):
            return None, LineError(line, f"Leerlingnummer '{number[:30]}' klopt niet.")
        if looks_like_bsn(number):
            return None, LineError(
                line,
                "Dit nummer lijkt een BSN. Rugzak bewaart geen BSN: gebruik het leerlingnummer.",
            )
    return Row(line, first, last, group, class_name, number), None


def looks_like_bsn(value: str) -> bool:
    """Nine digits that pass the BSN's eleven test (the last digit counts -1)."""
    if not (len(value) == 9 and value.isdigit()):
        return False
    total = sum(int(d) * w for d, w in zip(value, (9, 8, 7, 6, 5, 4, 3, 2, -1), strict=True))
    return total % 11 == 0 and value != "000000000"
