"""How many operations per second does POST /api/sync apply, and how many durable writes?

Builds the demo school once in a temporary folder, then for each batch size (1, 50 and 500
operations) starts from a fresh copy of it: a ``create_app`` app behind Starlette's TestClient,
one pupil signed in with their PIN, one batch that creates ``ITEMS`` worksheets, a warm-up, and
then timed batches of ``set`` operations. Every operation has its own op id, a short Dutch text
and the base revision from the previous answers, so it is applied (never a conflict); within a
batch every (item, field) pair appears once, as the PWA sends it (a later change of the same
field waits for the revision of the earlier one).

Durable writes are counted by wrapping ``server.infra.store.atomic.write_atomic`` and
``append_durable`` (the storage looks both up in the module at call time); only writes into
the signed-in pupil's folder count (a journal line per batch, now and then a compaction).
Times are wall-clock per request, with fsync on the real disk.

Then the scale run (issue 11): the demo pupil's folder gets ``EARLIER_BATCHES`` (1,000)
batches of 20 operations, applied directly through ``worksheet_ops.apply`` and dated over
three years (so op ids are pruned as in a real file); 30 pupils get that folder ("veteran")
and 30 the demo content alone ("fresh"), each under their own id. For each group, 30
writers (one per pupil, all at once, in-process: ASGI calls straight into the app) send 20-op
batches. ``batches_per_second_20ops`` is the veterans' rate (goal >= 400);
``bytes_written_per_batch_ratio_1000_vs_fresh`` divides the bytes written per batch into a
veteran's folder by a fresh pupil's, compaction included (goal <= 1.5).

Run: ``python bench/sync_throughput.py`` (``--profile`` adds a cProfile of the server side of
batches of 500 and of the event loop thread in the scale run; ``--scale-only`` skips the
batch sizes). Printed last: ``ops_per_second_batch500``, ``writes_per_batch500`` (goal >= 1000
ops/s and 1 write per pupil per batch), ``batches_per_second_20ops`` and
``bytes_written_per_batch_ratio_1000_vs_fresh``.
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
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import anyio
import httpx2
from starlette.testclient import TestClient

from server.app import create_app
from server.demo import PUPIL_PIN, create_demo
from server.domain import portfolio, pupil_device, school, worksheet_ops
from server.infra import passwords
from server.infra.settings import Settings
from server.infra.store import Store, atomic
from server.worksheets import load_catalog

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
    """Wraps the durable write functions (``atomic.write_atomic``, ``atomic.append_durable``;
    the storage looks them up in the module at call time): counts writes and bytes per
    pupil folder (``folder_of``) or per file."""

    def __init__(self) -> None:
        self.counts: Counter[Path] = Counter()
        self.bytes: Counter[Path] = Counter()

    @contextmanager
    def installed(self) -> Iterator[WriteCounter]:
        originals = atomic.write_atomic, atomic.append_durable

        def writing(path: Path, data: bytes) -> None:
            self._count(path, data)
            originals[0](path, data)

        def appending(path: Path, data: bytes, keep: int) -> None:
            self._count(path, data)
            originals[1](path, data, keep)

        atomic.write_atomic, atomic.append_durable = writing, appending
        try:
            yield self
        finally:
            atomic.write_atomic, atomic.append_durable = originals

    def _count(self, path: Path, data: bytes) -> None:
        folder = Path(path).resolve().parent
        self.counts[folder] += 1
        self.bytes[folder] += len(data)


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
        self.folder = self.portfolio.parent
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


def folder_size(folder: Path) -> int:
    """A pupil's data files (snapshot, journal, history log; not the photos)."""
    return sum(p.stat().st_size for p in folder.glob("*") if p.is_file())


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
    pid, name = max(candidates, key=lambda c: folder_size(store.pupil_folder(c[0])))
    if not folder_size(store.pupil_folder(pid)):
        print("note: the demo school has no portfolios; the pupil starts empty")
    return template, pid, name, CLASS_CODE


