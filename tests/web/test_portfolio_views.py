"""The portfolio as teachers and parents see it: every worksheet in view and print mode,
who may see what, the overview with the year plan and the growth picture."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import Any

import pytest
from markupsafe import escape

from server.domain import contributions, portfolio, school, worksheet_ops
from server.domain.portfolio import Actor
from server.web.templating import dutch_date
from tests import factories
from tests.factories import add_item, fill_values
from tests.helpers.clients import Clients

# --- helpers ---


def signed_date(app, pupil_id: str, item_id: str) -> str:
    """The date the parent's signature of this item got from the server, as pages show it."""
    part = contributions.merged(
        contributions.parts(app.state.rugzak.store.pupil(pupil_id), item_id)
    )
    signature = part and next((v for v in part["values"].values() if isinstance(v, dict)), None)
    return dutch_date(signature["op"]) if signature else ""


def set_field(app, pupil_id: str, item_id: str, field: str, value: Any) -> None:
    """Change one field of an existing item, as the pupil's tablet would."""
    rz = app.state.rugzak
    database = rz.store.pupil(pupil_id)
    base = portfolio.item(database, item_id)["revs"].get(field, 0)
    op = {"op_id": f"op-{uuid.uuid4().hex[:12]}", "type": "set", "item_id": item_id,
          "field": field, "value": value, "base_rev": base}  # fmt: skip
    [result] = worksheet_ops.apply(
        database, [op], Actor(pupil_id, "pupil"), rz.catalog, 7, "2026-2027"
    )
    assert result["status"] == "applied", result


@dataclass(frozen=True)
class World:
    """Two classes with a teacher each, an admin, a pupil with a parent in each class."""

    app: Any
    teacher: factories.Staff  # of group 7
    other_teacher: factories.Staff  # of group 8
    admin: factories.Staff
    pupil: factories.Pupil  # group 7
    parent: factories.Adult
    other_pupil: factories.Pupil  # group 8
    other_parent: factories.Adult


@pytest.fixture
def world(empty_app) -> World:
    store = empty_app.state.rugzak.store
    teacher, other_teacher = factories.teacher(store), factories.teacher(store)
    seven = factories.school_class(store, group=7, teachers=(teacher,))
    eight = factories.school_class(store, group=8, teachers=(other_teacher,))
    pupil, other_pupil = factories.pupil(store, seven), factories.pupil(store, eight)
    return World(
        empty_app,
        teacher,
        other_teacher,
        factories.admin(store),
        pupil,
        factories.parent(store, pupil),
        other_pupil,
        factories.parent(store, other_pupil),
    )


def catalog(app):
    return app.state.rugzak.catalog


WORKSHEETS = [
    "beroepen-om-je-heen",
    "bezoek-open-dagen",
    "complimenten",
    "ervaring",
    "ervaring-discovery-lab",
    "ervaring-gaan-voor-een-baan",
    "ervaring-gast-in-de-klas",
    "ervaring-ministage",
    "ervaring-museum",
    "ervaring-port-rangers",
    "ervaring-taaltrip",
    "ervaring-techniekdagen",
    "kwaliteiten-top3",
    "samen-doen",
    "school-die-past",
    "techniekproject",
    "verrijkende-activiteit",
    "zelfportret-6",
    "zelfportret-7",
    "zelfportret-8",
]


def test_the_list_above_is_every_worksheet(app) -> None:
    assert sorted(catalog(app).worksheets) == sorted(WORKSHEETS)


# --- every worksheet in every mode ---


# (Loops, not parametrized tests: every test pays for building the demo school.)


