"""Every route × every role × someone else's ids → refused, and nothing changes on disk.

The matrix is built from the app's own route list: a new route without an ``allow`` or
``public`` mark, or with a path parameter this table does not know, fails here.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from starlette.routing import Route

from server.domain import school, worksheet_ops
from server.domain.portfolio import Actor

# Routes anyone may open (sign-in screens, static files, health). Adding one is a decision.
PUBLIC = {
    "/",
    "/healthz",
    "/manifest.webmanifest",
    "/sw.js",
    "/inloggen",
    "/inloggen/medewerker",
    "/inloggen/ouder",
    "/klas",
    "/klas/{code}",
    "/klas/{code}/{pupil_id}",
    "/uitnodiging",
    "/uitnodiging/{code}",
    "/api/uitloggen",  # end tokens of offline sign-outs: they prove themselves
    "/leerling",  # pupil pages hold no personal data; /api/mij decides (routes/pupil.py)
    "/leerling/presenteren",
    "/leerling/werkblad/{worksheet_id}",
    "/uitloggen",
    "/taal",
    "/static/{version}/{path:path}",
    # The new school's handover pages: a code the parents gave, bound to the first browser
    # (routes/handover.py); the selection and its photos check that binding themselves.
    "/overdracht",
    "/overdracht/{code}",
    "/overdracht/selectie/{handover_id}",
    "/overdracht/selectie/{handover_id}/foto/{media_id}/{size}",
}

# Who signs in for each role, and whose data is "someone else's" for them.
PERSONAS = {
    "pupil": {"login": ("pupil", "Emma de Vries"), "other_pupil": "Noor Bakker"},
    "parent": {"login": ("parent", "moeder.noor"), "other_pupil": "Emma de Vries"},
    "teacher": {"login": ("staff", "juf.sanne"), "other_pupil": "Emma de Vries"},
    "admin": {"login": ("staff", "beheer"), "other_pupil": None},
}


# Path parameters that name someone's data; others (media_id, size, ...) only select within it.
OWNER_PARAMS = ("pupil_id", "class_id", "link_id", "item_id", "staff_id")


def app_routes(app) -> list[Route]:
    return [r for r in app.routes if isinstance(r, Route)]


def snapshot(data_dir: Path) -> dict[str, str]:
    return {
        str(p.relative_to(data_dir)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(data_dir.rglob("*.json"))
    }


def foreign_params(app, demo, other_pupil: str) -> dict[str, str]:
    """Ids that belong to ``other_pupil``: their id, class, a link of theirs, an item."""
    store = app.state.rugzak.store
    pupil_id = demo.pupil_ids[other_pupil]
    with store.school.transaction() as db:
        pupil = school.get_pupil(db, pupil_id)
        links = school.links(db, pupil_id=pupil_id)
        staff = school.staff(db)
    item_id = "i_" + pupil_id[2:]
    ops = [
        {"op_id": "op-" + item_id, "type": "create", "item_id": item_id, "worksheet": "ervaring"}
    ]
    worksheet_ops.apply(
        store.pupil(pupil_id),
        ops,
        Actor(pupil_id, "pupil"),
        app.state.rugzak.catalog,
        8,
        "2026-2027",
    )
    return {
        "pupil_id": pupil_id,
        "class_id": pupil["class_id"],
        "link_id": links[0]["id"] if links else "l_000000000000",
        "staff_id": staff[0]["id"],
        "item_id": item_id,
        "media_id": "ab" * 32,
        "size": "klein",
        "worksheet_id": "ervaring",
    }


def fill(path: str, params: dict[str, str]) -> str:
    for name, value in params.items():
        path = path.replace("{" + name + "}", value)
    assert "{" not in path, f"route {path} has a parameter the permission matrix does not know"
    return path


def test_every_route_is_marked(app) -> None:
    for route in app_routes(app):
        endpoint = route.endpoint
        assert hasattr(endpoint, "allowed_roles"), f"{route.path} has no permission mark"
        if getattr(endpoint, "is_public", False):
            assert route.path in PUBLIC, f"{route.path} is public but not in the PUBLIC list"
        else:
            assert route.path not in PUBLIC, f"{route.path} is listed public but is guarded"


def guarded(app) -> list[tuple[str, str, tuple[str, ...]]]:
    rows = []
    for route in app_routes(app):
        if getattr(route.endpoint, "is_public", False):
            continue
        for method in sorted(route.methods or {"GET"}):
            if method != "HEAD":
                rows.append((route.path, method, route.endpoint.allowed_roles))
    return rows


def test_anonymous_is_sent_to_sign_in(app, clients, demo) -> None:
    anon = clients.anonymous()
    params = foreign_params(app, demo, "Emma de Vries")
    for path, method, _ in guarded(app):
        r = anon.request(method, fill(path, params), follow_redirects=False)
        if method == "GET" and not path.startswith("/api/"):
            assert r.status_code == 303 and r.headers["location"].startswith("/inloggen"), path
        else:
            assert r.status_code == 401, (method, path, r.status_code)


@pytest.mark.parametrize("role", list(PERSONAS))
def test_wrong_role_or_other_persons_ids_are_refused(app, clients, demo, settings, role) -> None:
    persona = PERSONAS[role]
    kind, who = persona["login"]
    client = getattr(clients, kind)(who)
    params = foreign_params(app, demo, persona["other_pupil"] or "Noor Bakker")
    checked = 0
    for path, method, allowed in guarded(app):
        has_ids = any("{" + p + "}" in path for p in OWNER_PARAMS)
        if role in allowed and (not has_ids or persona["other_pupil"] is None):
            continue  # their own scope: covered by the feature tests
        before = snapshot(settings.data_dir)
        r = client.request(method, fill(path, params), follow_redirects=False)
        assert r.status_code in (403, 404), (role, method, path, r.status_code)
        assert snapshot(settings.data_dir) == before, (role, method, path, "changed data")
        checked += 1
    assert checked > 0


def test_matrix_really_refuses_per_object(app, clients, demo) -> None:
    """The same routes with the person's own ids work: the refusals above are about ids."""
    teacher = clients.staff("juf.sanne")
    own = foreign_params(app, demo, "Noor Bakker")  # a pupil of juf Sanne's own class
    assert teacher.get(fill("/leraar/leerling/{pupil_id}", own)).status_code == 200
    assert teacher.get(fill("/leraar/klas/{class_id}", own)).status_code == 200
    other = foreign_params(app, demo, "Emma de Vries")
    assert teacher.get(fill("/leraar/leerling/{pupil_id}", other)).status_code == 403
