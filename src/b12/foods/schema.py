"""The SQLite file of the food index: its tables and how to open it.

One file in the user data directory holds every imported source. ``foods`` has one row per
food (with the FTS text columns and the static rank), ``nutrient_values`` and ``portions``
hang off it, ``food_fts`` is an external-content FTS5 index over ``foods``, ``vocab`` and
``vocab_grams`` serve spelling correction, and ``sources`` records what was imported from
which release. ``SCHEMA_VERSION`` changes whenever the layout does; an index with another
version must be imported again.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from b12.errors import DataMissingError
from b12.files import private_file

SCHEMA_VERSION = "1"

DDL = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sources (
    source TEXT PRIMARY KEY,
    release TEXT NOT NULL,
    release_date TEXT,
    directory TEXT NOT NULL,
    files TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    foods INTEGER NOT NULL,
    nutrient_values INTEGER NOT NULL,
    portions INTEGER NOT NULL,
    seconds REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS foods (
    pk INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    group_code TEXT NOT NULL,
    group_name TEXT NOT NULL,
    synonyms TEXT NOT NULL,
    kind TEXT NOT NULL,
    prior REAL NOT NULL,
    b12 REAL,
    b12_added REAL,
    head TEXT NOT NULL,
    rest TEXT NOT NULL,
    extra TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS foods_source ON foods(source);
CREATE TABLE IF NOT EXISTS nutrient_values (
    food INTEGER NOT NULL REFERENCES foods(pk),
    nutrient TEXT NOT NULL,
    value REAL NOT NULL,
    PRIMARY KEY (food, nutrient)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS nutrient_values_by_nutrient ON nutrient_values(nutrient, value);
CREATE TABLE IF NOT EXISTS portions (
    food INTEGER NOT NULL REFERENCES foods(pk),
    seq INTEGER NOT NULL,
    description TEXT NOT NULL,
    amount REAL NOT NULL,
    measure TEXT NOT NULL,
    grams REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS portions_by_food ON portions(food, seq);
CREATE VIRTUAL TABLE IF NOT EXISTS food_fts USING fts5(
    head, rest, extra,
    content='foods', content_rowid='pk',
    tokenize='porter unicode61 remove_diacritics 2',
    prefix='2 3'
);
CREATE TABLE IF NOT EXISTS vocab (word TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS vocab_grams (
    gram TEXT NOT NULL,
    word TEXT NOT NULL,
    PRIMARY KEY (gram, word)
) WITHOUT ROWID;
"""

# Column weights for bm25(food_fts, head, rest, extra): a word in the first part of the name
# ("Clams" in "Clams, steamed") counts most, group names and synonyms least.
BM25_WEIGHTS = (8.0, 3.0, 1.0)


def missing_index_message(path: Path) -> str:
    return (
        f"the food index {path} has not been built yet; run "
        "`b12 data import --source DIR` (DIR holding usda_sr28/ and/or usda_fndds_2021_2023/), "
        "or set B12_DATA_DIR and run `b12 data import`, or `b12 data download` first"
    )


def open_for_writing(path: Path) -> sqlite3.Connection:
    """Open (creating if needed) the index for an import; transactions are explicit."""
    private_file(path)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys=ON")
    version = _version(conn)
    if version is not None and version != SCHEMA_VERSION:
        # An index from another layout: start over rather than mix layouts.
        conn.close()
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("PRAGMA foreign_keys=ON")
    conn.executescript(DDL)
    conn.execute(
        "INSERT INTO meta(key, value) VALUES ('schema_version', ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (SCHEMA_VERSION,),
    )
    return conn


def open_for_reading(path: Path) -> sqlite3.Connection:
    """Open an existing index read-only; a missing or outdated one is a DataMissingError."""
    if not path.is_file():
        raise DataMissingError(missing_index_message(path))
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    version = _version(conn)
    if version is None:
        conn.close()
        raise DataMissingError(missing_index_message(path))
    if version != SCHEMA_VERSION:
        conn.close()
        raise DataMissingError(
            f"the food index {path} was built by another version of b12; "
            "run `b12 data import` again to rebuild it"
        )
    return conn


def _version(conn: sqlite3.Connection) -> str | None:
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    except sqlite3.DatabaseError:
        return None
    return str(row[0]) if row else None
