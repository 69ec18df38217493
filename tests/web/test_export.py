"""Keeping a child's Rugzak: the ZIP holds every item, field, history entry, photo, parent's
part, compliment, agreement and advice the store holds (the family's copy only what the
child shared), its JSON is valid against the documented schema, the PDF has a page per
section with the child's words, only the family, her teacher and the admin get it, and
every download is in the access log."""

from __future__ import annotations

import io
import json
import re
from hashlib import sha256
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from pypdf import PdfReader

from server.domain import access_log, contributions, export, media, portfolio
from server.domain.export_files import BOOKLET_NAME, JSON_NAME, SCHEMA_NAME
from server.infra import pdf
from tests.helpers import export_world as ew
from tests.helpers.clients import Clients

SCHEMA = json.loads(export.SCHEMA_FILE.read_text("utf-8"))


@pytest.fixture
def world(empty_app, empty_clients: Clients) -> ew.World:
    return ew.build(empty_app, empty_clients)


def staff_url(w: ew.World, what: str = "") -> str:
    return f"/leraar/leerling/{w.pupil.id}/bewaren{what}"


def parent_url(w: ew.World, what: str = "") -> str:
    return f"/ouder/kind/{w.pupil.id}/bewaren{what}"


def zip_of(client, url: str) -> tuple[dict[str, bytes], dict[str, Any]]:
    r = client.get(url)
    assert r.status_code == 200, r.text[:500]
    assert r.headers["content-type"] == "application/zip"
    assert r.headers["cache-control"] == "no-store"
    assert re.fullmatch(
        r'attachment; filename="rugzak-pupil\d+-\d{4}-\d\d-\d\d\.zip"',
        r.headers["content-disposition"],
    )
    files = ew.unzip(r.content)
    return files, json.loads(files[JSON_NAME])


def by_name(fields: list[dict[str, Any]]) -> dict[str, Any]:
    return {f["name"]: f["value"] for f in fields}


def test_the_zip_round_trips_everything_the_store_holds(world, empty_clients) -> None:
    store = world.app.state.rugzak.store
    database = store.pupil(world.pupil.id)
    files, doc = zip_of(empty_clients.staff(world.teacher), staff_url(world, "/rugzak.zip"))
    photo = export.photo_file(world.photo_id)
    assert sorted(files) == sorted([JSON_NAME, SCHEMA_NAME, BOOKLET_NAME, photo])
    assert doc["format"] == "rugzak-export" and doc["version"] == 1
    assert doc["audience"] == "school" and doc["pupil"]["first_name"] == world.pupil.first_name

    exported = {i["id"]: i for i in doc["items"]}
    stored = portfolio.items(database)
    assert len(stored) == len(ew.SHEETS) + 2 and set(exported) == {i["id"] for i in stored}
    for item in stored:
        row = exported[item["id"]]
        ws = world.app.state.rugzak.catalog.worksheets[item["worksheet"]]
        assert row["worksheet"]["id"] == ws.id and row["worksheet"]["title"] == ws.title
        fields = by_name(row["fields"])
        own = {k: v for k, v in item["values"].items() if not k.startswith("_")}
        assert own and all(fields[k] == v for k, v in own.items()), item["worksheet"]
        labels = {f["name"]: f["label"] for f in row["fields"]}
        assert all(labels[k] == ws.fields()[k].label for k in own)
        history = portfolio.history(database, item["id"])
        assert len(row["history"]) == len(history) > 0
        assert [h["value"] for h in row["history"]] == [h["value"] for h in history]

    parts = contributions.parts(database)
    assert parts, "the world has a parent's part"
    for part in parts:
        [exported_part] = exported[part["item_id"]]["parent_parts"]
        assert by_name(exported_part["fields"]) == part["values"]
        assert exported_part["adult_name"] == world.parent.name

    # The photo, byte for byte as stored (already without metadata), named in its item.
    on_disk = media.path_for(store, world.pupil.id, world.photo_id, "groot").read_bytes()
    assert files[photo] == on_disk
    assert exported[world.items["ervaring"]]["photos"] == [photo]
    assert doc["photos"] == [{"file": photo, "id": world.photo_id}]

    assert [e["label"] for e in doc["from_home"]] == [ew.COMPLIMENT]
    [talk] = doc["conversations"]
    assert talk["agreements"]["fields"][0]["answer"] == ew.AGREEMENT
    assert talk["teacher_note"] == ew.NOTE  # the school's copy has the teacher's own note
    assert [a["cognitive"] for a in doc["advice"]] == [ew.ADVICE_SHARED, ew.ADVICE_UNSHARED]
    choice = doc["school_choice"]
    assert [(s["code"], s["name"]) for s in choice["shortlist"]] == list(ew.SCHOOLS)
    assert choice["final"] == {"code": ew.SCHOOLS[0][0], "name": ew.SCHOOLS[0][1]}
    hidden = exported[world.private_items[1]]
    assert hidden["hidden_from_family"]["reason"] == "Eerst bespreken"

    booklet = files[BOOKLET_NAME].decode()
    for sheet in world.items:
        assert all(text in booklet for text in world.texts[sheet]), sheet
    assert f'src="{photo}"' in booklet
    assert booklet.count("Verborgen voor ouders") == 1  # the school's booklet says which


