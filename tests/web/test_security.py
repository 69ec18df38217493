"""Cross-site protection, security headers, no inline script, escaping and error pages."""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest
from starlette.routing import Route
from starlette.testclient import TestClient

from server.demo import PUPIL_PIN
from server.infra.settings import Limits
from server.infra.store import stored as read_stored
from server.web.middleware.cross_origin import MESSAGE as MSG_CROSS_SITE
from server.web.sessions import SESSION_COOKIE

BASE = "http://testserver"
NOOR = "Noor Bakker"


def snapshot(data_dir: Path) -> dict[str, str]:
    return {
        str(p.relative_to(data_dir)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(data_dir.rglob("*.json"))
    }


def stored(settings) -> dict:
    return read_stored(settings.data_dir / "school.json")


def class_id(settings, name: str) -> str:
    return next(k for k, c in stored(settings)["classes"].items() if c["name"] == name)


# --- cross-site requests ---

CROSS_SITE = [
    {"Sec-Fetch-Site": "cross-site"},
    {"Sec-Fetch-Site": "same-site"},  # a sibling sub-domain is another application
    {"Origin": "https://evil.example"},
    {"Origin": "null"},  # sandboxed frames, data: URLs
    {"Origin": "http://testserver.evil.example"},
    {"Sec-Fetch-Site": "cross-site", "Origin": "http://testserver"},  # Sec-Fetch-Site wins
]


@pytest.mark.parametrize("headers", CROSS_SITE)
def test_cross_site_post_is_refused_before_the_route(clients, settings, headers):
    sanne = clients.staff("juf.sanne")
    before = snapshot(settings.data_dir)
    r = sanne.post(
        f"/leraar/klas/{class_id(settings, 'Groep 6')}/leerlingen",
        data={"first_name": "Via een andere site"},
        headers=headers,
    )
    assert r.status_code == 403
    assert "Dit verzoek kwam niet van Rugzak zelf" in r.text
    assert snapshot(settings.data_dir) == before


def test_cross_site_pin_attempt_does_not_even_count(clients, demo, settings):
    noor = demo.pupil_ids[NOOR]
    c = clients.anonymous()
    r = c.post(
        f"/klas/HZN6PX/{noor}", data={"pin": "9999"}, headers={"Sec-Fetch-Site": "cross-site"}
    )
    assert r.status_code == 403
    # Not counted: the same tablet still has all five tries.
    r = c.post(f"/klas/HZN6PX/{noor}", data={"pin": "9999"})
    assert "Je mag het nog 4 keer proberen." in r.text


def test_cross_site_login_sets_no_cookie(client):
    r = client.post(
        "/inloggen/medewerker",
        data={"username": "juf.sanne", "password": "horizon-sanne"},
        headers={"Origin": "https://evil.example"},
        follow_redirects=False,
    )
    assert r.status_code == 403
    assert SESSION_COOKIE not in client.cookies


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
def test_cross_site_other_unsafe_methods_are_refused(clients, method):
    c = clients.pupil(NOOR)
    r = c.request(method, "/api/sync", headers={"Sec-Fetch-Site": "cross-site"})
    assert r.status_code == 403
    assert r.json() == {"error": MSG_CROSS_SITE}  # the device's calls get JSON, in Dutch


def test_cross_site_sign_out_everywhere_is_refused(clients):
    pupil = clients.pupil(NOOR)
    other = clients.pupil(NOOR)
    r = pupil.post("/uitloggen/overal", headers={"Sec-Fetch-Site": "cross-site"})
    assert r.status_code == 403
    assert other.get("/api/mij", follow_redirects=False).status_code == 200


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "same-origin"},
        {"Sec-Fetch-Site": "none"},  # typed or bookmarked by the user
        {"Origin": BASE},
        {"Sec-Fetch-Site": "same-origin", "Origin": BASE},
        {},  # not a browser (curl, the tests): SameSite cookies guard the rest
    ],
)
def test_same_origin_post_works(clients, settings, headers):
    sanne = clients.staff("juf.sanne")
    r = sanne.post(
        f"/leraar/klas/{class_id(settings, 'Groep 6')}/leerlingen",
        data={"first_name": "Fleur"},
        headers=headers,
    )
    assert r.status_code == 200
    assert any(p["first_name"] == "Fleur" for p in stored(settings)["pupils"].values())


def test_cross_site_get_is_allowed(client):
    """Following a link from another site (an e-mail, the school website) must work."""
    r = client.get("/inloggen", headers={"Sec-Fetch-Site": "cross-site"})
    assert r.status_code == 200


# --- headers and cookies ---