def test_every_worksheet_renders_filled_in_view_and_print(app, clients, demo) -> None:
    pupil_id = demo.pupil_ids["Sem Jansen"]  # groep 7, class of juf Sanne
    teacher = clients.staff("juf.sanne")
    for worksheet_id in WORKSHEETS:
        ws = catalog(app).worksheets[worksheet_id]
        values, expect = fill_values(ws)
        assert set(values) == set(ws.fields())
        item_id = add_item(app, pupil_id, worksheet_id, values, item_id=f"i-{worksheet_id}")
        signed = signed_date(app, pupil_id, f"i-{worksheet_id}")
        expect = [e.replace("PUPIL", pupil_id).replace("SIGNED_DATE", signed) for e in expect]
        for url in (
            f"/leraar/leerling/{pupil_id}/item/{item_id}",
            f"/print/leerling/{pupil_id}/item/{item_id}",
        ):
            r = teacher.get(url)
            assert r.status_code == 200, (url, r.text[:500])
            html = r.text
            assert str(escape(ws.title)) in html, url
            for section in ws.sections:
                assert str(escape(section.title)) in html, (url, section.key)
            for shown in expect:
                assert str(escape(shown)) in html, (url, shown)
            assert "Nog niet ingevuld" not in html, url  # every answer is shown
            if any(f.type == "photos" for s in ws.sections for f in s.fields):
                assert f'alt="Foto bij {escape(ws.title)}"' in html, url


def test_every_worksheet_renders_empty_and_blank(app, clients, demo) -> None:
    pupil_id = demo.pupil_ids["Sem Jansen"]
    teacher = clients.staff("juf.sanne")
    for worksheet_id in WORKSHEETS:
        ws = catalog(app).worksheets[worksheet_id]
        item_id = add_item(app, pupil_id, worksheet_id, {}, item_id=f"e-{worksheet_id}")
        r = teacher.get(f"/leraar/leerling/{pupil_id}/item/{item_id}")
        assert r.status_code == 200, worksheet_id
        assert "Nog niet ingevuld" in r.text, worksheet_id
        blank = teacher.get(f"/print/werkblad/{worksheet_id}")
        assert blank.status_code == 200, worksheet_id
        assert "Nog niet ingevuld" not in blank.text, worksheet_id
        assert 'class="write-line' in blank.text, worksheet_id
        for section in ws.sections:
            assert str(escape(section.title)) in blank.text, (worksheet_id, section.key)
            for f in section.fields:
                assert str(escape(f.label)) in blank.text, (worksheet_id, f.name)


def test_edit_mode_dispatches_to_the_edit_macros(app) -> None:
    env = app.state.rugzak.env
    ws = catalog(app).worksheets["kwaliteiten-top3"]
    template = env.from_string(
        '{% import "worksheets/macros.html" as m %}'
        "{{ m.render_worksheet(ws, 'edit', none) }}"
        "{{ m.render_field(f, 'view', {'leukste-om-te-horen': 'Hallo'}) }}"
        "{{ m.render_field(f, 'print', none) }}"
    )
    html = template.render(ws=ws, f=ws.field("leukste-om-te-horen"))
    assert 'data-name="kind-kiest.1"' in html  # edit controls
    assert "Hallo" in html
    assert 'class="write-line' in html


def test_view_shows_labels_not_keys(app, clients, demo) -> None:
    pupil_id = demo.pupil_ids["Sem Jansen"]
    values = {
        "kind-kiest.1": "doorzetter",
        "kind-kiest.2": "eigen:Goed in tekenen",
        "top-3": ["doorzetter", "", "sterk"],
        "ouder-rol": "oma",  # allow_other: the own text
        "ouder-vraag-1": "ja",
    }
    item_id = add_item(app, pupil_id, "kwaliteiten-top3", values, item_id="i-labels1")
    html = clients.staff("juf.sanne").get(f"/leraar/leerling/{pupil_id}/item/{item_id}").text
    assert "Doorzetter</strong> – je geeft niet snel op" in html
    assert "Goed in tekenen" in html and "eigen:" not in html
    assert re.search(r"<ol class=\"a-ranking\">.*Doorzetter.*Nog leeg.*Sterk.*</ol>", html, re.S)
    assert ">oma<" in html
    assert 'a-yesno">JA<' in html


# --- who may see what ---


