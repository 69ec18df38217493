"""Does saving one field get slower in a big school?

Builds two data folders in one run — a school of 10 pupils and one of 3,000 — and times
what a save request does: look the pupil and its class up in ``school.json``, then apply one
``set`` operation to the pupil's portfolio file (one durable, fsynced write). The timed
pupils have identical portfolios in both schools, so only the size of the school differs.

Run: ``python bench/store_scaling.py``. The last line is ``write_ratio_3000_vs_10: <ratio>``
(median save time in the big school / in the small one; the goal is <= 1.2).
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from server.domain.portfolio import Actor, apply_ops
from server.infra.store import Store

REPO = Path(__file__).resolve().parent.parent

PER_CLASS = 28
TIMED_PUPILS = 4  # per school; saves alternate between them
ITEMS_PER_PORTFOLIO = 30
WARMUP = 30
REPEATS = 400  # saves per school
SCHOOL_YEAR = "2026-2027"

FIRST = ["Sem", "Noah", "Liam", "Lucas", "Emma", "Julia", "Mila", "Tess", "Daan", "Noor", "Saar"]
LAST = ["de Jong", "Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Meijer"]
WORKSHEETS = ["ervaring", "interesses", "beroepen", "gesprek", "stage", "talenten"]
SENTENCE = (
    "Ik vond het leuk om bij de brandweer te kijken omdat ik graag mensen help en "
    "ik wil later misschien ook iets met techniek doen. "
)


def validate(item: dict[str, Any], field: str, value: Any) -> Any:
    return value


def describe(op: dict[str, Any]) -> dict[str, Any]:
    return {"worksheet": op["worksheet"], "group": 7, "school_year": SCHOOL_YEAR}


def pupil_id(n: int) -> str:
    return f"p_{n:012x}"


def build_school(data_dir: Path, n_pupils: int, rng: random.Random) -> Store:
    store = Store(data_dir)
    n_classes = -(-n_pupils // PER_CLASS)
    with store.school.transaction() as db:
        classes, pupils = db.table("classes"), db.table("pupils")
        for c in range(n_classes):
            classes.put(
                f"c_{c:012x}",
                {
                    "name": f"Groep {6 + c % 3}{'abcdefghijklmnopqrstuvwxyz'[c // 3 % 26]}",
                    "group": 6 + c % 3,
                    "school_year": SCHOOL_YEAR,
                    "teacher_ids": [f"t_{c:012x}"],
                    "login_code": f"{rng.randrange(16**8):08x}",
                },
            )
        for n in range(n_pupils):
            pupils.put(
                pupil_id(n),
                {
                    "first_name": rng.choice(FIRST),
                    "last_name": rng.choice(LAST),
                    "class_id": f"c_{n // PER_CLASS:012x}",
                    "pin_hash": "scrypt$16384$8$1$"
                    + f"{rng.randrange(16**32):032x}$"
                    + f"{rng.randrange(16**64):064x}",
                    "pin_failures": 0,
                    "created_at": "2026-08-31T08:00:00+00:00",
                },
            )
    return store


def fill_portfolio(store: Store, pid: str) -> dict[str, int]:
    """~30 items with several answered fields each (identical in both schools)."""
    rng = random.Random(7)  # same content for every timed pupil
    database, actor = store.pupil(pid), Actor(pid, "pupil")
    items = [f"item-{i:08d}" for i in range(ITEMS_PER_PORTFOLIO)]
    creates = [
        {"op_id": f"c-{it}", "type": "create", "item_id": it, "worksheet": WORKSHEETS[i % 6]}
        for i, it in enumerate(items)
    ]
    apply_ops(database, creates, actor, validate, describe)
    sets = []
    for it in items:
        for f in range(6):
            text = SENTENCE * rng.randint(1, 3)
            sets.append(
                {
                    "op_id": f"s-{it}-{f}",
                    "type": "set",
                    "item_id": it,
                    "field": f"vraag{f}",
                    "value": text,
                    "base_rev": 0,
                }
            )
    results = apply_ops(database, sets, actor, validate, describe)
    return {f"{op['item_id']}/{op['field']}": r["rev"] for op, r in zip(sets, results, strict=True)}


class School:
    def __init__(self, root: Path, n_pupils: int) -> None:
        rng = random.Random(n_pupils)
        self.n_pupils = n_pupils
        self.store = build_school(root / f"school-{n_pupils}", n_pupils, rng)
        step = n_pupils // TIMED_PUPILS
        self.pupils = [pupil_id(i * step + step // 2) for i in range(TIMED_PUPILS)]
        self.revs = {pid: fill_portfolio(self.store, pid) for pid in self.pupils}
        # Reopen as after a restart, so nothing is cached from building.
        self.store = Store(self.store.data_dir)
        self.count = 0
        self.times: list[float] = []

    def save_one_field(self) -> float:
        """What a save request does; returns seconds."""
        self.count += 1
        pid = self.pupils[self.count % len(self.pupils)]
        key = f"item-{self.count % ITEMS_PER_PORTFOLIO:08d}/vraag{self.count % 6}"
        item_id, field = key.split("/")
        op = {
            "op_id": f"bench-{self.count:08d}",
            "type": "set",
            "item_id": item_id,
            "field": field,
            "value": f"{SENTENCE} (versie {self.count})",
            "base_rev": self.revs[pid][key],
        }
        start = time.perf_counter()
        with self.store.school.transaction() as db:
            pupil = db.table("pupils").by_id(pid)
            assert pupil is not None
            klass = db.table("classes").by_id(pupil["class_id"])
            assert klass is not None
        (result,) = apply_ops(self.store.pupil(pid), [op], Actor(pid, "pupil"), validate, describe)
        elapsed = time.perf_counter() - start
        assert result["status"] == "applied", result
        self.revs[pid][key] = result["rev"]
        return elapsed


def main() -> None:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="rugzak-bench-") as tmp:
        root = Path(tmp)
        small, big = School(root, 10), School(root, 3000)
        for school in (small, big):
            size = (school.store.data_dir / "school.json").stat().st_size
            pf = school.store.pupil(school.pupils[0]).path.stat().st_size
            print(
                f"school of {school.n_pupils:>4} pupils: school.json {size / 1024:.0f} KiB, "
                f"timed portfolio.json {pf / 1024:.0f} KiB"
            )
        # The first save after a (re)start also reads school.json and the portfolio file.
        cold = {school.n_pupils: school.save_one_field() * 1000 for school in (small, big)}
        print(
            f"first save after start (cold): 10 -> {cold[10]:.2f} ms, 3000 -> {cold[3000]:.2f} ms"
        )
        for _ in range(WARMUP):
            small.save_one_field()
            big.save_one_field()
        # Interleave the two schools so drift in disk speed hits both equally.
        for _ in range(REPEATS):
            small.times.append(small.save_one_field())
            big.times.append(big.save_one_field())
        medians = {}
        for school in (small, big):
            ms = sorted(t * 1000 for t in school.times)
            medians[school.n_pupils] = statistics.median(ms)
            print(
                f"save one field, school of {school.n_pupils:>4}: median "
                f"{medians[school.n_pupils]:.3f} ms, p10 {ms[len(ms) // 10]:.3f} ms, "
                f"p90 {ms[len(ms) * 9 // 10]:.3f} ms ({len(ms)} saves, fsync on)"
            )
    print(f"total runtime {time.perf_counter() - started:.1f} s")
    print(f"write_ratio_3000_vs_10: {medians[3000] / medians[10]:.2f}")


if __name__ == "__main__":
    main()
