"""Parser for USDA SR28 in its official ASCII format.

Fields are separated by ``^``, text fields are wrapped in ``~`` (empty text is ``~~``), there
is no header row, lines end in CRLF and the encoding is latin-1 (``µ`` is byte 0xB5). The
parsers take lines so tests can feed them hand-made rows; ``read_release`` opens the files.
Only the nutrients of ``nutrients.NUTRIENTS`` are kept; a nutrient a food has no row for is
simply absent (missing, never 0).
"""

from __future__ import annotations

import gzip
import io
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, cast

from b12.errors import InputError
from b12.foods.model import FoodRecord, PortionRecord, ValueRecord
from b12.foods.nutrients import BY_SR28_NUMBER, NUTRIENTS

SOURCE = "sr28"
DIRNAME = "usda_sr28"
RELEASE = "USDA National Nutrient Database for Standard Reference, Release 28 (SR28)"
RELEASE_DATE = "2015-09"
FOOD_DES = "FOOD_DES.txt"
FD_GROUP = "FD_GROUP.txt"
NUTR_DEF = "NUTR_DEF.txt"
WEIGHT = "WEIGHT.txt"
NUT_DATA_NAMES = ("NUT_DATA.txt", "NUT_DATA.txt.gz")
REQUIRED = (FOOD_DES, FD_GROUP, NUTR_DEF, WEIGHT)


def split_fields(line: str, *, expected: int, where: str) -> list[str]:
    """Split one record into fields with the ``~`` quotes removed."""
    fields = line.rstrip("\r\n").split("^")
    if len(fields) < expected:
        raise InputError(
            f"{where}: expected {expected} '^'-separated fields, found {len(fields)}; "
            "is this an SR28 ASCII file?"
        )
    return [f[1:-1] if len(f) >= 2 and f[0] == "~" and f[-1] == "~" else f for f in fields]


def _lines(lines: Iterable[str], name: str) -> Iterator[tuple[str, str]]:
    for number, line in enumerate(lines, start=1):
        if line.strip():
            yield f"{name} line {number}", line


def parse_groups(lines: Iterable[str]) -> dict[str, str]:
    """FD_GROUP.txt: group code → description."""
    groups: dict[str, str] = {}
    for where, line in _lines(lines, FD_GROUP):
        code, name = split_fields(line, expected=2, where=where)[:2]
        groups[code] = name
    return groups


def parse_foods(lines: Iterable[str], groups: Mapping[str, str]) -> Iterator[FoodRecord]:
    """FOOD_DES.txt: NDB_No, FdGrp_Cd, Long_Desc, Shrt_Desc, ComName, ManufacName, …"""
    for where, line in _lines(lines, FOOD_DES):
        f = split_fields(line, expected=10, where=where)
        ndb, group_code, long_desc, common, manufacturer = f[0], f[1], f[2], f[4], f[5]
        if len(ndb) != 5 or not ndb.isdigit():
            raise InputError(f"{where}: NDB_No {ndb!r} is not five digits")
        synonyms = tuple(s.strip() for s in common.split(",") if s.strip())
        if manufacturer:
            synonyms += (manufacturer,)
        yield FoodRecord(
            source=SOURCE,
            code=ndb,
            name=long_desc,
            group_code=group_code,
            group_name=groups.get(group_code, ""),
            synonyms=synonyms,
        )


def parse_units(lines: Iterable[str]) -> dict[str, str]:
    """NUTR_DEF.txt: Nutr_No → unit (e.g. ``"418" → "µg"``)."""
    units: dict[str, str] = {}
    for where, line in _lines(lines, NUTR_DEF):
        f = split_fields(line, expected=4, where=where)
        units[f[0]] = f[1]
    return units


def check_units(units: Mapping[str, str]) -> None:
    """Refuse a NUTR_DEF whose units differ from the ones our nutrient table expects."""
    for n in NUTRIENTS:
        found = units.get(n.sr28_number)
        if found is not None and found != n.sr28_unit:
            raise InputError(
                f"{NUTR_DEF}: nutrient {n.sr28_number} ({n.name}) is in {found!r}, "
                f"expected {n.sr28_unit!r}; is this the SR28 release?"
            )


