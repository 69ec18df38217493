"""What adults at home add to a pupil's portfolio: their part of a home assignment, and
compliments and activities to do together ("Van thuis").

Design rule: a contribution is a separate document with one writer, so it never conflicts
with the pupil's own edits on a (possibly offline) tablet. Both live in the PUPIL's file:

- table ``parent_parts``, keyed ``<item_id>:<adult_id>``: ``{item_id, adult_id, adult_name,
  values{flat name: value}, revs{flat name: rev}, updated_at, signed_at}``. Only fields of the
  worksheet whose ``who`` is "parent" can be written (a parent never writes the child's
  answers). Every change is also written to the file's ``history`` table (kind "parent").
- table ``from_home``: ``{id, adult_id, adult_name, relation, kind, key | text, note, when,
  at, rev}`` with kind "compliment" or "samen-doen".

The functions that clean values are pure; the store helpers each run one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from server.domain import errors, portfolio
from server.infra.store import Database, RugzakDB, new_id
from server.worksheets import Catalog, Field, Worksheet

PARTS = "parent_parts"
FROM_HOME = "from_home"
KINDS = ("compliment", "samen-doen")
NOTE_MAX = 500
OWN_MAX = 200

# The worksheet fields that describe a compliment and an activity (their option lists and
# "write your own" rules are the ones the pupil's own worksheets use).
_CHOICE_FIELD = {
    "compliment": ("complimenten", "compliment"),
    "samen-doen": ("samen-doen", "activiteit"),
}
_NOTE = Field(name="note", type="longtext", label="", max_length=NOTE_MAX)
_DATE = Field(name="when", type="date", label="")

MSG_PICK = "Kies er een uit de lijst, of schrijf zelf iets op."
MSG_LEFT = (
    "Dit kind is van school af. U kunt de Rugzak nog bekijken en bewaren,"
    " maar er niets meer aan toevoegen."
)


class Invalid(ValueError):
    """Values a parent sent that cannot be stored: Dutch messages per stored name."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def may_add(pupil: dict[str, Any]) -> bool:
    """Whether home may still add to her Rugzak (a part, a compliment, an activity): not
    once she left the school (``left_on``, server/domain/rollover.py). Her family still
    reads and downloads it; it is a record of her years here, closed when she left."""
    return not pupil.get("left_on")


def check_may_add(pupil: dict[str, Any]) -> None:
    """Refuse (403, in the reader's language) anything home would add after she left."""
    if not may_add(pupil):
        raise errors.Invalid(MSG_LEFT, 403)


def part_key(item_id: str, adult_id: str) -> str:
    return f"{item_id}:{adult_id}"


def parent_fields(ws: Worksheet) -> dict[str, Field]:
    """Every flat stored name a parent may write in this worksheet, in display order."""
    return {name: f for name, f in ws.fields().items() if f.who == "parent"}


def has_parent_part(ws: Worksheet | None) -> bool:
    return ws is not None and ws.parent_part and bool(parent_fields(ws))


def signature_field(ws: Worksheet) -> str | None:
    for name, f in parent_fields(ws).items():
        if f.kind.signs:
            return name
    return None


def clean_part(ws: Worksheet, raw: dict[str, Any]) -> dict[str, Any]:
    """Validated values for the parent's fields; Invalid names every problem. A name that is
    not a parent field (e.g. the child's "kind-kiest.1") is refused, never stored."""
    allowed = parent_fields(ws)
    cleaned: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name, value in raw.items():
        f = allowed.get(name)
        if f is None:
            errors[name] = "Dit deel is niet voor de ouder."
            continue
        try:
            cleaned[name] = f.validate(name, value)
        except ValueError as e:
            errors[name] = str(e)
    if errors:
        raise Invalid(errors)
    return cleaned


def _parts_of(db: RugzakDB, item_id: str) -> list[dict[str, Any]]:
    return [dict(d) for d in db.table(PARTS).all() if d.get("item_id") == item_id]


