"""The migration chain: empty to head gives exactly the ORM's schema, on both backends, and
every revision can be undone and redone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from b12.core.diary import DIARY_NUTRIENTS
from b12.errors import B12Error
from b12.store import (
    DiaryStore,
    current_revision,
    downgrade_to_base,
    head_revision,
    upgrade_to_head,
)
from b12.store.document import MODELS
from b12.store.engine import make_engine
from b12.store.migrate import SCRIPT_LOCATION, downgrade, upgrade
from b12.store.models import ENTRY_KINDS, Base, FoodRow
from b12.store.rows import NUTRIENT_COLUMNS, ROW_CLASSES
from b12.store.validate import ENTRY_CLASSES

from . import samples


def schema_differences(url: str) -> list[Any]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return list(compare_metadata(MigrationContext.configure(conn), Base.metadata))
    finally:
        engine.dispose()


def table_names(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_empty_to_head_is_exactly_the_models(empty_url: str) -> None:
    assert current_revision(empty_url) is None
    upgrade_to_head(empty_url)
    assert current_revision(empty_url) == head_revision()
    assert schema_differences(empty_url) == []
    assert table_names(empty_url) == set(Base.metadata.tables) | {"alembic_version"}


def test_the_comparison_would_see_a_difference(empty_url: str) -> None:
    """Guards the test above: a schema that drifted from the models is reported."""
    upgrade_to_head(empty_url)
    engine = make_engine(empty_url)
    with engine.begin() as conn:
        conn.execute(text("DROP INDEX ix_entries_profile_id_at_utc"))
    engine.dispose()
    assert [diff[0] for diff in schema_differences(empty_url)] == ["add_index"]


def test_down_to_base_and_up_again(empty_url: str) -> None:
    upgrade_to_head(empty_url)
    downgrade_to_base(empty_url)
    assert current_revision(empty_url) is None
    assert table_names(empty_url) == {"alembic_version"}
    upgrade_to_head(empty_url)
    assert schema_differences(empty_url) == []


def test_every_revision_steps_down_and_up(empty_url: str) -> None:
    """Walk the whole chain one revision at a time, as a user upgrading b12 would."""
    scripts = ScriptDirectory(str(SCRIPT_LOCATION))
    chain = [rev.revision for rev in reversed(list(scripts.walk_revisions()))]
    assert chain[-1] == head_revision()
    assert len(scripts.get_heads()) == 1, "the migration history must not branch"
    engine = make_engine(empty_url)
    try:
        for revision in chain:
            upgrade(engine, revision)
            assert current_revision(empty_url) == revision
        for revision in [*reversed(chain[:-1]), "base"]:
            downgrade(engine, revision)
            assert current_revision(empty_url) == (None if revision == "base" else revision)
    finally:
        engine.dispose()


def test_opening_a_store_migrates_and_keeps_data(empty_url: str) -> None:
    with DiaryStore(empty_url) as store:
        store.create_profile(samples.profile())
    assert current_revision(empty_url) == head_revision()
    with DiaryStore(empty_url) as store:  # already at head: opens as it is
        assert [p.name for p in store.list_profiles()] == ["Ana"]


def test_a_database_from_a_newer_b12_is_refused_clearly(empty_url: str) -> None:
    upgrade_to_head(empty_url)
    engine = make_engine(empty_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'f00dcafe'"))
    engine.dispose()
    with pytest.raises(B12Error, match=r"revision f00dcafe.*newer b12"):
        DiaryStore(empty_url)


def test_models_cover_every_nutrient_and_kind() -> None:
    """A new code in DIARY_NUTRIENTS or a new kind needs a column/table (and a migration)."""
    assert list(NUTRIENT_COLUMNS) == list(DIARY_NUTRIENTS)
    assert set(NUTRIENT_COLUMNS.values()) <= set(FoodRow.__table__.columns.keys())
    assert tuple(ROW_CLASSES) == tuple(ENTRY_CLASSES) == tuple(MODELS) == ENTRY_KINDS


def test_the_head_constant_is_alembics_head() -> None:
    from b12.store.migrate import HEAD

    assert head_revision() == HEAD


def test_opening_a_diary_at_head_does_not_load_alembic(tmp_path: Path) -> None:
    """Every diary command opens the store: one already at head is read, not migrated, so
    Alembic's import is spared (a fifth of a second of each command)."""
    import subprocess
    import sys

    url = f"sqlite:///{tmp_path / 'd.sqlite3'}"
    code = (
        "import sys\nfrom b12.store.repository import DiaryStore\n"
        f"DiaryStore({url!r}).close()\nprint('alembic' in sys.modules)"
    )
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    again = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert first.stdout.strip() == "True", first.stderr  # the first opening migrates
    assert again.stdout.strip() == "False", again.stderr
