"""The command line's ``nieuw-schooljaar``, ``bewaartermijn``, ``backup`` and ``restore``
(server/cli_lifecycle.py) on the demo school."""

from __future__ import annotations

import hashlib
import shutil
from datetime import date
from pathlib import Path

import pytest

from server.infra.store import stored
from tests.test_cli import run


def folder_bytes(data_dir: Path) -> dict[str, str]:
    return {
        str(p.relative_to(data_dir)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(data_dir.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def demo_folder(tmp_path: Path, empty_demo_template) -> Path:
    template, _ = empty_demo_template
    data = tmp_path / "data"
    shutil.copytree(template, data)
    return data


def test_the_preview_changes_nothing(demo_folder: Path):
    before = folder_bytes(demo_folder)
    r = run("nieuw-schooljaar", "--data", str(demo_folder))
    assert r.returncode == 0, r.stderr
    assert "2026-2027 -> 2027-2028" in r.stdout
    assert "Groep 7 - groep 7 (was Groep 6, groep 6)" in r.stdout
    assert "  - Emma de Vries (Groep 8)" in r.stdout
    assert "nothing changed" in r.stdout
    assert folder_bytes(demo_folder) == before


def test_confirmed_it_moves_the_school_on_once(demo_folder: Path):
    args = ("nieuw-schooljaar", "--data", str(demo_folder), "--bevestig")
    if date.today() < date(2027, 6, 1):  # the demo's year is not over: a second flag
        before = folder_bytes(demo_folder)
        r = run(*args)
        assert r.returncode == 2 and "nog niet voorbij" in r.stderr
        assert folder_bytes(demo_folder) == before
        args = (*args, "--vroeg")
    r = run(*args)
    assert r.returncode == 0, r.stderr
    assert "schooljaar 2027-2028; 17 leerlingen een groep hoger / moved up, 10 van school af" in (
        r.stdout
    )
    school = stored(demo_folder / "school.json")
    assert school["meta"]["school"]["school_year"] == "2027-2028"
    assert sum(1 for p in school["pupils"].values() if p.get("left_on")) == 10
    before = folder_bytes(demo_folder)
    again = run(*args)
    assert again.returncode == 2 and "half jaar later" in again.stderr
    assert folder_bytes(demo_folder) == before


def test_backup_and_restore(demo_folder: Path, tmp_path: Path):
    target = tmp_path / "backups" / "rugzak.tar.gz"
    r = run("backup", "--data", str(demo_folder), "--to", str(target))
    assert r.returncode == 0, r.stderr
    assert "Backup klaar / done" in r.stdout
    busy = tmp_path / "bezet"
    busy.mkdir()
    (busy / "school.json").write_text("{}")
    r = run("restore", str(target), "--data", str(busy))
    assert r.returncode == 2 and "not empty" in r.stderr
    assert [p.name for p in busy.iterdir()] == ["school.json"]
    r = run("restore", str(target), "--data", str(tmp_path / "terug"))
    assert r.returncode == 0, r.stderr
    assert folder_bytes(tmp_path / "terug") == folder_bytes(demo_folder)


def test_a_backup_needs_a_school(tmp_path: Path):
    r = run("backup", "--data", str(tmp_path / "leeg"), "--to", str(tmp_path / "b.tar.gz"))
    assert r.returncode == 2 and "holds no school" in r.stderr
    assert not (tmp_path / "b.tar.gz").exists()


def test_bewaartermijn_deletes_a_child_whose_period_is_over_and_nobody_else(demo_folder: Path):
    from server.domain import school
    from server.infra.store import Store

    store = Store(demo_folder)
    with store.school.transaction() as db:
        ids = sorted(pid for c in school.classes(db) for pid in school.pupil_ids(db, c["id"]))
        gone, stays = ids[0], ids[1:]
        school.update_pupil(db, gone, left_on="2024-06-30", class_id="")
    del store  # written and durable: the command opens the folder afresh
    r = run("bewaartermijn", "--data", str(demo_folder))
    assert r.returncode == 0, r.stderr
    assert "1 leerling(en) verwijderd" in r.stdout
    with Store(demo_folder).school.transaction() as db:
        assert school.get_pupil(db, gone) is None
        assert all(school.get_pupil(db, pid) for pid in stays)
    assert not (demo_folder / "pupils" / gone).exists()
    again = run("bewaartermijn", "--data", str(demo_folder))
    assert "0 leerling(en) verwijderd" in again.stdout
