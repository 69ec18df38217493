"""Benchmark: the heaviest common pages against a constant-response route, same server.

Run from anywhere: .venv/bin/python bench/pages.py [--seconds 5] [--connections 30]

The demo school is created in a temporary folder; a uvicorn server runs in a subprocess on
127.0.0.1 (a free port); this process signs in as juf Sanne and as the pupil with the most
items, and opens 30 keep-alive connections with plain asyncio streams, each sending request
after request for a fixed time, alternating in rounds (5 s per route in all) between:
- a groep 7 pupil's portfolio overview (/leraar/leerling/<id>/rugzak, the page a teacher
  opens most), as juf Sanne;
- a worksheet page (/leerling/werkblad/zelfportret-7: no personal data, rendered once);
- the pupil's GET /api/mij with the ETag her device holds (a 304), and without (the full
  answer);
- /healthz, the constant.
It also prints `api_mij_build_ms`: building that pupil's answer once, in-process (what a
request costs when the answer kept under its ETag is gone).
Requests accept gzip like a browser does; bodies are read, not decoded.
Prints `worksheet_page_vs_constant`, `api_mij_304_vs_constant` and `api_mij_full_vs_constant`
(goals >= 0.5, 0.5 and 0.1); the last line is `page_vs_constant: <ratio>` (goal >= 0.5).
"""

from __future__ import annotations

import argparse
import asyncio
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import zlib
from pathlib import Path
from typing import NamedTuple

from server.demo import PUPIL_PIN, SCHOOL_YEAR, STAFF, create_demo
from server.domain import pupil_device, school, worksheet_ops
from server.domain.portfolio import Actor, items
from server.domain.signins import KEY_COOKIE
from server.infra.store import Store
from server.worksheets import load_catalog

TEACHER = "juf.sanne"
WORKSHEET = "/leerling/werkblad/zelfportret-7"
ROUNDS = 4  # per route; together --seconds per route
MIN_ITEMS = 1  # a demo without portfolio content: add a realistic year and a half of work

