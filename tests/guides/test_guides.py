"""The conversation guides: every kind loads against the real year plans and worksheets, every
conversation step of a year plan has exactly one kind, the handbook's questions are kept word
for word in the right part and column, and a broken file is refused with its name."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from server.domain.planning import KINDS as PLANNED_KINDS
from server.guides import AGREEMENTS_PART, FIRST_PART, LAST_PART, Guides, ItemRef, load_guides
from server.worksheets import Catalog, DefinitionError, load_catalog

KINDS = Path(__file__).resolve().parents[2] / "server" / "guides" / "kinds"
EXPECTED = {"startgesprek", "voortgangsgesprek", "pre-adviesgesprek", "adviesgesprek", "afsluiting"}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="module")
def guides(catalog: Catalog) -> Guides:
    return load_guides(yearplans=catalog.yearplans, worksheets=catalog.worksheets)


# ---------------------------------------------------------------------------------------------
# Every kind loads, linked to the year plans


def test_all_kinds_load_with_the_real_catalog(guides: Guides) -> None:
    assert set(guides.kinds) == EXPECTED
    # Stored conversations hold the planning's kind keys: each must still have its guide.
    assert set(guides.kinds) >= set(PLANNED_KINDS)
    for key, kind in guides.kinds.items():
        assert kind.key == key
        assert kind.title and kind.child_title and kind.parent_title
        assert 10 <= kind.minutes <= 20
        assert set(kind.steps) == set(kind.groups)
        assert kind.checklist
        keys = [part.key for part in kind.parts]
        assert keys[0] == FIRST_PART and keys[-1] == LAST_PART and AGREEMENTS_PART in keys
        # Every guide ends with the teacher recording the agreements (the handbook's
        # "Vastleggen"), and has the pupil's own voice somewhere.
        assert kind.part(LAST_PART).teacher[-1].startswith("De leerkracht legt de gemaakte")
        assert any(part.pupil for part in kind.parts)


def test_kinds_and_their_groups(guides: Guides) -> None:
    groups = {key: kind.groups for key, kind in guides.kinds.items()}
    assert groups == {
        "startgesprek": (6, 7, 8),
        "voortgangsgesprek": (6, 7, 8),
        "pre-adviesgesprek": (7,),
        "adviesgesprek": (8,),
        "afsluiting": (8,),
    }
    assert guides.kinds["pre-adviesgesprek"].title == "Pre-adviesgesprek"
    assert guides.kinds["pre-adviesgesprek"].child_title == "Gesprek over je schooladvies"
    # "Gemiddeld 20 minuten" for the advice (seed l. 891); 15 otherwise.
    assert {key: kind.minutes for key, kind in guides.kinds.items()} == {
        key: 20 if key == "adviesgesprek" else 15 for key in EXPECTED
    }


def test_every_conversation_step_has_exactly_one_kind(catalog: Catalog, guides: Guides) -> None:
    for group, plan in catalog.yearplans.items():
        for step in plan.steps:
            owners = [k.key for k in guides.kinds.values() if step.key in k.steps.get(group, ())]
            if step.type == "gesprek":
                assert len(owners) == 1, (group, step.key, owners)
                assert guides.for_step(group, step.key).key == owners[0]
            else:
                assert owners == [], (group, step.key)
                assert guides.for_step(group, step.key) is None


def test_the_year_plan_steps_say_which_talk(guides: Guides) -> None:
    assert guides.for_step(6, "startgesprek").key == "startgesprek"
    assert guides.for_step(6, "voortgangsgesprek-2").key == "voortgangsgesprek"
    assert guides.for_step(7, "voortgangsgesprek-2").key == "pre-adviesgesprek"
    assert guides.for_step(8, "voortgangsgesprek-2").key == "adviesgesprek"
    assert guides.for_step(8, "voortgangsgesprek-3").key == "afsluiting"
    assert guides.for_step(9, "startgesprek") is None
    assert [k.key for k in guides.for_group(7)] == [
        "startgesprek",
        "voortgangsgesprek",
        "pre-adviesgesprek",
    ]
    assert [k.key for k in guides.for_group(8)] == [
        "startgesprek",
        "voortgangsgesprek",
        "adviesgesprek",
        "afsluiting",
    ]


def test_items_that_belong_in_each_talk(catalog: Catalog, guides: Guides) -> None:
    sheets = catalog.worksheets
    start = guides.kinds["startgesprek"]
    # Last year's self-portrait starts the year; groep 6 has none from groep 5.
    assert start.items_for(6, sheets) == ()
    assert start.items_for(7, sheets) == (ItemRef("zelfportret-6", "previous"),)
    assert start.items_for(8, sheets) == (ItemRef("zelfportret-7", "previous"),)
    progress = guides.kinds["voortgangsgesprek"]
    assert ItemRef("beroepen-om-je-heen", "this") in progress.items_for(7, sheets)
    assert ItemRef("kwaliteiten-top3", "this") in progress.items_for(6, sheets)
    assert ItemRef("kwaliteiten-top3", "this") not in progress.items_for(7, sheets)
    pre = guides.kinds["pre-adviesgesprek"]
    assert ItemRef("beroepen-om-je-heen", "this") in pre.items_for(7, sheets)
    assert ItemRef("school-die-past", "this") in guides.kinds["adviesgesprek"].items
    assert ItemRef("zelfportret-8", "this") in guides.kinds["afsluiting"].items


def test_self_rating_where_the_pupil_rates_herself(guides: Guides) -> None:
    rating = {key for key, kind in guides.kinds.items() if kind.self_rating}
    assert rating == {"startgesprek", "voortgangsgesprek", "pre-adviesgesprek"}


def test_loads_without_the_catalog_too() -> None:
    assert set(load_guides().kinds) == EXPECTED


# ---------------------------------------------------------------------------------------------
# The handbook's own words (seed 000_9ff747622a96eef4.txt), in the right part and column

VERBATIM = [
    # Kennismaken in groep 6, l. 2146-2226
    ("startgesprek", "welkom", "teacher", "Vraag aan ouder en leerling: zijn er speciale "
     "onderwerpen waar we het over moeten hebben?"),  # l. 2164-2165
    ("startgesprek", "geland", "pupil", "Wat heb je nodig om er een goed schooljaar van te "
     "maken?"),  # l. 2174
    ("startgesprek", "geland", "parent", "Gaat het goed met uw kind in deze klas/ hier op "
     "school?"),  # l. 2178-2179
    ("startgesprek", "afspraken", "pupil", "Waar wil je nog beter in worden of waaraan wil je "
     "dit jaar extra aan gaan werken?"),  # l. 2184-2185
    ("startgesprek", "afspraken", "parent", "Welke hulp kunt u daarbij bieden?"),  # l. 2192-2193
    ("startgesprek", "samenwerken", "parent", "Zijn er dingen die ik van u moet weten of die u "
     "van mij moet weten?"),  # l. 2202-2204
    ("startgesprek", "afronding", "teacher", "Is er iets dat ik moet weten over de leerling of "
     "het gezin?"),  # l. 2220-2221
    # Een voortgangsgesprek in groep 7, l. 2227-2351
    ("voortgangsgesprek", "welkom", "teacher", "Afspreken vervolgstappen leerling en steun van "
     "school en ouders daarbij."),  # l. 2249-2251
    ("voortgangsgesprek", "presenteren", "pupil", "Wat heb ik de afgelopen periode geleerd in "
     "activiteiten thuis/op en buiten school?"),  # l. 2279-2282
    ("voortgangsgesprek", "presenteren", "pupil", "Hoe sta ik er voor met de "
     "schoolvakken?"),  # l. 2288
    ("voortgangsgesprek", "reacties", "teacher", "Geef na afloop de ouder het woord en koppel "
     "terug vanuit eerder gemaakte afspraken."),  # l. 2270-2273
    ("voortgangsgesprek", "reacties", "parent", "Wat merkt u thuis van deze interesses en "
     "kwaliteiten van uw kind?"),  # l. 2302-2304
    ("voortgangsgesprek", "afspraken", "parent", "Hoe denkt u over dat voornemen?"),  # l. 2335-2336
    ("voortgangsgesprek", "afspraken", "pupil", "Wie kunnen je daar bij helpen?"),  # l. 2330-2331
    # the same guide is the groep 7 March talk, the pre-adviesgesprek
    ("pre-adviesgesprek", "presenteren", "pupil", "Wat ben ik in de thuisopdracht te weten "
     "gekomen over verschillende beroepen en wat past wel en niet bij jouw interesse en "
     "kwaliteiten?"),  # l. 2292-2297 ("thuis-/opdracht", "kwali-/teiten" joined)
    ("pre-adviesgesprek", "reacties", "parent", "Wat is uw indruk van beroepen die bij de "
     "kwaliteiten en belangstelling van uw kind zouden passen?"),  # l. 2312-2316
    ("pre-adviesgesprek", "afspraken", "teacher", "Vat vervolgstappen die leerling wil zetten "
     "samen mbt talentontwikkeling, schoolresultaten en oriëntatie op beroepen."),  # l. 2319-2323
    ("pre-adviesgesprek", "afronding", "teacher", "Het eerstvolgende voortgangsgesprek is in "
     "juni."),  # l. 2346-2347
    # Het adviesgesprek in groep 8, l. 2572-2689
    ("adviesgesprek", "schooladvies", "teacher", "Geef het definitieve advies, met positieve "
     "onderbouwing van cognitieve en niet-cognitieve factoren."),  # l. 2604-2608
    ("adviesgesprek", "schooladvies", "pupil", "Hoe kijk jij aan tegen dit advies?"),  # l. 2617
    ("adviesgesprek", "schooladvies", "parent", "Herkent u dit advies?"),  # l. 2620
    ("adviesgesprek", "schoolkeuze", "pupil", "Wat is belangrijk voor jou om rekening mee te "
     "houden?"),  # l. 2641-2643
    ("adviesgesprek", "schoolkeuze", "parent", "Welke open dagen gaat u bezoeken?"),  # l. 2652-2653
    ("adviesgesprek", "afspraken", "teacher", "Welke andere vervolgstappen ga je zetten om "
     "succesvol te zijn in het vo?"),  # l. 2656-2658
    ("adviesgesprek", "afronding", "parent", "Hoe heeft u het gesprek ervaren?"),  # l. 2680-2681
    ("adviesgesprek", "afronding", "teacher", "De leerkracht legt de gemaakte afspraken vast en "
     "draagt zorg voor de formele documenten."),  # l. 2689
    # Afsluiting: no guide in the handbook; questions of the other guides, verbatim
    ("afsluiting", "afronding", "pupil", "Hoe heb je het gesprek ervaren?"),  # l. 2675-2676
    ("afsluiting", "reacties", "parent", "Waar bent u trots op bij uw kind?"),  # l. 2305-2306
    ("afsluiting", "afspraken", "parent", "Welke hulp kunt u daarbij bieden?"),  # l. 2668-2669
]  # fmt: skip


@pytest.mark.parametrize(("kind", "part", "column", "text"), VERBATIM)
def test_the_handbooks_words_are_kept(
    guides: Guides, kind: str, part: str, column: str, text: str
) -> None:
    assert text in getattr(guides.kinds[kind].part(part), column)


def test_every_kind_has_a_handbook_question() -> None:
    assert {kind for kind, *_ in VERBATIM} == EXPECTED


# ---------------------------------------------------------------------------------------------
# A broken file is refused, naming the file and the place


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "kinds"
    shutil.copytree(KINDS, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def refused(base: Path, catalog: Catalog) -> str:
    with pytest.raises(DefinitionError) as error:
        load_guides(base, yearplans=catalog.yearplans, worksheets=catalog.worksheets)
    return str(error.value)


def test_the_copy_loads_unchanged(copy: Path, catalog: Catalog) -> None:
    guides = load_guides(copy, yearplans=catalog.yearplans, worksheets=catalog.worksheets)
    assert set(guides.kinds) == EXPECTED


def test_unknown_key(copy: Path, catalog: Catalog) -> None:
    edit(copy / "afsluiting.toml", "minutes = 15", 'minutes = 15\ntitel = "Afsluiting"')
    assert refused(copy, catalog) == "afsluiting.toml: unknown key 'titel'"


def test_minutes_outside_10_to_20(copy: Path, catalog: Catalog) -> None:
    edit(copy / "voortgangsgesprek.toml", "minutes = 15", "minutes = 30")
    assert refused(copy, catalog) == (
        "voortgangsgesprek.toml: 'minutes' must be a whole number from 10 to 20"
    )


def test_unknown_step(copy: Path, catalog: Catalog) -> None:
    edit(copy / "adviesgesprek.toml", '["voortgangsgesprek-2"]', '["adviesgesprek"]')
    assert refused(copy, catalog) == (
        "adviesgesprek.toml: steps.8: step 'adviesgesprek' is not in the year plan of group 8"
    )


def test_unknown_worksheet(copy: Path, catalog: Catalog) -> None:
    edit(copy / "adviesgesprek.toml", '"school-die-past"', '"een-school-die-past"')
    assert refused(copy, catalog) == (
        "adviesgesprek.toml: items[0] 'een-school-die-past': "
        "worksheet 'een-school-die-past' does not exist"
    )


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        ("afsluiting.toml", 'title = "Afsluiting & portfolio"\n', "", "missing title"),
        ("afsluiting.toml", "groups = [8]", "groups = [5]", "groups: [5] must be"),
        ("afsluiting.toml", "minutes = 15", "minutes = true", "'minutes' must be a whole"),
        ("afsluiting.toml", '{ "8" = [', '{ "7" = [', "steps.7: group '7' is not one of"),
        # a step that is not a conversation
        ("afsluiting.toml", '["voortgangsgesprek-3"]', '["zelfportret"]', "is a zelfportret"),
        # a step another kind holds
        ("afsluiting.toml", '["voortgangsgesprek-3"]', '["voortgangsgesprek-2"]', "already"),
        # last year's self-portrait of groep 7 in groep 8 is "previous", not "this"
        ("adviesgesprek.toml", 'year = "previous"', 'year = "this"', "no pupil of groups [8]"),
        ("adviesgesprek.toml", 'year = "previous"', 'year = "vorig"', "must be one of"),
        ("afsluiting.toml", 'key = "afsluiting"', 'key = "afscheid"', "must equal the file"),
        ("afsluiting.toml", 'key = "welkom"', 'key = "begin"', "must start with 'welkom'"),
        ("afsluiting.toml", 'key = "afspraken"', 'key = "vo"', "'afspraken' in between"),
        ("afsluiting.toml", 'key = "reacties"', 'key = "presenteren"', "duplicate part key"),
        ("afsluiting.toml", 'pupil = ["Nog', 'pupil = [3, "Nog', "'pupil' must be a list"),
        ("afsluiting.toml", "checklist = [", "checklist = [] and [", "invalid TOML"),
    ],
)
def test_other_faults_are_refused(
    copy: Path, catalog: Catalog, file: str, old: str, new: str, message: str
) -> None:
    edit(copy / file, old, new)
    error = refused(copy, catalog)
    assert error.startswith(file + ": ") and message in error, error


def test_no_kinds_at_all(tmp_path: Path) -> None:
    with pytest.raises(DefinitionError, match="no conversation kinds"):
        load_guides(tmp_path)
