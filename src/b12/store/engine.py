"""Opening a database URL the same way everywhere (store, migrations, tests).

Two backends are supported: SQLite (the default, a file in ``B12_HOME``) and PostgreSQL
through psycopg 3. SQLite needs two fixes to behave like PostgreSQL:

- foreign keys are off by default, so deleting a profile would leave its entries behind;
  ``PRAGMA foreign_keys=ON`` on every connection turns the cascades on;
- Python's sqlite3 module only opens a transaction before INSERT/UPDATE/DELETE, so reads
  and DDL would run outside it. SQLAlchemy's documented recipe takes over: the driver's
  own BEGIN is switched off and SQLAlchemy emits BEGIN when its transaction starts. Every
  write (and every migration) is then all-or-nothing, as on PostgreSQL.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import ArgumentError

from b12.errors import InputError

SUPPORTED = "sqlite:///PATH or postgresql+psycopg://USER:PASSWORD@HOST/DB"


def parse_url(url: str | URL) -> URL:
    """``url`` as a SQLAlchemy URL of a supported backend (plain ``postgresql://`` uses
    psycopg 3, the driver b12 ships with)."""
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
        return create_engine(parsed)
    database = parsed.database
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(parsed)
    event.listen(engine, "connect", _sqlite_connect)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # no implicit BEGIN by the driver
    dbapi_connection.execute("PRAGMA foreign_keys=ON")


def _sqlite_begin(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN")
