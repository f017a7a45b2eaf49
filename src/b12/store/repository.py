"""The diary as the rest of the app uses it: ``DiaryStore(url)``.

Every public method is one transaction: it either completes or leaves the database as it
was (a batch of entries, a whole import). Opening a store first migrates the database to
the newest schema, so code never meets an old layout.

People are addressed by profile *name* (what a person types); entries by their id, which
is unique across kinds and never reused. Passing ``profile=`` to the by-id methods makes
sure an id typed for one person cannot touch another person's diary. Values go in and
come out as the core's dataclasses (``b12.core.diary``); each write is checked first by
``validate`` and fails with an ``InputError`` naming the field.
"""

from __future__ import annotations

import copy
import random
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime
from types import TracebackType
from typing import TypeVar, cast

from sqlalchemy import ColumnElement, Select, case, func, select, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from b12.core.diary import Entry, Medicine, Profile, Record
from b12.errors import InputError, NotFoundError, StoreBusyError
from b12.store import rows, timestamps
from b12.store.engine import make_engine, parse_url
from b12.store.migrate import upgrade
from b12.store.models import ENTRY_KINDS, EntryRow, MedicineRow, ProfileRow
from b12.store.validate import check_entry, check_medicine, check_profile, normalize_name

_ID_BATCH = 900  # ids per IN (...) query: under SQLite's oldest limit of 999 parameters
E = TypeVar("E", bound=Entry)
T = TypeVar("T")
"""An entry type: a ``FoodEntry`` given is a ``FoodEntry`` returned, an ``Entry`` an ``Entry``."""
Diary = list[Record]
"""Whole records (profile, entries oldest first, medicines): what export and import move."""


# PostgreSQL's "serialization failure" and "deadlock detected": the transaction was rolled
# back because of another one, and the same work would succeed when tried again.
_RETRYABLE_SQLSTATES = frozenset({"40001", "40P01"})
WRITE_ATTEMPTS = 4
RETRY_PAUSE_S = 0.02  # the pause before try n is random, up to n times this
BUSY_MESSAGE = "the diary is busy with other writes; nothing was written, try again"


def _retryable(exc: OperationalError) -> bool:
    """A conflict the database resolved by rolling this transaction back: trying the same
    work again can succeed at once (not so SQLite's busy lock, already waited for)."""
    return getattr(exc.orig, "sqlstate", None) in _RETRYABLE_SQLSTATES


def _conflict(exc: OperationalError) -> bool:
    """Whether the database refused the transaction only because of other writers: SQLite's
    lock held past the busy timeout, or a PostgreSQL serialization failure or deadlock."""
    if getattr(exc.orig, "sqlstate", None) in _RETRYABLE_SQLSTATES:
        return True
    text = str(exc.orig).lower()
    return "locked" in text or "busy" in text


