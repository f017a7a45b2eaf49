"""Password hashing with Argon2id, at OWASP's first recommended setting (19 MiB, two
passes, one lane).

Why Argon2id: it is the memory-hard hash OWASP recommends first, so a stolen copy of the
database costs an attacker memory as well as time for every guess. Why not argon2-cffi's
default (64 MiB, three passes, four lanes): on a small two-core clinic server that took
0.4-0.5 s a sign-in here, and OWASP counts both as equally strong. Only the hash (which
carries its own salt and parameters) is stored; ``verify`` re-hashes with those, so a
change of defaults later still verifies old hashes, and ``needs_rehash`` says when to
store a fresh one.
"""

from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from b12.errors import InputError

MIN_LENGTH = 10
MAX_LENGTH = 1024  # Argon2 takes any length; this only stops a megabyte "password"


@lru_cache(maxsize=1)
def _hasher() -> PasswordHasher:
    return PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


def check_password(password: str) -> None:
    """Refuse a password too short to resist guessing, or absurdly long, saying which."""
    if not MIN_LENGTH <= len(password) <= MAX_LENGTH:
        raise InputError(
            f"a password needs {MIN_LENGTH} to {MAX_LENGTH} characters; this one has "
            f"{len(password)}",
            field="password",
        )


def hash_password(password: str) -> str:
    check_password(password)
    return _hasher().hash(password)


def verify(password_hash: str, password: str) -> bool:
    """Whether ``password`` is the one ``password_hash`` was made from."""
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher().check_needs_rehash(password_hash)


@lru_cache(maxsize=1)
def dummy_hash() -> str:
    """A hash to verify against when the account does not exist, so that answering "wrong
    name" takes as long as "wrong password" and timing does not reveal who has an account."""
    return _hasher().hash("not a password of anyone")
