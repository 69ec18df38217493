"""The new school year (server/domain/rollover.py, rollover_form.py): a preview that changes
nothing, then groups move up, group 8 leaves, and a re-imported CSV finds everyone by number.
The admin's pages: tests/web/test_rollover_pages.py; the command: tests/test_cli_lifecycle.py."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest

from server.domain import csv_import, planning, portfolio, principal, rollover, rollover_form
from server.domain import school as school_db
from server.domain.errors import Invalid
from server.infra.store import Store, stored
from tests import factories

SUMMER = date(2027, 7, 20)  # the school year 2026-2027 is over
WINTER = date(2027, 1, 15)


def folder_bytes(data_dir: Path) -> dict[str, str]:
    return {
        str(p.relative_to(data_dir)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(data_dir.rglob("*"))
        if p.is_file()
    }


def numbered(store: Store, cls: factories.Class, number: str) -> factories.Pupil:
    pupil = factories.pupil(store, cls)
    with store.school.transaction() as db:
        school_db.update_pupil(db, pupil.id, number=number)
    return pupil


@pytest.fixture
def world(tmp_path: Path, catalog):
    store = Store(tmp_path / "data")
    t6, t7, t8 = (factories.teacher(store) for _ in range(3))
    c6 = factories.school_class(store, group=6, teachers=(t6,))
    c7 = factories.school_class(store, group=7, teachers=(t7,))
    c8 = factories.school_class(store, group=8, teachers=(t8,))
    with store.school.transaction() as db:  # names as a school writes them
        for cls, name in ((c6, "Groep 6"), (c7, "Groep 7"), (c8, "Groep 8")):
            school_db.update_class(db, cls.id, name=name)
    p6 = [numbered(store, c6, f"60{i}") for i in range(3)]
    p7 = [numbered(store, c7, f"70{i}") for i in range(2)]
    p8 = [numbered(store, c8, f"80{i}") for i in range(2)]
    parent = factories.parent(store, p8[0])
    factories.invitation(store, p8[1])  # a letter never used
    for p, group in ((p6[0], 6), (p8[0], 8)):
        ws = next(w for w in catalog.worksheets.values() if group in w.groups)
        factories.item(store, catalog, p.id, ws.id, group=group)
    with store.school.transaction() as db:  # last year's class-wide planning
        db.table(planning.ASSIGNMENTS).put(
            "a_000000000001",
            {"class_id": c6.id, "worksheet": "x", "title": "Oud", "due": "2027-03-01"},
        )
        db.table("rounds").put("r_000000000001", {"class_id": c7.id, "days": []})
        db.table("bookings").put(
            "r_000000000001|2027-03-02T14:00", {"round_id": "r_000000000001", "pupil_id": p7[0].id}
        )
        db.table("waiting").put(
            f"r_000000000001|{p7[1].id}", {"round_id": "r_000000000001", "pupil_id": p7[1].id}
        )
    return {
        "store": store,
        "teachers": (t6, t7, t8),
        "classes": (c6, c7, c8),
        "p6": p6,
        "p7": p7,
        "p8": p8,
        "parent": parent,
    }


def pupil(store: Store, pupil_id: str):
    with store.school.transaction() as db:
        return school_db.get_pupil(db, pupil_id)


def test_the_preview_changes_nothing(world):
    store = world["store"]
    data = store.data_dir
    before = folder_bytes(data)
    plan = rollover.default_plan(store.school, SUMMER)
    page = rollover_form.preview(store.school, plan)
    rollover_form.form_state(store.school, plan)
    assert folder_bytes(data) == before
    assert plan.from_year == "2026-2027" and plan.to_year == "2027-2028"
    by_name = {c["name"]: c for c in page["classes"]}
    assert by_name["Groep 7"]["from_name"] == "Groep 6"
    assert len(by_name["Groep 7"]["pupils"]) == 3
    assert by_name["Groep 6"]["from_name"] == "Groep 8" and by_name["Groep 6"]["new_code"]
    assert {r["name"] for r in page["leaving"]} == {p.name for p in world["p8"]}
    assert page["planning"] == {"assignments": 1, "rounds": 1}


def test_groups_move_up_and_group_8_leaves(world, catalog):
    store = world["store"]
    c6, c7, c8 = world["classes"]
    p6, p8 = world["p6"], world["p8"]
    item_of_6 = portfolio.items(store.pupil(p6[0].id))
    item_of_8 = folder_bytes(store.pupil_folder(p8[0].id))
    old_code_8 = c8.code
    plan = rollover.default_plan(store.school, SUMMER)
    done = rollover.apply(store.school, plan, SUMMER)
    assert (done.school_year, done.moved_up, done.left, done.archived) == ("2027-2028", 5, 2, 2)

    on_disk = stored(store.data_dir / "school.json")
    assert on_disk["meta"]["school"]["school_year"] == "2027-2028"
    classes = on_disk["classes"]
    assert (classes[c6.id]["group"], classes[c6.id]["name"], classes[c6.id]["code"]) == (
        7,
        "Groep 7",
        c6.code,
    )
    assert (classes[c7.id]["group"], classes[c7.id]["name"]) == (8, "Groep 8")
    assert (classes[c8.id]["group"], classes[c8.id]["name"]) == (6, "Groep 6")
    assert classes[c8.id]["code"] != old_code_8  # the leavers' tablets no longer list anyone
    # The 6s are 7s with their portfolio: same class, same items (made in group 6).
    for p in p6:
        assert pupil(store, p.id)["class_id"] == c6.id
    assert portfolio.items(store.pupil(p6[0].id)) == item_of_6
    assert all(i["group"] == 6 and i["school_year"] == "2026-2027" for i in item_of_6)
    # The 8s have left: no class, no sign-in, portfolio kept byte for byte.
    for p in p8:
        left = pupil(store, p.id)
        assert (left["class_id"], left["disabled"], left["left_on"]) == ("", True, "2027-07-20")
        with store.school.transaction() as db:
            assert principal.load(db, "pupil", p.id, 0) is None
            assert principal.load(db, "pupil", p.id, left["session_epoch"]) is None
    assert folder_bytes(store.pupil_folder(p8[0].id)) == item_of_8
    with store.school.transaction() as db:  # her unused letter no longer links anyone
        assert school_db.invitations(db, p8[1].id) == []
        assert [i["used_at"] for i in school_db.invitations(db, p8[0].id)] != []
    # Their family still sees them; their old teacher no longer does.
    parent = world["parent"]
    with store.school.transaction() as db:
        mum = principal.load(db, "parent", parent.id, 0)
        teacher8 = principal.load(db, "teacher", world["teachers"][2].id, 0)
    assert p8[0].id in mum.child_ids
    assert c8.id in teacher8.class_ids  # she teaches the new (empty) group 6
    with store.school.transaction() as db:
        assert school_db.pupil_ids(db, c8.id) == []
        # Last year's assignment no longer hangs under the class that is now group 7.
        for table in (planning.ASSIGNMENTS, "rounds", "bookings", "waiting"):
            assert list(db.table(table).rows()) == [], table
        past = {key.split("|")[1] for key, _ in db.table(rollover.PAST).rows()}
        assert past == {"assignments", "rounds", "bookings", "waiting"}


def test_a_reimported_csv_with_the_same_numbers_creates_nobody_twice(world):
    store = world["store"]
    p6, p7 = world["p6"], world["p7"]
    rollover.apply(store.school, rollover.default_plan(store.school, SUMMER), SUMMER)
    with store.school.transaction() as db:
        before = len(school_db.pupils(db))
    csv = "\n".join(
        [
            "Leerlingnummer;Roepnaam;Achternaam;Groep;Klas",
            "600;Sara;Nieuwenaam;7;Groep 7",  # a new surname
            "601;Pupil;Verhuisd;7;Groep 7b",  # moves to a new class of group 7
            "602;Derde;Kind;7;Groep 7",
            "700;Vierde;Kind;8;Groep 8",
            "701;Vijfde;Kind;8;Groep 8",
            "900;Nieuw;Kind;6;Groep 6",  # the new group 6
            "901;Ook;Nieuw;6;Groep 6",
        ]
    ).encode()
    rows, errors = csv_import.parse(csv)
    assert errors == []
    outcomes, errors = csv_import.apply_rows(
        store.school, rows, ["h"] * len(rows), lambda _: True, True
    )
    assert errors == []
    assert [o["action"] for o in outcomes] == ["updated"] * 5 + ["new"] * 2
    with store.school.transaction() as db:
        everyone = school_db.pupils(db)
        assert len(everyone) == before + 2
        by_number = {p.get("number"): p for p in everyone}
        assert by_number["600"]["id"] == p6[0].id
        assert by_number["600"]["last_name"] == "Nieuwenaam"
        moved = by_number["601"]
        assert moved["id"] == p6[1].id
        assert school_db.get_class(db, moved["class_id"])["name"] == "Groep 7b"
        assert moved["session_epoch"] == 1  # out of her old class's tablets
        assert by_number["700"]["id"] == p7[0].id
    # The same file again: nothing new, nothing changed.
    outcomes, errors = csv_import.apply_rows(
        store.school, rows, ["h"] * len(rows), lambda _: True, True
    )
    assert errors == [] and {o["action"] for o in outcomes} == {"unchanged"}
    with store.school.transaction() as db:
        assert len(school_db.pupils(db)) == before + 2


def test_a_plan_is_applied_once_and_only_to_the_school_it_was_made_for(world):
    store = world["store"]
    plan = rollover.default_plan(store.school, SUMMER)
    c6 = world["classes"][0]
    factories.pupil(store, c6)  # someone joined after the preview
    data = store.data_dir
    before = folder_bytes(data)
    with pytest.raises(Invalid) as stale:
        rollover.apply(store.school, plan, SUMMER)
    assert stale.value.message == rollover.MSG_STALE
    assert folder_bytes(data) == before
    plan = rollover.default_plan(store.school, SUMMER)
    rollover.apply(store.school, plan, SUMMER)
    with pytest.raises(Invalid) as again:
        rollover.apply(store.school, plan, SUMMER)
    assert "2027-2028 is al begonnen" in again.value.message


def test_before_june_it_needs_a_second_confirmation(world):
    store = world["store"]
    plan = rollover.default_plan(store.school, WINTER)
    before = folder_bytes(store.data_dir)
    with pytest.raises(Invalid) as early:
        rollover.apply(store.school, plan, WINTER)
    assert "nog niet voorbij" in early.value.message
    assert folder_bytes(store.data_dir) == before
    assert rollover.apply(store.school, plan, WINTER, early_ok=True).school_year == "2027-2028"


def form_fields(state: dict, **extra: list[str]) -> dict[str, list[str]]:
    fields = {
        "fingerprint": [state["plan"].fingerprint],
        "class_count": [str(len(state["classes"]))],
    }
    for c in state["classes"]:
        fields[f"class_{c['index']}_id"] = [c["class_id"]]
        fields[f"class_{c['index']}_name"] = [c["name"]]
        fields[f"class_{c['index']}_group"] = [str(c["group"])]
        fields[f"class_{c['index']}_teachers"] = c["teacher_ids"]
    for rows in state["pupils"].values():
        for p in rows:
            if p["choice"] >= 0:
                fields[f"pupil_{p['id']}"] = [str(p["choice"])]
    fields.update(extra)
    return fields


def test_classes_recomposed_with_new_teachers(world):
    store = world["store"]
    c6, _, _ = world["classes"]
    t6, t7, _ = world["teachers"]
    p6 = world["p6"]
    state = rollover_form.form_state(store.school, rollover.default_plan(store.school, SUMMER))
    # Add a second group 7 class ...
    add = form_fields(state, new_name=["Groep 7b"], new_group=["7"])
    plan, error = rollover_form.read_form(store.school, SUMMER, add, add=True)
    assert error == ""
    state = rollover_form.form_state(store.school, plan)
    index_7b = next(c["index"] for c in state["classes"] if c["name"] == "Groep 7b")
    index_7 = next(c["index"] for c in state["classes"] if c["class_id"] == c6.id)
    # ... move one pupil there, give it teacher 6, and teacher 7 the class that moved up.
    fields = form_fields(state)
    fields[f"pupil_{p6[2].id}"] = [str(index_7b)]
    fields[f"class_{index_7b}_teachers"] = [t6.id]
    fields[f"class_{index_7}_teachers"] = [t7.id]
    plan, error = rollover_form.read_form(store.school, SUMMER, fields, add=False)
    assert error == ""
    page = rollover_form.preview(store.school, plan)
    row = next(c for c in page["classes"] if c["name"] == "Groep 7b")
    assert row["joined"] == [p6[2].name] and row["teachers"] == [t6.name]
    rollover.apply(store.school, plan, SUMMER)
    with store.school.transaction() as db:
        moved = school_db.get_pupil(db, p6[2].id)
        new_class = school_db.get_class(db, moved["class_id"])
        assert (new_class["name"], new_class["group"]) == ("Groep 7b", 7)
        assert moved["session_epoch"] == 1
        stayed = school_db.get_pupil(db, p6[0].id)
        assert (stayed["class_id"], stayed["session_epoch"]) == (c6.id, 0)
        teacher6 = principal.load(db, "teacher", t6.id, 0)
        teacher7 = principal.load(db, "teacher", t7.id, 0)
    assert teacher6.class_ids == {new_class["id"]}  # the old 6s moved on without her ...
    assert c6.id in teacher7.class_ids  # ... to teacher 7


def test_a_pupil_in_no_class_or_two_is_named(world):
    store = world["store"]
    p6 = world["p6"]
    state = rollover_form.form_state(store.school, rollover.default_plan(store.school, SUMMER))
    fields = form_fields(state)
    del fields[f"pupil_{p6[1].id}"]
    _, error = rollover_form.read_form(store.school, SUMMER, fields, add=False)
    assert error == f"{p6[1].name} staat nog in geen enkele klas. Kies een klas."
    fields = form_fields(state)
    index_8 = next(c["index"] for c in state["classes"] if c["group"] == 8)
    fields[f"pupil_{p6[1].id}"] = [str(index_8)]
    _, error = rollover_form.read_form(store.school, SUMMER, fields, add=False)
    assert error == f"{p6[1].name} gaat naar groep 7; kies een klas van groep 7."
    fields = form_fields(state)
    fields["class_0_name"] = [state["classes"][1]["name"]]
    _, error = rollover_form.read_form(store.school, SUMMER, fields, add=False)
    assert "Twee klassen heten" in error


@pytest.mark.parametrize(
    ("name", "old", "new", "expected"),
    [
        ("Groep 6", 6, 7, "Groep 7"),
        ("6b", 6, 7, "7b"),
        ("De Uilen", 6, 7, "De Uilen"),
        ("Groep 8 (16 lln)", 8, 6, "Groep 6 (16 lln)"),
        ("6/7", 7, 8, "6/8"),
    ],
)
def test_class_names_are_recomposed(name, old, new, expected):
    assert rollover.next_name(name, old, new) == expected


def test_next_year():
    assert rollover.next_year("2026-2027") == "2027-2028"
    with pytest.raises(Invalid):
        rollover.next_year("")
