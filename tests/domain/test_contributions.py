"""What adults at home add (server/domain/contributions.py): a parent's part of a home
assignment accepts only parent fields and is kept per adult with its own history; a
signature gets the server's time; compliments and activities are a card or own words."""

from __future__ import annotations

from typing import Any

import pytest

from server.domain import contributions, portfolio
from server.infra.store import Store
from server.worksheets import Catalog
from tests import factories

SHEET = "kwaliteiten-top3"  # a home assignment with a parent's part


@pytest.fixture
def pupil(store: Store) -> factories.Pupil:
    return factories.pupil(store, factories.school_class(store, group=7))


def new_item(store: Store, catalog: Catalog, pupil: factories.Pupil, sheet: str = SHEET) -> str:
    return factories.item(store, catalog, pupil.id, sheet)


def save(store, catalog, pupil, item_id: str, adult: str, raw: dict[str, Any]) -> dict:
    ws = catalog.worksheets[SHEET]
    return contributions.save_part(
        store.pupil(pupil.id), ws, item_id, adult, f"Name of {adult}", raw
    )


def signature(name: str, at: str = "2000-01-01T00:00:00+00:00") -> dict[str, Any]:
    return {"naam": name, "bevestigd": True, "op": at}


# --- which worksheets have a parent's part, and which fields are in it ---


def test_only_home_assignments_have_a_parent_part(catalog: Catalog) -> None:
    assert contributions.has_parent_part(catalog.worksheets[SHEET])
    assert not contributions.has_parent_part(catalog.worksheets["ervaring"])
    assert not contributions.has_parent_part(None)


def test_parent_fields_are_the_parents_only(catalog: Catalog) -> None:
    ws = catalog.worksheets[SHEET]
    names = contributions.parent_fields(ws)
    assert names and all(f.who == "parent" for f in names.values())
    assert "kind-kiest.1" in ws.fields() and "kind-kiest.1" not in names
    assert contributions.signature_field(ws) == "ouder-handtekening"
    assert contributions.signature_field(catalog.worksheets["ervaring"]) is None


# --- cleaning a part ---


def test_a_part_refuses_the_childs_fields_and_names_every_problem(catalog: Catalog) -> None:
    ws = catalog.worksheets[SHEET]
    with pytest.raises(contributions.Invalid) as refused:
        contributions.clean_part(
            ws,
            {"kind-kiest.1": "sterk", "ouder-vraag-1": "misschien", "ouder-toelichting": "Goed"},
        )
    assert set(refused.value.errors) == {"kind-kiest.1", "ouder-vraag-1"}
    assert refused.value.errors["kind-kiest.1"] == "Dit deel is niet voor de ouder."


def test_a_part_accepts_and_cleans_parent_fields(catalog: Catalog) -> None:
    ws = catalog.worksheets[SHEET]
    cleaned = contributions.clean_part(
        ws, {"ouder-kiest.1": "sterk", "ouder-vraag-1": "ja", "ouder-rol": "vader"}
    )
    assert cleaned == {"ouder-kiest.1": "sterk", "ouder-vraag-1": "ja", "ouder-rol": "vader"}


# --- saving a part ---


def test_saving_a_part_stores_values_revisions_and_history(store, catalog, pupil) -> None:
    item_id = new_item(store, catalog, pupil)
    database = store.pupil(pupil.id)
    rev_before = portfolio.item(database, item_id)["revs"]["_status"]
    stored = save(store, catalog, pupil, item_id, "o_000000000001", {"ouder-vraag-1": "ja"})
    assert stored["values"] == {"ouder-vraag-1": "ja"}
    assert stored["revs"]["ouder-vraag-1"] > rev_before  # the file's revision moved on
    assert stored["signed_at"] is None
    [row] = [h for h in portfolio.history(database, item_id) if h["kind"] == "parent"]
    assert (row["field"], row["value"], row["old"], row["by"], row["role"]) == (
        "ouder-vraag-1",
        "ja",
        None,
        "o_000000000001",
        "parent",
    )
    # The pupil's own item is untouched: the part is a separate document.
    assert "ouder-vraag-1" not in portfolio.item(database, item_id)["values"]


