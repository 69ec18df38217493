"""Does a page cost the same in a school of 3,000 pupils as in a class of 10?

Builds two schools in one run: 10 pupils (one class) and 3,000 pupils (100 classes of 30),
every pupil with a parent, a year's three conversations and three years of content. The
content is the fullest demo pupil's portfolio, written by the demo writer through the
operations a tablet sends, then given to every pupil (their own ids in it). Each class has a
home assignment handed out.

Measures in-process through the ASGI app (Starlette's TestClient, no network) the median time
of each route, and prints one ``<route>_ratio_3000_vs_10: x`` line per route, then
``worst_ratio_3000_vs_10``, then ``rss_mib_3000_all_opened`` after every pupil's file was
opened once. Goals (issue 11): every ratio ≤ 1.5, RSS ≤ 200 MiB.

    .venv/bin/python bench/school_scale.py [--rounds N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from starlette.testclient import TestClient

from server.app import create_app
from server.demo import PUPIL_PIN, create_demo
from server.domain import assignments, planning, school
from server.infra import passwords
from server.infra.settings import Settings
from server.infra.store import Store
from server.worksheets import load_catalog

FAST_HASH = 2**4  # scrypt cost as in the tests: hashing is not what is measured
BASE = "http://testserver"
PASSWORD = "bench-wachtwoord"
TEMPLATE_PUPIL = "Adam Öztürk"  # groep 8: three years of work in the demo
WORKSHEET_PAGE = "/leerling/werkblad/kwaliteiten-top3"


Files = list[tuple[str, bytes]]  # (path inside the pupil's folder, content)


def _template(tmp: Path) -> tuple[str, Files]:
    """The fullest demo pupil's folder (portfolio, journal, history, photos), written by the
    demo writer."""
    store = Store(tmp / "template")
    logins = create_demo(store, hash_cost=FAST_HASH)
    pupil_id = logins.pupil_ids[TEMPLATE_PUPIL]
    folder = store.pupil_folder(pupil_id)
    files = sorted(f for f in folder.rglob("*") if f.is_file())
    return pupil_id, [(f.relative_to(folder).as_posix(), f.read_bytes()) for f in files]


def build(data_dir: Path, pupils: int, template: tuple[str, Files]):
    """A school of ``pupils`` pupils in classes of 30, each with a parent and the template's
    three years of content; one home assignment per class. Returns what the bench signs in as."""
    store = Store(data_dir)
    catalog = load_catalog()
    pin_hash = passwords.hash_secret(PUPIL_PIN, FAST_HASH)
    pw_hash = passwords.hash_secret(PASSWORD, FAST_HASH)
    template_id, files = template
    world: dict = {"classes": [], "pupils": []}
    with store.school.transaction() as db:
        school.set_info(db, "Basisschool Schaal", "2026-2027")
        world["admin"] = "beheer"
        school.create_staff(db, "admin", "beheer", "Beheer", pw_hash)
        for c in range(max(1, pupils // 30)):
            teacher = f"leraar{c}"
            teacher_id = school.create_staff(db, "teacher", teacher, f"Leraar {c}", pw_hash)
            class_id = school.create_class(db, f"Groep 8-{c}", 8, [teacher_id])
            cls = school.get_class(db, class_id)
            world["classes"].append((class_id, cls["code"], teacher))
            for p in range(min(30, pupils - 30 * c)):
                pupil_id = school.create_pupil(db, f"Kind{c}x{p}", "Schaal", class_id, pin_hash)
                adult = f"ouder{c}x{p}"
                adult_id = school.create_adult(db, f"Ouder {c}x{p}", adult, pw_hash)
                school.link(db, adult_id, pupil_id, "moeder")
                # A year's conversations, planned in the school file like every other.
                for n, kind in enumerate(planning.KINDS):
                    at = datetime(2026, 10 + n, 1 + p % 28, 15, 0)
                    planning.create_conversation(db, pupil_id, kind, at, "Lokaal 8", teacher_id)
                world["pupils"].append((pupil_id, class_id, cls["code"], adult))
    for pupil_id, *_ in world["pupils"]:
        folder = store.pupil_folder(pupil_id)
        (folder / "media").mkdir(parents=True)
        for name, data in files:  # every file with the pupil's own id in it
            (folder / name).write_bytes(data.replace(template_id.encode(), pupil_id.encode()))
    due = (planning.local_now().date() + timedelta(days=14)).isoformat()
    for class_id, *_ in world["classes"]:
        with store.school.transaction() as db:
            cls = school.get_class(db, class_id)
        assignments.hand_out(store.school, catalog, cls, "school-die-past", due, "", "bench")
    with store.school.transaction() as db:
        world["assignments"] = {a["class_id"]: a["id"] for a in planning.assignments(db)}
    return world


def world_of(data_dir: Path) -> dict:
    """What ``build`` returned, read back from a school built before (``--keep``)."""
    store = Store(data_dir)
    world: dict = {"classes": [], "pupils": []}
    with store.school.transaction() as db:
        for c in school.classes(db):
            teacher = school.get_staff(db, c["teacher_ids"][0])
            world["classes"].append((c["id"], c["code"], teacher["username"]))
            for p in school.pupils(db, c["id"]):
                adult = school.get_adult(db, school.links(db, pupil_id=p["id"])[0]["adult_id"])
                world["pupils"].append((p["id"], c["id"], c["code"], adult["username"]))
        world["assignments"] = {a["class_id"]: a["id"] for a in planning.assignments(db)}
    return world


def schools(tmp: Path) -> tuple[tuple[Path, dict], tuple[Path, dict]]:
    """The 10- and the 3,000-pupil school in ``tmp``, built unless they are there."""
    small, large = tmp / "school-10", tmp / "school-3000"
    if (small / "school.json").exists() and (large / "school.json").exists():
        return (small, world_of(small)), (large, world_of(large))
    template = _template(tmp)
    return (small, build(small, 10, template)), (large, build(large, 3000, template))


def _signed_in(app, path: str, form: dict[str, str]) -> TestClient:
    client = TestClient(app, base_url=BASE)
    r = client.post(path, data=form, follow_redirects=False)
    assert r.status_code == 303, (path, r.status_code, r.text[:200])
    return client


class Routes:
    """One school's app with everyone signed in: each route as a function that requests it."""

    def __init__(self, data_dir: Path, world: dict) -> None:
        self.app = create_app(Settings.for_data_dir(data_dir, base_url=BASE))
        self.runner = TestClient(self.app, base_url=BASE)
        self.runner.__enter__()
        # The middle pupil and class: not the first rows of any table.
        self.pupil_id, class_id, self.code, adult = world["pupils"][len(world["pupils"]) // 2]
        teacher = next(t for c, _, t in world["classes"] if c == class_id)
        assignment_id = world["assignments"][class_id]
        app = self.app
        self.pupil = _signed_in(app, f"/klas/{self.code}/{self.pupil_id}", {"pin": PUPIL_PIN})
        staff = _signed_in(app, "/inloggen/medewerker", {"username": teacher, "password": PASSWORD})
        admin = _signed_in(
            app, "/inloggen/medewerker", {"username": "beheer", "password": PASSWORD}
        )
        parent = _signed_in(app, "/inloggen/ouder", {"username": adult, "password": PASSWORD})
        self.item_id = self.pupil.get("/api/mij").json()["items"][0]["id"]
        self.routes: dict[str, Callable[[], None]] = {
            "class_list_and_pin_sign_in": self.sign_in,
            "api_mij": self.get(self.pupil, "/api/mij"),
            "worksheet_page": self.get(self.pupil, WORKSHEET_PAGE),
            "teacher_class_page": self.get(staff, f"/leraar/klas/{class_id}"),
            "assignment_page": self.get(staff, f"/leraar/klas/{class_id}/opdracht/{assignment_id}"),
            "parent_home": self.get(parent, "/ouder"),
            "admin_overview": self.get(admin, "/beheer"),
            "sync_20_ops": self.sync,
        }

    def close(self) -> None:
        self.runner.__exit__(None, None, None)

    def sign_in(self) -> None:
        c = TestClient(self.app, base_url=BASE)
        assert c.get(f"/klas/{self.code}").status_code == 200
        r = c.post(
            f"/klas/{self.code}/{self.pupil_id}", data={"pin": PUPIL_PIN}, follow_redirects=False
        )
        assert r.status_code == 303

    @staticmethod
    def get(client: TestClient, path: str) -> Callable[[], None]:
        def run() -> None:
            r = client.get(path)
            assert r.status_code == 200, (path, r.status_code)

        return run

    def sync(self) -> None:
        ops = [
            {"op_id": str(uuid.uuid4()), "type": "set", "item_id": self.item_id,
             "field": "_title", "value": f"Titel {n} {time.time()}", "base_rev": None}
            for n in range(20)
        ]  # fmt: skip
        body = json.dumps({"pupil_id": self.pupil_id, "ops": ops})
        r = self.pupil.post("/api/sync", content=body, headers={"content-type": "application/json"})
        assert r.status_code == 200, r.text[:200]


def _ms(fn: Callable[[], None]) -> float:
    t = time.perf_counter()
    fn()
    return (time.perf_counter() - t) * 1000


def measure(schools: list[Routes], rounds: int) -> list[dict[str, float]]:
    """The median time of every route in every school. The schools take turns request by
    request, so a busy moment of the machine falls on both alike."""
    figures: list[dict[str, float]] = [{} for _ in schools]
    for route in schools[0].routes:
        for s in schools:
            s.routes[route]()  # warm: the first request opens files and fills caches
        times: list[list[float]] = [[] for _ in schools]
        for _ in range(rounds):
            for s, t in zip(schools, times, strict=True):
                t.append(_ms(s.routes[route]))
        for f, t in zip(figures, times, strict=True):
            f[route] = statistics.median(t)
    return figures


def rss_after_opening_all(data_dir: Path) -> float:
    """In a fresh process: RSS after the app's store opened every pupil's file once, as a
    busy school day would."""
    script = (
        "import resource, sys\n"
        "from pathlib import Path\n"
        "from server.domain import portfolio, school\n"
        "from server.infra.store import Store\n"
        "store = Store(Path(sys.argv[1]))\n"
        "with store.school.transaction() as db:\n"
        "    ids = [p['id'] for p in school.pupils(db)]\n"
        "for pupil_id in ids:\n"
        "    portfolio.items(store.pupil(pupil_id))\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script, str(data_dir)], check=True, capture_output=True, text=True
    )
    return float(out.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument(
        "--keep", type=Path, help="build the schools here (or use those built there before)"
    )
    args = parser.parse_args()
    tmp = args.keep or Path(tempfile.mkdtemp(prefix="rugzak-scale-"))
    try:
        started = time.perf_counter()
        (small, small_world), (large, large_world) = schools(tmp)
        print(f"built both schools in {time.perf_counter() - started:.0f} s")
        both = [Routes(small, small_world), Routes(large, large_world)]
        ten, big = measure(both, args.rounds)
        for s in both:
            s.close()
        worst = 0.0
        for route, ms in ten.items():
            ratio = big[route] / ms
            worst = max(worst, ratio)
            print(f"# {route}: {ms:.1f} ms (10 pupils) vs {big[route]:.1f} ms (3,000 pupils)")
            print(f"{route}_ratio_3000_vs_10: {ratio:.2f}")
        print(f"worst_ratio_3000_vs_10: {worst:.2f}")
        print(f"rss_mib_3000_all_opened: {rss_after_opening_all(large):.0f}")
    finally:
        if args.keep is None:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
