"""Opening a database URL the same way everywhere (store, migrations, tests).

Two backends are supported: SQLite (the default, a file in ``B12_HOME``) and PostgreSQL
through psycopg 3. SQLite needs two fixes to behave like PostgreSQL:

- foreign keys are off by default, so deleting a profile would leave its entries behind;
  ``PRAGMA foreign_keys=ON`` on every connection turns the cascades on;
- Python's sqlite3 module only opens a transaction before INSERT/UPDATE/DELETE, so reads
  and DDL would run outside it. SQLAlchemy's documented recipe takes over: the driver's
  own BEGIN is switched off and SQLAlchemy emits BEGIN when its transaction starts. Every
  write (and every migration) is then all-or-nothing, as on PostgreSQL.

Several writers at once (the web app's threads, a CLI command beside the server) wait their
turn instead of failing: the database runs in WAL mode (readers never block a writer),
every connection waits up to ``BUSY_TIMEOUT_MS`` for a lock, and a write transaction takes
the write lock when it begins (``BEGIN IMMEDIATE``, asked for with the ``immediate``
execution option), so two writers never both read and then deadlock on the upgrade to a
write lock, which SQLite could only resolve by failing one of them at once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import ArgumentError

from b12.errors import InputError
from b12.files import private_file

SUPPORTED = "sqlite:///PATH or postgresql+psycopg://USER:PASSWORD@HOST/DB"
BUSY_TIMEOUT_MS = 10_000  # how long a writer waits for another's lock before giving up


def parse_url(url: str | URL) -> URL:
    """``url`` as a SQLAlchemy URL of a supported backend (plain ``postgresql://`` uses
    psycopg 3, the driver of the ``postgres`` extra)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise InputError(
            f"not a database URL: {url!r}; use {SUPPORTED}", field="database_url"
        ) from None
    backend = parsed.get_backend_name()
    if backend == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    if backend not in ("sqlite", "postgresql"):
        raise InputError(f"unsupported database {backend!r}; use {SUPPORTED}", field="database_url")
    return parsed


def make_engine(url: str | URL) -> Engine:
    """An engine for ``url``; a SQLite file's folder is created if missing."""
    parsed = parse_url(url)
    if parsed.get_backend_name() == "postgresql":
        _require_psycopg()
        return create_engine(parsed)
    database = parsed.database
    if database and database != ":memory:" and not database.startswith("file:"):
        private_file(Path(database).expanduser())  # owner-only before SQLite opens it
    engine = create_engine(parsed)
    event.listen(engine, "connect", _sqlite_connect)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _require_psycopg() -> None:
    """PostgreSQL's driver is an optional extra (``postgres``), since most diaries live in
    SQLite; without it SQLAlchemy would fail with a bare ModuleNotFoundError."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise InputError(
            "a postgresql:// database needs PostgreSQL's driver, in b12's 'postgres' extra: "
            "pip install 'b12[postgres]' (or uv sync --extra postgres)",
            field="database_url",
        ) from None


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # no implicit BEGIN by the driver
    dbapi_connection.execute("PRAGMA foreign_keys=ON")
    dbapi_connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    if dbapi_connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        dbapi_connection.execute("PRAGMA journal_mode=WAL")  # a property of the file: once


def _sqlite_begin(connection: Connection) -> None:
    immediate = connection.get_execution_options().get("immediate", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
