"""The pupil's device API where its user meets it: HTTP in, files on disk out.

GET /api/mij (the snapshot), POST /api/sync (batches of operations), PUT /api/media/<sha256>
(photo uploads) and GET /media/<pupil>/<photo>/<size> (the photos, for whoever may see them).
Every check reads the real portfolio and media files in the test's data folder.
"""

from __future__ import annotations

import hashlib
import json
import struct
import uuid
import zlib
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from server.domain.portfolio import MAX_BATCH
from server.infra.images import MAX_UPLOAD_BYTES
from server.infra.store import stored as read_stored
from server.web.routes.api import MAX_SYNC_BYTES

SECRET = "GeheimeTablet-1234"  # written into the upload's EXIF; must never be stored

MSG_UNREADABLE = "Deze wijzigingen konden niet gelezen worden."
MSG_OTHER_PUPIL = "Deze wijzigingen horen bij een andere leerling."
MSG_NO_SHEET = "Dit werkblad bestaat niet."
MSG_NO_ITEM = "Dit werkblad bestaat niet (meer)."
MSG_WRONG = "Dit antwoord klopt niet."
MSG_UNKNOWN_FIELD = "Dit veld bestaat niet."
MSG_TOO_LONG = "Dit antwoord is te lang (maximaal 200 tekens)."
MSG_BAD_OP_ID = "Deze wijziging heeft geen geldig nummer."
MSG_BAD_REV = "Deze wijziging heeft een ongeldige versie."
MSG_BAD_TYPE = "Dit soort wijziging bestaat niet."
MSG_NO_FIELD = "Bij deze wijziging ontbreekt het veld."
MSG_NO_ITEM_ID = "Deze wijziging hoort niet bij een werkblad."
MSG_NOT_AN_OP = "Deze wijziging klopt niet."
# Reasons for malformed operations: those are answered but never remembered.
SHAPE_REASONS = {
    MSG_BAD_OP_ID,
    MSG_BAD_REV,
    MSG_BAD_TYPE,
    MSG_NO_FIELD,
    MSG_NO_ITEM_ID,
    MSG_NOT_AN_OP,
}


# --- helpers -----------------------------------------------------------------------------------


def new_id(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex}"


def create(item_id: str, worksheet: str = "ervaring") -> dict[str, Any]:
    return {"op_id": new_id("op"), "type": "create", "item_id": item_id, "worksheet": worksheet}


def set_(item_id: str, field: str, value: Any, base_rev: int = 0) -> dict[str, Any]:
    return {
        "op_id": new_id("op"),
        "type": "set",
        "item_id": item_id,
        "field": field,
        "value": value,
        "base_rev": base_rev,
    }


def portfolio_path(settings, pupil_id: str) -> Path:
    return settings.data_dir / "pupils" / pupil_id / "portfolio.json"


def media_path(settings, pupil_id: str) -> Path:
    return settings.data_dir / "pupils" / pupil_id / "media"


def file_bytes(settings, pupil_id: str) -> bytes:
    """The pupil's file and its journal, byte for byte."""
    path = portfolio_path(settings, pupil_id)
    return b"".join(p.read_bytes() for p in (path, path.with_suffix(".journal")) if p.exists())


def on_disk(settings, pupil_id: str) -> dict[str, Any]:
    """The pupil's portfolio file as stored (TinyDB: table -> doc id -> document)."""
    return read_stored(portfolio_path(settings, pupil_id))


def disk_item(settings, pupil_id: str, item_id: str) -> dict[str, Any]:
    return on_disk(settings, pupil_id)["items"][item_id]


def pupils_work(settings, pupil_id: str) -> dict[str, Any]:
    """Everything in the file except the remembered answers to operation ids."""
    return {k: v for k, v in on_disk(settings, pupil_id).items() if k != "ops"}


def media_files(settings, pupil_id: str) -> list[str]:
    folder = media_path(settings, pupil_id)
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def sync(client, pupil_id: str, ops: list[Any]):
    r = client.post("/api/sync", json={"pupil_id": pupil_id, "ops": ops})
    assert r.status_code == 200, r.text
    assert r.headers["cache-control"] == "no-store"
    return r.json()["results"]


def assert_dutch_error(r, status: int) -> str:
    assert r.status_code == status, r.text
    message = r.json()["error"]
    assert isinstance(message, str) and message.strip()
    return message


def snapshot_item(client, item_id: str) -> dict[str, Any]:
    r = client.get("/api/mij")
    assert r.status_code == 200, r.text
    return next(i for i in r.json()["items"] if i["id"] == item_id)


# --- photos: generated here, never committed ---------------------------------------------------


def gps_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = SECRET  # Make
    exif[0x0110] = SECRET  # Model
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (52.0, 5.0, 30.0)  # GPSLatitudeRef, GPSLatitude
    gps[3], gps[4] = "E", (4.0, 53.0, 10.0)  # GPSLongitudeRef, GPSLongitude
    return exif


