"""Many writers at once, as the web app's threads and a CLI command beside it: every write
lands or is refused as busy (never an error that loses it), and the database holds exactly
the writes that were acknowledged. On SQLite and PostgreSQL."""

from __future__ import annotations

import multiprocessing
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

from b12.core.diary import DrinkEntry, Profile
from b12.errors import StoreBusyError
from b12.store import DiaryStore

WRITERS = 40
PROCESSES = 4
PER_PROCESS = 25


def _drink(n: int) -> DrinkEntry:
    at = datetime(2026, 11, 1, 8, tzinfo=UTC) + timedelta(minutes=n)
    return DrinkEntry(at=at, volume_ml=250.0)


def _write_from_a_process(url: str, first: int) -> int:
    """A separate process with its own store, like a CLI command beside the server."""
    written = 0
    with DiaryStore(url) as store:
        for n in range(first, first + PER_PROCESS):
            store.add_entry("Ana", _drink(n))
            written += 1
    return written


def test_simultaneous_writers_in_threads_all_land(store_url: str) -> None:
    with DiaryStore(store_url) as setup:
        setup.create_profile(Profile(name="Ana", age=34))
    start = threading.Barrier(WRITERS)

    def write(n: int) -> str:
        with DiaryStore(store_url) as store:  # an engine each: as many connections
            start.wait()
            try:
                store.add_entry("Ana", _drink(n))
            except StoreBusyError:
                return "busy"
            return "ok"

    with ThreadPoolExecutor(WRITERS) as pool:
        outcomes = list(pool.map(write, range(WRITERS)))
    with DiaryStore(store_url) as check:
        stored = len(check.list_entries("Ana"))
    assert set(outcomes) <= {"ok", "busy"}
    assert stored == outcomes.count("ok")
    assert outcomes.count("ok") == WRITERS  # with the wait, none was even refused


def test_simultaneous_writers_in_processes_all_land(store_url: str) -> None:
    with DiaryStore(store_url) as setup:
        setup.create_profile(Profile(name="Ana", age=34))
    context = multiprocessing.get_context("spawn")
    with context.Pool(PROCESSES) as pool:
        written = pool.starmap(
            _write_from_a_process, [(store_url, i * PER_PROCESS) for i in range(PROCESSES)]
        )
    with DiaryStore(store_url) as check:
        assert len(check.list_entries("Ana")) == sum(written) == PROCESSES * PER_PROCESS
