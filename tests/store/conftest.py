"""Every store test runs on both backends: a fresh SQLite file and a fresh PostgreSQL schema.

PostgreSQL comes from ``B12_TEST_DATABASE_URL`` (CI starts one with ``.ci/postgres.sh``).
Without it the PostgreSQL half skips, unless ``B12_REQUIRE_POSTGRES=1``: then it fails, so
CI can never pass by silently skipping. A URL that is set but does not answer always fails.

PostgreSQL databases are schemas with a random name, reached through the connection's
``search_path`` (so the store's code is unaware of them) and dropped afterwards: runs leave
the test database as they found it and can repeat. Migration tests get a new empty schema
(or SQLite file) each; the others share one migrated schema per session, emptied before
each test, and a copy of one migrated SQLite file, which keeps the suite fast.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url

from b12.store import DiaryStore, upgrade_to_head
from b12.store.models import EntryRow

BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def pg_server_url() -> str:
    """The PostgreSQL test database, checked to answer (skip or fail as described above)."""
    url = os.environ.get("B12_TEST_DATABASE_URL")
    if not url:
        if os.environ.get("B12_REQUIRE_POSTGRES") == "1":
            pytest.fail("B12_REQUIRE_POSTGRES=1 but B12_TEST_DATABASE_URL is not set")
        pytest.skip("PostgreSQL tests need B12_TEST_DATABASE_URL (see .ci/postgres.sh)")
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:
        pytest.fail(f"B12_TEST_DATABASE_URL is set but PostgreSQL does not answer: {exc}")
    finally:
        engine.dispose()
    return url


@contextmanager
def pg_schema(server_url: str) -> Iterator[str]:
    """A URL whose connections use a new, empty schema; the schema is dropped afterwards."""
    schema = f"b12_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = make_url(server_url).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def new_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[str], str]]:
    """A factory of URLs of empty databases on a backend ("sqlite" / "postgresql"),
    all removed at the end of the test."""
    with ExitStack() as cleanup:

        def make(backend: str) -> str:
            if backend == "sqlite":
                return f"sqlite:///{tmp_path / f'diary-{uuid.uuid4().hex[:8]}.sqlite3'}"
            return cleanup.enter_context(pg_schema(request.getfixturevalue("pg_server_url")))

        yield make


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def empty_url(backend: str, new_db_url: Callable[[str], str]) -> str:
    """The URL of an empty database (no tables), on each backend in turn."""
    return new_db_url(backend)


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated once per session, copied for each test."""
    path = tmp_path_factory.mktemp("template") / "diary.sqlite3"
    upgrade_to_head(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def migrated_pg(pg_server_url: str) -> Iterator[tuple[str, Engine]]:
    """A PostgreSQL schema migrated once per session, emptied before each test (through
    the engine given with it)."""
    with pg_schema(pg_server_url) as url:
        upgrade_to_head(url)
        engine = create_engine(url)
        yield url, engine
        engine.dispose()


@pytest.fixture
def store_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of a migrated database with no data, on each backend in turn."""
    if backend == "sqlite":
        path = tmp_path / "diary.sqlite3"
        shutil.copyfile(request.getfixturevalue("migrated_sqlite"), path)
        return f"sqlite:///{path}"
    url, engine = request.getfixturevalue("migrated_pg")
    with engine.begin() as conn:  # entries go with their profiles (ON DELETE CASCADE)
        conn.execute(text("DELETE FROM profiles"))
        conn.execute(text("DELETE FROM users"))  # sessions go with their accounts
    return str(url)


@pytest.fixture
def store(store_url: str) -> Iterator[DiaryStore]:
    """An open store on a migrated database with no data, on each backend in turn."""
    with DiaryStore(store_url) as opened:
        yield opened


@pytest.fixture
def fail_at_insert() -> Iterator[Callable[[int], None]]:
    """``fail_at_insert(n)``: the n-th entry row inserted from then on raises, after the
    earlier ones were sent to the database, to prove a half-done write is rolled back."""
    inserted: list[object] = []

    def arm(n: int) -> None:
        def boom(_mapper: object, _connection: object, row: object) -> None:
            inserted.append(row)
            if len(inserted) == n:
                raise RuntimeError("the disk is full (simulated)")

        event.listen(EntryRow, "after_insert", boom, propagate=True)
        disarm.append(lambda: event.remove(EntryRow, "after_insert", boom))

    disarm: list[Callable[[], None]] = []
    yield arm
    for undo in disarm:
        undo()
