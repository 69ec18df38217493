"""Deleting one child: afterwards no file under the data folder holds her id or name
(journals, logs and snapshots included), every other child's files are byte-identical, and
a crash midway leaves a deletion that start-up finishes."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from server.demo import DemoLogins
from server.domain import deletion, school, shortlist, subscriptions
from server.domain.errors import Invalid, NotFound
from server.infra.settings import Settings
from server.infra.store import Store, atomic, stored

TARGET = "Amir Benali"  # six photos, a full portfolio
SIBLING = "Fenna Mulder"  # one of Amir's adults is linked to her too: that adult stays


def hashes(data_dir: Path) -> dict[str, str]:
    return {
        str(p.relative_to(data_dir)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(data_dir.rglob("*"))
        if p.is_file()
    }


def traces(data_dir: Path, *needles: str) -> list[str]:
    """Every file (any kind: snapshots, journals, logs, photos) whose bytes hold a needle."""
    found = []
    for p in sorted(data_dir.rglob("*")):
        if p.is_file():
            raw = p.read_bytes()
            found += [f"{p.relative_to(data_dir)}: {n}" for n in needles if n.encode() in raw]
    return found


def _sub(person_id: str, n: int) -> dict:
    return {
        "person_id": person_id,
        "role": "parent",
        "endpoint": f"https://push.example/{n}",
        "keys": {"p256dh": "k", "auth": "a"},
        "events": ["gedeeld"],
        "created_at": "2026-11-01T10:00:00+00:00",
    }


def world(store: Store, demo: DemoLogins) -> tuple[str, str, str, str]:
    """The target's rows in every table that can name a child; returns her id, the adult
    who goes with her, the adult who stays (linked to a sibling) and the sibling's id."""
    pid, sib = demo.pupil_ids[TARGET], demo.pupil_ids[SIBLING]
    with store.school.transaction() as db:
        links = school.links(db, pupil_id=pid)
        gone = links[0]["adult_id"]
        kept = school.create_adult(db, "Oom Karim", "oom.karim", "x")
        school.link(db, kept, pid, "anders")
        school.link(db, kept, sib, "anders")
        school.create_invitation(db, pid, "s_000000000000", 14, "vader")
        subs = db.table(subscriptions.TABLE)
        subs.put("w_000000000001", _sub(gone, 1))
        subs.put("w_000000000002", _sub(kept, 2))
        subs.put("w_000000000003", {**_sub(pid, 3), "role": "pupil"})
        db.table("conversations").put(
            "c_000000000001",
            {"pupil_id": pid, "kind": "ouder", "at": "2027-01-10T15:00", "place": "lokaal 3"},
        )
        db.table("rounds").put(
            "r_000000000001",
            {"class_id": "k_x", "invited": [pid, sib], "slots": {"1": {"pupil_id": pid}, "2": {}}},
        )
        db.table("bookings").put(
            "r_000000000001|1", {"round_id": "r_000000000001", "slot": "1", "pupil_id": pid}
        )
        db.table("bookings").put(
            "r_000000000001|2", {"round_id": "r_000000000001", "slot": "2", "pupil_id": sib}
        )
        db.table("waiting").put(f"r_000000000001|{pid}", {"round_id": "r_000000000001"})
        db.table("handovers").put("h_000000000001", {"pupil_id": pid, "code_hash": "abc"})
    day = {"code": "99AH00", "name": "Erasmiaans"}
    shortlist.plan_visit(store.school, pid, day, "2027-01-20", "10:00", gone)
    return pid, gone, kept, sib


@pytest.fixture
def data(settings: Settings, full_demo: DemoLogins) -> tuple[Store, DemoLogins]:
    return Store(settings.data_dir), full_demo


