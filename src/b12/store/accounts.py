"""Accounts and their sign-in sessions, in the diary's own database.

``Accounts(store)`` works through the ``DiaryStore``'s engine, so the accounts live and
are backed up with the diaries they guard, and on SQLite and PostgreSQL alike.

Sessions: the browser holds a random 256-bit token; the database holds only its SHA-256,
so reading the database (a backup, a stolen copy) signs no one in. A session ends at its
expiry, at sign-out, when its account's password changes, and when its account goes.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from b12.accounts import passwords
from b12.errors import InputError, NotFoundError
from b12.store.models import ProfileRow, SessionRow, UserRow
from b12.store.repository import DiaryStore

ROLES = ("user", "admin")
SESSION_HOURS = 12
_NAME = re.compile(r"[a-z0-9][a-z0-9._@-]{0,63}")


@dataclass(frozen=True, slots=True)
class User:
    id: int
    name: str
    role: str
    created_utc: datetime
    profiles: int = 0

    @property
    def admin(self) -> bool:
        return self.role == "admin"


def check_name(name: str) -> str:
    """An account name: 1-64 of a-z 0-9 . _ @ -, starting with a letter or digit (a name
    people type at sign-in, so no spaces and no look-alike capitals)."""
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise InputError(
            f"account name {name!r} is not allowed: use 1 to 64 of a-z, 0-9, '.', '_', '@' "
            "and '-', starting with a letter or digit",
            field="name",
        )
    return name


def check_role(role: str) -> str:
    if role not in ROLES:
        raise InputError(f"unknown role {role!r}; allowed: {', '.join(ROLES)}", field="role")
    return role


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


class Accounts:
    """The accounts of the database behind ``store``."""

    def __init__(self, store: DiaryStore) -> None:
        self.store = store

    def any(self) -> bool:
        """Whether any account exists (then the web app asks everyone to sign in)."""
        with self.store.transaction() as s:
            return s.scalar(select(UserRow.id).limit(1)) is not None

    def add(self, name: str, password: str, role: str = "user") -> User:
        check_name(name)
        check_role(role)
        hashed = passwords.hash_password(password)

        def work(s: Session) -> User:
            row = UserRow(name=name, password_hash=hashed, role=role, created_utc=_now())
            s.add(row)
            try:
                s.flush()
            except IntegrityError:
                raise InputError(
                    f"an account named {name!r} already exists", field="name"
                ) from None
            return _user(row)

        return self.store.write(work)

    def users(self) -> list[User]:
        """Every account by name, with how many profiles it owns."""
        with self.store.transaction() as s:
            owned = s.execute(
                select(ProfileRow.owner_id, func.count())
                .where(ProfileRow.owner_id.is_not(None))
                .group_by(ProfileRow.owner_id)
            )
            counts = {owner: int(n) for owner, n in owned}
            found = s.scalars(select(UserRow).order_by(UserRow.name))
            return [_user(row, counts.get(row.id, 0)) for row in found]

    def get(self, name: str) -> User:
        with self.store.transaction() as s:
            return _user(_user_row(s, name))

    def delete(self, name: str, *, with_profiles: bool = False) -> int:
        """Remove an account and its sessions. One that owns profiles is refused unless
        ``with_profiles``: then its profiles and their diaries go too. Returns how many
        profiles went."""

        def work(s: Session) -> int:
            row = _user_row(s, name)
            owned = s.scalars(select(ProfileRow).where(ProfileRow.owner_id == row.id)).all()
            if owned and not with_profiles:
                raise InputError(
                    f"account {name!r} owns {len(owned)} profile(s) with their diaries; delete "
                    "them with it (--with-profiles) or keep the account",
                    field="name",
                )
            for profile in owned:
                s.delete(profile)  # entries and medicines follow by ON DELETE CASCADE
            s.flush()
            s.delete(row)
            return len(owned)

        return self.store.write(work)

    def set_password(self, name: str, password: str) -> None:
        """A new password; every session of the account ends (sign in again)."""
        hashed = passwords.hash_password(password)

        def work(s: Session) -> None:
            row = _user_row(s, name)
            row.password_hash = hashed
            s.execute(delete(SessionRow).where(SessionRow.user_id == row.id))

        self.store.write(work)

    def adopt(self, name: str, profiles: list[str] | None = None) -> list[str]:
        """Give profiles that belong to no account (made before the first account, or by
        the command line) to account ``name``: those named, or all of them. Returns the
        names given. One already held by the account under that name is refused, and then
        none is given."""

        def work(s: Session) -> list[str]:
            owner = _user_row(s, name).id
            query = select(ProfileRow).where(ProfileRow.owner_id.is_(None))
            if profiles is not None:
                query = query.where(ProfileRow.name.in_(profiles))
            found = s.scalars(query.order_by(ProfileRow.name)).all()
            missing = sorted(set(profiles or ()) - {row.name for row in found})
            if missing:
                raise NotFoundError(
                    f"no profile without an account named {', '.join(map(repr, missing))}",
                    field="profile",
                )
            for row in found:
                row.owner_id = owner
            try:
                s.flush()
            except IntegrityError:
                raise InputError(
                    f"account {name!r} already has a profile of one of these names; rename it "
                    "first (b12 profile edit)",
                    field="profile",
                ) from None
            return [row.name for row in found]

        return self.store.write(work)

    def set_role(self, name: str, role: str) -> User:
        check_role(role)

        def work(s: Session) -> User:
            row = _user_row(s, name)
            row.role = role
            return _user(row)

        return self.store.write(work)

    def authenticate(self, name: str, password: str) -> User | None:
        """The account if ``password`` is its password; None for a wrong name or password
        (which one is not said, and both take one Argon2 verification)."""
        with self.store.transaction() as s:
            row = s.scalar(select(UserRow).where(UserRow.name == name))
            stored = row.password_hash if row is not None else passwords.dummy_hash()
        if not passwords.verify(stored, password) or row is None:
            return None
        if passwords.needs_rehash(stored):  # hashed at older settings: store it afresh

            def work(s: Session) -> None:
                s.execute(
                    update(UserRow)
                    .where(UserRow.id == row.id)
                    .values(password_hash=passwords.hash_password(password))
                )

            self.store.write(work)
        return _user(row)

    def open_session(self, user: User, hours: int = SESSION_HOURS) -> str:
        """A new session for ``user``: the token to put in the cookie (stored hashed)."""
        token = secrets.token_urlsafe(32)
        now = _now()

        def work(s: Session) -> None:
            s.execute(delete(SessionRow).where(SessionRow.expires_utc <= now))
            s.add(
                SessionRow(
                    token_hash=token_hash(token),
                    user_id=user.id,
                    created_utc=now,
                    expires_utc=now + timedelta(hours=hours),
                )
            )

        self.store.write(work)
        return token

    def session_user(self, token: str) -> User | None:
        """The account signed in with ``token``, if its session is open."""
        if not token or len(token) > 100:
            return None
        with self.store.transaction() as s:
            row = s.execute(
                select(UserRow)
                .join(SessionRow, SessionRow.user_id == UserRow.id)
                .where(SessionRow.token_hash == token_hash(token), SessionRow.expires_utc > _now())
            ).scalar()
            return None if row is None else _user(row)

    def close_session(self, token: str) -> None:
        def work(s: Session) -> None:
            s.execute(delete(SessionRow).where(SessionRow.token_hash == token_hash(token)))

        self.store.write(work)


def _user(row: UserRow, profiles: int = 0) -> User:
    return User(row.id, row.name, row.role, row.created_utc, profiles)


def _user_row(s: Session, name: str) -> UserRow:
    row = s.scalar(select(UserRow).where(UserRow.name == name))
    if row is None:
        raise NotFoundError(f"no account named {name!r}; b12 user list shows them", field="name")
    return row
