"""sha256 of files and ``SHA256SUMS`` files (the ``sha256sum`` format: ``<hex>  <path>``).

The reference data folder ships one, downloads record one, imports check against one.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from pathlib import Path

CHECKSUM_FILE = "SHA256SUMS"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def read_sums(path: Path) -> dict[str, str]:
    """Relative path → hex digest; lines that are not checksum lines are skipped."""
    if not path.is_file():
        return {}
    entries: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        digest, sep, name = line.strip().partition(" ")
        name = name.strip().lstrip("*")
        if sep and name and len(digest) == 64:
            entries[name] = digest.lower()
    return entries


def write_sums(path: Path, entries: Mapping[str, str]) -> None:
    """Write atomically (a temp file renamed over the old one)."""
    text = "".join(f"{digest}  {name}\n" for name, digest in sorted(entries.items()))
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
