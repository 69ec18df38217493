"""Does one abusive client stall the school? /healthz latency while another client sends the
worst sync batches it can.

Builds the demo school in a temporary folder and serves it with uvicorn in a subprocess (the
real server, one process, as in a school). One pupil signs in with her PIN. Then, for
``--seconds``, two abuser threads send, round-robin, the most expensive batches the protocol
allows: 2 MB bodies of ~4,900 sealed garbage operations (over the 500 limit), 500 sealed
garbage operations (each one an RSA decryption attempt), and 2 MB of JSON that is not a
batch. Meanwhile a third thread asks /healthz one request after another and records each
latency. The same /healthz series is measured first without abuse, as the baseline.

Run: ``python bench/abuse.py``. The last line is ``healthz_p99_ms_under_abuse: <n>``; the goal
is <= 100 (no request holds the event loop for more than ~50 ms).
"""

from __future__ import annotations

import argparse
import base64
import http.client
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

from server.demo import PUPIL_PIN, create_demo
from server.infra.store import Store

REPO = Path(__file__).resolve().parent.parent

CLASS_CODE = "HZN8PX"
PUPIL = "Emma de Vries"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(data: Path, port: int) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "server", "serve", "--data", str(data), "--port", str(port)]
    proc = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            conn.request("GET", "/healthz")
            if conn.getresponse().status in (200, 503):
                return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("the server did not start")


def sign_in(port: int, pupil_id: str) -> str:
    """The Cookie header of a signed-in pupil (session and sign-in key)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    body = urllib.parse.urlencode({"pin": PUPIL_PIN})
    conn.request(
        "POST",
        f"/klas/{CLASS_CODE}/{pupil_id}",
        body,
        {"content-type": "application/x-www-form-urlencoded", "origin": f"http://127.0.0.1:{port}"},
    )
    r = conn.getresponse()
    r.read()
    cookies = [v.split(";", 1)[0] for k, v in r.getheaders() if k.lower() == "set-cookie"]
    assert r.status == 303 and any(c.startswith("rugzak_sleutel=") for c in cookies), r.status
    return "; ".join(cookies)


def garbage_envelope() -> dict[str, str]:
    b64 = lambda n: base64.b64encode(os.urandom(n)).decode()  # noqa: E731
    return {"k": b64(256), "iv": b64(12), "c": b64(48)}


def worst_bodies(pupil_id: str) -> list[bytes]:
    many = [
        {"op_id": f"op-{secrets.token_hex(6)}", "sealed": garbage_envelope()} for _ in range(4900)
    ]
    at_limit = many[:500]
    over = json.dumps({"pupil_id": pupil_id, "ops": many}).encode()
    while len(over) > 2 * 1024 * 1024 - 100:  # just under the body limit
        many.pop()
        over = json.dumps({"pupil_id": pupil_id, "ops": many}).encode()
    limit = json.dumps({"pupil_id": pupil_id, "ops": at_limit}).encode()
    junk = json.dumps({"pupil_id": pupil_id, "x": ["a" * 1000] * 2000}).encode()
    return [over, limit, junk]


def abuse(port: int, cookie: str, bodies: list[bytes], stop: threading.Event, sent: list[int]):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    i = 0
    while not stop.is_set():
        body = bodies[i % len(bodies)]
        i += 1
        try:
            conn.request(
                "POST",
                "/api/sync",
                body,
                {"content-type": "application/json", "cookie": cookie,
                 "origin": f"http://127.0.0.1:{port}"},
            )  # fmt: skip
            conn.getresponse().read()
            sent.append(len(body))
        except OSError:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)


def healthz_series(port: int, seconds: float) -> list[float]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    times: list[float] = []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        t = time.perf_counter()
        conn.request("GET", "/healthz")
        conn.getresponse().read()
        times.append((time.perf_counter() - t) * 1000)
        time.sleep(0.01)
    return times


def p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[98]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=15.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        logins = create_demo(Store(data), hash_cost=2**4)
        pupil_id = logins.pupil_ids[PUPIL]
        port = free_port()
        proc = start_server(data, port)
        try:
            cookie = sign_in(port, pupil_id)
            bodies = worst_bodies(pupil_id)
            base = healthz_series(port, 3)
            stop, sent = threading.Event(), []
            abusers = [
                threading.Thread(target=abuse, args=(port, cookie, bodies, stop, sent))
                for _ in range(2)
            ]
            for t in abusers:
                t.start()
            time.sleep(0.5)
            loaded = healthz_series(port, args.seconds)
            stop.set()
            for t in abusers:
                t.join()
        finally:
            proc.terminate()
            proc.wait(10)
    print(f"abusive batches sent: {len(sent)} ({sum(sent) / 1e6:.0f} MB)")
    print(f"healthz requests: {len(base)} alone, {len(loaded)} under abuse")
    print(f"healthz_p50_ms_alone: {statistics.median(base):.1f}")
    print(f"healthz_p99_ms_alone: {p99(base):.1f}")
    print(f"healthz_p50_ms_under_abuse: {statistics.median(loaded):.1f}")
    print(f"healthz_max_ms_under_abuse: {max(loaded):.1f}")
    print(f"healthz_p99_ms_under_abuse: {p99(loaded):.1f}")


if __name__ == "__main__":
    main()
