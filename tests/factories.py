"""Small worlds for tests, built through the domain with neutral generated names.

Every function writes through ``server.domain`` (school, worksheet_ops, contributions) the
way the routes do, so a test states only what it needs: a school with a class, a teacher, a
pupil with a PIN, a parent linked by invitation, an item with values. Names are generated
("Pupil3 Test", "parent4"), so no test depends on the demo school's people.

Tests of the demo itself use the ``demo``/``full_demo`` fixtures in tests/conftest.py.
"""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass
from typing import Any

from server.domain import contributions, school, worksheet_ops
from server.domain.portfolio import Actor
from server.infra import passwords
from server.infra.store import Store
from server.worksheets import Catalog, Field, Worksheet

FAST_HASH = 2**4  # scrypt cost for tests only: the real cost makes the suite slow
SCHOOL_NAME = "Testschool"
SCHOOL_YEAR = "2026-2027"
PIN = "2468"
PASSWORD = "test-wachtwoord-1"

_numbers = itertools.count(1)


def _n() -> int:
    return next(_numbers)


@dataclass(frozen=True)
class Class:
    id: str
    name: str
    group: int
    code: str


@dataclass(frozen=True)
class Staff:
    id: str
    role: str
    username: str
    name: str
    password: str


@dataclass(frozen=True)
class Pupil:
    id: str
    first_name: str
    last_name: str
    class_id: str
    pin: str

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True)
class Adult:
    id: str
    username: str
    name: str
    password: str
    pupil_id: str
    relation: str


# --- the school ---


def school_info(store: Store, name: str = SCHOOL_NAME, school_year: str = SCHOOL_YEAR) -> None:
    with store.school.transaction() as db:
        school.set_info(db, name, school_year)


def teacher(store: Store, *, role: str = "teacher", password: str = PASSWORD) -> Staff:
    n = _n()
    username, name = f"{role}{n}", f"{role.capitalize()} {n}"
    with store.school.transaction() as db:
        staff_id = school.create_staff(
            db, role, username, name, passwords.hash_secret(password, FAST_HASH)
        )
    return Staff(staff_id, role, username, name, password)


def admin(store: Store) -> Staff:
    return teacher(store, role="admin")


def school_class(store: Store, *, group: int = 7, teachers: tuple[Staff, ...] = ()) -> Class:
    """A class of ``group`` taught by ``teachers``; the school gets a name and year first."""
    name = f"Groep {group} ({_n()})"
    with store.school.transaction() as db:
        if not school.info(db)["name"]:
            school.set_info(db, SCHOOL_NAME, SCHOOL_YEAR)
        class_id = school.create_class(db, name, group, [t.id for t in teachers])
        code = school.get_class(db, class_id)["code"]
    return Class(class_id, name, group, code)


def pupil(store: Store, cls: Class, *, pin: str = PIN) -> Pupil:
    first, last = f"Pupil{_n()}", "Test"
    with store.school.transaction() as db:
        pupil_id = school.create_pupil(
            db, first, last, cls.id, passwords.hash_secret(pin, FAST_HASH)
        )
    return Pupil(pupil_id, first, last, cls.id, pin)


def invitation(
    store: Store, of: Pupil, *, by: Staff | None = None, days: int = 14, relation: str = ""
) -> str:
    """A one-time code on a letter for ``of`` (returns the code as printed)."""
    with store.school.transaction() as db:
        _, code = school.create_invitation(
            db, of.id, by.id if by else "s_000000000000", days, relation
        )
    return code


def parent(store: Store, of: Pupil, *, relation: str = "moeder", password: str = PASSWORD) -> Adult:
    """An adult who redeemed an invitation for ``of``: the steps of the redeem route."""
    code = invitation(store, of, relation=relation)
    n = _n()
    username, name = f"parent{n}", f"Parent {n}"
    with store.school.transaction() as db:
        inv = school.find_invitation(db, code)
        adult_id = school.create_adult(
            db, name, username, passwords.hash_secret(password, FAST_HASH)
        )
        school.link(db, adult_id, inv["pupil_id"], relation)
        school.use_invitation(db, inv["id"], adult_id)
    return Adult(adult_id, username, name, password, of.id, relation)


# --- portfolio items ---


PHOTO = "ab" * 32
SIGNED_AT = "2026-03-14T10:30:00+00:00"
SIGNER = "Signing Parent"


