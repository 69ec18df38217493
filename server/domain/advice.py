"""The school advice, never a surprise: the pre-advies of groep 7, the provisional and the
final advice of groep 8, and the heroverweging after the doorstroomtoets, each version kept
with who, when and why.

The rules (national, since 2024): an advice is one level or two adjacent levels (a double
advice such as vmbo-gt/havo), substantiated positively by the cognitive results and the
handbook's non-cognitive factors. A colleague or the intern begeleider marks a version
*bekeken* before pupil and parent see it. When the test result is higher than the final
advice the school reconsiders: it raises the advice, raises it partly, or not — and then
records why. A lower result never lowers the advice.

The versions belong to the child: they live in the pupil's own file (table ``advice``,
keyed by version id, never changed except for the review mark and the family's reactions).
Who may write is the caller's check (the pupil's own teacher); who may review too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime
from typing import Any

from server.domain import classes, portfolio, school
from server.domain.errors import Invalid, NotFound
from server.domain.records import Pupil
from server.infra.store import Database, Store, new_id

ADVICE = "advice"
# The ladder of advice levels, low to high: the worksheet's levels (content/schoolniveaus.toml)
# with atheneum and gymnasium as one "vwo" (an advice does not choose between them).
LEVELS = {
    "praktijkonderwijs": "praktijkonderwijs",
    "vmbo-bk": "vmbo basis en kader",
    "vmbo-gt": "vmbo gemengd en theoretisch",
    "havo": "havo",
    "vwo": "vwo",
}
RANK = {key: n for n, key in enumerate(LEVELS)}
# What the advice pre-fills in "Een school die past", opdracht 1 (its own level keys).
WORKSHEET_LEVEL = {"vwo": "vwo-atheneum"}
STEPS = {
    "pre-advies": "Pre-advies",
    "voorlopig": "Voorlopig schooladvies",
    "definitief": "Definitief schooladvies",
    "heroverweging": "Heroverweging",
}
STEP_GROUP = {"pre-advies": 7, "voorlopig": 8, "definitief": 8, "heroverweging": 8}
# The handbook's non-cognitive factors (seed l. 2596-2625), each substantiated positively.
FACTORS = {
    "werkhouding": "Werkhouding",
    "gedrag": "Gedrag",
    "zelfstandigheid": "Zelfstandigheid",
    "doorzettingsvermogen": "Doorzettingsvermogen",
    "steun-thuis": "Steun van thuis",
}
OUTCOMES = {"verhoogd": "Verhoogd", "deels": "Deels verhoogd", "niet": "Niet verhoogd"}
MAX_TEXT = 1_500

# What a parent may be told (translated on their page: tests/infra/test_i18n.py reads MSG_*).
MSG_SIGN_NAME = "Vul uw naam in om te ondertekenen."
MSG_FOLLOW_UP_NOTE = "Schrijf kort waarover u nog wilt praten."
MSG_NOT_SHARED = "Dit advies is er (nog) niet."


class AdviceError(Invalid):
    """A teacher's input that breaks a rule; the message says which, in Dutch."""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _text(value: str, what: str, required: bool = True) -> str:
    value = value.strip()
    if required and not value:
        raise AdviceError(f"Schrijf {what}.")
    if len(value) > MAX_TEXT:
        raise AdviceError(f"{what[0].upper()}{what[1:]} is te lang (maximaal {MAX_TEXT} tekens).")
    return value


def check_levels(levels: Iterable[str]) -> list[str]:
    """One level, or two adjacent ones, low to high."""
    chosen = sorted(set(levels), key=lambda k: RANK.get(k, -1))
    if not chosen or any(k not in RANK for k in chosen):
        raise AdviceError("Kies één niveau, of twee niveaus naast elkaar (een dubbel advies).")
    if len(chosen) > 2 or (len(chosen) == 2 and RANK[chosen[1]] - RANK[chosen[0]] != 1):
        raise AdviceError("Een dubbel advies is twee niveaus naast elkaar, zoals vmbo-gt/havo.")
    return chosen


def label(levels: Iterable[str]) -> str:
    """ "vmbo gemengd/theoretisch / havo": how pages name an advice."""
    return " / ".join(LEVELS.get(k, k) for k in levels)


def _ranks(levels: Iterable[str]) -> tuple[int, int]:
    ranks = [RANK[k] for k in levels]
    return min(ranks), max(ranks)


