"""Pictograms are vendored SVGs drawn inline: every name the content uses exists, no page
depends on an emoji font, and the page carries what its script clones."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from server.web.pictos import names, picto, picto_templates
from server.worksheets import load_catalog

ROOT = Path(__file__).resolve().parents[2]
# Emoji blocks (pictographs, dingbats, symbols); ✓, ✕ and ☐ are text in common fonts.
EMOJI = re.compile("[\U0001f300-\U0001faff\u2600-\u26ff\u2700-\u27bf\u2b50\ufe0f]")


def test_every_content_icon_is_a_vendored_picto():
    catalog = load_catalog()
    used = {o.icon for options in catalog.content.values() for o in options if o.icon}
    assert used, "the content lists name their pictograms"
    assert used <= names(), sorted(used - names())


@pytest.mark.parametrize("folder", ["templates", "pwa", "server"])
def test_no_emoji_in_what_users_see(folder):
    found = []
    for path in (ROOT / folder).rglob("*"):
        if path.suffix in {".html", ".js", ".py", ".toml", ".css"} and path.is_file():
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if EMOJI.search(re.sub("[☐✓✕]", "", line)):
                    found.append(f"{path.relative_to(ROOT)}:{n}")
    assert not found


def test_picto_is_inline_svg_hidden_or_labelled():
    hidden = str(picto("bike"))
    assert hidden.startswith('<svg class="picto"') and 'aria-hidden="true"' in hidden
    assert "<path" in hidden
    labelled = str(picto("bike", label='Fiets "rood"'))
    assert 'role="img" aria-label="Fiets &#34;rood&#34;"' in labelled
    with pytest.raises(KeyError):
        picto("no-such-picto")


def test_picto_templates_hold_each_name_once():
    html = str(picto_templates(["bike", "bike", "tree"]))
    assert html.count('data-picto="bike"') == 1 and 'data-picto="tree"' in html


def test_licence_is_shipped_with_the_pictos():
    assert "MIT License" in (ROOT / "templates" / "pictos" / "LICENSE").read_text()