def test_the_json_is_valid_against_its_documented_schema(world, empty_clients) -> None:
    Draft202012Validator.check_schema(SCHEMA)
    validator = Draft202012Validator(SCHEMA)
    for client, url in (
        (empty_clients.staff(world.teacher), staff_url(world, "/rugzak.zip")),
        (empty_clients.parent(world.parent), parent_url(world, "/rugzak.zip")),
    ):
        files, doc = zip_of(client, url)
        assert json.loads(files[SCHEMA_NAME]) == SCHEMA  # the schema travels with the data
        validator.validate(doc)
    # The schema does hold the format to something: a wrong version or field is refused.
    for broken in ({**doc, "version": 2}, {**doc, "items": [{**doc["items"][0], "extra": 1}]}):
        with pytest.raises(ValidationError):
            validator.validate(broken)


def test_the_familys_copy_holds_only_what_the_child_shared(world, empty_clients) -> None:
    files, doc = zip_of(empty_clients.parent(world.parent), parent_url(world, "/rugzak.zip"))
    assert doc["audience"] == "family"
    assert {i["id"] for i in doc["items"]} == set(world.items.values())
    everything = b"".join(files.values()).decode("utf-8", "replace")
    secrets = (
        ew.NOT_SHARED,
        ew.HIDDEN,
        ew.NOTE,
        ew.ADVICE_UNSHARED,
        "Eerst bespreken",
        "Verborgen",
    )
    for secret in secrets:
        assert secret not in everything, secret
    assert all(i not in everything for i in world.private_items)
    assert ew.ADVICE_SHARED in everything and ew.COMPLIMENT in everything
    assert ew.AGREEMENT in everything
    assert all("hidden_from_family" not in i for i in doc["items"])
    assert all(h["field"] != "_hidden" for i in doc["items"] for h in i["history"])


def pdf_pages(body: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(body)).pages]


def test_the_pdf_has_a_page_per_section_and_the_childs_words(world, empty_clients) -> None:
    r = empty_clients.parent(world.parent).get(parent_url(world, "/boekje.pdf"))
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    assert r.headers["cache-control"] == "no-store"
    assert re.fullmatch(
        r'attachment; filename="rugzak-pupil\d+-\d{4}-\d\d-\d\d\.pdf"',
        r.headers["content-disposition"],
    )
    pages = pdf_pages(r.content)
    assert world.pupil.name in pages[0] and "Testschool" in pages[0]  # the cover
    shown = [t for k, t in export.SECTIONS.items() if k != "thuisopdrachten"]  # none in it
    at = 0  # each section starts a page of its own, in the booklet's order
    for title in shown:
        at = next((n for n in range(at + 1, len(pages)) if pages[n].startswith(title + "\n")), 0)
        assert at, f"no page starts with the section {title!r}"
    assert len(pages) >= 1 + len(shown)
    assert f"2 / {len(pages)}" in pages[1]  # page numbers
    text = " ".join(p.replace("\n", " ") for p in pages)
    for sheet in world.items:
        for typed in world.texts[sheet]:
            assert typed.replace("\n", " ") in text, (sheet, typed)
    assert ew.COMPLIMENT in text and ew.AGREEMENT in text and ew.ADVICE_SHARED in text
    assert all(name in text for _, name in ew.SCHOOLS)
    assert ew.NOT_SHARED not in text and ew.HIDDEN not in text and ew.NOTE not in text