def assert_security_headers(r) -> None:
    csp = r.headers.get("content-security-policy", "")
    directives = {d.split()[0]: d for d in (p.strip() for p in csp.split(";")) if d}
    assert directives.get("script-src") == "script-src 'self'", (r.url, csp)
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "'none'" in directives.get("object-src", "")
    assert "frame-ancestors 'none'" in csp
    assert r.headers.get("x-content-type-options") == "nosniff"
    assert r.headers.get("referrer-policy") == "no-referrer"


def test_csp_and_headers_on_every_kind_of_response(clients, demo):
    anon = clients.anonymous()
    responses = [
        anon.get("/inloggen"),
        anon.get("/klas/HZN6PX"),
        anon.get("/bestaat-niet"),
        anon.get("/healthz"),
        anon.post("/klas", data={"code": "x"}),
        anon.post("/klas", data={"code": "x"}, headers={"Sec-Fetch-Site": "cross-site"}),
        anon.get(re.search(r'href="(/static/[^"]+\.css)"', anon.get("/inloggen").text)[1]),
        clients.pupil(NOOR).get("/leerling"),
        clients.staff("juf.sanne").get("/leraar"),
    ]
    for r in responses:
        assert_security_headers(r)


def test_session_cookie_is_httponly_and_samesite_lax(clients, demo):
    c = clients.anonymous()
    r = c.post(
        f"/klas/HZN6PX/{demo.pupil_ids[NOOR]}", data={"pin": PUPIL_PIN}, follow_redirects=False
    )
    cookie = r.headers["set-cookie"]
    assert cookie.startswith(f"{SESSION_COOKIE}=")
    attributes = {a.strip().lower() for a in cookie.split(";")[1:]}
    assert "httponly" in attributes
    assert "samesite=lax" in attributes
    assert "path=/" in attributes
    assert "secure" not in attributes  # plain http on the school network: Secure would break it
    assert any(a.startswith("max-age=") for a in attributes)


def test_cookie_is_secure_behind_https(settings, demo, make_app):
    app = make_app(replace(settings, base_url="https://rugzak.school.nl"))
    with TestClient(app, base_url="https://rugzak.school.nl") as c:
        r = c.post(
            "/inloggen/medewerker",
            data={"username": "juf.sanne", "password": "horizon-sanne"},
            follow_redirects=False,
        )
        assert r.status_code == 303
        assert "secure" in r.headers["set-cookie"].lower()


def test_sign_out_deletes_the_cookie(clients):
    c = clients.pupil(NOOR)
    r = c.post("/uitloggen", follow_redirects=False)
    cookie = r.headers["set-cookie"].lower()
    assert cookie.startswith(f"{SESSION_COOKIE}=")
    assert "max-age=0" in cookie or "expires=thu, 01 jan 1970" in cookie


# --- no inline script anywhere ---


