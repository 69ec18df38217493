"""Server-side SVG of a pupil's self-portrait statements across the years (groep 6 → 7 → 8).

One narrow layout that reads on a 320 px phone as well as in print: each statement on its
own line, under it the four columns (Niet zo → Altijd, the order of the boxes on the sheet)
with a marker per year. Pure functions: no I/O, no web imports. The SVG works offline and
in print, is readable in black and white (every year has its own marker shape and line
dash pattern) and is safe under a strict CSP (no scripts, no style attributes, no external
references).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from html import escape
from itertools import pairwise
from typing import TYPE_CHECKING

from server.infra import dates, i18n

if TYPE_CHECKING:
    pass

# What the picture says, through the catalogue: a parent reads it in their language.
MSG_NO_PORTRAIT = "Nog geen zelfportret ingevuld."
MSG_NO_STATEMENTS = "Nog geen zinnen."
MSG_ONE = "Zelfportret van %(year)s. Er is nog niets om te vergelijken."
MSG_SEVERAL = (
    "Zelfportretten van %(years)s: hoe meer naar rechts, hoe vaker het klopt. "
    "Zinnen omhoog: %(up)s, omlaag: %(down)s, gelijk gebleven: %(same)s."
)
MSG_GROUP = "Groep %(group)s"
MSG_ME = "Zo groei ik"
MSG_CHILD = "Zo groeit %(name)s"
MSG_RIGHT = "Naar rechts: dit klopt vaker"

# The 4-point scale, from least to most: column order left → right.
SCALE: tuple[tuple[str, str], ...] = (
    ("niet-zo", "Niet zo"),
    ("soms", "Soms"),
    ("vaak", "Vaak"),
    ("altijd", "Altijd"),
)
_COLUMN = {key: i for i, (key, _) in enumerate(SCALE)}
_LABEL = dict(SCALE)

# Per year (by index, cycling): dark colour (extra cue only), shape, dash of the incoming line.
# The first year has no incoming line; later years get solid, dashed, dotted, ...
_COLOURS = ("#15c", "#a40", "#111", "#62c", "#075")
_SHAPES = ("circle", "square", "triangle", "diamond", "triangle-down")
_DASHES = ("", "", "7 4", "2 3", "9 3 2 3")

INK = "#111"
MAX_CHARS = 31  # per line of statement text; at most two lines

# Geometry (viewBox units). Narrow on purpose: at 320 px wide the text is ~13 px high.
WIDTH = 320
TEXT_X = 12
COL_X = 12
COL_W = (WIDTH - 2 * COL_X) / 4
TEXT_LINE = 21  # per line of statement text
BAND_H = 46  # the markers' band under the text
ROWS_Y = 132
LANE = 12  # vertical offset between the years within one row

# Characters that are not allowed in XML 1.0.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class Portrait:
    label: str  # e.g. "Groep 6"
    answers: Mapping[str, str] = field(default_factory=dict)  # statement key -> scale key


def _esc(text: str) -> str:
    return escape(_INVALID_XML.sub("", str(text)), quote=True)


def _n(v: float) -> str:
    """Compact, deterministic number formatting."""
    r = round(v, 1)
    return str(int(r)) if r == int(r) else str(r)


def _answer(portrait: Portrait, key: str) -> str:
    """The scale key a portrait gives for a statement, or "" when not (validly) answered."""
    value = portrait.answers.get(key) or ""
    value = str(value).strip().lower()
    return value if value in _COLUMN else ""


def _change(values: Sequence[str]) -> str:
    """Compare the first and the last answered year: "omhoog", "omlaag", "gelijk" or ""."""
    answered = [_COLUMN[v] for v in values if v]
    if len(answered) < 2:
        return ""
    first, last = answered[0], answered[-1]
    return "omhoog" if last > first else "omlaag" if last < first else "gelijk"


def growth_rows(
    statements: Sequence[tuple[str, str]], portraits: Sequence[Portrait]
) -> list[dict[str, object]]:
    """The picture's data as a table: one row per statement, one cell label per portrait."""
    rows: list[dict[str, object]] = []
    for key, text in statements:
        values = [_answer(p, key) for p in portraits]
        rows.append(
            {
                "key": key,
                "text": text,
                "cells": [_LABEL.get(v, "") for v in values],
                "change": _change(values),
            }
        )
    return rows


def year_number(label: str, index: int) -> str:
    """The short year mark for a portrait: the number in its label ("Groep 7" → "7")."""
    m = re.search(r"\d+", label)
    return m.group(0) if m else str(index + 1)


