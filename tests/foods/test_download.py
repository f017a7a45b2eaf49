"""`b12 data download`, offline: httpx.MockTransport stands in for the USDA server."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from b12.foods.checksums import CHECKSUM_FILE
from b12.foods.importer import import_sources
from b12.foods.sources import fndds
from b12.foods.sources.download import (
    OFFICIAL_FILES,
    DownloadError,
    RemoteFile,
    download,
)

FIXTURE_SR28 = Path(__file__).parent / "fixtures" / "usda_sr28"
Handler = Callable[[httpx.Request], httpx.Response]


def sr28_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(FIXTURE_SR28.iterdir()):
            archive.write(path, path.name)
    return buffer.getvalue()


@pytest.fixture
def payloads(fixture_data: Path) -> dict[str, bytes]:
    """URL → the bytes the fake server sends for it."""
    books = fixture_data / "usda_fndds_2021_2023"
    out = {}
    for f in OFFICIAL_FILES:
        out[f.url] = sr28_zip() if f.kind == "sr28-zip" else (books / f.name).read_bytes()
    return out


def serving(payloads: dict[str, bytes], log: list[str]) -> Handler:
    def handle(request: httpx.Request) -> httpx.Response:
        log.append(str(request.url))
        body = payloads.get(str(request.url))
        if body is None:
            return httpx.Response(404)
        return httpx.Response(200, content=body, headers={"content-length": str(len(body))})

    return handle


def client(handler: Handler) -> httpx.Client:
    return httpx.Client(transport=httpx.MockTransport(handler))


def leftovers(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.endswith((".part", ".tmp"))]


def test_download_then_import_works_offline(tmp_path: Path, payloads: dict[str, bytes]) -> None:
    log: list[str] = []
    progress: list[tuple[str, int, int | None]] = []
    results = download(
        tmp_path,
        client=client(serving(payloads, log)),
        progress=lambda s, d, t: progress.append((s, d, t)),
    )
    assert all(r.fetched for r in results)
    assert (tmp_path / "usda_sr28" / "FOOD_DES.txt").is_file()  # the zip was unpacked
    sums = (tmp_path / CHECKSUM_FILE).read_text()
    for f in OFFICIAL_FILES:
        assert f"{hashlib.sha256(payloads[f.url]).hexdigest()}  {f.relative}" in sums
    assert progress[-1][1] == progress[-1][2]  # the bar reaches its total
    statuses = import_sources(tmp_path / "i.sqlite3", tmp_path)
    assert {s.source: s.foods for s in statuses} == {"sr28": 18, "fndds": 14}
    assert leftovers(tmp_path) == []


def test_a_second_download_skips_files_that_match_their_record(
    tmp_path: Path, payloads: dict[str, bytes]
) -> None:
    log: list[str] = []
    download(tmp_path, client=client(serving(payloads, log)))
    log.clear()
    results = download(tmp_path, client=client(serving(payloads, log)))
    assert log == []
    assert not any(r.fetched for r in results)


def test_a_failure_is_retried_with_backoff(tmp_path: Path, payloads: dict[str, bytes]) -> None:
    calls: list[str] = []
    failures = {"503": 1, "connect": 1}

    def flaky(request: httpx.Request) -> httpx.Response:
        calls.append(str(request.url))
        if failures["503"]:
            failures["503"] -= 1
            return httpx.Response(503)
        if failures["connect"]:
            failures["connect"] -= 1
            raise httpx.ConnectError("connection reset", request=request)
        return serving(payloads, [])(request)

    sleeps: list[float] = []
    (result,) = download(
        tmp_path, OFFICIAL_FILES[:1], client=client(flaky), sleep=sleeps.append, backoff=1.5
    )
    assert result.fetched
    assert len(calls) == 3
    assert sleeps == [1.5, 3.0]
    assert (tmp_path / "usda_sr28" / "NUT_DATA.txt").is_file()
    assert leftovers(tmp_path) == []


def test_giving_up_after_the_last_attempt_leaves_nothing(tmp_path: Path) -> None:
    sleeps: list[float] = []
    with pytest.raises(DownloadError, match="after 3 attempts"):
        download(
            tmp_path,
            OFFICIAL_FILES[:1],
            client=client(lambda r: httpx.Response(500)),
            attempts=3,
            sleep=sleeps.append,
        )
    assert len(sleeps) == 2
    assert not (tmp_path / "usda_sr28" / "sr28asc.zip").exists()
    assert leftovers(tmp_path) == []


def test_a_pinned_checksum_mismatch_saves_nothing(
    tmp_path: Path, payloads: dict[str, bytes]
) -> None:
    official = OFFICIAL_FILES[1]
    pinned = RemoteFile(
        official.source, official.url, official.folder, official.name, official.kind, "0" * 64
    )
    with pytest.raises(DownloadError, match="checksum mismatch"):
        download(tmp_path, [pinned], client=client(serving(payloads, [])))
    assert not (tmp_path / official.relative).exists()
    assert leftovers(tmp_path) == []


def test_a_changed_file_does_not_replace_the_recorded_one(
    tmp_path: Path, payloads: dict[str, bytes]
) -> None:
    book = OFFICIAL_FILES[1]
    download(tmp_path, [book], client=client(serving(payloads, [])))
    original = (tmp_path / book.relative).read_bytes()
    (tmp_path / book.relative).write_bytes(b"damaged")  # forces a new download
    changed = dict(payloads)
    changed[book.url] = payloads[
        OFFICIAL_FILES[2].url
    ]  # a valid workbook, but not the one on record
    with pytest.raises(DownloadError, match="delete its line from SHA256SUMS"):
        download(tmp_path, [book], client=client(serving(changed, [])))
    assert (tmp_path / book.relative).read_bytes() == b"damaged"
    assert original != b"damaged"
    assert leftovers(tmp_path) == []


def test_client_errors_are_not_retried(tmp_path: Path) -> None:
    log: list[str] = []
    with pytest.raises(DownloadError, match="HTTP 404"):
        download(
            tmp_path, OFFICIAL_FILES[:1], client=client(serving({}, log)), sleep=lambda s: None
        )
    assert len(log) == 1


def test_an_error_page_instead_of_the_file_is_refused(tmp_path: Path) -> None:
    def html(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=b"<html>Page moved</html>")

    with pytest.raises(DownloadError, match="not a zip"):
        download(tmp_path, OFFICIAL_FILES[:1], client=client(html))
    assert not (tmp_path / "usda_sr28" / "sr28asc.zip").exists()
    assert not (tmp_path / CHECKSUM_FILE).exists()


def test_the_official_table_names_the_usda_files() -> None:
    urls = [f.url for f in OFFICIAL_FILES]
    assert all(u.startswith("https://www.ars.usda.gov/") for u in urls)
    assert urls[0].endswith("/sr28asc.zip")
    assert {f.name for f in OFFICIAL_FILES if f.source == "fndds"} == set(fndds.REQUIRED)


def test_the_download_command_fetches_then_imports(
    tmp_path: Path,
    payloads: dict[str, bytes],
    use_home: Callable[[Path], None],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from typer.testing import CliRunner

    from b12.cli.main import app
    from b12.foods.sources import download as module

    use_home(tmp_path / "home")
    monkeypatch.setattr(module, "default_client", lambda: client(serving(payloads, [])))
    result = CliRunner().invoke(app, ["data", "download"])
    assert result.exit_code == 0, (result.output, result.exception)
    assert "downloaded:" in result.output and "fndds" in result.output
    assert (tmp_path / "home" / "data" / "usda_sr28" / "FOOD_DES.txt").is_file()
    assert (tmp_path / "home" / "foods.sqlite3").is_file()
    again = CliRunner().invoke(app, ["data", "download", "--no-import", "--json"])
    assert again.exit_code == 0, again.output
    listed = json.loads(again.output)
    assert len(listed) == 4 and not any(f["fetched"] for f in listed)
