"""The worksheet loader: every definition loads, flat names and value validation per field
type, and broken definitions are refused with the file and the field named."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from server.worksheets import FIELD_TYPES, DefinitionError, Field, Option, Worksheet, load_catalog

PACKAGE = Path(__file__).resolve().parents[2] / "server" / "worksheets"
PHOTO = "a" * 64
OTHER_PHOTO = "0123456789abcdef" * 4
SIGNED = {"naam": "Fatima El Amrani", "bevestigd": True, "op": "2025-03-14T19:30:00+01:00"}

EXPECTED_IDS = {
    "zelfportret-6",
    "zelfportret-7",
    "zelfportret-8",
    "kwaliteiten-top3",
    "beroepen-om-je-heen",
    "school-die-past",
    "ervaring",
    "ervaring-taaltrip",
    "ervaring-museum",
    "ervaring-techniekdagen",
    "ervaring-port-rangers",
    "ervaring-discovery-lab",
    "ervaring-gaan-voor-een-baan",
    "ervaring-gast-in-de-klas",
    "ervaring-ministage",
    # The year plan's own sheets for steps that used the free "ervaring" (issue 12).
    "techniekproject",
    "verrijkende-activiteit",
    "bezoek-open-dagen",
    "complimenten",
    "samen-doen",
}


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def sheet(catalog, sheet_id: str) -> Worksheet:
    return catalog.worksheets[sheet_id]


# ---------------------------------------------------------------------------------------------
# Every definition loads


def test_all_definitions_load(catalog) -> None:
    assert set(catalog.worksheets) == EXPECTED_IDS
    for sheet_id, worksheet in catalog.worksheets.items():
        assert worksheet.id == sheet_id
        assert worksheet.title and worksheet.intro
        assert set(worksheet.groups) <= {6, 7, 8}
        assert worksheet.sections
        for section in worksheet.sections:
            assert section.fields
            for field in section.fields:
                assert field.type in FIELD_TYPES
                assert field.label
                assert field.who in ("pupil", "parent", "together")


def test_default_base_is_the_package_folder(catalog) -> None:
    assert set(load_catalog(PACKAGE).worksheets) == set(catalog.worksheets)


def test_no_placeholders_in_definitions() -> None:
    for path in (PACKAGE / "definitions").glob("*.toml"):
        assert "placeholder" not in path.read_text(encoding="utf-8"), path.name


def test_parent_part_is_appended_last(catalog) -> None:
    for worksheet in catalog.worksheets.values():
        keys = [section.key for section in worksheet.sections]
        if worksheet.parent_part:
            assert keys[-1] == "ouderdeel", worksheet.id
            parent = worksheet.sections[-1]
            assert parent.who == "parent"
            assert [field.type for field in parent.fields] == [
                "yesno",
                "yesno",
                "yesno",
                "longtext",
                "choice",
                "signature",
            ]
        else:
            assert "ouderdeel" not in keys, worksheet.id
    assert {w.id for w in catalog.worksheets.values() if w.parent_part} == {
        "kwaliteiten-top3",
        "beroepen-om-je-heen",
        "school-die-past",
    }


def test_parent_questions_name_the_assignment_topic(catalog) -> None:
    def third(sheet_id: str) -> str:
        return sheet(catalog, sheet_id).field("ouder-vraag-3").label

    assert third("kwaliteiten-top3") == (
        "Door deze opdracht heb ik meer met mijn kind gepraat over zijn/haar kwaliteiten."
    )
    assert third("beroepen-om-je-heen").endswith("welke beroepen bij hem/haar passen.")
    assert third("school-die-past").endswith(
        "wat belangrijk is bij de keuze voor zijn/haar volgende school."
    )
    rol = sheet(catalog, "kwaliteiten-top3").field("ouder-rol")
    assert [o.label for o in rol.options] == ["vader", "moeder", "oudere broer of zus"]
    assert rol.allow_other


def test_fields_are_flattened_in_display_order(catalog) -> None:
    names = list(sheet(catalog, "kwaliteiten-top3").fields())
    assert names[:4] == [
        "kind-kiest.1",
        "kind-kiest.1.situatie",
        "kind-kiest.2",
        "kind-kiest.2.situatie",
    ]
    assert "top-3" in names
    assert names[-1] == "ouder-handtekening"


def test_kwaliteiten_top3_matches_the_handbook(catalog) -> None:
    worksheet = sheet(catalog, "kwaliteiten-top3")
    pupil, parent = worksheet.field("kind-kiest"), worksheet.field("ouder-kiest")
    assert (pupil.who, pupil.count, pupil.with_situation, pupil.allow_own) == (
        "pupil",
        2,
        True,
        True,
    )
    assert (parent.who, parent.count, parent.with_situation) == ("parent", 2, True)
    assert "Doorzetter" in pupil.help
    assert "Behulpzaam – Mijn kind helpt thuis uit zichzelf met opruimen." in parent.help
    top = worksheet.field("top-3")
    assert (top.type, top.who, top.count) == ("ranking", "together", 3)
    assert top.from_fields == ("kind-kiest", "ouder-kiest")
    assert len(top.options) == 30


def test_zelfportret_7_has_every_section_of_the_handbook(catalog) -> None:
    worksheet = sheet(catalog, "zelfportret-7")
    names = {field.name for section in worksheet.sections for field in section.fields}
    assert {
        "naam",
        "leeftijd",
        "verjaardag",
        "woon-met",
        "vrienden",
        "thuis-bezig",
        "droom",
        "stellingen",
        "wakker-maken",
        "school-super-leuk",
        "thuis-super-leuk",
        "school-super-stom",
        "thuis-super-stom",
        "beste-vakken",
        "trots-op-mezelf",
        "trots-thuis",
        "trots-leerkracht",
        "leerroute-niveau",
        "leerroute",
        "volgend-jaar-school",
        "volgend-jaar-thuis",
        "nodig",
        "hulp-leerkracht",
        "hulp-anderen",
        "nog-weten",
    } <= names
    assert worksheet.field("leerroute-niveau").options[0].key == "praktijkonderwijs"


def test_self_portraits_share_the_statements_every_year(catalog) -> None:
    stored = [
        [name for name in sheet(catalog, f"zelfportret-{g}").fields() if name.startswith("stel")]
        for g in (6, 7, 8)
    ]
    assert stored[0] == stored[1] == stored[2]
    assert len(stored[0]) == 15
    future = sheet(catalog, "zelfportret-8")
    for name in ("schooladvies", "gekozen-school", "waarom-school", "zin-in", "spannend"):
        future.field(name)  # raises KeyError when missing
    assert future.field("schooladvies").max_choices == 2


def test_experience_templates_share_the_base_fields(catalog) -> None:
    base = list(sheet(catalog, "ervaring").fields())
    templates = [w for w in catalog.worksheets.values() if w.id.startswith("ervaring-")]
    assert len(templates) == 8
    for template in templates:
        names = list(template.fields())
        assert set(base) < set(names), template.id  # the base plus one fitting extra question
        assert len(names) == len(base) + 1, template.id
        assert template.template_for, template.id
        assert template.kind == "ervaring"
        photos = template.field("fotos")
        assert "Vraag eerst of je foto's mag maken" in photos.help


def test_beroepen_om_je_heen_does_not_assume_parents_have_a_job(catalog) -> None:
    worksheet = sheet(catalog, "beroepen-om-je-heen")
    intro = worksheet.sections[0].intro
    assert "familieleden, vrienden, buren" in intro
    people = worksheet.field("mensen")
    assert people.count == 3
    assert [c.key for c in people.columns] == ["wie", "beroep", "hoe-vragen"]
    assert worksheet.field("vragen").options[0].label == "Wat voor werk doe je?"
    worksheet.field("eigen-vraag")


def test_school_die_past_fields(catalog) -> None:
    worksheet = sheet(catalog, "school-die-past")
    assert worksheet.field("voorlopig-advies").max_choices == 2
    assert worksheet.field("kenmerken").allow_other
    assert "je er thuis voelt" in worksheet.field("kenmerken").help
    scholen = worksheet.field("scholen")
    assert scholen.count == 2
    assert [c.key for c in scholen.columns] == ["naam", "open-dag", "letten-op", "nog-weten"]


def test_for_group(catalog) -> None:
    group_6 = [w.id for w in catalog.for_group(6)]
    assert group_6[0] == "zelfportret-6"
    assert "kwaliteiten-top3" in group_6
    assert "school-die-past" not in group_6
    assert {"complimenten", "samen-doen", "ervaring"} <= set(group_6)
    assert [w.id for w in catalog.for_group(5)] == []


# ---------------------------------------------------------------------------------------------
# Flat names and value validation, per type


def invalid(field: Field | Worksheet, stored_name: str, value: object) -> str:
    with pytest.raises(ValueError) as error:
        field.validate(stored_name, value)
    return str(error.value)


def test_text(catalog) -> None:
    field = sheet(catalog, "zelfportret-7").field("wakker-maken")
    assert field.stored_names() == ["wakker-maken"]
    assert field.max_length == 200
    assert field.validate("wakker-maken", "Voetbal\x00 kijken\n") == "Voetbal kijken "
    assert field.validate("wakker-maken", "") == ""
    assert field.validate("wakker-maken", "🎮 gamen") == "🎮 gamen"
    assert invalid(field, "wakker-maken", "x" * 201) == (
        "Dit antwoord is te lang (maximaal 200 tekens)."
    )
    assert invalid(field, "wakker-maken", 12) == "Dit antwoord klopt niet."
    assert invalid(field, "wakker-maken", None) == "Dit antwoord klopt niet."
    assert invalid(field, "wakker", "x") == "Dit veld bestaat niet."


def test_longtext_keeps_newlines_and_tabs(catalog) -> None:
    field = sheet(catalog, "zelfportret-7").field("droom")
    assert field.max_length == 4000
    assert field.validate("droom", "Dokter\r\nworden\t!\x07\x1b\ud800") == "Dokter\nworden\t!"
    assert invalid(field, "droom", "a" * 4001) == "Dit antwoord is te lang (maximaal 4000 tekens)."
    assert field.validate("droom", "a" * 4000) == "a" * 4000


def test_date(catalog) -> None:
    field = sheet(catalog, "ervaring").field("wanneer")
    assert field.stored_names() == ["wanneer"]
    assert field.validate("wanneer", "2025-03-14") == "2025-03-14"
    assert field.validate("wanneer", "") == ""
    for bad in ("14-03-2025", "20250314", "2025-02-30", "2025-03-14T10:00"):
        assert invalid(field, "wanneer", bad) == "Dit is geen goede datum."
    assert invalid(field, "wanneer", 20250314) == "Dit antwoord klopt niet."


def test_yesno(catalog) -> None:
    field = sheet(catalog, "kwaliteiten-top3").field("ouder-vraag-1")
    assert field.stored_names() == ["ouder-vraag-1"]
    assert field.who == "parent"
    for value in ("ja", "nee", ""):
        assert field.validate("ouder-vraag-1", value) == value
    assert invalid(field, "ouder-vraag-1", "misschien") == "Kies een antwoord uit de lijst."
    assert invalid(field, "ouder-vraag-1", True) == "Dit antwoord klopt niet."


def test_choice_with_other(catalog) -> None:
    field = sheet(catalog, "complimenten").field("compliment")
    assert field.stored_names() == ["compliment"]
    assert field.allow_other
    assert field.validate("compliment", "doorzetter") == "doorzetter"
    assert field.validate("compliment", "") == ""
    assert field.validate("compliment", "Ik vind jou heel lief") == "Ik vind jou heel lief"
    assert invalid(field, "compliment", "x" * 201) == (
        "Dit antwoord is te lang (maximaal 200 tekens)."
    )
    assert invalid(field, "compliment", ["doorzetter"]) == "Dit antwoord klopt niet."


def test_choice_without_other() -> None:
    field = Field(
        name="kleur",
        type="choice",
        label="Kleur",
        options=(Option("rood", "Rood"), Option("blauw", "Blauw")),
    )
    assert field.validate("kleur", "rood") == "rood"
    assert invalid(field, "kleur", "groen") == "Kies een antwoord uit de lijst."


def test_multichoice(catalog) -> None:
    field = sheet(catalog, "school-die-past").field("voorlopig-advies")
    assert field.stored_names() == ["voorlopig-advies"]
    assert field.validate("voorlopig-advies", ["vmbo-gt", "havo"]) == ["vmbo-gt", "havo"]
    assert field.validate("voorlopig-advies", ["havo", "havo"]) == ["havo"]
    assert field.validate("voorlopig-advies", []) == []
    assert invalid(field, "voorlopig-advies", ["vmbo-gt", "havo", "vwo-atheneum"]) == (
        "Je mag er maximaal 2 kiezen."
    )
    assert invalid(field, "voorlopig-advies", ["mavo"]) == "Kies een antwoord uit de lijst."
    assert invalid(field, "voorlopig-advies", "havo") == "Dit antwoord klopt niet."
    assert invalid(field, "voorlopig-advies", [3]) == "Dit antwoord klopt niet."


def test_multichoice_with_other(catalog) -> None:
    field = sheet(catalog, "school-die-past").field("kenmerken")
    assert field.stored_names() == ["kenmerken", "kenmerken-anders"]
    assert field.max_choices == 0
    assert field.validate("kenmerken", ["sport", "talen", "veiligheid"]) == [
        "sport",
        "talen",
        "veiligheid",
    ]
    assert field.validate("kenmerken-anders", "Een\nschooltuin") == "Een schooltuin"
    assert invalid(field, "kenmerken-anders", "x" * 201).startswith("Dit antwoord is te lang")
    worksheet = sheet(catalog, "school-die-past")
    assert worksheet.validate("kenmerken-anders", "Muziek") == "Muziek"


def test_scale(catalog) -> None:
    field = sheet(catalog, "zelfportret-7").field("stellingen")
    names = field.stored_names()
    assert len(names) == 15
    assert names[0] == "stellingen.netjes"
    assert names[-1] == "stellingen.uitproberen"
    assert [o.key for o in field.scale] == ["niet-zo", "soms", "vaak", "altijd"]
    assert field.validate("stellingen.netjes", "vaak") == "vaak"
    assert field.validate("stellingen.netjes", "") == ""
    assert invalid(field, "stellingen.netjes", "nooit") == "Kies een antwoord uit de lijst."
    assert invalid(field, "stellingen", "vaak") == "Dit veld bestaat niet."
    assert invalid(field, "stellingen.zingen", "vaak") == "Dit veld bestaat niet."


def test_cards(catalog) -> None:
    field = sheet(catalog, "kwaliteiten-top3").field("kind-kiest")
    assert field.stored_names() == [
        "kind-kiest.1",
        "kind-kiest.1.situatie",
        "kind-kiest.2",
        "kind-kiest.2.situatie",
    ]
    assert field.validate("kind-kiest.1", "doorzetter") == "doorzetter"
    assert field.validate("kind-kiest.2", "") == ""
    assert field.validate("kind-kiest.2", "eigen:Goed in\ttekenen ") == "eigen:Goed in tekenen"
    assert invalid(field, "kind-kiest.2", "eigen:   ") == "Schrijf je eigen kwaliteit op."
    assert invalid(field, "kind-kiest.2", "eigen:" + "x" * 101).startswith(
        "Dit antwoord is te lang (maximaal 100"
    )
    assert invalid(field, "kind-kiest.1", "lief") == "Kies een antwoord uit de lijst."
    assert field.validate("kind-kiest.1.situatie", "Ik oefen\nelke dag.") == "Ik oefen\nelke dag."
    assert invalid(field, "kind-kiest.1.situatie", "x" * 501).startswith("Dit antwoord is te lang")
    assert invalid(field, "kind-kiest.3", "doorzetter") == "Dit veld bestaat niet."


def test_cards_without_own_or_situation() -> None:
    field = Field(
        name="kaart",
        type="cards",
        label="Kaart",
        options=(Option("dapper", "Dapper"),),
        count=1,
    )
    assert field.stored_names() == ["kaart.1"]
    assert invalid(field, "kaart.1", "eigen:Lief") == "Kies een antwoord uit de lijst."


def test_ranking(catalog) -> None:
    field = sheet(catalog, "kwaliteiten-top3").field("top-3")
    assert field.stored_names() == ["top-3"]
    assert field.validate("top-3", ["doorzetter", "eigen:Goed in tekenen", "sportief"]) == [
        "doorzetter",
        "eigen:Goed in tekenen",
        "sportief",
    ]
    # Any quality card is allowed, not only the ones picked in the card fields.
    assert field.validate("top-3", ["nieuwsgierig"]) == ["nieuwsgierig"]
    assert field.validate("top-3", ["", "dapper"]) == ["", "dapper"]
    assert invalid(field, "top-3", ["dapper", "dapper"]) == (
        "Je hebt hetzelfde antwoord twee keer gekozen."
    )
    assert invalid(field, "top-3", ["dapper", "sterk", "rustig", "eerlijk"]) == (
        "Je mag er maximaal 3 kiezen."
    )
    assert invalid(field, "top-3", ["onbekend"]) == "Kies een antwoord uit de lijst."
    assert invalid(field, "top-3", "dapper") == "Dit antwoord klopt niet."


def test_people(catalog) -> None:
    field = sheet(catalog, "beroepen-om-je-heen").field("mensen")
    names = field.stored_names()
    assert names[:3] == ["mensen.1.wie", "mensen.1.beroep", "mensen.1.hoe-vragen"]
    assert len(names) == 9
    assert names[-1] == "mensen.3.hoe-vragen"
    assert field.validate("mensen.2.beroep", "Buschauffeur") == "Buschauffeur"
    assert invalid(field, "mensen.2.beroep", "x" * 201).startswith("Dit antwoord is te lang")
    assert invalid(field, "mensen.4.wie", "Oom") == "Dit veld bestaat niet."
    assert invalid(field, "mensen.1.leeftijd", "40") == "Dit veld bestaat niet."


def test_photos(catalog) -> None:
    field = sheet(catalog, "ervaring-ministage").field("fotos")
    assert field.stored_names() == ["fotos"]
    assert field.count == 6
    assert field.validate("fotos", [PHOTO, OTHER_PHOTO, PHOTO]) == [PHOTO, OTHER_PHOTO]
    assert field.validate("fotos", []) == []
    assert invalid(field, "fotos", ["A" * 64]) == "Deze foto klopt niet."
    assert invalid(field, "fotos", ["../etc/passwd"]) == "Deze foto klopt niet."
    assert invalid(field, "fotos", [PHOTO + "\n"]) == "Deze foto klopt niet."
    assert invalid(field, "fotos", [f"{i:064x}" for i in range(7)]) == (
        "Je mag maximaal 6 foto's toevoegen."
    )
    assert invalid(field, "fotos", PHOTO) == "Dit antwoord klopt niet."


def test_signature(catalog) -> None:
    field = sheet(catalog, "kwaliteiten-top3").field("ouder-handtekening")
    assert field.stored_names() == ["ouder-handtekening"]
    assert field.required
    assert field.validate("ouder-handtekening", None) is None
    assert field.validate("ouder-handtekening", dict(SIGNED, naam=" Fatima\x00 ")) == dict(
        SIGNED, naam="Fatima"
    )
    assert field.validate("ouder-handtekening", dict(SIGNED, op="2025-03-14T18:30:00Z"))
    assert invalid(field, "ouder-handtekening", dict(SIGNED, naam="  ")) == (
        "Schrijf je naam bij de handtekening."
    )
    assert invalid(field, "ouder-handtekening", dict(SIGNED, naam="x" * 101)).startswith(
        "Dit antwoord is te lang (maximaal 100"
    )
    assert invalid(field, "ouder-handtekening", dict(SIGNED, bevestigd=False)) == (
        "Zet een vinkje om te laten zien dat het klopt."
    )
    assert invalid(field, "ouder-handtekening", dict(SIGNED, bevestigd="true")).startswith("Zet")
    for op in ("2025-03-14", "gisteren", "2025-13-14T10:00:00", "2025-03-14T10:00\n", 17e8):
        assert invalid(field, "ouder-handtekening", dict(SIGNED, op=op)) == (
            "De tijd van de handtekening klopt niet."
        )
    assert invalid(field, "ouder-handtekening", dict(SIGNED, extra=1)) == (
        "Dit antwoord klopt niet."
    )
    assert invalid(field, "ouder-handtekening", "Fatima") == "Dit antwoord klopt niet."


def test_worksheet_validate_unknown_name(catalog) -> None:
    worksheet = sheet(catalog, "kwaliteiten-top3")
    assert invalid(worksheet, "bestaat-niet", "x") == "Dit veld bestaat niet."
    assert invalid(worksheet, "kind-kiest", "dapper") == "Dit veld bestaat niet."
    assert worksheet.validate("kind-kiest.1", "dapper") == "dapper"
    assert worksheet.validate("ouder-rol", "oma") == "oma"


def test_stored_names_are_unique_and_well_formed(catalog) -> None:
    flat = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)*$")
    for worksheet in catalog.worksheets.values():
        names = [
            name
            for section in worksheet.sections
            for field in section.fields
            for name in field.stored_names()
        ]
        assert len(names) == len(set(names)), worksheet.id
        assert all(flat.match(name) for name in names), worksheet.id
        assert list(worksheet.fields()) == names


# ---------------------------------------------------------------------------------------------
# Broken definitions are refused with file and field named


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "worksheets"
    shutil.copytree(PACKAGE, target, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def refused(base: Path) -> str:
    with pytest.raises(DefinitionError) as error:
        load_catalog(base)
    return str(error.value)


def write_sheet(copy: Path, name: str, body: str, *, sheet_id: str | None = None) -> None:
    head = (
        f'id = "{sheet_id or name}"\ntitle = "Test"\nkind = "ervaring"\ngroups = [6]\n'
        'intro = "Test"\n\n[[sections]]\nkey = "deel"\ntitle = "Deel"\n'
    )
    (copy / "definitions" / f"{name}.toml").write_text(head + body, encoding="utf-8")


FIELD_A = '\n[[sections.fields]]\nname = "a"\ntype = "text"\nlabel = "A"\n'


def test_copy_loads_unchanged(copy: Path) -> None:
    write_sheet(copy, "proef", FIELD_A)
    assert "proef" in load_catalog(copy).worksheets


def test_unknown_type(copy: Path) -> None:
    edit(copy / "definitions" / "zelfportret-7.toml", 'type = "scale"', 'type = "stars"')
    assert refused(copy) == (
        "zelfportret-7.toml: sections[1].fields[0] 'stellingen': unknown type 'stars' (known: "
        + ", ".join(FIELD_TYPES)
        + ")"
    )


def test_duplicate_field_name(copy: Path) -> None:
    write_sheet(copy, "proef", FIELD_A + FIELD_A)
    assert refused(copy) == "proef.toml: sections[0].fields[1] 'a': duplicate field name 'a'"


def test_duplicate_field_name_in_a_real_definition(copy: Path) -> None:
    edit(copy / "definitions" / "kwaliteiten-top3.toml", 'name = "verder-met"', 'name = "hulp"')
    message = refused(copy)
    assert message.startswith("kwaliteiten-top3.toml: sections[2].fields[2] 'hulp'")
    assert "duplicate field name 'hulp'" in message


def test_field_clashing_with_the_parent_section(copy: Path) -> None:
    edit(copy / "definitions" / "kwaliteiten-top3.toml", 'name = "hulp"', 'name = "ouder-rol"')
    assert refused(copy) == (
        "kwaliteiten-top3.toml: ouderdeel.toml (parent_part).fields[4] 'ouder-rol': "
        "duplicate field name 'ouder-rol'"
    )


def test_clashing_stored_names(copy: Path) -> None:
    write_sheet(
        copy,
        "proef",
        '\n[[sections.fields]]\nname = "keuze"\ntype = "multichoice"\nlabel = "K"\n'
        'options_from = "richtingen"\nallow_other = true\n'
        '\n[[sections.fields]]\nname = "keuze-anders"\ntype = "text"\nlabel = "A"\n',
    )
    assert "stored name 'keuze-anders' is used twice" in refused(copy)


def test_bad_options_from(copy: Path) -> None:
    edit(
        copy / "definitions" / "school-die-past.toml",
        'options_from = "richtingen"',
        'options_from = "hobbies"',
    )
    message = refused(copy)
    assert message.startswith("school-die-past.toml: sections[1].fields[0] 'richtingen': ")
    assert "unknown options_from 'hobbies'" in message


def test_id_mismatch(copy: Path) -> None:
    write_sheet(copy, "proef", FIELD_A, sheet_id="iets-anders")
    assert refused(copy) == "proef.toml: id: 'iets-anders' must equal the file name 'proef'"


def test_missing_worksheet_in_year_plan(copy: Path) -> None:
    edit(
        copy / "yearplans" / "groep-6.toml",
        'worksheet = "zelfportret-6"',
        'worksheet = "zelfportret-zes"',
    )
    assert refused(copy) == (
        "groep-6.toml: steps[13] 'zelfportret': worksheet 'zelfportret-zes' does not exist"
    )


def test_year_plan_worksheet_for_another_group(copy: Path) -> None:
    edit(
        copy / "yearplans" / "groep-6.toml",
        'worksheet = "zelfportret-6"',
        'worksheet = "zelfportret-8"',
    )
    assert "worksheet 'zelfportret-8' is not for group 6" in refused(copy)


def test_ranking_from_non_card_fields(copy: Path) -> None:
    edit(
        copy / "definitions" / "kwaliteiten-top3.toml",
        'from_fields = ["kind-kiest", "ouder-kiest"]',
        'from_fields = ["kind-kiest", "hulp"]',
    )
    assert refused(copy) == (
        "kwaliteiten-top3.toml: sections[1].fields[0] 'top-3': "
        "from_fields 'hulp' is not a cards field of this worksheet"
    )


def test_groups_outside_6_to_8(copy: Path) -> None:
    edit(copy / "definitions" / "samen-doen.toml", "groups = [6, 7, 8]", "groups = [5, 6]")
    assert refused(copy) == (
        "samen-doen.toml: groups: [5, 6] must be a non-empty list of groups 6, 7 and/or 8"
    )


def test_missing_label(copy: Path) -> None:
    write_sheet(copy, "proef", '\n[[sections.fields]]\nname = "a"\ntype = "text"\n')
    assert refused(copy) == "proef.toml: sections[0].fields[0] 'a': missing label"


def test_bad_field_name(copy: Path) -> None:
    write_sheet(copy, "proef", '\n[[sections.fields]]\nname = "Naam"\ntype = "text"\nlabel = "N"\n')
    assert "proef.toml: sections[0].fields[0]: field name 'Naam'" in refused(copy)


def test_unknown_key_is_a_typo(copy: Path) -> None:
    write_sheet(copy, "proef", FIELD_A + 'placeholder = "Typ hier"\n')
    assert refused(copy) == "proef.toml: sections[0].fields[0] 'a': unknown key 'placeholder'"


def test_unknown_kind(copy: Path) -> None:
    edit(copy / "definitions" / "samen-doen.toml", 'kind = "samen-doen"', 'kind = "spel"')
    assert refused(copy).startswith("samen-doen.toml: kind 'spel' must be one of")


def test_bad_who(copy: Path) -> None:
    edit(copy / "definitions" / "kwaliteiten-top3.toml", 'who = "parent"', 'who = "juf"')
    assert refused(copy).startswith(
        "kwaliteiten-top3.toml: sections[0].fields[1] 'ouder-kiest': who 'juf' must be one of"
    )


def test_invalid_toml(copy: Path) -> None:
    (copy / "definitions" / "proef.toml").write_text('id = "proef\n', encoding="utf-8")
    assert refused(copy).startswith("proef.toml: invalid TOML")


def test_broken_content_list(copy: Path) -> None:
    edit(copy / "content" / "kwaliteiten.toml", 'key = "sterk"', 'key = "betrouwbaar"')
    assert refused(copy) == "kwaliteiten.toml: duplicate key 'betrouwbaar'"
    edit(copy / "content" / "kwaliteiten.toml", 'key = "betrouwbaar"', 'key = "Sterk"')
    assert refused(copy).startswith("kwaliteiten.toml: cards[0]: key 'Sterk'")


def test_bad_year_plan_month_and_type(copy: Path) -> None:
    edit(copy / "yearplans" / "groep-7.toml", "month = 9", "month = 13")
    assert refused(copy) == (
        "groep-7.toml: steps[0] 'startgesprek': 'month' must be a whole number from 1 to 12"
    )


def test_parent_questions_need_parent_part(copy: Path) -> None:
    edit(copy / "definitions" / "school-die-past.toml", "parent_part = true", "parent_part = false")
    assert refused(copy) == (
        "school-die-past.toml: parent_questions: only allowed with parent_part = true"
    )
