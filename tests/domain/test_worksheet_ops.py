"""Operations checked against the worksheet catalogue (server/domain/worksheet_ops.py): only
known worksheets are created, in the pupil's group and year; each role writes only its own
fields; item attributes have their own rules; the snapshot is what a device keeps."""

from __future__ import annotations

from typing import Any

import pytest

from server.domain import portfolio, sync, worksheet_ops
from server.domain.portfolio import Actor
from server.infra.store import Store
from server.worksheets import Catalog, NotYours
from tests import factories

HOME = "kwaliteiten-top3"  # a home assignment: the pupil's answers and a parent's part


@pytest.fixture
def pupil(store: Store) -> factories.Pupil:
    return factories.pupil(store, factories.school_class(store, group=8))


def create(item_id: str, worksheet: Any) -> dict[str, Any]:
    return {
        "op_id": f"op-c-{item_id}",
        "type": "create",
        "item_id": item_id,
        "worksheet": worksheet,
    }


def set_op(item_id: str, field: str, value: Any, base_rev: int = 0, n: int = 1) -> dict:
    return {"op_id": f"op-s{n}-{item_id}", "type": "set", "item_id": item_id, "field": field,
            "value": value, "base_rev": base_rev}  # fmt: skip


def apply(store, catalog, pupil, *ops: dict[str, Any]) -> list[dict[str, Any]]:
    return factories.apply_as_pupil(store, catalog, pupil, list(ops), group=8)


# --- creating items ---


@pytest.mark.parametrize("worksheet", ["bestaat-niet", "", None, 7, ["ervaring"]])
def test_an_item_of_an_unknown_worksheet_is_refused(store, catalog, pupil, worksheet) -> None:
    [result] = apply(store, catalog, pupil, create("i_unknown0001", worksheet))
    assert result["status"] == sync.REFUSED
    assert result["reason"] == "Dit werkblad bestaat niet."
    assert portfolio.items(store.pupil(pupil.id)) == []


def test_a_new_item_belongs_to_the_pupils_group_and_year(store, catalog, pupil) -> None:
    results = worksheet_ops.apply(
        store.pupil(pupil.id),
        [create("i_ervaring001", "ervaring")],
        Actor(pupil.id, "pupil"),
        catalog,
        6,
        "2024-2025",
    )
    assert results[0]["status"] == sync.APPLIED
    item = portfolio.item(store.pupil(pupil.id), "i_ervaring001")
    assert (item["worksheet"], item["group"], item["school_year"]) == (
        "ervaring",
        6,
        "2024-2025",
    )
    assert item["created_by"] == pupil.id


def test_describer_refuses_what_the_catalogue_does_not_know(catalog: Catalog) -> None:
    describe = worksheet_ops.describer(catalog, 7, "2026-2027")
    assert describe({"worksheet": "ervaring"}) == {
        "worksheet": "ervaring",
        "group": 7,
        "school_year": "2026-2027",
    }
    for op in ({}, {"worksheet": "weg"}, {"worksheet": {"id": "ervaring"}}):
        with pytest.raises(ValueError, match="bestaat niet"):
            describe(op)


# --- who writes which field ---


def test_the_pupil_writes_own_answers_but_not_the_parents_part(store, catalog, pupil) -> None:
    results = apply(
        store,
        catalog,
        pupil,
        create("i_home00000001", HOME),
        set_op("i_home00000001", "kind-kiest.1", "sterk", n=1),
        set_op("i_home00000001", "ouder-vraag-1", "ja", n=2),
    )
    assert [r["status"] for r in results] == [sync.APPLIED, sync.APPLIED, sync.REFUSED]
    assert results[2]["code"] == sync.NOT_YOURS
    values = portfolio.item(store.pupil(pupil.id), "i_home00000001")["values"]
    assert values["kind-kiest.1"] == "sterk"
    assert "ouder-vraag-1" not in values


def test_validator_refuses_fields_of_another_role(catalog: Catalog) -> None:
    item = {"worksheet": HOME}
    assert worksheet_ops.validator(catalog, "parent")(item, "ouder-vraag-1", "ja") == "ja"
    with pytest.raises(NotYours):
        worksheet_ops.validator(catalog, "pupil")(item, "ouder-vraag-1", "ja")
    with pytest.raises(NotYours):
        worksheet_ops.validator(catalog, "parent")(item, "kind-kiest.1", "sterk")