class DiaryStore:
    """Profiles and their diary entries in one database (SQLite file or PostgreSQL)."""

    def __init__(self, url: str | URL) -> None:
        self.url = parse_url(url)
        self._engine = make_engine(self.url)
        try:
            upgrade(self._engine)
        except OperationalError as exc:
            self._engine.dispose()
            where = self.url.render_as_string(hide_password=True)
            raise InputError(
                f"cannot open the diary database {where}: {exc.orig}", field="database_url"
            ) from None
        except BaseException:
            self._engine.dispose()
            raise
        self._sessions = sessionmaker(self._engine, expire_on_commit=False)
        if self.url.get_backend_name() == "postgresql":
            plain = self._engine  # READ COMMITTED: a plain insert or update meets no one
            checked = self._engine.execution_options(isolation_level="SERIALIZABLE")
        else:
            plain = checked = self._engine.execution_options(immediate=True)  # lock at BEGIN
        self._writes = sessionmaker(plain, expire_on_commit=False)
        self._checked_writes = sessionmaker(checked, expire_on_commit=False)
        self._owner: int | None = None

    @property
    def owner(self) -> int | None:
        """The account whose profiles this store reaches (None: the profiles of no account,
        as on a computer without accounts; see ``owned_by``)."""
        return self._owner

    def owned_by(self, owner: int | None) -> DiaryStore:
        """The same database seen as account ``owner``: its profiles, their entries and
        medicines only, and new profiles made its own. Another account's profile, entry or
        medicine is "not found", exactly like one that does not exist. Shares this store's
        engine: close the original, not the view."""
        view = copy.copy(self)
        view._owner = owner
        return view

    @classmethod
    def from_settings(cls) -> DiaryStore:
        """The store at ``B12_DATABASE_URL`` (default: ``diary.sqlite3`` in ``B12_HOME``)."""
        from b12.config import get_settings

        return cls(get_settings().database_url)

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> DiaryStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def _transaction(self, write: bool = False) -> Iterator[Session]:
        """One transaction; ``write`` takes SQLite's write lock when it begins (see
        ``engine``). A lock still held by others after the wait is ``StoreBusyError``."""
        sessions = self._writes if write else self._sessions
        try:
            with sessions.begin() as session:
                yield session
        except OperationalError as exc:
            if _conflict(exc):
                raise StoreBusyError(BUSY_MESSAGE) from None
            raise

    def transaction(self, write: bool = False) -> AbstractContextManager[Session]:
        """One transaction on this database, with the same busy handling as the diary's
        own; a write that may meet others is better given to ``write``, which retries."""
        return self._transaction(write)

    def write(self, work: Callable[[Session], T], *, serializable: bool = False) -> T:
        """``work`` in one write transaction, tried again when the database rolled it back
        only because of another writer (a PostgreSQL serialization failure or deadlock).
        ``serializable`` for a read-then-write whose reads decide what is written (a merge's
        "already there?" check): on PostgreSQL it runs SERIALIZABLE, so a racing twin cannot
        make it add a duplicate; plain writes run READ COMMITTED, where inserts side by side
        do not fail each other (SQLite takes its one write lock either way). Up to
        ``WRITE_ATTEMPTS`` tries, each after a short random pause so the two do not meet
        again; after that, or when SQLite's lock stayed taken for the whole busy timeout
        (already a wait), ``StoreBusyError``. ``work`` must do nothing outside the session:
        it may run twice, and only the last run's writes are kept."""
        for attempt in range(1, WRITE_ATTEMPTS + 1):
            try:
                sessions = self._checked_writes if serializable else self._writes
                with sessions.begin() as session:
                    return work(session)
            except OperationalError as exc:
                if not _conflict(exc):
                    raise
                if not _retryable(exc) or attempt == WRITE_ATTEMPTS:
                    raise StoreBusyError(BUSY_MESSAGE) from None
            time.sleep(random.uniform(0, RETRY_PAUSE_S * attempt))
        raise AssertionError("unreachable")  # the last attempt returns or raises

    # Profiles --------------------------------------------------------------------------

    def create_profile(self, profile: Profile) -> Profile:
        """Store a new person; the name must not be taken. Returns it with its id."""
        check_profile(profile)

        def work(s: Session) -> Profile:
            row = ProfileRow(owner_id=self._owner, **rows.profile_columns(profile))
            s.add(row)
            _flush_unique_name(s, row.name)
            return rows.profile_from_row(row)

        return self.write(work)

    def get_profile(self, name: str) -> Profile:
        with self._transaction() as s:
            return rows.profile_from_row(_profile_row(s, self._owner, name))

    def list_profiles(self) -> list[Profile]:
        """Everyone, by name."""
        with self._transaction() as s:
            found = s.scalars(
                select(ProfileRow).where(_owned(self._owner)).order_by(ProfileRow.name)
            )
            return [rows.profile_from_row(row) for row in found]

    def update_profile(self, profile: Profile) -> Profile:
        """Overwrite the profile with ``profile.id`` (from ``get_profile``); may rename it."""
        check_profile(profile)
        if profile.id is None:
            raise InputError("has no id; get the profile from the store first", field="id")

        def work(s: Session) -> Profile:
            row = s.get(ProfileRow, profile.id)
            if row is None or row.owner_id != self._owner:
                raise NotFoundError(f"no profile with id {profile.id}", field="id")
            for key, value in rows.profile_columns(profile).items():
                setattr(row, key, value)
            _flush_unique_name(s, row.name)
            return rows.profile_from_row(row)

        return self.write(work)

    def delete_profile(self, name: str) -> int:
        """Remove a person and their whole diary; returns how many entries went with them."""

        def work(s: Session) -> int:
            row = _profile_row(s, self._owner, name)
            count = s.scalar(select(func.count()).where(EntryRow.profile_id == row.id)) or 0
            s.delete(row)  # entries follow by ON DELETE CASCADE
            return count

        return self.write(work)

    # Entries ---------------------------------------------------------------------------

    def add_entry(self, profile: str, entry: E) -> E:
        """Store one entry for ``profile``; returns it as stored, with its id."""
        check_entry(entry)

        def work(s: Session) -> E:
            (row,) = _insert_entries(s, _profile_row(s, self._owner, profile).id, [entry])
            return cast(E, rows.entry_from_row(row))

        return self.write(work)

    def add_entries(self, profile: str, entries: Iterable[Entry]) -> list[Entry]:
        """Store several entries at once: all of them, or none if any fails."""
        batch = list(entries)
        for i, entry in enumerate(batch):
            check_entry(entry, f"entries[{i}].")

        def work(s: Session) -> list[Entry]:
            added = _insert_entries(s, _profile_row(s, self._owner, profile).id, batch)
            return [rows.entry_from_row(row) for row in added]

        return self.write(work)

    def get_entry(self, entry_id: int, *, profile: str | None = None) -> Entry:
        with self._transaction() as s:
            return rows.entry_from_row(_entry_row(s, self._owner, entry_id, profile))

    def list_entries(
        self,
        profile: str,
        start: datetime | None = None,
        end: datetime | None = None,
        kinds: Iterable[str] | str | None = None,
    ) -> list[Entry]:
        """The entries of ``profile`` with ``start <= time < end`` (either may be open),
        optionally only some kinds, oldest first. Bounds need a timezone; a lab counts at
        00:00 of its date in the bounds' zone (see ``timestamps``)."""
        lo = None if start is None else timestamps.bound(start, "start")
        hi = None if end is None else timestamps.bound(end, "end")
        if lo is not None and hi is not None and lo[0] > hi[0]:
            raise InputError(f"start ({start}) is after end ({end})", field="start")
        wanted = _kinds(kinds)
        with self._transaction() as s:
            return self._entries(s, _profile_row(s, self._owner, profile).id, start, end, wanted)

    @staticmethod
    def _entries(
        s: Session,
        profile_id: int,
        start: datetime | None,
        end: datetime | None,
        wanted: list[str] | None,
    ) -> list[Entry]:
        lo = None if start is None else timestamps.bound(start, "start")
        hi = None if end is None else timestamps.bound(end, "end")
        stmt = _entries_query().where(EntryRow.profile_id == profile_id)
        # The CASE picks each row's exact bound; the plain min/max bound beside it lets
        # the (profile_id, at_utc) index skip the rest of the diary.
        if lo is not None:
            stmt = stmt.where(EntryRow.at_utc >= min(lo), EntryRow.at_utc >= _for_kind(*lo))
        if hi is not None:
            stmt = stmt.where(EntryRow.at_utc < max(hi), EntryRow.at_utc < _for_kind(*hi))
        if wanted is not None:
            stmt = stmt.where(EntryRow.kind.in_(wanted))
        return [rows.entry_from_row(row) for row in s.scalars(stmt)]

    def count_entries(self, profile: str) -> tuple[int, datetime | None, datetime | None]:
        """How many entries ``profile`` has, and the first and last times (UTC, naive), so a
        listing can say what lies outside the days it shows."""
        with self._transaction() as s:
            row = s.execute(
                select(func.count(), func.min(EntryRow.at_utc), func.max(EntryRow.at_utc)).where(
                    EntryRow.profile_id == _profile_row(s, self._owner, profile).id
                )
            ).one()
        return int(row[0]), row[1], row[2]

    def update_entry(self, entry: E, *, profile: str | None = None) -> E:
        """Overwrite the entry with ``entry.id``; its kind cannot change."""
        check_entry(entry)
        if entry.id is None:
            raise InputError("has no id; get the entry from the store first", field="id")
        entry_id = entry.id

        def work(s: Session) -> E:
            row = _entry_row(s, self._owner, entry_id, profile)
            if row.kind != entry.kind:
                raise InputError(
                    f"entry {entry.id} is a {row.kind} entry and cannot become a {entry.kind} "
                    "entry; delete it and add a new one",
                    field="kind",
                )
            for key, value in rows.entry_columns(entry).items():
                setattr(row, key, value)
            return cast(E, rows.entry_from_row(row))

        return self.write(work)

    def delete_entry(self, entry_id: int, *, profile: str | None = None) -> None:
        def work(s: Session) -> None:
            s.delete(_entry_row(s, self._owner, entry_id, profile))

        self.write(work)

    # Medicines -------------------------------------------------------------------------

    def add_medicine(self, profile: str, medicine: Medicine) -> Medicine:
        """Store a course of a medicine for ``profile``; returns it with its id."""
        check_medicine(medicine)

        def work(s: Session) -> Medicine:
            row = MedicineRow(
                profile_id=_profile_row(s, self._owner, profile).id,
                **rows.medicine_columns(medicine),
            )
            s.add(row)
            s.flush()
            return rows.medicine_from_row(row)

        return self.write(work)

    def list_medicines(self, profile: str) -> list[Medicine]:
        """The person's medicines, current and stopped, in the order they were added."""
        with self._transaction() as s:
            return _medicines(s, _profile_row(s, self._owner, profile).id)

    def get_medicine(self, medicine_id: int, *, profile: str) -> Medicine:
        with self._transaction() as s:
            return rows.medicine_from_row(_medicine_row(s, self._owner, medicine_id, profile))

    def update_medicine(self, medicine: Medicine, *, profile: str) -> Medicine:
        """Overwrite the medicine with ``medicine.id`` in ``profile``'s record."""
        check_medicine(medicine)
        if medicine.id is None:
            raise InputError("has no id; get the medicine from the store first", field="id")
        medicine_id = medicine.id

        def work(s: Session) -> Medicine:
            row = _medicine_row(s, self._owner, medicine_id, profile)
            for key, value in rows.medicine_columns(medicine).items():
                setattr(row, key, value)
            return rows.medicine_from_row(row)

        return self.write(work)

    def delete_medicine(self, medicine_id: int, *, profile: str) -> None:
        def work(s: Session) -> None:
            s.delete(_medicine_row(s, self._owner, medicine_id, profile))

        self.write(work)

    def read_record(
        self, profile: str, start: datetime | None = None, end: datetime | None = None
    ) -> Record:
        """A person's profile, entries (``start <= time < end``) and medicines, read in one
        transaction so the three agree."""
        with self._transaction() as s:
            row = _profile_row(s, self._owner, profile)
            entries = self._entries(s, row.id, start, end, None)
            return Record(rows.profile_from_row(row), entries, _medicines(s, row.id))

    # Whole diary (export / import) -----------------------------------------------------

    def read_all(self) -> Diary:
        """Every profile (by name) with all its entries and medicines, in one transaction."""
        with self._transaction() as s:
            mine = _owned(self._owner)
            profiles = s.scalars(select(ProfileRow).where(mine).order_by(ProfileRow.name)).all()
            records = {row.id: Record(rows.profile_from_row(row)) for row in profiles}
            for row in s.scalars(_entries_query().join(ProfileRow).where(mine)):
                records[row.profile_id].entries.append(rows.entry_from_row(row))
            medicines = select(MedicineRow).join(ProfileRow).where(mine).order_by(MedicineRow.id)
            for med in s.scalars(medicines):
                records[med.profile_id].medicines.append(rows.medicine_from_row(med))
            return list(records.values())

    def write_all(self, diary: Sequence[Record], *, replace: bool = False) -> None:
        """Add whole profiles with their entries in one transaction.

        A profile whose name exists already is refused, unless ``replace``: then the old
        profile and all its entries are deleted first. Errors name the field as
        ``profiles[i].…`` / ``profiles[i].entries[j].…`` in the order given.
        """
        names: dict[str, int] = {}
        for i, record in enumerate(diary):
            check_profile(record.profile, f"profiles[{i}].")
            for j, entry in enumerate(record.entries):
                check_entry(entry, f"profiles[{i}].entries[{j}].")
            for j, medicine in enumerate(record.medicines):
                check_medicine(medicine, f"profiles[{i}].medicines[{j}].")
            name = normalize_name(record.profile.name)
            if name in names:
                raise InputError(
                    f"profile {name!r} appears twice (also at profiles[{names[name]}])",
                    field=f"profiles[{i}].name",
                )
            names[name] = i

        def work(s: Session) -> None:
            existing = s.scalars(
                select(ProfileRow).where(ProfileRow.name.in_(names), _owned(self._owner))
            ).all()
            if existing and not replace:
                first = min(existing, key=lambda row: names[row.name])
                taken = ", ".join(sorted(row.name for row in existing))
                raise InputError(
                    f"profile(s) already in the diary: {taken}; import with replace to "
                    "overwrite them, or rename them in the file",
                    field=f"profiles[{names[first.name]}].name",
                )
            for row in existing:
                s.delete(row)
            s.flush()
            keep = _free_ids(s, [e.id for record in diary for e in record.entries])
            for record in diary:
                row = ProfileRow(owner_id=self._owner, **rows.profile_columns(record.profile))
                s.add(row)
                s.flush()
                _insert_entries(s, row.id, record.entries, keep)
                s.add_all(
                    MedicineRow(profile_id=row.id, **rows.medicine_columns(m))
                    for m in record.medicines
                )
            if keep and s.get_bind().dialect.name == "postgresql":
                # ids given explicitly do not move PostgreSQL's sequence: move it past them
                s.execute(
                    text(
                        "SELECT setval(pg_get_serial_sequence('entries', 'id'), "
                        "(SELECT max(id) FROM entries))"
                    )
                )

        self.write(work, serializable=True)

    def merge_record(self, record: Record, *, create: bool) -> tuple[int, int]:
        """Bring what another system holds of a person into their record, in one
        transaction: the profile (created when ``create``, else overwritten by name), and
        the entries and medicines not already in the record. An entry or medicine equal to
        one stored (every field but the id) is not added again, so merging the same data
        twice changes nothing. Returns (entries added, medicines added)."""
        check_profile(record.profile)
        for j, entry in enumerate(record.entries):
            check_entry(entry, f"entries[{j}].")
        for j, medicine in enumerate(record.medicines):
            check_medicine(medicine, f"medicines[{j}].")
        name = normalize_name(record.profile.name)

        def work(s: Session) -> tuple[int, int]:
            if create:
                row = ProfileRow(owner_id=self._owner, **rows.profile_columns(record.profile))
                s.add(row)
                _flush_unique_name(s, row.name)
            else:
                row = _profile_row(s, self._owner, name)
                for key, value in rows.profile_columns(record.profile).items():
                    setattr(row, key, value)
                _flush_unique_name(s, row.name)
            kinds = {entry.kind for entry in record.entries}
            held = s.scalars(
                _entries_query().where(EntryRow.profile_id == row.id, EntryRow.kind.in_(kinds))
            )
            seen = {_same(rows.entry_columns(rows.entry_from_row(e))) for e in held}
            new_entries = []
            for entry in record.entries:
                key = _same(rows.entry_columns(entry))
                if key not in seen:
                    seen.add(key)
                    new_entries.append(entry)
            _insert_entries(s, row.id, new_entries)
            had = {_same(rows.medicine_columns(m)) for m in _medicines(s, row.id)}
            new_medicines = []
            for medicine in record.medicines:
                key = _same(rows.medicine_columns(medicine))
                if key not in had:
                    had.add(key)
                    new_medicines.append(medicine)
            s.add_all(
                MedicineRow(profile_id=row.id, **rows.medicine_columns(m)) for m in new_medicines
            )
            return len(new_entries), len(new_medicines)

        return self.write(work, serializable=True)


