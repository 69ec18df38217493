"""Domain tests work on a Store in a temporary folder, without an app."""

from __future__ import annotations

from pathlib import Path

import pytest

from server.infra.store import Store


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "data")
