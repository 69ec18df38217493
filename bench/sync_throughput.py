"""How many operations per second does POST /api/sync apply, and how many durable writes?

Builds the demo school once in a temporary folder, then for each batch size (1, 50 and 500
operations) starts from a fresh copy of it: a ``create_app`` app behind Starlette's TestClient,
one pupil signed in with their PIN, one batch that creates ``ITEMS`` worksheets, a warm-up, and
then timed batches of ``set`` operations. Every operation has its own op id, a short Dutch text
and the base revision from the previous answers, so it is applied (never a conflict); within a
batch every (item, field) pair appears once, as the PWA sends it (a later change of the same
field waits for the revision of the earlier one).

Durable writes are counted by wrapping ``server.store.atomic.write_atomic`` (the name
``AtomicJSONStorage._flush`` looks up at call time); only writes of the signed-in pupil's
``portfolio.json`` count. Times are wall-clock per request, with fsync on the real disk.

Run: ``python bench/sync_throughput.py`` (``--profile`` adds a cProfile of the server side of
batches of 500). The last two lines are ``ops_per_second_batch500: <n>`` and
``writes_per_batch500: <n>``; the goal is >= 1000 ops/s and 1 write per pupil per batch.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import itertools
import json
import pstats
import shutil
import statistics
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from starlette.testclient import TestClient

from server.app import create_app
from server.demo import PUPIL_PIN, create_demo
from server.domain import pupil_device, school
from server.infra.settings import Settings
from server.infra.store import Store, atomic

REPO = Path(__file__).resolve().parent.parent

FAST_HASH = 2**4  # scrypt cost as in the tests: logging in is not what is measured
BASE = "http://testserver"
CLASS_CODE = "HZN8PX"  # group 8: the fullest demo portfolios
WORKSHEET = "ervaring"
ITEMS = 50  # 50 items x 10 fields = 500 distinct (item, field) pairs: one batch of 500
FIELDS = (
    "wat",
    "waar",
    "wie-helpt",
    "leuk",
    "niet-leuk",
    "beroepen-interessant",
    "beroepen-niet-interessant",
    "past-bij-mij",
    "hierna-proberen",
    "_title",
)
# batch size -> (warm-up batches, timed batches). Fixed counts, so every run does the same
# work (the file grows with every operation: history and op ids are kept); batches of 50 and
# of 500 apply the same number of operations, so they meet the same file sizes.
PLAN = {1: (10, 400), 50: (20, 100), 500: (2, 10)}
PROFILE_BATCHES = 5

TEXTS = {
    "wat": ["Een dag meelopen bij de bakker", "Op bezoek bij de brandweer", "Robots bouwen"],
    "waar": ["In de bibliotheek", "Bij de haven in Rotterdam", "Op het techniekcollege"],
    "wie-helpt": ["Mijn moeder", "Juf Sanne", "Mijn opa", "Meester Youssef"],
    "leuk": [
        "Ik mocht zelf een robot programmeren.",
        "We kregen uitleg over de brandweerwagen.",
        "Het deeg kneden was heel leuk.",
    ],
    "niet-leuk": ["Het was erg vroeg.", "We moesten lang wachten.", "Het was koud buiten."],
    "beroepen-interessant": ["Lasser en monteur", "Verpleegkundige", "Kok in een restaurant"],
    "beroepen-niet-interessant": ["Boekhouder", "Vrachtwagenchauffeur", "Schoonmaker"],
    "past-bij-mij": [
        "Ik werk graag met mijn handen.",
        "Ik help graag mensen.",
        "Ik vind techniek leuk.",
    ],
    "hierna-proberen": ["Een open dag bezoeken", "Vragen of ik mag meelopen", "Een proefles"],
    "_title": ["Bij de bakker", "Brandweer", "Techniekdag", "Haven"],
}


class WriteCounter:
    """Wraps ``atomic.write_atomic``: counts durable writes per file."""

    def __init__(self) -> None:
        self.counts: Counter[Path] = Counter()

    @contextmanager
    def installed(self) -> Iterator[WriteCounter]:
        # _flush must look the name up in the module at call time, or the wrapper is never seen.
        names = atomic.AtomicJSONStorage._flush.__code__.co_names
        assert "write_atomic" in names, "AtomicJSONStorage._flush no longer calls write_atomic"
        original = atomic.write_atomic

        def counting(path: Path, data: bytes) -> None:
            self.counts[Path(path).resolve()] += 1
            original(path, data)

        atomic.write_atomic = counting
        try:
            yield self
        finally:
            atomic.write_atomic = original


class Session:
    """One app on a fresh copy of the demo school, one pupil signed in."""

    def __init__(self, root: Path, template: Path, pupil_id: str, code: str) -> None:
        data = root / f"data-{uuid.uuid4().hex[:8]}"
        shutil.copytree(template, data)
        settings = Settings(
            data_dir=data, secret_key="bench-secret", hash_cost=FAST_HASH, base_url=BASE
        )
        self.app = create_app(settings)
        self.pupil_id = pupil_id
        self.portfolio = (data / "pupils" / pupil_id / "portfolio.json").resolve()
        self.client = TestClient(self.app, base_url=BASE)
        self.client.__enter__()
        r = self.client.post(
            f"/klas/{code}/{pupil_id}", data={"pin": PUPIL_PIN}, follow_redirects=False
        )
        assert r.status_code == 303, r.text
        self.revs: dict[tuple[str, str], int] = {}
        self.pairs: Iterator[tuple[str, str]] = iter(())
        self.serial = itertools.count()

    def close(self) -> None:
        self.client.__exit__(None, None, None)

    def post(self, ops: list[dict[str, Any]]) -> tuple[float, list[dict[str, Any]]]:
        body = json.dumps({"pupil_id": self.pupil_id, "ops": ops}).encode()
        start = time.perf_counter()
        r = self.client.post(
            "/api/sync", content=body, headers={"content-type": "application/json"}
        )
        elapsed = time.perf_counter() - start
        assert r.status_code == 200, r.text
        results = r.json()["results"]
        bad = [res for res in results if res["status"] != "applied"]
        assert not bad, f"{len(bad)} of {len(ops)} not applied, e.g. {bad[0]}"
        return elapsed, results

    def create_items(self) -> None:
        item_ids = [f"item_{uuid.uuid4().hex}" for _ in range(ITEMS)]
        ops = [
            {
                "op_id": f"op_{uuid.uuid4().hex}",
                "type": "create",
                "item_id": i,
                "worksheet": WORKSHEET,
            }
            for i in item_ids
        ]
        self.post(ops)
        self.revs = {(i, f): 0 for i in item_ids for f in FIELDS}
        self.pairs = itertools.cycle(list(self.revs))

    def set_ops(self, size: int) -> list[dict[str, Any]]:
        """``size`` set operations on distinct (item, field) pairs, based on the last answers."""
        ops = []
        for item_id, field in itertools.islice(self.pairs, size):
            n = next(self.serial)
            choices = TEXTS[field]
            value = choices[n % len(choices)]
            if field != "_title":
                value = f"{value} ({n})"  # a pupil keeps typing: every value is new
            ops.append(
                {
                    "op_id": f"op_{uuid.uuid4().hex}",
                    "type": "set",
                    "item_id": item_id,
                    "field": field,
                    "value": value,
                    "base_rev": self.revs[(item_id, field)],
                }
            )
        return ops

    def record(self, ops: list[dict[str, Any]], results: list[dict[str, Any]]) -> None:
        for op, res in zip(ops, results, strict=True):
            assert res["op_id"] == op["op_id"]
            self.revs[(op["item_id"], op["field"])] = res["rev"]

    def sync_batch(self, size: int) -> float:
        ops = self.set_ops(size)
        elapsed, results = self.post(ops)
        self.record(ops, results)
        return elapsed


def file_size(path: Path) -> int:
    return path.stat().st_size if path.exists() else 0


def build_template(root: Path) -> tuple[Path, str, str, str]:
    """The demo school; the group-8 pupil with the largest portfolio file is the one timed."""
    template = root / "template"
    logins = create_demo(Store(template), hash_cost=FAST_HASH)
    store = Store(template)
    with store.school.transaction() as db:
        candidates = []
        for name, pid in logins.pupil_ids.items():
            cls = school.get_class(db, school.get_pupil(db, pid)["class_id"])
            if cls["code"] == CLASS_CODE:
                candidates.append((pid, name))
    pid, name = max(candidates, key=lambda c: file_size(store.pupil(c[0]).path))
    if not file_size(store.pupil(pid).path):
        print("note: the demo school has no portfolios; the pupil starts empty")
    return template, pid, name, CLASS_CODE


def run_size(root: Path, template: Path, pid: str, code: str, size: int) -> dict[str, Any]:
    warmup, timed = PLAN[size]
    session = Session(root, template, pid, code)
    try:
        session.create_items()
        for _ in range(warmup):
            session.sync_batch(size)
        start_kib = session.portfolio.stat().st_size / 1024
        counter = WriteCounter()
        with counter.installed():
            times = [session.sync_batch(size) for _ in range(timed)]
        own = counter.counts.pop(session.portfolio, 0)
        other = sum(counter.counts.values())
        end_kib = session.portfolio.stat().st_size / 1024
    finally:
        session.close()
    median = statistics.median(times)
    return {
        "size": size,
        "batches": len(times),
        "median_ms": median * 1000,
        "p90_ms": sorted(times)[len(times) * 9 // 10] * 1000,
        "first_last_ms": (times[0] * 1000, times[-1] * 1000),
        "ops_per_s": size / median,
        "writes": own / len(times),
        "other_writes": other,
        "kib": (start_kib, end_kib),
    }


def profile(root: Path, template: Path, pid: str, code: str) -> None:
    """cProfile of the server side of batches of 500: the function the endpoint runs in its
    worker thread, called here in this thread (cProfile sees one thread only)."""
    session = Session(root, template, pid, code)
    try:
        session.create_items()
        for _ in range(2):
            session.sync_batch(500)
        rugzak = session.app.state.rugzak
        prof = cProfile.Profile()
        for _ in range(PROFILE_BATCHES):
            ops = session.set_ops(500)
            prof.enable()
            results = pupil_device.apply_batch(rugzak.store, rugzak.catalog, pid, ops)
            prof.disable()
            session.record(ops, results)
    finally:
        session.close()
    for key in ("cumulative", "tottime"):
        out = io.StringIO()
        pstats.Stats(prof, stream=out).strip_dirs().sort_stats(key).print_stats(18)
        print(f"\n--- cProfile, {PROFILE_BATCHES} batches of 500, sorted by {key} ---")
        print("\n".join(line for line in out.getvalue().splitlines() if line.strip())[:6000])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--profile", action="store_true", help="add a cProfile of batches of 500")
    parser.add_argument("--dir", type=Path, default=None, help="folder for the temporary data")
    args = parser.parse_args()
    begun = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="rugzak-sync-bench-", dir=args.dir) as tmp:
        root = Path(tmp)
        template, pid, name, code = build_template(root)
        size_kib = file_size(template / "pupils" / pid / "portfolio.json") / 1024
        print(
            f"demo school built in {time.perf_counter() - begun:.1f} s; pupil {name} "
            f"({code}), portfolio.json {size_kib:.0f} KiB before the benchmark; "
            f"{ITEMS} '{WORKSHEET}' items created in one batch, then set batches"
        )
        rows = [run_size(root, template, pid, code, size) for size in PLAN]
        if args.profile:
            profile(root, template, pid, code)
    print()
    print(
        f"{'batch':>5}  {'batches':>7}  {'median ms':>9}  {'p90 ms':>8}  {'ops/s':>8}  "
        f"{'writes/batch':>12}  {'first -> last ms':>16}  {'portfolio.json KiB':>18}"
    )
    for row in rows:
        kib = f"{row['kib'][0]:.0f} -> {row['kib'][1]:.0f}"
        first_last = f"{row['first_last_ms'][0]:.1f} -> {row['first_last_ms'][1]:.1f}"
        print(
            f"{row['size']:>5}  {row['batches']:>7}  {row['median_ms']:>9.2f}  "
            f"{row['p90_ms']:>8.2f}  {row['ops_per_s']:>8.0f}  {row['writes']:>12.2f}  "
            f"{first_last:>16}  {kib:>18}"
        )
    other = sum(row["other_writes"] for row in rows)
    print(f"durable writes of other files during the timed batches: {other}")
    print(f"total runtime {time.perf_counter() - begun:.1f} s")
    last = rows[-1]
    print(f"ops_per_second_batch500: {round(last['ops_per_s'])}")
    print(f"writes_per_batch500: {last['writes']:.2f}")


if __name__ == "__main__":
    main()