def photo_image(size: tuple[int, int] = (800, 600)) -> Image.Image:
    """Photo-like content (gradients plus noise) so it compresses like a real photo."""
    return Image.merge(
        "RGB",
        (
            Image.linear_gradient("L").resize(size),
            Image.radial_gradient("L").resize(size),
            Image.effect_noise(size, 40),
        ),
    )


def jpeg_with_gps(size: tuple[int, int] = (800, 600)) -> bytes:
    out = BytesIO()
    photo_image(size).save(out, "JPEG", quality=90, exif=gps_exif().tobytes())
    data = out.getvalue()
    assert SECRET.encode() in data  # the test photo really carries the metadata
    return data


def png_bomb() -> bytes:
    """A tiny PNG whose IHDR declares 20000x20000 pixels (CRC fixed, so it parses)."""
    out = BytesIO()
    Image.new("RGB", (8, 8), (0, 128, 255)).save(out, "PNG")
    png = out.getvalue()
    assert png[12:16] == b"IHDR"
    ihdr = struct.pack(">II", 20000, 20000) + png[24:29]
    crc = struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    return png[:16] + ihdr + crc + png[33:]


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def upload(client, data: bytes, media_id: str | None = None):
    return client.put(f"/api/media/{media_id or sha(data)}", content=data)


# --- fixtures ----------------------------------------------------------------------------------


@pytest.fixture
def emma_id(demo) -> str:
    return demo.pupil_ids["Emma de Vries"]


@pytest.fixture
def emma(clients):
    return clients.pupil("Emma de Vries")


@pytest.fixture
def item(emma, emma_id) -> str:
    """An `ervaring` item Emma created, with `wat` set once."""
    item_id = new_id("item")
    results = sync(emma, emma_id, [create(item_id), set_(item_id, "wat", "Voetbal")])
    assert [r["status"] for r in results] == ["applied", "applied"]
    return item_id


# --- GET /api/mij ------------------------------------------------------------------------------


def test_snapshot_before_any_work_is_empty(emma, emma_id, settings):
    r = emma.get("/api/mij")
    assert r.status_code == 200
    assert r.headers["cache-control"] == "no-store"
    assert r.json() == {
        "pupil": {"id": emma_id, "first_name": "Emma", "group": 8},
        "school_year": "2026-2027",
        "revision": 0,
        "items": [],
        "growth_svg": "",
    }


def test_snapshot_holds_items_with_values_revisions_and_conflicts(emma, emma_id):
    item_id = new_id("item")
    results = sync(
        emma,
        emma_id,
        [create(item_id), set_(item_id, "wat", "Zwemles"), set_(item_id, "waar", "Zwembad")],
    )
    assert [r["status"] for r in results] == ["applied"] * 3
    r = emma.get("/api/mij")
    assert r.status_code == 200
    assert r.headers["cache-control"] == "no-store"
    data = r.json()
    assert data["pupil"] == {"id": emma_id, "first_name": "Emma", "group": 8}
    assert data["school_year"] == "2026-2027"
    assert "last_name" not in data["pupil"] and "pin_hash" not in json.dumps(data)
    (got,) = data["items"]
    assert got["id"] == item_id
    assert got["worksheet"] == "ervaring"
    assert got["group"] == 8
    assert got["school_year"] == "2026-2027"
    assert got["created_at"] and got["updated_at"]
    assert got["values"] == {
        "_status": "bezig",
        "_shared": False,
        "_title": "",
        "wat": "Zwemles",
        "waar": "Zwembad",
    }
    assert got["revs"] == {"wat": results[1]["rev"], "waar": results[2]["rev"]}
    assert got["conflicts"] == []


def test_snapshot_for_anonymous_is_401(clients):
    r = clients.anonymous().get("/api/mij")
    assert r.status_code == 401


@pytest.mark.parametrize(
    ("role", "login", "status"),
    [
        ("parent", "moeder.emma", 404),
        ("staff", "meester.youssef", 403),
        ("staff", "juf.sanne", 403),
        ("staff", "beheer", 403),
    ],
)
def test_snapshot_is_for_pupils_only(clients, role, login, status):
    client = getattr(clients, role)(login)
    r = client.get("/api/mij")
    assert r.status_code == status
    assert "Emma" not in r.text


# --- POST /api/sync: applying, replaying ------------------------------------------------------