def test_parent_sees_only_shared_items(world, empty_clients) -> None:
    app, child, other_child = world.app, world.pupil.id, world.other_pupil.id
    shared = add_item(
        app, child, "ervaring", {"wat": "Gedeeld bezoek"}, item_id="i-shared01", shared=True
    )
    private = add_item(app, child, "ervaring", {"wat": "Geheim dagboek"}, item_id="i-privat01")
    other = add_item(
        app, other_child, "ervaring", {"wat": "Van een ander"}, item_id="i-other001", shared=True
    )
    parent = empty_clients.parent(world.parent)

    page = parent.get(f"/ouder/kind/{child}")
    assert page.status_code == 200
    assert f"/ouder/kind/{child}/item/{shared}" in page.text
    assert private not in page.text and "Geheim" not in page.text

    r = parent.get(f"/ouder/kind/{child}/item/{shared}")
    assert r.status_code == 200 and "Gedeeld bezoek" in r.text
    assert parent.get(f"/ouder/kind/{child}/item/{private}").status_code == 404
    assert parent.get(f"/ouder/kind/{other_child}").status_code == 404
    assert parent.get(f"/ouder/kind/{other_child}/item/{other}").status_code == 404
    assert parent.get(f"/ouder/kind/{child}/item/i-unknown01").status_code == 404
    # printing follows the same rule
    assert parent.get(f"/print/leerling/{child}/item/{shared}").status_code == 200
    assert parent.get(f"/print/leerling/{child}/item/{private}").status_code == 404
    assert parent.get(f"/print/leerling/{child}/boekje").status_code == 404
    # teacher pages are not for parents
    assert parent.get(f"/leraar/leerling/{child}/rugzak").status_code == 404


def test_parent_sees_growth_only_from_shared_self_portraits(world, empty_clients) -> None:
    app, child = world.app, world.other_pupil.id  # groep 8
    parent = empty_clients.parent(world.other_parent)
    answers = {"stellingen.netjes": "vaak"}
    add_item(app, child, "zelfportret-7", answers, item_id="i-zp7priv", group=7)
    assert "<svg" not in parent.get(f"/ouder/kind/{child}").text
    add_item(app, child, "zelfportret-8", answers, item_id="i-zp8share", group=8, shared=True)
    html = parent.get(f"/ouder/kind/{child}").text
    assert "<svg" in html
    assert "Groep 8" in html and "Groep 7" not in html


def test_teacher_of_another_class_is_refused(world, empty_clients) -> None:
    pupil = world.other_pupil.id  # groep 8: not the first teacher's class
    item_id = add_item(world.app, pupil, "ervaring", {"wat": "Iets"}, item_id="i-grp80001", group=8)
    teacher = empty_clients.staff(world.teacher)
    for url in (
        f"/leraar/leerling/{pupil}/rugzak",
        f"/leraar/leerling/{pupil}/item/{item_id}",
        f"/print/leerling/{pupil}/item/{item_id}",
        f"/print/leerling/{pupil}/boekje",
    ):
        assert teacher.get(url).status_code == 403, url
    theirs = empty_clients.staff(world.other_teacher)
    assert theirs.get(f"/leraar/leerling/{pupil}/rugzak").status_code == 200
    assert theirs.get(f"/leraar/leerling/{pupil}/item/{item_id}").status_code == 200
    admin = empty_clients.staff(world.admin)
    assert admin.get(f"/leraar/leerling/{pupil}/item/{item_id}").status_code == 200


def test_unknown_ids_are_not_found(app, clients, demo) -> None:
    sem = demo.pupil_ids["Sem Jansen"]
    sanne = clients.staff("juf.sanne")
    for url in (
        "/leraar/leerling/p_000000000000/rugzak",
        "/leraar/leerling/nonsense/rugzak",
        "/leraar/leerling/..%2F..%2Fetc/rugzak",
        f"/leraar/leerling/{sem}/item/i-doesnotexist",
        f"/print/leerling/{sem}/item/i-doesnotexist",
        "/print/leerling/p_000000000000/boekje",
        "/print/werkblad/bestaat-niet",
    ):
        assert sanne.get(url).status_code == 404, url


