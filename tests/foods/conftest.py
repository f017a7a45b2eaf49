"""Shared fixtures for the food tests.

The hand-made fixture folder is built and imported once per session and always available;
the real USDA files (``B12_DATA_DIR``) are imported once per session, for tests marked
``realdata``, and those tests skip when the files are not there.
"""

from __future__ import annotations

import csv
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import openpyxl  # type: ignore[import-untyped]
import pytest

from b12.config import get_settings
from b12.foods.importer import import_sources
from b12.foods.index import FoodIndex
from b12.foods.model import SourceStatus
from b12.foods.sources import fndds

FIXTURES = Path(__file__).parent / "fixtures"
_BOOKS = (
    ("foods_and_beverages.csv", fndds.FOODS_BOOK, "Food and Beverages"),
    ("nutrient_values.csv", fndds.NUTRIENTS_BOOK, "FNDDS Nutrient Values"),
    ("portions_and_weights.csv", fndds.PORTIONS_BOOK, "Portions and Weights"),
)


def _cell(text: str) -> object:
    """Numbers as Excel numbers (as in the official workbooks), empty as an empty cell."""
    if text == "":
        return None
    try:
        number = float(text)
    except ValueError:
        return text
    return int(number) if number.is_integer() and "." not in text else number


def build_fndds_workbooks(dest: Path) -> None:
    """Write the fixture CSV tables as workbooks in the official At A Glance layout."""
    dest.mkdir(parents=True, exist_ok=True)
    for csv_name, book_name, sheet_name in _BOOKS:
        with (FIXTURES / "fndds" / csv_name).open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        book = openpyxl.Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = sheet_name
        title = "2021-2023 Food and Nutrient Database for Dietary Studies - At A Glance"
        sheet.append([f"{sheet_name}\n{title}"])
        sheet.append([h.replace(" (", "\n(") for h in rows[0]])
        for row in rows[1:]:
            sheet.append([_cell(v) for v in row])
        notes = book.create_sheet("Variable Descriptions")
        notes.append(["Variable", "Description"])
        notes.append(["Food code", "Unique 8-digit identification number"])
        book.save(dest / book_name)


@pytest.fixture(scope="session")
def fixture_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder laid out like ../shared/data, built from tests/foods/fixtures."""
    root = tmp_path_factory.mktemp("fixture-data")
    shutil.copytree(FIXTURES / "usda_sr28", root / "usda_sr28")
    build_fndds_workbooks(root / "usda_fndds_2021_2023")
    return root


@pytest.fixture(scope="session")
def fixture_home(tmp_path_factory: pytest.TempPathFactory, fixture_data: Path) -> Path:
    """A B12_HOME whose food index holds the fixture data (imported once)."""
    home = tmp_path_factory.mktemp("home-fixture")
    import_sources(home / "foods.sqlite3", fixture_data)
    return home


@pytest.fixture(scope="session")
def fixture_index(fixture_home: Path) -> Iterator[FoodIndex]:
    with FoodIndex(fixture_home / "foods.sqlite3") as index:
        yield index


def real_data_dir() -> Path | None:
    """B12_DATA_DIR when it holds both official releases, else None."""
    value = os.environ.get("B12_DATA_DIR")
    if not value:
        return None
    root = Path(value).expanduser()
    needed = [root / "usda_sr28" / "FOOD_DES.txt"] + [
        root / "usda_fndds_2021_2023" / name for name in fndds.REQUIRED
    ]
    return root if all(p.is_file() for p in needed) else None


@pytest.fixture(scope="session")
def real_import(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, list[SourceStatus], list[tuple[str, int, int | None]]]:
    """The real data imported once: (B12_HOME, statuses, progress calls)."""
    data = real_data_dir()
    if data is None:
        if os.environ.get("B12_REQUIRE_DATA") == "1":
            pytest.fail(
                "B12_REQUIRE_DATA=1 but B12_DATA_DIR is unset or lacks the SR28/FNDDS files"
            )
        pytest.skip("B12_DATA_DIR is unset or lacks the SR28/FNDDS files")
    home = tmp_path_factory.mktemp("home-real")
    calls: list[tuple[str, int, int | None]] = []
    statuses = import_sources(
        home / "foods.sqlite3", data, progress=lambda s, d, t: calls.append((s, d, t))
    )
    return home, statuses, calls


@pytest.fixture(scope="session")
def real_home(
    real_import: tuple[Path, list[SourceStatus], list[tuple[str, int, int | None]]],
) -> Path:
    return real_import[0]


@pytest.fixture(scope="session")
def real_index(real_home: Path) -> Iterator[FoodIndex]:
    with FoodIndex(real_home / "foods.sqlite3") as index:
        yield index


@pytest.fixture
def use_home(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Path], None]]:
    """Point B12_HOME (and nothing else) at a folder for CLI tests."""

    def point(home: Path) -> None:
        monkeypatch.setenv("B12_HOME", str(home))
        get_settings.cache_clear()

    yield point
    get_settings.cache_clear()
