"""Reading DUO's open-data file "alle vestigingen VO" (every secondary-school location).

Real files come in two generations of column names, with ';' or ',', in UTF-8 (with or
without a BOM) or Windows-1252, with CRLF and quoted fields. One broken line stops the
whole import (``BrokenFile`` names it): a half-read file would silently drop schools.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from server.domain.errors import Invalid

# ONDERWIJSSTRUCTUUR parts -> the level keys of server/worksheets/content/schoolniveaus.toml.
# DUO does not tell atheneum from gymnasium: "VWO" gives both, and the school corrects it by
# hand (``levels_by_hand``) where a location has only one of them.
LEVELS_BY_PART: dict[str, tuple[str, ...]] = {
    "PRO": ("praktijkonderwijs",),
    "VBO": ("vmbo-bk",),
    "MAVO": ("vmbo-gt",),
    "HAVO": ("havo",),
    "VWO": ("vwo-atheneum", "vwo-gymnasium"),
}
LEVELS = (
    "praktijkonderwijs",
    "vmbo-bk",
    "vmbo-gt",
    "havo",
    "vwo-atheneum",
    "vwo-gymnasium",
)

# Column names of both generations of DUO's file (older first); the first found is used.
COLUMNS: dict[str, tuple[str, ...]] = {
    "brin": ("BRIN NUMMER", "INSTELLINGSCODE"),
    "location": ("VESTIGINGSNUMMER", "VESTIGINGSCODE"),
    "name": ("VESTIGINGSNAAM", "INSTELLINGSNAAM VESTIGING"),
    "street": ("STRAATNAAM",),
    "house_number": ("HUISNUMMER-TOEVOEGING", "HUISNUMMER"),
    "postcode": ("POSTCODE",),
    "city": ("PLAATSNAAM",),
    "gemeente": ("GEMEENTENAAM", "GEMEENTENAAM VESTIGING"),
    "denomination": ("DENOMINATIE",),
    "website": ("INTERNETADRES",),
    "structure": ("ONDERWIJSSTRUCTUUR",),
}
MAX_SCHOOLS = 10_000  # the national file has some 1,500 locations
MAX_PROBLEMS = 20  # more broken lines than this: the admin has the wrong file anyway

_CODE = re.compile(r"[0-9A-Z]{4}[0-9]{2}")


@dataclass(frozen=True)
class VoSchool:
    """One school location as DUO describes it (``structure`` is DUO's own string)."""

    code: str
    name: str
    street: str
    house_number: str
    postcode: str
    city: str
    gemeente: str
    denomination: str
    website: str
    structure: str
    levels: tuple[str, ...]


class BrokenFile(Invalid):
    """The file cannot be imported; ``problems`` are (line, reason) with the line as a
    spreadsheet numbers it (the header is line 1)."""

    def __init__(self, problems: list[tuple[int, str]]) -> None:
        self.problems = problems
        self.line = problems[0][0]
        super().__init__(f"Regel {self.line}: {problems[0][1]}")


# --- reading DUO's file ---


def _decode(data: bytes) -> str:
    """Strict UTF-8 first (with or without a BOM): a Windows-1252 file almost never decodes
    as UTF-8 by accident, the other way round always does."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _separator(header_line: str) -> str:
    """The header has no quoted separators, so the commoner of ';' and ',' is the one."""
    return ";" if header_line.count(";") >= header_line.count(",") else ","


def _header_key(title: str) -> str:
    return re.sub(r"[\s_]+", " ", title.strip().upper())


def _columns(header: list[str]) -> dict[str, int]:
    keys = [_header_key(title) for title in header]
    found: dict[str, int] = {}
    for field, names in COLUMNS.items():
        for name in names:
            if name in keys:
                found[field] = keys.index(name)
                break
    return found


def levels_of(structure: str) -> tuple[str, ...]:
    """The worksheet's levels for DUO's ONDERWIJSSTRUCTUUR ("VBO/MAVO" -> vmbo-bk, vmbo-gt),
    in the worksheet's order. An unknown part raises ValueError naming it."""
    found: set[str] = set()
    for part in structure.upper().split("/"):
        part = part.strip()
        if not part:
            continue
        if part not in LEVELS_BY_PART:
            raise ValueError(part)
        found.update(LEVELS_BY_PART[part])
    return tuple(level for level in LEVELS if level in found)


def _clean(value: str) -> str:
    return " ".join("".join(ch for ch in value if ch.isprintable()).split())


def _code(brin: str, location: str) -> str:
    """The location's code, e.g. "12AB00". Older files give the whole code as the
    vestigingsnummer ("16SW03"), some only its number ("3")."""
    brin, location = brin.upper(), location.upper()
    if location.startswith(brin) and len(location) > len(brin):
        return location
    return brin + location.zfill(2) if location.isdigit() else brin + location


def _school(record: list[str], cols: Mapping[str, int]) -> VoSchool:
    """One data line as a school; ValueError with the Dutch reason when it is broken."""
    cell = {field: _clean(record[index]) for field, index in cols.items()}
    if not cell["brin"] or not cell["location"]:
        raise ValueError("De code van de school (BRIN en vestigingsnummer) ontbreekt.")
    code = _code(cell["brin"], cell["location"])
    if not _CODE.fullmatch(code):
        raise ValueError(f"'{code}' is geen code van een schoolvestiging (zoals 12AB00).")
    if not cell["name"]:
        raise ValueError("De naam van de school ontbreekt.")
    try:
        levels = levels_of(cell["structure"])
    except ValueError as e:
        known = ", ".join(LEVELS_BY_PART)
        raise ValueError(
            f"Onderwijsstructuur '{cell['structure']}': '{e}' is onbekend (bekend: {known})."
        ) from None
    return VoSchool(
        code=code,
        structure=cell["structure"],
        levels=levels,
        **{f: cell.get(f, "")[:200] for f in COLUMNS if f not in ("brin", "location", "structure")},
    )


def _records(text: str, separator: str) -> Iterator[tuple[int, list[str]]]:
    """(line, fields) per record, the line as a spreadsheet numbers its rows."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    line = 0
    while True:
        line += 1
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            raise BrokenFile([(line, f"Deze regel kan niet gelezen worden ({e}).")]) from None
        yield line, record


def parse(data: bytes) -> list[VoSchool]:
    """Every school of the file, or BrokenFile naming the broken lines: a half-read file
    would silently drop schools from the catalogue, so one broken line stops the import."""
    text = _decode(data)
    if not text.strip():
        raise BrokenFile([(1, "Het bestand is leeg.")])
    records = _records(text, _separator(text.splitlines()[0]))
    _, header = next(records)
    cols = _columns(header)
    missing = [COLUMNS[f][0] for f in ("name", "structure") if f not in cols]
    if "brin" not in cols or "location" not in cols:
        missing.insert(0, "BRIN NUMMER en VESTIGINGSNUMMER (of INSTELLINGSCODE en VESTIGINGSCODE)")
    if missing:
        reason = f"De kolom {', '.join(missing)} ontbreekt. Is dit DUO's 'Alle vestigingen VO'?"
        raise BrokenFile([(1, reason)])
    schools: list[VoSchool] = []
    problems: list[tuple[int, str]] = []
    seen: dict[str, int] = {}
    for line, record in records:
        if not any(cell.strip() for cell in record):
            continue  # an empty line (often the last) is not a school
        if len(record) != len(header):
            problems.append(
                (line, f"Deze regel heeft {len(record)} velden, de kopregel {len(header)}.")
            )
        elif len(schools) >= MAX_SCHOOLS:
            problems.append((line, f"Meer dan {MAX_SCHOOLS} scholen in één bestand."))
        else:
            try:
                school = _school(record, cols)
            except ValueError as e:
                problems.append((line, str(e)))
            else:
                if school.code in seen:
                    problems.append(
                        (line, f"{school.code} staat ook al op regel {seen[school.code]}.")
                    )
                else:
                    seen[school.code] = line
                    schools.append(school)
        if len(problems) >= MAX_PROBLEMS:
            break
    if problems:
        raise BrokenFile(problems)
    if not schools:
        raise BrokenFile([(2, "Er staan geen scholen in het bestand.")])
    return schools
