"""The demo school's secondary schools: ten invented Rotterdam locations in DUO's own file
format (``vo-scholen.csv``, read by the real importer), with what a school adds by hand:
profiles, concepts, size and open days in January of the demo year."""

from __future__ import annotations

from pathlib import Path

from server.domain import vo_schools
from server.domain.vo_schools_duo import parse
from server.infra.store import Store

CSV = Path(__file__).resolve().parent / "vo-scholen.csv"

# code: (profiles, concepts, size, open days (day in January, time, place))
BY_HAND = {
    "99AA00": (["economie", "techniek"], ["sport", "vakken-op-niveaus"], "groot", [(17, "10:00")]),
    "99AB00": (
        ["economie", "zorg-welzijn"],
        ["tweetalig", "theater-of-kunst"],
        "middel",
        [(24, "13:00")],
    ),
    "99AC00": (["techniek"], ["techniek-ict", "structuur-en-regels"], "klein", [(17, "09:30")]),
    "99AD00": (["landbouw-natuur"], ["sport"], "klein", [(31, "10:00")]),
    "99AE00": (
        ["economie", "zorg-welzijn"],
        ["structuur-en-regels", "geen-huiswerk"],
        "klein",
        [(24, "10:00")],
    ),
    "99AF00": (["economie"], ["dalton", "talen"], "middel", [(17, "14:00")]),
    "99AG00": (["techniek", "zorg-welzijn"], ["structuur-en-regels"], "klein", [(31, "09:00")]),
    "99AH00": ([], ["talen", "theater-of-kunst"], "middel", [(24, "11:00")]),
    "99AI00": (["economie", "techniek"], ["montessori", "sport"], "groot", [(31, "13:30")]),
    "99AJ00": (["zorg-welzijn"], ["geen-huiswerk"], "middel", [(17, "11:00")]),
}


def add_vo_catalogue(store: Store, school_year: str) -> None:
    """Import the demo file and add by hand what DUO does not know."""
    vo_schools.import_schools(store.school, parse(CSV.read_bytes()), None)
    year = int(school_year.split("-")[1])  # open days are in January of the school year
    for code, (profiles, concepts, size, days) in BY_HAND.items():
        doc = vo_schools.get_school(store.school, code)
        vo_schools.update_by_hand(
            store.school, code, profiles=profiles, concepts=concepts, size=size,
            days=[{"date": f"{year}-01-{d:02d}", "time": t, "place": "Hoofdgebouw"}
                  for d, t in days],
            chosen_levels=doc["levels"],
        )  # fmt: skip
