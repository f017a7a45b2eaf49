"""Initial diary schema: profiles, entries, and one table per entry kind.

Revision ID: 0001
Revises:
Create Date: 2026-11-23

Written out in full rather than imported from ``b12.store.models``: a revision describes
the schema as it was on that day, and must not change when the models change later.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

NUTRIENTS = ("b12", "b12_added", "energy", "water", "potassium", "sodium", "magnesium", "calcium")


def _entry_id(table: str) -> list[sa.schema.SchemaItem]:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["id"], ["entries.id"], name=op.f(f"fk_{table}_id_entries"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    ]


def upgrade() -> None:
    op.create_table(
        "profiles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("age", sa.Double(), nullable=False),
        sa.Column("sex", sa.String(length=16), nullable=True),
        sa.Column("pregnant", sa.Boolean(), nullable=False),
        sa.Column("breastfeeding", sa.Boolean(), nullable=False),
        sa.Column("diet", sa.String(length=16), nullable=True),
        sa.Column("conditions", sa.JSON(), nullable=False),
        sa.Column("reference", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_profiles")),
        sa.UniqueConstraint("name", name=op.f("uq_profiles_name")),
    )
    op.create_table(
        "entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("at_utc", sa.DateTime(), nullable=False),
        sa.Column("utc_offset_minutes", sa.SmallInteger(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('food', 'supplement', 'drink', 'cramp', 'symptom', 'lab')",
            name=op.f("ck_entries_kind"),
        ),
        sa.CheckConstraint(
            "(kind = 'lab') = (utc_offset_minutes IS NULL)", name=op.f("ck_entries_offset")
        ),
        sa.ForeignKeyConstraint(
            ["profile_id"],
            ["profiles.id"],
            name=op.f("fk_entries_profile_id_profiles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entries")),
        sqlite_autoincrement=True,
    )
    op.create_index(
        op.f("ix_entries_profile_id_at_utc"), "entries", ["profile_id", "at_utc"], unique=False
    )
    op.create_table(
        "food_entries",
        *_entry_id("food_entries"),
        sa.Column("food_id", sa.Text(), nullable=False),
        sa.Column("food_name", sa.Text(), nullable=False),
        sa.Column("amount_text", sa.Text(), nullable=False),
        sa.Column("grams", sa.Double(), nullable=False),
        sa.Column("meal", sa.String(length=16), nullable=True),
        *(sa.Column(f"nutrient_{code}", sa.Double(), nullable=True) for code in NUTRIENTS),
    )
    op.create_table(
        "supplement_entries",
        *_entry_id("supplement_entries"),
        sa.Column("dose_ug", sa.Double(), nullable=False),
        sa.Column("form", sa.Text(), nullable=False),
        sa.Column("route", sa.String(length=16), nullable=False),
    )
    op.create_table(
        "drink_entries",
        *_entry_id("drink_entries"),
        sa.Column("volume_ml", sa.Double(), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
    )
    op.create_table(
        "cramp_entries",
        *_entry_id("cramp_entries"),
        sa.Column("location", sa.Text(), nullable=False),
        sa.Column("timing", sa.Text(), nullable=True),
        sa.Column("duration_minutes", sa.Double(), nullable=True),
        sa.Column("severity", sa.SmallInteger(), nullable=True),
    )
    op.create_table(
        "symptom_entries",
        *_entry_id("symptom_entries"),
        sa.Column("symptom", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
    )
    op.create_table(
        "lab_entries",
        *_entry_id("lab_entries"),
        sa.Column("taken_on", sa.Date(), nullable=False),
        sa.Column("lab", sa.JSON(), nullable=False),
    )


def downgrade() -> None:
    for table in (
        "lab_entries",
        "symptom_entries",
        "cramp_entries",
        "drink_entries",
        "supplement_entries",
        "food_entries",
    ):
        op.drop_table(table)
    op.drop_index(op.f("ix_entries_profile_id_at_utc"), table_name="entries")
    op.drop_table("entries")
    op.drop_table("profiles")
