"""The handbook's content is in the data files word for word (quality cards, statements, school
levels, directions, characteristics, compliments) and the year plans hold every step."""

from __future__ import annotations

import pytest

from server.worksheets import Catalog, load_catalog

# The 30 cards of "Blad 2: Thuisopdracht Kwaliteiten" (seed l. 1485-1600).
QUALITY_CARDS = [
    ("Betrouwbaar", "je doet wat je hebt afgesproken"),
    ("Sterk", "je kan zwaar werk doen"),
    ("Bescheiden", "je schept niet graag op over jezelf"),
    ("Doorzetter", "je geeft niet snel op"),
    ("Zorgzaam", "je zorgt graag voor anderen"),
    ("Eerlijk", "je liegt nooit"),
    ("Sociaal", "je kunt goed met mensen omgaan"),
    ("Technisch", "je maakt graag dingen"),
    ("Georganiseerd", "je weet wat er moet gebeuren"),
    ("Geduldig", "je vindt het niet erg om te wachten"),
    ("Denker", "je denkt graag goed na over dingen"),
    ("Creatief", "je kunt goed nieuwe dingen bedenken"),
    ("Dapper", "je durft veel"),
    ("Planner", "je bedenkt wat wanneer moet"),
    ("Positief", "je kijkt altijd naar dat wat goed gaat"),
    ("Vriendelijk", "je bent vriendelijk tegen anderen"),
    ("Muzikaal", "je kunt goed muziek maken"),
    ("Handig", "je werkt graag met je handen"),
    ("Grappig", "je maakt anderen aan het lachen"),
    ("Ict-vaardig", "je bent goed met computers"),
    ("Rustig", "je maakt je niet snel druk"),
    ("Sportief", "je bent goed in sport"),
    ("Optimistisch", "je gaat er van uit dat alles goed komt"),
    ("Doener", "je bent graag bezig"),
    ("Behulpzaam", "je helpt graag anderen"),
    ("Zelfverzekerd", "je gelooft dat je dingen goed kan"),
    ("Teamspeler", "je kunt goed samenwerken"),
    ("Duidelijk", "je zegt precies hoe het zit"),
    ("Precies", "je doet dingen met zorg en aandacht"),
    ("Nieuwsgierig", "je wilt weten hoe dingen in elkaar zitten"),
]

STATEMENTS = [
    "Ik werk netjes",
    "Ik kan mijn taken goed plannen",
    "Ik werk in een goed tempo",
    "Ik houd mij aan de afspraken",
    "Ik kan me goed concentreren",
    "Ik kan zelf problemen oplossen",
    "Ik kan goed samenwerken",
    "Ik heb vertrouwen in mijzelf",
    "Ik probeer nieuwe dingen",
    "Ik zoek informatie over leuke dingen",
    "Ik probeer beter te worden in wat ik kan",
    "Ik speel met andere kinderen",
    "Ik weet wat ik leuk vind om te doen",
    "Ik weet wat ik belangrijk vind",
    "Ik probeer dingen uit",
]

# Every step domain.md lists, as (group, step key).
YEAR_PLAN_STEPS = {
    6: [
        "startgesprek",
        "ouderkamer",
        "taaltrip",
        "reflectie-taaltrip",
        "techniekproject",
        "verrijkende-activiteiten",
        "voortgangsgesprek-1",
        "voortgangsgesprek-2",
        "thuisopdracht-kwaliteiten",
        "kwaliteitenspel",
        "museumbezoek",
        "reflectie-museumbezoek",
        "zelfportret",
        "voortgangsgesprek-3",
        "ouder-kindbijeenkomst",
    ],
    7: [
        "startgesprek",
        "voortgangsgesprek-1",
        "ouder-kindbijeenkomst-vo",
        "port-rangers",
        "reflectie-port-rangers",
        "techniekdagen",
        "reflectie-techniekdagen",
        "beroepenspel",
        "gast-in-de-klas",
        "voortgangsgesprek-2",
        "thuisopdracht-beroepen",
        "ministage",
        "reflectie-ministage",
        "discovery-lab",
        "reflectie-discovery-lab",
        "ouder-kindbijeenkomst-quiz",
        "zelfportret",
        "voortgangsgesprek-3",
    ],
    8: [
        "startgesprek",
        "ouder-kindbijeenkomst-vo",
        "gaan-voor-een-baan",
        "reflectie-gaan-voor-een-baan",
        "ministage",
        "reflectie-ministage",
        "voortgangsgesprek-1",
        "thuisopdracht-school",
        "open-dagen",
        "voortgangsgesprek-2",
        "aanmelden-vo",
        "vo-dat-doe-je-zo",
        "gast-in-de-klas",
        "zelfportret",
        "ouder-kindbijeenkomst-succesvol",
        "voortgangsgesprek-3",
    ],
}

