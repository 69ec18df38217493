"""A child's whole Rugzak gathered for the family to keep: every item with its fields (and
the worksheet's questions), their history, the parents' parts, what came from home, the
conversations with their agreements, the school advice and the school choice, and the
photos. ``collect`` reads it once the caller may see the pupil; ``document`` makes it the
versioned JSON described in ``export_schema.json`` (format ``rugzak-export``, version 1).

What the family receives is what their pages show: only the items the child shared and her
teacher did not keep from them (the route passes ``may_see_item``), no teacher's notes, no
advice that is not yet shared, no hiding reasons. Staff receive everything."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from server.domain import (
    advice,
    agreements,
    contributions,
    hiding,
    media,
    planning,
    portfolio,
    school,
    shortlist,
    vo_schools,
)
from server.domain.errors import NotFound
from server.domain.records import Item, Pupil, SchoolClass
from server.infra.store import Store
from server.worksheets import Catalog, Field, Worksheet

FORMAT = "rugzak-export"
VERSION = 1
SCHEMA_FILE = Path(__file__).with_name("export_schema.json")
PHOTO_FIELD = "photos"
OWN = "eigen:"  # a card or place in the child's own words

# The booklet's sections, in the order a child reads them (the msgids of their headings).
SECTIONS = {
    "zelfportretten": "Zelfportretten",
    "kwaliteiten": "Mijn kwaliteiten",
    "ervaringen": "Ervaringen",
    "thuisopdrachten": "Thuisopdrachten",
    "complimenten": "Complimenten",
    "samen-doen": "Samen doen",
    "gesprekken": "Gesprekken en afspraken",
    "advies": "Schooladvies en schoolkeuze",
}
QUALITIES_SHEET = "kwaliteiten-top3"
_SECTION_OF_KIND = {
    "zelfportret": "zelfportretten",
    "ervaring": "ervaringen",
    "thuisopdracht": "thuisopdrachten",
    "complimenten": "complimenten",
    "samen-doen": "samen-doen",
}


def section_of(ws: Worksheet) -> str:
    """The booklet section an item of this worksheet belongs in."""
    if ws.id == QUALITIES_SHEET:
        return "kwaliteiten"
    return _SECTION_OF_KIND.get(ws.kind, "ervaringen")


@dataclass
class Collected:
    """Everything of one pupil an export holds, for one audience."""

    pupil: Pupil
    cls: SchoolClass | None
    school_name: str
    school_year: str
    staff: bool  # the school's copy (everything) or the family's
    items: list[Item] = field(default_factory=list)  # parents' answers merged into values
    parts: list[dict[str, Any]] = field(default_factory=list)
    history: list[dict[str, Any]] = field(default_factory=list)
    from_home: list[dict[str, Any]] = field(default_factory=list)
    conversations: list[dict[str, Any]] = field(default_factory=list)
    advice: list[dict[str, Any]] = field(default_factory=list)
    choice: dict[str, Any] = field(default_factory=dict)
    visits: list[dict[str, Any]] = field(default_factory=list)
    schools: dict[str, str] = field(default_factory=dict)  # VO-school names by code
    photos: dict[str, Path] = field(default_factory=dict)  # media id -> the photo on disk

    @property
    def name(self) -> str:
        return school.full_name(self.pupil)


def photo_file(media_id: str) -> str:
    """A photo's path inside the ZIP (and the booklet's address of it)."""
    return f"media/{media_id}.webp"


def media_ids(ws: Worksheet, values: dict[str, Any]) -> list[str]:
    ids: list[str] = []
    for name, f in ws.fields().items():
        if f.type == PHOTO_FIELD:
            ids += [m for m in values.get(name) or [] if isinstance(m, str)]
    return ids


def collect(
    store: Store,
    catalog: Catalog,
    pupil_id: str,
    may_see_item: Callable[[Pupil, Item], bool],
    *,
    staff: bool,
) -> Collected:
    """The pupil's export (call it only once the caller may see the pupil)."""
    with store.school.transaction() as db:
        pupil = school.get_pupil(db, pupil_id)
        if pupil is None:
            raise NotFound(pupil_id)
        info = school.info(db)
        planned = planning.conversations(db, pupil_id)
        out = Collected(
            pupil=pupil,
            cls=school.get_class(db, pupil["class_id"]),
            school_name=info.get("name", ""),
            school_year=info.get("school_year", ""),
            staff=staff,
        )
    database = store.pupil(pupil_id)
    with database.transaction():  # one state of her file
        items = [
            i
            for i in portfolio.items(database)
            if i["worksheet"] in catalog.worksheets and may_see_item(pupil, i)
        ]
        seen = {i["id"] for i in items}
        parts = [p for p in contributions.parts(database) if p["item_id"] in seen]
        history = [
            dict(h)
            for h in portfolio.history(database)
            if h["item_id"] in seen and (staff or h["field"] != hiding.FIELD)
        ]
        out.from_home = contributions.from_home(database)
        agreed = agreements.all_of(database)
        out.advice = advice.versions(database, shared_only=not staff)
        out.choice = shortlist.read(database)
    by_item = contributions.merged_by_item(parts)
    for item in sorted(items, key=lambda i: (i.get("school_year") or "", i["created_at"])):
        ws = catalog.worksheets[item["worksheet"]]
        shown = contributions.with_parent_values(ws, item, by_item.get(item["id"]))
        if not staff:
            shown = {k: v for k, v in shown.items() if k != hiding.HIDDEN}
        out.items.append(shown)  # type: ignore[arg-type]
        for media_id in media_ids(ws, shown["values"]):
            if media.valid_media_id(media_id) and media.exists(store, pupil_id, media_id):
                out.photos[media_id] = media.path_for(store, pupil_id, media_id, "groot")
    out.parts, out.history = parts, history
    out.conversations = _conversations(planned, agreed, staff)
    out.visits = shortlist.visits(store.school, pupil_id)
    codes = set(out.choice["codes"]) | {out.choice["final"]} | {v["code"] for v in out.visits}
    for code in sorted(c for c in codes if c):
        try:
            out.schools[code] = vo_schools.get_school(store.school, code).get("name", code)
        except NotFound:
            out.schools[code] = code
    return out