def save_part(
    database: Database,
    ws: Worksheet,
    item_id: str,
    adult_id: str,
    adult_name: str,
    raw: dict[str, Any],
    clock: portfolio.Clock | None = None,
) -> dict[str, Any]:
    """Validate and store the adult's part of ``item_id`` in one transaction; returns the
    stored document. A signature gets the server's time, or ``clock``'s (kept when the same
    name signs again). Raises Invalid (nothing stored) or LookupError (no such item)."""
    values = clean_part(ws, raw)
    sign = signature_field(ws)
    now = (clock or portfolio.now_iso)()
    key = part_key(item_id, adult_id)
    with database.transaction() as db:
        if portfolio.live_item(db, item_id) is None:
            raise LookupError(item_id)
        parts = db.table(PARTS)
        doc = parts.by_id(key)
        old = dict(doc["values"]) if doc else {}
        revs = dict(doc["revs"]) if doc else {}
        if sign is not None and sign in values and values[sign] is not None:
            before = old.get(sign)
            same = isinstance(before, dict) and before.get("naam") == values[sign]["naam"]
            values[sign] = {**values[sign], "op": before["op"] if same else now}
        changed = {n: v for n, v in values.items() if old.get(n) != v}
        for name, value in changed.items():
            rev = portfolio.bump_rev(db)  # the file's revision: cached pages see the change
            revs[name] = rev
            portfolio.record(
                db,
                {
                    "item_id": item_id,
                    "field": name,
                    "by": adult_id,
                    "role": "parent",
                    "at": now,
                    "kind": "parent",
                    "value": value,
                    "old": old.get(name),
                    "rev": rev,
                },
            )
        merged = {**old, **values}
        signature = merged.get(sign) if sign else None
        stored = {
            "item_id": item_id,
            "adult_id": adult_id,
            "adult_name": adult_name,
            "values": merged,
            "revs": revs,
            "updated_at": now if changed or doc is None else doc["updated_at"],
            "signed_at": signature["op"] if isinstance(signature, dict) else None,
        }
        parts.put(key, stored)
    return stored


def parts(database: Database, item_id: str | None = None) -> list[dict[str, Any]]:
    """Every adult's part (of one item, or of all items)."""
    with database.transaction() as db:
        docs = [dict(d) for d in db.table(PARTS).all()]
    return [d for d in docs if item_id is None or d["item_id"] == item_id]


def part_of(database: Database, item_id: str, adult_id: str) -> dict[str, Any] | None:
    with database.transaction() as db:
        doc = db.table(PARTS).by_id(part_key(item_id, adult_id))
    return dict(doc) if doc else None


def merged(docs: list[dict[str, Any]]) -> dict[str, Any] | None:
    """One part per item for whoever reads it: the latest signed one, else the latest
    changed one (still being filled in)."""
    if not docs:
        return None
    signed = [d for d in docs if d.get("signed_at")]
    pick = max(signed or docs, key=lambda d: (d.get("signed_at") or "", d.get("updated_at", "")))
    return pick