def test_unknown_fields_bad_values_and_vanished_worksheets_are_refused(catalog) -> None:
    validate = worksheet_ops.validator(catalog, "pupil")
    with pytest.raises(ValueError):
        validate({"worksheet": "ervaring"}, "bestaat-niet", "x")
    with pytest.raises(ValueError):
        validate({"worksheet": "ervaring"}, "wat", "x" * 10_000)  # longer than the field
    with pytest.raises(ValueError, match="bestaat niet \\(meer\\)"):
        validate({"worksheet": "opgeheven-werkblad"}, "wat", "x")


# --- item attributes ---


@pytest.mark.parametrize(
    ("field", "value", "cleaned"),
    [
        ("_status", "klaar", "klaar"),
        ("_status", "bezig", "bezig"),
        ("_shared", True, True),
        ("_shared", False, False),
        ("_title", "  Mijn stage  ", "Mijn stage"),
        ("_title", "x" * worksheet_ops.TITLE_MAX, "x" * worksheet_ops.TITLE_MAX),
        ("_present", 3, 3),
        ("_present", 0, 0),
        ("_rating", "blij", "blij"),
        ("_rating", "niet-blij", "niet-blij"),
        ("_rating", "", ""),
    ],
)
def test_item_attributes_accept(catalog, field, value, cleaned) -> None:
    validate = worksheet_ops.validator(catalog, "pupil")
    assert validate({"worksheet": "ervaring"}, field, value) == cleaned


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("_status", "af"),
        ("_status", None),
        ("_shared", "ja"),
        ("_shared", 1),
        ("_title", "x" * (worksheet_ops.TITLE_MAX + 1)),
        ("_title", 3),
        ("_present", -1),
        ("_present", True),
        ("_present", "1"),
        ("_rating", "super"),
        ("_rating", 1),
        ("_rating", None),
    ],
)
def test_item_attributes_refuse(catalog, field, value) -> None:
    validate = worksheet_ops.validator(catalog, "pupil")
    with pytest.raises(ValueError):
        validate({"worksheet": "ervaring"}, field, value)


def test_attributes_are_checked_even_if_the_worksheet_is_gone(catalog) -> None:
    validate = worksheet_ops.validator(catalog, "pupil")
    assert validate({"worksheet": "opgeheven-werkblad"}, "_status", "klaar") == "klaar"


# --- the snapshot a device keeps ---


def test_snapshot_holds_items_values_revisions_and_open_conflicts(store, catalog, pupil) -> None:
    item_id = "i_ervaring002"
    results = apply(
        store,
        catalog,
        pupil,
        create(item_id, "ervaring"),
        set_op(item_id, "wat", "Stage bij de bakker", n=1),
    )
    rev = results[1]["rev"]
    # A second tablet, still at revision 0, sends another answer: a conflict copy.
    [conflict] = apply(store, catalog, pupil, set_op(item_id, "wat", "Bij de bakker", n=2))
    assert conflict["status"] == sync.CONFLICT
    [item] = worksheet_ops.snapshot(store.pupil(pupil.id))["items"]
    assert (item["id"], item["worksheet"], item["group"]) == (item_id, "ervaring", 8)
    assert item["values"]["wat"] == "Stage bij de bakker"
    assert item["revs"]["wat"] == rev
    assert [(c["field"], c["value"], c["rev"]) for c in item["conflicts"]] == [
        ("wat", "Bij de bakker", rev)
    ]
    assert item["updated_at"] >= item["created_at"]


def test_snapshot_leaves_out_deleted_items(store, catalog, pupil) -> None:
    apply(store, catalog, pupil, create("i_keep0000001", "ervaring"))
    apply(store, catalog, pupil, create("i_gone0000001", "ervaring"))
    apply(store, catalog, pupil, {"op_id": "op-del-0001", "type": "delete",
                                  "item_id": "i_gone0000001"})  # fmt: skip
    snapshot = worksheet_ops.snapshot(store.pupil(pupil.id))
    assert [i["id"] for i in snapshot["items"]] == ["i_keep0000001"]
