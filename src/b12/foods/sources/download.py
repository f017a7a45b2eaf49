"""Fetch the official USDA release files, for users with internet.

Files stream to a temporary file beside the target, their sha256 is computed on the way, and
only a complete, verified file is renamed into place, so an interrupted or wrong download
leaves nothing half-written. Network errors and 5xx/429 answers are retried with exponential
backoff; other HTTP errors are not.

About checksums: USDA publishes none, and this project cannot fetch the files while being
built, so ``RemoteFile.sha256`` is None for all of them. Instead the first successful
download is checked for the right structure (a zip holding the SR28 tables, an Excel workbook
for FNDDS) and its sha256 is recorded in ``SHA256SUMS`` in the destination; later downloads
must match that record (trust on first use). A known hash can be pinned in the table at any
time and is then enforced from the first download.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import time
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import httpx

from b12.errors import DataMissingError, InputError
from b12.foods.checksums import CHECKSUM_FILE, read_sums, sha256_of, write_sums
from b12.foods.model import ProgressFn
from b12.foods.sources import fndds, sr28

RETRY_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})
_FNDDS_BASE = "https://www.ars.usda.gov/ARSUserFiles/80400530/apps/"


class DownloadError(DataMissingError):
    """A release file could not be fetched or did not verify; nothing was saved."""


@dataclass(frozen=True, slots=True)
class RemoteFile:
    source: str
    url: str
    folder: str
    """Folder under the destination, as ``b12 data import`` expects it."""
    name: str
    kind: str
    """"sr28-zip" (unpacked after download) or "xlsx"."""
    sha256: str | None = None
    """Expected checksum when it is known (see the module docstring)."""

    @property
    def relative(self) -> str:
        return f"{self.folder}/{self.name}"


OFFICIAL_FILES: tuple[RemoteFile, ...] = (
    RemoteFile(
        "sr28",
        "https://www.ars.usda.gov/ARSUserFiles/80400535/DATA/SR/sr28/dnload/sr28asc.zip",
        sr28.DIRNAME,
        "sr28asc.zip",
        "sr28-zip",
    ),
    *(
        RemoteFile(
            "fndds",
            _FNDDS_BASE + book.replace(" ", "%20"),
            fndds.DIRNAME,
            book,
            "xlsx",
        )
        for book in fndds.REQUIRED
    ),
)

SR28_MEMBERS = (*sr28.REQUIRED, "NUT_DATA.txt")


@dataclass(frozen=True, slots=True)
class Downloaded:
    file: RemoteFile
    path: Path
    sha256: str
    fetched: bool
    """False when the file was already there and matched its recorded checksum."""


def default_client() -> httpx.Client:
    from b12 import __version__

    return httpx.Client(
        follow_redirects=True,
        timeout=httpx.Timeout(30.0, read=120.0),
        headers={"User-Agent": f"b12/{__version__} (+food composition import)"},
    )


def files_for(only: Sequence[str] | None) -> tuple[RemoteFile, ...]:
    if not only:
        return OFFICIAL_FILES
    known = {f.source for f in OFFICIAL_FILES}
    for name in only:
        if name not in known:
            raise InputError(
                f"unknown source {name!r}; use one of: {', '.join(sorted(known))}", field="only"
            )
    return tuple(f for f in OFFICIAL_FILES if f.source in only)


def download(
    dest: Path,
    files: Sequence[RemoteFile] = OFFICIAL_FILES,
    *,
    client: httpx.Client | None = None,
    progress: ProgressFn | None = None,
    attempts: int = 4,
    backoff: float = 2.0,
    sleep: Callable[[float], None] = time.sleep,
    force: bool = False,
) -> list[Downloaded]:
    """Download ``files`` into ``dest`` (laid out for ``b12 data import --source dest``)."""
    dest.mkdir(parents=True, exist_ok=True)
    manifest_path = dest / CHECKSUM_FILE
    manifest = read_sums(manifest_path)
    own_client = client is None
    http = client or default_client()
    results: list[Downloaded] = []
    try:
        for f in files:
            target = dest / f.folder / f.name
            target.parent.mkdir(parents=True, exist_ok=True)
            expected = f.sha256 or manifest.get(f.relative)
            if not force and target.is_file() and expected and sha256_of(target) == expected:
                results.append(Downloaded(f, target, expected, fetched=False))
            else:
                digest = fetch(
                    http, f, target, expected,
                    progress=progress, attempts=attempts, backoff=backoff, sleep=sleep,
                )  # fmt: skip
                results.append(Downloaded(f, target, digest, fetched=True))
                manifest[f.relative] = digest
                write_sums(manifest_path, manifest)
            if f.kind == "sr28-zip":
                unpack_sr28(target, target.parent)
    finally:
        if own_client:
            http.close()
    return results


def fetch(
    client: httpx.Client,
    f: RemoteFile,
    target: Path,
    expected: str | None,
    *,
    progress: ProgressFn | None = None,
    attempts: int = 4,
    backoff: float = 2.0,
    sleep: Callable[[float], None] = time.sleep,
) -> str:
    """Stream ``f`` to ``target`` with retries; return its sha256. Raises DownloadError."""
    last_problem = ""
    for attempt in range(1, attempts + 1):
        fd, tmp_name = tempfile.mkstemp(prefix=f".{f.name}.", suffix=".part", dir=target.parent)
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as out:
                digest = _stream(client, f, out, progress)
            if expected is not None and digest != expected:
                raise DownloadError(
                    f"{f.url}: checksum mismatch (expected {expected[:16]}…, got "
                    f"{digest[:16]}…); the file was not saved. If USDA has published a new "
                    f"version, delete its line from {CHECKSUM_FILE} to accept it"
                )
            check_structure(tmp, f)
            os.replace(tmp, target)
            return digest
        except _Retryable as exc:
            last_problem = str(exc)
        except httpx.TransportError as exc:
            last_problem = f"{type(exc).__name__}: {exc}"
        finally:
            tmp.unlink(missing_ok=True)
        if attempt < attempts:
            sleep(backoff * 2 ** (attempt - 1))
    raise DownloadError(
        f"could not download {f.url} after {attempts} attempts ({last_problem}); "
        "check the connection and run `b12 data download` again"
    )


class _Retryable(Exception):
    """A failure worth another try (server busy or failing)."""


def _stream(
    client: httpx.Client, f: RemoteFile, out: IO[bytes], progress: ProgressFn | None
) -> str:
    digest = hashlib.sha256()
    with client.stream("GET", f.url) as response:
        if response.status_code in RETRY_STATUS:
            raise _Retryable(f"HTTP {response.status_code}")
        if response.status_code != 200:
            raise DownloadError(f"{f.url}: HTTP {response.status_code}; nothing was saved")
        length = response.headers.get("content-length")
        total = int(length) if length and length.isdigit() else None
        done = 0
        for chunk in response.iter_bytes():
            out.write(chunk)
            digest.update(chunk)
            done += len(chunk)
            if progress is not None:
                progress(f.name, done, total)
    return digest.hexdigest()


def check_structure(path: Path, f: RemoteFile) -> None:
    """Refuse a file that is not what it should be (an HTML error page, a truncated zip)."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = {Path(n).name.upper() for n in archive.namelist()}
            bad = archive.testzip()
    except zipfile.BadZipFile:
        raise DownloadError(
            f"{f.url}: the download is not a zip archive; nothing was saved"
        ) from None
    if bad is not None:
        raise DownloadError(f"{f.url}: {bad} in the archive is damaged; nothing was saved")
    if f.kind == "xlsx":
        if "WORKBOOK.XML" not in names:
            raise DownloadError(f"{f.url}: not an Excel workbook; nothing was saved")
        return
    missing = [m for m in SR28_MEMBERS if m.upper() not in names]
    if missing:
        raise DownloadError(f"{f.url}: the archive lacks {', '.join(missing)}; nothing was saved")


def unpack_sr28(archive_path: Path, folder: Path) -> None:
    """Unpack the SR28 tables next to the zip; each file is replaced whole or not at all."""
    with zipfile.ZipFile(archive_path) as archive, tempfile.TemporaryDirectory(dir=folder) as tmp:
        for info in archive.infolist():
            name = Path(info.filename).name
            if info.is_dir() or not name.upper().endswith(".TXT"):
                continue
            wanted = next((m for m in SR28_MEMBERS if m.upper() == name.upper()), None)
            if wanted is None:
                continue
            staged = Path(tmp) / wanted
            with archive.open(info) as src, staged.open("wb") as dst:
                shutil.copyfileobj(src, dst)
            os.replace(staged, folder / wanted)