def test_photos_still_upload_after_a_pdf(world, empty_clients) -> None:
    """WeasyPrint's import tells Pillow to accept truncated images; the export sets it back."""
    teacher = empty_clients.staff(world.teacher)
    assert teacher.get(staff_url(world, "/boekje.pdf")).status_code == 200
    data = ew.photo_bytes(color=(200, 30, 30))
    r = empty_clients.pupil(world.pupil).put(f"/api/media/{sha256(data).hexdigest()}", content=data)
    assert r.status_code == 201, r.text
    half = data[: len(data) // 2]
    r = empty_clients.pupil(world.pupil).put(f"/api/media/{sha256(half).hexdigest()}", content=half)
    assert r.status_code == 422  # a half-sent photo is still refused


def test_the_booklet_speaks_the_parents_language(world, empty_clients) -> None:
    parent = empty_clients.parent(world.parent)
    assert parent.post("/taal", data={"lang": "en", "terug": "/ouder"}).status_code == 200
    page = parent.get(parent_url(world))
    assert page.status_code == 200 and 'lang="en"' in page.text
    files, _ = zip_of(parent, parent_url(world, "/rugzak.zip"))
    booklet = files[BOOKLET_NAME].decode()
    assert '<html lang="en" dir="ltr">' in booklet
    assert "My Rugzak" in booklet and "Mijn Rugzak" not in booklet
    assert "Compliments" in booklet  # a section's heading
    assert ew.COMPLIMENT in booklet  # what was typed stays as typed


def test_the_keep_page_offers_both_downloads(world, empty_clients) -> None:
    parent = empty_clients.parent(world.parent)
    child = parent.get(f"/ouder/kind/{world.pupil.id}").text
    assert f'href="{parent_url(world)}"' in child
    assert f"De Rugzak van {world.pupil.first_name} bewaren" in child
    page = parent.get(parent_url(world)).text
    assert f'href="{parent_url(world, "/boekje.pdf")}"' in page
    assert f'href="{parent_url(world, "/rugzak.zip")}"' in page
    teacher = empty_clients.staff(world.teacher)
    pupil_page = teacher.get(f"/leraar/leerling/{world.pupil.id}").text
    assert f'href="{staff_url(world)}"' in pupil_page and "Rugzak bewaren (PDF, ZIP)" in pupil_page
    page = teacher.get(staff_url(world)).text
    assert f'href="{staff_url(world, "/rugzak.zip")}"' in page


# --- who may export: roles × own or other child ---

PAGES = ("", "/rugzak.zip", "/boekje.pdf")
# (who signs in, whose child) -> status on the parent's paths, on the staff's paths
MATRIX = {
    ("parent", "own"): (200, 404),
    ("parent", "other"): (404, 404),
    ("teacher", "own"): (403, 200),
    ("teacher", "other"): (403, 403),
    ("admin", "any"): (403, 200),
    ("pupil", "own"): (404, 404),
}


def client_for(w: ew.World, clients: Clients, who: str, whose: str):
    if who == "parent":
        return clients.parent(w.parent if whose == "own" else w.other_parent)
    if who == "teacher":
        return clients.staff(w.teacher if whose == "own" else w.other_teacher)
    if who == "admin":
        return clients.staff(w.admin)
    return clients.pupil(w.pupil)


@pytest.mark.parametrize(("who", "whose"), list(MATRIX))
def test_only_the_family_her_teacher_and_the_admin_may_export(
    world, empty_clients, who, whose
) -> None:
    client = client_for(world, empty_clients, who, whose)
    on_parent, on_staff = MATRIX[(who, whose)]
    for what in PAGES:
        for url, expected in (
            (parent_url(world, what), on_parent),
            (staff_url(world, what), on_staff),
        ):
            r = client.get(url, follow_redirects=False)
            assert r.status_code == expected, (who, whose, url, r.status_code)
            if expected != 200 and whose == "other":
                assert world.pupil.first_name not in r.text


def test_every_export_is_in_the_access_log(world, empty_clients) -> None:
    store = world.app.state.rugzak.store
    parent = empty_clients.parent(world.parent)
    teacher = empty_clients.staff(world.teacher)
    assert parent.get(parent_url(world)).status_code == 200  # the page itself is no export
    assert access_log.entries(store, world.pupil.id) == []
    assert parent.get(parent_url(world, "/rugzak.zip")).status_code == 200
    assert teacher.get(staff_url(world, "/boekje.pdf")).status_code == 200
    rows = access_log.entries(store, world.pupil.id)
    assert [(r["who"], r["who_id"], r["what"]) for r in rows] == [
        ("teacher", world.teacher.id, "pdf"),
        ("parent", world.parent.id, "export"),
    ]
    # Refused downloads are not on record (and leave no row in another child's log).
    empty_clients.staff(world.other_teacher).get(staff_url(world, "/rugzak.zip"))
    assert len(access_log.entries(store, world.pupil.id)) == 2


def test_a_pdf_that_cannot_be_made_is_said_plainly_and_the_zip_offered(
    world, empty_clients, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any) -> bytes:
        raise pdf.PdfFailed("Pango went away")

    monkeypatch.setattr(pdf, "render", broken)
    parent = empty_clients.parent(world.parent)
    assert parent.post("/taal", data={"lang": "en", "terug": "/ouder"}).status_code == 200
    r = parent.get(parent_url(world, "/boekje.pdf"))
    assert r.status_code == 503 and r.headers["content-type"].startswith("text/html")
    assert "The booklet could not be made just now" in r.text
    assert f'href="{parent_url(world, "/rugzak.zip")}"' in r.text
    assert access_log.entries(world.app.state.rugzak.store, world.pupil.id) == []  # not given
