"""Kill a writing process at random moments; nothing acknowledged may be lost or corrupted.

A child process applies operation batches to several pupil files and writes to the school
file in a loop, printing one line per call *after* it returned (= what a request would
acknowledge to a tablet). The parent SIGKILLs it after a random delay, many times, on the
same data folder, then checks every file and every acknowledged operation.

The files are journaled (server/infra/store/storage.py) with a small compaction floor, so
kills land in a journal append (a torn line), between a log append, the snapshot and the
emptying of the journal, and in the migration of a file of the older layout (history as a
table), which each round's writer first reads.
"""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from server.domain import portfolio
from server.infra.store import Store, stored

PUPILS = ["p_00000000000a", "p_00000000000b", "p_00000000000c", "p_00000000000d"]
OLD = "p_0000000000ff"  # a file of the older layout, moved over while the writer is killed
OLD_ROWS = 4_000
ITEMS = ["item-0001", "item-0002", "item-0003"]
FIELDS = [f"f{i}" for i in range(10)]
ROUNDS = 60
SEED = 20260901

CHILD = textwrap.dedent(
    """
    import json, random, sys
    from pathlib import Path

    from server.domain.portfolio import Actor, apply_ops
    import server.infra.store.storage as storage
    from server.domain.portfolio import conflicts
    from server.infra.store import Store

    data_dir, rnd, seed = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    OLD = "p_0000000000ff"
    pupils, items, fields = json.loads(sys.argv[4])
    rng = random.Random(seed)
    storage.COMPACT_FLOOR = 8 * 1024  # compact often: kills land inside compactions too
    store = Store(data_dir)
    describe = lambda op: {"worksheet": "ervaring", "group": 7, "school_year": "2026-2027"}
    validate = lambda item, field, value: value


    def emit(*parts):
        print(json.dumps(parts), flush=True)


    def fail(what):
        emit("ERR", what)
        sys.exit(3)


    emit("READY")
    emit("M", len(conflicts(store.pupil(OLD))))  # the first round moves it to the new layout
    for pid in pupils:
        ops = [
            {"op_id": f"create-{pid}-{it}", "type": "create", "item_id": it} for it in items
        ]
        res = apply_ops(store.pupil(pid), ops, Actor(pid, "pupil"), validate, describe)
        if any(r["status"] not in ("applied", "duplicate") for r in res):
            fail(res)
        emit("C", pid)

    seq = 0
    while True:
        seq += 1
        if rng.random() < 0.15:
            key = f"r{rnd}-s{seq}"
            with store.school.transaction() as db:
                db.table("log").put(key, {"round": rnd, "seq": seq, "note": "x" * 300})
            emit("S", key)
            continue
        pid = rng.choice(pupils)
        database = store.pupil(pid)
        with database.transaction() as db:
            revs = {it: dict(db.table("items").by_id(it)["revs"]) for it in items}
        n = 1 if rng.random() < 0.5 else 20
        targets = rng.sample([(it, f) for it in items for f in fields], n)
        ops = []
        for k, (it, f) in enumerate(targets):
            op_id = f"r{rnd}-s{seq}-k{k}"
            value = {"round": rnd, "seq": seq, "op": op_id, "text": "Ik wil later " * 20}
            ops.append(
                {
                    "op_id": op_id,
                    "type": "set",
                    "item_id": it,
                    "field": f,
                    "value": value,
                    "base_rev": revs[it].get(f, 0),
                }
            )
        res = apply_ops(database, ops, Actor(pid, "pupil"), validate, describe)
        if any(r["status"] != "applied" for r in res):
            fail(res)
        emit("P", pid, [[op["op_id"], op["item_id"], op["field"], rnd, seq] for op in ops])
    """
)


def _run_round(script: Path, data_dir: Path, rnd: int, rng: random.Random, log: Path):
    """Start the writer, wait until it runs, SIGKILL it after a random delay."""
    with log.open("ab") as err:
        proc = subprocess.Popen(
            [
                sys.executable,
                str(script),
                str(data_dir),
                str(rnd),
                str(SEED + rnd),
                json.dumps([PUPILS, ITEMS, FIELDS]),
            ],
            stdout=subprocess.PIPE,
            stderr=err,
        )
    assert proc.stdout is not None
    ready = proc.stdout.readline()
    assert ready == b'["READY"]\n', (ready, log.read_text())
    time.sleep(rng.uniform(0.005, 0.120))
    running = proc.poll() is None
    proc.send_signal(signal.SIGKILL)
    rest = proc.stdout.read()
    proc.stdout.close()
    proc.wait()
    assert running, f"writer exited by itself: {rest!r} {log.read_text()}"
    assert proc.returncode == -signal.SIGKILL
    # A line cut off by the kill was never acknowledged: only complete lines count.
    lines = [json.loads(line) for line in rest.split(b"\n")[:-1]]
    assert not [line for line in lines if line[0] == "ERR"], lines
    return lines


def _old_layout(folder: Path) -> list[dict]:
    """portfolio.json as the previous version wrote it: history as a table, no journal."""
    rows = [
        {"item_id": "item-0001", "field": f"f{n % 10}", "by": OLD, "role": "pupil",
         "at": "2025-01-01T10:00:00+00:00", "op_id": f"old-{n:06d}", "base_rev": n,
         "kind": "set", "value": "Ik wil later " * 5, "old": None, "rev": n + 1}
        for n in range(OLD_ROWS)
    ]  # fmt: skip
    data = {"meta": {"rev": {"value": OLD_ROWS}}, "items": {}, "ops": {},
            "history": {str(i): row for i, row in enumerate(rows, start=1)}}  # fmt: skip
    folder.mkdir(parents=True)
    (folder / "portfolio.json").write_text(json.dumps(data))
    return rows


