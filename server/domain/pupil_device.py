"""What a pupil's own device reads and writes: the snapshot of her portfolio (with what adults
at home added), a batch of her operations, and where she stands this year (group and school
year: what new items belong to)."""

from __future__ import annotations

from typing import Any

from server.domain import (
    advice,
    agreements,
    contributions,
    hiding,
    planning,
    portfolio,
    school,
    worksheet_ops,
)
from server.domain.growth import MSG_ME
from server.domain.growth_items import growth_for
from server.domain.records import Pupil
from server.infra.store import Database, Store
from server.worksheets import Catalog


def standing(store: Store, pupil_id: str) -> tuple[Pupil, int, str]:
    """The pupil, their current group and the school year."""
    with store.school.transaction() as db:
        pupil = school.get_pupil(db, pupil_id)
        assert pupil is not None
        cls = school.get_class(db, pupil["class_id"])
        return pupil, (cls["group"] if cls else 6), school.info(db)["school_year"]


def _relations(store: Store, pupil_id: str) -> dict[str, str]:
    with store.school.transaction() as db:
        return {
            link["adult_id"]: link.get("relation") or ""
            for link in school.links(db, pupil_id=pupil_id)
        }


def _coming(store: Store, catalog: Catalog, pupil: Pupil) -> dict[str, list[dict[str, Any]]]:
    """Her class's home assignments with their due dates and her own planned conversations,
    with what the device shows and nothing more (no staff ids, no reminder flags). All of
    them, not only those still to come: the answer is kept under the file versions (its
    ETag), so which ones are past is for the device to tell, by its own date."""
    with store.school.transaction() as db:
        assignments = planning.assignments(db, pupil["class_id"])
        talks = planning.conversations(db, pupil["id"])
    return {
        "assignments": [
            {
                "id": a["id"],
                "worksheet": a["worksheet"],
                "title": a.get("title") or _sheet_title(catalog, a["worksheet"]),
                "due": a["due"],
            }
            for a in assignments
            if a.get("due")
        ],
        "conversations": [
            {
                "id": c["id"],
                "kind": c["kind"],
                "title": planning.KINDS.get(c["kind"], "Gesprek"),
                "at": c["at"],
                "place": c.get("place", ""),
            }
            for c in talks
            if c.get("at")
        ],
    }


def _talks_and_advice(database: Database) -> dict[str, list[dict[str, Any]]]:
    """What her conversations agreed (newest first) and the advice versions the school
    shared (reviewed): on her home, "Mijn afspraken" and "Mijn advies"."""
    made = [
        {
            "id": a["id"],
            "kind": a["kind"],
            "at": a["at"],
            "values": a.get("values", {}),
            "next": a.get("next", ""),
            "agreed": sorted(a.get("marks", {})),
        }
        for a in agreements.all_of(database)
    ]
    shared = [
        {"step": v["step"], "levels": v["levels"], "label": advice.label(v["levels"]),
         "at": v["written_at"]}
        for v in advice.versions(database, shared_only=True)
    ]  # fmt: skip
    levels = advice.prefill(advice.versions(database))  # for "Een school die past"
    return {"agreements": made, "advice": shared, "advice_levels": levels}


def _sheet_title(catalog: Catalog, worksheet_id: str) -> str:
    sheet = catalog.worksheets.get(worksheet_id)
    return sheet.title if sheet else "Thuisopdracht"


def snapshot(store: Store, catalog: Catalog, pupil_id: str) -> dict[str, Any]:
    """Everything the pupil's device keeps about her (``/api/mij``): her items, what adults
    at home added, her growth picture, and what is coming (home assignments with due dates,
    her planned conversations). Only her own: made of the school file and her own file."""
    pupil, group, year = standing(store, pupil_id)
    database = store.pupil(pupil_id)
    data = worksheet_ops.snapshot(database)
    growth = growth_for(data["items"], catalog, MSG_ME, table=False)
    # What adults at home added: their part of home assignments (the latest signed one per
    # item), compliments and activities to do together. Read-only on the device.
    relations = _relations(store, pupil_id)
    parts = contributions.merged_by_item(contributions.parts(database))
    # Items her teacher kept from home are marked (never why: that is for staff).
    hidden = hiding.hidden_ids(store, pupil_id)
    # Both keys are left out while there is nothing (the device treats missing as empty).
    for item in data["items"]:
        if item["id"] in hidden:
            item["hidden"] = True
        part, ws = parts.get(item["id"]), catalog.worksheets.get(item["worksheet"])
        if part is None:
            continue
        link_relation = relations.get(part["adult_id"], "")
        item["parent_part"] = {
            "values": part["values"],
            "signed_at": part.get("signed_at"),
            "adult_name": part.get("adult_name", ""),
            "relation": contributions.relation_label(ws, part["values"], link_relation)
            if ws
            else link_relation,
        }
    from_home = [contributions.describe(catalog, e) for e in contributions.from_home(database)]
    paper = [
        {k: d[k] for k in ("worksheet", "group", "school_year")}
        for d in planning.paper_handins(database)
    ]
    coming = _coming(store, catalog, pupil) | _talks_and_advice(database)
    return {
        "growth_svg": growth["svg"] if growth else "",
        "pupil": {"id": pupil_id, "first_name": pupil["first_name"], "group": group},
        "school_year": year,
        **data,
        **({"from_home": from_home} if from_home else {}),
        **({"paper": paper} if paper else {}),  # home assignments handed in on paper
        # Her class's home assignments and her conversations, for "Nu doen"; her agreements
        # and her shared advice.
        **{key: rows for key, rows in coming.items() if rows},
    }


def apply_batch(
    store: Store, catalog: Catalog, pupil_id: str, ops: list[Any]
) -> list[dict[str, Any]]:
    """Apply the pupil's own operations (one durable write); one answer per operation."""
    _, group, year = standing(store, pupil_id)
    actor = portfolio.Actor(pupil_id, "pupil")
    return worksheet_ops.apply(store.pupil(pupil_id), ops, actor, catalog, group, year)


def pupil(store: Store, pupil_id: str) -> Pupil | None:
    with store.school.transaction() as db:
        return school.get_pupil(db, pupil_id)


def in_shared_item(store: Store, pupil_id: str, media_id: str) -> bool:
    """Whether an item the pupil shared with home (and her teacher did not hide) shows
    this photo."""
    return any(
        item["values"].get("_shared")
        and not hiding.hidden_from_family(item)
        and any(isinstance(v, list) and media_id in v for v in item["values"].values())
        for item in portfolio.items(store.pupil(pupil_id))
    )
