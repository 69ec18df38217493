"""Languages: every catalogue present (English, Turkish, Arabic, Polish, Ukrainian, any a
school adds) covers every Dutch text a parent sees — screens, letters, pushes, the content of
worksheets — parses cleanly, and keeps the placeholders of each text (the language choice:
tests/web/test_language.py).

Run ``python -m tests.infra.test_i18n [LANG]`` to list the msgids that still need a
translation in that language (English when none is named).
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from collections.abc import Iterable
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from server.domain import (
    access_log,
    advice,
    agreements,
    contributions,
    export,
    growth,
    handover,
    planning,
    rounds,
    school,
    school_match,
    shortlist,
    spoken,
    subscriptions,
    vo_schools,
)
from server.guides import load_guides
from server.infra import i18n
from server.web.routes import handover as handover_routes
from server.web.templating import ERRORS
from server.worksheets import load_catalog, messages

ROOT = Path(__file__).resolve().parents[2]

TEMPLATES = ROOT / "templates"
WORKSHEETS = ROOT / "server" / "worksheets"
LOCALE = ROOT / "server" / "infra" / "locale"
EN_PO = LOCALE / "en" / "LC_MESSAGES" / "rugzak.po"
# Every translation present: the tests below run for each one.
LANGS = sorted(po.parent.parent.name for po in LOCALE.glob("*/LC_MESSAGES/rugzak.po"))


def po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / "rugzak.po"


# Pages a parent sees: their own screens, the sign-in pages they use, the frame and errors.
PARENT_TEMPLATES = (
    "base.html",
    "error.html",
    "auth/choose.html",
    "auth/parent_login.html",
    "auth/invitation_code.html",
    "auth/redeem.html",
    "parent/*.html",
    "letters/*.html",
    "print/*.html",
    "export/*.html",
    "handover/*.html",  # the new school's pages of a handover code (their browser's language)
    "teacher/round_slip*.html",  # slips a teacher hands to families
    "worksheets/macros.html",  # a child's worksheet as the parent reads it
    "worksheets/view.html",
    "worksheets/fields/*.html",
)
# Dutch messages that Python code hands to the parent's pages (translated at render time).
PYTHON_MESSAGES = (
    "Te vaak geprobeerd. Wacht een kwartier en probeer het dan opnieuw.",
    "Deze naam of dit wachtwoord klopt niet.",
    "Typ de code van de brief.",
    "Vul uw naam in.",
    "Kies een gebruikersnaam van minstens 3 letters of cijfers.",
    "Kies een wachtwoord van minstens 8 tekens.",
    "De twee wachtwoorden zijn niet hetzelfde.",
    "Deze gebruikersnaam bestaat al. Kies een andere naam.",
)

# _("…") or _('…') with a literal first argument; not part of a longer name (my_func(…)).
_MSGID = re.compile(r"""(?<![\w.])_\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')""")
# InvitationError("…" "…") in school.py and routes: reasons a code cannot be used.
_INVITATION_ERROR = re.compile(r"InvitationError\(\s*((?:\"[^\"]*\"\s*)+)\)")
_PLACEHOLDER = re.compile(r"\{\w*\}|%\(\w+\)[sd]")
SERVER = ROOT / "server"


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def parent_templates() -> list[Path]:
    found: list[Path] = []
    for pattern in PARENT_TEMPLATES:
        found.extend(sorted(TEMPLATES.glob(pattern)))
    return found


def template_msgids(paths: Iterable[Path] | None = None) -> dict[str, str]:
    """Every literal msgid in ``_()`` calls, with where it was first seen."""
    found: dict[str, str] = {}
    for path in paths if paths is not None else parent_templates():
        source = path.read_text(encoding="utf-8")
        for match in _MSGID.finditer(source):
            msgid = _unescape(match.group(1) if match.group(1) is not None else match.group(2))
            line = source.count("\n", 0, match.start()) + 1
            name = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name
            found.setdefault(msgid, f"{name}:{line}")
    return found


