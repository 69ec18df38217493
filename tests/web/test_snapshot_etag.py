"""GET /api/mij with an ETag: 304 when the device holds this version, a new ETag as soon as
anything the answer shows changes, and never a 304 for what another pupil left on a tablet.
"""

from __future__ import annotations

import gzip
import uuid

import pytest

from server.domain import school
from server.web.routes.api import SNAPSHOTS_KEPT
from tests.helpers.clients import Clients


def new_id(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex}"


@pytest.fixture
def emma_id(demo) -> str:
    return demo.pupil_ids["Emma de Vries"]


@pytest.fixture
def sem_id(demo) -> str:
    return demo.pupil_ids["Sem Jansen"]


@pytest.fixture
def emma(clients):
    return clients.pupil("Emma de Vries")


@pytest.fixture
def store(app):
    return app.state.rugzak.store


def write(client, pupil_id: str, value: str, item_id: str | None = None) -> str:
    item_id = item_id or new_id("item")
    ops = [
        {"op_id": new_id("op"), "type": "create", "item_id": item_id, "worksheet": "ervaring"},
        {"op_id": new_id("op"), "type": "set", "item_id": item_id, "field": "wat",
         "value": value, "base_rev": 0},
    ]  # fmt: skip
    r = client.post("/api/sync", json={"pupil_id": pupil_id, "ops": ops})
    assert r.status_code == 200, r.text
    assert all(res["status"] == "applied" for res in r.json()["results"])
    return item_id


def etag_of(client) -> str:
    r = client.get("/api/mij")
    assert r.status_code == 200, r.text
    return r.headers["etag"]


