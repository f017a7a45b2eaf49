"""Schema migrations through Alembic's Python API, with the scripts packaged inside b12.

The store only ever reaches its schema by migrating (never ``create_all``), so a database
made by an old b12 and one made today go through the same revisions and end up identical;
a test checks that head matches the ORM models on both backends.

Each run is one transaction (PostgreSQL and SQLite both have transactional DDL): a
failing revision leaves the database as it was. On SQLite, foreign keys are switched off
for the run, as SQLite's own procedure for schema changes asks, because batch migrations
rebuild tables by DROP and copy, and a DROP with foreign keys on would cascade-delete the
diary; ``PRAGMA foreign_key_check`` then refuses to commit a run that broke a reference.

Alembic is imported only when a database needs migrating: opening a diary that is already
at ``HEAD`` (every command but the first after an upgrade of b12) reads the one row of
Alembic's own version table and goes on, which spares every diary command Alembic's
import (about a fifth of a second here). A test checks ``HEAD`` is Alembic's head.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text
from sqlalchemy.engine import URL, Connection

from b12.errors import B12Error
from b12.store.engine import make_engine

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

SCRIPT_LOCATION = Path(__file__).with_name("migrations")
HEAD = "0003"
"""The newest revision in ``migrations/versions`` (a test checks it is Alembic's head)."""
_VERSION_TABLE = "alembic_version"  # Alembic's default, which env.py keeps


def _config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(SCRIPT_LOCATION).replace("%", "%%"))
    config.attributes["connection"] = connection
    return config


@lru_cache(maxsize=1)
def _scripts() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config())


def head_revision() -> str:
    """The newest revision this version of b12 knows."""
    head = _scripts().get_current_head()
    assert head is not None
    return head


def current_revision(url: str | URL) -> str | None:
    """The revision the database at ``url`` is at (None: never migrated, e.g. empty)."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return _stamped_revision(conn)
    finally:
        engine.dispose()


def upgrade_to_head(url: str | URL) -> None:
    """Bring the database at ``url`` to the newest schema (a no-op when it is there)."""
    engine = make_engine(url)
    try:
        upgrade(engine)
    finally:
        engine.dispose()


def downgrade_to_base(url: str | URL) -> None:
    """Undo every revision: drops the diary's tables and everything in them."""
    engine = make_engine(url)
    try:
        downgrade(engine, "base")
    finally:
        engine.dispose()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate through ``engine`` (the store calls this with its own engine on opening).

    A database already at head (every opening but the first after an upgrade of b12) is
    only read: no transaction and no foreign-key scan of the whole diary, which took most
    of the opening time of a 50,000-entry diary."""
    if revision == "head":
        with engine.connect() as conn:
            if _stamped_revision(conn) == HEAD:
                return
    from alembic import command

    with _migrating(engine) as conn:
        if _known_revision(conn) == head_revision() and revision == "head":
            return  # another process got there first
        command.upgrade(_config(conn), revision)


def _stamped_revision(conn: Connection) -> str | None:
    """The revision recorded in the database (None: never migrated), read without Alembic."""
    if not inspect(conn).has_table(_VERSION_TABLE):
        return None
    return conn.execute(text(f"SELECT version_num FROM {_VERSION_TABLE}")).scalar()


def _known_revision(conn: Connection) -> str | None:
    """The database's schema revision; one this b12 does not know is an error that says so."""
    from alembic.util.exc import CommandError

    current = _stamped_revision(conn)
    if current is not None:
        try:
            _scripts().get_revision(current)
        except CommandError:
            raise B12Error(
                f"the diary database is at schema revision {current}, which this version "
                f"of b12 does not know (newest known: {head_revision()}); it was written "
                "by a newer b12, so upgrade b12 to open it"
            ) from None
    return current


def downgrade(engine: Engine, revision: str) -> None:
    """Migrate down to ``revision`` ("base": no tables) through ``engine``."""
    from alembic import command

    with _migrating(engine) as conn:
        command.downgrade(_config(conn), revision)


@contextmanager
def _migrating(engine: Engine) -> Iterator[Connection]:
    """A connection inside one transaction, with SQLite's foreign keys off meanwhile."""
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as conn:
        if sqlite:  # must be set outside a transaction, so on the driver connection
            conn.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
        try:
            with conn.begin():
                yield conn
                if sqlite and conn.exec_driver_sql("PRAGMA foreign_key_check").first():
                    raise B12Error("a migration left broken references; nothing was changed")
        finally:
            if sqlite:
                conn.connection.driver_connection.execute("PRAGMA foreign_keys=ON")  # type: ignore[union-attr]