def merged_by_item(docs: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    by_item: dict[str, list[dict[str, Any]]] = {}
    for d in docs:
        by_item.setdefault(d["item_id"], []).append(d)
    result = {}
    for item_id, group in by_item.items():
        pick = merged(group)
        if pick is not None:
            result[item_id] = pick
    return result


def relation_label(ws: Worksheet, values: dict[str, Any], fallback: str = "") -> str:
    """What the adult said they are ("Ik ben de … van deze leerling"), else the link's."""
    for name, f in parent_fields(ws).items():
        if f.kind.picks_one and name.endswith("rol"):
            chosen = values.get(name)
            if isinstance(chosen, str) and chosen.strip():
                return next((o.label for o in f.options if o.key == chosen), chosen)
    return fallback


def with_parent_values(
    ws: Worksheet | None, item: dict[str, Any], part: dict[str, Any] | None
) -> dict[str, Any]:
    """The item with the parent's answers merged into its values (for read-only views).
    Values of parent fields among the pupil's own (written on a tablet before only parents
    could) are left out: what a view shows as the parent's is what an adult wrote."""
    theirs = parent_fields(ws) if ws is not None else {}
    own = {k: v for k, v in item["values"].items() if k not in theirs}
    return {**item, "values": {**own, **(part["values"] if part else {})}}


# --- from home: compliments and activities to do together ---


@dataclass(frozen=True)
class Choice:
    kind: str
    key: str
    text: str
    note: str
    when: str


def clean_from_home(
    catalog: Catalog, kind: str, choice: str, own: str, note: str, when: str = ""
) -> Choice:
    """A compliment or activity: a card from the list or the adult's own words."""
    if kind not in KINDS:
        raise Invalid({"kind": "Dit soort bericht bestaat niet."})
    sheet_id, field_name = _CHOICE_FIELD[kind]
    f = catalog.worksheets[sheet_id].field(field_name)
    errors: dict[str, str] = {}
    key = text = ""
    if choice and choice != "eigen":
        if choice in f.option_keys:
            key = choice
        else:
            errors["keuze"] = MSG_PICK
    else:
        try:
            text = str(f.validate(field_name, own or "")).strip()
        except ValueError as e:
            errors["eigen"] = str(e)
        if not text and "eigen" not in errors:
            errors["keuze"] = MSG_PICK
        elif len(text) > OWN_MAX:
            errors["eigen"] = f"Dit antwoord is te lang (maximaal {OWN_MAX} tekens)."
    try:
        note = str(_NOTE.validate("note", note or "")).strip()
    except ValueError as e:
        errors["note"] = str(e)
    if kind == "samen-doen":
        try:
            when = str(_DATE.validate("when", when or ""))
        except ValueError as e:
            errors["when"] = str(e)
    else:
        when = ""
    if errors:
        raise Invalid(errors)
    return Choice(kind, key, text, note, when)


def add_from_home(
    database: Database, choice: Choice, adult_id: str, adult_name: str, relation: str
) -> dict[str, Any]:
    entry = {
        "id": new_id("h_"),
        "adult_id": adult_id,
        "adult_name": adult_name,
        "relation": relation,
        "kind": choice.kind,
        "key": choice.key,
        "text": choice.text,
        "note": choice.note,
        "when": choice.when,
        "at": portfolio.now_iso(),
    }
    with database.transaction() as db:
        entry["rev"] = portfolio._next_rev(db)  # orders entries made within one second
        db.table(FROM_HOME).put(entry["id"], entry)
    return entry


def from_home(database: Database) -> list[dict[str, Any]]:
    """Compliments and activities, newest first."""
    with database.transaction() as db:
        docs = [dict(d) for d in db.table(FROM_HOME).all()]
    return sorted(docs, key=lambda d: (d.get("at", ""), d.get("rev", 0)), reverse=True)


# The pictogram of an entry in the family's own words (no card of the list).
FALLBACK_ICON = {"compliment": "message-circle", "samen-doen": "heart-handshake"}


def from_home_icons(catalog: Catalog) -> set[str]:
    """Every pictogram ``describe`` can give (the pupil's page ships them for its script)."""
    lists = {_CHOICE_FIELD[kind][0] for kind in KINDS}
    icons = {o.icon for name in lists for o in catalog.content.get(name, ()) if o.icon}
    return icons | set(FALLBACK_ICON.values())


def describe(catalog: Catalog, entry: dict[str, Any]) -> dict[str, Any]:
    """The entry with its card's label and icon (for pages and the pupil's device)."""
    list_name = _CHOICE_FIELD[entry["kind"]][0] if entry.get("kind") in KINDS else ""
    options = catalog.content.get(list_name, ())
    option = next((o for o in options if o.key == entry.get("key")), None)
    return {
        **entry,
        "label": option.label if option else entry.get("text", ""),
        "icon": option.icon if option else FALLBACK_ICON.get(entry.get("kind", ""), ""),
    }
