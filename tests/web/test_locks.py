"""No school-wide lock is held while one pupil's file is read: a slow or busy pupil file
must never make the rest of the school wait (issue 11)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from server.infra.store import Database

EMMA = "Emma de Vries"


@pytest.fixture
def school_lock_while_reading_pupils(monkeypatch, app) -> list[str]:
    """Every pupil-file transaction checks, from another thread, whether the school file's
    lock can be taken at that moment; the paths where it could not are listed."""
    school_file = app.state.rugzak.store.school
    blocked: list[str] = []
    real = Database.transaction

    def free_elsewhere() -> bool:
        got: list[bool] = []

        def probe() -> None:
            got.append(school_file.lock.acquire(blocking=False))
            if got[0]:
                school_file.lock.release()

        t = threading.Thread(target=probe)
        t.start()
        t.join()
        return got[0]

    @contextmanager
    def checked(self: Database) -> Iterator:
        if self.path.parent.parent.name == "pupils" and not free_elsewhere():
            blocked.append(str(self.path))
        with real(self) as db:
            yield db

    monkeypatch.setattr(Database, "transaction", checked)
    return blocked


def test_pages_read_a_pupils_file_without_holding_the_school_file(
    clients, demo, school_lock_while_reading_pupils
) -> None:
    emma = demo.pupil_ids[EMMA]
    teacher, parent, pupil = (
        clients.staff("meester.youssef"),
        clients.parent("moeder.emma"),
        clients.pupil(EMMA),
    )
    for client, path in [
        (teacher, f"/leraar/leerling/{emma}/rugzak"),
        (teacher, f"/leraar/leerling/{emma}/rugzak"),  # kept: the second read is the fast one
        (parent, f"/ouder/kind/{emma}"),
        (parent, f"/ouder/kind/{emma}"),
        (parent, "/ouder"),
        (pupil, "/api/mij"),
        (pupil, "/leerling"),
    ]:
        assert client.get(path).status_code == 200, path
    assert school_lock_while_reading_pupils == []