def test_a_matching_etag_gets_304_without_a_body_and_nothing_is_kept(emma, emma_id):
    write(emma, emma_id, "Zwemles")
    r = emma.get("/api/mij")
    assert r.status_code == 200
    assert r.headers["cache-control"] == "no-store"
    etag = r.headers["etag"]
    assert emma_id in etag
    again = emma.get("/api/mij", headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    assert again.headers["cache-control"] == "no-store"
    # Also in a list, and weak.
    listed = emma.get("/api/mij", headers={"if-none-match": f'"x", W/{etag}'})
    assert listed.status_code == 304
    other = emma.get("/api/mij", headers={"if-none-match": '"something-else"'})
    assert other.status_code == 200 and other.json() == r.json()


def test_the_kept_answer_is_the_built_one_and_its_gzipped_copy_says_the_same(app, emma, emma_id):
    write(emma, emma_id, "Zwemles")
    plain = emma.get("/api/mij", headers={"accept-encoding": "identity"})
    assert "content-encoding" not in plain.headers
    zipped = emma.get("/api/mij", headers={"accept-encoding": "gzip"})
    assert zipped.headers["content-encoding"] == "gzip"
    assert zipped.json() == plain.json()
    assert plain.headers["etag"] == zipped.headers["etag"]
    kept = app.state.snapshots.get(emma_id)
    assert kept.etag == plain.headers["etag"]
    assert kept.body == plain.content == gzip.decompress(kept.zipped)


def test_the_etag_changes_with_every_change_of_her_file(emma, emma_id):
    before = etag_of(emma)
    item_id = write(emma, emma_id, "Zwemles")
    after = emma.get("/api/mij", headers={"if-none-match": before})
    assert after.status_code == 200
    assert after.headers["etag"] != before
    assert [i["id"] for i in after.json()["items"]] == [item_id]
    assert emma.get("/api/mij", headers={"if-none-match": after.headers["etag"]}).status_code == 304


@pytest.mark.parametrize("change", ["first_name", "class", "school_year", "new_parent", "relation"])
def test_the_etag_changes_with_what_the_school_file_says_about_her(emma, emma_id, store, change):
    before = etag_of(emma)
    with store.school.transaction() as db:
        if change == "first_name":
            school.update_pupil(db, emma_id, first_name="Emmy")
        elif change == "class":
            pupil = school.get_pupil(db, emma_id)
            school.update_class(db, pupil["class_id"], group=7)
        elif change == "school_year":
            info = school.info(db)
            school.set_info(db, info["name"], "2027-2028")
        elif change == "new_parent":
            adult_id = school.create_adult(db, "Oma Emma", "oma.emma", "x")
            school.link(db, adult_id, emma_id, "oma")
        else:
            link = school.links(db, pupil_id=emma_id)[0]
            db.table("links").put(link["id"], {**link, "relation": "pleegmoeder"})
    r = emma.get("/api/mij", headers={"if-none-match": before})
    assert r.status_code == 200, change
    assert r.headers["etag"] != before
    if change == "first_name":
        assert r.json()["pupil"]["first_name"] == "Emmy"
    if change == "class":
        assert r.json()["pupil"]["group"] == 7
    if change == "school_year":
        assert r.json()["school_year"] == "2027-2028"


def test_another_pupil_never_gets_a_304_for_someone_elses_etag(clients, emma, emma_id, sem_id):
    # Both portfolios empty: the answers differ only in whose they are.
    emma_etag = etag_of(emma)
    sem = clients.pupil("Sem Jansen")
    r = sem.get("/api/mij", headers={"if-none-match": emma_etag})
    assert r.status_code == 200
    assert r.json()["pupil"]["id"] == sem_id
    assert r.headers["etag"] != emma_etag and sem_id in r.headers["etag"]
    assert "Emma" not in r.text
    # Even with every ETag Emma was ever given.
    write(emma, emma_id, "Zwemles")
    tags = f"{emma_etag}, {etag_of(emma)}, *x"
    assert sem.get("/api/mij", headers={"if-none-match": tags}).status_code == 200


def test_the_next_child_on_a_shared_tablet_gets_her_own_answer(clients, emma, emma_id):
    """One client (a tablet): Emma signs out, Sem signs in; the device still sends Emma's
    ETag. Sem gets her own snapshot, never a 304."""
    write(emma, emma_id, "Geheim van Emma")
    emma_etag = etag_of(emma)
    emma.post("/uitloggen", follow_redirects=False)
    assert emma.get("/api/mij", headers={"if-none-match": emma_etag}).status_code == 401
    code = clients.class_code_of(clients.demo.pupil_ids["Sem Jansen"])
    sem_id = clients.demo.pupil_ids["Sem Jansen"]
    r = emma.post(f"/klas/{code}/{sem_id}", data={"pin": "1234"}, follow_redirects=False)
    assert r.status_code == 303
    r = emma.get("/api/mij", headers={"if-none-match": emma_etag})
    assert r.status_code == 200
    assert r.json()["pupil"]["id"] == sem_id
    assert "Geheim van Emma" not in r.text


def test_a_revoked_session_gets_401_not_304(clients, emma, emma_id, store):
    etag = etag_of(emma)
    with store.school.transaction() as db:
        school.bump_epoch(db, "pupils", emma_id)  # a PIN reset / "sign out everywhere"
    assert emma.get("/api/mij", headers={"if-none-match": etag}).status_code == 401


def test_one_built_answer_is_kept_per_pupil_and_the_cache_is_bounded(app, emma, emma_id):
    write(emma, emma_id, "Een")
    etag_of(emma)
    write(emma, emma_id, "Twee")
    etag_of(emma)
    cache = app.state.snapshots
    assert cache.size == SNAPSHOTS_KEPT
    kept = cache.get(emma_id)
    assert kept is not None and len(cache._pages) == 1
    assert "Twee" in kept.body.decode()


def test_a_conflict_copy_changes_the_etag_though_it_takes_no_revision(emma, emma_id):
    """Two tablets change one field from the same revision: the second change is kept as a
    conflict copy, which the snapshot shows, so the ETag the first tablet holds is stale."""
    item_id = write(emma, emma_id, "Bakken")
    r = emma.get("/api/mij")
    etag, (item,) = r.headers["etag"], r.json()["items"]
    base = item["revs"]["wat"]
    for value in ("Taart gebakken", "Koekjes gebakken"):
        op = {"op_id": new_id("op"), "type": "set", "item_id": item_id, "field": "wat",
              "value": value, "base_rev": base}  # fmt: skip
        emma.post("/api/sync", json={"pupil_id": emma_id, "ops": [op]})
    between = emma.get("/api/mij", headers={"if-none-match": etag})
    assert between.status_code == 200
    (item,) = between.json()["items"]
    assert [c["value"] for c in item["conflicts"]] == ["Koekjes gebakken"]
    assert (
        emma.get("/api/mij", headers={"if-none-match": between.headers["etag"]}).status_code == 304
    )
    # Only the conflict copy: the ETag moves on too.
    op = {"op_id": new_id("op"), "type": "set", "item_id": item_id, "field": "wat",
          "value": "Iets anders", "base_rev": base}  # fmt: skip
    results = emma.post("/api/sync", json={"pupil_id": emma_id, "ops": [op]}).json()["results"]
    assert results[0]["status"] == "conflict"
    after = emma.get("/api/mij", headers={"if-none-match": between.headers["etag"]})
    assert after.status_code == 200
    (item,) = after.json()["items"]
    assert "Iets anders" in [c["value"] for c in item["conflicts"]]


def test_a_restarted_server_gives_new_etags(settings, make_app, clients, emma):
    """File versions are numbered anew in every process (and the ETag holds a random id of
    the process): an ETag of the last process is stale, never taken for the same version."""
    etag = etag_of(emma)
    again = Clients(make_app(settings), clients.demo)
    try:
        other = again.pupil("Emma de Vries")
        r = other.get("/api/mij", headers={"if-none-match": etag})
        assert r.status_code == 200 and r.headers["etag"] != etag
    finally:
        again.close()