def run_size(root: Path, template: Path, pid: str, code: str, size: int) -> dict[str, Any]:
    warmup, timed = PLAN[size]
    session = Session(root, template, pid, code)
    try:
        session.create_items()
        for _ in range(warmup):
            session.sync_batch(size)
        start_kib = folder_size(session.folder) / 1024
        counter = WriteCounter()
        with counter.installed():
            times = [session.sync_batch(size) for _ in range(timed)]
        own = counter.counts.pop(session.folder, 0)
        other = sum(counter.counts.values())
        end_kib = folder_size(session.folder) / 1024
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


# --- 30 concurrent writers on pupils with three years of content ---------------------------

WRITERS = 30
EARLIER_BATCHES = 1_000  # each veteran pupil's batches before the benchmark, over three years
SCALE_BATCHES = 40  # timed batches per writer
SCALE_SIZE = 20


class Ops:
    """A pupil's tablet: 20-op batches over ``ITEMS`` items, based on the last answers."""

    def __init__(self, item_ids: list[str]) -> None:
        self.revs = {(i, f): 0 for i in item_ids for f in FIELDS}
        self.pairs = itertools.cycle(list(self.revs))
        self.serial = itertools.count()
        # One random prefix per tablet, then a counter: a uuid4 per operation costs a
        # getrandom call that hands the GIL to the server's threads and waits to get it
        # back, which charged the client's waiting to the server (30% of the loop thread).
        self.prefix = f"op_{uuid.uuid4().hex[:12]}_"

    def batch(self, size: int) -> list[dict[str, Any]]:
        ops = []
        for item_id, field in itertools.islice(self.pairs, size):
            n = next(self.serial)
            value = f"{TEXTS[field][n % len(TEXTS[field])]} ({n})"[:100]
            ops.append(
                {"op_id": f"{self.prefix}{n}", "type": "set", "item_id": item_id,
                 "field": field, "value": value, "base_rev": self.revs[(item_id, field)]}
            )  # fmt: skip
        return ops

    def record(self, ops: list[dict[str, Any]], results: list[dict[str, Any]]) -> None:
        for op, res in zip(ops, results, strict=True):
            assert res["status"] == "applied", res
            self.revs[(op["item_id"], op["field"])] = res["rev"]


def _creates(item_ids: list[str]) -> list[dict[str, Any]]:
    return [
        {"op_id": f"op_{uuid.uuid4().hex}", "type": "create", "item_id": i, "worksheet": WORKSHEET}
        for i in item_ids
    ]


def build_veteran(root: Path, template: Path, pid: str) -> tuple[Path, list[str]]:
    """The demo pupil's folder plus ``EARLIER_BATCHES`` batches of 20 ops, applied directly
    (no HTTP) and dated over three years, so pruning sees what a real file would."""
    data = root / "veteran"
    shutil.copytree(template, data)
    store = Store(data)
    catalog = load_catalog()
    database = store.pupil(pid)
    actor = portfolio.Actor(pid, "pupil")
    item_ids = [f"item_{uuid.uuid4().hex}" for _ in range(ITEMS)]
    start = datetime.now(UTC) - timedelta(days=3 * 365)
    step = timedelta(days=3 * 365) / EARLIER_BATCHES

    def apply(ops: list[dict[str, Any]], k: int) -> list[dict[str, Any]]:
        when = (start + k * step).isoformat(timespec="seconds")
        return worksheet_ops.apply(
            database, ops, actor, catalog, 8, "2026-2027", clock=lambda: when
        )

    apply(_creates(item_ids), 0)
    tablet = Ops(item_ids)
    for k in range(EARLIER_BATCHES):
        ops = tablet.batch(SCALE_SIZE)
        tablet.record(ops, apply(ops, k))
    database.compact()
    return store.pupil_folder(pid), item_ids