def test_create_and_set_are_applied_and_written_to_the_portfolio_file(emma, emma_id, settings):
    item_id = new_id("item")
    ops = [
        create(item_id),
        set_(item_id, "wat", "Ik heb een taart gebakken"),
        set_(item_id, "wanneer", "2026-10-03"),
        set_(item_id, "_title", "Bakken"),
        set_(item_id, "_status", "klaar"),
    ]
    results = sync(emma, emma_id, ops)
    assert [r["op_id"] for r in results] == [op["op_id"] for op in ops]
    assert [r["status"] for r in results] == ["applied"] * 5
    revs = [r["rev"] for r in results]
    assert all(isinstance(rev, int) and rev > 0 for rev in revs)
    assert revs == sorted(set(revs))  # one counter per pupil: strictly increasing

    stored = disk_item(settings, emma_id, item_id)
    assert stored["worksheet"] == "ervaring"
    assert stored["group"] == 8
    assert stored["school_year"] == "2026-2027"
    assert stored["created_by"] == emma_id
    assert stored["deleted"] is False
    assert stored["values"] == {
        "_status": "klaar",
        "_shared": False,
        "_title": "Bakken",
        "wat": "Ik heb een taart gebakken",
        "wanneer": "2026-10-03",
    }
    assert stored["revs"] == {
        "wat": revs[1],
        "wanneer": revs[2],
        "_title": revs[3],
        "_status": revs[4],
    }
    history = on_disk(settings, emma_id)["history"].values()
    assert {(h["field"], h["value"], h["by"], h["kind"]) for h in history} == {
        ("wat", "Ik heb een taart gebakken", emma_id, "set"),
        ("wanneer", "2026-10-03", emma_id, "set"),
        ("_title", "Bakken", emma_id, "set"),
        ("_status", "klaar", emma_id, "set"),
    }


def test_later_batches_build_on_earlier_revisions(emma, emma_id, settings, item):
    rev = disk_item(settings, emma_id, item)["revs"]["wat"]
    (result,) = sync(emma, emma_id, [set_(item, "wat", "Voetbal en hockey", base_rev=rev)])
    assert result["status"] == "applied" and result["rev"] > rev
    assert disk_item(settings, emma_id, item)["values"]["wat"] == "Voetbal en hockey"
    assert disk_item(settings, emma_id, item)["revs"]["wat"] == result["rev"]


def test_replaying_a_batch_answers_duplicate_and_changes_nothing(emma, emma_id, settings):
    item_id = new_id("item")
    ops = [
        create(item_id),
        set_(item_id, "wat", "Naar de bakker"),
        set_(item_id, "fotos", []),
        set_(item_id, "_shared", True),
    ]
    first = sync(emma, emma_id, ops)
    assert [r["status"] for r in first] == ["applied"] * 4
    before = file_bytes(settings, emma_id)

    again = sync(emma, emma_id, ops)
    assert [r["status"] for r in again] == ["duplicate"] * 4
    assert [r["op_id"] for r in again] == [op["op_id"] for op in ops]
    assert [r["rev"] for r in again] == [r["rev"] for r in first]
    assert file_bytes(settings, emma_id) == before

    # Even after a later change, the replayed answers stay the first ones.
    rev = first[1]["rev"]
    (later,) = sync(emma, emma_id, [set_(item_id, "wat", "Naar de slager", base_rev=rev)])
    assert later["status"] == "applied"
    third = sync(emma, emma_id, ops)
    assert [r["status"] for r in third] == ["duplicate"] * 4
    assert disk_item(settings, emma_id, item_id)["values"]["wat"] == "Naar de slager"


def test_creating_an_existing_item_again_keeps_its_values(emma, emma_id, settings, item):
    before = disk_item(settings, emma_id, item)
    (result,) = sync(emma, emma_id, [create(item)])  # a new op id: another tablet
    assert result["status"] == "applied"
    assert disk_item(settings, emma_id, item) == before


# --- POST /api/sync: conflicts -----------------------------------------------------------------


def make_conflict(emma, emma_id, settings, item) -> tuple[int, int]:
    """Tablet A changes `wat` from rev r1; tablet B, still at r1, sends another value."""
    r1 = disk_item(settings, emma_id, item)["revs"]["wat"]
    (a,) = sync(emma, emma_id, [set_(item, "wat", "Voetbal bij VV De Horizon", base_rev=r1)])
    assert a["status"] == "applied"
    r2 = a["rev"]
    (b,) = sync(emma, emma_id, [set_(item, "wat", "Hockey", base_rev=r1)])
    assert b["status"] == "conflict"
    assert b["rev"] == r2
    assert b["current"] == "Voetbal bij VV De Horizon"
    return r1, r2


def test_stale_base_rev_is_a_conflict_that_keeps_both_values(emma, emma_id, settings, item):
    _, r2 = make_conflict(emma, emma_id, settings, item)
    stored = disk_item(settings, emma_id, item)
    assert stored["values"]["wat"] == "Voetbal bij VV De Horizon"  # the current value stays
    assert stored["revs"]["wat"] == r2
    got = snapshot_item(emma, item)
    assert got["values"]["wat"] == "Voetbal bij VV De Horizon"
    assert got["revs"]["wat"] == r2
    assert [(c["field"], c["value"], c["rev"]) for c in got["conflicts"]] == [("wat", "Hockey", r2)]
    assert got["conflicts"][0]["at"]


def test_stale_base_rev_with_the_same_value_is_no_conflict(emma, emma_id, settings, item):
    r1 = disk_item(settings, emma_id, item)["revs"]["wat"]
    (a,) = sync(emma, emma_id, [set_(item, "wat", "Tennis", base_rev=r1)])
    (b,) = sync(emma, emma_id, [set_(item, "wat", "Tennis", base_rev=r1)])
    assert b["status"] == "applied" and b["rev"] == a["rev"]
    assert snapshot_item(emma, item)["conflicts"] == []


