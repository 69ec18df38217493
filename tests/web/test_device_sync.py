"""Delivery of work a pupil left on a shared tablet: chains of changes, device grants and
sealed envelopes (what the browser's WebCrypto produces, made here with cryptography)."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from PIL import Image

from server.infra.sealing import OAEP
from server.infra.store import stored as read_stored
from tests import factories

# No demo school here: a class of group 8 with two pupils, built with tests/factories.py.


@pytest.fixture
def app(empty_app):
    return empty_app


@pytest.fixture
def clients(empty_clients):
    return empty_clients


@pytest.fixture
def group_8(app) -> factories.Class:
    return factories.school_class(app.state.rugzak.store, group=8)


@pytest.fixture
def me(app, group_8) -> factories.Pupil:
    return factories.pupil(app.state.rugzak.store, group_8)


@pytest.fixture
def other(app, group_8) -> factories.Pupil:
    return factories.pupil(app.state.rugzak.store, group_8)


def seal(app, data: bytes) -> dict[str, str]:
    """Seal like pwa/js/local.js: AES-GCM with a fresh key, wrapped with RSA-OAEP-256."""
    spki = base64.b64decode(app.state.rugzak.sealer.public_spki)
    public = serialization.load_der_public_key(spki)
    key, iv = os.urandom(32), os.urandom(12)
    return {
        "k": base64.b64encode(public.encrypt(key, OAEP)).decode(),
        "iv": base64.b64encode(iv).decode(),
        "c": base64.b64encode(AESGCM(key).encrypt(iv, data, None)).decode(),
    }


def grant_for(client) -> str:
    r = client.post("/api/apparaat", headers={"x-rugzak-device": "d_test"})
    assert r.status_code == 200
    return r.json()["grant"]


def stored_item(settings, pupil_id: str, item_id: str) -> dict:
    path = settings.data_dir / "pupils" / pupil_id / "portfolio.json"
    return read_stored(path)["items"][item_id]


def test_a_chain_of_changes_in_one_batch_builds_on_itself(clients, me, settings) -> None:
    pupil = clients.pupil(me)
    pid = me.id
    ops = [
        {
            "op_id": "op-create-01",
            "type": "create",
            "item_id": "i-chain-001",
            "worksheet": "ervaring",
        },
        {
            "op_id": "op-set-00001",
            "type": "set",
            "item_id": "i-chain-001",
            "field": "wat",
            "value": "eerst",
            "base_rev": 0,
        },
        {
            "op_id": "op-set-00002",
            "type": "set",
            "item_id": "i-chain-001",
            "field": "wat",
            "value": "daarna",
            "base_rev": None,
            "after": "op-set-00001",
        },
    ]
    results = pupil.post("/api/sync", json={"pupil_id": pid, "ops": ops}).json()["results"]
    assert [r["status"] for r in results] == ["applied", "applied", "applied"]
    assert stored_item(settings, pid, "i-chain-001")["values"]["wat"] == "daarna"


def test_a_change_after_one_not_yet_arrived_waits_and_is_not_remembered(clients, me) -> None:
    pupil = clients.pupil(me)
    pid = me.id
    create = {
        "op_id": "op-create-02",
        "type": "create",
        "item_id": "i-chain-002",
        "worksheet": "ervaring",
    }
    waiting = {
        "op_id": "op-set-00003",
        "type": "set",
        "item_id": "i-chain-002",
        "field": "wat",
        "value": "later",
        "base_rev": None,
        "after": "op-never-sent",
    }
    (c, w) = pupil.post("/api/sync", json={"pupil_id": pid, "ops": [create, waiting]}).json()[
        "results"
    ]
    assert c["status"] == "applied" and w["status"] == "refused"
    assert "wacht" in w["reason"]
    first = {
        "op_id": "op-never-sent",
        "type": "set",
        "item_id": "i-chain-002",
        "field": "wat",
        "value": "eerst",
        "base_rev": 0,
    }
    results = pupil.post("/api/sync", json={"pupil_id": pid, "ops": [first, waiting]}).json()
    assert [r["status"] for r in results["results"]] == ["applied", "applied"]


def test_after_a_conflict_the_follow_up_is_a_conflict_copy_too(clients, me, settings) -> None:
    pupil = clients.pupil(me)
    pid = me.id

    def send(*ops):
        return pupil.post("/api/sync", json={"pupil_id": pid, "ops": list(ops)}).json()["results"]

    send(
        {
            "op_id": "op-create-03",
            "type": "create",
            "item_id": "i-chain-003",
            "worksheet": "ervaring",
        },
        {
            "op_id": "op-tablet-1a",
            "type": "set",
            "item_id": "i-chain-003",
            "field": "wat",
            "value": "tablet 1",
            "base_rev": 0,
        },
    )
    stale = {
        "op_id": "op-tablet-2a",
        "type": "set",
        "item_id": "i-chain-003",
        "field": "wat",
        "value": "tablet 2",
        "base_rev": 0,
    }
    follow = {
        "op_id": "op-tablet-2b",
        "type": "set",
        "item_id": "i-chain-003",
        "field": "wat",
        "value": "tablet 2, verbeterd",
        "base_rev": None,
        "after": "op-tablet-2a",
    }
    assert [r["status"] for r in send(stale, follow)] == ["conflict", "conflict"]
    assert stored_item(settings, pid, "i-chain-003")["values"]["wat"] == "tablet 1"


def test_a_grant_delivers_sealed_work_after_the_pupil_signed_out(
    clients, me, settings, app
) -> None:
    pupil = clients.pupil(me)
    pid = me.id
    grant = grant_for(pupil)
    pupil.post("/uitloggen")
    op = {
        "op_id": "op-sealed-01",
        "type": "create",
        "item_id": "i-sealed-01",
        "worksheet": "ervaring",
    }
    sealed = [{"op_id": op["op_id"], "sealed": seal(app, json.dumps(op).encode())}]
    tablet = clients.anonymous()  # another pupil may be signed in: the grant decides
    r = tablet.post(
        "/api/sync",
        json={"pupil_id": pid, "ops": sealed},
        headers={"authorization": "Bearer " + grant},
    )
    assert r.json()["results"][0]["status"] == "applied"
    assert stored_item(settings, pid, "i-sealed-01")["worksheet"] == "ervaring"


def test_a_grant_cannot_deliver_for_another_pupil(clients, me, other, app) -> None:
    grant = grant_for(clients.pupil(me))
    other = other.id
    r = clients.anonymous().post(
        "/api/sync",
        json={
            "pupil_id": other,
            "ops": [
                {
                    "op_id": "op-other-01",
                    "type": "create",
                    "item_id": "i-other-001",
                    "worksheet": "ervaring",
                }
            ],
        },
        headers={"authorization": "Bearer " + grant},
    )
    assert r.json()["results"][0]["status"] == "refused"
    assert not (app.state.rugzak.store.pupil_folder(other) / "portfolio.json").exists()


def test_a_forged_grant_or_damaged_envelope_is_refused(clients, me, app, settings) -> None:
    pid = me.id
    anon = clients.anonymous()
    r = anon.post(
        "/api/sync",
        json={"pupil_id": pid, "ops": []},
        headers={"authorization": "Bearer nep.token.hier"},
    )
    assert r.status_code == 401
    grant = grant_for(clients.pupil(me))
    envelope = seal(app, b'{"op_id": "op-damaged-1"}')
    envelope["c"] = base64.b64encode(b"kapot" * 10).decode()
    r = anon.post(
        "/api/sync",
        json={"pupil_id": pid, "ops": [{"op_id": "op-damaged-1", "sealed": envelope}]},
        headers={"authorization": "Bearer " + grant},
    )
    (result,) = r.json()["results"]
    assert result["status"] == "refused" and result["op_id"] == "op-damaged-1"


def test_a_sealed_photo_arrives_re_encoded(clients, me, app, settings) -> None:
    pid = me.id
    grant = grant_for(clients.pupil(me))
    buf = io.BytesIO()
    Image.new("RGB", (640, 480), (10, 120, 200)).save(buf, "JPEG")
    photo = buf.getvalue()
    media_id = hashlib.sha256(photo).hexdigest()
    env = seal(app, photo)
    r = clients.anonymous().put(
        f"/api/media/{media_id}",
        content=base64.b64decode(env["c"]),
        headers={"authorization": "Bearer " + grant, "x-rugzak-seal": env["k"] + "." + env["iv"]},
    )
    assert r.status_code == 201
    media = settings.data_dir / "pupils" / pid / "media"
    assert (media / f"{media_id}.display.webp").exists()
