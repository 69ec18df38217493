"""What an adult at home sees per child: the shared home assignments that wait for the
family (and those signed), planned conversations, and what is coming in the year plan."""

from __future__ import annotations

from datetime import date
from typing import Any

from server.domain import contributions, hiding, planning, portfolio, retention, school
from server.domain.records import Item, Pupil
from server.infra.store import Store, valid_id
from server.worksheets import Catalog

UPCOMING_TYPES = ("thuisopdracht", "gesprek", "bijeenkomst")
UPCOMING_COUNT = 3


def school_year_position(month: int) -> int:
    """September is 1, August 0: the order of a school year."""
    return (month + 4) % 12


def upcoming(catalog: Catalog, group: int, today: date, count: int = UPCOMING_COUNT) -> list:
    """The next ``count`` home assignments, conversations and events of the group's year plan,
    from this month on (the rest of this school year)."""
    plan = catalog.yearplans.get(group)
    if plan is None:
        return []
    now = school_year_position(today.month)
    steps = [
        s
        for s in plan.steps
        if s.type in UPCOMING_TYPES and s.month and school_year_position(s.month) >= now
    ]
    steps.sort(key=lambda s: school_year_position(s.month))
    return steps[:count]


def waiting(
    catalog: Catalog,
    items: list[Item],
    parts: list[dict[str, Any]],
    adult_ids: set[str],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Shared home assignments with a parent part, none the teacher hid: (not yet signed by
    any linked adult, signed). Each row: the item, its worksheet and the latest signed part
    (if any)."""
    open_rows, done_rows = [], []
    for item in sorted(
        hiding.for_family(items), key=lambda i: i.get("updated_at") or i["created_at"], reverse=True
    ):
        ws = catalog.worksheets.get(item["worksheet"])
        if not contributions.has_parent_part(ws) or not item["values"].get("_shared"):
            continue
        mine = [p for p in parts if p["item_id"] == item["id"] and p["adult_id"] in adult_ids]
        signed = [p for p in mine if p.get("signed_at")]
        row = {
            "item": item,
            "ws": ws,
            "title": item["values"].get("_title") or (ws.title if ws else ""),
            "part": contributions.merged(signed),
        }
        (done_rows if signed else open_rows).append(row)
    return open_rows, done_rows


def children(store: Store, catalog: Catalog, adult_id: str, today: date) -> list[dict[str, Any]]:
    """Per linked child: the pupil, class, relation, planned conversations and assignments,
    the shared home assignments waiting for this family (and those signed), what is next."""
    with store.school.transaction() as db:
        rows = []
        for link in school.links(db, adult_id=adult_id):
            pupil = school.get_pupil(db, link["pupil_id"])
            if pupil:
                cls = school.get_class(db, pupil["class_id"])
                adults = {a["adult_id"] for a in school.links(db, pupil_id=pupil["id"])}
                rows.append(
                    {
                        "pupil": pupil,
                        "relation": link["relation"],
                        "cls": cls,
                        "adults": adults,
                        "planned": planning.upcoming(db, pupil["id"], today),
                        # the day her data goes, from 30 days before (she left the school)
                        "retention_due": retention.notice_for(db, pupil["id"], today),
                    }
                )
    for row in rows:
        database = store.pupil(row["pupil"]["id"])
        items = portfolio.items(database)
        parts = contributions.parts(database)
        row["waiting"], row["done"] = waiting(catalog, items, parts, row.pop("adults"))
        group = row["cls"]["group"] if row["cls"] else 0
        row["upcoming"] = upcoming(catalog, group, today)
    return rows


def relation(store: Store, adult_id: str, pupil_id: str) -> str:
    """How this adult is linked to the pupil ("moeder", …; "" when unknown)."""
    with store.school.transaction() as db:
        links = school.links(db, pupil_id=pupil_id, adult_id=adult_id)
        return (links[0].get("relation") or "") if links else ""


def pupil_with_relation(store: Store, pupil_id: str, adult_id: str) -> tuple[Pupil | None, str]:
    """The pupil (None when unknown) and how this adult is linked to them."""
    if not valid_id(pupil_id, "p"):
        return None, ""
    with store.school.transaction() as db:
        pupil = school.get_pupil(db, pupil_id)
        links = school.links(db, pupil_id=pupil_id, adult_id=adult_id)
        return pupil, ((links[0].get("relation") or "") if links else "")


def other_adults(store: Store, pupil_id: str, adult_id: str) -> list[str]:
    """The pupil's other linked adults (the other household, too)."""
    with store.school.transaction() as db:
        return [
            link["adult_id"]
            for link in school.links(db, pupil_id=pupil_id)
            if link["adult_id"] != adult_id
        ]
