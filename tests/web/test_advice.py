"""The school advice over HTTP: only the pupil's own teacher writes, a colleague (here the
intern begeleider, an admin) reviews, the parent sees exactly the shared versions and signs;
parents of other children and other teachers are refused."""

from __future__ import annotations

from server.domain import advice

EMMA = "Emma de Vries"  # groep 8, meester Youssef's class; moeder.emma is her mother
NOOR = "Noor Bakker"  # groep 6

FORM = {
    "actie": "advies",
    "stap": "voorlopig",
    "niveau": ["vmbo-gt", "havo"],
    "cognitief": "Rekenen en begrijpend lezen gaan goed vooruit.",
    "werkhouding": "Ze werkt geconcentreerd.",
    "gedrag": "Ze helpt anderen graag.",
    "zelfstandigheid": "Ze plant haar werk zelf.",
    "doorzettingsvermogen": "Ze geeft niet op bij moeilijke sommen.",
    "steun-thuis": "Thuis lezen ze samen.",
}


def url(pupil_id: str) -> str:
    return f"/leraar/leerling/{pupil_id}/advies"


def test_her_teacher_writes_a_colleague_reviews_the_parent_signs(app, clients, demo):
    emma = demo.pupil_ids[EMMA]
    teacher = clients.staff("meester.youssef")
    assert teacher.get(url(emma)).status_code == 200
    r = teacher.post(url(emma), data=FORM, follow_redirects=False)
    assert r.status_code == 303
    (version,) = advice.versions(app.state.rugzak.store.pupil(emma))
    assert version["levels"] == ["vmbo-gt", "havo"] and not version["reviewed"]
    mother = clients.parent("moeder.emma")
    page = mother.get(f"/ouder/kind/{emma}/advies")
    assert "De school heeft nog geen advies gedeeld." in page.text  # not reviewed yet
    # The writer cannot review her own advice; the intern begeleider (admin) can.
    own = teacher.post(url(emma), data={"actie": "bekeken", "versie": version["id"]})
    assert own.status_code == 400 and "niet uzelf" in own.text
    ib = clients.staff("beheer")
    ib.post(url(emma), data={"actie": "bekeken", "versie": version["id"]})
    page = mother.get(f"/ouder/kind/{emma}/advies")
    assert "vmbo gemengd en theoretisch / havo" in page.text
    assert "Ze werkt geconcentreerd." in page.text
    r = mother.post(
        f"/ouder/kind/{emma}/advies",
        data={"actie": "akkoord", "versie": version["id"], "naam": "Marloes de Vries"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    (signed,) = advice.versions(app.state.rugzak.store.pupil(emma))
    (reaction,) = signed["reactions"].values()
    assert reaction["kind"] == "akkoord" and reaction["name"] == "Marloes de Vries"
    assert "Ondertekend door Marloes de Vries" in teacher.get(url(emma)).text


def test_only_her_own_teacher_writes(app, clients, demo):
    emma = demo.pupil_ids[EMMA]
    other = clients.staff("juf.sanne")  # groups 6 and 7
    assert other.get(url(emma)).status_code == 403
    assert other.post(url(emma), data=FORM).status_code == 403
    # The admin (intern begeleider) sees and reviews but does not give the advice.
    assert clients.staff("beheer").post(url(emma), data=FORM).status_code == 403
    assert advice.versions(app.state.rugzak.store.pupil(emma)) == []


def test_the_steps_belong_to_their_group(app, clients, demo):
    emma = demo.pupil_ids[EMMA]
    r = clients.staff("meester.youssef").post(url(emma), data={**FORM, "stap": "pre-advies"})
    assert r.status_code == 400 and "hoort bij groep 7" in r.text


def test_parents_of_other_children_get_404_and_see_nothing(app, clients, demo):
    emma = demo.pupil_ids[EMMA]
    clients.staff("meester.youssef").post(url(emma), data=FORM)
    (version,) = advice.versions(app.state.rugzak.store.pupil(emma))
    clients.staff("beheer").post(url(emma), data={"actie": "bekeken", "versie": version["id"]})
    stranger = clients.parent("moeder.noor")
    assert stranger.get(f"/ouder/kind/{emma}/advies").status_code == 404
    r = stranger.post(
        f"/ouder/kind/{emma}/advies",
        data={"actie": "akkoord", "versie": version["id"], "naam": "X"},
    )
    assert r.status_code == 404
    assert advice.versions(app.state.rugzak.store.pupil(emma))[0]["reactions"] == {}


def test_a_parent_sees_exactly_the_shared_versions(app, clients, demo):
    emma = demo.pupil_ids[EMMA]
    teacher, ib = clients.staff("meester.youssef"), clients.staff("beheer")
    teacher.post(url(emma), data=FORM)
    first = advice.versions(app.state.rugzak.store.pupil(emma))[0]
    ib.post(url(emma), data={"actie": "bekeken", "versie": first["id"]})
    teacher.post(url(emma), data={**FORM, "niveau": ["havo"], "reden": "Sterke groei in januari."})
    page = clients.parent("moeder.emma").get(f"/ouder/kind/{emma}/advies").text
    assert "vmbo gemengd en theoretisch / havo" in page
    assert "Sterke groei in januari." not in page  # the second version waits for review


def test_heroverweging_over_http_never_lowers_and_asks_why(app, clients, demo):
    emma = demo.pupil_ids[EMMA]
    teacher, ib = clients.staff("meester.youssef"), clients.staff("beheer")
    for step in ("voorlopig", "definitief"):
        teacher.post(url(emma), data={**FORM, "stap": step})
        latest = advice.versions(app.state.rugzak.store.pupil(emma))[-1]
        ib.post(url(emma), data={"actie": "bekeken", "versie": latest["id"]})
    assert "Heroverweging na de doorstroomtoets" in teacher.get(url(emma)).text
    base = {"actie": "heroverweging", "datum": "2027-04-01", "toets": ["vwo"]}
    r = teacher.post(url(emma), data={**base, "uitkomst": "deels", "niveau": ["vmbo-bk"]})
    assert r.status_code == 400 and "nooit lager" in r.text
    r = teacher.post(url(emma), data={**base, "uitkomst": "niet"})
    assert r.status_code == 400 and "waarom het advies niet of deels omhoog gaat" in r.text
    r = teacher.post(
        url(emma), data={**base, "uitkomst": "verhoogd", "niveau": ["vwo"]}, follow_redirects=False
    )
    assert r.status_code == 303
    assert advice.versions(app.state.rugzak.store.pupil(emma))[-1]["levels"] == ["vwo"]
