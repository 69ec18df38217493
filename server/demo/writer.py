"""Writes the demo pupils' portfolios from ``pupils/<pupil>.toml``, as their tablets and their
parents' phones would have sent them.

A pupil's file names the pupil (``pupil``) and lists the ``items`` in the order they were
written. An item has a ``worksheet``, the moment it was ``written`` (which also gives its
group and school year), optional ``title``, ``done = false`` and ``shared = false``, and:

- ``values``: the pupil's answers by stored field name, in the order she filled them in.
  A TOML date is a "Wanneer?" date; ``{ scene, count, taken }`` is photos taken on the class
  tablet (drawn by ``drawings``, uploaded through ``media.save``, set as their media ids).
- ``drafts``: first versions of some answers, improved ``IMPROVED_AFTER`` later, when the
  item is marked as done too: a realistic history.
- ``parent``: the adult's part of a home assignment, written ``PARENT_AFTER`` the item on the
  adult's own phone and signed by a linked adult (``ouder-handtekening.naam``).

Everything goes through ``worksheet_ops.apply`` and ``contributions.save_part``, so every
value is checked by the worksheet definitions: if a definition changes so that a value no
longer fits, ``DemoContentError`` names the pupil, the worksheet and the field. Time stamps
come from a clock passed in: each batch is stamped from its own moment, one second later per
stamp. Dates in this school year are never later than yesterday evening (the same all day, so
the demo is deterministic) and never before the school year began.
"""

from __future__ import annotations

import hashlib
import itertools
import random
import tomllib
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from server.demo.drawings import photo
from server.domain import contributions, media, portfolio, school, sync, worksheet_ops
from server.infra.store import Store
from server.worksheets import Catalog

if TYPE_CHECKING:
    from server.demo import DemoLogins

PUPILS = Path(__file__).parent / "pupils"
IMPROVED_AFTER = timedelta(days=2, minutes=7)
PARENT_AFTER = timedelta(minutes=20)
ITEM_KEYS = {"worksheet", "written", "title", "done", "shared", "values", "drafts", "parent"}
PHOTO_KEYS = {"scene", "count", "taken"}

Values = dict[str, Any]


class DemoContentError(RuntimeError):
    """The demo content does not fit the worksheet definitions or the school (any more)."""


def ticking(start: datetime) -> portfolio.Clock:
    """A clock that reads ``start``, then one second later at every reading."""
    ticks = itertools.count()
    return lambda: (start + timedelta(seconds=next(ticks))).isoformat(timespec="seconds")


def fill_portfolios(
    store: Store,
    catalog: Catalog,
    logins: DemoLogins,
    now: datetime | None = None,
    pupils: Path = PUPILS,
) -> None:
    """Write the portfolio of every pupil with a file in ``pupils``: items, history, photos
    and the adults' parts, dated as if written in the past (``now`` is the day of writing)."""
    now = now or datetime.now(UTC).replace(microsecond=0)
    with store.school.transaction() as db:
        first_year = int(school.info(db)["school_year"][:4])
        found = {}
        for name, pupil_id in logins.pupil_ids.items():
            pupil = school.get_pupil(db, pupil_id)
            klass = school.get_class(db, pupil["class_id"]) if pupil else None
            if klass is None:
                continue
            adults = {}
            for link in school.links(db, pupil_id=pupil_id):
                adult = school.get_adult(db, link["adult_id"])
                if adult is not None:
                    adults[adult["name"]] = adult["id"]
            found[name] = (pupil_id, klass["group"], adults)
    jobs = []
    for path in sorted(pupils.glob("*.toml")):
        with path.open("rb") as f:
            content = tomllib.load(f)
        name = content.get("pupil")
        if name not in found:
            raise DemoContentError(f"demo content {path.name}: no pupil {name!r} in the school")
        pupil_id, group, adults = found[name]
        writer = _Writer(store, catalog, name, pupil_id, group, first_year, adults, now)
        jobs.append((writer, content.get("items", [])))
    # Every pupil has her own file, ids and photos: their durable writes may overlap.
    with ThreadPoolExecutor(max_workers=4) as pool:
        for done in [pool.submit(writer.write, items) for writer, items in jobs]:
            done.result()


