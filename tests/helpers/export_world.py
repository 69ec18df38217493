"""A pupil with something in every part of her Rugzak, for the export tests: items of several
worksheets (every field filled in), a photo uploaded from her tablet, a parent's part and a
compliment from home, a conversation with agreements (and the teacher's private note), the
school advice (one version shared, one not yet), an item she did not share and one her
teacher hid. Built through the routes and domain functions the app itself uses."""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from PIL import Image

from server.domain import advice, agreements, hiding, planning, shortlist, vo_schools
from server.domain.vo_schools_duo import VoSchool
from tests import factories
from tests.factories import add_item, fill_values
from tests.helpers.clients import Clients

# Worksheet, group and school year of the shared items (three school years of her Rugzak).
SHEETS = (
    ("kwaliteiten-top3", 6, "2024-2025"),  # has a parent's part
    ("ervaring", 7, "2025-2026"),  # has the photo
    ("zelfportret-8", 8, "2026-2027"),
    ("complimenten", 8, "2026-2027"),
    ("samen-doen", 8, "2026-2027"),
)
NOT_SHARED = "Dit-heeft-ze-niet-gedeeld"
HIDDEN = "Dit-hield-de-juf-binnen"
NOTE = "Prive-notitie-van-de-juf"
COMPLIMENT = "Jij bent een echte doorzetter"
AGREEMENT = "Elke dag tien minuten lezen"
ADVICE_SHARED = "Haar resultaten passen bij havo"
ADVICE_UNSHARED = "Nog-niet-gedeeld-definitief"
SCHOOLS = (("01AA00", "Erasmus College"), ("02BB00", "Techniek Lyceum"))  # her list, in order


@dataclass
class World:
    app: Any
    teacher: factories.Staff
    other_teacher: factories.Staff
    admin: factories.Staff
    pupil: factories.Pupil
    parent: factories.Adult
    other_pupil: factories.Pupil
    other_parent: factories.Adult
    photo_id: str = ""
    items: dict[str, str] = field(default_factory=dict)  # worksheet -> item id (shared)
    texts: dict[str, list[str]] = field(default_factory=dict)  # worksheet -> its typed words
    private_items: tuple[str, ...] = ()  # not shared, hidden


def photo_bytes(color: tuple[int, int, int] = (40, 120, 200)) -> bytes:
    image = Image.new("RGB", (320, 240), color)
    for x in range(0, 320, 16):
        for y in range(0, 240, 16):
            image.putpixel((x, y), (255, 200, 0))
    buf = io.BytesIO()
    image.save(buf, "JPEG")
    return buf.getvalue()


def _marked(value: Any, prefix: str) -> Any:
    """fill_values' markers (antw3x) made unique per worksheet."""
    if isinstance(value, str):
        return value.replace("antw", f"{prefix}antw")
    if isinstance(value, list):
        return [_marked(v, prefix) for v in value]
    return value


def build(app: Any, clients: Clients) -> World:
    store, catalog = app.state.rugzak.store, app.state.rugzak.catalog
    teacher, other_teacher = factories.teacher(store), factories.teacher(store)
    mine = factories.school_class(store, group=8, teachers=(teacher,))
    theirs = factories.school_class(store, group=8, teachers=(other_teacher,))
    pupil, other_pupil = factories.pupil(store, mine), factories.pupil(store, theirs)
    w = World(
        app,
        teacher,
        other_teacher,
        factories.admin(store),
        pupil,
        factories.parent(store, pupil),
        other_pupil,
        factories.parent(store, other_pupil),
    )
    # The photo, uploaded from her tablet.
    data = photo_bytes()
    w.photo_id = hashlib.sha256(data).hexdigest()
    r = clients.pupil(pupil).put(f"/api/media/{w.photo_id}", content=data)
    assert r.status_code in (200, 201), r.text
    for n, (sheet, group, year) in enumerate(SHEETS):
        values, expect = fill_values(catalog.worksheets[sheet])
        prefix = f"W{n}"
        values = {k: _marked(v, prefix) for k, v in values.items()}
        for k, v in values.items():
            if v == [factories.PHOTO]:
                values[k] = [w.photo_id]
        w.texts[sheet] = [e.replace("antw", f"{prefix}antw") for e in expect if "antw" in e]
        w.items[sheet] = add_item(
            app, pupil.id, sheet, values, group=group, school_year=year, shared=True
        )
    unshared = add_item(app, pupil.id, "ervaring", {"wat": NOT_SHARED}, group=8, shared=False)
    hidden = add_item(app, pupil.id, "ervaring", {"wat": HIDDEN}, group=8, shared=True)
    hiding.hide(
        store,
        pupil.id,
        hidden,
        "Eerst bespreken",
        hiding.Staffer(teacher.id, teacher.name, "teacher"),
        lambda p: True,
    )
    w.private_items = (unshared, hidden)
    # A compliment from home, through the parent's own page.
    r = clients.parent(w.parent).post(
        f"/ouder/kind/{pupil.id}/compliment",
        data={"keuze": "", "eigen": COMPLIMENT},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    # A conversation with its agreements, and the teacher's own note on it.
    with store.school.transaction() as db:
        talk_id = planning.create_conversation(
            db, pupil.id, "voortgangsgesprek", datetime(2027, 1, 20, 15, 0), "Lokaal 8", teacher.id
        )
        talk = planning.get_conversation(db, talk_id)
    agreements.record(store.pupil(pupil.id), talk, {"werken": AGREEMENT}, "", teacher.id)
    agreements.set_note(store.school, talk_id, pupil.id, NOTE)
    # The school advice: the provisional one shared (a colleague looked), the final not yet.
    factors = {key: f"Goed in {name.lower()}" for key, name in advice.FACTORS.items()}
    database = store.pupil(pupil.id)
    shared = advice.write(
        database, "voorlopig", ["havo"], ADVICE_SHARED, factors, teacher.id, teacher.name
    )
    advice.review(database, shared, w.admin.id, w.admin.name)
    advice.write(
        database, "definitief", ["havo"], ADVICE_UNSHARED, factors, teacher.id, teacher.name
    )
    # The school choice: two secondary schools on her list, the first one chosen.
    vo_schools.import_schools(
        store.school,
        [
            VoSchool(
                code,
                name,
                "Straat",
                "1",
                "3011AA",
                "ROTTERDAM",
                "ROTTERDAM",
                "Openbaar",
                "www.example.nl",
                "havo",
                ("havo",),
            )
            for code, name in SCHOOLS
        ],
        None,
    )
    known = {s["code"]: s for s in vo_schools.list_schools(store.school)}
    for rev, (code, _) in enumerate(SCHOOLS):
        shortlist.change(database, "erbij", code, rev, pupil.id, known)
    shortlist.change(database, "gekozen", SCHOOLS[0][0], len(SCHOOLS), w.parent.id, known)
    return w


def unzip(body: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(body)) as z:
        assert z.testzip() is None
        return {name: z.read(name) for name in z.namelist()}