def _conversations(
    planned: list[Any], agreed: list[dict[str, Any]], staff: bool
) -> list[dict[str, Any]]:
    """Planned and held conversations, each with its agreements (oldest first). The
    teacher's private note stays with staff."""
    rows: dict[str, dict[str, Any]] = {}
    for c in planned:
        row = {k: c.get(k, "") for k in ("id", "kind", "at", "place")}
        if staff and c.get("note"):
            row["note"] = c["note"]
        rows[c["id"]] = row
    for a in agreed:
        row = rows.setdefault(a["id"], {"id": a["id"], "kind": a["kind"], "at": a["at"]})
        row["agreements"] = a
    return sorted(rows.values(), key=lambda r: r.get("at") or "")


# --- the JSON document ---


def _readable(f: Field, value: Any) -> Any:
    """A stored value in words: option keys become their labels."""
    labels = {o.key: o.label for o in (*f.options, *f.scale)}

    def word(v: Any) -> Any:
        if not isinstance(v, str):
            return v
        return v.removeprefix(OWN) if v.startswith(OWN) else labels.get(v, v)

    return [word(v) for v in value] if isinstance(value, list) else word(value)


def _fields(ws: Worksheet, values: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for section in ws.sections:
        for f in section.fields:
            for name in f.stored_names():
                if name not in values:
                    continue
                row = {
                    "name": name,
                    "label": f.label,
                    "section": section.title,
                    "type": f.type,
                    "who": f.who,
                    "value": values[name],
                    "answer": _readable(f, values[name]),
                }
                rows.append(row)
    return rows


def _item(c: Collected, item: Item, catalog: Catalog) -> dict[str, Any]:
    ws = catalog.worksheets[item["worksheet"]]
    values = item["values"]
    own = {k: v for k, v in values.items() if not k.startswith("_")}
    row: dict[str, Any] = {
        "id": item["id"],
        "worksheet": {"id": ws.id, "title": ws.title, "kind": ws.kind},
        "section": section_of(ws),
        "title": values.get("_title") or ws.title,
        "group": item.get("group"),
        "school_year": item.get("school_year") or "",
        "status": values.get("_status") or "bezig",
        "shared": bool(values.get("_shared")),
        "created_at": item["created_at"],
        "updated_at": item.get("updated_at") or item["created_at"],
        "fields": _fields(ws, own),
        "photos": [photo_file(m) for m in media_ids(ws, values) if m in c.photos],
        "history": [
            {k: h[k] for k in ("field", "at", "role", "kind", "value", "rev") if k in h}
            for h in c.history
            if h["item_id"] == item["id"]
        ],
        "parent_parts": [
            {
                "adult_name": p.get("adult_name", ""),
                "updated_at": p.get("updated_at", ""),
                "signed_at": p.get("signed_at") or "",
                "fields": _fields(ws, p.get("values", {})),
            }
            for p in c.parts
            if p["item_id"] == item["id"]
        ],
    }
    if c.staff and item.get(hiding.HIDDEN):
        row["hidden_from_family"] = item[hiding.HIDDEN]
    return row


def document(c: Collected, catalog: Catalog, now: datetime | None = None) -> dict[str, Any]:
    """The export as JSON-ready data (``export_schema.json``)."""
    now = now or datetime.now(UTC)
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": now.isoformat(timespec="seconds"),
        "audience": "school" if c.staff else "family",
        "school": {"name": c.school_name, "school_year": c.school_year},
        "pupil": {
            "first_name": c.pupil["first_name"],
            "last_name": c.pupil["last_name"],
            "group": c.cls["group"] if c.cls else None,
            "class": c.cls["name"] if c.cls else "",
            "left_on": c.pupil.get("left_on", ""),
        },
        "sections": SECTIONS,
        "items": [_item(c, item, catalog) for item in c.items],
        "from_home": [
            {
                "kind": e.get("kind", ""),
                "at": e.get("at", ""),
                "by_name": e.get("adult_name", ""),
                "label": contributions.describe(catalog, e)["label"],
                "text": e.get("text", ""),
                "note": e.get("note", ""),
                "when": e.get("when", ""),
            }
            for e in c.from_home
        ],
        "conversations": [_conversation(r) for r in c.conversations],
        "advice": [_advice(v) for v in c.advice],
        "school_choice": {
            "shortlist": [{"code": k, "name": c.schools.get(k, k)} for k in c.choice["codes"]],
            "final": (
                {"code": c.choice["final"], "name": c.schools.get(c.choice["final"], "")}
                if c.choice["final"]
                else None
            ),
            "registered_on": c.choice["registered_on"],
            "remarks": [
                {"code": k, "name": c.schools.get(k, k), **v}
                for k, v in c.choice["remarks"].items()
            ],
            "open_day_visits": [
                {"code": v["code"], "name": c.schools.get(v["code"], ""), "at": v["at"]}
                for v in c.visits
            ],
        },
        "photos": [{"file": photo_file(m), "id": m} for m in c.photos],
    }