def _same(columns: dict[str, object]) -> str:
    """A comparable key of an entry's or medicine's columns (JSON, keys sorted)."""
    import json

    return json.dumps(columns, sort_keys=True, default=str)


def _entries_query() -> Select[EntryRow]:
    return select(EntryRow).order_by(EntryRow.profile_id, EntryRow.at_utc, EntryRow.id)


def _for_kind(instant: datetime, wall_clock: datetime) -> ColumnElement[datetime]:
    """A bound as labs (dated, not timed) and the other entries compare with it."""
    return case((EntryRow.kind == "lab", wall_clock), else_=instant)


def _free_ids(s: Session, wanted: Sequence[int | None]) -> set[int]:
    """The entry ids of an import that can be kept: given, given once, and not taken by an
    entry already in the diary (so ``import --replace`` keeps the ids people refer to)."""
    counts = Counter(i for i in wanted if i is not None)
    once = sorted(i for i, n in counts.items() if n == 1)
    taken: set[int] = set()
    for start in range(0, len(once), _ID_BATCH):
        batch = once[start : start + _ID_BATCH]
        taken.update(s.scalars(select(EntryRow.id).where(EntryRow.id.in_(batch))).all())
    return set(once) - taken


def _insert_entries(
    s: Session, profile_id: int, entries: Sequence[Entry], keep_ids: set[int] | None = None
) -> list[EntryRow]:
    keep = keep_ids or set()
    added = [
        rows.ROW_CLASSES[entry.kind](
            profile_id=profile_id,
            **({"id": entry.id} if entry.id in keep else {}),
            **rows.entry_columns(entry),
        )
        for entry in entries
    ]
    s.add_all(added)
    s.flush()
    return added


