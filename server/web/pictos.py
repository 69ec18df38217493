"""Pictograms: Tabler Icons (MIT, templates/pictos/LICENSE), vendored as one SVG per name.

They are drawn inline into the page, so they need no emoji font (which some Chromebooks and
older Androids lack), no extra request and nothing more in the service worker's cache.
Content data names them (``icon = "bike"`` in server/worksheets/content/); pages call
``{{ picto("bike") }}``, and scripts that build markup clone them from
``{{ picto_templates([...]) }}`` (pwa/js/pictos.js).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from markupsafe import Markup, escape

PICTO_DIR = Path(__file__).resolve().parents[2] / "templates" / "pictos"


@cache
def names() -> frozenset[str]:
    return frozenset(p.stem for p in PICTO_DIR.glob("*.svg"))


@cache
def _shapes(name: str) -> str:
    """The drawing inside the file's <svg> element (paths, circles...)."""
    if name not in names():
        raise KeyError(f"no pictogram named {name!r} in {PICTO_DIR}")
    svg = (PICTO_DIR / f"{name}.svg").read_text(encoding="utf-8")
    match = re.search(r"<svg[^>]*>(.*)</svg>", svg, re.S)
    assert match, f"{name}.svg is not an SVG"
    return match.group(1).strip()


def picto(name: str, label: str = "", cls: str = "") -> Markup:
    """An inline pictogram; hidden from screen readers unless it carries a ``label``."""
    a11y = f'role="img" aria-label="{escape(label)}"' if label else 'aria-hidden="true"'
    classes = f"picto {cls}".strip()
    return Markup(
        f'<svg class="{classes}" viewBox="0 0 24 24" {a11y} focusable="false">{_shapes(name)}</svg>'
    )


def picto_templates(wanted: list[str] | set[str] | tuple[str, ...]) -> Markup:
    """The pictograms a script needs, once each, in a <template> it clones from."""
    inner = "".join(
        f'<svg data-picto="{n}" class="picto" viewBox="0 0 24 24" aria-hidden="true" '
        f'focusable="false">{_shapes(n)}</svg>'
        for n in sorted(set(wanted))
    )
    return Markup(f'<template id="pictos">{inner}</template>')
