"""Pages that show nobody's data (worksheet pages, the pupil's home, the sign-in forms) are
rendered once per build, language, path and school name, and served with an ETag. Nothing
of whoever asked is ever in them, and nothing of one visitor reaches the next."""

from __future__ import annotations

import gzip

import pytest

from server.infra.i18n import COOKIE
from server.web import page_cache

GENERIC = [
    "/leerling",
    "/leerling/werkblad/zelfportret-7",
    "/inloggen",
    "/inloggen/medewerker",
    "/inloggen/ouder",
    "/uitnodiging",
    "/klas",
]


@pytest.fixture
def renders(monkeypatch) -> list[str]:
    """The templates page_cache renders, in order."""
    seen: list[str] = []
    original = page_cache.render

    def counting(request, name, context=None, status=200):
        seen.append(name)
        return original(request, name, context, status)

    monkeypatch.setattr(page_cache, "render", counting)
    return seen


@pytest.mark.parametrize("path", GENERIC)
def test_rendered_once_then_served_with_an_etag_and_a_304(clients, renders, path):
    first = clients.anonymous().get(path)
    assert first.status_code == 200
    assert first.headers["cache-control"] == "no-store"
    assert "set-cookie" not in first.headers
    etag = first.headers["etag"]
    second = clients.anonymous().get(path)
    assert second.content == first.content and second.headers["etag"] == etag
    assert len(renders) == 1
    r = clients.anonymous().get(path, headers={"if-none-match": etag})
    assert r.status_code == 304 and r.content == b""
    assert r.headers["etag"] == etag
    assert clients.anonymous().get(path, headers={"if-none-match": '"old"'}).status_code == 200


def test_the_kept_gzipped_copy_is_the_page(app, clients):
    plain = clients.anonymous().get("/klas", headers={"accept-encoding": "identity"})
    zipped = clients.anonymous().get("/klas", headers={"accept-encoding": "gzip"})
    assert zipped.headers["content-encoding"] == "gzip"
    assert "content-encoding" not in plain.headers
    assert zipped.content == plain.content
    (kept,) = app.state.generic_pages._pages.values()
    assert gzip.decompress(kept.zipped) == plain.content


@pytest.mark.parametrize(
    ("path", "who", "name"),
    [
        ("/inloggen/medewerker", "staff", "juf.sanne"),
        ("/inloggen/ouder", "parent", "moeder.emma"),
        ("/inloggen", "staff", "beheer"),
        ("/leerling/werkblad/zelfportret-8", "pupil", "Emma de Vries"),
        ("/leerling", "pupil", "Emma de Vries"),
        ("/klas", "pupil", "Emma de Vries"),
    ],
)
def test_a_signed_in_visitor_gets_and_leaves_nothing_of_their_own(clients, path, who, name):
    signed_in = getattr(clients, who)(name)
    page = signed_in.get(path)
    anonymous = clients.anonymous().get(path)
    assert page.status_code == anonymous.status_code == 200
    assert page.content == anonymous.content
    for personal in ("Sanne", "Emma", "Youssef", "Beheer", 'class="who">'):
        assert personal not in page.text.replace('class="who" data-me', "")


def test_each_language_has_its_own_page(clients, renders):
    dutch = clients.anonymous().get("/inloggen/ouder")
    english_client = clients.anonymous()
    english_client.cookies.set(COOKIE, "en")
    english = english_client.get("/inloggen/ouder")
    assert dutch.headers["etag"] != english.headers["etag"]
    assert 'lang="nl"' in dutch.text and 'lang="en"' in english.text
    assert "Inloggen voor ouders" in dutch.text and "Inloggen voor ouders" not in english.text
    assert clients.anonymous().get("/inloggen/ouder").content == dutch.content
    r = english_client.get("/inloggen/ouder", headers={"if-none-match": dutch.headers["etag"]})
    assert r.status_code == 200 and r.content == english.content


def test_the_signed_out_notice_is_a_page_of_its_own(clients):
    plain = clients.anonymous().get("/inloggen")
    notice = clients.anonymous().get("/inloggen?uitgelogd=1")
    assert "Je bent uitgelogd" not in plain.text
    assert "Je bent uitgelogd" in notice.text
    assert "Je bent uitgelogd" not in clients.anonymous().get("/inloggen").text


def test_every_worksheet_page_is_its_own(clients):
    six = clients.anonymous().get("/leerling/werkblad/zelfportret-6")
    seven = clients.anonymous().get("/leerling/werkblad/zelfportret-7")
    assert 'data-worksheet="zelfportret-6"' in six.text
    assert 'data-worksheet="zelfportret-7"' in seven.text
    assert six.headers["etag"] != seven.headers["etag"]
    assert clients.anonymous().get("/leerling/werkblad/bestaat-niet").status_code == 404


def test_a_new_school_name_is_a_new_page(app, clients):
    before = clients.anonymous().get("/klas")
    app.state.school_name = "Basisschool Het Anker"
    after = clients.anonymous().get("/klas", headers={"if-none-match": before.headers["etag"]})
    assert after.status_code == 200
    assert "Basisschool Het Anker" in after.text and "Het Anker" not in before.text


def test_a_new_build_is_a_new_etag(app, clients, monkeypatch):
    before = clients.anonymous().get("/klas").headers["etag"]
    app.state.generic_pages._pages.clear()
    monkeypatch.setattr(page_cache, "_build", lambda request: "another-build")
    assert clients.anonymous().get("/klas").headers["etag"] != before


def test_a_form_with_an_error_is_never_kept(clients, renders):
    r = clients.anonymous().post("/klas", data={"code": "NIETS"})
    assert r.status_code == 400 and "Deze klascode kennen we niet" in r.text
    assert "Deze klascode kennen we niet" not in clients.anonymous().get("/klas").text
    r = clients.anonymous().post("/inloggen/ouder", data={"username": "x", "password": "y"})
    assert r.status_code == 400 and 'value="x"' in r.text
    assert 'value="x"' not in clients.anonymous().get("/inloggen/ouder").text
