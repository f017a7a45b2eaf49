"""Speed of the diary store on a year of one person's diary (about 3,300 entries).

Measures opening (migrating an empty database, then reopening one at head), adding
entries one at a time (what ``b12 log`` does) and a day at a time, listing a week and the
whole year, and exporting and re-importing everything. Runs on a SQLite file, and on
PostgreSQL too when ``B12_TEST_DATABASE_URL`` is set (in a scratch schema, dropped after).
Figures are the median of the repetitions; nothing is asserted.
Run: ./dev python benchmarks/bench_store.py [REPETITIONS]
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from b12.core.diary import (
    DIARY_NUTRIENTS,
    CrampEntry,
    DrinkEntry,
    Entry,
    FoodEntry,
    Profile,
    SupplementEntry,
)
from b12.store import DiaryStore, export_json, import_json

ZONE = timezone(timedelta(hours=1))
START = datetime(2024, 1, 1, tzinfo=ZONE)


def day_of_entries(day: int) -> list[Entry]:
    base = START + timedelta(days=day)
    foods: list[Entry] = [
        FoodEntry(
            at=base + timedelta(hours=h),
            food_id=f"sr28:{1000 + h}",
            food_name="Yogurt, plain, whole milk",
            amount_text="1 cup",
            grams=245.0,
            nutrients={c: (None if c == "b12_added" else 1.5 * h) for c in DIARY_NUTRIENTS},
            meal="snack",
        )
        for h in (7, 10, 12, 16, 19, 21)
    ]
    extra: list[Entry] = [
        SupplementEntry(at=base + timedelta(hours=8), dose_ug=250.0),
        DrinkEntry(at=base + timedelta(hours=9), volume_ml=500.0),
        DrinkEntry(at=base + timedelta(hours=15), volume_ml=330.0, what="tea"),
    ]
    if day % 3 == 0:
        extra.append(CrampEntry(at=base + timedelta(hours=3), location="calf", severity=6))
    return foods + extra


@contextmanager
def sqlite_url() -> Iterator[str]:
    with tempfile.TemporaryDirectory() as folder:
        yield f"sqlite:///{Path(folder) / 'diary.sqlite3'}"


@contextmanager
def postgres_url(server: str) -> Iterator[str]:
    schema = f"b12_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        url = make_url(server).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def run(url: str) -> list[tuple[str, float, int]]:
    """(what, seconds, entries handled: 0 when a rate means nothing) for one fresh database."""
    rows = [
        ("open empty (migrate to head)", timed(lambda: DiaryStore(url).close()), 0),
        ("open at head", timed(lambda: DiaryStore(url).close()), 0),
    ]
    with DiaryStore(url) as store:
        store.create_profile(Profile(name="Ana", age=40))
        singles = day_of_entries(0) * 20
        t = timed(lambda: [store.add_entry("Ana", e) for e in singles])
        rows.append(("add_entry, one per call", t, len(singles)))
        store.delete_profile("Ana")
        store.create_profile(Profile(name="Ana", age=40))
        days = [day_of_entries(d) for d in range(365)]
        total = sum(len(d) for d in days)
        t = timed(lambda: [store.add_entries("Ana", d) for d in days])
        rows.append(("add_entries, a day per call", t, total))
        week = (START + timedelta(days=100), START + timedelta(days=107))
        rows.append(("list a week", timed(lambda: store.list_entries("Ana", *week)), 0))
        rows.append(("list the whole year", timed(lambda: store.list_entries("Ana")), total))
        rows.append(("export_json, the year", timed(lambda: export_json(store)), total))
        document = export_json(store)
        t = timed(lambda: import_json(store, document, replace=True))
        rows.append(("import_json replace, the year", t, total))
    return rows


def main() -> None:
    reps = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    backends: list[tuple[str, Callable[[], AbstractContextManager[str]]]] = [("sqlite", sqlite_url)]
    server = os.environ.get("B12_TEST_DATABASE_URL")
    if server:
        backends.append(("postgresql", lambda: postgres_url(server)))
    for name, make in backends:
        times: dict[str, list[float]] = {}
        counts: dict[str, int] = {}
        for _ in range(reps):
            with make() as url:
                for label, seconds, count in run(url):
                    times.setdefault(label, []).append(seconds)
                    counts[label] = count
        print(f"\n{name} (median of {reps})")
        for label, runs in times.items():
            median = statistics.median(runs)
            rate = f"{counts[label] / median:10,.0f} entries/s" if counts[label] else ""
            print(f"  {label:<32} {median * 1000:9.1f} ms  {rate}")


if __name__ == "__main__":
    main()