# --- reading the file ---


def versions(database: Database, shared_only: bool = False) -> list[dict[str, Any]]:
    """Every version, oldest first; ``shared_only``: what pupil and parent see (bekeken)."""
    with database.transaction() as db:
        rows = [{"id": k, **v} for k, v in db.table(ADVICE).rows()]
    rows.sort(key=lambda v: (v["written_at"], v["n"]))
    return [v for v in rows if v.get("reviewed") or not shared_only]


def current(rows: list[dict[str, Any]], step: str) -> dict[str, Any] | None:
    """The latest version of ``step`` (later versions of a step replace earlier ones)."""
    return next((v for v in reversed(rows) if v["step"] == step), None)


def standing(rows: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The advice in force: the heroverweging's outcome, else the final, else the provisional
    advice, else the pre-advies (only reviewed versions count)."""
    shared = [v for v in rows if v.get("reviewed")]
    for step in ("heroverweging", "definitief", "voorlopig", "pre-advies"):
        if version := current(shared, step):
            return version
    return None


# --- what the teacher does ---


def write(
    database: Database,
    step: str,
    levels: Iterable[str],
    cognitive: str,
    factors: Mapping[str, str],
    by: str,
    by_name: str,
    reason: str = "",
    group: int | None = None,
) -> str:
    """A new version of the pre-advies (groep 7), the provisional or the final advice
    (groep 8); ``group`` is the pupil's (None: not checked, for tests of the rules alone)."""
    if step not in ("pre-advies", "voorlopig", "definitief"):
        raise AdviceError("Kies welk advies u geeft.")
    if group is not None and STEP_GROUP[step] != group:
        raise AdviceError(f"Het {STEPS[step].lower()} hoort bij groep {STEP_GROUP[step]}.")
    chosen = check_levels(levels)
    record = {
        "step": step,
        "levels": chosen,
        "cognitive": _text(cognitive, "de onderbouwing met de resultaten"),
        "factors": {
            key: _text(factors.get(key, ""), f"iets over {name.lower()}")
            for key, name in FACTORS.items()
        },
    }
    with database.transaction() as db:
        rows = [{"id": k, **v} for k, v in db.table(ADVICE).rows()]
        provisional, final = current(rows, "voorlopig"), current(rows, "definitief")
        if step == "definitief" and provisional is None:
            raise AdviceError("Geef eerst het voorlopig schooladvies.")
        if step == "pre-advies" and provisional is not None:
            raise AdviceError("Er is al een voorlopig schooladvies: het pre-advies blijft zo.")
        if step == "voorlopig" and final is not None:
            raise AdviceError("Er is al een definitief advies: het voorlopig advies blijft zo.")
        if step == "definitief" and final is not None and final.get("reviewed"):
            raise AdviceError(
                "Het definitief advies is gedeeld. Na de toets kan het alleen nog omhoog, "
                "met een heroverweging."
            )
        # Why, whenever it changes: a new version of the step, or a final advice that is
        # not the provisional one.
        earlier = current(rows, step)
        changes = earlier is not None or (
            step == "definitief" and provisional is not None and provisional["levels"] != chosen
        )
        why = _text(reason, "waarom het advies anders is", required=changes)
        return _add(db, {**record, "reason": why, "by": by, "by_name": by_name}, rows)


def reconsider(
    database: Database,
    when: str,
    test_levels: Iterable[str],
    outcome: str,
    levels: Iterable[str],
    reason: str,
    by: str,
    by_name: str,
) -> str:
    """The heroverweging after a test result higher than the final advice."""
    try:
        day = date.fromisoformat(when)
    except ValueError:
        raise AdviceError("Vul de datum van de heroverweging in.") from None
    test = check_levels(test_levels)
    if outcome not in OUTCOMES:
        raise AdviceError("Kies de uitkomst: verhoogd, deels verhoogd of niet verhoogd.")
    with database.transaction() as db:
        rows = [{"id": k, **v} for k, v in db.table(ADVICE).rows()]
        final = current(rows, "definitief")
        if final is None or not final.get("reviewed"):
            raise AdviceError("Een heroverweging kan pas na het gedeelde definitief advies.")
        base = current(rows, "heroverweging") or final
        low, high = _ranks(base["levels"])
        if _ranks(test)[1] <= high:
            raise AdviceError(
                "De toets is niet hoger dan het advies. Een heroverweging is niet nodig; "
                "het advies blijft zoals het is."
            )
        new = list(base["levels"]) if outcome == "niet" else check_levels(levels)
        new_low, new_high = _ranks(new)
        if new_low < low or new_high < high:
            raise AdviceError("Een advies wordt nooit lager na de toets. Kies een ander niveau.")
        if outcome == "niet" and new != base["levels"]:
            raise AdviceError("Niet verhoogd: het advies blijft gelijk.")
        # Raised: the whole advice at least at the test's level; partly: higher, not all the way.
        if outcome == "verhoogd" and new_low < _ranks(test)[0]:
            raise AdviceError("Verhoogd tot het niveau van de toets? Kies anders 'deels'.")
        if outcome == "deels" and new_low >= _ranks(test)[0]:
            raise AdviceError("Dat is verhoogd tot het niveau van de toets: kies 'verhoogd'.")
        if outcome != "niet" and new_high <= high and new_low <= low:
            raise AdviceError("Verhoogd: kies een hoger niveau dan het advies.")
        why = _text(reason, "waarom het advies niet of deels omhoog gaat", outcome != "verhoogd")
        return _add(
            db,
            {
                "step": "heroverweging",
                "date": day.isoformat(),
                "test": test,
                "outcome": outcome,
                "levels": new,
                "reason": why,
                "by": by,
                "by_name": by_name,
            },
            rows,
        )


def _add(db: Any, record: dict[str, Any], rows: list[dict[str, Any]]) -> str:
    version_id = new_id("v_")
    portfolio.bump_rev(db)  # the file's revision: kept pages and the device see it
    db.table(ADVICE).put(
        version_id,
        {**record, "n": len(rows) + 1, "written_at": _now(), "reviewed": None, "reactions": {}},
    )
    return version_id


def review(database: Database, version_id: str, by: str, by_name: str) -> None:
    """A colleague or the intern begeleider has looked at it: now pupil and parent see it."""
    with database.transaction() as db:
        doc = db.table(ADVICE).stored(version_id)
        if doc is None:
            raise NotFound(version_id)
        if doc["by"] == by:
            raise AdviceError("Een collega of de intern begeleider kijkt het na, niet uzelf.")
        if doc.get("reviewed"):
            return
        portfolio.bump_rev(db)
        db.table(ADVICE).patch(version_id, {"reviewed": {"by": by, "name": by_name, "at": _now()}})


# --- what the family does ---


def react(
    database: Database,
    version_id: str,
    who: str,
    by: str,
    name: str,
    kind: str,
    note: str = "",
) -> None:
    """The parent signs (akkoord) or asks for a follow-up conversation; the pupil says what
    she thinks. Only on a shared version."""
    assert who in ("parent", "pupil") and kind in ("akkoord", "gesprek", "mening")
    note = note.strip()[:MAX_TEXT]
    if kind == "akkoord" and not name.strip():
        raise Invalid(MSG_SIGN_NAME)
    if kind in ("gesprek", "mening") and not note:
        raise Invalid(MSG_FOLLOW_UP_NOTE)
    with database.transaction() as db:
        doc = db.table(ADVICE).stored(version_id)
        if doc is None or not doc.get("reviewed"):
            raise Invalid(MSG_NOT_SHARED)
        reactions = {**doc.get("reactions", {})}
        reactions[f"{who}:{by}"] = {
            "who": who, "by": by, "name": name.strip()[:80], "kind": kind, "note": note,
            "at": _now(),
        }  # fmt: skip
        portfolio.bump_rev(db)
        db.table(ADVICE).patch(version_id, {"reactions": reactions})


def prefill(rows: list[dict[str, Any]]) -> list[str]:
    """The levels opdracht 1 of "Een school die past" starts from (the worksheet's keys)."""
    version = standing(rows)
    return [WORKSHEET_LEVEL.get(k, k) for k in version["levels"]] if version else []


def pupil_for(store: Store, pupil_id: str, may_see: Callable[[Pupil], bool]) -> Pupil:
    """The pupil whose advice a page shows, once the asker may see her."""
    with store.school.transaction() as db:
        return classes.visible_pupil(db, pupil_id, may_see)


def group_of(store: Store, pupil: Pupil) -> int:
    with store.school.transaction() as db:
        cls = school.get_class(db, pupil["class_id"])
    return int(cls["group"]) if cls else 0
