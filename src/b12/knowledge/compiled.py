"""The validated knowledge base, compiled once and reused by later processes.

Reading and validating the TOML files took about a tenth of a one-shot command's time,
every time, for a result that only changes when the files or the code that reads them
change. So the first process writes the validated objects to one file in the user's cache
directory and later processes read them back in a few milliseconds.

A compiled file is used only when it was made from exactly these inputs. Its key is a
SHA-256 over every file of the ``b12.knowledge`` package (the TOML data and the code that
shapes it: loader, models, this module) plus the Python and pydantic versions. The key is
stricter than the b12 version: it also changes in a source checkout where the files change
between releases, and a release that touches neither the data nor its code would compile
to the same objects. (Reading the version itself would cost ``importlib.metadata``, more
than the rest of a cache hit.) Anything else (another key, a short or corrupt file, a
digest that does not match, a file someone else could have written) is not an error: the
knowledge is validated afresh and the file rewritten.

The payload is a pickle, which can run code as it loads, so it is loaded only from an
owner-only file (0600 in a 0700 folder, as ``b12.files`` makes them) owned by the user,
after its SHA-256 digest matched. The digest catches a torn or edited file; the
permissions keep other users out. Whoever can write the user's own cache directory can
already run code as that user.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import sys
from collections.abc import Callable
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TypeVar

from b12.files import private_folder, write_whole

T = TypeVar("T")

MAGIC = b"b12-knowledge-v1\n"
_DIGEST = hashlib.sha256().digest_size
KEEP = 4
"""Compiled files kept per cache folder: one per install or checkout in use, so two b12s
side by side (two virtual environments, a checkout and a release) do not rewrite each
other's file on every start."""


def compiled_path(folder: Path, key: bytes) -> Path:
    """Where the knowledge compiled under ``key`` lives in ``folder``."""
    return folder / f"knowledge-{key.hex()[:16]}.pickle"


def knowledge_key(package: Traversable | None = None) -> bytes:
    """The key of this install's knowledge: a hash of every file in the knowledge package
    (data and code, by name and content) and of the Python and pydantic versions."""
    import pydantic

    h = hashlib.sha256()
    h.update(f"{sys.implementation.cache_tag} pydantic {pydantic.VERSION}\n".encode())
    package = package or resources.files("b12.knowledge")
    for entry in sorted(package.iterdir(), key=lambda e: e.name):
        if entry.name.endswith((".toml", ".py")):
            data = entry.read_bytes()
            h.update(f"{entry.name} {len(data)}\n".encode())
            h.update(data)
    return h.digest()


def load_compiled(path: Path, key: bytes, build: Callable[[], T], kind: type[T]) -> T:
    """The ``kind`` object compiled under ``key`` at ``path``, else ``build()`` (then
    written there for the next process; a folder that cannot be written only costs speed)."""
    found = _read(path, key)
    if isinstance(found, kind):
        return found
    value = build()
    try:
        private_folder(path.parent)
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        write_whole(path, MAGIC + key + hashlib.sha256(payload).digest() + payload)
        _prune(path.parent)
    except OSError:
        pass
    return value


def _prune(folder: Path) -> None:
    """Keep the ``KEEP`` most recently written compiled files (older keys are stale)."""
    found = sorted(folder.glob("knowledge-*.pickle"), key=lambda p: p.stat().st_mtime)
    for old in found[:-KEEP]:
        old.unlink(missing_ok=True)


def _read(path: Path, key: bytes) -> object | None:
    """The object stored at ``path`` if it is trustworthy and was compiled under ``key``."""
    try:
        with path.open("rb") as f:
            if not _private(os.fstat(f.fileno())):
                return None
            data = f.read()
    except OSError:
        return None
    head = len(MAGIC) + len(key)
    if data[:head] != MAGIC + key:
        return None
    digest, payload = data[head : head + _DIGEST], data[head + _DIGEST :]
    if hashlib.sha256(payload).digest() != digest:
        return None
    try:
        value: object = pickle.loads(payload)
    except Exception:  # the digest matched, so only a bug could get here; never fail a command
        return None
    return value


def _private(st: os.stat_result) -> bool:
    """Only the user who runs b12 could have written this file."""
    if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return False
    return not hasattr(os, "getuid") or st.st_uid == os.getuid()
