"""Matching schools to a pupil's answers: the order and the reasons, exactly."""

from __future__ import annotations

from server.domain.school_match import match

CATALOGUE = [
    {"code": "01AA00", "name": "Erasmus College", "levels": ["havo", "vwo-atheneum"],
     "profiles": ["economie"], "concepts": ["sport"], "size": "groot", "denomination": "Openbaar"},
    {"code": "02BB00", "name": "Techniek Lyceum", "levels": ["vmbo-gt", "havo"],
     "profiles": ["techniek"], "concepts": ["techniek-ict", "dalton"], "size": "klein",
     "denomination": ""},
    {"code": "03CC00", "name": "Groene Mavo", "levels": ["vmbo-bk", "vmbo-gt"],
     "profiles": ["landbouw-natuur", "techniek"], "concepts": ["sport"], "size": "",
     "denomination": "Rooms-Katholiek"},
    {"code": "04DD00", "name": "Gesloten School", "levels": ["havo"], "gone": True},
    {"code": "05EE00", "name": "Atheneum Noord", "levels": ["vwo-atheneum", "vwo-gymnasium"],
     "profiles": ["techniek"], "concepts": ["sport", "techniek-ict"], "size": "middel",
     "denomination": ""},
]  # fmt: skip
ANSWERS = {"richtingen": ["techniek"], "kenmerken": ["sport", "techniek-ict", "visie"]}


def test_advised_levels_first_then_wishes_met_with_reasons_in_plain_words():
    got = match(CATALOGUE, ["vmbo-gt", "havo"], ANSWERS)
    assert [(m.advice, m.met) for m in got] == [("all", 2), ("some", 2), ("some", 1), ("none", 3)]
    first = got[0]
    assert first.reasons == [
        "heeft vmbo-gt",
        "heeft havo",
        "heeft techniek",
        "heeft techniek/ict/vakmanschap",
    ]
    assert first.missing == ["niet bekend: sport"]
    assert first.facts == ["is een kleine school"]


def test_exact_order():
    got = match(CATALOGUE, ["vmbo-gt", "havo"], ANSWERS)
    assert [m.school["name"] for m in got] == [
        "Techniek Lyceum",  # both advised levels, 2 wishes
        "Groene Mavo",  # one advised level, 2 wishes (techniek, sport)
        "Erasmus College",  # one advised level, 1 wish (sport)
        "Atheneum Noord",  # no advised level, though 3 wishes
    ]
    assert "Gesloten School" not in [m.school["name"] for m in got]  # left DUO's file
    assert got[1].reasons == ["heeft vmbo-gt", "heeft techniek", "heeft sport"]
    assert got[1].missing == ["heeft geen havo", "niet bekend: techniek/ict/vakmanschap"]
    assert got[1].facts == ["richting: rooms-katholiek"]
    assert got[3].missing[:2] == ["heeft geen vmbo-gt", "heeft geen havo"]


def test_a_vwo_advice_is_met_by_atheneum_or_gymnasium():
    got = match(CATALOGUE, ["vwo"], {})
    assert [(m.school["name"], m.advice) for m in got][:2] == [
        ("Atheneum Noord", "all"),
        ("Erasmus College", "all"),
    ]
    assert got[0].reasons == ["heeft vwo"]


def test_without_an_advice_the_worksheets_own_levels_count():
    got = match(CATALOGUE, [], {"voorlopig-advies": ["vwo-gymnasium"]})
    assert got[0].school["name"] == "Atheneum Noord" and got[0].advice == "all"