def test_pupil_prints_own_work_only(world, empty_clients) -> None:
    app, me, other = world.app, world.pupil.id, world.other_pupil.id
    mine = add_item(app, me, "ervaring", {"wat": "Mijn uitje"}, item_id="i-mineown1")
    theirs = add_item(app, other, "ervaring", {"wat": "Haar uitje"}, item_id="i-theirs01")
    pupil = empty_clients.pupil(world.pupil)
    assert "Mijn uitje" in pupil.get(f"/print/leerling/{me}/item/{mine}").text
    booklet = pupil.get(f"/print/leerling/{me}/boekje")
    assert booklet.status_code == 200 and "Mijn uitje" in booklet.text
    assert pupil.get(f"/print/leerling/{other}/item/{theirs}").status_code == 404
    assert pupil.get(f"/print/leerling/{other}/boekje").status_code == 404
    assert pupil.get(f"/leraar/leerling/{me}/rugzak").status_code == 404
    assert pupil.get("/print/werkblad/ervaring").status_code == 404


# --- the overview ---


def test_overview_shows_items_plan_and_growth(world, empty_clients) -> None:
    app, sem = world.app, world.pupil.id  # groep 7
    add_item(
        app,
        sem,
        "zelfportret-6",
        {"stellingen.netjes": "soms", "stellingen.plannen": "niet-zo"},
        item_id="i-zp6sem01",
        group=6,
        school_year="2025-2026",
        status="klaar",
    )
    add_item(
        app,
        sem,
        "zelfportret-7",
        {"stellingen.netjes": "vaak", "stellingen.plannen": "soms"},
        item_id="i-zp7sem01",
        group=7,
    )
    add_item(
        app,
        sem,
        "beroepen-om-je-heen",
        {"_title": "Interviews met oom Kees"},
        item_id="i-beroep01",
        status="klaar",
        shared=True,
    )
    r = empty_clients.staff(world.teacher).get(f"/leraar/leerling/{sem}/rugzak")
    assert r.status_code == 200
    html = r.text
    # items grouped by school year, newest first, each linked
    assert html.index("Schooljaar 2026-2027") < html.index("Schooljaar 2025-2026")
    for item_id in ("i-zp6sem01", "i-zp7sem01", "i-beroep01"):
        assert f"/leraar/leerling/{sem}/item/{item_id}" in html
    assert "Interviews met oom Kees" in html
    assert "Gedeeld" in html and "Niet gedeeld" in html
    # the year plan of groep 7 with what is done and what is still to do
    plan = html[html.index('id="plan-h"') : html.index('id="growth-h"')]
    assert "Beroepen in de omgeving" in plan or "Beroepen om je heen" in plan
    assert "Nog te doen" in plan and "Klaar" in plan
    # the growth picture over groep 6 and 7
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert "Groep 6" in svg and "Groep 7" in svg
    assert 'data-key="netjes" data-change="omhoog"' in svg


def test_kept_pages_are_never_stale(world, empty_clients) -> None:
    """The overviews are kept rendered; every change must show at once."""
    app, child = world.app, world.pupil.id
    teacher, parent = empty_clients.staff(world.teacher), empty_clients.parent(world.parent)
    overview, home = f"/leraar/leerling/{child}/rugzak", f"/ouder/kind/{child}"
    assert "nog niets in de rugzak" in teacher.get(overview).text
    assert "nog niets met u gedeeld" in parent.get(home).text

    add_item(app, child, "ervaring", {"_title": "Naar de bakker"}, item_id="i-stale001")
    assert "Naar de bakker" in teacher.get(overview).text
    assert "Naar de bakker" not in parent.get(home).text
    set_field(app, child, "i-stale001", "_shared", True)
    assert "Naar de bakker" in parent.get(home).text
    set_field(app, child, "i-stale001", "_shared", False)
    assert "Naar de bakker" not in parent.get(home).text
    assert "Klaar</span>" not in teacher.get(overview).text
    set_field(app, child, "i-stale001", "_status", "klaar")
    assert "Klaar</span>" in teacher.get(overview).text

    with app.state.rugzak.store.school.transaction() as db:
        school.update_pupil(db, child, first_name="Floor")
    assert f"Rugzak van Floor {world.pupil.last_name}" in teacher.get(overview).text
    # a pupil moved to another class: the old teacher is refused at once
    assert teacher.get(overview).status_code == 200
    with app.state.rugzak.store.school.transaction() as db:
        groep8 = next(c for c in school.classes(db) if c["group"] == 8)
        school.update_pupil(db, child, class_id=groep8["id"])
    assert teacher.get(overview).status_code == 403


