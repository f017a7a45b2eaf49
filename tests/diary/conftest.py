"""A B12_HOME with the fixture food index and an empty diary, for CLI tests of the diary."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.foods.conftest import fixture_data, fixture_home  # noqa: F401 (fixtures)


@pytest.fixture
def home(tmp_path: Path, fixture_home: Path) -> Path:  # noqa: F811
    """A fresh home for each test, with a copy of the fixture food index."""
    target = tmp_path / "home"
    target.mkdir()
    shutil.copy(fixture_home / "foods.sqlite3", target / "foods.sqlite3")
    return target
