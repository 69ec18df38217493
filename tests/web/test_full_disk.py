"""A full disk at school: writes are refused in Dutch (507) and change nothing; signing in,
reading and printing keep working because they write nothing; /healthz tells; everything
recovers by itself when space returns. The disk is "filled" by making fsync fail with
ENOSPC, the error a full filesystem gives to write_atomic."""

from __future__ import annotations

import errno
import hashlib
import io
import os
from dataclasses import dataclass

import pytest
from PIL import Image

from server.infra.store import DISK, atomic
from tests import factories

MSG = "Rugzak kan nu even niets bewaren: de schijf van de school is vol."


@pytest.fixture
def full_disk(monkeypatch):
    real = os.fsync

    def no_space(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    def fill() -> None:
        monkeypatch.setattr(atomic.os, "fsync", no_space)

    def free() -> None:
        monkeypatch.setattr(atomic.os, "fsync", real)

    yield fill, free
    free()
    DISK.full_since = None


@dataclass(frozen=True)
class World:
    teacher: factories.Staff
    other_teacher: factories.Staff
    pupil: factories.Pupil
    parent: factories.Adult
    other_pupil: factories.Pupil


@pytest.fixture
def world(empty_app) -> World:
    """A pupil of group 8 with a parent and a teacher; a pupil of another class."""
    store = empty_app.state.rugzak.store
    teacher, other_teacher = factories.teacher(store), factories.teacher(store)
    pupil = factories.pupil(store, factories.school_class(store, group=8, teachers=(teacher,)))
    other = factories.school_class(store, group=6, teachers=(other_teacher,))
    return World(
        teacher, other_teacher, pupil, factories.parent(store, pupil), factories.pupil(store, other)
    )


def files(settings) -> dict[str, bytes]:
    root = settings.data_dir
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def op(op_id: str, item_id: str, **extra) -> dict:
    return {"op_id": op_id, "item_id": item_id, **extra}


def test_a_full_disk_refuses_writes_and_keeps_everything_else_working(
    empty_clients, world, settings, full_disk, caplog
) -> None:
    fill, free = full_disk
    clients = empty_clients
    pupil, pid = clients.pupil(world.pupil), world.pupil.id
    create = op("op-create-disk1", "i-disk-00001", type="create", worksheet="ervaring")
    assert pupil.post("/api/sync", json={"pupil_id": pid, "ops": [create]}).status_code == 200
    teacher, parent = clients.staff(world.teacher), clients.parent(world.parent)
    assert clients.anonymous().get("/healthz").status_code == 200

    fill()
    before = files(settings)
    change = op(
        "op-set-disk0001",
        "i-disk-00001",
        type="set",
        field="wat",
        value="Op de boerderij",
        base_rev=0,
    )
    r = pupil.post("/api/sync", json={"pupil_id": pid, "ops": [change]})
    assert r.status_code == 507
    assert r.json()["error"].startswith(MSG)
    photo = io.BytesIO()
    Image.new("RGB", (64, 48), "orange").save(photo, "JPEG")
    sha = hashlib.sha256(photo.getvalue()).hexdigest()
    r = pupil.put(
        f"/api/media/{sha}", content=photo.getvalue(), headers={"content-type": "image/jpeg"}
    )
    assert r.status_code == 507 and r.json()["error"].startswith(MSG)
    r = parent.post(f"/ouder/kind/{pid}/compliment", data={"keuze": "creatief"})
    assert (
        r.status_code == 507 and MSG in r.text and r.headers["content-type"].startswith("text/html")
    )
    health = clients.anonymous().get("/healthz")
    assert health.status_code == 503
    assert health.json()["writes"] == "failing" and health.json()["free_bytes"] >= 0

    # What writes nothing keeps working: signing in (pupil, teacher, parent), reading, printing.
    other = clients.pupil(world.other_pupil)
    assert other.get("/api/mij").status_code == 200
    assert pupil.get("/api/mij").status_code == 200
    assert pupil.get(f"/print/leerling/{pid}/boekje").status_code == 200
    assert clients.staff(world.other_teacher).get("/leraar").status_code == 200
    assert teacher.get(f"/leraar/leerling/{pid}/rugzak").status_code == 200
    # (her access log cannot grow: the view is in the server's log instead)
    assert any("access log" in r.getMessage() and pid in r.getMessage() for r in caplog.records)
    assert clients.parent(world.parent).get("/ouder").status_code == 200
    # Signing out still clears the cookies (the server-side end waits for space).
    r = other.post("/uitloggen", follow_redirects=False)
    assert r.status_code == 303 and "rugzak_sleutel" not in other.cookies
    assert files(settings) == before  # nothing changed, no temp file left

    # Space returns: the tablet sends the same change again and it is applied, once.
    free()
    r = pupil.post("/api/sync", json={"pupil_id": pid, "ops": [change]})
    assert r.json()["results"][0]["status"] == "applied"
    assert clients.anonymous().get("/healthz").status_code == 200
    r = pupil.post("/api/sync", json={"pupil_id": pid, "ops": [change]})
    assert r.json()["results"][0]["status"] == "duplicate"


def test_another_os_error_is_not_called_a_full_disk(empty_clients, world, monkeypatch) -> None:
    def broken(fd: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    pupil, pid = empty_clients.pupil(world.pupil), world.pupil.id
    monkeypatch.setattr(atomic.os, "fsync", broken)
    create = op("op-create-disk2", "i-disk-00002", type="create", worksheet="ervaring")
    from starlette.testclient import TestClient

    with TestClient(pupil.app, base_url=str(pupil.base_url), raise_server_exceptions=False) as c:
        c.cookies = pupil.cookies
        r = c.post("/api/sync", json={"pupil_id": pid, "ops": [create]})
    assert r.status_code == 500
    assert "schijf" not in r.text
    assert not DISK.full