def _wrap(text: str) -> list[str]:
    """Wrap at word boundaries into at most two lines of MAX_CHARS; truncate with "…"."""
    words = " ".join(_INVALID_XML.sub("", text).split()).split(" ")
    lines: list[str] = []
    current = ""
    for word in words:
        while len(word) > MAX_CHARS:  # hard-split very long words
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:MAX_CHARS])
            word = word[MAX_CHARS:]
        if not current:
            current = word
        elif len(current) + 1 + len(word) <= MAX_CHARS:
            current += " " + word
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) > 2:
        lines = [lines[0], lines[1][: MAX_CHARS - 1].rstrip() + "…"]
    return lines or [""]


def _marker(shape: str, x: float, y: float, attrs: str) -> str:
    if shape == "circle":
        return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="6.5"{attrs}/>'
    if shape == "square":
        return f'<rect x="{_n(x - 6)}" y="{_n(y - 6)}" width="12" height="12"{attrs}/>'
    if shape == "triangle":
        pts = ((x, y - 8.5), (x + 8.5, y + 6.5), (x - 8.5, y + 6.5))
    elif shape == "diamond":
        pts = ((x, y - 8), (x + 8, y), (x, y + 8), (x - 8, y))
    else:  # triangle-down
        pts = ((x - 8.5, y - 6.5), (x + 8.5, y - 6.5), (x, y + 8.5))
    points = " ".join(f"{_n(px)},{_n(py)}" for px, py in pts)
    return f'<polygon points="{points}"{attrs}/>'


def _line(x1: float, y1: float, x2: float, y2: float, colour: str, dash: str) -> str:
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" '
        f'stroke="{colour}"{dash_attr}/>'
    )


def column_x(value: str) -> float:
    """Centre x of the column for a scale key."""
    return COL_X + COL_W * _COLUMN[value] + COL_W / 2


def _summary(portraits: Sequence[Portrait], rows: list[dict[str, object]], lang: str) -> str:
    if not portraits:
        return i18n.translate(MSG_NO_PORTRAIT, lang)
    labels = [p.label for p in portraits]
    if len(labels) == 1:
        return i18n.translate(MSG_ONE, lang) % {"year": labels[0]}
    count = {c: sum(1 for r in rows if r["change"] == c) for c in ("omhoog", "omlaag", "gelijk")}
    return i18n.translate(MSG_SEVERAL, lang) % {
        "years": dates.listed(labels, lang),
        "up": count["omhoog"],
        "down": count["omlaag"],
        "same": count["gelijk"],
    }