def item(
    store: Store,
    catalog: Catalog,
    pupil_id: str,
    worksheet: str,
    values: dict[str, Any] | None = None,
    *,
    item_id: str | None = None,
    group: int = 7,
    school_year: str = SCHOOL_YEAR,
    shared: bool = False,
    status: str = "bezig",
) -> str:
    """An item of ``worksheet`` with ``values``, written as the pupil's tablet would; values of
    the parent's part are saved as the first linked adult's part (as the parent's phone
    would). Returns the item id."""
    item_id = item_id or f"i_{uuid.uuid4().hex[:12]}"
    ops: list[dict[str, Any]] = [
        {"op_id": f"c-{item_id}", "type": "create", "item_id": item_id, "worksheet": worksheet}
    ]
    values = values or {}
    fields = catalog.worksheets[worksheet].fields()
    # The parent's part is written by a linked adult on their own phone, never by the pupil.
    parent_values = {
        k: v for k, v in values.items() if k in fields and fields[k].writer == "parent"
    }
    values = {k: v for k, v in values.items() if k not in parent_values}
    all_values = {**values, "_shared": shared, "_status": status}
    for i, (name, value) in enumerate(all_values.items()):
        ops.append(
            {
                "op_id": f"s-{item_id}-{i}",
                "type": "set",
                "item_id": item_id,
                "field": name,
                "value": value,
                "base_rev": 0,
            }
        )
    results = worksheet_ops.apply(
        store.pupil(pupil_id), ops, Actor(pupil_id, "pupil"), catalog, group, school_year
    )
    assert all(r["status"] == "applied" for r in results), results
    if parent_values:
        with store.school.transaction() as db:
            links = school.links(db, pupil_id=pupil_id)
            adult = school.get_adult(db, links[0]["adult_id"]) if links else None
        adult_id, name = (adult["id"], adult["name"]) if adult else ("o_000000000001", "Ouder")
        contributions.save_part(
            store.pupil(pupil_id),
            catalog.worksheets[worksheet],
            item_id,
            adult_id,
            name,
            parent_values,
        )
    return item_id


def apply_as_pupil(
    store: Store,
    catalog: Catalog,
    pupil: Pupil,
    ops: list[Any],
    *,
    group: int = 7,
    school_year: str = SCHOOL_YEAR,
) -> list[dict[str, Any]]:
    """Operations from the pupil's own tablet; the answers, one per operation."""
    return worksheet_ops.apply(
        store.pupil(pupil.id), ops, Actor(pupil.id, "pupil"), catalog, group, school_year
    )


def add_item(app, pupil_id: str, worksheet: str, values: dict[str, Any] | None = None, **kw):
    """``item`` in the store and with the catalogue of ``app``."""
    rz = app.state.rugzak
    return item(rz.store, rz.catalog, pupil_id, worksheet, values, **kw)


def fill_values(ws: Worksheet) -> tuple[dict[str, Any], list[str]]:
    """A valid value for every stored name of ``ws`` and the texts the view must show
    (``PUPIL`` and ``SIGNED_DATE`` in them are filled in by the test)."""
    values: dict[str, Any] = {}
    expect: list[str] = []
    for n, (stored, f) in enumerate(ws.fields().items()):
        value, shown = _value_for(f, stored, n)
        values[stored] = f.validate(stored, value)  # the builder itself must be valid
        expect += shown
    return values, expect


def _value_for(f: Field, stored: str, n: int) -> tuple[Any, list[str]]:
    marker = f"antw{n}x"
    kind = f.type
    if kind == "text" or (kind == "multichoice" and stored.endswith("-anders")):
        return marker, [marker]
    if kind == "longtext":
        return f"Eerste regel {marker}\nTweede regel", [marker, "Tweede regel"]
    if kind == "people":
        return marker, [marker]
    if kind == "date":
        return "2026-03-14", ["14 maart 2026"]
    if kind == "yesno":
        return ("ja", ["JA"]) if n % 2 else ("nee", ["NEE"])
    if kind == "choice":
        option = f.options[-1]
        return option.key, [option.label]
    if kind == "multichoice":
        chosen = f.options[: min(2, f.max_choices or 2)]
        return [o.key for o in chosen], [o.label for o in chosen]
    if kind == "scale":
        statement = stored.split(".", 1)[1]
        index = [o.key for o in f.options].index(statement)
        answer = f.scale[index % len(f.scale)]
        label = next(o.label for o in f.options if o.key == statement)
        return answer.key, [label, answer.label]
    if kind == "cards":
        if stored.endswith(".situatie"):
            return f"Toen {marker}", [marker]
        i = int(stored.split(".")[1])
        if i % 2 == 0 and f.allow_own:
            return f"eigen:Eigen{marker}", [f"Eigen{marker}"]
        card = f.options[i]
        return card.key, [card.label, card.hint]
    if kind == "ranking":
        places = [f.options[5].key, "eigen:Luisteraar", ""][: f.count]
        return places, [f.options[5].label, "Luisteraar"]
    if kind == "photos":
        return [PHOTO], [f"/media/PUPIL/{PHOTO}/klein"]
    if kind == "signature":
        return {"naam": SIGNER, "bevestigd": True, "op": SIGNED_AT}, [
            "Getekend door",
            SIGNER,
            "SIGNED_DATE",  # the server's time of signing: filled in after saving
        ]
    raise AssertionError(f"no test value for type {kind}")
