"""Fixtures: an app on a temporary data folder with the demo school (``app``, ``clients``)
or with nothing in it (``empty_app``, ``empty_clients``: build its world with
tests/factories.py), and signed-in clients (tests/helpers/clients.py).

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
from server.demo import DemoLogins, create_demo
from server.infra.sealing import Sealer
from server.infra.settings import Settings
from server.infra.store import Store
from server.worksheets import Catalog, load_catalog
from tests import factories
from tests.factories import FAST_HASH
from tests.helpers.clients import BASE, Clients


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


@pytest.fixture
def clients(app, demo: DemoLogins) -> Iterator[Clients]:
    made = Clients(app, demo)
    yield made
    made.close()


@pytest.fixture
def empty_app(settings: Settings, make_app) -> Starlette:
    """An app on a school with a name and a year and nobody in it: build its world with
    tests/factories.py on ``empty_app.state.rugzak.store``."""
    factories.school_info(Store(settings.data_dir))
    return make_app(settings)


@pytest.fixture
def empty_clients(empty_app) -> Iterator[Clients]:
    made = Clients(empty_app)
    yield made
    made.close()
