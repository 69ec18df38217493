"""The demo content is data: one TOML file per demo pupil, shipped with the package."""

from __future__ import annotations

import re
import tomllib
from datetime import datetime

from server.demo import PUPILS
from server.demo.writer import ITEM_KEYS
from server.demo.writer import PUPILS as PUPIL_FILES
from server.worksheets import load_catalog


def files() -> dict[str, dict]:
    out = {}
    for path in sorted(PUPIL_FILES.glob("*.toml")):
        with path.open("rb") as f:
            out[path.name] = tomllib.load(f)
    return out


def test_one_file_per_demo_pupil() -> None:
    names = [f"{first} {last}" for pupils in PUPILS.values() for first, last, _ in pupils]
    content = files()
    assert sorted(data["pupil"] for data in content.values()) == sorted(names)
    for name, data in content.items():
        assert re.fullmatch(r"[a-z]+(-[a-z]+)+\.toml", name), name
        assert name.split("-")[0] == data["pupil"].split(" ")[0].lower()


def test_items_name_a_worksheet_and_a_moment() -> None:
    catalog = load_catalog()
    count = 0
    for name, data in files().items():
        assert set(data) <= {"pupil", "items"}, name
        for item in data.get("items", []):
            count += 1
            assert set(item) <= ITEM_KEYS, (name, item)
            assert item["worksheet"] in catalog.worksheets, name
            assert isinstance(item["written"], datetime) and item["written"].tzinfo, name
            assert item.get("values"), (name, item["worksheet"])
    assert count >= 120