def test_deleting_a_child_leaves_no_file_with_her_id_or_name(data, settings) -> None:
    store, demo = data
    pid, gone, kept, sib = world(store, demo)
    with store.school.transaction() as db:
        adult_name = school.get_adult(db, gone)["name"]
    root = settings.data_dir
    assert traces(root, pid, TARGET), "the world names her before"
    before = hashes(root)
    mine = f"pupils/{pid}/"

    deletion.delete_pupil(store, pid, typed_name="  amir   BENALI ", why="beheer", by="s_1")

    assert traces(root, pid, TARGET, gone, adult_name) == []
    after = hashes(root)
    assert not [p for p in after if p.startswith(mine)]
    others = {p: h for p, h in before.items() if not p.startswith(mine) and "school." not in p}
    assert {p: after.get(p) for p in others} == others  # every other child, signins, keys
    tables = stored(root / "school.json")  # as a restart reads it
    assert pid not in tables["pupils"] and kept in tables["adults"] and gone not in tables["adults"]
    assert [b["pupil_id"] for b in tables["bookings"].values()] == [sib]
    assert tables["rounds"]["r_000000000001"]["invited"] == [sib]
    assert tables["rounds"]["r_000000000001"]["slots"] == {"2": {}}
    assert [s["person_id"] for s in tables[subscriptions.TABLE].values()] == [kept]
    assert not tables.get(deletion.PENDING)
    assert [r["why"] for r in deletion.done(store)] == ["beheer"]
    assert (root / "school.journal").read_bytes() == b""
    with pytest.raises(NotFound):
        deletion.preview(store, pid)


def test_a_wrong_name_deletes_nothing(data, settings) -> None:
    store, demo = data
    pid = demo.pupil_ids[TARGET]
    before = hashes(settings.data_dir)
    with pytest.raises(Invalid):
        deletion.delete_pupil(store, pid, typed_name="Amir", why="beheer", by="s_1")
    assert hashes(settings.data_dir) == before


def test_preview_names_what_goes_and_changes_nothing(data, settings) -> None:
    store, demo = data
    pid, *_ = world(store, demo)
    before = hashes(settings.data_dir)
    seen = deletion.preview(store, pid)
    assert seen.name == TARGET and seen.photos == 6 and seen.items > 0
    assert seen.adults_kept == ["Oom Karim"] and len(seen.adults_gone) == 1
    assert seen.conversations == 1
    assert hashes(settings.data_dir) == before


def _crash(*_: object, **__: object) -> None:
    raise OSError("the power went out")


@pytest.mark.parametrize(
    "where",
    ["folder", "journal"],
    ids=["before her folder is removed", "between snapshot and emptied journal"],
)
def test_a_crash_midway_is_finished_at_start_up(data, settings, monkeypatch, where) -> None:
    store, demo = data
    pid, *_ = world(store, demo)
    root = settings.data_dir
    if where == "folder":
        monkeypatch.setattr(Store, "remove_pupil", _crash)
    else:
        monkeypatch.setattr(atomic, "truncate_durable", _crash)
    with pytest.raises(OSError):
        deletion.delete_pupil(store, pid, typed_name=TARGET, why="beheer", by="s_1")
    assert traces(root, pid), "the crash left her traces"
    monkeypatch.undo()

    restarted = Store(root)  # what start-up sees: valid files and an intent without her name
    with restarted.school.transaction() as db:
        assert school.get_pupil(db, pid) is None  # nobody can open her pages meanwhile
        assert len(db.table(deletion.PENDING)) == 1
    assert deletion.resume(restarted) == 1
    assert traces(root, pid, TARGET) == []
    assert deletion.resume(Store(root)) == 0
    assert len(deletion.done(restarted)) == 1


def test_a_request_still_holding_her_file_cannot_write_it_back(data, settings, catalog) -> None:
    """A sync that passed its checks before the deletion and writes after it."""
    store, demo = data
    pid = demo.pupil_ids[TARGET]
    held = store.pupil(pid)
    deletion.delete_pupil(store, pid, typed_name=TARGET, why="beheer", by="s_1")
    with pytest.raises(RuntimeError), held.transaction() as db:
        db.table("items").put("i_000000000001", {"worksheet": "ervaring"})
    with pytest.raises(ValueError):
        store.pupil(pid)
    assert not store.pupil_folder(pid).exists()
    assert traces(settings.data_dir, pid) == []
