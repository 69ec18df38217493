"""Self-portrait growth picture: valid, accessible, CSP-safe SVG that reads in black and white."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from server.domain.growth import Portrait, growth_rows, growth_svg

NS = "{http://www.w3.org/2000/svg}"
SHAPES = {f"{NS}circle", f"{NS}rect", f"{NS}polygon"}

STATEMENTS = [
    ("netjes", "Ik werk netjes"),
    ("plannen", "Ik kan mijn taken goed plannen"),
    ("tempo", "Ik werk in een goed tempo"),
    ("afspraken", "Ik houd mij aan de afspraken"),
]
PORTRAITS = [
    Portrait("Groep 6", {"netjes": "soms", "plannen": "altijd", "tempo": "vaak", "afspraken": ""}),
    Portrait("Groep 7", {"netjes": "vaak", "plannen": "vaak", "tempo": "vaak"}),
    Portrait("Groep 8", {"netjes": "altijd", "plannen": "soms", "tempo": "vaak", "afspraken": "x"}),
]

ALL_STATEMENTS = [
    ("netjes", "Ik werk netjes"),
    ("plannen", "Ik kan mijn taken goed plannen"),
    ("tempo", "Ik werk in een goed tempo"),
    ("afspraken", "Ik houd mij aan de afspraken"),
    ("concentreren", "Ik kan me goed concentreren"),
    ("problemen-oplossen", "Ik kan zelf problemen oplossen"),
    ("samenwerken", "Ik kan goed samenwerken"),
    ("vertrouwen", "Ik heb vertrouwen in mijzelf"),
    ("nieuwe-dingen", "Ik probeer nieuwe dingen"),
    ("informatie-zoeken", "Ik zoek informatie over leuke dingen"),
    ("beter-worden", "Ik probeer beter te worden in wat ik kan"),
    ("spelen", "Ik speel met andere kinderen"),
    ("weet-wat-leuk", "Ik weet wat ik leuk vind om te doen"),
    ("weet-wat-belangrijk", "Ik weet wat ik belangrijk vind"),
    ("uitproberen", "Ik probeer dingen uit"),
]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def row(root: ET.Element, key: str) -> ET.Element:
    found = root.find(f".//{NS}g[@data-key='{key}']")
    assert found is not None, key
    return found


def markers(el: ET.Element) -> list[ET.Element]:
    return [e for e in el.iter() if e.tag in SHAPES and "data-value" in e.attrib]


def centre_x(el: ET.Element) -> float:
    if el.tag == f"{NS}circle":
        return float(el.get("cx", "nan"))
    if el.tag == f"{NS}rect":
        return float(el.get("x", "nan")) + float(el.get("width", "nan")) / 2
    xs = [float(p.split(",")[0]) for p in el.get("points", "").split()]
    return (min(xs) + max(xs)) / 2


def test_accessible_scalable_svg() -> None:
    root = parse(growth_svg(STATEMENTS, PORTRAITS))
    assert root.tag == f"{NS}svg"
    assert root.get("role") == "img"
    assert root.get("width") == "100%"
    assert re.fullmatch(r"0 0 \d+ \d+", root.get("viewBox", ""))
    assert "system-ui" in root.get("font-family", "")
    ids = root.get("aria-labelledby", "").split()
    assert len(ids) == 2
    title = root.find(f"{NS}title[@id='{ids[0]}']")
    desc = root.find(f"{NS}desc[@id='{ids[1]}']")
    assert title is not None and title.text == "Zo groei ik"
    assert desc is not None and desc.text
    # netjes up, plannen down, tempo equal, afspraken has a single valid answer.
    assert "Zinnen omhoog: 1, omlaag: 1, gelijk gebleven: 1." in desc.text


def test_id_prefix_keeps_ids_unique() -> None:
    root = parse(growth_svg(STATEMENTS, PORTRAITS, title="Mijn groei", id_prefix="p-12"))
    assert root.get("aria-labelledby") == "p-12-title p-12-desc"
    assert root.find(f"{NS}title[@id='p-12-title']") is not None


def test_markers_sit_in_their_columns() -> None:
    root = parse(growth_svg(STATEMENTS, PORTRAITS))
    cols = {
        t.get("data-value"): float(t.get("x", "nan"))
        for t in root.iter(f"{NS}text")
        if t.get("data-value")
    }
    assert list(cols) == ["niet-zo", "soms", "vaak", "altijd"]
    assert cols["niet-zo"] < cols["soms"] < cols["vaak"] < cols["altijd"]

    expected = {
        "netjes": [("6", "soms"), ("7", "vaak"), ("8", "altijd")],
        "plannen": [("6", "altijd"), ("7", "vaak"), ("8", "soms")],
        "tempo": [("6", "vaak"), ("7", "vaak"), ("8", "vaak")],
        "afspraken": [],  # "" and an unknown value draw nothing
    }
    for key, want in expected.items():
        ms = markers(row(root, key))
        assert [(m.get("data-year"), m.get("data-value")) for m in ms] == want
        for m in ms:
            assert centre_x(m) == pytest.approx(cols[m.get("data-value", "")])
    # Within a row the years sit below each other, so equal answers do not hide each other.
    ys = [float(m.get("cy") or m.get("y") or 0) for m in markers(row(root, "tempo"))]
    assert len(set(ys)) == 3


def test_years_differ_in_shape_and_dash() -> None:
    root = parse(growth_svg(STATEMENTS, PORTRAITS))
    shapes = {m.get("data-year"): m.tag for m in markers(row(root, "netjes"))}
    assert len(set(shapes.values())) == 3
    # Lines run into each later year with that year's dash pattern.
    lines = row(root, "netjes").findall(f"{NS}line")
    assert len(lines) == 2
    dashes = [ln.get("stroke-dasharray", "") for ln in lines]
    assert len(set(dashes)) == 2
    # The legend shows every year with the same shape (and line) as in the rows.
    legend = [e for e in root.iter() if e.tag in SHAPES and "data-value" not in e.attrib]
    legend = [e for e in legend if e.get("data-year")]
    assert {e.get("data-year"): e.tag for e in legend} == shapes
    texts = {t.text for t in root.iter(f"{NS}text")}
    assert {"Groep 6", "Groep 7", "Groep 8"} <= texts
    # The last marker of a row carries its year number.
    assert [t.text for t in row(root, "netjes").iter(f"{NS}text")][-1] == "8"
    assert [t.text for t in row(root, "plannen").iter(f"{NS}text")][-1] == "8"


def test_final_label_uses_last_answered_year() -> None:
    portraits = [Portrait("Groep 6", {"netjes": "soms"}), Portrait("Groep 7", {})]
    root = parse(growth_svg(STATEMENTS[:1], portraits))
    labels = [t.text for t in row(root, "netjes").iter(f"{NS}text")]
    assert labels[-1] == "6"


def test_escapes_statement_text_and_labels() -> None:
    nasty = 'Ik <b>werk</b> & "speel" \x01'
    long_text = "Ik probeer heel erg vaak nieuwe dingen uit " * 4
    statements = [('a"b', nasty), ("lang", long_text)]
    portraits = [Portrait("Groep <6> & co", {'a"b': "vaak", "lang": "soms"})]
    svg = growth_svg(statements, portraits, title="Groei <&>")
    root = parse(svg)
    assert "<b>" not in svg
    assert root.findtext(f"{NS}title") == "Groei <&>"
    texts = ["".join(t.itertext()) for t in root.iter(f"{NS}text")]
    assert 'Ik <b>werk</b> & "speel"' in texts
    assert "Groep <6> & co" in texts
    assert row(root, 'a"b') is not None
    # Long text: at most two lines of ~40 characters, the full text in a <title> child.
    text_el = row(root, "lang").find(f"{NS}text")
    assert text_el is not None
    assert text_el.findtext(f"{NS}title") == long_text
    tspans = [t.text or "" for t in text_el.iter(f"{NS}tspan")]
    assert len(tspans) == 2
    assert all(len(t) <= 40 for t in tspans)
    assert tspans[-1].endswith("…")


def test_no_portraits_shows_a_friendly_message() -> None:
    svg = growth_svg(ALL_STATEMENTS, [])
    root = parse(svg)
    assert root.get("role") == "img"
    texts = [t.text for t in root.iter(f"{NS}text")]
    assert "Nog geen zelfportret ingevuld." in texts
    assert root.findtext(f"{NS}desc") == "Nog geen zelfportret ingevuld."
    assert markers(root) == []


def test_single_portrait_has_markers_but_no_lines() -> None:
    root = parse(growth_svg(STATEMENTS, PORTRAITS[:1]))
    for key, value in [("netjes", "soms"), ("plannen", "altijd"), ("tempo", "vaak")]:
        r = row(root, key)
        assert [m.get("data-value") for m in markers(r)] == [value]
        assert r.findall(f".//{NS}line") == []
    assert markers(row(root, "afspraken")) == []
    assert "nog niets om te vergelijken" in (root.findtext(f"{NS}desc") or "")


def test_growth_rows_change_detection() -> None:
    rows = growth_rows(STATEMENTS, PORTRAITS)
    assert rows[0] == {
        "key": "netjes",
        "text": "Ik werk netjes",
        "cells": ["Soms", "Vaak", "Altijd"],
        "change": "omhoog",
    }
    assert rows[1]["change"] == "omlaag"
    assert rows[2]["change"] == "gelijk"
    assert rows[3]["cells"] == ["", "", ""]
    assert rows[3]["change"] == ""
    # Gaps are skipped: the first and the last answered year are compared.
    gap = [Portrait("6", {"k": "niet-zo"}), Portrait("7", {}), Portrait("8", {"k": "soms"})]
    assert growth_rows([("k", "t")], gap)[0]["change"] == "omhoog"
    assert growth_rows([("k", "t")], gap[:2])[0]["change"] == ""
    assert growth_rows([("k", "t")], [])[0] == {"key": "k", "text": "t", "cells": [], "change": ""}


def test_csp_safe_deterministic_and_compact() -> None:
    values = ["niet-zo", "soms", "vaak", "altijd"]
    portraits = [
        Portrait(
            f"Groep {g}",
            {k: values[(i + g) % 4] for i, (k, _) in enumerate(ALL_STATEMENTS)},
        )
        for g in (6, 7, 8)
    ]
    svg = growth_svg(ALL_STATEMENTS, portraits)
    assert svg == growth_svg(ALL_STATEMENTS, portraits)
    assert len(markers(parse(svg))) == 45
    assert len(svg.encode()) <= 12_500
    lowered = svg.lower()
    assert "style=" not in lowered
    assert "<script" not in lowered
    assert "href" not in lowered
    assert "url(" not in lowered
    assert not re.search(r"\son[a-z]+=", lowered)
    assert re.findall(r"https?://[^\"]*", svg) == ["http://www.w3.org/2000/svg"]


def test_readable_on_a_320px_phone() -> None:
    """The picture is drawn narrow: on a 320 px phone (about 280 px for the picture) no
    text is smaller than 12 px, and the columns run Niet zo → Altijd like the sheet's boxes."""
    root = parse(growth_svg(ALL_STATEMENTS, PORTRAITS))
    width = float(root.get("viewBox", "").split()[2])
    scale = 280 / width
    sizes = [float(root.get("font-size", "0"))]
    sizes += [float(el.get("font-size")) for el in root.iter() if el.get("font-size")]
    assert min(sizes) * scale >= 12
    headers = [t for t in root.iter(f"{NS}text") if t.get("data-value")]
    assert [t.get("data-value") for t in sorted(headers, key=lambda t: float(t.get("x")))] == [
        "niet-zo",
        "soms",
        "vaak",
        "altijd",
    ]
    # every statement's text stays inside the picture (at most two wrapped lines)
    for key, _ in ALL_STATEMENTS:
        for line in row(root, key).iter(f"{NS}tspan"):
            assert len(line.text or "") <= 31
