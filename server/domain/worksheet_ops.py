"""Operations on a pupil's portfolio checked against the worksheet catalog.

``portfolio.apply_ops`` knows revisions and history but no worksheets; this module gives
it the two callbacks that do: which values a field accepts, and what a new item is.
"""

from __future__ import annotations

from typing import Any

from server.domain import portfolio
from server.infra.store import Database
from server.worksheets import Catalog

TITLE_MAX = 120
# The faces of a pupil's self-rating of a presented item: key -> (pictogram, her words).
# pwa/js/present.js draws them; the teacher's talk page shows them beside what she presented.
SELF_RATINGS = {
    "blij": ("mood-happy", "Goed"),
    "gewoon": ("mood-empty", "Gaat wel"),
    "niet-blij": ("mood-sad", "Nog lastig"),
}


def validator(catalog: Catalog, role: str) -> portfolio.Validator:
    """Checks a value for ``role``: the pupil writes her own answers and the item's
    attributes (``_step``: the year-plan step it was made for); a field another role writes
    (the parent's part) is refused."""

    def validate(item: dict[str, Any], field: str, value: Any) -> Any:
        if field == "_status":
            if value not in ("bezig", "klaar"):
                raise ValueError("Kies 'bezig' of 'klaar'.")
            return value
        if field == "_shared":
            if not isinstance(value, bool):
                raise ValueError("Kies of je ouders dit mogen zien.")
            return value
        if field == "_step":
            return _check_step(catalog, item, value)
        if field == "_present":  # its place in her presentation portfolio (0: not in it)
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 99:
                raise ValueError("Kies of je dit laat zien in je gesprek.")
            return value
        if field == "_rating":  # how she thinks it went, rated while presenting ("": not rated)
            if value != "" and value not in SELF_RATINGS:
                raise ValueError("Kies een gezichtje.")
            return value
        if field == "_title":
            if not isinstance(value, str) or len(value) > TITLE_MAX:
                raise ValueError(f"De titel is te lang (maximaal {TITLE_MAX} tekens).")
            return value.strip()
        worksheet = catalog.worksheets.get(item["worksheet"])
        if worksheet is None:
            raise ValueError("Dit werkblad bestaat niet (meer).")
        return worksheet.validate(field, value, role)

    return validate


MSG_UNKNOWN_STEP = "Deze stap staat niet in het jaarplan van jouw groep."
MSG_OTHER_SHEET = "Deze stap van het jaarplan hoort bij een ander werkblad."


def _check_step(catalog: Catalog, item: dict[str, Any], value: Any) -> str:
    """The year-plan step an item is made for: a step of its group's plan that uses its
    sheet ("" for none); anything else is refused."""
    if value == "":
        return ""
    plan = catalog.yearplans.get(item.get("group"))  # type: ignore[arg-type]
    step = plan.step(value) if plan is not None and isinstance(value, str) else None
    if step is None:
        raise ValueError(MSG_UNKNOWN_STEP)
    if step.worksheet != item["worksheet"]:
        raise ValueError(MSG_OTHER_SHEET)
    return step.key


def describer(catalog: Catalog, group: int, school_year: str) -> portfolio.CreateDescriber:
    """New items belong to the pupil's current group and school year."""

    def describe(op: dict[str, Any]) -> dict[str, Any]:
        wanted = op.get("worksheet")
        worksheet = catalog.worksheets.get(wanted) if isinstance(wanted, str) else None
        if worksheet is None:
            raise ValueError("Dit werkblad bestaat niet.")
        return {"worksheet": worksheet.id, "group": group, "school_year": school_year}

    return describe


def apply(
    database: Database,
    ops: list[Any],
    actor: portfolio.Actor,
    catalog: Catalog,
    group: int,
    school_year: str,
    clock: portfolio.Clock | None = None,
) -> list[dict[str, Any]]:
    return portfolio.apply_ops(
        database,
        ops,
        actor,
        validator(catalog, actor.role),
        describer(catalog, group, school_year),
        clock,
    )


def snapshot(database: Database) -> dict[str, Any]:
    """Everything the pupil's device keeps: items with values and revisions, open conflicts,
    and the file's revision they belong to (the device tells by it whether this answer was
    made before or after a change it sent)."""
    with database.transaction() as db:
        revision = portfolio.revision(db)
        items = portfolio.items(database)
        open_copies: dict[str, list[dict[str, Any]]] = {}
        for c in portfolio.conflicts(database):
            open_copies.setdefault(c["item_id"], []).append(c)
    return {
        "revision": revision,
        "items": [
            {
                "id": item["id"],
                "worksheet": item["worksheet"],
                "group": item["group"],
                "school_year": item["school_year"],
                "created_at": item["created_at"],
                "updated_at": item.get("updated_at", item["created_at"]),
                "values": item["values"],
                "revs": item["revs"],
                "conflicts": [
                    {"field": c["field"], "value": c["value"], "rev": c["rev"], "at": c["at"]}
                    for c in open_copies.get(item["id"], [])
                ],
            }
            for item in items
        ],
    }