# Steps that produce a worksheet in the portfolio.
YEAR_PLAN_WORKSHEETS = {
    6: {
        "reflectie-taaltrip": "ervaring-taaltrip",
        "thuisopdracht-kwaliteiten": "kwaliteiten-top3",
        "reflectie-museumbezoek": "ervaring-museum",
        "ouder-kindbijeenkomst": "samen-doen",
        "zelfportret": "zelfportret-6",
    },
    7: {
        "reflectie-port-rangers": "ervaring-port-rangers",
        "reflectie-techniekdagen": "ervaring-techniekdagen",
        "gast-in-de-klas": "ervaring-gast-in-de-klas",
        "thuisopdracht-beroepen": "beroepen-om-je-heen",
        "reflectie-ministage": "ervaring-ministage",
        "reflectie-discovery-lab": "ervaring-discovery-lab",
        "ouder-kindbijeenkomst-quiz": "complimenten",
        "zelfportret": "zelfportret-7",
    },
    8: {
        "reflectie-gaan-voor-een-baan": "ervaring-gaan-voor-een-baan",
        "reflectie-ministage": "ervaring-ministage",
        "thuisopdracht-school": "school-die-past",
        "gast-in-de-klas": "ervaring-gast-in-de-klas",
        "zelfportret": "zelfportret-8",
    },
}

