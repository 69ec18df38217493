"""The admin's new school year and import pages over HTTP (server/web/routes/rollover.py),
on the demo school: the preview changes nothing, only the admin gets there, the confirmed
plan moves everyone on, group 8 can no longer sign in, and the import shows what it will do
before it does it."""

from __future__ import annotations

import hashlib
import html
import re
from datetime import date
from pathlib import Path

import pytest

from server.domain import school
from server.infra.store import stored
from server.web.routes import rollover as rollover_routes

SUMMER = date(2027, 7, 20)
WINTER = date(2027, 1, 15)


def folder_bytes(data_dir: Path) -> dict[str, str]:
    return {
        str(p.relative_to(data_dir)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(data_dir.rglob("*"))
        if p.is_file()
    }


def hidden(page: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert match, f"no hidden field {name}"
    return html.unescape(match.group(1))


@pytest.fixture
def summer(monkeypatch):
    monkeypatch.setattr(rollover_routes, "_today", lambda: SUMMER)


def test_the_preview_shows_the_new_year_and_changes_nothing(clients, settings, summer):
    admin = clients.staff("beheer")
    assert 'href="/beheer/nieuw-schooljaar"' in admin.get("/beheer").text
    before = folder_bytes(settings.data_dir)
    r = admin.get("/beheer/nieuw-schooljaar")
    assert r.status_code == 200
    assert "Nieuw schooljaar 2027-2028" in r.text
    assert "Er is nog niets veranderd" in r.text
    assert "Emma de Vries" in r.text and "Van school af: groep 8 (10)" in r.text
    assert "Was Groep 6 (groep 6)" in r.text
    assert admin.get("/beheer/nieuw-schooljaar/klassen").status_code == 200
    assert folder_bytes(settings.data_dir) == before


@pytest.mark.parametrize(
    ("kind", "who", "status"),
    [("staff", "juf.sanne", 403), ("parent", "moeder.emma", 404), ("pupil", "Emma de Vries", 404)],
)
def test_only_the_admin(clients, settings, summer, kind, who, status):
    plan = hidden(clients.staff("beheer").get("/beheer/nieuw-schooljaar").text, "plan")
    client = getattr(clients, kind)(who)
    before = folder_bytes(settings.data_dir)
    for method, path, data in [
        ("GET", "/beheer/nieuw-schooljaar", None),
        ("POST", "/beheer/nieuw-schooljaar", {"plan": plan}),
        ("GET", "/beheer/nieuw-schooljaar/klassen", None),
        ("GET", "/beheer/leerlingen-inlezen", None),
    ]:
        r = client.request(method, path, data=data, follow_redirects=False)
        assert r.status_code == status, (kind, method, path, r.status_code)
    assert folder_bytes(settings.data_dir) == before


def test_confirming_starts_the_new_year(clients, demo, settings, summer):
    admin = clients.staff("beheer")
    emma = clients.parent("moeder.emma")  # signed in before: her session goes on
    plan = hidden(admin.get("/beheer/nieuw-schooljaar").text, "plan")
    r = admin.post("/beheer/nieuw-schooljaar", data={"plan": plan})
    assert r.status_code == 200, r.text
    assert "Schooljaar 2027-2028 is begonnen" in r.text
    assert 'href="/beheer/leerlingen-inlezen"' in r.text
    on_disk = stored(settings.data_dir / "school.json")
    assert on_disk["meta"]["school"]["school_year"] == "2027-2028"
    emma_id = demo.pupil_ids["Emma de Vries"]
    assert on_disk["pupils"][emma_id]["left_on"] == "2027-07-20"
    # Emma can no longer sign in, on no tablet; her mother still sees her Rugzak.
    anon = clients.anonymous()
    r = anon.post("/klas/HZN8PX/" + emma_id, data={"pin": "1234"}, follow_redirects=False)
    assert r.status_code != 303
    assert emma.get("/ouder").status_code == 200
    assert emma.get(f"/ouder/kind/{emma_id}").status_code == 200
    # Noor (was group 6) is in group 7 now, still juf Sanne's.
    sanne = clients.staff("juf.sanne")
    noor = demo.pupil_ids["Noor Bakker"]
    assert sanne.get(f"/leraar/leerling/{noor}").status_code == 200
    with settings_store(clients).school.transaction() as db:
        cls = school.get_class(db, school.get_pupil(db, noor)["class_id"])
    assert (cls["name"], cls["group"]) == ("Groep 7", 7)
    # The same plan a second time: refused, nothing changes.
    before = folder_bytes(settings.data_dir)
    r = admin.post("/beheer/nieuw-schooljaar", data={"plan": plan})
    assert r.status_code == 400 and "Een nieuw schooljaar kan pas een half jaar later" in r.text
    assert folder_bytes(settings.data_dir) == before


def settings_store(clients):
    return clients.app.state.rugzak.store


def test_before_june_a_second_tick_is_needed(clients, settings, monkeypatch):
    monkeypatch.setattr(rollover_routes, "_today", lambda: WINTER)
    admin = clients.staff("beheer")
    page = admin.get("/beheer/nieuw-schooljaar").text
    assert 'name="early_ok"' in page
    before = folder_bytes(settings.data_dir)
    r = admin.post("/beheer/nieuw-schooljaar", data={"plan": hidden(page, "plan")})
    assert r.status_code == 400 and "nog niet voorbij" in r.text
    assert folder_bytes(settings.data_dir) == before
    r = admin.post(
        "/beheer/nieuw-schooljaar", data={"plan": hidden(page, "plan"), "early_ok": "ja"}
    )
    assert r.status_code == 200 and "2027-2028 is begonnen" in r.text


@pytest.mark.parametrize("plan", ["{niet goed", '{"from_year": "2026-2027"}'])
def test_a_broken_plan_is_refused_kindly(clients, settings, summer, plan):
    admin = clients.staff("beheer")
    before = folder_bytes(settings.data_dir)
    r = admin.post("/beheer/nieuw-schooljaar", data={"plan": plan})
    assert r.status_code == 400
    assert "Dit voorstel kan niet gelezen worden" in r.text
    assert folder_bytes(settings.data_dir) == before


def form_of(page: str) -> dict[str, list[str]]:
    """The recompose form as the browser would send it (checked boxes and radios only)."""
    fields: dict[str, list[str]] = {}
    for tag in re.findall(r"<input [^>]*>", page):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if not name or not value:
            continue
        if ('type="checkbox"' in tag or 'type="radio"' in tag) and "checked" not in tag:
            continue
        fields.setdefault(name.group(1), []).append(html.unescape(value.group(1)))
    return fields


def test_recomposing_the_classes(clients, demo, settings, summer):
    admin = clients.staff("beheer")
    page = admin.get("/beheer/nieuw-schooljaar/klassen").text
    fields = form_of(page)
    fields.update(new_name=["Groep 8b"], new_group=["8"], action=["klas-erbij"])
    r = admin.post("/beheer/nieuw-schooljaar/klassen", data=fields)
    assert r.status_code == 200 and 'value="Groep 8b"' in r.text
    fields = form_of(r.text)
    index = re.search(r'name="class_(\d+)_name" value="Groep 8b"', r.text).group(1)
    sem = demo.pupil_ids["Sem Jansen"]
    fields[f"pupil_{sem}"] = [index]
    fields["action"] = ["bekijken"]
    before = folder_bytes(settings.data_dir)
    r = admin.post("/beheer/nieuw-schooljaar/klassen", data=fields)
    assert r.status_code == 200, r.text
    assert 'Sem Jansen <span class="badge">uit een andere klas</span>' in r.text
    assert folder_bytes(settings.data_dir) == before  # still only a preview
    r = admin.post("/beheer/nieuw-schooljaar", data={"plan": hidden(r.text, "plan")})
    assert r.status_code == 200
    with settings_store(clients).school.transaction() as db:
        cls = school.get_class(db, school.get_pupil(db, sem)["class_id"])
    assert (cls["name"], cls["group"]) == ("Groep 8b", 8)


def test_a_pupil_left_without_a_class_is_named(clients, demo, summer):
    admin = clients.staff("beheer")
    fields = form_of(admin.get("/beheer/nieuw-schooljaar/klassen").text)
    del fields["pupil_" + demo.pupil_ids["Sem Jansen"]]
    r = admin.post("/beheer/nieuw-schooljaar/klassen", data=fields)
    assert r.status_code == 400
    assert "Sem Jansen staat nog in geen enkele klas. Kies een klas." in r.text


CSV = (
    "Leerlingnummer;Roepnaam;Achternaam;Groep;Klas\n"
    "4101;Noor;Bakker-Visser;6;Groep 6\n"  # a demo pupil, renamed
    "9001;Nieuw;Kind;6;Groep 6\n"
)


def test_the_import_shows_what_it_will_do_first(clients, demo, settings):
    admin = clients.staff("beheer")
    before = folder_bytes(settings.data_dir)
    r = admin.post(
        "/beheer/leerlingen-inlezen", files={"file": ("export.csv", CSV.encode(), "text/csv")}
    )
    assert r.status_code == 200, r.text
    assert "naam was Noor Bakker" in r.text and ">nieuw<" in r.text
    assert folder_bytes(settings.data_dir) == before
    r = admin.post("/beheer/leerlingen-inlezen/bevestigen", data={"data": hidden(r.text, "data")})
    assert r.status_code == 200
    assert re.search(r"<td>Nieuw Kind</td><td>Groep 6</td><td class=\"code\">\d{4}</td>", r.text)
    assert r.headers["cache-control"] == "no-store"  # the PINs are shown once
    pupils = stored(settings.data_dir / "school.json")["pupils"]
    assert pupils[demo.pupil_ids["Noor Bakker"]]["last_name"] == "Bakker-Visser"
    assert len(pupils) == 28  # 27 demo pupils + one new
    r = admin.post(
        "/beheer/leerlingen-inlezen/bevestigen", data={"data": "bm90IGEgY3N2"}
    )  # "not a csv": refused line by line, nothing written
    assert r.status_code == 400
    assert len(stored(settings.data_dir / "school.json")["pupils"]) == 28


def test_the_parents_notice_for_a_child_who_left(app):
    """templates/parent/left_notice.html, which the parent's home includes per child: she
    has left, and where her Rugzak can be downloaded (the export page)."""
    from server.infra import i18n

    env = app.state.rugzak.env
    notice = env.get_template("parent/left_notice.html")
    child = {"pupil": {"id": "p_0123456789ab", "first_name": "Emma", "left_on": "2027-07-20"}}
    i18n.activate("nl")
    page = notice.render(ch=child)
    assert "Emma is van school af" in page
    assert 'href="/ouder/kind/p_0123456789ab/bewaren"' in page
    i18n.activate("en")
    assert "Emma has left the school" in notice.render(ch=child)
    i18n.activate("nl")
    still_there = {"pupil": {"id": "p_0123456789ab", "first_name": "Emma"}}
    assert notice.render(ch=still_there).strip() == ""
