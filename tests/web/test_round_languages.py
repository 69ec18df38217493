"""The languages a parent can ask an interpreter for: the app's languages and the spoken ones
without a catalogue, one list, named in the parent's language; the teacher sees Dutch names."""

from __future__ import annotations

import re

from server.domain import rounds, spoken
from server.infra import i18n
from tests.web.test_rounds import NOOR, day, noor_class, open_round


def options(html: str) -> dict[str, str]:
    select = re.search(r'<select id="taal-[^"]*" name="taal">(.*?)</select>', html, re.S)
    assert select
    return dict(re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select.group(1)))


def test_one_list_the_apps_languages_first_then_the_spoken_ones() -> None:
    codes = spoken.spoken_codes()
    assert codes[: len(i18n.OFFERED)] == tuple(i18n.OFFERED) and codes[-1] == spoken.OTHER
    assert len(set(codes)) == len(codes) and {"ti", "so", "rif"} <= set(codes)
    assert not set(spoken.EXTRA_SPOKEN) & set(i18n.OFFERED)  # none with a catalogue twice
    dutch = spoken.spoken_names("nl")
    assert dutch["ti"] == "Tigrinya" and dutch["so"] == "Somalisch" and dutch["tr"] == "Turks"
    assert spoken.spoken_names("pl")["bg"] == "Bułgarski"  # CLDR's lower case, capitalised
    # CLDR has no Arabic name for Tarifit: its own name, which its speakers read.
    assert spoken.spoken_names("ar")["rif"] == "Tarifit"


def test_an_arabic_parent_names_tigrinya_and_the_teacher_reads_it_in_dutch(
    app, clients, demo
) -> None:
    cls = noor_class(app, demo)
    teacher = clients.staff("juf.sanne")
    location = open_round(teacher, cls["id"]).headers["location"]
    round_id = location.rsplit("/", 1)[1]
    mother = clients.parent("moeder.noor")
    mother.post("/taal", data={"lang": "ar", "terug": "/ouder"})
    page = f"/ouder/kind/{demo.pupil_ids[NOOR]}/gesprek"
    offered = options(mother.get(page).text)
    assert offered == spoken.spoken_names("ar") and set(offered) == set(spoken.spoken_codes())
    assert offered["ti"] == "التغرينية" and offered["tr"] == "التركية"
    assert offered["other"] == i18n.translate(spoken.MSG_OTHER_LANGUAGE, "ar") != "Een andere taal"

    bad = mother.post(
        page, data={"actie": "boeken", "ronde": round_id, "slot": f"{day(7)}T15:00", "taal": "xx"}
    )
    assert bad.status_code == 400
    assert i18n.translate(rounds.MSG_LANGUAGE, "ar") in bad.text
    form = {"actie": "boeken", "ronde": round_id, "slot": f"{day(7)}T15:00", "taal": "ti"}
    form["tolk"] = "ja"
    assert mother.post(page, data=form, follow_redirects=False).status_code == 303

    planning = teacher.get(location).text
    assert '<td>Tigrinya <span class="badge warn">tolk nodig</span></td>' in planning
    assert "التغرينية" not in planning
    teacher_options = options(planning)
    assert teacher_options["so"] == "Somalisch" and teacher_options["other"] == "Een andere taal"