def _conversation(row: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "kind": row.get("kind", ""),
        "title": planning.KINDS.get(row.get("kind", ""), row.get("kind", "")),
        "at": row.get("at", ""),
        "place": row.get("place", ""),
    }
    if row.get("note"):
        out["teacher_note"] = row["note"]
    a = row.get("agreements")
    if a:
        out["agreements"] = {
            "fields": [
                {"name": k, "question": q, "answer": a["values"][k]}
                for k, q in agreements.FIELDS.items()
                if a["values"].get(k)
            ],
            "next": a.get("next", ""),
            "agreed_by": sorted(a.get("marks", {})),
            "experience": [
                {
                    "who": who,
                    "face": agreements.FACES.get(e.get("face", ""), ""),
                    "text": e.get("text", ""),
                }
                for who, e in a.get("experience", {}).items()
            ],
            "outcome": (a.get("outcome") or {}).get("value", ""),
        }
    return out


def _advice(v: dict[str, Any]) -> dict[str, Any]:
    return {
        "step": v["step"],
        "title": advice.STEPS.get(v["step"], v["step"]),
        "levels": [advice.LEVELS.get(k, k) for k in v.get("levels", [])],
        "cognitive": v.get("cognitive", ""),
        "factors": {
            advice.FACTORS.get(k, k): text for k, text in (v.get("factors") or {}).items() if text
        },
        "reason": v.get("reason", ""),
        "outcome": advice.OUTCOMES.get(v.get("outcome", ""), ""),
        "test": [advice.LEVELS.get(k, k) for k in v.get("test", [])],
        "by_name": v.get("by_name", ""),
        "written_at": v.get("written_at", ""),
        "shared_at": (v.get("reviewed") or {}).get("at", ""),
        "reactions": [
            {k: r.get(k, "") for k in ("who", "name", "kind", "note", "at")}
            for r in (v.get("reactions") or {}).values()
        ],
    }