@pytest.mark.parametrize("choice", ["Hockey", "Voetbal bij VV De Horizon"])
def test_choosing_a_version_resolves_the_conflict(emma, emma_id, settings, item, choice):
    _, r2 = make_conflict(emma, emma_id, settings, item)
    (chosen,) = sync(emma, emma_id, [set_(item, "wat", choice, base_rev=r2)])
    assert chosen["status"] == "applied"
    assert chosen["rev"] > r2
    stored = disk_item(settings, emma_id, item)
    assert stored["values"]["wat"] == choice
    assert stored["revs"]["wat"] == chosen["rev"]
    got = snapshot_item(emma, item)
    assert got["values"]["wat"] == choice
    assert got["conflicts"] == []


def test_a_conflict_on_one_field_leaves_other_fields_alone(emma, emma_id, settings, item):
    make_conflict(emma, emma_id, settings, item)
    (res,) = sync(emma, emma_id, [set_(item, "waar", "Sportpark")])
    assert res["status"] == "applied"
    got = snapshot_item(emma, item)
    assert got["values"]["waar"] == "Sportpark"
    assert [c["field"] for c in got["conflicts"]] == ["wat"]


# --- POST /api/sync: malformed batches ---------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        b"dit is geen json",
        b"{",
        b"",
        b"\xff\xfe\xfa",  # not text at all
        b'{"ops": [}',
    ],
)
def test_sync_body_that_is_not_json_is_400(emma, emma_id, settings, body):
    r = emma.post("/api/sync", content=body, headers={"content-type": "application/json"})
    assert assert_dutch_error(r, 400) == MSG_UNREADABLE
    assert r.headers["cache-control"] == "no-store"
    assert not portfolio_path(settings, emma_id).exists()


@pytest.mark.parametrize(
    "batch",
    [
        {"pupil_id": "PUPIL"},
        {"pupil_id": "PUPIL", "ops": {"0": {}}},
        {"pupil_id": "PUPIL", "ops": "create"},
        {"pupil_id": "PUPIL", "ops": None},
        {"pupil_id": "PUPIL", "ops": 3},
        [],
        "ops",
        None,
    ],
)
def test_sync_ops_not_a_list_is_400(emma, emma_id, settings, batch):
    if isinstance(batch, dict):
        batch = {**batch, "pupil_id": emma_id}
    r = emma.post("/api/sync", json=batch)
    assert assert_dutch_error(r, 400) == MSG_UNREADABLE
    assert not portfolio_path(settings, emma_id).exists()


def test_sync_more_than_500_ops_is_413_and_nothing_applied(emma, emma_id, settings, item):
    before = file_bytes(settings, emma_id)
    ops = [set_(item, "waar", f"plek {i}") for i in range(MAX_BATCH + 1)]
    r = emma.post("/api/sync", json={"pupil_id": emma_id, "ops": ops})
    message = assert_dutch_error(r, 413)
    assert "500" in message
    assert file_bytes(settings, emma_id) == before


def test_sync_exactly_500_ops_is_accepted(emma, emma_id, settings, item):
    ops = [set_(item, "waar", f"plek {i}", base_rev=0) for i in range(MAX_BATCH)]
    results = sync(emma, emma_id, ops)
    assert len(results) == MAX_BATCH
    assert results[0]["status"] == "applied"
    assert disk_item(settings, emma_id, item)["values"]["waar"] == "plek 0"


def test_sync_body_over_2_mb_is_413_and_nothing_applied(emma, emma_id, settings, item):
    before = file_bytes(settings, emma_id)
    body = json.dumps(
        {"pupil_id": emma_id, "ops": [set_(item, "waar", "x")], "padding": "x" * MAX_SYNC_BYTES}
    ).encode()
    assert len(body) > MAX_SYNC_BYTES
    r = emma.post("/api/sync", content=body, headers={"content-type": "application/json"})
    assert_dutch_error(r, 413)
    assert file_bytes(settings, emma_id) == before


def test_sync_deeply_nested_json_is_400(emma, emma_id, settings):
    depth = 100_000
    body = b"[" * depth + b"]" * depth
    assert len(body) < MAX_SYNC_BYTES
    r = emma.post("/api/sync", content=body, headers={"content-type": "application/json"})
    assert assert_dutch_error(r, 400) == MSG_UNREADABLE
    assert not portfolio_path(settings, emma_id).exists()


# --- POST /api/sync: refused operations ---------------------------------------------------------