def build_scale_school(root: Path, template: Path, content: Path, veteran: Path) -> dict:
    """The demo school plus 2 x 30 pupils with the fullest demo portfolio: 30 with the
    veteran's 1,000 earlier batches, 30 fresh (content only). Their own ids in every file."""
    data = root / "scale"
    shutil.copytree(template, data)
    store = Store(data)
    pin_hash = passwords.hash_secret(PUPIL_PIN, FAST_HASH)
    pupils: dict[str, list[tuple[str, str]]] = {"veteran": [], "fresh": []}
    with store.school.transaction() as db:
        for kind in pupils:
            class_id = school.create_class(db, f"Groep 8 {kind}", 8, [])
            code = school.get_class(db, class_id)["code"]
            for n in range(WRITERS):
                pupil_id = school.create_pupil(db, f"Kind{n}", kind.title(), class_id, pin_hash)
                pupils[kind].append((pupil_id, code))
    old_id = content.name
    for kind, source in (("veteran", veteran), ("fresh", content)):
        for pupil_id, _ in pupils[kind]:
            folder = store.pupil_folder(pupil_id)
            folder.mkdir(parents=True)
            for f in source.glob("*"):
                if f.is_file():  # same length ids: the logs' byte counts stay right
                    (folder / f.name).write_bytes(
                        f.read_bytes().replace(old_id.encode(), pupil_id.encode())
                    )
    return {"data": data, "pupils": pupils}


async def asgi_post(app: Any, path: str, body: bytes, cookie: str) -> tuple[int, bytes]:
    """POST straight to the ASGI app: what a server hands it, without a client library's
    own cost (httpx spends more per request than the server does) in this process."""
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
        "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"",
        "root_path": "", "client": ("127.0.0.1", 50000), "server": ("testserver", 80),
        "headers": [
            (b"host", b"testserver"), (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()), (b"cookie", cookie.encode()),
        ],
    }  # fmt: skip
    sent = False
    status, chunks = 0, []

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            await anyio.sleep_forever()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, send)
    return status, b"".join(chunks)


async def _writers(app: Any, pupils: list[tuple[str, str]], batches: int) -> dict[str, Any]:
    """One signed-in tablet per pupil; each sends ``batches`` 20-op batches, one at a time,
    all pupils at once. Returns the wall time and every request's latency."""
    cookies, tablets = [], []
    for pupil_id, code in pupils:
        client = httpx2.AsyncClient(transport=httpx2.ASGITransport(app=app), base_url=BASE)
        r = await client.post(f"/klas/{code}/{pupil_id}", data={"pin": PUPIL_PIN})
        assert r.status_code == 303, r.text[:200]
        item_ids = [f"item_{uuid.uuid4().hex}" for _ in range(2)]
        r = await client.post("/api/sync", json={"pupil_id": pupil_id, "ops": _creates(item_ids)})
        assert r.status_code == 200, r.text[:200]
        cookies.append("; ".join(f"{c.name}={c.value}" for c in client.cookies.jar))
        tablets.append(Ops(item_ids))
        await client.aclose()
    latencies: list[float] = []

    async def write(cookie: str, pupil_id: str, tablet: Ops) -> None:
        for _ in range(batches):
            ops = tablet.batch(SCALE_SIZE)
            body = json.dumps({"pupil_id": pupil_id, "ops": ops}).encode()
            t = time.perf_counter()
            status, answer = await asgi_post(app, "/api/sync", body, cookie)
            latencies.append(time.perf_counter() - t)
            assert status == 200, answer[:200]
            tablet.record(ops, json.loads(answer)["results"])

    begun = time.perf_counter()
    async with anyio.create_task_group() as tg:
        for cookie, (pupil_id, _), tablet in zip(cookies, pupils, tablets, strict=True):
            tg.start_soon(write, cookie, pupil_id, tablet)
    wall = time.perf_counter() - begun
    return {"wall": wall, "latencies": latencies}


