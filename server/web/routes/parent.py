"""Parents and other adults linked to a pupil: the home page with, per child, what waits
for them and what is coming."""

from __future__ import annotations

from datetime import date
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from server.domain import contributions, planning, portfolio, school
from server.permissions import allow, principal
from server.web.context import Rugzak, rugzak
from server.web.templating import render
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
    items: list[dict[str, Any]],
    parts: list[dict[str, Any]],
    adult_ids: set[str],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Shared home assignments with a parent part: (not yet signed by any linked adult,
    signed). Each row: the item, its worksheet and the latest signed part (if any)."""
    open_rows, done_rows = [], []
    for item in sorted(items, key=lambda i: i.get("updated_at") or i["created_at"], reverse=True):
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


def _children(app: Rugzak, adult_id: str, today: date) -> list[dict[str, Any]]:
    with app.store.school.transaction() as db:
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
                    }
                )
    for row in rows:
        database = app.store.pupil(row["pupil"]["id"])
        items = portfolio.items(database)
        parts = contributions.parts(database)
        row["waiting"], row["done"] = waiting(app.catalog, items, parts, row.pop("adults"))
        group = row["cls"]["group"] if row["cls"] else 0
        row["upcoming"] = upcoming(app.catalog, group, today)
    return rows


@allow("parent")
async def home(request: Request) -> Response:
    app = rugzak(request)
    children = await app.store.run(_children, app, principal(request).id, date.today())
    return render(request, "parent/home.html", {"children": children})


routes = [Route("/ouder", home)]
