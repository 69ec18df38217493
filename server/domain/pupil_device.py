"""What a pupil's own device reads and writes: the snapshot of her portfolio (with what adults
at home added), a batch of her operations, and where she stands this year (group and school
year: what new items belong to)."""

from __future__ import annotations

from typing import Any

from server.domain import contributions, planning, portfolio, school, worksheet_ops
from server.domain.growth import growth_for
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


def version(school_file: Database, database: Database, pupil_id: str) -> tuple[Any, ...]:
    """Everything the snapshot is made of, in short: her file's revision (every change to
    it takes one: items, what adults at home added, paper hand-ins), and from the school
    file her name, class, group, the school year and the adults linked to her (their
    relation). Equal versions give equal snapshots, for one build of the app. Takes the
    school file and her file (``store.pupil(pupil_id)``): it runs on every request."""
    with school_file.transaction() as db:
        pupil = school.get_pupil(db, pupil_id)
        assert pupil is not None
        cls = school.get_class(db, pupil["class_id"])
        year = school.info(db)["school_year"]
        links = sorted(
            (link["adult_id"], link.get("relation") or "")
            for link in school.links(db, pupil_id=pupil_id)
        )
    with database.transaction() as db:
        revision = portfolio.revision(db)
    group = cls["group"] if cls else 6
    return (revision, pupil["first_name"], pupil["class_id"], group, year, tuple(links))


def snapshot(store: Store, catalog: Catalog, pupil_id: str) -> dict[str, Any]:
    pupil, group, year = standing(store, pupil_id)
    database = store.pupil(pupil_id)
    data = worksheet_ops.snapshot(database)
    growth = growth_for(data["items"], catalog, "Zo groei ik", table=False)
    # What adults at home added: their part of home assignments (the latest signed one per
    # item), compliments and activities to do together. Read-only on the device.
    relations = _relations(store, pupil_id)
    parts = contributions.merged_by_item(contributions.parts(database))
    # Both keys are left out while there is nothing (the device treats missing as empty).
    for item in data["items"]:
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
    return {
        "growth_svg": growth["svg"] if growth else "",
        "pupil": {"id": pupil_id, "first_name": pupil["first_name"], "group": group},
        "school_year": year,
        **data,
        **({"from_home": from_home} if from_home else {}),
        **({"paper": paper} if paper else {}),  # home assignments handed in on paper
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
    """Whether an item the pupil shared with home shows this photo."""
    return any(
        item["values"].get("_shared")
        and any(isinstance(v, list) and media_id in v for v in item["values"].values())
        for item in portfolio.items(store.pupil(pupil_id))
    )
