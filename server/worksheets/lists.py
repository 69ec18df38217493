"""The content lists under ``content/``: quality cards, school levels, statements..."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from server.worksheets.fields import Lists, Option
from server.worksheets.model import CONTENT_LISTS
from server.worksheets.reading import (
    Where,
    check_keys,
    get_slug,
    get_str,
    read_toml,
    tables,
    unique_keys,
)


def _options(
    doc: dict[str, Any],
    array: str,
    where: Where,
    *,
    label: str = "label",
    hint: str = "hint",
    group_title: str = "",
) -> list[Option]:
    """Read a list of items into Options; ``label``/``hint`` name the file's own keys.

    Items of a group carry the group title as hint (they have no hint of their own).
    """
    allowed = {"key", label, "icon"} if group_title else {"key", label, hint, "icon"}
    prefix = f"{where.path}." if where.path else ""
    options = []
    for i, item in enumerate(tables(doc, array, where)):
        here = where.at(f"{prefix}{array}[{i}]")
        check_keys(item, allowed, here)
        key = get_slug(item, "key", here)
        here = here.at(f"{prefix}{array}[{i}] '{key}'")
        options.append(
            Option(
                key=key,
                label=get_str(item, label, here, required=True),
                hint=group_title or get_str(item, hint, here),
                icon=get_str(item, "icon", here),
            )
        )
    return options


def _grouped_options(doc: dict[str, Any], where: Where) -> list[Option]:
    """Flatten ``[[groups]]`` with ``[[groups.items]]``; the group title becomes the hint."""
    check_keys(doc, {"groups"}, where)
    options: list[Option] = []
    group_keys: set[str] = set()
    for i, group in enumerate(tables(doc, "groups", where)):
        here = where.at(f"groups[{i}]")
        check_keys(group, {"key", "title", "items"}, here)
        key = get_slug(group, "key", here)
        here = here.at(f"groups[{i}] '{key}'")
        if key in group_keys:
            here.fail("duplicate group key")
        group_keys.add(key)
        title = get_str(group, "title", here, required=True)
        options += _options(group, "items", here, group_title=title)
    return options


def load_lists(folder: Path) -> Lists:
    """Every content list, each checked for unique keys; with the statements and the scale."""
    content: dict[str, list[Option]] = {}
    spec = {  # list name -> (array in the file, key used as label, key used as hint)
        "kwaliteiten": ("cards", "name", "meaning"),
        "schoolniveaus": ("levels", "name", "description"),
        "richtingen": ("directions", "name", "note"),
        "samen-doen": ("activities", "label", "hint"),
        "interviewvragen": ("questions", "label", "hint"),
    }
    for name in CONTENT_LISTS:
        path = folder / f"{name}.toml"
        doc, where = read_toml(path), Where(path.name)
        if name in spec:
            array, label, hint = spec[name]
            check_keys(doc, {array}, where)
            content[name] = _options(doc, array, where, label=label, hint=hint)
        else:
            content[name] = _grouped_options(doc, where)
        unique_keys(content[name], where)

    path = folder / "stellingen.toml"
    doc, where = read_toml(path), Where(path.name)
    check_keys(doc, {"statements", "scale"}, where)
    statements = _options(doc, "statements", where, label="text")
    scale = _options(doc, "scale", where)
    unique_keys(statements, where)
    unique_keys(scale, where)
    return Lists(
        {name: tuple(options) for name, options in content.items()},
        tuple(statements),
        tuple(scale),
    )