def parse_values(lines: Iterable[str]) -> Iterator[ValueRecord]:
    """NUT_DATA.txt: NDB_No, Nutr_No, Nutr_Val, … — only the nutrients we keep."""
    wanted = BY_SR28_NUMBER
    for number, line in enumerate(lines, start=1):
        parts = line.split("^", 3)
        if len(parts) < 4:
            if not line.strip():
                continue
            raise InputError(f"NUT_DATA line {number}: expected '^'-separated fields")
        nutrient = wanted.get(parts[1].strip("~"))
        if nutrient is None:
            continue
        raw = parts[2]
        if not raw:
            continue  # no value given: missing, not 0
        try:
            value = float(raw)
        except ValueError:
            raise InputError(f"NUT_DATA line {number}: Nutr_Val {raw!r} is not a number") from None
        yield ValueRecord(code=parts[0].strip("~"), nutrient=nutrient.code, value=value)


def parse_weights(lines: Iterable[str]) -> Iterator[PortionRecord]:
    """WEIGHT.txt: NDB_No, Seq, Amount, Msre_Desc, Gm_Wgt, … (Amount × Msre_Desc = Gm_Wgt)."""
    for where, line in _lines(lines, WEIGHT):
        f = split_fields(line, expected=5, where=where)
        try:
            seq, amount, grams = int(f[1]), float(f[2]), float(f[4])
        except ValueError:
            raise InputError(f"{where}: Seq, Amount and Gm_Wgt must be numbers") from None
        if amount <= 0 or grams <= 0:
            continue  # not a usable measure
        measure = f[3].strip()
        yield PortionRecord(
            code=f[0],
            seq=seq,
            description=f"{amount:g} {measure}",
            amount=amount,
            measure=measure,
            grams=grams,
        )


@dataclass(frozen=True, slots=True)
class Files:
    """Where the SR28 files of one release are."""

    directory: Path
    nut_data: Path

    def path(self, name: str) -> Path:
        return self.directory / name

    @property
    def all(self) -> tuple[Path, ...]:
        return (*(self.directory / n for n in REQUIRED), self.nut_data)


def locate(directory: Path) -> Files | None:
    """The SR28 files in ``directory`` or its ``usda_sr28/`` folder; None when absent.

    A folder that holds some but not all of the files is an error naming the missing ones.
    """
    for candidate in (directory / DIRNAME, directory):
        if not (candidate / FOOD_DES).is_file():
            continue
        nut = next((candidate / n for n in NUT_DATA_NAMES if (candidate / n).is_file()), None)
        missing = [n for n in REQUIRED if not (candidate / n).is_file()]
        if nut is None:
            missing.append(" or ".join(NUT_DATA_NAMES))
        if missing or nut is None:
            raise InputError(
                f"{candidate} has {FOOD_DES} but lacks {', '.join(missing)}; "
                "SR28 needs FOOD_DES, FD_GROUP, NUTR_DEF, WEIGHT and NUT_DATA"
            )
        return Files(candidate, nut)
    return None


def read_lines(
    path: Path, on_bytes: Callable[[int, int | None], None] | None = None
) -> Iterator[str]:
    """The lines of an SR28 file as latin-1 text, gunzipping ``*.gz``.

    ``on_bytes(read, total)`` reports progress in bytes of the file on disk every few
    thousand lines, so a progress bar can follow the 42 MB NUT_DATA without counting lines.
    """
    total = path.stat().st_size
    with path.open("rb") as raw:
        binary: IO[bytes] = (
            cast(IO[bytes], gzip.GzipFile(fileobj=raw)) if path.suffix == ".gz" else raw
        )
        text = io.TextIOWrapper(binary, encoding="latin-1", newline=None)
        for number, line in enumerate(text, start=1):
            if on_bytes is not None and number % 20000 == 0:
                on_bytes(raw.tell(), total)
            yield line
        if on_bytes is not None:
            on_bytes(total, total)