SCHOOL_YEAR = [9, 10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def test_quality_cards(catalog: Catalog) -> None:
    cards = catalog.content["kwaliteiten"]
    assert [(card.label, card.hint) for card in cards] == QUALITY_CARDS
    assert len({card.key for card in cards}) == 30
    assert cards[0].key == "betrouwbaar"
    assert all(card.icon for card in cards)
    assert len({card.icon for card in cards}) == 30  # a parent who reads little tells them apart


def test_statements_and_scale(catalog: Catalog) -> None:
    assert [s.label for s in catalog.statements] == STATEMENTS
    assert catalog.content["stellingen"] == catalog.statements
    # From least to most: the order of the boxes on the sheet, in print and in the growth picture.
    assert [(o.key, o.label) for o in catalog.scale] == [
        ("niet-zo", "Niet zo"),
        ("soms", "Soms"),
        ("vaak", "Vaak"),
        ("altijd", "Altijd"),
    ]


def test_growth_picture_uses_the_sheets_order(catalog: Catalog) -> None:
    from server.domain.growth import SCALE

    assert [(o.key, o.label) for o in catalog.scale] == list(SCALE)


def test_school_levels(catalog: Catalog) -> None:
    levels = catalog.content["schoolniveaus"]
    assert [(o.key, o.label, o.hint) for o in levels] == [
        (
            "praktijkonderwijs",
            "Praktijkonderwijs",
            "Gericht op praktijk & werk met extra ondersteuning.",
        ),
        ("vmbo-bk", "VMBO basis- en kaderberoepsgerichte leerweg", "Gericht op praktijk & werk."),
        (
            "vmbo-gt",
            "VMBO gemengde & theoretische leerweg",
            "Gericht op theorie (met een klein beetje praktijk).",
        ),
        ("havo", "HAVO", "Gericht op theorie die verbonden is aan de praktijk."),
        ("vwo-atheneum", "VWO Atheneum", "Gericht op theorie en onderzoek."),
        ("vwo-gymnasium", "VWO Gymnasium", "Gericht op theorie en onderzoek met Grieks & Latijn."),
    ]


def test_directions(catalog: Catalog) -> None:
    assert [(o.label, o.hint) for o in catalog.content["richtingen"]] == [
        ("Zorg/Welzijn/Gezondheid", "incl. horeca, bakkerij en recreatie"),
        ("Techniek", "incl. bouwen, media, ict, haven & transport"),
        ("Economie/Cultuur/Maatschappij", "incl. ondernemen & dienstverlening"),
        ("Landbouw/Natuur", ""),
        ("Ik weet het nog niet", ""),
    ]


def test_school_characteristics_in_four_groups(catalog: Catalog) -> None:
    groups: dict[str, list[str]] = {}
    for option in catalog.content["schoolkenmerken"]:
        groups.setdefault(option.hint, []).append(option.label)
    assert groups == {
        "Onderwijsorganisatie": [
            "Kleine of grote school",
            "1 of meerdere onderwijsniveaus (bijvoorbeeld vmbo + havo + vwo)",
            "Mogelijk om verschillende vakken op verschillende niveaus te volgen",
        ],
        "Levensbeschouwelijke of onderwijskundige visie": [
            "De religieuze stroming (bijvoorbeeld openbaar, katholiek, protestants, islamitisch)",
            "De onderwijsmethode (bijvoorbeeld dalton, vrije school of montessori)",
            "Het profiel van de school (bijvoorbeeld Havenhavo, Grafisch lyceum, Horeca "
            "vakschool, groene vmbo)",
        ],
        "Speciale aandacht voor…": [
            "Gezondheid",
            "Veiligheid",
            "Duidelijke structuur & regels",
            "Thuis geen huiswerk",
        ],
        "Extra aandacht voor talentontwikkeling": [
            "Talen (bijvoorbeeld Engels of Chinees)",
            "Theater of kunst",
            "Sport",
            "Techniek/ICT/vakmanschap",
        ],
    }


def test_compliments(catalog: Catalog) -> None:
    compliments = catalog.content["complimenten"]
    heel = [o.label for o in compliments if o.hint == "Ik vind jou heel …"]
    assert heel == [
        f"Ik vind jou heel {word}"
        for word in (
            "duidelijk",
            "enthousiast",
            "vriendelijk",
            "creatief",
            "precies",
            "grappig",
            "rustig",
            "zorgvuldig",
            "zelfverzekerd",
            "eerlijk",
            "overtuigend",
            "bescheiden",
        )
    ]
    assert [o.label for o in compliments if o.hint == "Ik vind jou een …"] == [
        "Ik vind jou een doorzetter"
    ]
    assert [o.label for o in compliments if o.hint == "Ik zie dat je plezier hebt in …"] == [
        f"Ik zie dat je plezier hebt in {word}"
        for word in ("bouwen", "tekenen", "vertellen", "uitleggen")
    ]
    assert all(o.icon for o in compliments)


def test_activities_to_do_together(catalog: Catalog) -> None:
    activities = catalog.content["samen-doen"]
    assert len(activities) == 14
    labels = [o.label for o in activities]
    assert labels[0] == "Samen museum bezoeken"
    assert "Samen naar de Wereld Havendagen" in labels
    assert "Samen een evenement bezoeken" in labels
    assert all(label.startswith("Samen ") for label in labels)
    assert all(o.icon for o in activities)


def test_interview_questions(catalog: Catalog) -> None:
    questions = [o.label for o in catalog.content["interviewvragen"]]
    assert 5 <= len(questions) <= 8
    assert questions[0] == "Wat voor werk doe je?"
    assert "Wat vind je het leukste aan je werk?" in questions
    assert all(q.endswith("?") for q in questions)


def test_year_plan_titles(catalog: Catalog) -> None:
    assert {group: plan.title for group, plan in catalog.yearplans.items()} == {
        6: "Het ontwikkelen en ontdekken van talenten",
        7: "Talentontwikkeling en het verkennen van beroepen",
        8: "Het oriënteren op de schoolkeuze",
    }


@pytest.mark.parametrize("group", [6, 7, 8])
def test_year_plan_has_every_step(catalog: Catalog, group: int) -> None:
    keys = [step.key for step in catalog.yearplans[group].steps]
    missing = set(YEAR_PLAN_STEPS[group]) - set(keys)
    assert not missing


@pytest.mark.parametrize("group", [6, 7, 8])
def test_year_plan_worksheets(catalog: Catalog, group: int) -> None:
    steps = {step.key: step for step in catalog.yearplans[group].steps}
    for key, worksheet in YEAR_PLAN_WORKSHEETS[group].items():
        assert steps[key].worksheet == worksheet, key
    for step in steps.values():
        if step.worksheet:
            assert group in catalog.worksheets[step.worksheet].groups


@pytest.mark.parametrize("group", [6, 7, 8])
def test_year_plan_runs_september_to_july(catalog: Catalog, group: int) -> None:
    steps = catalog.yearplans[group].steps
    positions = [SCHOOL_YEAR.index(step.month) for step in steps]
    assert positions == sorted(positions)
    assert steps[0].key == "startgesprek" and steps[0].month == 9
    assert steps[-1].key == "voortgangsgesprek-3"


def test_year_plan_conversation_months(catalog: Catalog) -> None:
    # Group 6: conversations in November, March and early July, the event in May (seed l. 2222).
    months = {step.key: step.month for step in catalog.yearplans[6].steps}
    assert months["voortgangsgesprek-1"] == 11
    assert months["voortgangsgesprek-2"] == 3
    assert months["voortgangsgesprek-3"] == 7
    assert months["ouder-kindbijeenkomst"] == 5
    assert months["techniekproject"] == 1  # januari - maart
    # Group 7: "Het eerstvolgende voortgangsgesprek is in juni" (seed l. 2347).
    months_7 = {step.key: step.month for step in catalog.yearplans[7].steps}
    assert months_7["voortgangsgesprek-3"] == 6


def test_templates_fit_a_year_plan_step(catalog: Catalog) -> None:
    for worksheet in catalog.worksheets.values():
        if not worksheet.template_for:
            continue
        step_keys = {
            step.key for group in worksheet.groups for step in catalog.yearplans[group].steps
        }
        assert worksheet.template_for in step_keys, worksheet.id