REFUSALS = {
    # name: (op builder given an existing item id, expected Dutch reason)
    "text field gets an int": (lambda i: set_(i, "wat", 42), MSG_WRONG),
    "text field gets a list": (lambda i: set_(i, "wat", ["a"]), MSG_WRONG),
    "text field gets null": (lambda i: set_(i, "wat", None), MSG_WRONG),
    "unknown field": (lambda i: set_(i, "bestaat-niet", "x"), MSG_UNKNOWN_FIELD),
    "field of another worksheet": (lambda i: set_(i, "kwaliteiten.1", "x"), MSG_UNKNOWN_FIELD),
    "text over max length": (lambda i: set_(i, "wat", "x" * 201), MSG_TOO_LONG),
    "bad date": (lambda i: set_(i, "wanneer", "3 oktober"), "Dit is geen goede datum."),
    "photo id not a sha256": (lambda i: set_(i, "fotos", ["foto.jpg"]), "Deze foto klopt niet."),
    "too many photos": (
        lambda i: set_(i, "fotos", [f"{n:064x}" for n in range(7)]),
        "Je mag maximaal 6 foto's toevoegen.",
    ),
    "_shared not a bool": (lambda i: set_(i, "_shared", 1), "Kies of je ouders dit mogen zien."),
    "_status unknown": (lambda i: set_(i, "_status", "af"), "Kies 'bezig' of 'klaar'."),
    "unknown worksheet in create": (
        lambda i: create(new_id("item"), worksheet="bestaat-niet"),
        MSG_NO_SHEET,
    ),
    "create without worksheet": (
        lambda i: {k: v for k, v in create(new_id("item")).items() if k != "worksheet"},
        MSG_NO_SHEET,
    ),
    "set on an unknown item": (lambda i: set_(new_id("item"), "wat", "x"), MSG_NO_ITEM),
    "missing op_id": (
        lambda i: {k: v for k, v in set_(i, "wat", "x").items() if k != "op_id"},
        MSG_BAD_OP_ID,
    ),
    "op_id not a string": (lambda i: {**set_(i, "wat", "x"), "op_id": 12345678}, MSG_BAD_OP_ID),
    "op_id too short": (lambda i: {**set_(i, "wat", "x"), "op_id": "kort"}, MSG_BAD_OP_ID),
    "bool base_rev": (lambda i: {**set_(i, "wat", "x"), "base_rev": True}, MSG_BAD_REV),
    "negative base_rev": (lambda i: set_(i, "wat", "x", base_rev=-1), MSG_BAD_REV),
    "string base_rev": (lambda i: {**set_(i, "wat", "x"), "base_rev": "1"}, MSG_BAD_REV),
    "unknown op type": (
        lambda i: {**set_(i, "wat", "x"), "type": "update"},
        MSG_BAD_TYPE,
    ),
    "set without field": (
        lambda i: {k: v for k, v in set_(i, "wat", "x").items() if k != "field"},
        MSG_NO_FIELD,
    ),
    "missing item_id": (
        lambda i: {k: v for k, v in set_(i, "wat", "x").items() if k != "item_id"},
        MSG_NO_ITEM_ID,
    ),
    "op is not an object": (lambda i: ["set", i, "wat", "x"], MSG_NOT_AN_OP),
}


@pytest.mark.parametrize("case", list(REFUSALS), ids=list(REFUSALS))
def test_invalid_op_is_refused_with_a_dutch_reason_and_no_change(
    emma, emma_id, settings, item, case
):
    build, reason = REFUSALS[case]
    op = build(item)
    work_before = pupils_work(settings, emma_id)
    bytes_before = file_bytes(settings, emma_id)

    (result,) = sync(emma, emma_id, [op])
    assert result["status"] == "refused"
    assert result["reason"] == reason
    assert "rev" not in result
    expected_op_id = op.get("op_id") if isinstance(op, dict) else None
    assert result["op_id"] == (expected_op_id if isinstance(expected_op_id, str) else "")

    # The pupil's work (items, history, revision counter) is untouched; the only thing a
    # well-formed but refused op leaves is its remembered answer, so a replay answers the same.
    assert pupils_work(settings, emma_id) == work_before
    ops_after = on_disk(settings, emma_id)["ops"]
    if reason not in SHAPE_REASONS:
        assert ops_after[result["op_id"]]["result"] == result
        (replayed,) = sync(emma, emma_id, [op])
        assert replayed == result  # a refusal stays a refusal on replay
        assert pupils_work(settings, emma_id) == work_before
    else:  # malformed ops are not remembered at all: the file is byte for byte the same
        assert file_bytes(settings, emma_id) == bytes_before
    assert snapshot_item(emma, item)["values"]["wat"] == "Voetbal"


def test_mixed_batch_applies_valid_ops_and_refuses_invalid_ones(emma, emma_id, settings):
    item_id = new_id("item")
    ops = [
        create(item_id),
        set_(item_id, "wat", 7),  # wrong type
        set_(item_id, "wat", "Museumbezoek"),
        set_(item_id, "bestaat-niet", "x"),  # unknown field
        create(new_id("item"), worksheet="geen-werkblad"),  # unknown worksheet
        set_(item_id, "waar", "Amsterdam"),
        {**set_(item_id, "waar", "Rotterdam"), "base_rev": False},  # bool as base_rev
        set_(item_id, "wie-helpt", "y" * 500),  # too long
        set_(item_id, "leuk", "De schilderijen.\nEn het café."),  # longtext keeps newlines
    ]
    results = sync(emma, emma_id, ops)
    assert len(results) == len(ops)
    assert [r["status"] for r in results] == [
        "applied",
        "refused",
        "applied",
        "refused",
        "refused",
        "applied",
        "refused",
        "refused",
        "applied",
    ]
    for r in results:
        if r["status"] == "refused":
            assert isinstance(r["reason"], str) and r["reason"]
    stored = disk_item(settings, emma_id, item_id)
    assert stored["values"] == {
        "_status": "bezig",
        "_shared": False,
        "_title": "",
        "wat": "Museumbezoek",
        "waar": "Amsterdam",
        "leuk": "De schilderijen.\nEn het café.",
    }
    assert list(on_disk(settings, emma_id)["items"]) == [item_id]


