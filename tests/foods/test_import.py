"""Importing the fixture folder: counts, missing values, idempotence, checksums, errors."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from b12.errors import DataMissingError, InputError, NotFoundError
from b12.foods.importer import import_sources
from b12.foods.index import FoodIndex


def _counts(path: Path) -> tuple[int, ...]:
    with sqlite3.connect(path) as conn:
        return tuple(
            conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in ("foods", "nutrient_values", "portions", "sources", "vocab")
        )


def test_import_reports_foods_values_and_portions_per_source(
    tmp_path: Path, fixture_data: Path
) -> None:
    calls: list[str] = []
    statuses = import_sources(
        tmp_path / "i.sqlite3", fixture_data, progress=lambda s, d, t: calls.append(s)
    )
    by_source = {s.source: s for s in statuses}
    assert by_source["sr28"].foods == 18
    assert by_source["sr28"].portions == 47
    assert by_source["fndds"].foods == 14
    assert by_source["fndds"].nutrient_values > 0
    assert by_source["sr28"].files["FOOD_DES.txt"] == _sha(fixture_data / "usda_sr28/FOOD_DES.txt")
    assert {"SR28 nutrient values", "FNDDS portions", "search index"} <= set(calls)


def _sha(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_importing_twice_leaves_the_same_index(tmp_path: Path, fixture_data: Path) -> None:
    path = tmp_path / "i.sqlite3"
    import_sources(path, fixture_data)
    first = _counts(path)
    with FoodIndex(path) as index:
        before = index.get("sr28:13327")
    import_sources(path, fixture_data)
    assert _counts(path) == first
    with FoodIndex(path) as index:
        assert index.get("sr28:13327") == before
        assert [h.id for h in index.search("beef liver")].count("sr28:13327") == 1


def test_reimport_replaces_a_source_and_keeps_the_other(tmp_path: Path, fixture_data: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(fixture_data, data)
    path = tmp_path / "i.sqlite3"
    import_sources(path, data)
    nut = data / "usda_sr28" / "NUT_DATA.txt"
    nut.write_bytes(nut.read_bytes().replace(b"~13327~^~418~^83.13^", b"~13327~^~418~^80.00^"))
    import_sources(path, data, only=["sr28"])
    with FoodIndex(path) as index:
        assert index.get("sr28:13327").nutrients["b12"] == 80.0
        assert index.get("fndds:25110140").nutrients["b12"] == 82.47
        assert {s.source for s in index.status()} == {"sr28", "fndds"}


def test_a_checksum_mismatch_stops_the_import_and_keeps_the_old_index(
    tmp_path: Path, fixture_data: Path
) -> None:
    data = tmp_path / "data"
    shutil.copytree(fixture_data, data)
    path = tmp_path / "i.sqlite3"
    import_sources(path, data)
    before = _counts(path)
    (data / "SHA256SUMS").write_text("0" * 64 + "  usda_sr28/WEIGHT.txt\n")
    with pytest.raises(InputError, match=r"WEIGHT\.txt does not match its checksum"):
        import_sources(path, data)
    assert _counts(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "i.sqlite3"]  # no leftovers


def test_a_reader_keeps_working_while_the_index_is_rebuilt(
    tmp_path: Path, fixture_data: Path
) -> None:
    path = tmp_path / "i.sqlite3"
    import_sources(path, fixture_data, only=["sr28"])
    with FoodIndex(path) as reader:
        import_sources(path, fixture_data)  # replaces every source: a fresh file swapped in
        assert reader.get("sr28:13327").nutrients["b12"] == 83.13  # the old index, intact
    with FoodIndex(path) as fresh:
        assert fresh.get("fndds:25110140").nutrients["b12"] == 82.47


def test_matching_checksums_are_accepted(tmp_path: Path, fixture_data: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(fixture_data, data)
    weight = data / "usda_sr28" / "WEIGHT.txt"
    (data / "SHA256SUMS").write_text(f"{_sha(weight)}  usda_sr28/WEIGHT.txt\n")
    (status, *_) = import_sources(tmp_path / "i.sqlite3", data, only=["sr28"])
    assert status.foods == 18


def test_a_nutrient_the_source_does_not_report_is_none_not_zero(
    fixture_index: FoodIndex,
) -> None:
    jalapeno = fixture_index.get("sr28:11979")
    assert jalapeno.nutrients["b12"] is None
    assert jalapeno.nutrients["energy"] is not None
    assert jalapeno.nutrients["selenium"] is None  # not in the fixture at all
    human_milk = fixture_index.get("fndds:11000000")  # no row in the nutrient workbook
    assert all(v is None for v in human_milk.nutrients.values())
    assert human_milk.portions[0].description == "1 cup"  # the 0 g portion was dropped


def test_fixture_values_match_the_files(fixture_index: FoodIndex) -> None:
    liver = fixture_index.get("sr28:13327")
    assert (liver.nutrients["b12"], liver.nutrients["b12_added"]) == (83.13, 0.0)
    assert liver.per_100g("b12") is not None
    almond = fixture_index.get("fndds:11350020")
    assert (almond.nutrients["b12"], almond.nutrients["b12_added"]) == (0.34, 0.34)
    assert almond.group == "Plant-based milk"


def test_ids_are_case_insensitive_and_unknown_ids_name_themselves(
    fixture_index: FoodIndex,
) -> None:
    assert fixture_index.get("SR28:13327").id == "sr28:13327"
    with pytest.raises(NotFoundError, match="sr28:99999"):
        fixture_index.get("sr28:99999")
    with pytest.raises(NotFoundError, match="ids look like"):
        fixture_index.get("beef liver")


def test_a_missing_index_says_how_to_build_it(tmp_path: Path) -> None:
    with pytest.raises(DataMissingError, match="b12 data import --source DIR"):
        FoodIndex(tmp_path / "nothing.sqlite3")


def test_a_folder_without_sources_is_explained(tmp_path: Path) -> None:
    with pytest.raises(DataMissingError, match="usda_sr28/"):
        import_sources(tmp_path / "i.sqlite3", tmp_path)
    with pytest.raises(InputError, match="not a directory"):
        import_sources(tmp_path / "i.sqlite3", tmp_path / "absent")
    with pytest.raises(InputError, match="unknown source"):
        import_sources(tmp_path / "i.sqlite3", tmp_path, only=["usda"])


def test_the_source_folder_itself_may_be_given(tmp_path: Path, fixture_data: Path) -> None:
    (status,) = import_sources(tmp_path / "i.sqlite3", fixture_data / "usda_sr28")
    assert status.source == "sr28"