def _open(pid: str, height: float) -> str:
    """The <svg> element's opening tag (its height is known once the rows are laid out)."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {_n(height)}" '
        f'width="100%" role="img" aria-labelledby="{pid}-title {pid}-desc" '
        f'font-family="system-ui, sans-serif" font-size="16" fill="{INK}" stroke-width="2">'
    )


def _ident(text: str) -> str:
    """A safe XML id prefix."""
    cleaned = re.sub(r"[^A-Za-z0-9_-]", "-", text) or "growth"
    return cleaned if cleaned[0].isalpha() else "g" + cleaned


def growth_svg(
    statements: Sequence[tuple[str, str]],
    portraits: Sequence[Portrait],
    title: str = MSG_ME,
    *,
    id_prefix: str = "growth",
    lang: str = i18n.DEFAULT,
) -> str:
    """Render the statements across the portraits as one complete <svg> element string.

    `id_prefix` keeps the title/desc ids unique when several pictures share a page.
    """
    pid = _ident(id_prefix)
    rows = growth_rows(statements, portraits)
    show_rows = bool(portraits) and bool(statements)
    out: list[str] = [
        _open(pid, 110),
        f'<title id="{pid}-title">{_esc(title)}</title>',
        f'<desc id="{pid}-desc">{_esc(_summary(portraits, rows, lang))}</desc>',
        '<rect width="100%" height="100%" fill="#fff"/>',
        f'<text x="{TEXT_X}" y="32" font-size="20" font-weight="700">{_esc(title)}</text>',
    ]
    if not show_rows:
        message = i18n.translate(MSG_NO_STATEMENTS if portraits else MSG_NO_PORTRAIT, lang)
        out.append(f'<text x="{TEXT_X}" y="76" font-size="16">{_esc(message)}</text>')
        out.append("</svg>")
        return "".join(out)

    n = len(portraits)
    lane = min(LANE, 26 / (n - 1)) if n > 1 else 0
    years = [year_number(p.label, i) for i, p in enumerate(portraits)]

    def style(i: int) -> tuple[str, str, str]:
        return _COLOURS[i % len(_COLOURS)], _SHAPES[i % len(_SHAPES)], _DASHES[i % len(_DASHES)]

    # Legend: (incoming line sample +) marker + label per year, wrapping when full.
    lx, ly = TEXT_X, 60
    out.append('<g stroke="#fff" paint-order="stroke">')
    for i, p in enumerate(portraits):
        colour, shape, dash = style(i)
        label = p.label if len(p.label) <= 24 else p.label[:23] + "…"
        item_w = 46 + 9 * len(label) + 14
        if lx + item_w > WIDTH and lx > TEXT_X:
            lx, ly = TEXT_X, ly + 24
        if i > 0:
            out.append(_line(lx, ly, lx + 26, ly, colour, dash))
        out.append(_marker(shape, lx + 34, ly, f' fill="{colour}" data-year="{_esc(years[i])}"'))
        out.append(f'<text x="{lx + 48}" y="{ly + 5}" stroke="none">{_esc(label)}</text>')
        lx += item_w
    out.append("</g>")
    out.append(
        f'<text x="{TEXT_X}" y="{ly + 30}" font-size="15" fill="#444">'
        f"{_esc(i18n.translate(MSG_RIGHT, lang))}</text>"
    )

    # Rows: the statement's lines, then the band with the markers; heights follow the text.
    wrapped = [_wrap(text) for _, text in statements]
    top = max(ROWS_Y, ly + 72)
    tops = []
    y = top
    for lines in wrapped:
        tops.append(y)
        y += 8 + TEXT_LINE * len(lines) + BAND_H
    bottom = y
    height = bottom + 12

    # Column headers, alternate row shading and guides.
    out.append('<g font-weight="700" text-anchor="middle">')
    for key, label in SCALE:
        label = i18n.translate(label, lang)
        out.append(
            f'<text x="{_n(column_x(key))}" y="{top - 10}" data-value="{key}">{label}</text>'
        )
    out.append("</g>")
    for r in range(0, len(rows), 2):
        y0, y1 = tops[r], tops[r + 1] if r + 1 < len(tops) else bottom
        out.append(
            f'<rect x="4" y="{_n(y0)}" width="{WIDTH - 8}" height="{_n(y1 - y0)}" fill="#f0f2f4"/>'
        )
    out.append('<g stroke="#bbb" stroke-width="1">')
    for x in [COL_X + COL_W * c for c in range(5)]:
        out.append(
            f'<line x1="{_n(x)}" y1="{top}" x2="{_n(x)}" y2="{_n(bottom)}" stroke-dasharray="2 4"/>'
        )
    out.append("</g>")

    for r, ((key, text), row) in enumerate(zip(statements, rows, strict=True)):
        lines = wrapped[r]
        y0 = tops[r]
        cy = y0 + 8 + TEXT_LINE * len(lines) + BAND_H / 2
        out.append(f'<g data-key="{_esc(key)}" data-change="{row["change"]}">')

        # Statement text; the full text as a tooltip when it does not fit on one line.
        if len(lines) == 1:
            out.append(
                f'<text x="{TEXT_X}" y="{_n(y0 + 22)}" font-size="18">{_esc(lines[0])}</text>'
            )
        else:
            tspans = "".join(
                f'<tspan x="{TEXT_X}" y="{_n(y0 + 22 + j * TEXT_LINE)}">{_esc(line)}</tspan>'
                for j, line in enumerate(lines)
            )
            out.append(f'<text font-size="18"><title>{_esc(text)}</title>{tspans}</text>')

        # Marker positions per answered year; each year in its own lane within the band.
        points: list[tuple[int, float, float, str]] = []
        for i, p in enumerate(portraits):
            value = _answer(p, key)
            if value:
                points.append((i, column_x(value), cy + (i - (n - 1) / 2) * lane, value))

        # Lines into each answered year, in that year's colour and dash pattern.
        for (_, x1, y1, _v), (i, x2, y2, _w) in pairwise(points):
            colour, _, dash = style(i)
            out.append(_line(x1, y1, x2, y2, colour, dash))

        # Markers with a white halo (drawn under the fill), then the year of the last marker,
        # on the side away from the incoming line.
        if points:
            out.append('<g stroke="#fff" paint-order="stroke" font-size="15" font-weight="700">')
            for i, x, y, value in points:
                colour, shape, _ = style(i)
                attrs = f' fill="{colour}" data-year="{_esc(years[i])}" data-value="{value}"'
                out.append(_marker(shape, x, y, attrs))
            i, x, y, _ = points[-1]
            left = (len(points) > 1 and points[-2][1] > x) or x > WIDTH - 40
            anchor = ' text-anchor="end"' if left else ""
            out.append(
                f'<text x="{_n(x - 11 if left else x + 11)}" y="{_n(y + 4)}"{anchor} '
                f'stroke-width="4">{_esc(years[i])}</text></g>'
            )
        out.append("</g>")

    out.append("</svg>")
    out[0] = _open(pid, height)
    return "".join(out)