def _owned(owner: int | None) -> ColumnElement[bool]:
    """The profiles of ``owner`` (an account's id; None: the profiles of no account)."""
    return ProfileRow.owner_id.is_(None) if owner is None else ProfileRow.owner_id == owner


def _profile_row(s: Session, owner: int | None, name: str) -> ProfileRow:
    key = unicodedata.normalize("NFC", name) if isinstance(name, str) else name
    row = s.scalar(select(ProfileRow).where(ProfileRow.name == key, _owned(owner)))
    if row is not None:
        return row
    # Other people's names are not listed: a diary may hold a household's or a clinic's.
    anyone = s.scalar(select(ProfileRow.id).where(_owned(owner)).limit(1)) is not None
    hint = "list the profiles to see the names" if anyone else "there are no profiles yet"
    raise NotFoundError(f"no profile named {name!r}; {hint}", field="profile")


def _entry_row(s: Session, owner: int | None, entry_id: int, profile: str | None) -> EntryRow:
    profile_id = None if profile is None else _profile_row(s, owner, profile).id
    row = s.get(EntryRow, entry_id) if isinstance(entry_id, int) else None
    if row is not None and profile_id is None and not _owns(s, owner, row.profile_id):
        row = None  # another account's entry is as absent as one never written
    if row is None or (profile_id is not None and row.profile_id != profile_id):
        whose = "" if profile is None else f" in the diary of {profile!r}"
        raise NotFoundError(f"no diary entry with id {entry_id!r}{whose}", field="id")
    return row


