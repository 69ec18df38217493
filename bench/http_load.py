"""The routes of issue 11 measured from outside, with wrk, in a class of 10 and a school of 3,000.

Uses the two schools of ``bench/school_scale.py`` (built, or reused with ``--keep DIR``). For
each school a uvicorn server runs on one core (``taskset -c 1``) and wrk on the other
(``taskset -c 0``, one thread, 30 connections, gzip accepted, ``--seconds`` per route), as
the issue measured it. Every route is asked as its user would: signed in with the cookies a
real sign-in gave. Prints per route the requests per second and the median latency in both
schools, and last ``worst_rps_ratio_3000_vs_10`` (the lowest share of a class of 10's
throughput that any route keeps in a school of 3,000; 1.0 is "costs the same").

Needs wrk (``apt-get install wrk``) and taskset (util-linux).

    .venv/bin/python bench/http_load.py [--seconds 5] [--keep DIR]
"""

from __future__ import annotations

import argparse
import http.cookiejar
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

import school_scale
from pages import SERVER, free_port

from server.demo import PUPIL_PIN


class Server:
    """uvicorn on core 1 for one school's data folder."""

    def __init__(self, data: Path) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        script = SERVER.format(data=str(data), port=self.port)
        self.proc = subprocess.Popen(["taskset", "-c", "1", sys.executable, "-c", script])
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(self.base + "/healthz", timeout=2).read()
                return
            except OSError:
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    raise RuntimeError("the server did not start") from None
                time.sleep(0.2)

    def cookies(self, path: str, form: dict[str, str]) -> str:
        """Sign in by posting ``form`` to ``path``; the Cookie header that sign-in gave."""
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        opener.open(self.base + path, data=urllib.parse.urlencode(form).encode(), timeout=30)
        assert len(jar) > 0, f"no cookie from {path}"
        return "; ".join(f"{c.name}={c.value}" for c in jar)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def routes(server: Server, world: dict) -> dict[str, tuple[str, str]]:
    """Route name -> (path, Cookie header), for the middle pupil and class."""
    pupil_id, class_id, code, adult = world["pupils"][len(world["pupils"]) // 2]
    teacher = next(t for c, _, t in world["classes"] if c == class_id)
    password = school_scale.PASSWORD
    pupil = server.cookies(f"/klas/{code}/{pupil_id}", {"pin": PUPIL_PIN})
    staff = server.cookies("/inloggen/medewerker", {"username": teacher, "password": password})
    admin = server.cookies("/inloggen/medewerker", {"username": "beheer", "password": password})
    parent = server.cookies("/inloggen/ouder", {"username": adult, "password": password})
    assignment = world["assignments"][class_id]
    return {
        "teacher_class_page": (f"/leraar/klas/{class_id}", staff),
        "assignment_page": (f"/leraar/klas/{class_id}/opdracht/{assignment}", staff),
        "admin_overview": ("/beheer", admin),
        "parent_home": ("/ouder", parent),
        "class_code_name_list": (f"/klas/{code}", ""),
        "api_mij": ("/api/mij", pupil),
        "worksheet_page": (school_scale.WORKSHEET_PAGE, pupil),
        "healthz": ("/healthz", ""),
    }


def wrk(url: str, cookie: str, seconds: int) -> tuple[float, str]:
    """Requests per second and the median latency wrk printed."""
    cmd = ["taskset", "-c", "0", "wrk", "-t1", "-c30", f"-d{seconds}s", "--latency"]
    cmd += ["-H", "Accept-Encoding: gzip"]
    if cookie:
        cmd += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run([*cmd, url], check=True, capture_output=True, text=True).stdout
    if "Non-2xx" in out:
        raise RuntimeError(f"{url} answered non-2xx under load:\n{out}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1)  # type: ignore[union-attr]
    return rps, p50


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="the schools of school_scale.py --keep DIR")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install wrk")
    tmp = args.keep or Path(tempfile.mkdtemp(prefix="rugzak-load-"))
    try:
        figures: list[dict[str, tuple[float, str]]] = []
        for data, world in school_scale.schools(tmp):
            server = Server(data)
            try:
                figures.append(
                    {
                        name: wrk(server.base + path, cookie, args.seconds)
                        for name, (path, cookie) in routes(server, world).items()
                    }
                )
            finally:
                server.stop()
        ten, big = figures
        worst = 1.0
        for name in ten:
            (rps10, p10), (rps3k, p3k) = ten[name], big[name]
            worst = min(worst, rps3k / rps10)
            print(f"{name}: {rps10:.0f} req/s (p50 {p10}) vs {rps3k:.0f} req/s (p50 {p3k})")
        print(f"worst_rps_ratio_3000_vs_10: {worst:.2f}")
    finally:
        if args.keep is None:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
