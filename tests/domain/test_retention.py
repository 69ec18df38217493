"""Retention: a child who left is deleted when the school's period is over, once, after a
notice to her adults 30 days before; children still at school are never touched. The clock
is passed in."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest

from server.domain import deletion, retention, school
from server.domain.errors import Invalid
from server.infra.store import Store
from server.worksheets import Catalog
from tests import factories

TODAY = date(2027, 9, 1)


def folder_hash(store: Store, pupil_id: str) -> str:
    digest = hashlib.sha256()
    for p in sorted(store.pupil_folder(pupil_id).rglob("*")):
        if p.is_file():
            digest.update(str(p).encode() + p.read_bytes())
    return digest.hexdigest()


def left(store: Store, pupil: factories.Pupil, on: str) -> None:
    with store.school.transaction() as db:
        school.update_pupil(db, pupil.id, left_on=on)


@pytest.fixture
def world(store: Store, catalog: Catalog):
    cls = factories.school_class(store, group=8)
    kids = {k: factories.pupil(store, cls) for k in ("due", "soon", "later", "school", "future")}
    for kid in kids.values():
        factories.parent(store, kid)
        factories.item(store, catalog, kid.id, "ervaring", {"wat": "Ministage bij de bakker"})
    left(store, kids["due"], "2026-07-10")  # 12 months over on 2027-07-10
    left(store, kids["soon"], "2026-09-20")  # due 2027-09-20: inside the 30 days
    left(store, kids["later"], "2027-07-08")  # due 2028-07-08
    left(store, kids["future"], "2027-12-20")  # leaves later: still at school
    # kids["school"] has no left_on: still at school
    english = kids["soon"]
    with store.school.transaction() as db:
        for adult_id in school.linked_adults(db, [english.id]):
            db.table("adults").patch(adult_id, {"language": "en"})
    return kids


class Outbox(list):
    def __call__(self, adults, event, title, body, url) -> None:
        self.append((tuple(adults), event, title, body, url))


def test_a_round_deletes_who_is_due_tells_who_is_close_and_touches_nobody_else(
    store: Store, world
) -> None:
    untouched = {k: folder_hash(store, world[k].id) for k in ("later", "school", "future")}
    outbox = Outbox()

    report = retention.run(store, TODAY, outbox)

    assert (report.deleted, report.noticed) == (1, 1)
    with store.school.transaction() as db:
        assert school.get_pupil(db, world["due"].id) is None
        soon = school.get_pupil(db, world["soon"].id)
        for k in ("later", "school", "future"):
            assert school.get_pupil(db, world[k].id) is not None
    assert not store.pupil_folder(world["due"].id).exists()
    assert soon[retention.NOTICED] == TODAY.isoformat()
    [(adults, event, title, body, url)] = outbox
    with store.school.transaction() as db:
        assert list(adults) == school.linked_adults(db, [world["soon"].id])
    assert event == retention.EVENT and url == "/ouder"
    first = world["soon"].first_name
    assert title == f"{first}'s Rugzak will be deleted"  # her adult reads English
    assert "20 September 2027" in body and body.startswith("Rugzak keeps")
    assert {k: folder_hash(store, world[k].id) for k in untouched} == untouched
    assert [r["why"] for r in deletion.done(store)] == ["bewaartermijn"]


def test_a_second_round_does_nothing_twice(store: Store, world) -> None:
    outbox = Outbox()
    retention.run(store, TODAY, outbox)
    again = retention.run(store, TODAY, outbox)
    assert (again.deleted, again.noticed) == (0, 0)
    assert len(outbox) == 1 and len(deletion.done(store)) == 1


def test_years_later_only_those_who_left_are_gone(store: Store, world) -> None:
    retention.run(store, TODAY, Outbox())
    retention.run(store, date(2030, 1, 1), Outbox())
    with store.school.transaction() as db:
        gone = [k for k, kid in world.items() if school.get_pupil(db, kid.id) is None]
    assert sorted(gone) == ["due", "future", "later", "soon"]  # "future" left in 2027-12
    assert len(deletion.done(store)) == 4
    assert store.pupil_folder(world["school"].id).exists()


def test_the_school_sets_the_period(store: Store, world) -> None:
    assert retention.set_months(store.school, "1") == 1
    outbox = Outbox()
    retention.run(store, TODAY, outbox)
    with store.school.transaction() as db:
        assert school.get_pupil(db, world["later"].id) is None  # left 2027-07-08, 1 month
        assert school.get_pupil(db, world["soon"].id) is None
        assert school.get_pupil(db, world["future"].id) is not None
    for bad in ("0", "121", "twaalf", ""):
        with pytest.raises(Invalid):
            retention.set_months(store.school, bad)


def test_without_a_sender_no_notice_is_claimed(store: Store, world) -> None:
    """The command line deletes what is due; the server's round still sends the notice."""
    report = retention.run(store, TODAY)
    assert (report.deleted, report.noticed) == (1, 0)
    outbox = Outbox()
    assert retention.run(store, TODAY, outbox).noticed == 1 and len(outbox) == 1


def test_the_daily_loop_resumes_and_runs(store: Store, world) -> None:
    import asyncio
    from concurrent.futures import ThreadPoolExecutor
    from types import SimpleNamespace

    app = SimpleNamespace(state=SimpleNamespace(rugzak=SimpleNamespace(store=store)))

    async def one_round() -> None:
        task = asyncio.create_task(retention.retention_loop(app, today=lambda: TODAY))
        while store.pupil_folder(world["due"].id).exists():
            await asyncio.sleep(0.01)  # (polls the condition; the round runs in a thread)
        task.cancel()

    # Its own thread and event loop: a browser test's loop may still own this thread.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(lambda: asyncio.run(asyncio.wait_for(one_round(), timeout=20))).result()
    assert len(deletion.done(store)) == 1


def test_schedule_and_months() -> None:
    assert retention.add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert retention.add_months(date(2026, 7, 10), 12) == date(2027, 7, 10)
    assert retention.add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)


def test_start_up_finishes_a_deletion_then_runs(store: Store, world, monkeypatch) -> None:
    def crash(*_: object) -> None:
        raise OSError("power cut")

    monkeypatch.setattr(Store, "remove_pupil", crash)
    with pytest.raises(OSError):
        retention.run(store, TODAY, Outbox())
    monkeypatch.undo()
    restarted = Store(Path(store.data_dir))
    retention.start_up(restarted, TODAY, Outbox())
    assert not restarted.pupil_folder(world["due"].id).exists()
    assert len(deletion.done(restarted)) == 1
