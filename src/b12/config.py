"""Settings, read once from the environment.

Kept in one place so every adapter (CLI, web, importers) agrees on where things live:

- ``B12_DATA_DIR``: folder holding the official USDA/NHANES files to import from
  (``usda_sr28/``, ``usda_fndds_2021_2023/``, ``nhanes/``). Optional.
- ``B12_HOME``: where b12 keeps its own files (food index, diary database). Defaults to the
  platform's user data directory.
- ``B12_CACHE_DIR``: where b12 keeps files it can rebuild (the compiled knowledge base).
  Defaults to the platform's user cache directory.
- ``B12_GUIDELINE``: default guideline profile for lab reading (``nice-ng239``).
- ``B12_DATABASE_URL``: the diary database as a SQLAlchemy URL. Defaults to a SQLite file
  ``diary.sqlite3`` in ``B12_HOME``; a ``postgresql+psycopg://`` URL shares one diary
  between several machines or a web app.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Settings:
    data_dir: Path | None
    home: Path
    cache_dir: Path
    guideline_chosen: str | None
    """``B12_GUIDELINE``, if set."""
    database_url: str

    @property
    def food_index_path(self) -> Path:
        return self.home / "foods.sqlite3"

    @property
    def guideline(self) -> str:
        """The guideline profile in force: ``B12_GUIDELINE``, else the knowledge base's
        default (``default_guideline`` in thresholds.toml, its one home)."""
        if self.guideline_chosen:
            return self.guideline_chosen
        from b12.knowledge import load_knowledge

        return load_knowledge().default_guideline


def _default_home() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("b12", appauthor=False))


def _default_cache_dir() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("b12", appauthor=False))


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings of this process (tests call ``get_settings.cache_clear()`` after
    changing the environment)."""
    data_dir = os.environ.get("B12_DATA_DIR")
    home_env = os.environ.get("B12_HOME")
    home = Path(home_env).expanduser() if home_env else _default_home()
    cache_env = os.environ.get("B12_CACHE_DIR")
    return Settings(
        data_dir=Path(data_dir).expanduser() if data_dir else None,
        home=home,
        cache_dir=Path(cache_env).expanduser() if cache_env else _default_cache_dir(),
        guideline_chosen=os.environ.get("B12_GUIDELINE") or None,
        database_url=os.environ.get("B12_DATABASE_URL") or f"sqlite:///{home / 'diary.sqlite3'}",
    )