def content_msgids() -> dict[str, str]:
    """The data-file texts a parent sees through ``| t``, with where they come from."""
    catalog = load_catalog()
    found: dict[str, str] = {}

    def add(text: str, where: str) -> None:
        if text and text.strip():
            found.setdefault(text, where)

    for name, options in catalog.content.items():  # every list, incl. interviewvragen
        for option in options:
            add(option.label, f"content/{name}.toml {option.key}")
            add(option.hint, f"content/{name}.toml {option.key}")
    for option in (*catalog.statements, *catalog.scale):
        add(option.label, f"content/stellingen.toml {option.key}")
        add(option.hint, f"content/stellingen.toml {option.key}")

    # The parent section as written, and as each worksheet rewords its questions.
    doc = tomllib.loads((WORKSHEETS / "content" / "ouderdeel.toml").read_text("utf-8"))
    add(doc.get("title", ""), "content/ouderdeel.toml")
    add(doc.get("intro", ""), "content/ouderdeel.toml")
    for f in doc.get("fields", []):
        where = f"content/ouderdeel.toml {f['name']}"
        add(f.get("label", ""), where)
        add(f.get("help", ""), where)
        for option in f.get("options", []):
            add(option["label"], where)

    # Every worksheet: a parent sees the shared ones, not only the home assignments.
    for sheet_id, sheet in sorted(catalog.worksheets.items()):
        where = f"definitions/{sheet_id}.toml"
        add(sheet.title, where)
        add(sheet.intro, where)
        for section in sheet.sections:
            add(section.title, f"{where} {section.key}")
            add(section.intro, f"{where} {section.key}")
            for field in section.fields:  # the child's questions too: shown on the parent's page
                here = f"{where} {field.name}"
                add(field.label, here)
                add(field.help, here)
                for option in (*field.columns, *field.options, *field.scale):
                    add(option.label, here)
                    add(option.hint, here)

    for kind in load_guides().kinds.values():  # what a parent reads about a conversation
        add(kind.parent_title, f"server/guides/kinds/{kind.key}.toml")
    for plan in catalog.yearplans.values():
        add(plan.title, f"yearplans/groep-{plan.group}.toml")
        for step in plan.steps:
            add(step.title, f"yearplans/groep-{plan.group}.toml {step.key}")
            add(step.description, f"yearplans/groep-{plan.group}.toml {step.key}")
    return found


def code_msgids() -> dict[str, str]:
    """Dutch messages from Python code that parent pages translate when they show them."""
    found: dict[str, str] = {}
    for title, message in ERRORS.values():
        found.setdefault(title, "server/web/templating.py ERRORS")
        found.setdefault(message, "server/web/templating.py ERRORS")
    for text in PYTHON_MESSAGES:
        found.setdefault(text, "server/web/routes/auth.py")
    for source in (
        ROOT / "server" / "domain" / "school.py",
        ROOT / "server" / "web" / "routes" / "auth.py",
    ):
        for match in _INVITATION_ERROR.finditer(source.read_text("utf-8")):
            text = "".join(re.findall(r'"([^"]*)"', match.group(1)))
            found.setdefault(text, f"{source.relative_to(ROOT)} InvitationError")
    # what a parent is told when something cannot be done
    modules = (messages, contributions, rounds, agreements, advice, shortlist, school_match, growth)
    modules += (handover, handover_routes, spoken)
    for module in modules:
        for name, value in vars(module).items():
            if name.startswith("MSG_") and isinstance(value, str):
                found.setdefault(value, f"{module.__name__}.{name}")
    for label in school.RELATIONS.values():
        found.setdefault(label, "server/domain/school.py RELATIONS")
    for module, tables in (
        (agreements, (agreements.FIELDS, agreements.FACES, agreements.OUTCOMES)),
        (advice, (advice.LEVELS, advice.STEPS, advice.FACTORS, advice.OUTCOMES)),
        (export, (export.SECTIONS,)),
        (access_log, (access_log.WHAT, access_log.WHO)),
        (handover_routes, (handover_routes.GONE,)),
    ):
        for table in tables:
            for label in table.values():  # pages show them through | t
                found.setdefault(label, f"{module.__name__} tables")
    # the words in a school's reasons (school_match.Phrase; DUO's denominations stay Dutch)
    words = [
        *school_match.LEVEL_WORDS.values(),
        "vwo",
        *school_match.CONCEPT_REASONS.values(),
        *school_match.WISH_WORDS.values(),
        *(v.lower() for v in (*vo_schools.PROFILES.values(), *vo_schools.SIZES.values())),
        *(v.lower() for v in vo_schools.CONCEPTS.values()),
    ]
    for word in words:
        found.setdefault(word, "server/domain/school_match.py reasons")
    for text in ("Open dag gepland:", "Niet meer", "Open dag", "Wij gaan"):
        found.setdefault(text, "templates/choosing/macros.html (through t)")
    for label in planning.KINDS.values():  # the kind of a conversation a parent chooses for
        found.setdefault(label, "server/domain/planning.py KINDS")
    for label in subscriptions.EVENTS.values():
        found.setdefault(label, "server/domain/subscriptions.py EVENTS")
    for label in i18n.KNOWN.values():  # the languages, written in their own words: never
        found.pop(label.name, None)  # translated
    return found