def test_saving_the_same_values_again_changes_nothing(store, catalog, pupil) -> None:
    item_id = new_item(store, catalog, pupil)
    first = save(store, catalog, pupil, item_id, "o_000000000001", {"ouder-vraag-1": "ja"})
    again = save(store, catalog, pupil, item_id, "o_000000000001", {"ouder-vraag-1": "ja"})
    assert again["revs"] == first["revs"]
    history = portfolio.history(store.pupil(pupil.id), item_id)
    assert len([h for h in history if h["kind"] == "parent"]) == 1


def test_a_refused_part_stores_nothing(store, catalog, pupil) -> None:
    item_id = new_item(store, catalog, pupil)
    folder = store.pupil_folder(pupil.id)
    before = b"".join(p.read_bytes() for p in folder.iterdir() if p.is_file())
    with pytest.raises(contributions.Invalid):
        save(
            store,
            catalog,
            pupil,
            item_id,
            "o_000000000001",
            {"ouder-vraag-1": "ja", "kind-kiest.1": "sterk"},
        )
    assert contributions.parts(store.pupil(pupil.id)) == []
    assert (
        b"".join(p.read_bytes() for p in store.pupil_folder(pupil.id).iterdir() if p.is_file())
        == before
    )


def test_a_part_of_a_missing_or_deleted_item_is_refused(store, catalog, pupil) -> None:
    with pytest.raises(LookupError):
        save(store, catalog, pupil, "i_nonexistent1", "o_000000000001", {"ouder-vraag-1": "ja"})
    item_id = new_item(store, catalog, pupil)
    factories.apply_as_pupil(
        store, catalog, pupil, [{"op_id": "op-delete-1", "type": "delete", "item_id": item_id}]
    )
    with pytest.raises(LookupError):
        save(store, catalog, pupil, item_id, "o_000000000001", {"ouder-vraag-1": "ja"})


def test_a_signature_gets_the_servers_time_and_keeps_it_for_the_same_name(
    store, catalog, pupil
) -> None:
    item_id = new_item(store, catalog, pupil)
    first = save(store, catalog, pupil, item_id, "o_000000000001", {
        "ouder-handtekening": signature("Parent One")})  # fmt: skip
    signed = first["values"]["ouder-handtekening"]["op"]
    assert signed != "2000-01-01T00:00:00+00:00"  # the device's clock is not trusted
    assert first["signed_at"] == signed
    again = save(store, catalog, pupil, item_id, "o_000000000001", {
        "ouder-handtekening": signature("Parent One", "2031-01-01T00:00:00+00:00")})  # fmt: skip
    assert again["values"]["ouder-handtekening"]["op"] == signed
    assert again["signed_at"] == signed


def test_every_adult_keeps_their_own_part(store, catalog, pupil) -> None:
    item_id = new_item(store, catalog, pupil)
    other_item = new_item(store, catalog, pupil)
    save(store, catalog, pupil, item_id, "o_00000000000a", {"ouder-vraag-1": "ja"})
    save(store, catalog, pupil, item_id, "o_00000000000b", {"ouder-vraag-1": "nee"})
    save(store, catalog, pupil, other_item, "o_00000000000a", {"ouder-vraag-2": "ja"})
    database = store.pupil(pupil.id)
    assert len(contributions.parts(database)) == 3
    assert {p["adult_id"] for p in contributions.parts(database, item_id)} == {
        "o_00000000000a",
        "o_00000000000b",
    }
    mine = contributions.part_of(database, item_id, "o_00000000000b")
    assert mine["values"] == {"ouder-vraag-1": "nee"}
    assert mine["adult_name"] == "Name of o_00000000000b"
    assert contributions.part_of(database, other_item, "o_00000000000b") is None


# --- reading parts ---


