"""Fixtures: an app on a temporary data folder with the demo school, and signed-in clients.

Every app of a run shares one loaded worksheet catalogue and one sealing key (``make_app``):
loading the catalogue and reading or making an RSA key cost ~100 ms per app otherwise.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from server.app import create_app
from server.demo import PARENT_PASSWORD, PUPIL_PIN, STAFF, DemoLogins, create_demo
from server.domain import school
from server.infra.sealing import Sealer
from server.infra.settings import Settings
from server.infra.store import Store
from server.worksheets import Catalog, load_catalog

ROOT = Path(__file__).resolve().parent.parent

FAST_HASH = 2**4  # scrypt cost for tests only: the real cost makes the suite slow
BASE = "http://testserver"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        data_dir=tmp_path / "data", secret_key="test-secret", hash_cost=FAST_HASH, base_url=BASE
    )


def _template(factory: pytest.TempPathFactory, portfolios: bool) -> tuple[Path, DemoLogins]:
    folder = factory.mktemp("demo-template") / "data"
    return folder, create_demo(Store(folder), hash_cost=FAST_HASH, portfolios=portfolios)


@pytest.fixture(scope="session")
def empty_demo_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, DemoLogins]:
    """The demo school's classes and people, portfolios still empty: built once per run."""
    return _template(tmp_path_factory, portfolios=False)


@pytest.fixture(scope="session")
def full_demo_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, DemoLogins]:
    """The demo school with three years of work and photos: built once per run."""
    return _template(tmp_path_factory, portfolios=True)


@pytest.fixture
def demo(settings: Settings, empty_demo_template: tuple[Path, DemoLogins]) -> DemoLogins:
    """A fresh copy of the demo school (empty portfolios) for each test."""
    shutil.copytree(empty_demo_template[0], settings.data_dir)
    return empty_demo_template[1]


@pytest.fixture
def full_demo(settings: Settings, full_demo_template: tuple[Path, DemoLogins]) -> DemoLogins:
    """A fresh copy of the demo school with its portfolios, for tests of the demo itself."""
    shutil.copytree(full_demo_template[0], settings.data_dir)
    return full_demo_template[1]


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    """The worksheet catalogue, loaded once per run (it is immutable)."""
    return load_catalog()


@pytest.fixture(scope="session")
def sealer(tmp_path_factory: pytest.TempPathFactory) -> Sealer:
    """One sealing key for every app of the run."""
    return Sealer(tmp_path_factory.mktemp("seal") / "seal-key.pem")


@pytest.fixture
def make_app(catalog: Catalog, sealer: Sealer) -> Callable[[Settings], Starlette]:
    """``create_app`` with the run's catalogue and sealing key."""

    def make(settings: Settings) -> Starlette:
        return create_app(settings, catalog=catalog, sealer=sealer)

    return make


@pytest.fixture
def app(settings: Settings, demo: DemoLogins, make_app) -> Starlette:
    return make_app(settings)


@pytest.fixture
def client(app) -> Iterator[TestClient]:
    with TestClient(app, base_url=BASE) as c:
        yield c


class Clients:
    """Makes a fresh TestClient signed in as a given demo person."""

    def __init__(self, app, demo: DemoLogins) -> None:
        self.app, self.demo = app, demo
        self._open: list[TestClient] = []

    def anonymous(self) -> TestClient:
        c = TestClient(self.app, base_url=BASE)
        c.__enter__()
        self._open.append(c)
        return c

    def pupil(self, name: str) -> TestClient:
        c = self.anonymous()
        pupil_id = self.demo.pupil_ids[name]
        code = self.class_code_of(pupil_id)
        r = c.post(f"/klas/{code}/{pupil_id}", data={"pin": PUPIL_PIN}, follow_redirects=False)
        assert r.status_code == 303, r.text
        return c

    def staff(self, username: str) -> TestClient:
        c = self.anonymous()
        password = next(
            pw for _, user, pw in ((r, u, p) for r, u, _, p in STAFF) if user == username
        )
        r = c.post(
            "/inloggen/medewerker",
            data={"username": username, "password": password},
            follow_redirects=False,
        )
        assert r.status_code == 303, r.text
        return c

    def parent(self, username: str) -> TestClient:
        c = self.anonymous()
        r = c.post(
            "/inloggen/ouder",
            data={"username": username, "password": PARENT_PASSWORD},
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


@pytest.fixture
def clients(app, demo: DemoLogins) -> Iterator[Clients]:
    made = Clients(app, demo)
    yield made
    made.close()
