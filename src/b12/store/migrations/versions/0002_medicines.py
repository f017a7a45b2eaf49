"""Medicines: each course of a medicine a person takes or took, with its dates and dose.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02

A table of its own rather than a diary entry kind: a medicine is a period (started,
stopped, dose changed), not an event at one time, and it is edited as one thing.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "medicines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("generic", sa.Text(), nullable=True),
        sa.Column("dose_text", sa.Text(), nullable=True),
        sa.Column("dose_mg_per_day", sa.Double(), nullable=True),
        sa.Column("started", sa.Date(), nullable=True),
        sa.Column("stopped", sa.Date(), nullable=True),
        sa.Column("dose_changed", sa.Date(), nullable=True),
        sa.Column("improved_after_stopping", sa.Boolean(), nullable=True),
        sa.CheckConstraint(
            "stopped IS NULL OR started IS NULL OR started <= stopped",
            name=op.f("ck_medicines_period"),
        ),
        sa.ForeignKeyConstraint(
            ["profile_id"],
            ["profiles.id"],
            name=op.f("fk_medicines_profile_id_profiles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_medicines")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_medicines_profile_id"), "medicines", ["profile_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_medicines_profile_id"), table_name="medicines")
    op.drop_table("medicines")
