"""The command line: ``python -m server --help | demo | serve`` and the health check."""

from __future__ import annotations

import hashlib
import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "server", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_help_lists_the_commands():
    r = run("--help")
    assert r.returncode == 0, r.stderr
    assert "serve" in r.stdout
    assert "demo" in r.stdout
    r = run("serve", "--help")
    assert r.returncode == 0
    for option in ("--data", "--host", "--port"):
        assert option in r.stdout


def test_unknown_command_fails():
    r = run("bestaat-niet")
    assert r.returncode != 0
    assert "invalid choice" in r.stderr


def test_demo_creates_the_school_once(tmp_path):
    data = tmp_path / "data"
    r = run("demo", "--data", str(data))
    assert r.returncode == 0, r.stderr
    school = data / "school.json"
    assert school.exists()
    stored = json.loads(school.read_text())
    assert len(stored["classes"]) == 3
    assert len(stored["pupils"]) == 27
    assert stored["meta"]["school"]["name"] == "Basisschool De Horizon"
    # The demo logins are printed.
    assert "juf.sanne / horizon-sanne" in r.stdout
    assert "beheer / horizon-beheer" in r.stdout
    assert "HZN6PX" in r.stdout
    assert "PIN 1234" in r.stdout
    assert "horizon-ouder" in r.stdout
    assert (data / "secret.key").exists()

    before = digest(school)
    again = run("demo", "--data", str(data))
    assert again.returncode == 1
    assert "already holds a school; nothing changed" in again.stderr
    assert "horizon-sanne" not in again.stdout
    assert digest(school) == before


def test_healthz(client):
    r = client.get("/healthz")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert body["status"] == "ok"
    assert body["version"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_answers_and_stops(tmp_path):
    data = tmp_path / "data"
    assert run("demo", "--data", str(data)).returncode == 0
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "server", "serve", "--data", str(data), "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 15
        body = None
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise AssertionError(f"server exited early: {proc.stderr.read()}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as r:
                    assert r.status == 200
                    body = json.loads(r.read())
                    break
            except OSError:
                time.sleep(0.05)
        assert body is not None and body["status"] == "ok"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/inloggen", timeout=2) as r:
            page = r.read().decode()
        assert "Welkom bij Rugzak" in page
        assert "Basisschool De Horizon" in page
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        proc.stdout.close()
        proc.stderr.close()
    assert proc.returncode is not None


def test_serve_on_an_empty_folder_starts_an_empty_school(tmp_path):
    """Without --demo nothing is invented: the folder gets only its secret key."""
    from server.app import create_app
    from server.infra.settings import Settings

    data = tmp_path / "leeg"
    app = create_app(Settings.for_data_dir(data))
    assert app.state.school_name == "Rugzak"
    assert (data / "secret.key").stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in data.iterdir()) == ["seal-key.pem", "secret.key"]


VO_HEADER = (
    "BRIN NUMMER;VESTIGINGSNUMMER;VESTIGINGSNAAM;STRAATNAAM;HUISNUMMER-TOEVOEGING;POSTCODE;"
    "PLAATSNAAM;GEMEENTENAAM;DENOMINATIE;INTERNETADRES;ONDERWIJSSTRUCTUUR"
)
VO_ROWS = [
    '12AB;12AB00;"Sint-Jozef Mavo; ""De Brug""";Kerkstraat;1;3011 AB;ROTTERDAM;ROTTERDAM;'
    "Rooms-Katholiek;www.sintjozef.nl;VBO/MAVO",
    "34CD;34CD01;Lyceum Zoë;Laan;2;3111 AA;SCHIEDAM;SCHIEDAM;Openbaar;;HAVO/VWO",
]


def test_import_vo_scholen(tmp_path):
    from server.infra.store import stored

    data = tmp_path / "data"
    assert run("demo", "--data", str(data)).returncode == 0
    school = data / "school.json"
    good = tmp_path / "vestigingen.csv"
    good.write_bytes(("\ufeff" + "\r\n".join([VO_HEADER, *VO_ROWS]) + "\r\n").encode())
    broken = tmp_path / "kapot.csv"
    broken.write_bytes("\r\n".join([VO_HEADER, VO_ROWS[0], "56EF;56EF00;Kort"]).encode())

    before = {p.name: digest(p) for p in data.iterdir() if p.is_file()}
    r = run("import-vo-scholen", str(broken), "--data", str(data))
    assert r.returncode == 2
    assert "Regel 3: Deze regel heeft 3 velden, de kopregel 11." in r.stderr
    assert "nothing imported" in r.stderr
    assert {p.name: digest(p) for p in data.iterdir() if p.is_file()} == before

    r = run("import-vo-scholen", str(good), "--data", str(data), "--gemeente", "schiedam")
    assert r.returncode == 0, r.stderr
    assert "1 nieuw/added" in r.stdout
    kept = {code for code, doc in stored(school)["vo_schools"].items() if not doc["gone"]}
    assert kept == {"34CD01"}  # the demo's own schools are not in this file: marked gone

    r = run("import-vo-scholen", str(good), "--data", str(data))
    assert r.returncode == 0, r.stderr
    assert "1 nieuw/added, 0 bijgewerkt/updated, 1 ongewijzigd/unchanged" in r.stdout
    schools = stored(school)["vo_schools"]
    assert schools["34CD01"]["name"] == "Lyceum Zoë"
    assert schools["12AB00"]["name"] == 'Sint-Jozef Mavo; "De Brug"'


def test_import_vo_scholen_needs_a_school(tmp_path):
    good = tmp_path / "vestigingen.csv"
    good.write_text("\n".join([VO_HEADER, *VO_ROWS]), encoding="utf-8")
    r = run("import-vo-scholen", str(good), "--data", str(tmp_path / "leeg"))
    assert r.returncode == 1
    assert "holds no school yet" in r.stderr
    assert not (tmp_path / "leeg" / "school.json").exists()