def test_sigkill_during_writes_loses_nothing_acknowledged(tmp_path: Path) -> None:
    script = tmp_path / "writer.py"
    script.write_text(CHILD)
    data_dir = tmp_path / "portfolios"
    old_rows = _old_layout(data_dir / "pupils" / OLD)
    log = tmp_path / "writer.stderr"
    rng = random.Random(SEED)

    acked_ops: dict[str, dict[str, tuple]] = {pid: {} for pid in PUPILS}
    acked_school: set[str] = set()
    killed_after_acks = killed_before_moved = 0
    tmp_seen_per_round: list[int] = []
    started = time.monotonic()
    for rnd in range(ROUNDS):
        lines = _run_round(script, data_dir, rnd, rng, log)
        if any(line[0] in ("P", "S") for line in lines):
            killed_after_acks += 1
        if not any(line[0] == "M" for line in lines):
            killed_before_moved += 1  # (in the migration, or while reading the files)
        for line in lines:
            if line[0] == "P":
                _, pid, ops = line
                for op_id, item_id, field, r, seq in ops:
                    acked_ops[pid][op_id] = (item_id, field, r, seq)
            elif line[0] == "S":
                acked_school.add(line[1])
        tmp_seen_per_round.append(len(list(data_dir.rglob(".*.tmp"))))
    elapsed = time.monotonic() - started

    # The test must not pass vacuously: the writer was killed while it was writing.
    total_acked = sum(len(v) for v in acked_ops.values())
    # (A third: each round first opens the files, on a machine that may be busy.)
    assert killed_after_acks >= ROUNDS // 3, (killed_after_acks, ROUNDS)
    compactions = [json.loads((data_dir / "pupils" / p / "portfolio.json").read_bytes())
                   ["_journal"]["seq"] for p in PUPILS]  # fmt: skip
    assert all(seq > 0 for seq in compactions), compactions  # compacted, and killed around it
    assert total_acked > 200 and acked_school, (total_acked, len(acked_school))

    # 1. Every snapshot parses and its journal replays (a torn last line is dropped); temp
    # files are the only other leftovers and are never data.
    json_files = sorted(data_dir.rglob("*.json"))
    assert data_dir / "school.json" in json_files
    for path in json_files:
        assert not path.name.startswith("."), path
        json.loads(path.read_bytes())
        stored(path)
    for path in data_dir.rglob("*"):
        if path.is_file():
            assert path.suffix in (".json", ".journal", ".jsonl") or (
                path.name.startswith(".") and path.name.endswith(".tmp")
            ), path

    # 2. Every acknowledged operation survived, read through a fresh store like a restart.
    store = Store(data_dir)
    unacked_committed = 0
    for pid in PUPILS:
        database = store.pupil(pid)
        with database.transaction() as db:
            done = {d.doc_id: dict(d) for d in db.table("ops").all()}
            rev = db.table("meta").by_id("rev")["value"]
        items = {i["id"]: i for i in portfolio.items(database)}
        assert set(items) == set(ITEMS)
        history = portfolio.history(database)
        set_revs = [h["rev"] for h in history if h["kind"] == "set"]
        assert len(set_revs) == len(set(set_revs)), "a revision was handed out twice"
        assert all(h["kind"] == "set" for h in history), "single writer: no conflicts"
        by_op = {h["op_id"]: h for h in history}
        latest: dict[tuple[str, str], tuple[int, int]] = {}
        for op_id, (item_id, field, r, seq) in acked_ops[pid].items():
            assert op_id in done, f"acknowledged op {op_id} of {pid} lost"
            assert done[op_id]["result"]["status"] == "applied"
            assert by_op[op_id]["value"]["op"] == op_id
            key = (item_id, field)
            latest[key] = max(latest.get(key, (-1, -1)), (r, seq))
        for (item_id, field), (r, seq) in latest.items():
            value = items[item_id]["values"][field]
            # The field holds the last acknowledged value, or a newer one that was
            # committed just before a kill (and therefore never acknowledged).
            assert (value["round"], value["seq"]) >= (r, seq), (pid, item_id, field)
            assert items[item_id]["revs"][field] <= rev
        unacked_committed += len([o for o in done if o.startswith("r") and o not in acked_ops[pid]])
    with store.school.transaction() as db:
        log_keys = {d.doc_id for d in db.table("log").all()}
    assert acked_school <= log_keys, acked_school - log_keys
    # The file of the older layout was moved over exactly once, whenever the kills came.
    assert portfolio.history(store.pupil(OLD)) == old_rows
    assert "history" not in json.loads((data_dir / "pupils" / OLD / "portfolio.json").read_text())

    # Leftover temp files: mkstemp names are unique, so one per kill inside write_atomic
    # stays behind forever unless start-up removes them (nothing does so today).
    tmp_files = list(data_dir.rglob(".*.tmp"))
    print(
        f"\n{ROUNDS} rounds in {elapsed:.1f}s; killed after >=1 ack: {killed_after_acks}; "
        f"acked ops: {total_acked}, school writes: {len(acked_school)}; "
        f"committed but unacknowledged ops: {unacked_committed}; "
        f"killed before the old file was moved over: {killed_before_moved}; "
        f"leftover temp files: {len(tmp_files)} (per round: {tmp_seen_per_round})"
    )
    # Direct evidence of kills inside a write: a temp file left by a kill between mkstemp
    # and os.replace, or a batch committed to disk whose acknowledgement was never printed.
    assert tmp_files or unacked_committed, "no kill landed inside a write"
