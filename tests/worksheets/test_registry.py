"""The field-type registry: every type has its class, its template macros and its JS binder,
a definition can only name a registered type, and the package stays small and acyclic."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from server.web.templating import make_env
from server.worksheets import FIELD_TYPES, DefinitionError, Field, FieldType, load_catalog
from server.worksheets.fields import Text, field_type

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "server" / "worksheets"
WORKSHEET_JS = ROOT / "pwa" / "js" / "worksheet.js"


@pytest.fixture(scope="module")
def env():
    return make_env(SimpleNamespace(url=lambda path: "/static/" + path))


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def js_binders() -> set[str]:
    """The keys of the ``binders`` registry object in worksheet.js."""
    source = WORKSHEET_JS.read_text("utf-8")
    body = re.search(r"^const binders = \{\n(.*?)^\};", source, re.S | re.M)
    assert body, "pwa/js/worksheet.js has no 'const binders = { ... };'"
    return set(re.findall(r"^  ([a-z]+)(?:,|:)", body.group(1), re.M))


def test_every_type_has_one_class() -> None:
    assert set(FIELD_TYPES) == set(FieldType.registry)
    for name in FIELD_TYPES:
        kind = field_type(name)
        assert isinstance(kind, FieldType) and kind.name == name
        assert type(kind).clean is not FieldType.clean, f"{name} does not clean its values"
    assert len({type(field_type(name)) for name in FIELD_TYPES}) == len(FIELD_TYPES)


def test_every_type_has_its_macros(env) -> None:
    for name in FIELD_TYPES:
        kind = field_type(name)
        assert (ROOT / "templates" / kind.template).is_file(), kind.template
        module = env.get_template(kind.template).module
        for macro in ("edit", "answer", "blank"):
            assert callable(getattr(module, macro, None)), f"{kind.template} lacks {macro}()"
        # A parent() macro exactly when the parent's form offers the type.
        assert callable(getattr(module, "parent", None)) == kind.parent_form, kind.template


def test_every_type_has_its_js_binder() -> None:
    binders = js_binders()
    assert {field_type(name).binder for name in FIELD_TYPES} <= binders
    assert {"flag", "status"} <= binders  # the worksheet's own switches


def test_every_control_names_a_known_binder(env, catalog) -> None:
    """Each data-kind the edit macros write (also for a type's extra boxes) has a binder."""
    binders = js_binders()
    page = env.from_string(
        '{% import "worksheets/edit.html" as edit %}'
        "{% for s in ws.sections %}{% for f in s.fields %}{{ edit.field(f) }}{% endfor %}"
        "{% endfor %}"
    )
    seen: set[str] = set()
    for ws in catalog.worksheets.values():
        html = page.render(ws=ws)
        kinds = re.findall(r'data-kind="([^"]*)"', html)
        assert len(kinds) == len(re.findall(r"data-name=", html)), ws.id
        seen.update(kinds)
    assert seen <= binders
    types_used = {f.type for ws in catalog.worksheets.values() for f in ws.fields().values()}
    assert {field_type(name).binder for name in types_used} <= seen


def test_a_subclass_is_a_new_type() -> None:
    try:

        class Colour(FieldType):
            name = "test-colour"

            def clean(self, field: Field, stored_name: str, value: object) -> object:
                return str(value).lower()

        field = Field(name="kleur", type="test-colour", label="Kleur")
        assert field.kind is FieldType.registry["test-colour"]
        assert field.stored_names() == ["kleur"]
        assert field.validate("kleur", "ROOD") == "rood"
        assert field.kind.template == "worksheets/fields/test-colour.html"
        with pytest.raises(TypeError, match="defined twice"):

            class Again(Text):
                name = "test-colour"

    finally:
        FieldType.registry.pop("test-colour", None)


def test_a_field_of_no_type_cannot_be_made() -> None:
    with pytest.raises(ValueError, match="unknown field type 'stars'"):
        Field(name="a", type="stars", label="A")


# --- definitions name only registered types ---------------------------------------------


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "worksheets"
    for folder in ("content", "definitions", "yearplans"):
        shutil.copytree(PACKAGE / folder, target / folder)
    return target


def write_sheet(copy: Path, fields: str) -> None:
    head = (
        'id = "proef"\ntitle = "Test"\nkind = "ervaring"\ngroups = [6]\nintro = "Test"\n\n'
        '[[sections]]\nkey = "deel"\ntitle = "Deel"\n'
    )
    (copy / "definitions" / "proef.toml").write_text(head + fields, encoding="utf-8")


def refused(base: Path) -> str:
    with pytest.raises(DefinitionError) as error:
        load_catalog(base)
    return str(error.value)


@pytest.mark.parametrize("value", ['"Text"', "3", '["text"]', '""'])
def test_unknown_type_is_refused_naming_the_file(copy: Path, value: str) -> None:
    write_sheet(copy, f'[[sections.fields]]\nname = "a"\ntype = {value}\nlabel = "A"\n')
    message = refused(copy)
    assert message.startswith("proef.toml: sections[0].fields[0] 'a': unknown type ")
    assert message.endswith(f"(known: {', '.join(FIELD_TYPES)})")


def test_missing_type_is_refused(copy: Path) -> None:
    write_sheet(copy, '[[sections.fields]]\nname = "a"\nlabel = "A"\n')
    assert "proef.toml: sections[0].fields[0] 'a': unknown type 'None'" in refused(copy)


def test_a_key_of_another_type_is_refused(copy: Path) -> None:
    write_sheet(copy, '[[sections.fields]]\nname = "a"\ntype = "date"\nlabel = "A"\ncount = 2\n')
    assert refused(copy) == "proef.toml: sections[0].fields[0] 'a': unknown key 'count'"


@pytest.mark.parametrize("name", [n for n in FIELD_TYPES if not field_type(n).parent_form])
def test_parent_cannot_be_given_a_type_their_form_lacks(copy: Path, name: str) -> None:
    extra = {  # what the type needs besides, so that 'who' is the only problem
        "scale": 'statements_from = "stellingen"\n',
        "people": '[[sections.fields.columns]]\nkey = "naam"\nlabel = "Naam"\n',
    }.get(name, "")
    write_sheet(
        copy,
        f'[[sections.fields]]\nname = "a"\ntype = "{name}"\nlabel = "A"\nwho = "parent"\n' + extra,
    )
    assert refused(copy) == (
        f"proef.toml: sections[0].fields[0] 'a': a parent cannot fill in a {name} field"
        " (who = 'parent')"
    )


@pytest.mark.parametrize("name", [n for n in FIELD_TYPES if field_type(n).parent_form])
def test_parent_may_be_given_a_type_their_form_has(copy: Path, name: str) -> None:
    extra = {
        "choice": 'options_from = "schoolniveaus"\n',
        "multichoice": 'options_from = "schoolniveaus"\n',
        "cards": 'options_from = "kwaliteiten"\n',
    }.get(name, "")
    write_sheet(
        copy,
        f'[[sections.fields]]\nname = "a"\ntype = "{name}"\nlabel = "A"\nwho = "parent"\n' + extra,
    )
    assert load_catalog(copy).worksheets["proef"].field("a").writer == "parent"
