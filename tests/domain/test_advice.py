"""The school advice: one level or two adjacent, substantiated; reviewed before it is shared;
after the test only up (raised, partly with a reason, or not with a reason); every version kept."""

from __future__ import annotations

import pytest

from server.domain import advice
from server.domain.advice import AdviceError
from server.infra.store import Store

WHY = {key: f"Positief over {name.lower()}." for key, name in advice.FACTORS.items()}
COGNITIVE = "Haar resultaten voor rekenen en taal zijn goed en stijgen."


def give(db, step, levels, by="s_teacher", reason=""):
    return advice.write(db, step, levels, COGNITIVE, WHY, by, "Juf Sanne", reason)


@pytest.fixture
def file(store: Store):
    return store.pupil("p_000000000001")


def final_shared(file, levels=("vmbo-gt",)):
    advice.review(file, give(file, "voorlopig", levels), "s_ib", "IB Karin")
    advice.review(file, give(file, "definitief", levels), "s_ib", "IB Karin")


@pytest.mark.parametrize(
    ("levels", "says"),
    [
        ([], "Kies één niveau"),
        (["vmbo-gt", "vwo"], "twee niveaus naast elkaar"),
        (["havo", "vwo", "vmbo-gt"], "twee niveaus naast elkaar"),
        (["gymnasium"], "Kies één niveau"),
    ],
)
def test_an_advice_is_one_level_or_two_adjacent(file, levels, says):
    with pytest.raises(AdviceError, match=says):
        give(file, "voorlopig", levels)
    assert advice.versions(file) == []


def test_double_advice_is_sorted_low_to_high_and_needs_every_factor(file):
    give(file, "voorlopig", ["havo", "vmbo-gt"])
    (version,) = advice.versions(file)
    assert version["levels"] == ["vmbo-gt", "havo"]
    assert advice.label(version["levels"]) == "vmbo gemengd en theoretisch / havo"
    with pytest.raises(AdviceError, match="iets over steun van thuis"):
        advice.write(
            file, "voorlopig", ["havo"], COGNITIVE, {**WHY, "steun-thuis": " "}, "s_t", "Juf", "x"
        )
    with pytest.raises(AdviceError, match="onderbouwing met de resultaten"):
        advice.write(file, "voorlopig", ["havo"], "", WHY, "s_t", "Juf", "x")


def test_shared_only_after_a_colleague_looked_and_never_by_the_writer(file):
    version = give(file, "voorlopig", ["havo"])
    assert advice.versions(file, shared_only=True) == []
    with pytest.raises(AdviceError, match="niet uzelf"):
        advice.review(file, version, "s_teacher", "Juf Sanne")
    advice.review(file, version, "s_ib", "IB Karin")
    (shared,) = advice.versions(file, shared_only=True)
    assert shared["reviewed"]["name"] == "IB Karin" and shared["reviewed"]["at"]


def test_every_version_is_kept_with_who_when_and_why(file):
    give(file, "voorlopig", ["havo"])
    with pytest.raises(AdviceError, match="waarom het advies anders is"):
        give(file, "voorlopig", ["vmbo-gt", "havo"])
    give(file, "voorlopig", ["vmbo-gt", "havo"], reason="Na overleg met de ouders.")
    rows = advice.versions(file)
    assert [v["levels"] for v in rows] == [["havo"], ["vmbo-gt", "havo"]]
    assert rows[1]["reason"] == "Na overleg met de ouders." and rows[1]["by"] == "s_teacher"
    assert advice.current(rows, "voorlopig") == rows[1]
    # A final advice that differs from the provisional one says why.
    with pytest.raises(AdviceError, match="waarom"):
        give(file, "definitief", ["havo"])


def test_lowering_after_the_test_is_refused(file):
    final_shared(file, ("havo",))
    with pytest.raises(AdviceError, match="niet hoger dan het advies"):
        advice.reconsider(file, "2027-04-01", ["vmbo-gt"], "verhoogd", ["vmbo-gt"], "", "s", "J")
    with pytest.raises(AdviceError, match="nooit lager"):
        advice.reconsider(file, "2027-04-01", ["vwo"], "deels", ["vmbo-gt", "havo"], "x", "s", "J")
    assert [v["step"] for v in advice.versions(file)] == ["voorlopig", "definitief"]


def test_not_raised_or_partly_needs_a_reason_raised_does_not(file):
    final_shared(file, ("vmbo-gt",))
    with pytest.raises(AdviceError, match="waarom het advies niet of deels omhoog gaat"):
        advice.reconsider(file, "2027-04-01", ["havo"], "niet", [], "", "s_teacher", "Juf")
    with pytest.raises(AdviceError, match="kies 'verhoogd'"):
        advice.reconsider(file, "2027-04-01", ["havo"], "deels", ["havo"], "x", "s_teacher", "J")
    with pytest.raises(AdviceError, match="Kies anders 'deels'"):
        advice.reconsider(
            file, "2027-04-01", ["havo"], "verhoogd", ["vmbo-gt", "havo"], "", "s_teacher", "J"
        )
    advice.reconsider(
        file, "2027-04-01", ["havo"], "deels", ["vmbo-gt", "havo"],
        "Zij kiest graag eerst een brede brugklas.", "s_teacher", "Juf",
    )  # fmt: skip
    latest = advice.versions(file)[-1]
    assert latest["step"] == "heroverweging" and latest["levels"] == ["vmbo-gt", "havo"]
    assert latest["test"] == ["havo"] and latest["outcome"] == "deels"
    # The standing advice only changes once the heroverweging is reviewed too.
    assert advice.standing(advice.versions(file))["step"] == "definitief"
    advice.review(file, latest["id"], "s_ib", "IB")
    assert advice.standing(advice.versions(file))["levels"] == ["vmbo-gt", "havo"]


def test_raised_to_the_test_level_needs_no_reason(file):
    final_shared(file, ("vmbo-gt",))
    advice.reconsider(file, "2027-04-01", ["havo"], "verhoogd", ["havo"], "", "s_teacher", "J")
    assert advice.versions(file)[-1]["levels"] == ["havo"]


def test_the_final_advice_once_shared_changes_only_by_heroverweging(file):
    final_shared(file, ("havo",))
    with pytest.raises(AdviceError, match="met een heroverweging"):
        give(file, "definitief", ["vwo"], reason="Toch beter")
    with pytest.raises(AdviceError, match="voorlopig advies blijft zo"):
        give(file, "voorlopig", ["vwo"], reason="Toch beter")


def test_the_family_reacts_only_to_shared_versions(file):
    version = give(file, "voorlopig", ["havo"])
    with pytest.raises(advice.Invalid):
        advice.react(file, version, "parent", "a_1", "Inge", "akkoord")
    advice.review(file, version, "s_ib", "IB")
    with pytest.raises(advice.Invalid, match="naam"):
        advice.react(file, version, "parent", "a_1", " ", "akkoord")
    advice.react(file, version, "parent", "a_1", "Inge Bakker", "akkoord")
    advice.react(file, version, "pupil", "p_1", "Noor", "mening", "Ik wil naar havo!")
    reactions = advice.versions(file)[0]["reactions"]
    assert reactions["parent:a_1"]["kind"] == "akkoord" and reactions["parent:a_1"]["at"]
    assert reactions["pupil:p_1"]["note"] == "Ik wil naar havo!"


def test_the_advice_prefills_the_worksheets_levels(file):
    assert advice.prefill(advice.versions(file)) == []
    advice.review(file, give(file, "voorlopig", ["havo", "vwo"]), "s_ib", "IB")
    assert advice.prefill(advice.versions(file)) == ["havo", "vwo-atheneum"]