SERVER = """
from pathlib import Path
import uvicorn
from server.app import create_app
from server.infra.settings import Settings

app = create_app(Settings.for_data_dir(Path({data!r}), base_url="http://127.0.0.1:{port}"))
uvicorn.run(app, host="127.0.0.1", port={port}, log_level="warning", access_log=False)
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def groep7_pupil(store: Store) -> str:
    """The groep 7 pupil with the most items (the demo may hold content by now)."""
    with store.school.transaction() as db:
        cls = next(c for c in school.classes(db) if c["group"] == 7)
        pupil_ids = [p["id"] for p in school.pupils(db, cls["id"])]
    return max(pupil_ids, key=lambda pid: len(items(store.pupil(pid))))


def busiest_pupil(store: Store) -> tuple[str, str]:
    """The pupil with the most items in the school, and her class code."""
    with store.school.transaction() as db:
        codes = {c["id"]: c["code"] for c in school.classes(db)}
        pupils = [(p["id"], codes[p["class_id"]]) for p in school.pupils(db)]
    return max(pupils, key=lambda p: len(items(store.pupil(p[0]))))


def build_ms(store: Store, pupil_id: str) -> float:
    """Building her snapshot once, in this process (what a request costs when the answer kept
    under its ETag is gone): the median of 20, in ms."""
    catalog = load_catalog()
    took = []
    for _ in range(20):
        start = time.perf_counter()
        pupil_device.snapshot(store, catalog, pupil_id)
        took.append((time.perf_counter() - start) * 1000)
    return statistics.median(took)


def add_work(store: Store, pupil_id: str) -> int:
    """Self-portraits of groep 6 and 7, the groep 6 top 3, interviews, experiences."""
    catalog = load_catalog()
    scale = [o.key for o in catalog.scale]
    plan = [
        ("zelfportret-6", 6, "2025-2026", 0),
        ("kwaliteiten-top3", 6, "2025-2026", 1),
        ("ervaring-taaltrip", 6, "2025-2026", 2),
        ("ervaring-museum", 6, "2025-2026", 3),
        ("complimenten", 6, "2025-2026", 4),
        ("ervaring-port-rangers", 7, SCHOOL_YEAR, 5),
        ("beroepen-om-je-heen", 7, SCHOOL_YEAR, 6),
        ("ervaring-techniekdagen", 7, SCHOOL_YEAR, 7),
        ("samen-doen", 7, SCHOOL_YEAR, 8),
        ("zelfportret-7", 7, SCHOOL_YEAR, 9),
    ]
    for worksheet, group, year, n in plan:
        ws = catalog.worksheets[worksheet]
        item_id = f"bench-{n:03d}-{worksheet}"
        ops = [{"op_id": f"c-{item_id}", "type": "create", "item_id": item_id,
                "worksheet": worksheet}]  # fmt: skip
        values: dict[str, object] = {
            "_status": "klaar" if n % 3 else "bezig",
            "_shared": n % 2 == 0,
        }
        for stored, field in ws.fields().items():
            if field.type in ("text", "longtext"):
                values[stored] = "Ik vond het heel leuk om te doen en ik wil het nog een keer."
            elif field.type == "scale":
                values[stored] = scale[(zlib.crc32(stored.encode()) + n) % len(scale)]
        for i, (name, value) in enumerate(values.items()):
            ops.append({"op_id": f"s-{item_id}-{i}", "type": "set", "item_id": item_id,
                        "field": name, "value": value, "base_rev": 0})  # fmt: skip
        worksheet_ops.apply(
            store.pupil(pupil_id), ops, Actor(pupil_id, "pupil"), catalog, group, year
        )
    return len(plan)


def sign_in(port: int) -> str:
    password = next(pw for _, user, _, pw in STAFF if user == TEACHER)
    fields = {"username": TEACHER, "password": password}
    return "rugzak=" + post_for_cookies(port, "/inloggen/medewerker", fields)["rugzak"]


def sign_in_pupil(port: int, pupil_id: str, code: str) -> str:
    """The pupil's session and sign-in key cookies, as a Cookie header's value."""
    cookies = post_for_cookies(port, f"/klas/{code}/{pupil_id}", {"pin": PUPIL_PIN})
    return "; ".join(f"{name}={cookies[name]}" for name in ("rugzak", KEY_COOKIE))


def post_for_cookies(port: int, path: str, fields: dict[str, str]) -> dict[str, str]:
    body = urllib.parse.urlencode(fields).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=body, method="POST")

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        response = opener.open(request)
        headers = response.headers
    except urllib.error.HTTPError as e:  # the 303 after signing in
        headers = e.headers
    cookies = {}
    for cookie in headers.get_all("set-cookie") or []:
        m = re.match(r"([a-z_]+)=([^;]*)", cookie)
        if m:
            cookies[m.group(1)] = m.group(2)
    if "rugzak" not in cookies:
        raise SystemExit(f"signing in at {path} failed: no rugzak cookie")
    return cookies


def etag_of(port: int, path: str, cookie: str) -> str:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Cookie": cookie})
    with urllib.request.urlopen(request) as response:
        etag = response.headers.get("etag")
    if not etag:
        raise SystemExit(f"{path} sent no ETag")
    return etag


def wait_until_up(port: int, proc: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("the server stopped")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("the server did not start")


async def read_response(reader: asyncio.StreamReader) -> int:
    """Read one HTTP/1.1 response; return its status."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding") == "chunked":
        while True:
            size = int((await reader.readline()).strip(), 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    return status


async def worker(port: int, request: bytes, stop: float, counts: list[int], expect: int) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while time.monotonic() < stop:
            writer.write(request)
            status = await read_response(reader)
            if status != expect:
                raise SystemExit(f"unexpected status {status}")
            counts[0] += 1
    finally:
        writer.close()


class Target(NamedTuple):
    path: str
    cookie: str
    etag: str = ""  # sent as If-None-Match: the answer expected is then a 304

    def request(self, port: int) -> bytes:
        extra = f"If-None-Match: {self.etag}\r\n" if self.etag else ""
        return (
            f"GET {self.path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/html\r\n"
            f"Accept-Encoding: gzip\r\nCookie: {self.cookie}\r\n{extra}"
            "Connection: keep-alive\r\n\r\n"
        ).encode()


async def load(port: int, target: Target, seconds: float, connections: int) -> tuple[int, float]:
    """Requests answered and seconds taken."""
    request, expect = target.request(port), 304 if target.etag else 200
    counts = [0]
    start = time.monotonic()
    stop = start + seconds
    await asyncio.gather(*(worker(port, request, stop, counts, expect) for _ in range(connections)))
    return counts[0], time.monotonic() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--connections", type=int, default=30)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="rugzak-bench-") as tmp:
        data = Path(tmp) / "data"
        store = Store(data)
        create_demo(store)
        pupil_id = groep7_pupil(store)
        existing = len(items(store.pupil(pupil_id)))
        if existing < MIN_ITEMS:
            existing += add_work(store, pupil_id)
        print(f"pupil {pupil_id}: {existing} items")
        busiest, code = busiest_pupil(store)
        print(f"pupil with the most items {busiest}: {len(items(store.pupil(busiest)))} items")
        print(f"api_mij_build_ms: {build_ms(store, busiest):.1f}")

        port = free_port()
        script = SERVER.format(data=str(data), port=port)
        proc = subprocess.Popen([sys.executable, "-c", script])
        try:
            wait_until_up(port, proc)
            cookie = sign_in(port)
            pupil_cookie = sign_in_pupil(port, busiest, code)
            page = f"/leraar/leerling/{pupil_id}/rugzak"
            held = etag_of(port, "/api/mij", pupil_cookie)  # what her device stored
            targets = {
                "page": Target(page, cookie),
                "worksheet": Target(WORKSHEET, cookie),
                "mij_304": Target("/api/mij", pupil_cookie, held),
                "mij_full": Target("/api/mij", pupil_cookie),
                "constant": Target("/healthz", cookie),
            }
            for target in targets.values():  # warm up: templates, caches, connections
                asyncio.run(load(port, target, 1.0, args.connections))
            # Alternate them in rounds, so a busy moment on the machine hits each.
            totals = {name: [0, 0.0] for name in targets}
            for _ in range(ROUNDS):
                for name, total in totals.items():
                    done, took = asyncio.run(
                        load(port, targets[name], args.seconds / ROUNDS, args.connections)
                    )
                    total[0] += done
                    total[1] += took
            rps = {name: done / took for name, (done, took) in totals.items()}
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    constant = rps["constant"]
    print(f"worksheet page {WORKSHEET}: {rps['worksheet']:.0f} req/s")
    print(f"GET /api/mij 304 ({busiest}): {rps['mij_304']:.0f} req/s")
    print(f"GET /api/mij full ({busiest}): {rps['mij_full']:.0f} req/s")
    print(f"worksheet_page_vs_constant: {rps['worksheet'] / constant:.2f}")
    print(f"api_mij_304_vs_constant: {rps['mij_304'] / constant:.2f}")
    print(f"api_mij_full_vs_constant: {rps['mij_full'] / constant:.2f}")
    print(f"page {page}: {rps['page']:.0f} req/s")
    print(f"constant /healthz: {constant:.0f} req/s")
    print(f"page_vs_constant: {rps['page'] / constant:.2f}")


if __name__ == "__main__":
    main()