def test_deleted_item_refuses_further_changes(emma, emma_id, settings, item):
    (deleted,) = sync(emma, emma_id, [{"op_id": new_id("op"), "type": "delete", "item_id": item}])
    assert deleted["status"] == "applied"
    assert disk_item(settings, emma_id, item)["deleted"] is True
    (res,) = sync(emma, emma_id, [set_(item, "wat", "Toch wel")])
    assert res["status"] == "refused" and res["reason"] == MSG_NO_ITEM
    assert disk_item(settings, emma_id, item)["values"]["wat"] == "Voetbal"
    r = emma.get("/api/mij")
    assert [i["id"] for i in r.json()["items"]] == []


def test_create_with_a_non_string_worksheet_is_refused(emma, emma_id, settings, item):
    before = file_bytes(settings, emma_id)
    op = {**create(new_id("item")), "worksheet": ["ervaring"]}
    good = set_(item, "waar", "Sportpark")
    results = sync(emma, emma_id, [op, good])
    assert results[0]["status"] == "refused" and results[0]["reason"] == MSG_NO_SHEET
    assert results[1]["status"] == "applied"
    assert file_bytes(settings, emma_id) != before


# --- POST /api/sync: whose batch ---------------------------------------------------------------


@pytest.mark.parametrize("other", ["Amir Benali", "Noor Bakker", None])
def test_batch_for_another_pupil_is_refused_entirely(clients, demo, settings, emma, item, other):
    emma_id = demo.pupil_ids["Emma de Vries"]
    other_id = demo.pupil_ids[other] if other else None
    if other_id:  # the other pupil has work of their own
        other_client = clients.pupil(other)
        sync(other_client, other_id, [create(new_id("item"))])
        other_before = file_bytes(settings, other_id)
    emma_before = file_bytes(settings, emma_id)

    new_item = new_id("item")
    ops = [create(new_item), set_(new_item, "wat", "Overgenomen"), set_(item, "wat", "Weg")]
    batch: dict[str, Any] = {"ops": ops}
    if other_id:
        batch["pupil_id"] = other_id
    r = emma.post("/api/sync", json=batch)
    assert r.status_code == 200
    results = r.json()["results"]
    assert [x["op_id"] for x in results] == [op["op_id"] for op in ops]
    assert all(x["status"] == "refused" for x in results)
    assert all(x["reason"] == MSG_OTHER_PUPIL for x in results)

    assert file_bytes(settings, emma_id) == emma_before
    if other_id:
        assert file_bytes(settings, other_id) == other_before
        assert new_item not in on_disk(settings, other_id)["items"]
    # The same op ids still work for the right pupil afterwards: they were not remembered.
    assert [x["status"] for x in sync(emma, emma_id, ops[:2])] == ["applied", "applied"]


