"""The catalogue of secondary schools (VO) that group 8 chooses from, read from DUO's open
data file "alle vestigingen VO" and completed by hand by the school.

DUO's file says where a school is and which levels it offers; what a pupil also asks
("is there techniek?", "is it a Dalton school?", "when is the open day?") DUO does not
know, so the school adds it here. A re-import refreshes DUO's part and never touches the
part added by hand, and a school that left the file is marked ``gone``, never deleted: a
pupil's shortlist may still name it.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from server.domain.errors import Invalid, NotFound
from server.domain.vo_schools_duo import (
    LEVELS,
    LEVELS_BY_PART,
    BrokenFile,
    VoSchool,
    levels_of,
    parse,
)
from server.infra.store import Database

__all__ = [
    "LEVELS",
    "LEVELS_BY_PART",
    "BrokenFile",
    "Report",
    "VoSchool",
    "import_schools",
    "levels_of",
    "parse",
]

TABLE = "vo_schools"

# What the school adds by hand. Profiles use the worksheet's directions (richtingen.toml),
# so the pupil's answers and a school's profiles can be compared.
PROFILES = {
    "zorg-welzijn": "Zorg/Welzijn/Gezondheid",
    "techniek": "Techniek",
    "economie": "Economie/Cultuur/Maatschappij",
    "landbouw-natuur": "Landbouw/Natuur",
}
CONCEPTS = {
    "dalton": "Dalton",
    "montessori": "Montessori",
    "vrije-school": "Vrije school",
    "jenaplan": "Jenaplan",
    "tweetalig": "Tweetalig onderwijs",
    "talen": "Extra talen",
    "sport": "Sport",
    "theater-of-kunst": "Theater of kunst",
    "techniek-ict": "Techniek/ICT/vakmanschap",
    "vakken-op-niveaus": "Vakken op verschillende niveaus",
    "structuur-en-regels": "Duidelijke structuur & regels",
    "geen-huiswerk": "Thuis geen huiswerk",
}
SIZES = {"klein": "Kleine school", "middel": "Middelgrote school", "groot": "Grote school"}
MAX_OPEN_DAYS = 10
HAND_FIELDS = ("profiles", "concepts", "size", "open_days", "levels_by_hand")

_TIME = re.compile(r"([0-2]?[0-9])[:.]([0-5][0-9])")


@dataclass(frozen=True)
class Report:
    added: int
    updated: int
    unchanged: int
    gone: int


# --- writing the catalogue (all or nothing) ---


def _duo_fields(school: VoSchool) -> dict[str, Any]:
    fields = {f: getattr(school, f) for f in VoSchool.__dataclass_fields__}
    fields["levels"] = list(school.levels)
    return fields


def _new_document(school: VoSchool) -> dict[str, Any]:
    return {
        **_duo_fields(school),
        "profiles": [],
        "concepts": [],
        "size": "",
        "open_days": [],
        "levels_by_hand": None,
        "gone": False,
    }


def in_gemeenten(schools: Iterable[VoSchool], gemeenten: Iterable[str]) -> list[VoSchool]:
    """The schools in one of ``gemeenten`` (case-insensitive: DUO writes "ROTTERDAM")."""
    wanted = {g.strip().casefold() for g in gemeenten if g.strip()}
    return [s for s in schools if s.gemeente.casefold() in wanted]


def import_schools(
    school_file: Database, schools: list[VoSchool], gemeenten: list[str] | None
) -> Report:
    """Add or refresh ``schools`` (only those in ``gemeenten`` when given) in one
    transaction. What the school added by hand stays; a school not in this import (closed,
    or outside the chosen gemeenten) is marked gone."""
    if gemeenten:
        schools = in_gemeenten(schools, gemeenten)
        if not schools:
            names = ", ".join(g.strip() for g in gemeenten)
            raise Invalid(f"In het bestand staat geen school in de gemeente {names}.")
    added = updated = unchanged = gone = 0
    with school_file.transaction() as db:
        table = db.table(TABLE)
        codes = {s.code for s in schools}
        for school in schools:
            stored = table.stored(school.code)
            if stored is None:
                table.put(school.code, _new_document(school))
                added += 1
                continue
            fields = {**_duo_fields(school), "gone": False}
            if all(stored.get(k) == v for k, v in fields.items()):
                unchanged += 1
            else:
                table.patch(school.code, fields)
                updated += 1
        for code, doc in list(table.rows()):
            if code not in codes and not doc.get("gone"):
                table.patch(code, {"gone": True})
                gone += 1
    return Report(added=added, updated=updated, unchanged=unchanged, gone=gone)


# --- reading the catalogue ---


def levels(doc: Mapping[str, Any]) -> list[str]:
    """The levels the school offers: the school's correction if it made one, else DUO's."""
    return list(doc.get("levels_by_hand") or doc.get("levels") or [])


def website_link(website: str) -> str | None:
    """DUO writes "www.school.nl"; a link needs a scheme, and only http(s) is ever linked."""
    site = website.strip()
    if not site or " " in site:
        return None
    if not re.match(r"https?://", site, re.IGNORECASE):
        if ":" in site.split("/", 1)[0]:
            return None  # another scheme (javascript:, mailto:): never a link
        site = "https://" + site
    return site


def _summary(code: str, doc: Mapping[str, Any]) -> dict[str, Any]:
    return {
        **copy.deepcopy({k: v for k, v in doc.items() if k != "levels"}),  # stored: never shared
        "code": code,
        "levels": levels(doc),
        "duo_levels": list(doc.get("levels") or []),
        "link": website_link(doc.get("website", "")),
    }


def gemeenten(school_file: Database) -> list[str]:
    """The gemeenten in the catalogue, for the admin's filter."""
    with school_file.transaction() as db:
        names = {doc.get("gemeente", "") for _, doc in db.table(TABLE).rows()}
    return sorted((n for n in names if n), key=str.casefold)


