"""Import SR28 and FNDDS from a local folder into the food index, in one transaction.

Re-importing replaces a source's rows, so running it twice leaves the same index. When every
source in the index is being imported (the usual case) the new index is built in a file
beside the old one and renamed over it; importing one source of several updates the file in
place. Either way a failed import leaves the previous index as it was. The files
read are checked against a ``SHA256SUMS`` beside them when there is one (the reference data
folder ships one), and their checksums are recorded with the release name in ``sources``.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from b12.errors import DataMissingError, InputError
from b12.foods import kinds
from b12.foods.checksums import CHECKSUM_FILE, read_sums, sha256_of
from b12.foods.model import (
    SOURCES,
    FoodRecord,
    PortionRecord,
    ProgressFn,
    SourceStatus,
    ValueRecord,
)
from b12.foods.schema import open_for_writing
from b12.foods.search import tokenize, trigrams
from b12.foods.sources import fndds, sr28

Tick = Callable[[int, int | None], None]


@dataclass(frozen=True, slots=True)
class Located:
    """The source folders found under one directory."""

    sr28_files: sr28.Files | None
    fndds_files: fndds.Files | None


def locate(directory: Path) -> Located:
    """Find ``usda_sr28/`` and ``usda_fndds_2021_2023/`` in (or as) ``directory``."""
    if not directory.is_dir():
        raise InputError(f"{directory} is not a directory", field="source")
    found = Located(sr28.locate(directory), fndds.locate(directory))
    if found.sr28_files is None and found.fndds_files is None:
        raise DataMissingError(
            f"{directory} holds neither {sr28.DIRNAME}/ (the SR28 ASCII files FOOD_DES.txt, "
            f"NUT_DATA.txt, …) nor {fndds.DIRNAME}/ (the FNDDS 2021-2023 At A Glance workbooks)"
        )
    return found


def import_sources(
    index_path: Path,
    directory: Path,
    *,
    only: Sequence[str] | None = None,
    progress: ProgressFn | None = None,
) -> list[SourceStatus]:
    """Import every source found in ``directory`` (or just those in ``only``).

    Returns what was stored per source. Nothing changes in the index unless all of it worked.
    """
    wanted = tuple(only) if only else SOURCES
    unknown = [s for s in wanted if s not in SOURCES]
    if unknown:
        raise InputError(
            f"unknown source {unknown[0]!r}; use one of: {', '.join(SOURCES)}", field="only"
        )
    found = locate(directory)
    jobs: list[Callable[[sqlite3.Connection, ProgressFn], SourceStatus]] = []
    if "sr28" in wanted and found.sr28_files is not None:
        jobs.append(_sr28_job(found.sr28_files))
    if "fndds" in wanted and found.fndds_files is not None:
        jobs.append(_fndds_job(found.fndds_files))
    if not jobs:
        raise DataMissingError(
            f"{directory} holds none of the sources asked for ({', '.join(wanted)})"
        )
    report = progress or _quiet
    planned = {name for name in SOURCES if name in wanted}
    if _sources_in(index_path) <= planned:
        # Everything in the index is being replaced: build a fresh file beside it and swap it
        # in, so the result is compact and readers see the old index or the new, never a mix.
        building = index_path.with_name(f".{index_path.name}.{os.getpid()}.building")
        building.unlink(missing_ok=True)
        try:
            results = _import_into(building, jobs, report)
            os.replace(building, index_path)
        finally:
            building.unlink(missing_ok=True)
        return results
    return _import_into(index_path, jobs, report)


def _import_into(
    path: Path,
    jobs: Sequence[Callable[[sqlite3.Connection, ProgressFn], SourceStatus]],
    report: ProgressFn,
) -> list[SourceStatus]:
    """Run the import jobs in one transaction on the index at ``path``."""
    conn = open_for_writing(path)
    try:
        conn.execute("BEGIN IMMEDIATE")
        results = [job(conn, report) for job in jobs]
        for status in results:
            _record(conn, status)
        report("search index", 0, 1)
        rebuild_search(conn)
        report("search index", 1, 1)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    finally:
        conn.close()
    return results


def _sources_in(path: Path) -> set[str]:
    """Sources an existing index holds (none if it is missing or unreadable)."""
    if not path.is_file():
        return set()
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            return {row[0] for row in conn.execute("SELECT source FROM sources")}
    except sqlite3.DatabaseError:
        return set()


def _quiet(stage: str, done: int, total: int | None) -> None:
    """Progress sink that shows nothing."""


def _tick(report: ProgressFn, stage: str) -> Tick:
    def tick(done: int, total: int | None) -> None:
        report(stage, done, total)

    return tick


def _status(
    source: str,
    release: str,
    release_date: str,
    directory: Path,
    counts: tuple[int, int, int],
    started: float,
    files: Mapping[str, str],
) -> SourceStatus:
    return SourceStatus(
        source=source,
        release=release,
        release_date=release_date,
        directory=str(directory.resolve()),
        imported_at=datetime.now(UTC).isoformat(timespec="seconds"),
        foods=counts[0],
        nutrient_values=counts[1],
        portions=counts[2],
        seconds=round(time.perf_counter() - started, 2),
        files=dict(files),
    )


def _sr28_job(files: sr28.Files) -> Callable[[sqlite3.Connection, ProgressFn], SourceStatus]:
    def run(conn: sqlite3.Connection, report: ProgressFn) -> SourceStatus:
        started = time.perf_counter()
        checksums = verify_checksums(files.all)
        groups = sr28.parse_groups(sr28.read_lines(files.path(sr28.FD_GROUP)))
        sr28.check_units(sr28.parse_units(sr28.read_lines(files.path(sr28.NUTR_DEF))))
        clear_source(conn, "sr28")
        foods_path = files.path(sr28.FOOD_DES)
        keys = insert_foods(
            conn, sr28.parse_foods(sr28.read_lines(foods_path, _tick(report, "SR28 foods")), groups)
        )
        lines = sr28.read_lines(files.nut_data, _tick(report, "SR28 nutrient values"))
        values = insert_values(conn, keys, sr28.parse_values(lines))
        lines = sr28.read_lines(files.path(sr28.WEIGHT), _tick(report, "SR28 portions"))
        portions = insert_portions(conn, keys, sr28.parse_weights(lines))
        counts = (len(keys), values, portions)
        return _status(
            "sr28", sr28.RELEASE, sr28.RELEASE_DATE, files.directory, counts, started, checksums
        )

    return run


def _fndds_job(files: fndds.Files) -> Callable[[sqlite3.Connection, ProgressFn], SourceStatus]:
    def run(conn: sqlite3.Connection, report: ProgressFn) -> SourceStatus:
        started = time.perf_counter()
        checksums = verify_checksums(files.all)
        clear_source(conn, "fndds")
        sheet = fndds.read_sheet(files.directory / fndds.FOODS_BOOK, _tick(report, "FNDDS foods"))
        title = sheet.title
        keys = insert_foods(conn, fndds.parse_foods(sheet.header, sheet.rows))
        sheet = fndds.read_sheet(
            files.directory / fndds.NUTRIENTS_BOOK, _tick(report, "FNDDS nutrient values")
        )
        values = insert_values(conn, keys, fndds.parse_values(sheet.header, sheet.rows))
        sheet = fndds.read_sheet(
            files.directory / fndds.PORTIONS_BOOK, _tick(report, "FNDDS portions")
        )
        portions = insert_portions(conn, keys, fndds.parse_portions(sheet.header, sheet.rows))
        counts = (len(keys), values, portions)
        release = title or fndds.RELEASE
        return _status(
            "fndds", release, fndds.RELEASE_DATE, files.directory, counts, started, checksums
        )

    return run


# Writing -----------------------------------------------------------------------------


def clear_source(conn: sqlite3.Connection, source: str) -> None:
    """Remove every row of ``source`` (the first step of a re-import)."""
    inner = "SELECT pk FROM foods WHERE source = ?"
    conn.execute(f"DELETE FROM nutrient_values WHERE food IN ({inner})", (source,))
    conn.execute(f"DELETE FROM portions WHERE food IN ({inner})", (source,))
    conn.execute("DELETE FROM foods WHERE source = ?", (source,))
    conn.execute("DELETE FROM sources WHERE source = ?", (source,))


def search_columns(record: FoodRecord) -> tuple[str, str, str]:
    """The FTS text of a food: first part of its name, the rest, and synonyms + group."""
    head, _, rest = record.name.partition(",")
    extra = "; ".join((*record.synonyms, record.group_name))
    return head.strip(), rest.strip(), extra


def insert_foods(conn: sqlite3.Connection, records: Iterable[FoodRecord]) -> dict[str, int]:
    """Insert foods; return their source code → row key (for values and portions)."""
    keys: dict[str, int] = {}
    sql = (
        "INSERT INTO foods (id, source, code, name, group_code, group_name, synonyms, kind, "
        "prior, head, rest, extra) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    )
    for r in records:
        kind = kinds.classify(r.source, r.group_code)
        head, rest, extra = search_columns(r)
        try:
            cur = conn.execute(
                sql,
                (
                    r.id, r.source, r.code, r.name, r.group_code, r.group_name,
                    "; ".join(r.synonyms), kind.value, kinds.prior(kind, r.name),
                    head, rest, extra,
                ),
            )  # fmt: skip
        except sqlite3.IntegrityError:
            raise InputError(f"food {r.id} appears twice in the source files") from None
        assert cur.lastrowid is not None
        keys[r.code] = cur.lastrowid
    return keys


def insert_values(
    conn: sqlite3.Connection, keys: Mapping[str, int], records: Iterable[ValueRecord]
) -> int:
    """Insert nutrient values of known foods; return how many were stored."""
    rows = ((keys[r.code], r.nutrient, r.value) for r in records if r.code in keys)
    before = conn.total_changes
    try:
        conn.executemany(
            "INSERT INTO nutrient_values (food, nutrient, value) VALUES (?, ?, ?)", rows
        )
    except sqlite3.IntegrityError:
        raise InputError("a nutrient value appears twice for the same food") from None
    stored = conn.total_changes - before
    conn.execute(
        "UPDATE foods SET "
        "b12 = (SELECT value FROM nutrient_values WHERE food = pk AND nutrient = 'b12'), "
        "b12_added = "
        "(SELECT value FROM nutrient_values WHERE food = pk AND nutrient = 'b12_added') "
        "WHERE pk IN (SELECT value FROM json_each(?))",
        (json.dumps(list(keys.values())),),
    )
    return stored


def insert_portions(
    conn: sqlite3.Connection, keys: Mapping[str, int], records: Iterable[PortionRecord]
) -> int:
    """Insert household measures of known foods; return how many were stored."""
    rows = (
        (keys[r.code], r.seq, r.description, r.amount, r.measure, r.grams)
        for r in records
        if r.code in keys
    )
    before = conn.total_changes
    conn.executemany(
        "INSERT INTO portions (food, seq, description, amount, measure, grams) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        rows,
    )
    return conn.total_changes - before


def _record(conn: sqlite3.Connection, s: SourceStatus) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO sources (source, release, release_date, directory, files, "
        "imported_at, foods, nutrient_values, portions, seconds) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            s.source, s.release, s.release_date, s.directory, json.dumps(dict(s.files)),
            s.imported_at, s.foods, s.nutrient_values, s.portions, s.seconds,
        ),
    )  # fmt: skip


def rebuild_search(conn: sqlite3.Connection) -> None:
    """Rebuild the FTS index and the spelling vocabulary from ``foods``."""
    conn.execute("INSERT INTO food_fts(food_fts) VALUES ('rebuild')")
    conn.execute("INSERT INTO food_fts(food_fts) VALUES ('optimize')")
    counts: Counter[str] = Counter()
    for head, rest, extra in conn.execute("SELECT head, rest, extra FROM foods"):
        counts.update(set(tokenize(f"{head} {rest} {extra}")))
    words = {w: n for w, n in counts.items() if len(w) >= 2 and not w.isdigit()}
    conn.execute("DELETE FROM vocab")
    conn.execute("DELETE FROM vocab_grams")
    conn.executemany("INSERT INTO vocab (word, df) VALUES (?, ?)", words.items())
    conn.executemany(
        "INSERT INTO vocab_grams (gram, word) VALUES (?, ?)",
        ((g, w) for w in words if len(w) >= 3 for g in trigrams(w)),
    )
    conn.execute("ANALYZE")


# Checksums ---------------------------------------------------------------------------


def verify_checksums(paths: Sequence[Path]) -> dict[str, str]:
    """Checksum each file; if a SHA256SUMS in its folder or the one above lists it, compare.

    Returns file name → sha256. A mismatch is an error naming the file.
    """
    listed: dict[Path, str] = {}
    folders = {p.parent for p in paths}
    for folder in folders | {f.parent for f in folders}:
        for name, digest in read_sums(folder / CHECKSUM_FILE).items():
            listed[(folder / name).resolve()] = digest
    result: dict[str, str] = {}
    for path in paths:
        actual = sha256_of(path)
        expected = listed.get(path.resolve())
        if expected is not None and expected != actual:
            raise InputError(
                f"{path} does not match its checksum in {CHECKSUM_FILE} "
                f"(expected {expected[:12]}…, found {actual[:12]}…); the file is damaged or "
                "not the official release",
                field="source",
            )
        result[path.name] = actual
    return result
