"""From a pupil's items to the growth picture (server/domain/growth.py): her latest
self-portrait of each group as a portrait, the statements and the scale in a language."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from server.domain.growth import MSG_GROUP, Portrait, growth_rows, growth_svg
from server.infra import i18n

if TYPE_CHECKING:
    from server.worksheets import Catalog, Worksheet


def portraits_from_items(
    items: list[dict[str, Any]], catalog: Catalog, lang: str = i18n.DEFAULT
) -> list[Portrait]:
    """One portrait per group (the latest self-portrait of that group), groep 6 → 8."""
    latest: dict[int, tuple[str, dict[str, Any], Worksheet]] = {}
    for item in items:
        ws = catalog.worksheets.get(item["worksheet"])
        if ws is None or ws.kind != "zelfportret":
            continue
        group = ws.groups[0] if len(ws.groups) == 1 else item.get("group") or 0
        changed = item.get("updated_at") or item.get("created_at") or ""
        if group not in latest or changed >= latest[group][0]:
            latest[group] = (changed, item, ws)
    portraits = []
    for group in sorted(latest):
        _, item, ws = latest[group]
        scale = scale_field_name(ws)
        values = item["values"]
        answers = {
            st.key: value
            for st in catalog.statements
            if isinstance(value := values.get(f"{scale}.{st.key}"), str) and value
        }
        portraits.append(Portrait(i18n.translate(MSG_GROUP, lang) % {"group": group}, answers))
    return portraits


def scale_field_name(ws: Worksheet) -> str:
    for section in ws.sections:
        for f in section.fields:
            if f.kind.rates_statements:
                return f.name
    return "stellingen"


def growth_for(
    items: list[dict[str, Any]],
    catalog: Catalog,
    title: str,
    *,
    table: bool = True,
    lang: str = "nl",
) -> dict[str, Any] | None:
    """The picture (and its table) in ``lang``; the title comes already in that language."""
    portraits = portraits_from_items(items, catalog, lang)
    if not portraits:
        return None
    statements = [(st.key, i18n.translate(st.label, lang)) for st in catalog.statements]
    rows = growth_rows(statements, portraits) if table else []
    for row in rows:
        row["cells"] = [i18n.translate(c, lang) if c else c for c in row["cells"]]  # type: ignore[attr-defined]
    return {
        "svg": growth_svg(statements, portraits, title=title, lang=lang),
        "labels": [p.label for p in portraits],
        "rows": rows,
    }
