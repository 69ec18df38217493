"""The demo school's portfolios: three years of realistic, valid content with photos."""

from __future__ import annotations

import shutil
from collections import Counter
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from server import demo, worksheets
from server.demo import SCHOOL_YEAR, DemoLogins, create_demo
from server.demo.writer import DemoContentError
from server.domain import contributions, media, portfolio, school
from server.infra.store import Store
from server.worksheets import load_catalog

FAST_HASH = 2**4
WORKSHEETS = Path(worksheets.__file__).parent
LEVELS = ("niet-zo", "soms", "vaak", "altijd")  # the statements' scale, from low to high


class Demo:
    def __init__(self, store: Store, logins: DemoLogins) -> None:
        self.store, self.logins = store, logins
        with store.school.transaction() as db:
            classes = {c["id"]: c["group"] for c in school.classes(db)}
            self.group = {
                name: classes[school.get_pupil(db, pupil_id)["class_id"]]
                for name, pupil_id in logins.pupil_ids.items()
            }
            self.adults = {
                name: [
                    school.get_adult(db, link["adult_id"])["name"]
                    for link in school.links(db, pupil_id=pupil_id)
                ]
                for name, pupil_id in logins.pupil_ids.items()
            }

    def items(self, name: str) -> list[dict[str, Any]]:
        return portfolio.items(self.store.pupil(self.logins.pupil_ids[name]))

    def all_items(self) -> list[tuple[str, dict[str, Any]]]:
        return [(name, item) for name in self.logins.pupil_ids for item in self.items(name)]

    def pupils_in(self, group: int) -> list[str]:
        return [name for name, g in self.group.items() if g == group]


@pytest.fixture(scope="module")
def school_demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    store = Store(tmp_path_factory.mktemp("demo") / "data")
    return Demo(store, create_demo(store, hash_cost=FAST_HASH))


def school_year_of(group_then: int, group_now: int) -> str:
    start = int(SCHOOL_YEAR[:4]) - (group_now - group_then)
    return f"{start}-{start + 1}"


def statements(item: dict[str, Any]) -> dict[str, str]:
    return {k: v for k, v in item["values"].items() if k.startswith("stellingen.")}


def test_every_group_8_pupil_has_self_portraits_of_groups_6_and_7(school_demo: Demo) -> None:
    catalog = load_catalog()
    names = school_demo.pupils_in(8)
    assert len(names) == 10
    with_portrait_8 = 0
    for name in names:
        by_sheet = {item["worksheet"]: item for item in school_demo.items(name)}
        for group in (6, 7):
            item = by_sheet[f"zelfportret-{group}"]
            assert item["group"] == group
            assert len(statements(item)) == len(catalog.statements), name
            assert set(statements(item).values()) <= set(LEVELS) == {o.key for o in catalog.scale}
            assert item["values"]["naam"] == name
            assert item["values"]["droom"]
        assert "kwaliteiten-top3" in by_sheet, name
        assert any(sheet == "ervaring-ministage" for sheet in by_sheet), name
        with_portrait_8 += "zelfportret-8" in by_sheet
    assert 3 <= with_portrait_8 <= 7  # about half started or finished this year's


def test_statements_mostly_stay_or_grow(school_demo: Demo) -> None:
    steps: Counter[int] = Counter()
    order = {level: i for i, level in enumerate(LEVELS)}
    for name in school_demo.pupils_in(8):
        by_sheet = {item["worksheet"]: item for item in school_demo.items(name)}
        before, after = statements(by_sheet["zelfportret-6"]), statements(by_sheet["zelfportret-7"])
        for key, level in before.items():
            steps[order[after[key]] - order[level]] += 1
    assert steps[0] > steps[1] > steps[-1] > 0  # mostly the same, often up, sometimes down


def test_items_of_earlier_years_carry_their_group_school_year_and_dates(school_demo: Demo) -> None:
    catalog = load_catalog()
    earlier = 0
    for name, item in school_demo.all_items():
        group_now = school_demo.group[name]
        assert item["group"] in catalog.worksheets[item["worksheet"]].groups
        assert item["group"] <= group_now
        assert item["school_year"] == school_year_of(item["group"], group_now)
        if item["group"] < group_now:
            earlier += 1
            start = int(item["school_year"][:4])
            history = portfolio.history(school_demo.store.pupil(school_demo.logins.pupil_ids[name]))
            stamps = [item["created_at"]] + [h["at"] for h in history if h["item_id"] == item["id"]]
            for stamp in stamps:
                assert f"{start}-08-01" <= stamp < f"{start + 1}-08-01", (name, item["worksheet"])
    assert earlier >= 40


