"""Files b12 keeps about a person are private to the user who runs it.

A diary says what someone eats, which medicines they take and what their blood shows, so
b12's own folders are created owner-only (0700) and its databases and small state files
owner-only (0600), whatever the umask. Exports are written through ``tempfile``, which
already creates owner-only files. SQLite creates its ``-wal`` and ``-shm`` files with the
database's own permissions.
"""

from __future__ import annotations

import os
from pathlib import Path

FOLDER_MODE = 0o700
FILE_MODE = 0o600


def private_folder(path: Path) -> Path:
    """Create ``path`` (and missing parents) owner-only; an existing folder is left as the
    user set it."""
    if not path.is_dir():
        path.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
        path.chmod(FOLDER_MODE)  # mkdir's mode is filtered by the umask
    return path


def private_file(path: Path) -> Path:
    """Create ``path`` empty and owner-only if it does not exist (its folder too)."""
    private_folder(path.parent)
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, FILE_MODE))
        path.chmod(FILE_MODE)
    return path


def write_whole(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` all at once: into an owner-only temporary file beside it,
    then renamed over it, so a reader never sees half a file and a failure leaves the old
    one as it was. A path that is not a regular file (``/dev/stdout``, a pipe) is written
    to as it is, never replaced. A disk that is full or read-only, or a folder that does
    not exist, is one clear ``InputError`` naming the file, with no temporary file left."""
    import tempfile

    from b12.errors import InputError

    try:
        if path.exists() and not path.is_file():
            with path.open("wb") as out:
                out.write(data)
            return
        folder = path.parent if str(path.parent) else Path(".")
        with tempfile.NamedTemporaryFile(dir=folder, delete=False, suffix=".tmp") as tmp:
            try:
                tmp.write(data)
                tmp.flush()
            except OSError:
                tmp.close()
                os.unlink(tmp.name)
                raise
        try:
            os.replace(tmp.name, path)
        except OSError:
            os.unlink(tmp.name)
            raise
    except OSError as exc:
        reason = exc.strerror or str(exc)
        message = f"cannot write {path}: {reason}; nothing was written"
        raise InputError(message, field="path") from None


def read_input(name: str, field: str | None = None, what: str = "file") -> bytes:
    """The bytes of the file a person named on the command line (``-``: standard input).
    A file that cannot be read (missing, a folder, not allowed, a name too long) is one
    ``InputError`` naming it (as ``what``: "case file") and why, never a traceback."""
    import sys

    from b12.errors import InputError

    if name == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(name).read_bytes()
    except (FileNotFoundError, IsADirectoryError):
        raise InputError(f"no such {what}: {name}", field=field) from None
    except OSError as exc:
        raise InputError(f"cannot read {name}: {exc.strerror or exc}", field=field) from None
