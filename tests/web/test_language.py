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


# --- every page says its language and direction -------------------------------------------


def _child_id(phone) -> str:
    import re

    return re.search(r'href="/ouder/kind/(p_[\w]+)"', phone.get("/ouder").text).group(1)


def test_a_childs_page_follows_every_switch_at_once(clients):
    """The kept page of a child is kept per language: back and forth, never the last one."""
    phone = clients.parent(PARENT)
    child = _child_id(phone)
    for lang in ("nl", "en", "nl", "en"):
        phone.post("/taal", data={"lang": lang, "terug": "/ouder"}, follow_redirects=False)
        page = phone.get(f"/ouder/kind/{child}").text
        assert f'<html lang="{lang}" dir="ltr">' in page
        assert ("Sign out" in page) == (lang == "en")


@pytest.mark.skipif("ar" not in i18n.CATALOGUES, reason="no Arabic catalogue in this tree yet")
def test_arabic_pages_run_right_to_left(clients):
    phone = clients.parent(PARENT)
    phone.post("/taal", data={"lang": "ar", "terug": "/ouder"}, follow_redirects=False)
    assert '<html lang="ar" dir="rtl">' in phone.get("/ouder").text
    assert '<html lang="ar" dir="rtl">' in phone.get(f"/ouder/kind/{_child_id(phone)}").text
    assert 'lang="ar"' in phone.get("/ouder/meldingen").text


def test_every_offered_language_is_on_the_switch(client):
    page = client.get("/inloggen/ouder").text
    for code, name in i18n.LANGUAGES.items():
        assert f'value="{code}" lang="{code}"' in page and f">{name}</button>" in page


def test_staff_pages_stay_dutch_whatever_the_phone_chose(clients):
    teacher = clients.staff("juf.sanne")
    teacher.cookies.set(i18n.COOKIE, "en")
    page = teacher.get("/leraar").text
    assert '<html lang="nl" dir="ltr">' in page


def test_the_push_page_speaks_the_parents_language(clients):
    """pwa/js/push.js has no texts of its own: the page gives them, from the catalogue."""
    phone = clients.parent(PARENT)
    phone.post("/taal", data={"lang": "en", "terug": "/"}, follow_redirects=False)
    page = phone.get("/ouder/meldingen").text
    assert '<span data-text="on">✓ Notifications are on for this device.</span>' in page
    assert 'data-text="homeScreenHint">In Safari, tap the Share button' in page
    assert 'data-read-label="Read aloud"' in page


def test_the_teacher_sees_the_language_a_parent_reads(app, clients, demo):
    phone = clients.parent(PARENT)
    phone.post("/taal", data={"lang": "en", "terug": "/"}, follow_redirects=False)
    teacher = clients.staff("meester.youssef")  # Emma is in groep 8
    emma = demo.pupil_ids["Emma de Vries"]
    page = teacher.get(f"/leraar/leerling/{emma}").text
    assert 'Marloes de Vries (moeder) <span class="badge lang-badge"' in page
    assert "leest Engels" in page
    planning = teacher.get(f"/leraar/leerling/{emma}/gesprek").text
    assert "leest Engels" in planning
    phone.post("/taal", data={"lang": "nl", "terug": "/"}, follow_redirects=False)
    assert "leest " not in teacher.get(f"/leraar/leerling/{emma}").text  # Dutch: nothing said


# --- the invitation letter: Dutch and the family's language on one page --------------------


def _letters(clients, demo, **form) -> list[str]:
    import re

    teacher = clients.staff("juf.sanne")
    with clients.app.state.rugzak.store.school.transaction() as db:
        from server.domain import school

        class_id = school.get_pupil(db, demo.pupil_ids["Kofi Mensah"])["class_id"]
    assert 'name="taal" value="en"' in teacher.get(f"/leraar/klas/{class_id}/brieven").text
    r = teacher.post(f"/leraar/klas/{class_id}/brieven", data={"choice": "zonder", **form})
    assert r.status_code == 200, r.text
    return re.findall(r'<article class="letter".*?</article>', r.text, re.S)


def test_the_letter_is_dutch_and_the_chosen_language_on_one_page(clients, demo, settings):
    from datetime import UTC, datetime, timedelta

    from server.infra import dates

    [letter] = _letters(clients, demo, taal="en")
    dutch, english = letter.split('<section class="letter-translation" lang="en" dir="ltr">')
    assert '<section class="letter-text" lang="nl">' in dutch
    assert "Beste ouder/verzorger van Kofi," in dutch and "Dear parent" not in dutch
    assert "Dear parent or carer of Kofi," in english and "Beste ouder" not in english
    assert "English:" in english and "Kind regards," in english
    expires = datetime.now(UTC) + timedelta(days=settings.limits.invitation_days)
    assert dates.day(expires, "nl") in dutch and dates.day(expires, "en") in english
    assert "Juf Sanne Bakker" in english  # the names as they are
    # one code, one QR code: the same letter, twice told
    assert letter.count('class="letter-code"') == 1 and letter.count("<svg") == 1


def test_a_letter_in_dutch_only(clients, demo):
    [letter] = _letters(clients, demo, taal="nl")
    assert "letter-translation" not in letter and "Beste ouder/verzorger van Kofi," in letter
    [letter] = _letters(clients, demo, taal="xx")  # unknown: the default second language
    assert 'lang="en"' in letter


@pytest.mark.skipif("ar" not in i18n.CATALOGUES, reason="no Arabic catalogue in this tree yet")
def test_an_arabic_letter_runs_right_to_left(clients, demo):
    [letter] = _letters(clients, demo, taal="ar")
    assert '<section class="letter-translation" lang="ar" dir="rtl">' in letter
    assert "العربية:" in letter