class InlineCode(HTMLParser):
    """Collects what a strict CSP would block: inline scripts, event handler attributes,
    javascript: URLs, inline styles."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []
        self._in_script: dict[str, str | None] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...>")
            if value and value.strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}=javascript:...>")
            if name == "style":
                self.problems.append(f"<{tag} style=...>")
        if tag == "style":
            self.problems.append("<style> block")
        if tag == "script":
            self._in_script = a

    def handle_data(self, data):
        if self._in_script is not None and data.strip():
            attrs = self._in_script
            data_block = attrs.get("type") in ("application/json", "application/ld+json")
            if attrs.get("src") or not data_block:
                self.problems.append(f"inline script: {data.strip()[:60]!r}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    return parser.problems


def test_the_checker_finds_inline_code():
    assert inline_code('<script>alert(1)</script><p onclick="x()">') == [
        "inline script: 'alert(1)'",
        "<p onclick=...>",
    ]
    assert inline_code('<a href="javascript:x()">') and inline_code('<p style="color:red">')
    assert inline_code('<script type="application/json">{"a": 1}</script>') == []
    assert inline_code('<script src="/x.js"></script>') == []


def every_page(clients, demo, settings, app) -> list[tuple[str, str, object]]:
    """(who, path, response) for the main pages of every role, including forms with errors."""
    noor, kofi = demo.pupil_ids[NOOR], demo.pupil_ids["Kofi Mensah"]
    g6 = class_id(settings, "Groep 6")
    anon = clients.anonymous()
    pupil = clients.pupil(NOOR)
    parent = clients.parent("moeder.noor")
    sanne = clients.staff("juf.sanne")
    admin = clients.staff("beheer")
    invite = sanne.post(f"/leraar/leerling/{kofi}/uitnodiging", data={"relation": "moeder"})
    code = re.search(r'class="code">([A-Z0-9-]+)<', invite.text).group(1).replace("-", "")
    pages = [
        ("anon", "/inloggen", anon.get("/inloggen")),
        ("anon", "/inloggen?uitgelogd=1", anon.get("/inloggen?uitgelogd=1")),
        ("anon", "/klas", anon.get("/klas")),
        ("anon", "POST /klas", anon.post("/klas", data={"code": "FOUT"})),
        ("anon", "/klas/HZN6PX", anon.get("/klas/HZN6PX")),
        ("anon", "pin", anon.get(f"/klas/HZN6PX/{noor}")),
        ("anon", "wrong pin", anon.post(f"/klas/HZN6PX/{noor}", data={"pin": "0000"})),
        ("anon", "/inloggen/medewerker", anon.get("/inloggen/medewerker")),
        ("anon", "bad password", anon.post("/inloggen/medewerker", data={"username": "x"})),
        ("anon", "/inloggen/ouder", anon.get("/inloggen/ouder")),
        ("anon", "/uitnodiging", anon.get("/uitnodiging")),
        ("anon", "redeem", anon.get(f"/uitnodiging/{code}")),
        ("anon", "redeem error", anon.post(f"/uitnodiging/{code}", data={"name": ""})),
        ("anon", "wrong code", anon.get("/uitnodiging/ABCDEFGH")),
        ("anon", "404", anon.get("/bestaat-niet")),
        ("anon", "405", anon.get("/uitloggen")),
        ("pupil", "/leerling", pupil.get("/leerling")),
        ("parent", "/ouder", parent.get("/ouder")),
        ("parent", "redeem signed in", parent.get(f"/uitnodiging/{code}")),
        ("teacher", "/leraar", sanne.get("/leraar")),
        ("teacher", "class", sanne.get(f"/leraar/klas/{g6}")),
        ("teacher", "pupil", sanne.get(f"/leraar/leerling/{noor}")),
        ("teacher", "new pin", sanne.post(f"/leraar/leerling/{noor}/pincode")),
        ("teacher", "invitation", invite),
        (
            "teacher",
            "add pupil",
            sanne.post(f"/leraar/klas/{g6}/leerlingen", data={"first_name": "A"}),
        ),
        ("teacher", "/leraar/import", sanne.get("/leraar/import")),
        (
            "teacher",
            "import errors",
            sanne.post("/leraar/import", files={"file": ("a.csv", b"Naam;Groep\nA;5\n")}),
        ),
        (
            "teacher",
            "import done",
            sanne.post(
                "/leraar/import", files={"file": ("a.csv", b"Naam;Groep;Klas\nB;6;Groep 6\n")}
            ),
        ),
        ("teacher", "403", sanne.get("/beheer")),
        ("admin", "/beheer", admin.get("/beheer")),
        ("admin", "staff error", admin.post("/beheer/medewerkers", data={"name": ""})),
    ]
    for ws_id in app.state.rugzak.catalog.worksheets:
        path = f"/leerling/werkblad/{ws_id}"
        pages.append(("pupil", path, pupil.get(path)))
    return pages


def test_no_inline_script_on_any_page(clients, demo, settings, app):
    pages = every_page(clients, demo, settings, app)
    assert len(pages) > 30
    for who, path, r in pages:
        assert r.headers["content-type"].startswith("text/html"), (who, path)
        assert "<html" in r.text, (who, path)
        assert inline_code(r.text) == [], (who, path)
        assert_security_headers(r)


# --- escaping what people type ---

EVIL = '<script>alert("x")</script>'
EVIL_ATTR = '"><img src=x onerror=alert(1)>'


def test_typed_names_are_escaped_everywhere(clients, demo, settings):
    g6 = class_id(settings, "Groep 6")
    sanne = clients.staff("juf.sanne")
    added = sanne.post(
        f"/leraar/klas/{g6}/leerlingen", data={"first_name": EVIL, "last_name": EVIL_ATTR}
    )
    pin = re.search(r'<td class="code">(\d+)</td>', added.text).group(1)
    pupil_id = next(k for k, p in stored(settings)["pupils"].items() if p["first_name"] == EVIL)

    # The pupil signs in and a parent links to them with a name of the same kind.
    pupil = clients.anonymous()
    r = pupil.post(f"/klas/HZN6PX/{pupil_id}", data={"pin": pin}, follow_redirects=False)
    assert r.status_code == 303
    invite = sanne.post(f"/leraar/leerling/{pupil_id}/uitnodiging", data={"relation": "vader"})
    code = re.search(r'class="code">([A-Z0-9-]+)<', invite.text).group(1).replace("-", "")
    parent = clients.anonymous()
    redeem_page = parent.get(f"/uitnodiging/{code}")
    r = parent.post(
        f"/uitnodiging/{code}",
        data={
            "name": EVIL,
            "relation": "anders",
            "relation_other": EVIL_ATTR,
            "username": "vader.x",
            "password": "wachtwoord-1",
            "password2": "wachtwoord-1",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    staff_error = clients.staff("beheer").post(
        "/beheer/medewerkers",
        data={"name": EVIL, "username": "juf.sanne", "role": "teacher", "password": "x" * 12},
    )

    pages = {
        "new pins": added,
        "class page": sanne.get(f"/leraar/klas/{g6}"),
        "pupil page": sanne.get(f"/leraar/leerling/{pupil_id}"),
        "class names": clients.anonymous().get("/klas/HZN6PX"),
        "pin page": clients.anonymous().get(f"/klas/HZN6PX/{pupil_id}"),
        "pupil home": pupil.get("/leerling"),
        "redeem": redeem_page,
        "parent home": parent.get("/ouder"),
        "import done": sanne.post(
            "/leraar/import",
            files={"file": ("a.csv", f"Naam;Groep;Klas\n{EVIL} Bos;6;Groep 6\n".encode())},
        ),
        "import errors": sanne.post(
            "/leraar/import", files={"file": ("a.csv", f"Naam;Groep;Klas\nA;6;{EVIL}\n".encode())}
        ),
        "staff form": staff_error,
    }
    for where, r in pages.items():
        assert r.status_code in (200, 400), where
        assert "<script>alert" not in r.text, where
        assert "<img src=x" not in r.text, where
        assert inline_code(r.text) == [], where
    for where in ("new pins", "class page", "pupil page", "pin page", "redeem"):
        assert "&lt;script&gt;alert(" in pages[where].text, where
    assert "&lt;script&gt;alert(" in pages["parent home"].text  # the parent's own name


# --- error pages ---


def test_friendly_dutch_404(client):
    r = client.get("/bestaat-niet")
    assert r.status_code == 404
    assert 'lang="nl"' in r.text
    assert "Niet gevonden" in r.text
    assert "Deze pagina bestaat niet (meer)." in r.text
    assert 'href="/"' in r.text


def test_404_for_the_api_is_json(clients):
    r = clients.pupil(NOOR).get("/api/bestaat-niet", headers={"accept": "application/json"})
    assert r.status_code == 404
    assert r.json() == {"error": "Deze pagina bestaat niet (meer). Kijk of het adres klopt."}


def test_405_is_dutch(client):
    r = client.get("/uitloggen")
    assert r.status_code == 405
    assert "Dat kan niet" in r.text


def test_500_shows_a_dutch_page(settings, demo, make_app, monkeypatch):
    app = make_app(settings)

    async def boom(request):
        raise RuntimeError("interne-fout-tekst")

    app.router.routes.append(Route("/kapot", boom))
    app.router.routes.append(Route("/api/kapot", boom))
    with TestClient(app, base_url=BASE, raise_server_exceptions=False) as c:
        r = c.get("/kapot")
        assert r.status_code == 500
        assert 'lang="nl"' in r.text
        assert "Er ging bij ons iets mis. Je werk is niet kwijt." in r.text
        assert "interne-fout-tekst" not in r.text  # no internals shown
        assert "Traceback" not in r.text
        r = c.get("/api/kapot")
        assert r.status_code == 500
        assert r.json()["error"].startswith("Er ging bij ons iets mis")


def test_500_in_a_real_route(clients, monkeypatch):
    """A failure deep in a page (here: the store) still ends in the Dutch page."""
    from server.domain import classes

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(classes, "overview", broken)
    sanne = clients.staff("juf.sanne")
    with TestClient(sanne.app, base_url=BASE, raise_server_exceptions=False) as c:
        c.cookies.set(SESSION_COOKIE, sanne.cookies.get(SESSION_COOKIE), domain="testserver.local")
        r = c.get("/leraar")
    assert r.status_code == 500
    assert "Er ging iets mis" in r.text
    assert "disk full" not in r.text


def test_body_over_the_limit_is_refused(settings, demo, make_app):
    small = replace(settings, limits=replace(Limits(), max_body_bytes=4096))
    app = make_app(small)
    before = snapshot(settings.data_dir)
    with TestClient(app, base_url=BASE) as c:
        r = c.post("/klas", data={"code": "x" * 10_000})
        assert r.status_code == 413
        assert r.headers["content-type"].startswith("text/html")  # a Dutch page
        assert "Wat je stuurde is te groot om te versturen." in r.text
        # The device's calls get Dutch JSON: for a photo the sentence the tablet shows.
        r = c.put("/api/media/" + "ab" * 32, content=b"x" * 10_000)
        assert r.status_code == 413
        assert r.json() == {"error": "Deze foto is te groot. Een foto mag maximaal 20 MB zijn."}
        r = c.post("/api/sync", content=b"[" * 10_000, headers={"content-type": "application/json"})
        assert r.status_code == 413 and "te groot" in r.json()["error"]
        # Without Content-Length (a streamed body) the limit holds as well.
        r = c.post(
            "/klas",
            content=iter([b"code=" + b"x" * 3000, b"x" * 3000]),
            headers={"content-type": "application/x-www-form-urlencoded"},
        )
        assert r.status_code == 413 and "te groot" in r.text
        r = c.post("/klas", data={"code": "HZN6PX"}, follow_redirects=False)
        assert r.status_code == 303  # a normal form still works
    assert snapshot(settings.data_dir) == before


def test_personal_responses_are_never_kept_by_the_browser(clients, demo, settings, app):
    """Every page, print and JSON says no-store; static files stay immutable."""
    for who, path, r in every_page(clients, demo, settings, app):
        assert r.headers.get("cache-control") == "no-store", (who, path)
    emma = clients.pupil("Emma de Vries")
    pid = demo.pupil_ids["Emma de Vries"]
    for path in ("/api/mij", f"/print/leerling/{pid}/boekje"):
        assert emma.get(path).headers["cache-control"] == "no-store", path
    teacher = clients.staff("juf.sanne")
    noor = demo.pupil_ids[NOOR]
    for path in (f"/leraar/leerling/{noor}/rugzak", f"/print/leerling/{noor}/boekje"):
        assert teacher.get(path).headers["cache-control"] == "no-store", path
    page = clients.anonymous().get("/inloggen").text
    css = re.search(r'href="(/static/[^"]+\.css)"', page).group(1)
    assert "immutable" in clients.anonymous().get(css).headers["cache-control"]


def test_form_field_over_its_limit_is_a_friendly_400(client):
    r = client.post("/klas", data={"code": "x" * 100_000})
    assert r.status_code == 400
    assert "Dit formulier kon niet gelezen worden." in r.text


def test_origin_of_the_public_address_is_same_origin_behind_a_proxy(settings, demo, make_app):
    """nginx without `proxy_set_header Host`: the app sees 127.0.0.1:8000 as the host, an
    old iPad (no Sec-Fetch-Site) sends the public Origin. That is Rugzak itself."""
    app = make_app(replace(settings, base_url="https://rugzak.school.nl"))
    with TestClient(app, base_url="http://127.0.0.1:8000") as c:
        r = c.post(
            "/klas",
            data={"code": "HZN6PX"},
            headers={"Origin": "https://rugzak.school.nl"},
            follow_redirects=False,
        )
        assert r.status_code == 303
        r = c.post("/klas", data={"code": "HZN6PX"}, headers={"Origin": "https://evil.example"})
        assert r.status_code == 403


def test_every_page_has_unique_ids_and_labelled_fields(clients, demo, settings, app):
    """Not security, but the same walk: a duplicate id or a field without its label breaks
    screen readers (and the label click target on a tablet)."""

    class Ids(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.ids: list[str] = []
            self.label_for: set[str] = set()
            self.fields: list[str] = []
            self._label_depth = 0

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if a.get("id"):
                self.ids.append(a["id"])
            if tag == "label":
                self._label_depth += 1
                if a.get("for"):
                    self.label_for.add(a["for"])
            is_field = tag in ("select", "textarea") or (
                tag == "input" and a.get("type") not in ("hidden", "submit")
            )
            labelled = self._label_depth > 0 or a.get("aria-label")
            if is_field and not labelled:
                self.fields.append(a.get("id") or f"<{tag} name={a.get('name')}>")

        def handle_endtag(self, tag):
            if tag == "label":
                self._label_depth -= 1

    for who, path, r in every_page(clients, demo, settings, app):
        if path.startswith("/leerling/werkblad/"):
            continue  # the worksheet macros have their own tests
        parser = Ids()
        parser.feed(r.text)
        duplicates = {i for i in parser.ids if parser.ids.count(i) > 1}
        assert not duplicates, (who, path, duplicates)
        unlabelled = [f for f in parser.fields if f not in parser.label_for]
        assert not unlabelled, (who, path, unlabelled)