def test_merged_prefers_the_latest_signed_part() -> None:
    signed = {"item_id": "i1", "signed_at": "2026-03-01T10:00:00", "updated_at": "2026-03-01"}
    later = {"item_id": "i1", "signed_at": None, "updated_at": "2026-04-01"}
    other = {"item_id": "i2", "signed_at": None, "updated_at": "2026-02-01"}
    assert contributions.merged([]) is None
    assert contributions.merged([later, signed]) is signed
    assert contributions.merged_by_item([later, signed, other]) == {"i1": signed, "i2": other}
    newer = {**later, "updated_at": "2026-05-01"}
    assert contributions.merged([later, newer]) is newer  # none signed: the latest change


def test_views_show_the_adults_values_not_parent_values_on_the_pupils_item(catalog) -> None:
    ws = catalog.worksheets[SHEET]
    item = {"id": "i1", "values": {"kind-kiest.1": "sterk", "ouder-vraag-1": "nee"}}
    shown = contributions.with_parent_values(ws, item, {"values": {"ouder-vraag-2": "ja"}})
    assert shown["values"] == {"kind-kiest.1": "sterk", "ouder-vraag-2": "ja"}
    assert contributions.with_parent_values(ws, item, None)["values"] == {"kind-kiest.1": "sterk"}


def test_relation_label_is_what_the_adult_chose_else_the_links(catalog) -> None:
    ws = catalog.worksheets[SHEET]
    choice = ws.fields()["ouder-rol"].options[-1]
    assert contributions.relation_label(ws, {"ouder-rol": choice.key}) == choice.label
    assert contributions.relation_label(ws, {}, "verzorger") == "verzorger"


# --- from home: compliments and activities ---


def test_a_compliment_is_a_card_or_own_words(catalog) -> None:
    card = catalog.worksheets["complimenten"].field("compliment").options[0]
    picked = contributions.clean_from_home(catalog, "compliment", card.key, "", " fijn ")
    assert (picked.key, picked.text, picked.note, picked.when) == (card.key, "", "fijn", "")
    own = contributions.clean_from_home(catalog, "compliment", "eigen", " Je hielp opa ", "")
    assert (own.key, own.text) == ("", "Je hielp opa")


@pytest.mark.parametrize(
    ("kind", "choice", "own", "when", "wrong"),
    [
        ("groet", "", "Hoi", "", "kind"),
        ("compliment", "bestaat-niet", "", "", "keuze"),
        ("compliment", "", "", "", "keuze"),
        ("compliment", "eigen", "x" * (contributions.OWN_MAX + 1), "", "eigen"),
        ("samen-doen", "", "Samen koken", "morgen", "when"),
    ],
)
def test_from_home_refuses_what_cannot_be_stored(catalog, kind, choice, own, when, wrong):
    with pytest.raises(contributions.Invalid) as refused:
        contributions.clean_from_home(catalog, kind, choice, own, "", when)
    assert wrong in refused.value.errors


def test_only_an_activity_has_a_date(catalog) -> None:
    card = catalog.worksheets["samen-doen"].field("activiteit").options[0]
    activity = contributions.clean_from_home(catalog, "samen-doen", card.key, "", "", "2026-05-01")
    assert activity.when == "2026-05-01"
    compliment = contributions.clean_from_home(catalog, "compliment", "", "Top", "", "2026-05-01")
    assert compliment.when == ""


def test_from_home_lists_newest_first_with_labels(store, catalog, pupil) -> None:
    database = store.pupil(pupil.id)
    card = catalog.worksheets["complimenten"].field("compliment").options[0]
    choices = [
        contributions.clean_from_home(catalog, "compliment", card.key, "", ""),
        contributions.clean_from_home(catalog, "samen-doen", "", "Samen koken", "", ""),
    ]
    for choice in choices:  # within one second: the revision keeps the order
        contributions.add_from_home(database, choice, "o_000000000001", "Parent", "vader")
    newest, oldest = contributions.from_home(database)
    assert (newest["kind"], oldest["kind"]) == ("samen-doen", "compliment")
    assert newest["rev"] > oldest["rev"]
    assert contributions.describe(catalog, oldest)["label"] == card.label
    described = contributions.describe(catalog, newest)
    assert (described["label"], described["icon"]) == ("Samen koken", "heart-handshake")