def test_values_went_through_set_ops_with_revisions(school_demo: Demo) -> None:
    rewritten = 0
    for name in school_demo.pupils_in(8):
        database = school_demo.store.pupil(school_demo.logins.pupil_ids[name])
        history = portfolio.history(database)
        for item in portfolio.items(database):
            fields = {
                h["field"]
                for h in history
                if h["item_id"] == item["id"] and h["kind"] != "parent"  # the adult's own part
            }
            assert set(item["values"]) - {"_status", "_shared", "_title"} <= fields
            assert set(item["revs"]) == fields
        per_field = Counter((h["item_id"], h["field"]) for h in history)
        rewritten += sum(1 for n in per_field.values() if n > 1)
    assert rewritten >= 3  # some answers were improved later: a realistic history


def test_no_operation_was_refused(school_demo: Demo) -> None:
    for name in school_demo.logins.pupil_ids:
        database = school_demo.store.pupil(school_demo.logins.pupil_ids[name])
        with database.transaction() as db:
            results = [doc["result"] for doc in db.table("ops").all()]
        assert all(result["status"] == "applied" for result in results), name


def test_ministage_photos_are_reencoded_derivatives_without_exif(school_demo: Demo) -> None:
    photos = []
    for name, item in school_demo.all_items():
        for media_id in item["values"].get("fotos", []):
            photos.append((name, item["worksheet"], media_id))
    assert 10 <= len(photos) <= 15
    assert any(sheet == "ervaring-ministage" for _, sheet, _ in photos)
    for name, _, media_id in photos:
        pupil_id = school_demo.logins.pupil_ids[name]
        assert media.exists(school_demo.store, pupil_id, media_id)
        for size in media.SIZES:
            data = media.path_for(school_demo.store, pupil_id, media_id, size).read_bytes()
            assert b"EXIF" not in data and b"Exif" not in data and b"XMP" not in data
            with Image.open(BytesIO(data)) as im:
                assert im.format == "WEBP"
                assert not im.getexif()
                assert "exif" not in im.info and "xmp" not in im.info
                # Half of the photos were stored sideways with an EXIF orientation: upright now.
                assert im.width > im.height


def test_a_mix_of_shared_and_done(school_demo: Demo) -> None:
    mix = Counter(
        (item["values"]["_status"], item["values"]["_shared"])
        for _, item in school_demo.all_items()
    )
    for combination in (("klaar", True), ("klaar", False), ("bezig", True), ("bezig", False)):
        assert mix[combination] >= 3, combination


def test_home_assignments_are_signed_by_the_linked_adult(school_demo: Demo) -> None:
    """The parent's part is the adult's own document, never among the pupil's values."""
    signed = 0
    for name, item in school_demo.all_items():
        assert not any(field.startswith("ouder-") for field in item["values"]), item["id"]
        database = school_demo.store.pupil(school_demo.logins.pupil_ids[name])
        for part in contributions.parts(database, item["id"]):
            signature = part["values"].get("ouder-handtekening")
            if signature:
                signed += 1
                assert part["adult_name"] == signature["naam"] in school_demo.adults[name]
                assert signature["op"][:4] in item["school_year"]
                assert part["signed_at"] == signature["op"]
    assert signed >= 20


def test_group_6_has_only_just_started(school_demo: Demo) -> None:
    for name in school_demo.pupils_in(6):
        for item in school_demo.items(name):
            assert item["school_year"] == SCHOOL_YEAR
            if item["worksheet"] == "kwaliteiten-top3":
                assert item["values"]["_status"] == "bezig"
                assert "kind-kiest.1" in item["values"]
                assert "ouder-kiest.1" not in item["values"]
                assert "ouder-handtekening" not in item["values"]


def test_kofi_and_bilal_are_nearly_empty(school_demo: Demo) -> None:
    assert school_demo.adults["Kofi Mensah"] == []
    assert len(school_demo.items("Kofi Mensah")) <= 1
    assert school_demo.items("Bilal Hassan") == []
    assert len(school_demo.items("Luuk Smit")) <= 1


def test_the_content_is_deterministic(school_demo: Demo, tmp_path: Path) -> None:
    store = Store(tmp_path / "again")
    again = Demo(store, create_demo(store, hash_cost=FAST_HASH))

    def content(d: Demo) -> dict[str, list[tuple[str, int, str, dict[str, Any]]]]:
        return {
            name: sorted(
                (i["worksheet"], i["group"], i["school_year"], i["values"]) for i in d.items(name)
            )
            for name in d.logins.pupil_ids
        }

    assert content(again) == content(school_demo)


def test_a_changed_definition_breaks_the_demo_loudly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "worksheets"
    for folder in ("content", "definitions", "yearplans"):
        shutil.copytree(WORKSHEETS / folder, copy / folder)
    sheet = copy / "definitions" / "ervaring-ministage.toml"
    sheet.write_text(sheet.read_text(encoding="utf-8").replace('"quizvraag"', '"quiz"'), "utf-8")
    monkeypatch.setattr(demo, "load_catalog", lambda: load_catalog(copy))
    with pytest.raises(DemoContentError, match=r"ervaring-ministage field 'quizvraag'"):
        create_demo(Store(tmp_path / "data"), hash_cost=FAST_HASH)
