"""Accounts: users, their sign-in sessions, and the owner of each profile.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03

For a b12 served beyond this computer (``b12 user add``). Profiles made before, or on a
computer without accounts, keep ``owner_id`` NULL and are reached as before. A profile
name is now unique per owner instead of in the whole diary, so two accounts may each have
a "me"; the owner-less profiles keep one name each through a partial unique index.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("created_utc", sa.DateTime(timezone=False), nullable=False),
        sa.CheckConstraint("role IN ('user', 'admin')", name=op.f("ck_users_role")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("name", name=op.f("uq_users_name")),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "sessions",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_utc", sa.DateTime(timezone=False), nullable=False),
        sa.Column("expires_utc", sa.DateTime(timezone=False), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_sessions_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_sessions")),
    )
    op.create_index(op.f("ix_sessions_user_id"), "sessions", ["user_id"], unique=False)
    with op.batch_alter_table("profiles") as batch:
        batch.add_column(sa.Column("owner_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_profiles_owner_id_users"), "users", ["owner_id"], ["id"], ondelete="RESTRICT"
        )
        batch.drop_constraint(op.f("uq_profiles_name"), type_="unique")
        batch.create_unique_constraint(op.f("uq_profiles_owner_id_name"), ["owner_id", "name"])
    op.create_index(
        "uq_profiles_local_name",
        "profiles",
        ["name"],
        unique=True,
        sqlite_where=sa.text("owner_id IS NULL"),
        postgresql_where=sa.text("owner_id IS NULL"),
    )


def downgrade() -> None:
    op.drop_index("uq_profiles_local_name", table_name="profiles")
    with op.batch_alter_table("profiles") as batch:
        batch.drop_constraint(op.f("uq_profiles_owner_id_name"), type_="unique")
        batch.drop_constraint(op.f("fk_profiles_owner_id_users"), type_="foreignkey")
        batch.drop_column("owner_id")
        batch.create_unique_constraint(op.f("uq_profiles_name"), ["name"])
    op.drop_index(op.f("ix_sessions_user_id"), table_name="sessions")
    op.drop_table("sessions")
    op.drop_table("users")