def run_scale(root: Path, template: Path, pid: str, profile_it: bool) -> dict[str, Any]:
    begun = time.perf_counter()
    veteran, _ = build_veteran(root, template, pid)
    content = template / "pupils" / pid
    world = build_scale_school(root, template, content, veteran)
    print(
        f"\n{WRITERS} veteran pupils ({EARLIER_BATCHES} earlier batches of {SCALE_SIZE}: data "
        f"files {folder_size(veteran) / 1024:.0f} KiB) and {WRITERS} fresh ones "
        f"({folder_size(content) / 1024:.0f} KiB) built in {time.perf_counter() - begun:.1f} s"
    )
    settings = Settings(
        data_dir=world["data"], secret_key="bench-secret", hash_cost=FAST_HASH, base_url=BASE
    )
    app = create_app(settings)
    figures: dict[str, Any] = {}
    for kind in ("fresh", "veteran"):
        pupils = world["pupils"][kind]
        counter = WriteCounter()
        prof = cProfile.Profile() if profile_it and kind == "veteran" else None
        with counter.installed():
            if prof:
                prof.enable()
            run = anyio.run(_writers, app, pupils, SCALE_BATCHES)
            if prof:
                prof.disable()
        folders = {Path(settings.data_dir / "pupils" / p).resolve() for p, _ in pupils}
        own = sum(b for f, b in counter.bytes.items() if f in folders)
        n = len(run["latencies"])  # (the two create batches per pupil are not counted)
        lat = sorted(run["latencies"])
        figures[kind] = {
            "batches_per_s": n / run["wall"],
            "bytes_per_batch": own / (n + len(pupils)),
            "p50_ms": lat[n // 2] * 1000,
            "p99_ms": lat[n * 99 // 100] * 1000,
            "kib_after": statistics.mean(folder_size(f) for f in folders) / 1024,
        }
        if prof:
            _print_profile(prof, f"{WRITERS} concurrent writers (event loop thread only)")
    return figures


def _print_profile(prof: cProfile.Profile, what: str) -> None:
    for key in ("cumulative", "tottime"):
        out = io.StringIO()
        pstats.Stats(prof, stream=out).strip_dirs().sort_stats(key).print_stats(18)
        print(f"\n--- cProfile, {what}, sorted by {key} ---")
        print("\n".join(line for line in out.getvalue().splitlines() if line.strip())[:6000])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--profile", action="store_true", help="add a cProfile of batches of 500")
    parser.add_argument("--dir", type=Path, default=None, help="folder for the temporary data")
    parser.add_argument("--scale-only", action="store_true", help="only the 30 writers")
    args = parser.parse_args()
    begun = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="rugzak-sync-bench-", dir=args.dir) as tmp:
        root = Path(tmp)
        template, pid, name, code = build_template(root)
        size_kib = folder_size(template / "pupils" / pid) / 1024
        print(
            f"demo school built in {time.perf_counter() - begun:.1f} s; pupil {name} "
            f"({code}), data files {size_kib:.0f} KiB before the benchmark; "
            f"{ITEMS} '{WORKSHEET}' items created in one batch, then set batches"
        )
        rows = (
            [] if args.scale_only else [run_size(root, template, pid, code, size) for size in PLAN]
        )
        if args.profile:
            profile(root, template, pid, code)
        scale = run_scale(root, template, pid, args.profile)
    print()
    print(
        f"{'batch':>5}  {'batches':>7}  {'median ms':>9}  {'p90 ms':>8}  {'ops/s':>8}  "
        f"{'writes/batch':>12}  {'first -> last ms':>16}  {'data files KiB':>18}"
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
    print(f"\n{WRITERS} concurrent writers, {SCALE_BATCHES} batches of {SCALE_SIZE} each:")
    for kind, row in scale.items():
        print(
            f"  {kind:>7}: {row['batches_per_s']:.0f} batches/s, p50 {row['p50_ms']:.1f} ms, "
            f"p99 {row['p99_ms']:.1f} ms, {row['bytes_per_batch'] / 1024:.1f} KiB written "
            f"per batch (compaction included), data files {row['kib_after']:.0f} KiB after"
        )
    if rows:
        print(f"ops_per_second_batch500: {round(rows[-1]['ops_per_s'])}")
        print(f"writes_per_batch500: {rows[-1]['writes']:.2f}")
    ratio = scale["veteran"]["bytes_per_batch"] / scale["fresh"]["bytes_per_batch"]
    print(f"batches_per_second_20ops: {round(scale['veteran']['batches_per_s'])}")
    print(f"bytes_written_per_batch_ratio_1000_vs_fresh: {ratio:.2f}")


if __name__ == "__main__":
    main()