def text_msgids(paths: Iterable[Path] | None = None) -> dict[str, str]:
    """Messages said in the reader's language: every ``Text("…")`` in the server's code
    (push messages above all: server/infra/i18n.py), with where it is."""
    found: dict[str, str] = {}
    for path in paths if paths is not None else sorted(SERVER.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            first = node.args[0]
            if name == "Text" and isinstance(first, ast.Constant) and isinstance(first.value, str):
                where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name
                found.setdefault(first.value, f"{where}:{node.lineno}")
    return found


def all_msgids() -> dict[str, str]:
    return {**code_msgids(), **text_msgids(), **content_msgids(), **template_msgids()}


def read_catalogue(path: Path = EN_PO):
    with path.open("rb") as f:
        return read_po(f, locale=path.parent.parent.name)


def missing_translations(lang: str = "en") -> dict[str, str]:
    catalogue = read_catalogue(po_path(lang))
    missing = {}
    for msgid, where in all_msgids().items():
        message = catalogue.get(msgid)
        if message is None or not message.string or message.fuzzy:  # fuzzy: to be checked
            missing[msgid] = where
    return missing


# --- the catalogue ------------------------------------------------------------------------


def test_extraction_finds_the_parent_texts():
    """The helper itself works: it sees templates, content and code messages."""
    msgids = all_msgids()
    assert "Uitloggen" in msgids
    assert "Inloggen voor ouders en verzorgers" in msgids
    assert "Betrouwbaar" in msgids and "je doet wat je hebt afgesproken" in msgids
    assert "Vragen aan de ouder" in msgids
    assert "Deze code is verlopen. Vraag de leerkracht om een nieuwe code." in msgids
    assert len([m for m, w in msgids.items() if w.startswith("content/kwaliteiten")]) == 60


def test_extraction_reads_both_quote_styles(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        """{{ _("Twee \\"woorden\\"") }} {{ _('Een') }} {{ my_('niet') }} {{ x._("ook niet") }}"""
    )
    assert set(template_msgids([page])) == {'Twee "woorden"', "Een"}


def test_extraction_finds_the_push_messages():
    """Push texts are collected too (Text(...), implicit concatenation joined)."""
    msgids = all_msgids()
    assert "Nieuwe thuisopdracht: {title}, klaar op {day}" in msgids
    assert "Open dag van {school}: {day} om {time}" in msgids
    assert "{name} heeft iets gedeeld: {title}" in msgids
    assert (
        "Het gesprek over {name} op {day} om {time} gaat niet door. U kunt een andere tijd kiezen."
        in msgids
    )
    assert "Herinnering: open dag morgen" in msgids  # its label on the Meldingen page


def test_extraction_reads_text_calls(tmp_path):
    code = tmp_path / "code.py"
    code.write_text(
        'Text("Een {x}", x=1)\ni18n.Text("Twee " "delen")\nContext("niet")\nText(name)\n'
    )
    assert set(text_msgids([code])) == {"Een {x}", "Twee delen"}


def test_english_is_there():
    assert "en" in LANGS and sorted(set(LANGS)) == LANGS


@pytest.mark.parametrize("lang", LANGS)
def test_every_parent_text_is_translated(lang):
    missing = missing_translations(lang)
    assert not missing, f"No translation in {lang}/rugzak.po for:\n" + "\n".join(
        f"  {where}: {msgid!r}" for msgid, where in sorted(missing.items(), key=lambda x: x[1])
    )


@pytest.mark.parametrize("lang", LANGS)
def test_catalogue_parses_without_fuzzy_or_duplicate_entries(lang):
    path = po_path(lang)
    text = path.read_text("utf-8")
    msgids = re.findall(r'^msgid "(.*)"$', text, flags=re.M)
    duplicates = {m for m in msgids if m and msgids.count(m) > 1}
    assert not duplicates, f"msgid more than once: {sorted(duplicates)}"
    assert "#, fuzzy" not in text
    catalogue = read_catalogue(path)
    assert catalogue.locale is not None and str(catalogue.locale) == lang
    assert not catalogue.fuzzy
    for message in catalogue:
        if message.id:
            assert not message.fuzzy, message.id
            assert message.string, f"empty translation for {message.id!r}"
            assert message.string.strip() == message.string, message.id


@pytest.mark.parametrize("lang", LANGS)
def test_placeholders_survive_translation(lang):
    wrong = []
    for message in read_catalogue(po_path(lang)):
        if not message.id:
            continue
        before = sorted(_PLACEHOLDER.findall(message.id))
        after = sorted(_PLACEHOLDER.findall(message.string))
        if before != after:
            wrong.append(f"  {message.id!r} → {message.string!r}")
    assert not wrong, f"placeholders differ in {lang}/rugzak.po:\n" + "\n".join(wrong)


def test_placeholder_check_sees_a_changed_name():
    assert sorted(_PLACEHOLDER.findall("Welkom, {name}")) != sorted(
        _PLACEHOLDER.findall("Welcome, {naam}")
    )
    assert _PLACEHOLDER.findall("vanaf %(day)s om %(time)s") == ["%(day)s", "%(time)s"]


def test_compiled_catalogue_translates_at_run_time():
    i18n.activate("en")
    try:
        assert i18n.gettext_("Welkom, {name}").format(name="Marloes") == "Welcome, Marloes"
        assert i18n.gettext_("Uitloggen") == "Sign out"
        assert i18n.gettext_("Betrouwbaar") == "Reliable"
    finally:
        i18n.activate("nl")
    assert i18n.gettext_("Uitloggen") == "Uitloggen"


if __name__ == "__main__":  # list what still needs translating: python -m tests.infra.test_i18n tr
    wanted = sys.argv[1] if len(sys.argv) > 1 else "en"
    if not po_path(wanted).exists():
        sys.exit(f"no catalogue {po_path(wanted).relative_to(ROOT)}: copy the English one")
    for msgid, where in sorted(missing_translations(wanted).items(), key=lambda x: x[1]):
        print(f"{where}\t{msgid}")