def test_overview_is_sent_compressed_to_browsers_that_accept_it(clients, demo) -> None:
    teacher = clients.staff("juf.sanne")
    url = f"/leraar/leerling/{demo.pupil_ids['Sem Jansen']}/rugzak"
    for _ in range(2):  # built, then kept
        zipped = teacher.get(url, headers={"accept-encoding": "gzip"})
        assert zipped.headers["content-encoding"] == "gzip"
        assert "Accept-Encoding" in zipped.headers["vary"]
        plain = teacher.get(url, headers={"accept-encoding": "identity"})
        assert "content-encoding" not in plain.headers
        assert plain.text == zipped.text and "<h1>Rugzak van Sem Jansen" in plain.text


def test_overview_of_an_empty_portfolio(world, empty_clients) -> None:
    r = empty_clients.staff(world.teacher).get(f"/leraar/leerling/{world.pupil.id}/rugzak")
    assert r.status_code == 200
    assert "nog niets in de rugzak" in r.text
    assert "Nog geen zelfportret ingevuld" in r.text


def test_worksheet_list_links_blank_prints(app, clients) -> None:
    r = clients.staff("juf.sanne").get("/leraar/werkbladen")
    assert r.status_code == 200
    for ws_id in catalog(app).worksheets:
        assert f'href="/print/werkblad/{ws_id}"' in r.text
    assert "Print leeg werkblad" in r.text


def test_booklet_has_cover_growth_and_every_item(world, empty_clients) -> None:
    app, sem = world.app, world.pupil.id
    add_item(app, sem, "zelfportret-7", {"stellingen.netjes": "vaak"}, item_id="i-bzp7sem1")
    add_item(app, sem, "complimenten", {"van-wie": "Opa Jan"}, item_id="i-bcompl01")
    r = empty_clients.staff(world.teacher).get(f"/print/leerling/{sem}/boekje")
    assert r.status_code == 200
    html = r.text
    assert world.pupil.name in html and factories.SCHOOL_NAME in html
    assert "Schooljaar 2026-2027" in html
    assert "<svg" in html
    assert html.count('<article class="print-item"') == 2
    assert "Opa Jan" in html


def test_the_demo_school_renders_everywhere(settings, full_demo, make_app) -> None:
    """The demo content (real, varied answers and photos) in every view and print page."""
    app = make_app(settings)
    clients = Clients(app, full_demo)
    demo = full_demo
    admin = clients.staff("beheer")
    store = app.state.rugzak.store
    for pupil_id in demo.pupil_ids.values():
        assert admin.get(f"/leraar/leerling/{pupil_id}/rugzak").status_code == 200
        assert admin.get(f"/print/leerling/{pupil_id}/boekje").status_code == 200
        for item in portfolio.items(store.pupil(pupil_id)):
            for url in (
                f"/leraar/leerling/{pupil_id}/item/{item['id']}",
                f"/print/leerling/{pupil_id}/item/{item['id']}",
            ):
                r = admin.get(url)
                assert r.status_code == 200, url
    # and a parent of the demo sees the shared part of their child's portfolio
    emma = demo.pupil_ids["Emma de Vries"]
    assert clients.parent("moeder.emma").get(f"/ouder/kind/{emma}").status_code == 200
    clients.close()


# --- safety ---


def test_values_are_escaped(app, clients, demo) -> None:
    sem = demo.pupil_ids["Sem Jansen"]
    evil = "<script>alert(1)</script>"
    values = {
        "wat": evil,
        "leuk": evil + "\nen meer",
        "wie-helpt": '"><img src=x onerror=alert(1)>',
    }
    item_id = add_item(
        app, sem, "ervaring", {**values, "_title": evil}, item_id="i-xss00001", shared=True
    )
    teacher = clients.staff("juf.sanne")
    for url in (
        f"/leraar/leerling/{sem}/item/{item_id}",
        f"/leraar/leerling/{sem}/rugzak",
        f"/print/leerling/{sem}/item/{item_id}",
        f"/print/leerling/{sem}/boekje",
    ):
        html = teacher.get(url).text
        assert evil not in html and "<img src=x" not in html, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, url
