"""Choosing a language (server/web/routes/language.py): /taal is safe and remembered, for a
signed-in parent on every phone; staff get no switch; parents' error pages are translated."""

from __future__ import annotations

import pytest

from server.demo import PARENT_PASSWORD
from server.infra import i18n
from server.infra.store import stored as read_stored

PARENT = "moeder.emma"


# --- choosing a language ------------------------------------------------------------------


def test_taal_sets_the_cookie_and_goes_back(client):
    r = client.post(
        "/taal", data={"lang": "en", "terug": "/inloggen/ouder"}, follow_redirects=False
    )
    assert r.status_code == 303
    assert r.headers["location"] == "/inloggen/ouder"
    assert client.cookies.get(i18n.COOKIE) == "en"
    page = client.get("/inloggen/ouder")
    assert '<html lang="en" dir="ltr">' in page.text
    assert "Sign in for parents and carers" in page.text
    assert "Inloggen voor ouders" not in page.text


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/pad",
        "http:/evil.example",
        "javascript:alert(1)",
        "",
        "ouder",
    ],
)
def test_taal_redirects_only_to_local_paths(client, target):
    r = client.post("/taal", data={"lang": "en", "terug": target}, follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/"


def test_unknown_language_falls_back_to_dutch(client):
    client.post("/taal", data={"lang": "xx", "terug": "/"}, follow_redirects=False)
    assert client.cookies.get(i18n.COOKIE) == "nl"
    assert '<html lang="nl" dir="ltr">' in client.get("/inloggen").text


def test_error_messages_on_parent_pages_are_translated(client):
    client.post("/taal", data={"lang": "en", "terug": "/"}, follow_redirects=False)
    r = client.post("/inloggen/ouder", data={"username": "niemand", "password": "fout-fout"})
    assert r.status_code == 400
    assert "This name or this password is not right." in r.text
    r = client.get("/uitnodiging/ABCD-EFGH")
    assert "We do not know this code." in r.text
    r = client.get("/ouder/bestaat-niet")
    assert r.status_code == 404
    assert "Not found" in r.text
    assert "Project-Id-Version" not in client.get("/inloggen/ouder").text


def _adult_language(settings, username: str) -> str:
    data = read_stored(settings.data_dir / "school.json")
    adult = next(a for a in data["adults"].values() if a["username"] == username)
    return adult.get("language", "nl")


def test_signed_in_parent_choice_is_stored_and_used_on_another_phone(clients, settings):
    phone = clients.parent(PARENT)
    assert '<html lang="nl" dir="ltr">' in phone.get("/ouder").text
    r = phone.post("/taal", data={"lang": "en", "terug": "/ouder"}, follow_redirects=False)
    assert r.headers["location"] == "/ouder"
    assert _adult_language(settings, PARENT) == "en"
    assert '<html lang="en" dir="ltr">' in phone.get("/ouder").text

    other_phone = clients.anonymous()  # no language cookie on this one
    assert '<html lang="nl" dir="ltr">' in other_phone.get("/inloggen/ouder").text
    r = other_phone.post(
        "/inloggen/ouder",
        data={"username": PARENT, "password": PARENT_PASSWORD},
        follow_redirects=False,
    )
    assert r.status_code == 303
    page = other_phone.get("/ouder")
    assert '<html lang="en" dir="ltr">' in page.text
    assert "Sign out" in page.text

    phone.post("/taal", data={"lang": "nl", "terug": "/ouder"}, follow_redirects=False)
    assert _adult_language(settings, PARENT) == "nl"
    assert '<html lang="nl" dir="ltr">' in other_phone.get("/ouder").text


def test_staff_do_not_get_the_language_switch(clients):
    teacher = clients.staff("meester.youssef")
    assert 'action="/taal"' not in teacher.get("/leraar").text