def test_batch_for_another_pupil_with_odd_op_ids_is_still_answered(emma, demo, settings):
    body = b'{"pupil_id": "%s", "ops": [{"op_id": NaN}]}' % demo.pupil_ids["Amir Benali"].encode()
    r = emma.post("/api/sync", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 200
    assert r.json()["results"] == [
        {"op_id": "", "status": "refused", "reason": MSG_OTHER_PUPIL, "code": "other-pupil"}
    ]


@pytest.mark.parametrize(
    ("role", "login", "status"),
    [
        ("parent", "moeder.emma", 404),
        ("staff", "meester.youssef", 403),
        ("staff", "juf.sanne", 403),
        ("staff", "beheer", 403),
    ],
)
def test_only_pupils_may_sync(clients, demo, settings, emma, item, role, login, status):
    emma_id = demo.pupil_ids["Emma de Vries"]
    before = file_bytes(settings, emma_id)
    client = getattr(clients, role)(login)
    r = client.post(
        "/api/sync", json={"pupil_id": emma_id, "ops": [set_(item, "wat", "Overschreven")]}
    )
    assert r.status_code == status
    assert file_bytes(settings, emma_id) == before


def test_anonymous_sync_is_401(clients, demo, settings):
    emma_id = demo.pupil_ids["Emma de Vries"]
    r = clients.anonymous().post(
        "/api/sync", json={"pupil_id": emma_id, "ops": [create(new_id("item"))]}
    )
    assert r.status_code == 401
    assert not portfolio_path(settings, emma_id).exists()


# --- PUT /api/media/<sha256> -------------------------------------------------------------------


def assert_clean_webp(path: Path, max_side: int) -> None:
    data = path.read_bytes()
    assert data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    assert SECRET.encode() not in data
    chunks, pos = [], 12
    while pos + 8 <= len(data):
        size = struct.unpack("<I", data[pos + 4 : pos + 8])[0]
        chunks.append(data[pos : pos + 4])
        pos += 8 + size + (size & 1)
    assert set(chunks) <= {b"VP8 ", b"VP8L", b"VP8X", b"ALPH"}, chunks  # no EXIF/XMP/ICCP
    with Image.open(path) as im:
        assert im.format == "WEBP"
        assert max(im.size) <= max_side
        assert "exif" not in im.info and "xmp" not in im.info
        assert len(im.getexif()) == 0


def test_upload_stores_clean_derivatives_only(emma, emma_id, settings):
    data = jpeg_with_gps((2400, 1800))
    media_id = sha(data)
    r = upload(emma, data)
    assert r.status_code == 201, r.text
    assert r.json() == {"id": media_id}
    assert r.headers["cache-control"] == "no-store"

    assert media_files(settings, emma_id) == [
        f"{media_id}.display.webp",
        f"{media_id}.thumb.webp",
    ]
    folder = media_path(settings, emma_id)
    assert_clean_webp(folder / f"{media_id}.display.webp", 1600)
    assert_clean_webp(folder / f"{media_id}.thumb.webp", 400)
    # The original bytes are nowhere in the data folder.
    for p in settings.data_dir.rglob("*"):
        if p.is_file():
            assert SECRET.encode() not in p.read_bytes(), p


def test_uploading_the_same_photo_again_stores_no_duplicate(emma, emma_id, settings):
    data = jpeg_with_gps()
    assert upload(emma, data).status_code == 201
    files = media_files(settings, emma_id)
    contents = {n: (media_path(settings, emma_id) / n).read_bytes() for n in files}

    again = upload(emma, data)
    assert again.status_code in (200, 201)
    assert again.json() == {"id": sha(data)}
    assert media_files(settings, emma_id) == files
    assert {n: (media_path(settings, emma_id) / n).read_bytes() for n in files} == contents


def test_upload_with_the_wrong_sha256_is_422_and_stores_nothing(emma, emma_id, settings):
    data = jpeg_with_gps()
    r = upload(emma, data, media_id=sha(data + b"\0"))
    assert_dutch_error(r, 422)
    assert media_files(settings, emma_id) == []


def oversized() -> bytes:
    return b"\xff\xd8" + bytes(MAX_UPLOAD_BYTES)


def truncated_jpeg() -> bytes:
    data = jpeg_with_gps()
    return data[: len(data) // 2]


SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b'<script>alert("hoi")</script><rect width="10" height="10" fill="red"/></svg>'
)

BAD_UPLOADS = {
    "svg": (lambda: SVG, 415),
    "png bomb": (png_bomb, 422),
    "truncated jpeg": (truncated_jpeg, 422),
    "oversized": (oversized, 413),
    "text": (lambda: b"Dit is geen foto", 415),
    "empty": (lambda: b"", 415),
}


@pytest.mark.parametrize("case", list(BAD_UPLOADS), ids=list(BAD_UPLOADS))
def test_bad_upload_is_refused_kindly_and_stores_nothing(emma, emma_id, settings, case):
    build, status = BAD_UPLOADS[case]
    data = build()
    r = upload(emma, data)
    message = assert_dutch_error(r, status)
    assert 400 <= r.status_code < 500
    assert "foto" in message.lower()
    assert "Traceback" not in message and "PIL" not in message
    assert media_files(settings, emma_id) == []
    media_id = sha(data)
    assert emma.get(f"/media/{emma_id}/{media_id}/klein").status_code == 404


def test_png_bomb_really_declares_20000_by_20000():
    bomb = png_bomb()
    assert struct.unpack(">II", bomb[16:24]) == (20000, 20000)
    assert len(bomb) < 1000


@pytest.mark.parametrize("media_id", ["abc", "A" * 64, "g" * 64, "0" * 63])
def test_upload_with_an_invalid_name_is_refused(emma, emma_id, settings, media_id):
    r = emma.put(f"/api/media/{media_id}", content=jpeg_with_gps())
    assert_dutch_error(r, 404)
    assert media_files(settings, emma_id) == []


@pytest.mark.parametrize(
    ("role", "login", "status"),
    [
        ("parent", "moeder.emma", 404),
        ("staff", "meester.youssef", 403),
        ("staff", "beheer", 403),
    ],
)
def test_only_pupils_may_upload(clients, settings, demo, role, login, status):
    data = jpeg_with_gps()
    r = upload(getattr(clients, role)(login), data)
    assert r.status_code == status
    assert not list((settings.data_dir / "pupils").glob("*/media/*"))


def test_anonymous_upload_is_401(clients, settings):
    r = upload(clients.anonymous(), jpeg_with_gps())
    assert r.status_code == 401
    assert not list((settings.data_dir / "pupils").glob("*/media/*"))


# --- GET /media/<pupil_id>/<media_id>/<size> ---------------------------------------------------


@pytest.fixture
def photo_id(emma, emma_id) -> str:
    data = jpeg_with_gps()
    assert upload(emma, data).status_code == 201
    return sha(data)


def photo_url(pupil_id: str, media_id: str, size: str = "groot") -> str:
    return f"/media/{pupil_id}/{media_id}/{size}"


@pytest.mark.parametrize("size", ["klein", "groot"])
def test_pupil_sees_own_photo(emma, emma_id, settings, photo_id, size):
    r = emma.get(photo_url(emma_id, photo_id, size))
    assert r.status_code == 200
    assert r.headers["content-type"] == "image/webp"
    name = f"{photo_id}.{'thumb' if size == 'klein' else 'display'}.webp"
    assert r.content == (media_path(settings, emma_id) / name).read_bytes()


@pytest.mark.parametrize("login", ["meester.youssef", "beheer"])
def test_pupils_teacher_and_admin_see_the_photo(clients, emma_id, photo_id, login):
    r = clients.staff(login).get(photo_url(emma_id, photo_id))
    assert r.status_code == 200
    assert r.headers["content-type"] == "image/webp"


def test_teacher_of_another_class_is_refused(clients, emma_id, photo_id):
    r = clients.staff("juf.sanne").get(photo_url(emma_id, photo_id))
    assert r.status_code == 403
    assert r.headers["content-type"] != "image/webp"


@pytest.mark.parametrize("other", ["Amir Benali", "Noor Bakker"])
def test_another_pupil_gets_404(clients, emma_id, photo_id, other):
    r = clients.pupil(other).get(photo_url(emma_id, photo_id))
    assert r.status_code == 404
    assert r.headers["content-type"] != "image/webp"


def test_another_pupil_cannot_reach_the_photo_under_their_own_id(clients, demo, photo_id):
    amir_id = demo.pupil_ids["Amir Benali"]
    r = clients.pupil("Amir Benali").get(photo_url(amir_id, photo_id))
    assert r.status_code == 404


def test_anonymous_is_sent_to_sign_in(clients, emma_id, photo_id):
    r = clients.anonymous().get(photo_url(emma_id, photo_id), follow_redirects=False)
    assert r.status_code in (303, 401)
    assert r.headers.get("content-type") != "image/webp"


def test_parent_sees_the_photo_only_once_an_item_with_it_is_shared(
    clients, emma, emma_id, settings, photo_id
):
    parent = clients.parent("moeder.emma")
    other_parent = clients.parent("moeder.sophie")
    url = photo_url(emma_id, photo_id)
    assert parent.get(url).status_code == 404  # uploaded, not in any item yet

    item_id = new_id("item")
    results = sync(
        emma,
        emma_id,
        [create(item_id), set_(item_id, "wat", "Dierentuin"), set_(item_id, "fotos", [photo_id])],
    )
    assert [r["status"] for r in results] == ["applied"] * 3
    assert disk_item(settings, emma_id, item_id)["values"]["fotos"] == [photo_id]
    assert parent.get(url).status_code == 404  # in an item, not shared

    (shared,) = sync(emma, emma_id, [set_(item_id, "_shared", True)])
    assert shared["status"] == "applied"
    assert disk_item(settings, emma_id, item_id)["values"]["_shared"] is True
    for size in ("klein", "groot"):
        r = parent.get(photo_url(emma_id, photo_id, size))
        assert r.status_code == 200
        assert r.headers["content-type"] == "image/webp"
    assert other_parent.get(url).status_code == 404  # not their child

    # Taking the sharing back hides the photo again.
    (unshared,) = sync(emma, emma_id, [set_(item_id, "_shared", False, base_rev=shared["rev"])])
    assert unshared["status"] == "applied"
    assert parent.get(url).status_code == 404


def test_parent_does_not_see_an_unshared_photo_beside_a_shared_one(
    clients, emma, emma_id, photo_id
):
    other = jpeg_with_gps((640, 480))
    assert upload(emma, other).status_code == 201
    shared_item, private_item = new_id("item"), new_id("item")
    results = sync(
        emma,
        emma_id,
        [
            create(shared_item),
            set_(shared_item, "fotos", [photo_id]),
            set_(shared_item, "_shared", True),
            create(private_item),
            set_(private_item, "fotos", [sha(other)]),
        ],
    )
    assert all(r["status"] == "applied" for r in results)
    parent = clients.parent("moeder.emma")
    assert parent.get(photo_url(emma_id, photo_id)).status_code == 200
    assert parent.get(photo_url(emma_id, sha(other))).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/media/PUPIL/PHOTO/middel",
        "/media/PUPIL/abc/groot",
        "/media/PUPIL/%s/groot" % ("0" * 64),  # a valid name, never uploaded
        "/media/x_123456789abc/PHOTO/groot",
        "/media/p_000000000000/PHOTO/groot",
    ],
)
def test_unknown_photo_paths_are_404(emma, emma_id, photo_id, path):
    r = emma.get(path.replace("PUPIL", emma_id).replace("PHOTO", photo_id))
    assert r.status_code == 404
