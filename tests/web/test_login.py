"""Signing in over HTTP: pupils (class code → name → PIN), staff, parents by invitation,
and what ends a session."""

from __future__ import annotations

import json
import re
import time
from datetime import UTC, datetime, timedelta

import pytest

from server.demo import PARENT_PASSWORD, PUPIL_PIN
from server.domain import school
from server.domain.signins import KEY_COOKIE
from server.infra.store import stored as read_stored
from server.web.pin_guard import Refusal
from server.web.sessions import SESSION_COOKIE, Session

NOOR = "Noor Bakker"  # group 6: taught by juf.sanne, not by meester.youssef
KOFI = "Kofi Mensah"  # group 6, no adult linked yet


def stored(settings) -> dict:
    """school.json as it is on disk: what survives a restart."""
    return read_stored(settings.data_dir / "school.json")


def school_bytes(settings) -> bytes:
    """school.json and its journal, byte for byte."""
    files = [settings.data_dir / "school.json", settings.data_dir / "school.journal"]
    return b"".join(p.read_bytes() for p in files if p.exists())


def pupil_on_disk(settings, pupil_id: str) -> dict:
    return stored(settings)["pupils"][pupil_id]


def pin_url(clients, pupil_id: str) -> str:
    return f"/klas/{clients.class_code_of(pupil_id)}/{pupil_id}"


def try_pin(client, url: str, pin: str):
    return client.post(url, data={"pin": pin}, follow_redirects=False)


def signed_in_as_pupil(client) -> bool:
    r = client.get("/api/mij", follow_redirects=False)
    return r.status_code == 200


def lock(clients, url: str) -> None:
    c = clients.anonymous()
    for _ in range(5):
        try_pin(c, url, "9999")


# --- pupils: class code → name → PIN ---


