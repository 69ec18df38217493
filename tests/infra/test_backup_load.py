"""Backup under load: the real server runs as a subprocess, writers acknowledge writes over
HTTP (a teacher's new classes in the school file, pupils' sync batches in their own files),
and a backup runs meanwhile. The server is killed with -9 during the backup, and a backup is
killed with -9 halfway: a backup file is either complete and restorable with every write
acknowledged before it started, or not there at all.

"Halfway" is made certain, not hoped for: the backup prints each file it copied
(``--progress``) into a pipe the test reads only the first line of. The folder holds so many
files that their names fill the pipe several times over, so the backup cannot finish (nor
rename its file into place) until the test reads on: when the -9 arrives it is inside its
work."""

from __future__ import annotations

import http.client
import json
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from server.app import create_app
from server.domain import portfolio, school
from server.infra.settings import Settings
from server.infra.store import Store
from tests import factories

ROOT = Path(__file__).resolve().parents[2]
PORTS = range(8820, 8830)  # this part's port range
WAIT = 60.0  # seconds: a bound on waiting for a condition, never a pause


def free_port() -> int:
    for port in PORTS:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 8820-8829")


class Browser:
    """One person's HTTP client with a cookie jar, on http.client (no redirects followed)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, body: bytes = b"", kind: str = ""
    ) -> tuple[int, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
            if kind:
                headers["Content-Type"] = kind
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
            for cookie in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = cookie.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
            return response.status, data
        finally:
            conn.close()

    def form(self, path: str, **fields: str) -> tuple[int, bytes]:
        from urllib.parse import urlencode

        return self.request(
            "POST", path, urlencode(fields).encode(), "application/x-www-form-urlencoded"
        )


class Load:
    """Writers that keep writing until the server is gone, and what was acknowledged."""

    def __init__(self, port: int, world: dict) -> None:
        self.port, self.world = port, world
        self.acked: list[tuple[str, str, str]] = []
        self.changed = threading.Condition()
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self._teacher, args=(i,)) for i in range(2)]
        self.threads += [threading.Thread(target=self._pupil, args=(p,)) for p in world["pupils"]]

    def _ack(self, what: tuple[str, str, str]) -> None:
        with self.changed:
            self.acked.append(what)
            self.changed.notify_all()

    def _teacher(self, n: int) -> None:
        admin = self.world["admin"]
        me = Browser(self.port)
        status, _ = me.form(
            "/inloggen/medewerker", username=admin.username, password=admin.password
        )
        assert status == 303
        i = 0
        while not self.stop.is_set():
            i += 1
            name = f"W{n}-{i}"
            try:
                status, _ = me.form("/beheer/klassen", name=name, group="6")
            except OSError:
                return  # the server is gone
            if status == 303:
                self._ack(("class", name, ""))

    def _pupil(self, pupil: factories.Pupil) -> None:
        me = Browser(self.port)
        code = self.world["code"]
        status, _ = me.form(f"/klas/{code}/{pupil.id}", pin=pupil.pin)
        assert status == 303
        while not self.stop.is_set():
            item_id = f"i_{uuid.uuid4().hex[:12]}"
            ops = [
                {"op_id": f"c-{item_id}", "type": "create", "item_id": item_id,
                 "worksheet": "ervaring"},
                {"op_id": f"s-{item_id}", "type": "set", "item_id": item_id, "field": "wat",
                 "value": "Ik heb geholpen in de bakkerij. " * 3, "base_rev": 0},
            ]  # fmt: skip
            body = json.dumps({"pupil_id": pupil.id, "ops": ops}).encode()
            try:
                status, data = me.request("POST", "/api/sync", body, "application/json")
            except OSError:
                return
            if status == 200 and all(r["status"] == "applied" for r in json.loads(data)["results"]):
                self._ack(("item", pupil.id, item_id))

    def start(self) -> None:
        for t in self.threads:
            t.start()

    def wait_for(self, count: int) -> list[tuple[str, str, str]]:
        with self.changed:
            assert self.changed.wait_for(lambda: len(self.acked) >= count, timeout=WAIT)
            return list(self.acked)

    def finish(self) -> None:
        self.stop.set()
        for t in self.threads:
            t.join(timeout=WAIT)


@pytest.fixture
def world(tmp_path: Path) -> dict:
    data = tmp_path / "data"
    store = Store(data)
    admin = factories.admin(store)
    cls = factories.school_class(store, group=8)
    pupils = [factories.pupil(store, cls) for _ in range(3)]
    for n in range(1500):  # photos (any bytes will do): many files, so the backup takes long
        folder = store.media_dir(pupils[n % 3].id)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{n:064x}.klein.webp").write_bytes(b"RIFF0000WEBP")
    return {"data": data, "admin": admin, "code": cls.code, "pupils": pupils}


@contextmanager
def server(data: Path) -> Iterator[tuple[subprocess.Popen, int]]:
    port = free_port()
    log = (data.parent / f"server-{port}.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "server", "serve", "--data", str(data), "--port", str(port)],
        cwd=ROOT,
        stdout=log,
        stderr=log,
    )
    try:
        deadline = time.monotonic() + WAIT
        while True:
            assert proc.poll() is None, (data.parent / f"server-{port}.log").read_text()
            assert time.monotonic() < deadline, "the server did not start"
            try:
                if Browser(port).request("GET", "/healthz")[0] == 200:
                    break
            except OSError:
                with socket.socket() as s:  # wait for the port to listen, not for a clock
                    s.settimeout(0.2)
                    s.connect_ex(("127.0.0.1", port))
        yield proc, port
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        log.close()


PIPE_BUFFER = 64 * 1024  # Linux's default pipe capacity


def start_backup(data: Path, target: Path) -> subprocess.Popen:
    """A backup process that has copied its first file and cannot finish while nobody reads
    its progress (the names of the folder's files need more than the pipe holds)."""
    names = sum(len(str(p.relative_to(data))) + 1 for p in data.rglob("*") if p.is_file())
    assert names > 2 * PIPE_BUFFER, "too few files to hold the backup halfway"
    proc = subprocess.Popen(
        [sys.executable, "-m", "server", "backup", "--data", str(data), "--to", str(target),
         "--progress"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    assert proc.stdout is not None
    first = proc.stdout.readline()
    assert first.strip(), proc.stderr.read() if proc.stderr else ""
    return proc


def check_restorable(target: Path, into: Path, before: list[tuple[str, str, str]]) -> None:
    """Restore into an empty folder, start the app on it: every write acknowledged before
    the backup began is there."""
    result = subprocess.run(
        [sys.executable, "-m", "server", "restore", str(target), "--data", str(into)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=WAIT,
    )
    assert result.returncode == 0, result.stderr
    app = create_app(Settings.for_data_dir(into))
    store = app.state.rugzak.store
    with store.school.transaction() as db:
        names = {c["name"] for c in school.classes(db)}
    items: dict[str, set[str]] = {}
    for kind, a, b in before:
        if kind == "item":
            if a not in items:
                items[a] = {i["id"] for i in portfolio.items(store.pupil(a))}
            assert b in items[a], f"acknowledged item {b} of {a} is missing"
        else:
            assert a in names, f"acknowledged class {a} is missing"
    assert sum(1 for k, _, _ in before if k == "item") > 0
    assert sum(1 for k, _, _ in before if k == "class") > 0


def test_kill_9_of_the_server_during_a_backup(world, tmp_path: Path):
    target = tmp_path / "backups" / "rugzak.tar.gz"
    with server(world["data"]) as (proc, port):
        load = Load(port, world)
        load.start()
        try:
            before = load.wait_for(60)  # acknowledged before the backup starts
            backup = start_backup(world["data"], target)
            load.wait_for(len(before) + 20)  # the server keeps writing meanwhile ...
            proc.kill()  # ... and dies with -9 while the backup is halfway
            proc.wait()
        finally:
            load.finish()
    assert not target.exists()  # halfway: nothing there yet
    _, err = backup.communicate(timeout=WAIT)  # read on: the backup goes on to the end
    assert backup.returncode == 0, err.decode()
    assert target.exists()
    check_restorable(target, tmp_path / "terug", before)


def test_kill_9_of_a_backup_halfway_leaves_no_file(world, tmp_path: Path):
    target = tmp_path / "backups" / "rugzak.tar.gz"
    with server(world["data"]) as (_, port):
        load = Load(port, world)
        load.start()
        try:
            load.wait_for(30)
            backup = start_backup(world["data"], target)
            backup.kill()  # -9, halfway
            backup.communicate(timeout=WAIT)
            assert backup.returncode == -9
            assert not target.exists()
            # The next backup (the server still writing) is complete and cleans up.
            before = load.wait_for(len(load.acked) + 10)
            result = subprocess.run(
                [sys.executable, "-m", "server", "backup", "--data", str(world["data"]),
                 "--to", str(target)],
                cwd=ROOT, capture_output=True, text=True, timeout=WAIT,
            )  # fmt: skip
            assert result.returncode == 0, result.stderr
        finally:
            load.finish()
    assert [p.name for p in target.parent.iterdir()] == ["rugzak.tar.gz"]
    check_restorable(target, tmp_path / "terug", before)
