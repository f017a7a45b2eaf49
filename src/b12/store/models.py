"""The diary's tables, as SQLAlchemy 2 declarative models (SQLite and PostgreSQL alike).

Layout: one ``entries`` table holds what every entry has (id, profile, kind, time) and one
table per kind holds that kind's own columns, joined on the id (joined-table inheritance).
Why not one wide table: each kind keeps its NOT NULL columns honest (a food entry must have
grams, a supplement a dose) instead of ~30 nullable columns policed in Python. Why not six
unrelated tables: an entry id is unique across kinds, so ``get``/``delete`` by id need no
kind, and listing a person's diary over a date range is one indexed query on ``entries``
(profile, time) with the kind tables joined in.

Types are chosen to mean the same on both backends: ``Double`` (8-byte float, exact round
trip of Python floats), naive ``DateTime`` holding UTC plus an offset column (see
``timestamps``), ``JSON`` for a lab result's own document and a profile's condition list,
``Text`` rather than length-limited strings (SQLite would not enforce a length anyway).
Nutrient columns are nullable: NULL is "the source did not report it", never 0.

Constraint names follow ``NAMING_CONVENTION`` so future migrations (and SQLite's batch
mode, which rebuilds tables) can refer to them by a name that is the same everywhere.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    Double,
    ForeignKey,
    Index,
    MetaData,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ENTRY_KINDS: tuple[str, ...] = ("food", "supplement", "drink", "cramp", "symptom", "lab")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UserRow(Base):
    """An account of a b12 served beyond this computer (``b12 user add``); none on a
    computer used alone. The password is kept only as its Argon2 hash."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role IN ('user', 'admin')", name="role"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text, unique=True)
    password_hash: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(16))
    created_utc: Mapped[datetime] = mapped_column(DateTime(timezone=False))


class SessionRow(Base):
    """A signed-in browser: the SHA-256 of its cookie's random token (the token itself is
    never stored, so a copy of the database signs no one in), until ``expires_utc``."""

    __tablename__ = "sessions"
    __table_args__ = (Index(None, "user_id"),)

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    created_utc: Mapped[datetime] = mapped_column(DateTime(timezone=False))
    expires_utc: Mapped[datetime] = mapped_column(DateTime(timezone=False))


