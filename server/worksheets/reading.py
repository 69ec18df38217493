"""Reading TOML with precise error messages: every problem names the file and the place."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn, Protocol

# Used with fullmatch(): "$" in match() would let a trailing newline through.
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class DefinitionError(Exception):
    """A definition, content or year-plan file is invalid; the message names file and field."""


@dataclass(frozen=True)
class Where:
    """Where in which file we are, to prefix error messages."""

    file: str
    path: str = ""

    def at(self, path: str) -> Where:
        return Where(self.file, path)

    def fail(self, problem: str) -> NoReturn:
        prefix = f"{self.file}: {self.path}" if self.path else self.file
        raise DefinitionError(f"{prefix}: {problem}")


def read_toml(path: Path) -> dict[str, Any]:
    where = Where(path.name)
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        where.fail("file is missing")
    except tomllib.TOMLDecodeError as error:
        where.fail(f"invalid TOML: {error}")


def check_keys(table: dict[str, Any], allowed: Iterable[str], where: Where) -> None:
    # Unknown keys are usually typos ("titel"); silently ignoring them would hide content.
    allowed = set(allowed)
    for key in table:
        if key not in allowed:
            where.fail(f"unknown key '{key}'")


def as_table(value: object, where: Where) -> dict[str, Any]:
    if not isinstance(value, dict):
        where.fail("must be a table")
    return value


def tables(table: dict[str, Any], key: str, where: Where) -> list[dict[str, Any]]:
    value = table.get(key)
    if not isinstance(value, list) or not value:
        where.fail(f"'{key}' must be a non-empty list of tables")
    for i, item in enumerate(value):
        if not isinstance(item, dict):
            where.fail(f"{key}[{i}] must be a table")
    return value


def get_str(table: dict[str, Any], key: str, where: Where, *, required: bool = False) -> str:
    value = table.get(key, "")
    if not isinstance(value, str):
        where.fail(f"'{key}' must be text")
    value = value.strip()
    if required and not value:
        where.fail(f"missing {key}")
    return value


def get_slug(table: dict[str, Any], key: str, where: Where) -> str:
    value = get_str(table, key, where, required=True)
    if not SLUG.fullmatch(value):
        where.fail(f"{key} '{value}' may only hold lowercase letters, digits and '-'")
    return value


def get_bool(table: dict[str, Any], key: str, where: Where) -> bool:
    value = table.get(key, False)
    if not isinstance(value, bool):
        where.fail(f"'{key}' must be true or false")
    return value


def get_int(table: dict[str, Any], key: str, where: Where, lo: int, hi: int, default: int) -> int:
    value = table.get(key, default)
    # bool is an int in Python; "count = true" is a mistake, not 1.
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        where.fail(f"'{key}' must be a whole number from {lo} to {hi}")
    return value


def get_one_of(
    table: dict[str, Any], key: str, allowed: tuple[str, ...], where: Where, default: str
) -> str:
    value = table.get(key, default)
    if value not in allowed:
        where.fail(f"{key} '{value}' must be one of: {', '.join(allowed)}")
    return value


class _Keyed(Protocol):
    @property
    def key(self) -> str: ...


def unique_keys(options: Iterable[_Keyed], where: Where) -> None:
    seen: set[str] = set()
    for option in options:
        if option.key in seen:
            where.fail(f"duplicate key '{option.key}'")
        seen.add(option.key)