def list_schools(school_file: Database, gemeente: str = "", name: str = "") -> list[dict[str, Any]]:
    """Schools by gemeente and name (part of a name matches, case-insensitive); the ones
    that are gone last."""
    want_gemeente, want_name = gemeente.strip().casefold(), name.strip().casefold()
    with school_file.transaction() as db:
        found = [
            _summary(code, doc)
            for code, doc in db.table(TABLE).rows()
            if (not want_gemeente or doc.get("gemeente", "").casefold() == want_gemeente)
            and (not want_name or want_name in doc.get("name", "").casefold())
        ]
    return sorted(
        found,
        key=lambda s: (s["gone"], s["gemeente"].casefold(), s["name"].casefold(), s["code"]),
    )


def get_school(school_file: Database, code: str) -> dict[str, Any]:
    """One school with its hand-kept fields and its levels (NotFound for an unknown code)."""
    with school_file.transaction() as db:
        doc = db.table(TABLE).stored(code) if isinstance(code, str) else None
        if doc is None:
            raise NotFound(code)
        return _summary(code, doc)


# --- what the school adds by hand ---


def _choices(values: Iterable[str], allowed: Mapping[str, str], what: str) -> list[str]:
    """Keys from a fixed list, in the list's order (a form only sends these; anything else
    is a tampered or outdated form)."""
    chosen = set(values)
    unknown = chosen - set(allowed)
    if unknown:
        raise Invalid(f"Onbekend {what}: {', '.join(sorted(unknown))}.")
    return [key for key in allowed if key in chosen]


def _time(value: str, number: int) -> str:
    """ "9:00", "09.00 - 12.30" -> "09:00" / "09:00-12:30"; Invalid when it is no time."""
    parts = [p.strip() for p in value.split("-")] if value.strip() else []
    if len(parts) > 2:
        raise Invalid(f"Open dag {number}: schrijf de tijd als 19:00 of 19:00-21:00.")
    out = []
    for part in parts:
        match = _TIME.fullmatch(part)
        if not match or int(match[1]) > 23:
            raise Invalid(f"Open dag {number}: schrijf de tijd als 19:00 of 19:00-21:00.")
        out.append(f"{int(match[1]):02d}:{match[2]}")
    if len(out) == 2 and out[1] <= out[0]:
        raise Invalid(f"Open dag {number}: de eindtijd moet na de begintijd liggen.")
    return "-".join(out)


def _open_day(row: Mapping[str, str], number: int) -> dict[str, str] | None:
    day = {k: " ".join(str(row.get(k, "")).split()) for k in ("date", "time", "place", "link")}
    if not any(day.values()):
        return None  # an empty row of the form
    try:
        date = dt.date.fromisoformat(day["date"])
    except ValueError:
        raise Invalid(f"Open dag {number}: vul een datum in, bijvoorbeeld 2027-01-23.") from None
    if len(day["place"]) > 120:
        raise Invalid(f"Open dag {number}: de plaats is te lang (hoogstens 120 tekens).")
    link = ""
    if day["link"]:
        link = website_link(day["link"]) or ""
        if not link or len(link) > 300:
            raise Invalid(f"Open dag {number}: de link moet een webadres zijn (https://…).")
    return {
        "date": date.isoformat(),
        "time": _time(day["time"], number),
        "place": day["place"],
        "link": link,
    }


def open_days(rows: Iterable[Mapping[str, str]]) -> list[dict[str, str]]:
    """The open days of a form (empty rows dropped), by date and time."""
    days = [d for n, row in enumerate(rows, 1) if (d := _open_day(row, n)) is not None]
    if len(days) > MAX_OPEN_DAYS:
        raise Invalid(f"Hoogstens {MAX_OPEN_DAYS} open dagen per school.")
    return sorted(days, key=lambda d: (d["date"], d["time"]))


def update_by_hand(
    school_file: Database,
    code: str,
    *,
    profiles: Iterable[str],
    concepts: Iterable[str],
    size: str,
    days: Iterable[Mapping[str, str]],
    chosen_levels: Iterable[str],
) -> None:
    """Save what the school knows and DUO does not. ``chosen_levels`` equal to DUO's are
    stored as "no correction", so a later import's levels still count."""
    if size not in ("", *SIZES):
        raise Invalid("Kies een grootte uit de lijst.")
    fields: dict[str, Any] = {
        "profiles": _choices(profiles, PROFILES, "profiel"),
        "concepts": _choices(concepts, CONCEPTS, "kenmerk"),
        "size": size,
        "open_days": open_days(days),
    }
    picked = _choices(chosen_levels, dict.fromkeys(LEVELS, ""), "niveau")
    if not picked:
        raise Invalid("Kies minstens één niveau dat de school heeft.")
    with school_file.transaction() as db:
        table = db.table(TABLE)
        stored = table.stored(code) if isinstance(code, str) else None
        if stored is None:
            raise NotFound(code)
        fields["levels_by_hand"] = None if picked == list(stored.get("levels") or []) else picked
        table.patch(code, fields)
