"""Year plans: the child's wording beside the teacher's, and steps that know their own items
(issue 12: "klaar" was keyed by worksheet, so any experience marked three steps done)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from server.domain import worksheet_ops
from server.worksheets import Catalog, DefinitionError, load_catalog
from server.worksheets.model import GENERIC_KINDS

PACKAGE = Path(__file__).resolve().parents[2] / "server" / "worksheets"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def item(worksheet: str, group: int, **values: object) -> dict:
    return {"worksheet": worksheet, "group": group, "values": {"_status": "bezig", **values}}


# --- wording ---


@pytest.mark.parametrize("group", [6, 7, 8])
def test_every_step_has_a_child_title_beside_the_teachers(catalog: Catalog, group: int) -> None:
    for step in catalog.yearplans[group].steps:
        assert step.child_title, step.key
        assert step.pupil_title == step.child_title
        assert step.title  # the teacher's wording is kept for the teacher's pages


def test_child_titles_leave_the_teachers_words_out(catalog: Catalog) -> None:
    # The words the issue names as teacher wording on the child's home.
    adult = ("Pre-advies", "Oriëntatie", "Ouderkamer", "VO", "Reflectie", "Voortgangsgesprek")
    child = [s.child_title for plan in catalog.yearplans.values() for s in plan.steps]
    found = [title for title in child for word in adult if word in title]
    assert not found
    teacher = {s.key: s.title for s in catalog.yearplans[7].steps}
    assert teacher["voortgangsgesprek-2"] == "Voortgangsgesprek 2: Pre-adviesgesprek"


# --- each step its own sheet ---


def test_the_three_shared_experience_steps_have_their_own_sheets(catalog: Catalog) -> None:
    own = {
        (6, "verrijkende-activiteiten"): "verrijkende-activiteit",
        (6, "techniekproject"): "techniekproject",
        (8, "open-dagen"): "bezoek-open-dagen",
    }
    for (group, key), sheet_id in own.items():
        step = catalog.yearplans[group].step(key)
        assert step is not None and step.worksheet == sheet_id
        sheet = catalog.worksheets[sheet_id]
        assert sheet.kind == "ervaring" and group in sheet.groups
        assert sheet.template_for == key and catalog.dedicated(sheet_id)
        assert sheet.title_from and sheet.field(sheet.title_from).type == "text"
        assert "Vraag eerst of je foto's mag maken" in sheet.field("fotos").help
    # No step of any plan uses the free experience sheet any more.
    for plan in catalog.yearplans.values():
        assert not [s.key for s in plan.steps if s.worksheet == "ervaring"]


def test_every_template_is_used_by_one_step_of_each_of_its_groups(catalog: Catalog) -> None:
    for sheet in catalog.worksheets.values():
        if not sheet.template_for:
            continue
        for group in sheet.groups:
            plan = catalog.yearplans[group]
            assert plan.step(sheet.template_for) is not None, sheet.id
            assert len([s for s in plan.steps if s.worksheet == sheet.id]) == 1, sheet.id


def test_generic_sheets_are_not_dedicated(catalog: Catalog) -> None:
    assert not catalog.dedicated("ervaring")
    assert not catalog.dedicated("complimenten")
    assert not catalog.dedicated("samen-doen")
    assert catalog.dedicated("zelfportret-8") and catalog.dedicated("school-die-past")
    assert catalog.dedicated("ervaring-ministage")
    assert {catalog.worksheets[w].kind for w in ("ervaring", "complimenten")} <= set(GENERIC_KINDS)


# --- which step an item belongs to ---


def test_a_free_experience_marks_no_step(catalog: Catalog) -> None:
    # Before: any "ervaring" marked Verrijkende activiteiten, Techniekproject and open dagen.
    for group in (6, 7, 8):
        swimming = item("ervaring", group, wat="Zwemles", _status="klaar")
        assert catalog.step_of(swimming) == ""


def test_a_compliment_counts_for_the_quiz_only_when_made_for_it(catalog: Catalog) -> None:
    assert catalog.step_of(item("complimenten", 7)) == ""
    made_for_quiz = item("complimenten", 7, _step="ouder-kindbijeenkomst-quiz")
    assert catalog.step_of(made_for_quiz) == "ouder-kindbijeenkomst-quiz"
    # Two items of one sheet are told apart by the step each was made for.
    assert catalog.step_of(item("samen-doen", 6, _step="ouder-kindbijeenkomst")) == (
        "ouder-kindbijeenkomst"
    )
    assert catalog.step_of(item("samen-doen", 6)) == ""


def test_a_dedicated_sheet_counts_for_its_step_without_a_recorded_step(catalog: Catalog) -> None:
    # Items made before steps were recorded, or from "Maken".
    assert catalog.step_of(item("zelfportret-8", 8)) == "zelfportret"
    assert catalog.step_of(item("ervaring-ministage", 7)) == "reflectie-ministage"
    assert catalog.step_of(item("bezoek-open-dagen", 8)) == "open-dagen"
    assert catalog.step_of(item("techniekproject", 6)) == "techniekproject"
    # A sheet of another group's plan, or a group without a plan: no step.
    assert catalog.step_of(item("ervaring-ministage", 6)) == ""
    assert catalog.step_of(item("ervaring", 5)) == ""


def test_a_recorded_step_of_another_sheet_counts_for_nothing(catalog: Catalog) -> None:
    assert catalog.step_of(item("ervaring", 8, _step="open-dagen")) == ""
    assert catalog.step_of(item("complimenten", 7, _step="no-such-step")) == ""


# --- the step travels with the item, checked strictly ---


def validate(catalog: Catalog, sheet: str, group: int, value: object) -> object:
    check = worksheet_ops.validator(catalog, "pupil")
    return check({"worksheet": sheet, "group": group}, "_step", value)


def test_the_step_of_an_item_is_checked(catalog: Catalog) -> None:
    assert validate(catalog, "complimenten", 7, "ouder-kindbijeenkomst-quiz") == (
        "ouder-kindbijeenkomst-quiz"
    )
    assert validate(catalog, "complimenten", 7, "") == ""
    with pytest.raises(ValueError, match="niet in het jaarplan"):
        validate(catalog, "complimenten", 7, "no-such-step")
    with pytest.raises(ValueError, match="niet in het jaarplan"):
        validate(catalog, "complimenten", 6, "ouder-kindbijeenkomst-quiz")  # a group 7 step
    with pytest.raises(ValueError, match="niet in het jaarplan"):
        validate(catalog, "complimenten", 7, ["ouder-kindbijeenkomst-quiz"])
    with pytest.raises(ValueError, match="ander werkblad"):
        validate(catalog, "ervaring", 8, "open-dagen")


# --- the loader refuses mistakes ---


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


def test_child_title_is_read(copy: Path) -> None:
    edit(copy / "yearplans/groep-6.toml", 'child_title = "Startgesprek: kennismaken"', "")
    plan = load_catalog(copy).yearplans[6]
    start = plan.step("startgesprek")
    assert start is not None and start.child_title == "" and start.pupil_title == "Startgesprek"


def test_title_from_must_name_a_text_field(copy: Path) -> None:
    sheet = copy / "definitions/ervaring-ministage.toml"
    edit(sheet, 'title_from = "waar"', 'title_from = "nergens"')
    assert "ervaring-ministage.toml" in refused(copy) and "no field 'nergens'" in refused(copy)
    edit(sheet, 'title_from = "nergens"', 'title_from = "fotos"')
    assert "must be a text field" in refused(copy)


def test_template_for_must_name_a_step(copy: Path) -> None:
    edit(
        copy / "definitions/techniekproject.toml",
        'template_for = "techniekproject"',
        'template_for = "x"',
    )
    assert "'x' is no step of the year plan of group 6" in refused(copy)


def test_a_template_in_two_steps_is_refused(copy: Path) -> None:
    # Two steps with one template sheet could not tell their items apart.
    edit(
        copy / "yearplans/groep-6.toml",
        'worksheet = "verrijkende-activiteit"',
        'worksheet = "techniekproject"',
    )
    assert "use this sheet in one step" in refused(copy)
