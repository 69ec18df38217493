"""Invitation letters: one printed page per adult, a QR code that really decodes to the
redeem link, and the one-time code behind it (redeem once; reuse, expiry, typos refused)."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from html import unescape
from pathlib import Path

import pytest
import segno
from PIL import Image, ImageDraw

from server.domain import school
from server.infra.store import stored as read_stored

try:  # a real QR decoder (zxing-cpp, a wheel without system libraries) when installed
    import zxingcpp
except ImportError:  # pragma: no cover - the module check below still runs
    zxingcpp = None

BASE = "http://testserver"
ROOT = Path(__file__).resolve().parents[2]
LETTER_RE = re.compile(r'<article class="letter".*?</article>', re.S)
CODE_RE = re.compile(r'<span class="letter-code">([A-Z0-9]{4}-[A-Z0-9]{4})</span>')
SVG_RE = re.compile(
    r'<svg viewBox="0 0 (\d+) (\d+)" class="letter-qr"><title>[^<]*</title>'
    r'<path(?: class="qrline")? stroke="#000" d="([^"]+)"/></svg>'
)
PATH_TOKEN = re.compile(r"([MmHhVvZz])([^MmHhVvZz]*)")


def school_json(settings) -> dict:
    return read_stored(settings.data_dir / "school.json")


def class_id_of(clients, demo, pupil: str) -> str:
    with clients.app.state.rugzak.store.school.transaction() as db:
        return school.get_pupil(db, demo.pupil_ids[pupil])["class_id"]


def svg_modules(svg_match: re.Match) -> list[list[bool]]:
    """Rasterises segno's SVG path (one stroked horizontal line per run of dark modules)
    into a grid of modules: what a printer would put on paper."""
    width, height = int(svg_match.group(1)), int(svg_match.group(2))
    grid = [[False] * width for _ in range(height)]
    x = y = 0.0
    for cmd, args in PATH_TOKEN.findall(svg_match.group(3)):
        nums = [float(n) for n in args.replace(",", " ").replace("-", " -").split()]
        if cmd == "M":
            x, y = nums
        elif cmd == "m":
            x, y = x + nums[0], y + nums[1]
        elif cmd == "h":
            row = int(y)  # the stroke is centred on y = row + .5
            for col in range(int(x), int(x + nums[0])):
                grid[row][col] = True
            x += nums[0]
        else:
            raise AssertionError(f"unexpected path command {cmd}")
    return grid


def decode(grid: list[list[bool]]) -> str:
    scale = 8
    img = Image.new("L", (len(grid[0]) * scale, len(grid) * scale), 255)
    draw = ImageDraw.Draw(img)
    for r, row in enumerate(grid):
        for c, dark in enumerate(row):
            if dark:
                draw.rectangle(
                    (c * scale, r * scale, (c + 1) * scale - 1, (r + 1) * scale - 1), fill=0
                )
    results = zxingcpp.read_barcodes(img)
    assert len(results) == 1, results
    assert results[0].format == zxingcpp.BarcodeFormat.QRCode
    return results[0].text


def letters_of(html: str) -> list[dict[str, str | list[list[bool]]]]:
    found = []
    for article in LETTER_RE.findall(html):
        code = CODE_RE.search(article)
        svg = SVG_RE.search(article)
        assert code and svg, article[:500]
        found.append({"html": article, "code": code.group(1), "modules": svg_modules(svg)})
    return found


def make_letters(client, class_id: str, **form) -> list[dict]:
    r = client.post(f"/leraar/klas/{class_id}/brieven", data=form)
    assert r.status_code == 200, r.text
    assert r.headers["cache-control"] == "no-store"
    return letters_of(r.text)


def redeem_form(username: str) -> dict[str, str]:
    return {
        "name": "Ama Mensah",
        "relation": "moeder",
        "username": username,
        "password": "een-goed-wachtwoord",
        "password2": "een-goed-wachtwoord",
    }


def test_choice_page(clients, demo) -> None:
    teacher = clients.staff("juf.sanne")
    class_id = class_id_of(clients, demo, "Kofi Mensah")
    assert (
        'href="/leraar/klas/' + class_id + '/brieven"'
        in teacher.get(f"/leraar/klas/{class_id}").text
    )
    r = teacher.get(f"/leraar/klas/{class_id}/brieven")
    assert r.status_code == 200
    for text in ("Voor wie?", "Alle leerlingen", "2 brieven", "Kofi Mensah", "Noor Bakker"):
        assert text in r.text
    assert 'name="pupil" value="' + demo.pupil_ids["Kofi Mensah"] + '"' in r.text
    # The admin may print for every class.
    assert clients.staff("beheer").get(f"/leraar/klas/{class_id}/brieven").status_code == 200


def test_letters_decode_and_codes_redeem_once(clients, demo, settings) -> None:
    teacher = clients.staff("juf.sanne")
    class_id = class_id_of(clients, demo, "Kofi Mensah")
    # Groep 6: only Kofi has no adult yet; two households → two letters, two codes.
    letters = make_letters(teacher, class_id, choice="zonder", per_pupil="2")
    assert len(letters) == 2
    codes = [letter["code"] for letter in letters]
    assert len(set(codes)) == 2
    kofi = demo.pupil_ids["Kofi Mensah"]
    stored = [
        i for i in school_json(settings).get("invitations", {}).values() if i["pupil_id"] == kofi
    ]
    assert len(stored) == 2 and all(i["used_at"] is None for i in stored)
    assert not any(code.replace("-", "") in json.dumps(stored) for code in codes)  # hash only

    for letter in letters:
        html = unescape(str(letter["html"]))
        assert "Basisschool De Horizon" in html
        assert "Beste ouder/verzorger van Kofi," in html
        assert f"{BASE}/uitnodiging" in html
        assert "Zet op beginscherm" in html and "Toevoegen aan startscherm" in html
        assert "werkt één keer" in html and "English:" in html
        assert "Juf Sanne Bakker" in html
        expires = datetime.now(UTC) + timedelta(days=settings.limits.invitation_days)
        months = ["januari", "februari", "maart", "april", "mei", "juni", "juli"]
        months += ["augustus", "september", "oktober", "november", "december"]
        assert f"{expires.day} {months[expires.month - 1]} {expires.year}" in html
        url = f"{BASE}/uitnodiging/{str(letter['code']).replace('-', '')}"
        # The printed modules are exactly the QR code of the redeem link ...
        expected = [[bool(v) for v in row] for row in segno.make(url, error="m").matrix]
        modules = letter["modules"]
        assert [row[4:-4] for row in modules[4:-4]] == expected  # 4-module quiet zone
        # ... and a real decoder reads that link back from them.
        if zxingcpp is not None:
            assert decode(modules) == url

    first = f"/uitnodiging/{codes[0].replace('-', '')}"
    parent = clients.anonymous()
    assert parent.get(first).status_code == 200
    r = parent.post(first, data=redeem_form("ama.mensah"), follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/ouder"
    assert "Kofi" in parent.get("/ouder").text

    # Used: refused, for anyone.
    again = clients.anonymous()
    for r in (again.get(first), again.post(first, data=redeem_form("iemand.anders"))):
        assert r.status_code == 400
        assert "al gebruikt" in r.text
    # The second household's letter still works.
    second = f"/uitnodiging/{codes[1].replace('-', '')}"
    r = clients.anonymous().post(second, data=redeem_form("kwame.mensah"), follow_redirects=False)
    assert r.status_code == 303
    links = [link for link in school_json(settings)["links"].values() if link["pupil_id"] == kofi]
    assert len(links) == 2


def test_expired_and_wrong_codes_are_refused(clients, demo, settings) -> None:
    teacher = clients.staff("juf.sanne")
    class_id = class_id_of(clients, demo, "Kofi Mensah")
    pupil_id = demo.pupil_ids["Noor Bakker"]
    [letter] = make_letters(teacher, class_id, choice="kies", pupil=pupil_id, per_pupil="1")
    assert "Beste ouder/verzorger van Noor," in str(letter["html"])
    code = str(letter["code"])
    store = clients.app.state.rugzak.store
    with store.school.transaction() as db:
        inv = school.find_invitation(db, code)
        past = (datetime.now(UTC) - timedelta(minutes=1)).isoformat(timespec="seconds")
        db.table("invitations").patch(inv["id"], {"expires_at": past})
    anon = clients.anonymous()
    url = f"/uitnodiging/{code.replace('-', '')}"
    for r in (anon.get(url), anon.post(url, data=redeem_form("te.laat"))):
        assert r.status_code == 400 and "verlopen" in r.text
    wrong = "".join("B" if ch != "B" else "C" for ch in code.replace("-", ""))
    r = anon.get(f"/uitnodiging/{wrong}")
    assert r.status_code == 400 and "Deze code kennen we niet" in r.text
    assert not any(a["username"] == "te.laat" for a in school_json(settings)["adults"].values())


def test_choices_select_pupils(clients, demo, settings) -> None:
    teacher = clients.staff("juf.sanne")
    class_id = class_id_of(clients, demo, "Sem Jansen")  # Groep 7: everyone has an adult
    before = school_json(settings).get("invitations", {})
    r = teacher.post(f"/leraar/klas/{class_id}/brieven", data={"choice": "zonder"})
    assert r.status_code == 400 and "Kies een andere groep" in r.text
    r = teacher.post(f"/leraar/klas/{class_id}/brieven", data={"choice": "kies"})
    assert r.status_code == 400 and "Kies minstens één leerling" in r.text
    assert school_json(settings).get("invitations", {}) == before
    # A ticked pupil from another class is ignored, not given a letter.
    emma = demo.pupil_ids["Emma de Vries"]
    sem = demo.pupil_ids["Sem Jansen"]
    letters = make_letters(teacher, class_id, choice="kies", pupil=[sem, emma], per_pupil="1")
    assert len(letters) == 1 and "van Sem," in str(letters[0]["html"])
    letters = make_letters(teacher, class_id, choice="alle", per_pupil="1")
    assert len(letters) == 8
    # Groep 7 has two teachers: parents may ask either.
    assert "Juf Sanne Bakker of Meester Youssef El Amrani" in str(letters[0]["html"])


def test_teacher_of_another_class_is_refused(clients, demo, settings) -> None:
    class_id = class_id_of(clients, demo, "Kofi Mensah")  # Groep 6: juf Sanne's class
    other = clients.staff("meester.youssef")
    before = school_json(settings).get("invitations", {})
    assert other.get(f"/leraar/klas/{class_id}/brieven").status_code == 403
    r = other.post(f"/leraar/klas/{class_id}/brieven", data={"choice": "alle", "per_pupil": "2"})
    assert r.status_code == 403
    assert "letter-code" not in r.text
    assert school_json(settings).get("invitations", {}) == before
    parent = clients.parent("moeder.noor")
    assert parent.post(f"/leraar/klas/{class_id}/brieven", data={}).status_code == 404
    assert school_json(settings).get("invitations", {}) == before


def test_print_css_has_pages_and_breaks() -> None:
    # the letters' page loads both stylesheets (pwa/css/adult.css: staff and parents only)
    css = "\n".join((ROOT / "pwa" / "css" / f"{name}.css").read_text() for name in ("app", "adult"))
    assert "@page" in css and "/* invitation letters */" in css
    assert re.search(r"@media print\s*\{[^@]*\.letter \+ \.letter\s*\{\s*break-before:\s*page", css)
    assert "style=" not in (ROOT / "templates" / "teacher" / "letters.html").read_text()


@pytest.mark.parametrize("url", [f"{BASE}/uitnodiging/ABCDEFGH"])
def test_qr_svg_is_csp_safe(url) -> None:
    from server.web.routes.letters import qr_svg

    svg = str(qr_svg(url))
    assert "style" not in svg and "<title>" in svg and "href" not in svg
    assert SVG_RE.fullmatch(svg)
