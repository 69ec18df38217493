"""Values derived from a file's data (indexes) follow every change, commit or rollback."""

from __future__ import annotations

import pytest

from server.infra.store import Database


@pytest.fixture
def database(tmp_path) -> Database:
    return Database(tmp_path / "school.json")


def test_index_finds_documents_by_field_and_follows_writes(database: Database) -> None:
    with database.transaction() as db:
        db.table("pupils").put("p1", {"class_id": "k1"})
        db.table("pupils").put("p2", {"class_id": "k2"})
        assert db.index("pupils", "class_id") == {"k1": ["p1"], "k2": ["p2"]}
        db.table("pupils").patch("p2", {"class_id": "k1"})
        assert db.index("pupils", "class_id") == {"k1": ["p1", "p2"]}
    with database.transaction() as db:
        db.table("pupils").remove_id("p1")
    with database.transaction() as db:
        assert db.index("pupils", "class_id") == {"k1": ["p2"]}


def test_a_rolled_back_change_leaves_no_trace_in_the_index(database: Database) -> None:
    with database.transaction() as db:
        db.table("pupils").put("p1", {"class_id": "k1"})
    with pytest.raises(RuntimeError), database.transaction() as db:
        db.table("pupils").put("p2", {"class_id": "k1"})
        assert db.index("pupils", "class_id") == {"k1": ["p1", "p2"]}
        raise RuntimeError("boom")
    with database.transaction() as db:
        assert db.index("pupils", "class_id") == {"k1": ["p1"]}


def test_derived_is_built_once_until_the_data_changes(database: Database) -> None:
    builds = []

    def build() -> int:
        builds.append(1)
        return len(builds)

    with database.transaction() as db:
        db.table("meta").put("x", {"v": 1})
        assert db.derived("n", build) == 1
        assert db.derived("n", build) == 1
    with database.transaction() as db:
        assert db.derived("n", build) == 1  # reading changes nothing
        db.table("meta").put("x", {"v": 2})
        assert db.derived("n", build) == 2