def _medicines(s: Session, profile_id: int) -> list[Medicine]:
    found = s.scalars(
        select(MedicineRow).where(MedicineRow.profile_id == profile_id).order_by(MedicineRow.id)
    )
    return [rows.medicine_from_row(row) for row in found]


def _owns(s: Session, owner: int | None, profile_id: int) -> bool:
    row = s.get(ProfileRow, profile_id)
    return row is not None and row.owner_id == owner


def _medicine_row(s: Session, owner: int | None, medicine_id: int, profile: str) -> MedicineRow:
    profile_id = _profile_row(s, owner, profile).id
    row = s.get(MedicineRow, medicine_id) if isinstance(medicine_id, int) else None
    if row is None or row.profile_id != profile_id:
        raise NotFoundError(
            f"no medicine with id {medicine_id!r} in the record of {profile!r}", field="id"
        )
    return row


def _kinds(kinds: Iterable[str] | str | None) -> list[str] | None:
    if kinds is None:
        return None
    wanted = [kinds] if isinstance(kinds, str) else list(kinds)
    for kind in wanted:
        if kind not in ENTRY_KINDS:
            raise InputError(
                f"unknown entry kind {kind!r}; allowed: {', '.join(ENTRY_KINDS)}", field="kinds"
            )
    return wanted


def _flush_unique_name(s: Session, name: str) -> None:
    """Flush, turning a clash with the unique profile name into a clear error (the
    transaction is rolled back by the caller's ``with``)."""
    try:
        s.flush()
    except IntegrityError:
        raise InputError(f"a profile named {name!r} already exists", field="name") from None
