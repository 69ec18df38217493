"""Printing: a blank worksheet holds no answers, prints on A4, and a home assignment fits on
at most two A4 sides (checked with headless Chromium when it is installed)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from markupsafe import escape

from tests import factories
from tests.factories import add_item, fill_values

CHROMIUM = "/usr/bin/chromium"
HOME_ASSIGNMENTS = ["kwaliteiten-top3", "beroepen-om-je-heen", "school-die-past"]
A4_RULE = re.compile(r"@page\s*\{[^}]*size:\s*A4\b[^}]*\}", re.I)
PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


# No demo school here: a class of groep 7 with its teacher and a pupil (tests/factories.py).


@pytest.fixture
def app(empty_app):
    return empty_app


@pytest.fixture
def clients(empty_clients):
    return empty_clients


@pytest.fixture
def class_teacher(app) -> factories.Staff:
    return factories.teacher(app.state.rugzak.store)


@pytest.fixture
def pupil(app, class_teacher) -> factories.Pupil:
    store = app.state.rugzak.store
    return factories.pupil(store, factories.school_class(store, group=7, teachers=(class_teacher,)))


def stylesheet(client, html: str) -> str:
    """Every stylesheet the page links (app.css, adult.css), in order, as one text."""
    hrefs = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert hrefs, "the print page links no stylesheet"
    texts = []
    for href in hrefs:
        r = client.get(href)
        assert r.status_code == 200
        texts.append(r.text)
    return "\n".join(texts)


def test_the_home_assignments_are_the_ones_to_check(app) -> None:
    sheets = app.state.rugzak.catalog.worksheets.values()
    assert sorted(ws.id for ws in sheets if ws.kind == "thuisopdracht") == sorted(HOME_ASSIGNMENTS)


def test_blank_print_holds_no_answers(app, clients, class_teacher, pupil) -> None:
    pid = pupil.id
    teacher = clients.staff(class_teacher)
    for worksheet_id in HOME_ASSIGNMENTS:
        ws = app.state.rugzak.catalog.worksheets[worksheet_id]
        values, expect = fill_values(ws)
        add_item(app, pid, worksheet_id, values, item_id=f"i-filled-{worksheet_id}", shared=True)
        html = teacher.get(f"/print/werkblad/{worksheet_id}").text
        markers = [e for e in expect if e.startswith(("antw", "Eigenantw", "Eerste regel"))]
        assert markers
        for marker in markers:
            assert str(escape(marker)) not in html, (worksheet_id, marker)
        assert "Getekend door" not in html and "Nog niet ingevuld" not in html
        assert pid not in html  # nothing of any pupil
        assert "☐" in html and 'class="write-line' in html
        assert html.count("☐</span> JA<") == 3  # the parent's three JA/NEE questions


def test_blank_print_of_the_top3_lists_the_cards_once(app, clients, class_teacher) -> None:
    html = clients.staff(class_teacher).get("/print/werkblad/kwaliteiten-top3").text
    assert html.count('class="card-list"') == 1
    for card in app.state.rugzak.catalog.content["kwaliteiten"]:
        assert html.count(f"<strong>{escape(card.label)}</strong>") == 1


def test_print_has_the_scale_in_the_sheets_order_and_named_links(
    app, clients, class_teacher, pupil
) -> None:
    teacher = clients.staff(class_teacher)
    html = teacher.get("/print/werkblad/zelfportret-7").text
    head = re.search(r'<table class="scale-blank">\s*<thead>(.*?)</thead>', html, re.S)
    assert head, "no scale table"
    columns = re.findall(r'<th scope="col">([^<]*)</th>', head.group(1))
    assert columns == ["Zin", "Niet zo", "Soms", "Vaak", "Altijd"]  # as on the sheet and in growth
    # The learning-route map: a link with a name, and on paper its address too.
    link = re.search(r'<a href="(http[^"]+\.pdf)"[^>]*>([^<]+)</a> \(([^)]+)\)', html)
    assert link and link.group(2) == "de grote leerroutekaart van Rotterdam (PDF)"
    assert link.group(3) == link.group(1)
    assert "[de grote" not in html  # the link syntax itself never shows
    # Answers on screen: the chosen box and the ones before it coloured, the same order.
    add_item(
        app,
        pupil.id,
        "zelfportret-7",
        {"stellingen.netjes": "vaak"},
        item_id="i-filled-zelfportret-7",
    )
    page = teacher.get(f"/print/leerling/{pupil.id}/item/i-filled-zelfportret-7").text
    boxes = re.search(r'<span class="scale-shown"[^>]*>(.*?)</span> <strong>Vaak</strong>', page)
    assert boxes, "the answer is not shown as boxes"
    assert re.findall(r"scale-box scale-(\d)( on)?", boxes.group(1)) == [
        ("1", " on"),
        ("2", " on"),
        ("3", " on"),
        ("4", ""),
    ]


def test_print_pages_use_a4(clients, class_teacher) -> None:
    teacher = clients.staff(class_teacher)
    html = teacher.get("/print/werkblad/kwaliteiten-top3").text
    css = stylesheet(teacher, html)
    rule = A4_RULE.search(css)
    assert rule, "no @page rule with size A4"
    assert "12mm" in rule.group(0)


def count_pages(pdf: bytes) -> int:
    return len(PAGE.findall(pdf))


def test_count_pages_ignores_the_pages_tree() -> None:
    assert count_pages(b"<< /Type /Pages /Count 2 >> << /Type /Page >> <</Type/Page/X 1>>") == 2


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium is not installed")
def test_blank_home_assignments_fit_on_two_a4_sides(clients, class_teacher, tmp_path) -> None:
    teacher = clients.staff(class_teacher)
    pages = {
        worksheet_id: print_to_pdf(teacher, worksheet_id, tmp_path)
        for worksheet_id in HOME_ASSIGNMENTS
    }
    assert all(1 <= n <= 2 for n in pages.values()), f"A4 sides per blank worksheet: {pages}"


def print_to_pdf(teacher, worksheet_id: str, tmp_path: Path) -> int:
    """Print the blank worksheet with headless Chromium; the number of pages."""
    html = teacher.get(f"/print/werkblad/{worksheet_id}").text
    css = stylesheet(teacher, html)
    # The page's own stylesheet, inlined: a file:// page cannot reach the test server.
    html = re.sub(r'<link rel="stylesheet"[^>]*>', "", html)
    html = html.replace("</head>", f"<style>{css}</style></head>", 1)
    page = tmp_path / f"{worksheet_id}.html"
    page.write_text(html, encoding="utf-8")
    pdf = tmp_path / f"{worksheet_id}.pdf"
    profile = tmp_path / "chromium-profile"
    result = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=False,
    )
    shutil.rmtree(profile, ignore_errors=True)
    assert pdf.exists(), result.stderr.decode(errors="replace")[-2000:]
    return count_pages(pdf.read_bytes())


def test_a_parents_print_page_speaks_their_language(app, clients, pupil) -> None:
    """Issue 15: a parent prints an item in the language they chose, the child's words as
    typed, the worksheet's questions from the catalogue."""
    store = app.state.rugzak.store
    parent = factories.parent(store, pupil)
    values = {"kind-kiest.1": "sportief", "kind-kiest.1.situatie": "Ik voetbal elke week."}
    item_id = add_item(app, pupil.id, "kwaliteiten-top3", values, group=6, shared=True)
    client = clients.parent(parent)
    url = f"/print/leerling/{pupil.id}/item/{item_id}"
    dutch = client.get(url).text
    assert "Terug</a>" in dutch
    client.post("/taal", data={"lang": "en", "terug": "/ouder"})
    page = client.get(url).text
    assert '<html lang="en" dir="ltr">' in page
    assert "Back</a>" in page and "Group 6" in page
    assert "Opdracht 1: Welke kwaliteiten passen bij jou?" in dutch
    assert "Opdracht 1: Welke kwaliteiten passen bij jou?" not in page  # the section, translated
    assert "Ik voetbal elke week." in page  # as typed
