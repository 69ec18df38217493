"""The printed slips of a conversation round: Dutch, and on the same slip the family's
language (the parent's who booked, else the conversation's, else the teacher's pick)."""

from __future__ import annotations

import re
from datetime import datetime

from server.domain import school
from server.infra import dates, i18n
from tests.web.test_rounds import NOOR, day, noor_class, open_round

SENTENCE = "Het gesprek over %(name)s is op %(day)s om %(time)s."
HINT = "Kunt u niet? Laat het de leerkracht weten."


def slip_parts(html: str, first_name: str) -> dict[str, tuple[str, str]]:
    """The slip for ``first_name``: its parts by language, as (dir, text)."""
    slips = re.findall(r'<section class="slip".*?</section>', html, re.S)
    slip = next(s for s in slips if f"ouders van {first_name}" in s)
    parts = re.findall(r'<div class="slip-text" lang="(\w+)" dir="(\w+)">(.*?)</div>', slip, re.S)
    return {lang: (direction, text) for lang, direction, text in parts}


def said(lang: str, name: str, slot: str) -> str:
    start = datetime.fromisoformat(slot)
    values = {"name": name, "day": dates.weekday(start, lang), "time": "15:15"}
    return i18n.translate(SENTENCE, lang) % values


def test_slips_carry_the_familys_language_beside_dutch(app, clients, demo) -> None:
    cls = noor_class(app, demo)
    teacher = clients.staff("juf.sanne")
    location = open_round(teacher, cls["id"]).headers["location"]
    round_id = location.rsplit("/", 1)[1]
    with app.state.rugzak.store.school.transaction() as db:
        others = [p for p in school.pupils(db, cls["id"]) if p["id"] != demo.pupil_ids[NOOR]]
    turkish, unknown = others[0], others[1]
    # Noor's mother reads Rugzak in Arabic and books on her phone.
    mother = clients.parent("moeder.noor")
    mother.post("/taal", data={"lang": "ar", "terug": "/ouder"})
    r = mother.post(
        f"/ouder/kind/{demo.pupil_ids[NOOR]}/gesprek",
        data={"actie": "boeken", "ronde": round_id, "slot": f"{day(7)}T15:15", "taal": "ar"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    # The teacher plans two families on paper: one speaks Turkish, of one she knows nothing.
    for pupil, slot, lang in ((turkish, "15:30", "tr"), (unknown, "15:45", "")):
        form = {"pupil_id": pupil["id"], "slot": f"{day(7)}T{slot}", "taal": lang, "tolk": "ja"}
        r = teacher.post(f"{location}/boeken", data=form, follow_redirects=False)
        assert r.status_code == 303

    page = teacher.get(location)
    assert 'name="taal"' in page.text and "/briefjes" in page.text
    slips = teacher.get(f"{location}/briefjes", params={"taal": "pl"})
    assert slips.status_code == 200

    noor = slip_parts(slips.text, "Noor")
    assert set(noor) == {"nl", "ar"} and noor["ar"][0] == "rtl" and noor["nl"][0] == "ltr"
    assert said("nl", "Noor", f"{day(7)}T15:15") in noor["nl"][1]
    arabic = said("ar", "Noor", f"{day(7)}T15:15")
    assert arabic != said("nl", "Noor", f"{day(7)}T15:15") and arabic in noor["ar"][1]
    assert i18n.translate(HINT, "ar") in noor["ar"][1] and HINT in noor["nl"][1]

    first = turkish["first_name"]
    tr = slip_parts(slips.text, first)
    assert set(tr) == {"nl", "tr"} and tr["tr"][0] == "ltr"
    sentence = i18n.translate(SENTENCE, "tr") % {
        "name": first, "day": dates.weekday(datetime.fromisoformat(f"{day(7)}T15:30"), "tr"),
        "time": "15:30",
    }  # fmt: skip
    assert sentence in tr["tr"][1]
    assert i18n.translate("Er is een tolk bij het gesprek.", "tr") in tr["tr"][1]

    # Nothing known about the family: the teacher's pick (Polish); without one, Dutch only.
    assert set(slip_parts(slips.text, unknown["first_name"])) == {"nl", "pl"}
    plain = teacher.get(f"{location}/briefjes")
    assert set(slip_parts(plain.text, unknown["first_name"])) == {"nl"}
    odd = teacher.get(f"{location}/briefjes", params={"taal": "xx"})
    assert odd.status_code == 200 and set(slip_parts(odd.text, unknown["first_name"])) == {"nl"}