def test_pupil_signs_in_with_class_code_name_and_pin(clients, demo):
    c = clients.anonymous()
    assert "klascode" in c.get("/klas").text.lower()
    r = c.post("/klas", data={"code": "HZN6PX"}, follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/klas/HZN6PX"

    names = c.get("/klas/HZN6PX")
    assert names.status_code == 200
    noor_id = demo.pupil_ids[NOOR]
    assert f'href="/klas/HZN6PX/{noor_id}"' in names.text
    assert "Noor B." in names.text
    assert "Emma" not in names.text  # group 8 is another class

    page = c.get(f"/klas/HZN6PX/{noor_id}")
    assert "Hoi Noor!" in page.text
    assert not signed_in_as_pupil(c)

    r = try_pin(c, f"/klas/HZN6PX/{noor_id}", PUPIL_PIN)
    assert r.status_code == 303
    assert r.headers["location"] == "/leerling"
    assert signed_in_as_pupil(c)


@pytest.mark.parametrize("typed", ["hzn6px", " HZN 6PX ", "hzn-6px", "Hzn6Px\t"])
def test_class_code_ignores_case_and_spaces(client, typed):
    r = client.post("/klas", data={"code": typed}, follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/klas/HZN6PX"


def test_class_link_in_lower_case_works(client):
    r = client.get("/klas/hzn6px")
    assert r.status_code == 200
    assert "Noor B." in r.text


def test_unknown_class_code_is_a_friendly_error(client):
    r = client.post("/klas", data={"code": "NOPE42"})
    assert r.status_code == 400
    assert "Deze klascode kennen we niet" in r.text
    r = client.get("/klas/NOPE42")
    assert r.status_code == 404
    assert "Deze klas bestaat niet" in r.text
    assert 'lang="nl"' in r.text


def test_pupil_of_another_class_is_not_found_under_this_code(clients, demo):
    c = clients.anonymous()
    emma = demo.pupil_ids["Emma de Vries"]  # group 8
    r = c.get(f"/klas/HZN6PX/{emma}")
    assert r.status_code == 404
    r = try_pin(c, f"/klas/HZN6PX/{emma}", PUPIL_PIN)
    assert r.status_code == 404
    assert SESSION_COOKIE not in c.cookies


def test_wrong_pin_says_how_many_attempts_are_left(clients, demo, settings):
    c = clients.anonymous()
    url = pin_url(clients, demo.pupil_ids[NOOR])
    before = school_bytes(settings)
    r = try_pin(c, url, "9999")
    assert r.status_code == 400
    assert "Die pincode klopt niet. Je mag het nog 4 keer proberen." in r.text
    r = try_pin(c, url, "12")  # not even a PIN: still counts
    assert "nog 3 keer" in r.text
    assert SESSION_COOKIE not in c.cookies
    # Counting writes nothing (a full disk never stops a sign-in), signing in neither.
    assert try_pin(c, url, PUPIL_PIN).status_code == 303
    assert school_bytes(settings) == before


def test_right_pin_clears_earlier_failures(clients, demo, settings):
    c = clients.anonymous()
    url = pin_url(clients, demo.pupil_ids[NOOR])
    try_pin(c, url, "9999")
    try_pin(c, url, "9998")
    assert try_pin(c, url, PUPIL_PIN).status_code == 303
    assert "nog 4 keer" in try_pin(c, url, "9999").text


def test_five_wrong_pins_lock_the_pupil_on_that_tablet_only(clients, demo, settings):
    """A classmate who tries five PINs locks the pupil on that tablet, not on the others."""
    c = clients.anonymous()
    noor = demo.pupil_ids[NOOR]
    url = pin_url(clients, noor)
    for left in (4, 3, 2):
        assert f"nog {left} keer" in try_pin(c, url, "9999").text
    assert "nog 1 keer" in try_pin(c, url, "9999").text
    r = try_pin(c, url, "9999")
    assert r.status_code == 429
    assert "Je hebt te vaak een verkeerde pincode getypt. Wacht 15 minuten" in r.text
    # Even the right PIN is refused on this tablet, and the page says so when opened.
    r = try_pin(c, url, PUPIL_PIN)
    assert r.status_code == 429 and SESSION_COOKIE not in c.cookies
    assert "te vaak een verkeerde pincode" in c.get(url).text
    # Another tablet: she signs in. Other pupils on this tablet: they sign in too.
    assert try_pin(clients.anonymous(), url, PUPIL_PIN).status_code == 303
    other = demo.pupil_ids["Daan Visser"]
    assert try_pin(c, pin_url(clients, other), PUPIL_PIN).status_code == 303


def test_a_script_that_changes_identity_locks_new_devices_not_school_tablets(clients, demo):
    noor = demo.pupil_ids[NOOR]
    url = pin_url(clients, noor)
    school_tablet = clients.pupil(NOOR)  # she signed in here before: a known tablet
    for _ in range(5):  # five fresh identities, four wrong PINs each: twenty in an hour
        c = clients.anonymous()
        for _ in range(4):
            try_pin(c, url, "9999")
    r = try_pin(clients.anonymous(), url, PUPIL_PIN)
    assert r.status_code == 429
    assert "Er is te vaak een verkeerde pincode voor jou getypt." in r.text
    assert "Log in op een tablet van school" in r.text
    assert try_pin(school_tablet, url, PUPIL_PIN).status_code == 303
    sanne = clients.staff("juf.sanne")
    assert "op alle tablets" in sanne.get(f"/leraar/leerling/{noor}").text
    sanne.post(f"/leraar/leerling/{noor}/vrijgeven")
    assert try_pin(clients.anonymous(), url, PUPIL_PIN).status_code == 303


def test_a_classmate_at_one_tablet_never_locks_the_pupil_anywhere_else(clients, demo):
    """Five wrong PINs, again every time the lock ends, for an hour: only this tablet."""
    noor = demo.pupil_ids[NOOR]
    url = pin_url(clients, noor)
    guard = clients.app.state.rugzak.pins
    classmate = clients.pupil("Daan Visser")  # a school tablet (known)
    device = guard.device_of(classmate.cookies.get("rugzak_apparaat"))
    assert device.known
    t = time.time() - 3500
    for round_ in range(4):  # 4 x 5 = 20 wrong PINs within the hour, from that one tablet
        for i in range(5):
            attempt = guard.attempt(noor, device, "testclient", now=t + round_ * 905 + i)
            assert not isinstance(attempt, Refusal)
            guard.wrong(attempt)
    assert guard.locks(noor)["everywhere"] == 0
    assert try_pin(clients.anonymous(), url, PUPIL_PIN).status_code == 303


def test_many_attempts_at_once_cannot_slip_past_the_limit(clients, demo):
    """Every attempt is counted before its PIN is checked: the right PIN after four wrong
    ones at the same moment is the fifth attempt, and the sixth is refused unchecked."""
    noor = demo.pupil_ids[NOOR]
    guard = clients.app.state.rugzak.pins
    tablet = guard.device_of(None)
    pending = [guard.attempt(noor, tablet, "testclient") for _ in range(5)]  # all in flight
    assert all(not isinstance(a, Refusal) for a in pending)
    sixth = guard.attempt(noor, tablet, "testclient")
    assert isinstance(sixth, Refusal)
    # The right PIN was among the five in flight: it signs in, and takes its count back.
    assert guard.right(pending[-1]) is None
    assert all(isinstance(guard.wrong(a), int) for a in pending[:-1])


def test_one_tablet_trying_many_pupils_has_to_wait(clients, demo):
    c = clients.anonymous()
    names = [n for n in demo.pupil_ids if clients.class_code_of(demo.pupil_ids[n]) == "HZN6PX"]
    for name in names[:5]:  # two wrong PINs for each of five classmates: ten on one tablet
        for _ in range(2):
            try_pin(c, pin_url(clients, demo.pupil_ids[name]), "9999")
    r = try_pin(c, pin_url(clients, demo.pupil_ids[names[5]]), PUPIL_PIN)
    assert r.status_code == 429
    assert "Er zijn hier te vaak verkeerde pincodes getypt. Wacht 15 minuten" in r.text


def test_a_flood_from_one_address_stops_new_devices_but_not_the_schools_tablets(clients, demo):
    noor, daan = demo.pupil_ids[NOOR], demo.pupil_ids["Daan Visser"]
    school_tablet = clients.pupil(NOOR)  # signed a pupil in before: a known tablet
    for i in range(30):  # a script: a fresh identity for every guess, many pupils
        pupil = list(demo.pupil_ids.values())[i % len(demo.pupil_ids)]
        try_pin(clients.anonymous(), pin_url(clients, pupil), "0000")
    r = try_pin(clients.anonymous(), pin_url(clients, daan), PUPIL_PIN)
    assert r.status_code == 429
    assert "Er zijn hier te vaak verkeerde pincodes getypt." in r.text
    assert try_pin(school_tablet, pin_url(clients, daan), PUPIL_PIN).status_code == 303
    assert try_pin(school_tablet, pin_url(clients, noor), PUPIL_PIN).status_code == 303


def test_teacher_sees_and_lifts_a_lock(clients, demo, settings):
    noor = demo.pupil_ids[NOOR]
    url = pin_url(clients, noor)
    sanne = clients.staff("juf.sanne")
    class_page = f"/leraar/klas/{pupil_on_disk(settings, noor)['class_id']}"
    assert "Op slot" not in sanne.get(class_page).text
    tablet = clients.anonymous()
    for _ in range(5):
        try_pin(tablet, url, "9999")
    page = sanne.get(f"/leraar/leerling/{noor}").text
    assert "staat op slot" in page and "op 1 tablet, tot " in page
    assert "1 op slot" in sanne.get("/leraar").text
    assert "Op slot" in sanne.get(class_page).text  # the kept class page follows the lock
    r = sanne.post(f"/leraar/leerling/{noor}/vrijgeven", follow_redirects=False)
    assert r.status_code == 303
    assert "staat op slot" not in sanne.get(f"/leraar/leerling/{noor}").text
    assert "Op slot" not in sanne.get(class_page).text
    assert try_pin(tablet, url, PUPIL_PIN).status_code == 303


def test_teacher_resets_pin(clients, demo, settings):
    noor = demo.pupil_ids[NOOR]
    url = pin_url(clients, noor)
    tablet = clients.pupil(NOOR)  # signed in before the reset
    assert signed_in_as_pupil(tablet)
    lock(clients, url)
    old_hash = pupil_on_disk(settings, noor)["pin_hash"]

    sanne = clients.staff("juf.sanne")
    r = sanne.post(f"/leraar/leerling/{noor}/pincode")
    assert r.status_code == 200
    new_pin = re.search(
        r'De nieuwe pincode van Noor is <strong class="code">(\d{4,6})</strong>', r.text
    )
    assert new_pin, r.text
    new_pin = new_pin.group(1)

    on_disk = pupil_on_disk(settings, noor)
    assert on_disk["pin_hash"] != old_hash
    # Only the hash is kept (compared as a whole value: 4 digits occur by chance in hashes).
    assert f'"{new_pin}"' not in json.dumps(stored(settings))
    assert noor not in clients.app.state.rugzak.pins.locked_pupils()  # the reset also unlocks

    # The PIN is shown once: the pupil page does not show it again.
    assert "De nieuwe pincode" not in sanne.get(f"/leraar/leerling/{noor}").text

    # The old session on the tablet is over.
    assert not signed_in_as_pupil(tablet)

    c = clients.anonymous()
    if new_pin != PUPIL_PIN:
        assert try_pin(c, url, PUPIL_PIN).status_code == 400
    assert try_pin(c, url, new_pin).status_code == 303
    assert signed_in_as_pupil(c)


def test_teacher_of_another_class_cannot_unlock_or_reset(clients, demo, settings):
    noor = demo.pupil_ids[NOOR]
    lock(clients, pin_url(clients, noor))
    before = pupil_on_disk(settings, noor)
    youssef = clients.staff("meester.youssef")  # groups 7 and 8
    assert youssef.get(f"/leraar/leerling/{noor}").status_code == 403
    for action in ("vrijgeven", "pincode"):
        r = youssef.post(f"/leraar/leerling/{noor}/{action}", follow_redirects=False)
        assert r.status_code == 403
        assert "Dit mag niet" in r.text
    assert pupil_on_disk(settings, noor) == before
    assert noor in clients.app.state.rugzak.pins.locked_pupils()


def test_pupil_cannot_unlock_themselves(clients, demo, settings):
    noor = demo.pupil_ids[NOOR]
    other = clients.pupil("Daan Visser")
    lock(clients, pin_url(clients, noor))
    r = other.post(f"/leraar/leerling/{noor}/vrijgeven", follow_redirects=False)
    assert r.status_code in (403, 404)
    assert noor in clients.app.state.rugzak.pins.locked_pupils()


# --- staff: user name + password ---


def test_staff_login(client):
    r = client.post(
        "/inloggen/medewerker",
        data={"username": "Juf.Sanne ", "password": "horizon-sanne"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert r.headers["location"] == "/leraar"
    assert "Mijn klassen" in client.get("/leraar").text


def test_admin_login_goes_to_admin_page(client):
    r = client.post(
        "/inloggen/medewerker",
        data={"username": "beheer", "password": "horizon-beheer"},
        follow_redirects=False,
    )
    assert r.headers["location"] == "/beheer"


@pytest.mark.parametrize(
    ("username", "password"),
    [("juf.sanne", "wrong-password"), ("nobody", "horizon-sanne"), ("juf.sanne", "")],
)
def test_staff_login_refuses_bad_password(client, username, password):
    r = client.post(
        "/inloggen/medewerker",
        data={"username": username, "password": password},
        follow_redirects=False,
    )
    assert r.status_code == 400
    assert "Deze naam of dit wachtwoord klopt niet." in r.text
    assert SESSION_COOKIE not in client.cookies
    assert client.get("/leraar", follow_redirects=False).status_code == 303


def test_parent_cannot_use_staff_login(client):
    r = client.post(
        "/inloggen/medewerker",
        data={"username": "moeder.noor", "password": PARENT_PASSWORD},
        follow_redirects=False,
    )
    assert r.status_code == 400


def test_staff_login_is_throttled_after_ten_failures(client):
    for _ in range(10):
        r = client.post("/inloggen/medewerker", data={"username": "juf.sanne", "password": "guess"})
        assert r.status_code == 400
    r = client.post(
        "/inloggen/medewerker",
        data={"username": "juf.sanne", "password": "horizon-sanne"},
        follow_redirects=False,
    )
    assert r.status_code == 429
    assert "Te vaak geprobeerd" in r.text
    assert SESSION_COOKIE not in client.cookies


def test_one_teachers_typos_do_not_lock_out_another_teacher(client):
    """Everyone at a school shares one address: the limit per account comes first."""
    for _ in range(10):
        client.post("/inloggen/medewerker", data={"username": "juf.sanne", "password": "x"})
    r = client.post(
        "/inloggen/medewerker",
        data={"username": "meester.youssef", "password": "horizon-youssef"},
        follow_redirects=False,
    )
    assert r.status_code == 303


def test_children_mistyping_the_class_code_do_not_lock_out_teachers(client):
    for _ in range(12):
        assert client.post("/klas", data={"code": "FOUT12"}).status_code == 400
    r = client.post("/klas", data={"code": "HZN6PX"}, follow_redirects=False)
    assert r.status_code == 303
    r = client.post(
        "/inloggen/medewerker",
        data={"username": "juf.sanne", "password": "horizon-sanne"},
        follow_redirects=False,
    )
    assert r.status_code == 303


def test_guessing_class_codes_is_throttled(client):
    for _ in range(50):
        client.post("/klas", data={"code": "FOUT12"})
    r = client.post("/klas", data={"code": "HZN6PX"}, follow_redirects=False)
    assert r.status_code == 429
    assert "Even wachten" in r.text
    assert client.get("/klas/HZN6PX").status_code == 429


def test_guessing_invitation_codes_is_throttled(client):
    for _ in range(50):
        assert client.get("/uitnodiging/ABCDEFGH").status_code == 400
    assert client.get("/uitnodiging/ABCDEFGJ").status_code == 429


def test_parent_login(client):
    r = client.post(
        "/inloggen/ouder",
        data={"username": "moeder.noor", "password": PARENT_PASSWORD},
        follow_redirects=False,
    )
    assert r.headers["location"] == "/ouder"
    assert "Noor" in client.get("/ouder").text
    bad = client.post("/inloggen/ouder", data={"username": "moeder.noor", "password": "x"})
    assert bad.status_code == 400


# --- parents: invitation letter → code → account ---


CODE_RE = re.compile(r'<strong class="code">([A-Z0-9]{4}-[A-Z0-9]{4})</strong>')


def invite(clients, pupil_id: str, relation: str = "moeder", teacher: str = "juf.sanne") -> str:
    r = clients.staff(teacher).post(
        f"/leraar/leerling/{pupil_id}/uitnodiging", data={"relation": relation}
    )
    assert r.status_code == 200, r.text
    found = CODE_RE.search(r.text)
    assert found, r.text
    return found.group(1)


def account_form(username: str = "inge.mensah", **extra: str) -> dict[str, str]:
    return {
        "name": "Inge Mensah",
        "relation": "moeder",
        "username": username,
        "password": "een-goed-wachtwoord",
        "password2": "een-goed-wachtwoord",
        **extra,
    }


def test_invitation_end_to_end(clients, demo, settings):
    kofi = demo.pupil_ids[KOFI]
    code = invite(clients, kofi)
    assert not any(link["pupil_id"] == kofi for link in stored(settings)["links"].values())

    parent = clients.anonymous()
    assert parent.get("/uitnodiging").status_code == 200
    # Typed from paper: lower case, without the dash, with spaces.
    r = parent.post(
        "/uitnodiging", data={"code": " " + code.lower().replace("-", " ")}, follow_redirects=False
    )
    assert r.status_code == 303
    target = r.headers["location"]
    assert target == "/uitnodiging/" + code.replace("-", "")

    form = parent.get(target)
    assert form.status_code == 200
    assert "U krijgt toegang tot de Rugzak van <strong>Kofi</strong>" in form.text

    r = parent.post(target, data=account_form(), follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/ouder"
    home = parent.get("/ouder")
    assert home.status_code == 200
    assert "Welkom, Inge Mensah" in home.text
    assert "Kofi" in home.text

    data = stored(settings)
    adult_id, adult = next(
        (k, a) for k, a in data["adults"].items() if a["username"] == "inge.mensah"
    )
    assert adult["password_hash"].startswith("scrypt$")
    assert "een-goed-wachtwoord" not in json.dumps(data)
    links = [link for link in data["links"].values() if link["pupil_id"] == kofi]
    assert [(link["adult_id"], link["relation"]) for link in links] == [(adult_id, "moeder")]
    (inv,) = [i for i in data["invitations"].values() if i["pupil_id"] == kofi]
    assert inv["used_by"] == adult_id and inv["used_at"]
    assert code.replace("-", "") not in json.dumps(data)  # only a hash of the code is kept

    # The new account signs in with its password later.
    again = clients.anonymous()
    r = again.post(
        "/inloggen/ouder",
        data={"username": "inge.mensah", "password": "een-goed-wachtwoord"},
        follow_redirects=False,
    )
    assert r.status_code == 303


def test_used_code_is_refused(clients, demo, settings):
    code = invite(clients, demo.pupil_ids[KOFI])
    url = "/uitnodiging/" + code.replace("-", "")
    assert clients.anonymous().post(url, data=account_form()).status_code == 200

    other = clients.anonymous()
    for r in (other.get(url), other.post(url, data=account_form("iemand.anders"))):
        assert r.status_code == 400
        assert "Deze code is al gebruikt. Vraag de leerkracht om een nieuwe code." in r.text
    assert not any(a["username"] == "iemand.anders" for a in stored(settings)["adults"].values())
    assert SESSION_COOKIE not in other.cookies


def test_expired_code_is_refused(clients, demo, settings, app):
    kofi = demo.pupil_ids[KOFI]
    code = invite(clients, kofi)
    with app.state.rugzak.store.school.transaction() as db:
        (inv,) = school.invitations(db, kofi)
        past = (datetime.now(UTC) - timedelta(minutes=1)).isoformat(timespec="seconds")
        db.table("invitations").patch(inv["id"], {"expires_at": past})
    c = clients.anonymous()
    url = "/uitnodiging/" + code.replace("-", "")
    for r in (c.get(url), c.post(url, data=account_form())):
        assert r.status_code == 400
        assert "Deze code is verlopen" in r.text
    assert not any(link["pupil_id"] == kofi for link in stored(settings)["links"].values())


def test_invitation_lasts_thirty_days(clients, demo, settings):
    invite(clients, demo.pupil_ids[KOFI])
    (inv,) = stored(settings)["invitations"].values()
    expires = datetime.fromisoformat(inv["expires_at"])
    assert timedelta(days=29) < expires - datetime.now(UTC) <= timedelta(days=30)


@pytest.mark.parametrize("code", ["ABCD-EFGH", "XXXXXXXX", "<script>"])
def test_wrong_code_is_refused(client, code):
    r = client.post("/uitnodiging", data={"code": code})
    r = client.get("/uitnodiging/" + school.normalize_code(code))
    assert r.status_code == 400
    assert "Deze code kennen we niet" in r.text


def test_empty_code_asks_for_the_code(client):
    r = client.post("/uitnodiging", data={"code": " - "})
    assert r.status_code == 400
    assert "Typ de code van de brief." in r.text


def test_signed_in_parent_links_a_second_child(clients, demo, settings):
    kofi, noor = demo.pupil_ids[KOFI], demo.pupil_ids[NOOR]
    parent = clients.parent("moeder.noor")
    code = invite(clients, kofi, relation="verzorger")
    url = "/uitnodiging/" + code.replace("-", "")
    page = parent.get(url)
    assert "U bent al ingelogd" in page.text

    r = parent.post(
        url, data={"link_existing": "1", "relation": "verzorger"}, follow_redirects=False
    )
    assert r.status_code == 303
    assert r.headers["location"] == "/ouder"
    home = parent.get("/ouder").text
    assert "Noor" in home and "Kofi" in home

    data = stored(settings)
    adult_id = next(k for k, a in data["adults"].items() if a["username"] == "moeder.noor")
    mine = {
        link["pupil_id"]: link["relation"]
        for link in data["links"].values()
        if link["adult_id"] == adult_id
    }
    assert mine == {noor: "moeder", kofi: "verzorger"}
    assert len(data["adults"]) == len(demo.parents)  # no second account was made

    # The code is now used.
    assert parent.get(url).status_code == 400


def test_signed_out_everywhere_parent_cannot_link_with_an_old_cookie(clients, demo, settings):
    """A cookie that 'overal uitloggen' ended must not link a child to that account."""
    kofi = demo.pupil_ids[KOFI]
    phone = clients.parent("moeder.noor")
    old_cookie = phone.cookies.get(SESSION_COOKIE)
    laptop = clients.parent("moeder.noor")
    assert laptop.post("/uitloggen/overal", follow_redirects=False).status_code == 303

    code = invite(clients, kofi)
    url = "/uitnodiging/" + code.replace("-", "")
    phone.cookies.clear()
    phone.cookies.set(SESSION_COOKIE, old_cookie, domain="testserver.local")
    assert "U bent al ingelogd" not in phone.get(url).text
    r = phone.post(url, data={"link_existing": "1", "relation": "moeder"}, follow_redirects=False)
    assert r.status_code == 400
    assert not any(link["pupil_id"] == kofi for link in stored(settings)["links"].values())


def test_taken_username_is_refused(clients, demo, settings):
    kofi = demo.pupil_ids[KOFI]
    code = invite(clients, kofi)
    url = "/uitnodiging/" + code.replace("-", "")
    c = clients.anonymous()
    for taken in ("moeder.noor", "Juf.Sanne"):  # another parent's, a teacher's
        r = c.post(url, data=account_form(taken))
        assert r.status_code == 400
        assert "Deze gebruikersnaam bestaat al. Kies een andere naam." in r.text
    data = stored(settings)
    assert len(data["adults"]) == len(demo.parents)
    (inv,) = data["invitations"].values()
    assert inv["used_at"] is None  # the code still works with another name
    assert c.post(url, data=account_form("inge.m"), follow_redirects=False).status_code == 303


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": ""}, "Vul uw naam in."),
        ({"username": "ab"}, "Kies een gebruikersnaam van minstens 3 letters of cijfers."),
        ({"password": "kort", "password2": "kort"}, "Kies een wachtwoord van minstens 8 tekens."),
        ({"password2": "iets-anders-dan"}, "De twee wachtwoorden zijn niet hetzelfde."),
    ],
)
def test_account_form_mistakes_are_explained(clients, demo, settings, change, message):
    code = invite(clients, demo.pupil_ids[KOFI])
    c = clients.anonymous()
    r = c.post("/uitnodiging/" + code.replace("-", ""), data={**account_form(), **change})
    assert r.status_code == 400
    assert message in r.text
    assert len(stored(settings)["adults"]) == len(demo.parents)


# --- sessions ---


def codec(app):
    return app.state.rugzak.sessions


def with_cookie(client, value: str, key: str | None = None):
    """Only this session cookie, with the sign-in key that belongs to it (if given)."""
    client.cookies.clear()
    client.cookies.set(SESSION_COOKIE, value, domain="testserver.local")
    if key:
        client.cookies.set(KEY_COOKIE, key, domain="testserver.local")
    return client


def forged(app, session: Session) -> tuple[str, str]:
    """A genuine session cookie for ``session`` and its matching sign-in key."""
    key = app.state.rugzak.signins.key_cookie(session.uid, session.signin)
    return codec(app).encode(session), key


def test_pupil_session_ends_when_idle(clients, demo, app):
    c = clients.pupil(NOOR)
    cookie = c.cookies.get(SESSION_COOKIE)
    now = time.time()
    assert codec(app).decode(cookie, now=now + 19 * 60) is not None
    assert codec(app).decode(cookie, now=now + 21 * 60) is None

    # Over HTTP: a session last used 21 minutes ago is refused (one of 19 minutes: not).
    fresh = codec(app).new("pupil", demo.pupil_ids[NOOR], 0, now=now - 19 * 60)
    assert with_cookie(c, *forged(app, fresh)).get("/api/mij").status_code == 200
    s = codec(app).new("pupil", demo.pupil_ids[NOOR], 0, now=now - 21 * 60)
    with_cookie(c, *forged(app, s))
    assert c.get("/api/mij").status_code == 401
    r = c.get("/print/leerling/" + demo.pupil_ids[NOOR] + "/boekje", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"].startswith("/inloggen")


def test_pupil_activity_keeps_the_session_alive(clients, demo, app):
    c = clients.pupil(NOOR)
    now = time.time()
    s = codec(app).new("pupil", demo.pupil_ids[NOOR], 0, now=now - 3600).touched(now - 15 * 60)
    with_cookie(c, *forged(app, s))
    r = c.get("/api/mij", follow_redirects=False)
    assert r.status_code == 200
    refreshed = codec(app).decode(c.cookies.get(SESSION_COOKIE), now=now + 10 * 60)
    assert refreshed is not None  # the cookie was re-issued with a fresh activity time
    assert refreshed.started == s.started  # but the start time is kept


def test_session_has_an_absolute_limit(clients, demo, app):
    c = clients.pupil(NOOR)
    now = time.time()
    young = codec(app).new("pupil", demo.pupil_ids[NOOR], 0, now=now - 8 * 3600 + 60).touched(now)
    assert with_cookie(c, *forged(app, young)).get("/api/mij").status_code == 200
    s = codec(app).new("pupil", demo.pupil_ids[NOOR], 0, now=now - 8 * 3600 - 1).touched(now)
    with_cookie(c, *forged(app, s))
    assert c.get("/api/mij").status_code == 401

    staff = codec(app).new("teacher", "s_000000000000", 0, now=now)
    assert codec(app).decode(codec(app).encode(staff), now=now + 12 * 3600 + 1) is None


def test_parent_stays_signed_in_for_weeks(clients, app):
    parent = clients.parent("moeder.noor")
    cookie = parent.cookies.get(SESSION_COOKIE)
    assert codec(app).decode(cookie, now=time.time() + 30 * 86400) is not None


@pytest.mark.parametrize("mangle", [lambda v: v[:-2] + "xx", lambda v: "x" + v, lambda v: ""])
def test_tampered_cookie_is_not_accepted(clients, mangle):
    c = clients.pupil(NOOR)
    key = c.cookies.get(KEY_COOKIE)
    assert with_cookie(c, c.cookies.get(SESSION_COOKIE), key).get("/api/mij").status_code == 200
    with_cookie(c, mangle(c.cookies.get(SESSION_COOKIE)), key)
    assert c.get("/api/mij").status_code == 401
    r = c.get("/leraar", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/inloggen?terug=/leraar"


def test_cookie_for_another_role_is_not_enough(clients, demo, app):
    """A genuine cookie that claims the teacher role for a pupil's id gets nowhere."""
    c = clients.pupil(NOOR)
    forged = codec(app).new("teacher", demo.pupil_ids[NOOR], 0)
    with_cookie(c, codec(app).encode(forged))
    assert c.get("/leraar", follow_redirects=False).status_code == 303


def test_sign_out_clears_the_session(clients):
    c = clients.pupil(NOOR)
    r = c.post("/uitloggen", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"].startswith("/inloggen")
    assert SESSION_COOKIE not in c.cookies
    assert not signed_in_as_pupil(c)
    assert "Je bent uitgelogd." in c.get(r.headers["location"]).text


@pytest.mark.parametrize(
    ("kind", "who", "home"),
    [
        ("pupil", NOOR, "/print/leerling/{pupil}/boekje"),  # pupil pages themselves are public
        ("staff", "juf.sanne", "/leraar"),
        ("parent", "moeder.noor", "/ouder"),
    ],
)
def test_sign_out_everywhere_ends_other_sessions(clients, demo, settings, kind, who, home):
    home = home.format(pupil=demo.pupil_ids[NOOR])
    first, second = getattr(clients, kind)(who), getattr(clients, kind)(who)
    assert second.get(home, follow_redirects=False).status_code == 200
    r = first.post("/uitloggen/overal", follow_redirects=False)
    assert r.status_code == 303
    assert SESSION_COOKIE not in first.cookies
    r = second.get(home, follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"].startswith("/inloggen")
    # Signing in again works.
    assert getattr(clients, kind)(who).get(home, follow_redirects=False).status_code == 200


def test_sign_out_everywhere_needs_a_session(client):
    r = client.post("/uitloggen/overal", follow_redirects=False)
    assert r.status_code == 401
