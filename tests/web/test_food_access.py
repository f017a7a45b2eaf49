"""The web's access to the food index: missing, warmed, reopened after a new import.

Searches are remembered by the open index, so these check that a rebuilt index is never
answered from what the old one remembered.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from b12.errors import DataMissingError
from b12.web.food_access import FoodIndexProvider


def _drop_food(path: Path, food_id: str) -> None:
    """Remove one food from an index file, as a rebuild without it would."""
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO food_fts(food_fts, rowid, head, rest, extra) "
            "SELECT 'delete', pk, head, rest, extra FROM foods WHERE id = ?",
            (food_id,),
        )
        conn.execute("DELETE FROM foods WHERE id = ?", (food_id,))
    conn.close()


def test_a_missing_index_says_how_to_import_and_warming_it_is_harmless(tmp_path: Path) -> None:
    provider = FoodIndexProvider(tmp_path / "foods.sqlite3")
    provider.warm()
    assert not provider.available()
    with pytest.raises(DataMissingError, match="b12 data import"):
        provider.get()


def test_a_rebuilt_index_is_reopened_and_not_answered_from_memory(
    food_home: Path, tmp_path: Path
) -> None:
    path = tmp_path / "foods.sqlite3"
    shutil.copy(food_home / "foods.sqlite3", path)
    provider = FoodIndexProvider(path)
    provider.warm()
    try:
        first = provider.get()
        assert [h.id for h in first.search("jalapeno")] == ["sr28:11979"]
        assert provider.get() is first  # one open index per thread while the file is unchanged

        rebuilt = tmp_path / "rebuilt.sqlite3"
        shutil.copy(path, rebuilt)
        _drop_food(rebuilt, "sr28:11979")
        os.replace(rebuilt, path)  # as an import swaps in its new file

        second = provider.get()
        assert second is not first
        assert second.search("jalapeno") == []
    finally:
        provider.close()