class _Writer:
    """One demo pupil's portfolio, written item by item."""

    def __init__(
        self,
        store: Store,
        catalog: Catalog,
        name: str,
        pupil_id: str,
        group: int,
        first_year: int,
        adults: dict[str, str],
        now: datetime,
    ) -> None:
        self.store, self.catalog, self.name, self.id = store, catalog, name, pupil_id
        self.group, self.first_year, self.adults = group, first_year, adults
        # Not later than yesterday evening, never before this school year began.
        self.latest = now.replace(hour=0, minute=0, second=0) - timedelta(hours=4)
        self.earliest = datetime(first_year, 8, 1, 9, 0, tzinfo=UTC)
        self._ids = random.Random(f"rugzak-demo/{name}/ids")

    def _error(self, message: str) -> DemoContentError:
        return DemoContentError(f"demo content for {self.name}: {message}")

    def _moment(self, when: Any) -> datetime:
        if not isinstance(when, datetime) or when.tzinfo is None:
            raise self._error(f"{when!r} is not a moment with a time zone (use ...Z)")
        if _year_start(when) != self.first_year:
            return when
        return max(self.earliest, min(when, self.latest))

    def write(self, items: list[Values]) -> None:
        for item in items:
            self.add(item)
        # One plain snapshot (beside history.jsonl) rather than a journal of every batch.
        self.store.pupil(self.id).compact()

    def _new_id(self, prefix: str) -> str:
        return f"{prefix}{self._ids.getrandbits(64):016x}"

    def add(self, item: Values) -> None:
        """Create an item and fill it as the pupil would: answers, then (later) edits and done;
        then the adult's part, if any."""
        unknown = set(item) - ITEM_KEYS
        worksheet = item.get("worksheet")
        if unknown or worksheet not in self.catalog.worksheets:
            raise self._error(f"no worksheet {worksheet!r}, or unknown keys {sorted(unknown)}")
        when = self._moment(item.get("written"))
        start = _year_start(when)
        group = self.group - (self.first_year - start)
        if start > self.first_year or group not in self.catalog.worksheets[worksheet].groups:
            raise self._error(f"{worksheet} written {when:%Y-%m-%d} is not for groep {group}")
        school_year = f"{start}-{start + 1}"
        values = {field: self._value(value) for field, value in item.get("values", {}).items()}
        drafts = item.get("drafts", {})
        if set(drafts) - set(values):
            raise self._error(
                f"{worksheet}: drafts of no answer {sorted(set(drafts) - set(values))}"
            )
        item_id = self._new_id("i_")

        def set_op(field: str, value: Any, base_rev: int = 0) -> Values:
            op = {"op_id": self._new_id("op_"), "type": "set", "item_id": item_id}
            return op | {"field": field, "value": value, "base_rev": base_rev}

        create = {"op_id": self._new_id("op_"), "type": "create", "item_id": item_id}
        first = [create | {"worksheet": worksheet}]
        first += [set_op(field, drafts.get(field, value)) for field, value in values.items()]
        if item.get("title"):
            first.append(set_op("_title", item["title"]))
        if item.get("shared", True):
            first.append(set_op("_shared", True))
        results = self._apply(worksheet, group, school_year, when, first)
        revs = {
            op["field"]: r["rev"] for op, r in zip(first, results, strict=True) if "field" in op
        }
        later = [set_op(field, values[field], revs[field]) for field in drafts]
        if item.get("done", True):
            later.append(set_op("_status", "klaar"))
        if later:
            self._apply(worksheet, group, school_year, when + IMPROVED_AFTER, later)
        if item.get("parent"):
            self._parent_part(worksheet, item_id, when + PARENT_AFTER, item["parent"])

    def _value(self, value: Any) -> Any:
        if isinstance(value, date) and not isinstance(value, datetime):
            return value.isoformat()
        if not isinstance(value, dict):
            return value
        if set(value) != PHOTO_KEYS:
            raise self._error(f"photos need exactly {sorted(PHOTO_KEYS)}, got {sorted(value)}")
        taken = self._moment(value["taken"])
        ids = []
        for i in range(value["count"]):
            data = photo(
                value["scene"], f"rugzak-demo/{self.name}", i, taken + timedelta(minutes=i)
            )
            media_id = hashlib.sha256(data).hexdigest()
            media.save(self.store, self.id, media_id, data)
            ids.append(media_id)
        return ids

    def _apply(
        self, worksheet: str, group: int, school_year: str, when: datetime, ops: list[Values]
    ) -> list[Values]:
        results = worksheet_ops.apply(
            self.store.pupil(self.id),
            ops,
            portfolio.Actor(self.id, "pupil"),
            self.catalog,
            group,
            school_year,
            clock=ticking(when),
        )
        for op, result in zip(ops, results, strict=True):
            if result["status"] != sync.APPLIED:
                raise self._error(
                    f"{worksheet} field {op.get('field', '(nieuw item)')!r} was "
                    f"{result['status']}: {result.get('reason', '')}"
                )
        return results

    def _parent_part(self, worksheet: str, item_id: str, when: datetime, values: Values) -> None:
        signature = values.get("ouder-handtekening", {})
        adult_name = signature.get("naam")
        if adult_name not in self.adults:
            raise self._error(f"{worksheet}: the parent's part is not signed by a linked adult")
        signed = signature | {"op": when.isoformat(timespec="seconds")}  # as the phone sends it
        try:
            contributions.save_part(
                self.store.pupil(self.id),
                self.catalog.worksheets[worksheet],
                item_id,
                self.adults[adult_name],
                adult_name,
                values | {"ouder-handtekening": signed},
                clock=ticking(when),
            )
        except contributions.Invalid as e:
            raise self._error(f"{worksheet} parent's part: {e}") from None


def _year_start(when: datetime) -> int:
    """The calendar year in which the school year of ``when`` began (on 1 August)."""
    return when.year if when.month >= 8 else when.year - 1
