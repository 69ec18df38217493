"""create_app (server/app.py) on its own: most tests pass the run's shared catalogue and
sealing key (tests/conftest.py ``make_app``); here the app loads both itself, as in production."""

from __future__ import annotations

import stat

from server.app import create_app
from server.infra.settings import Settings


def test_the_app_makes_its_sealing_key_once_and_keeps_it(settings: Settings, catalog) -> None:
    key = settings.data_dir / "seal-key.pem"
    first = create_app(settings)
    assert key.exists() and stat.S_IMODE(key.stat().st_mode) == 0o600
    pem = key.read_bytes()
    again = create_app(settings)  # a restart: the same key, so sealed work still opens
    assert key.read_bytes() == pem
    assert again.state.rugzak.sealer.public_spki == first.state.rugzak.sealer.public_spki
    assert set(first.state.rugzak.catalog.worksheets) == set(catalog.worksheets)


def test_shared_catalogue_and_sealer_are_used_as_given(settings: Settings, catalog, sealer):
    app = create_app(settings, catalog=catalog, sealer=sealer)
    assert app.state.rugzak.catalog is catalog and app.state.rugzak.sealer is sealer
    assert not (settings.data_dir / "seal-key.pem").exists()
