"""Alembic environment for the diary database.

b12 runs migrations itself (``b12.store.migrate``), handing over a connection that is
already inside a transaction, so a migration that fails half-way leaves nothing changed
on PostgreSQL and on SQLite alike. Run by the ``alembic`` command instead (to write a new
revision: ``alembic -c src/b12/store/migrations/alembic.ini revision --autogenerate -m
"..."``), it opens ``B12_DATABASE_URL`` the same way b12 does.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from b12.store.models import Base


def run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        # SQLite cannot ALTER most things; batch mode rebuilds the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


def main() -> None:
    if context.is_offline_mode():
        raise SystemExit("b12 migrations run against a database; offline (--sql) is not supported")
    connection = context.config.attributes.get("connection")
    if connection is not None:
        run(connection)
        return
    from b12.config import get_settings
    from b12.store.engine import make_engine

    engine = make_engine(get_settings().database_url)
    try:
        with engine.begin() as conn:
            run(conn)
    finally:
        engine.dispose()


main()
