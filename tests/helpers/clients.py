"""Signed-in TestClients: for the demo school's people (by name) or for people made with
tests/factories.py (by the object it returned)."""

from __future__ import annotations

from starlette.testclient import TestClient

from server.demo import PARENT_PASSWORD, PUPIL_PIN, STAFF, DemoLogins
from server.domain import school
from tests.factories import Adult, Pupil, Staff

BASE = "http://testserver"


class Clients:
    """Makes a fresh TestClient, anonymous or signed in as a given person."""

    def __init__(self, app, demo: DemoLogins | None = None) -> None:
        self.app, self.demo = app, demo
        self._open: list[TestClient] = []

    def anonymous(self) -> TestClient:
        c = TestClient(self.app, base_url=BASE)
        c.__enter__()
        self._open.append(c)
        return c

    def pupil(self, who: str | Pupil) -> TestClient:
        """A demo pupil by full name ("Emma de Vries"), or a factory-made pupil."""
        if isinstance(who, Pupil):
            pupil_id, pin = who.id, who.pin
        else:
            assert self.demo is not None, "a pupil by name needs the demo school"
            pupil_id, pin = self.demo.pupil_ids[who], PUPIL_PIN
        c = self.anonymous()
        code = self.class_code_of(pupil_id)
        r = c.post(f"/klas/{code}/{pupil_id}", data={"pin": pin}, follow_redirects=False)
        assert r.status_code == 303, r.text
        return c

    def staff(self, who: str | Staff) -> TestClient:
        """A demo staff member by username ("juf.sanne"), or a factory-made one."""
        if isinstance(who, Staff):
            username, password = who.username, who.password
        else:
            username = who
            password = next(pw for _, user, _, pw in STAFF if user == username)
        c = self.anonymous()
        r = c.post(
            "/inloggen/medewerker",
            data={"username": username, "password": password},
            follow_redirects=False,
        )
        assert r.status_code == 303, r.text
        return c

    def parent(self, who: str | Adult) -> TestClient:
        """A demo parent by username ("moeder.emma"), or a factory-made adult."""
        username, password = (
            (who.username, who.password) if isinstance(who, Adult) else (who, PARENT_PASSWORD)
        )
        c = self.anonymous()
        r = c.post(
            "/inloggen/ouder",
            data={"username": username, "password": password},
            follow_redirects=False,
        )
        assert r.status_code == 303, r.text
        return c

    def class_code_of(self, pupil_id: str) -> str:
        store = self.app.state.rugzak.store
        with store.school.transaction() as db:
            pupil = school.get_pupil(db, pupil_id)
            return school.get_class(db, pupil["class_id"])["code"]

    def close(self) -> None:
        for c in self._open:
            c.__exit__(None, None, None)