class ProfileRow(Base):
    """One person; entries belong to exactly one profile and go when it goes.

    ``owner_id`` is the account the profile belongs to, NULL on a computer without accounts.
    Names are unique per owner: one constraint for accounts' profiles and a partial unique
    index for the owner-less ones (a UNIQUE over a NULL column would let names repeat)."""

    __tablename__ = "profiles"
    __table_args__ = (
        UniqueConstraint("owner_id", "name"),
        Index(
            "uq_profiles_local_name",
            "name",
            unique=True,
            sqlite_where=text("owner_id IS NULL"),
            postgresql_where=text("owner_id IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    name: Mapped[str] = mapped_column(Text)
    age: Mapped[float] = mapped_column(Double)
    sex: Mapped[str | None] = mapped_column(String(16))
    pregnant: Mapped[bool]
    breastfeeding: Mapped[bool]
    diet: Mapped[str | None] = mapped_column(String(16))
    conditions: Mapped[list[str]] = mapped_column(JSON)
    reference: Mapped[str] = mapped_column(Text)


class EntryRow(Base):
    """What every diary entry has; the kind tables below hold the rest."""

    __tablename__ = "entries"
    __table_args__ = (
        Index(None, "profile_id", "at_utc"),
        CheckConstraint(f"kind IN ({', '.join(repr(k) for k in ENTRY_KINDS)})", name="kind"),
        # Labs are dated, not timed: they alone have no offset.
        CheckConstraint("(kind = 'lab') = (utc_offset_minutes IS NULL)", name="offset"),
        # Never reuse a deleted entry's id on SQLite (a stale "delete 42" must not hit
        # another entry); PostgreSQL sequences never reuse ids anyway.
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    at_utc: Mapped[datetime] = mapped_column(DateTime(timezone=False))
    utc_offset_minutes: Mapped[int | None] = mapped_column(SmallInteger)

    # Read once by SQLAlchemy's declarative scan, never mutated.
    __mapper_args__ = {"polymorphic_on": "kind", "polymorphic_abstract": True}  # noqa: RUF012


def _entry_id() -> Mapped[int]:
    return mapped_column(ForeignKey("entries.id", ondelete="CASCADE"), primary_key=True)


def _kind(identity: str) -> dict[str, Any]:
    # "inline": a query on EntryRow joins every kind table at once, so listing a mixed
    # diary is one SELECT rather than one per kind.
    return {"polymorphic_identity": identity, "polymorphic_load": "inline"}


class FoodRow(EntryRow):
    __tablename__ = "food_entries"
    __mapper_args__ = _kind("food")

    id: Mapped[int] = _entry_id()
    food_id: Mapped[str] = mapped_column(Text)
    food_name: Mapped[str] = mapped_column(Text)
    amount_text: Mapped[str] = mapped_column(Text)
    grams: Mapped[float] = mapped_column(Double)
    meal: Mapped[str | None] = mapped_column(String(16))
    # One column per code in core.diary.DIARY_NUTRIENTS (a test pins the match).
    nutrient_b12: Mapped[float | None] = mapped_column(Double)
    nutrient_b12_added: Mapped[float | None] = mapped_column(Double)
    nutrient_energy: Mapped[float | None] = mapped_column(Double)
    nutrient_water: Mapped[float | None] = mapped_column(Double)
    nutrient_potassium: Mapped[float | None] = mapped_column(Double)
    nutrient_sodium: Mapped[float | None] = mapped_column(Double)
    nutrient_magnesium: Mapped[float | None] = mapped_column(Double)
    nutrient_calcium: Mapped[float | None] = mapped_column(Double)


class SupplementRow(EntryRow):
    __tablename__ = "supplement_entries"
    __mapper_args__ = _kind("supplement")

    id: Mapped[int] = _entry_id()
    dose_ug: Mapped[float] = mapped_column(Double)
    form: Mapped[str] = mapped_column(Text)
    route: Mapped[str] = mapped_column(String(16))


class DrinkRow(EntryRow):
    __tablename__ = "drink_entries"
    __mapper_args__ = _kind("drink")

    id: Mapped[int] = _entry_id()
    volume_ml: Mapped[float] = mapped_column(Double)
    what: Mapped[str] = mapped_column(Text)


class CrampRow(EntryRow):
    __tablename__ = "cramp_entries"
    __mapper_args__ = _kind("cramp")

    id: Mapped[int] = _entry_id()
    location: Mapped[str] = mapped_column(Text)
    timing: Mapped[str | None] = mapped_column(Text)
    duration_minutes: Mapped[float | None] = mapped_column(Double)
    severity: Mapped[int | None] = mapped_column(SmallInteger)


class SymptomRow(EntryRow):
    __tablename__ = "symptom_entries"
    __mapper_args__ = _kind("symptom")

    id: Mapped[int] = _entry_id()
    symptom: Mapped[str] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)


class LabRow(EntryRow):
    """A lab result: its date, plus the ``LabInput`` document exactly as validated."""

    __tablename__ = "lab_entries"
    __mapper_args__ = _kind("lab")

    id: Mapped[int] = _entry_id()
    taken_on: Mapped[date] = mapped_column(Date)
    lab: Mapped[dict[str, Any]] = mapped_column(JSON)


class MedicineRow(Base):
    """A course of a medicine in a person's record (a period, not a diary entry)."""

    __tablename__ = "medicines"
    __table_args__ = (
        Index(None, "profile_id"),
        CheckConstraint("stopped IS NULL OR started IS NULL OR started <= stopped", name="period"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(Text)
    generic: Mapped[str | None] = mapped_column(Text)
    dose_text: Mapped[str | None] = mapped_column(Text)
    dose_mg_per_day: Mapped[float | None] = mapped_column(Double)
    started: Mapped[date | None] = mapped_column(Date)
    stopped: Mapped[date | None] = mapped_column(Date)
    dose_changed: Mapped[date | None] = mapped_column(Date)
    improved_after_stopping: Mapped[bool | None]
