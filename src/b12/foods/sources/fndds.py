"""Parser for FNDDS 2021–2023 in its official "At A Glance" Excel workbooks.

Each workbook's first sheet has a title row, then a header row (cells may hold line breaks,
e.g. ``"Sugars, total\\n(g)"``), then one row per food or portion; a second sheet holds
"Variable Descriptions". The parsers take a header and row tuples so tests can feed them
directly; ``read_sheet`` opens a workbook with openpyxl in read-only mode.

FNDDS ids are the 8-digit food codes; the food group is the WWEIA category. Columns are found
by their header text (units included), so a workbook whose units changed is refused rather
than imported wrongly.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from b12.errors import InputError
from b12.foods.model import FoodRecord, PortionRecord, ValueRecord
from b12.foods.nutrients import NUTRIENTS

SOURCE = "fndds"
DIRNAME = "usda_fndds_2021_2023"
RELEASE = "Food and Nutrient Database for Dietary Studies 2021-2023 (FNDDS), At A Glance"
RELEASE_DATE = "2024"
PREFIX = "2021-2023 FNDDS At A Glance - "
FOODS_BOOK = PREFIX + "Foods and Beverages.xlsx"
NUTRIENTS_BOOK = PREFIX + "FNDDS Nutrient Values.xlsx"
PORTIONS_BOOK = PREFIX + "Portions and Weights.xlsx"
REQUIRED = (FOODS_BOOK, NUTRIENTS_BOOK, PORTIONS_BOOK)

Cell = object
Row = Sequence[Cell]


def normalise_header(cell: Cell) -> str:
    """``"Sugars, total\\n(g)"`` → ``"Sugars, total (g)"``."""
    return " ".join(str(cell).split()) if cell is not None else ""


def _columns(header: Row, wanted: Iterable[str], book: str) -> dict[str, int]:
    names = [normalise_header(c) for c in header]
    index = {name: i for i, name in enumerate(names) if name}
    missing = [w for w in wanted if w not in index]
    if missing:
        raise InputError(
            f"{book}: column(s) {', '.join(repr(m) for m in missing)} not found; "
            "is this the FNDDS 2021-2023 At A Glance workbook?"
        )
    return {w: index[w] for w in wanted}


def _code(cell: Cell, where: str) -> str:
    text = str(cell).strip()
    if text.endswith(".0"):
        text = text[:-2]
    if len(text) != 8 or not text.isdigit():
        raise InputError(f"{where}: food code {cell!r} is not eight digits")
    return text


def _text(cell: Cell) -> str:
    return " ".join(str(cell).split()) if cell is not None else ""


def _number(cell: Cell, where: str) -> float | None:
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None  # an empty cell is missing, never 0
    if isinstance(cell, bool):
        raise InputError(f"{where}: {cell!r} is not a number")
    if isinstance(cell, int | float):
        return float(cell)
    try:
        return float(str(cell).strip())
    except ValueError:
        raise InputError(f"{where}: {cell!r} is not a number") from None


def _category_code(cell: Cell) -> str:
    text = _text(cell)
    return text[:-2] if text.endswith(".0") else text


def parse_foods(header: Row, rows: Iterable[Row]) -> Iterator[FoodRecord]:
    """Foods and Beverages: code, main and additional descriptions, WWEIA category."""
    cols = _columns(
        header,
        (
            "Food code",
            "Main food description",
            "Additional food description",
            "WWEIA Category number",
            "WWEIA Category description",
        ),
        FOODS_BOOK,
    )
    for number, row in enumerate(rows, start=1):
        if _blank(row):
            continue
        where = f"{FOODS_BOOK} row {number}"
        extra = _text(row[cols["Additional food description"]])
        yield FoodRecord(
            source=SOURCE,
            code=_code(row[cols["Food code"]], where),
            name=_text(row[cols["Main food description"]]),
            group_code=_category_code(row[cols["WWEIA Category number"]]),
            group_name=_text(row[cols["WWEIA Category description"]]),
            synonyms=tuple(s.strip() for s in re.split(r"[,;]", extra) if s.strip()),
        )


def parse_values(header: Row, rows: Iterable[Row]) -> Iterator[ValueRecord]:
    """FNDDS Nutrient Values: one row per food, one column per nutrient (per 100 g)."""
    cols = _columns(header, ("Food code", *(n.fndds_column for n in NUTRIENTS)), NUTRIENTS_BOOK)
    for number, row in enumerate(rows, start=1):
        if _blank(row):
            continue
        where = f"{NUTRIENTS_BOOK} row {number}"
        code = _code(row[cols["Food code"]], where)
        for n in NUTRIENTS:
            value = _number(row[cols[n.fndds_column]], f"{where}, {n.fndds_column}")
            if value is not None:
                yield ValueRecord(code=code, nutrient=n.code, value=value)


_LEADING_COUNT = re.compile(r"^(\d+(?:\.\d+)?(?:/\d+)?)\s+(\S.*)$")


def split_count(description: str) -> tuple[float, str]:
    """``"1 cup, diced"`` → ``(1.0, "cup, diced")``; ``"1/2 cup"`` → ``(0.5, "cup")``.

    A description without a leading count ("Quantity not specified") is one of itself.
    """
    match = _LEADING_COUNT.match(description)
    if not match:
        return 1.0, description
    number, measure = match.groups()
    if "/" in number:
        top, bottom = number.split("/")
        if float(bottom) == 0:
            return 1.0, description
        return float(top) / float(bottom), measure
    return float(number), measure


def parse_portions(header: Row, rows: Iterable[Row]) -> Iterator[PortionRecord]:
    """Portions and Weights: code, Seq num, Portion description, Portion weight (g)."""
    cols = _columns(
        header,
        ("Food code", "Seq num", "Portion description", "Portion weight (g)"),
        PORTIONS_BOOK,
    )
    for number, row in enumerate(rows, start=1):
        if _blank(row):
            continue
        where = f"{PORTIONS_BOOK} row {number}"
        grams = _number(row[cols["Portion weight (g)"]], where)
        if grams is None or grams <= 0:
            continue  # e.g. human milk "Quantity not specified", 0 g: not a usable measure
        seq = _number(row[cols["Seq num"]], where)
        description = _text(row[cols["Portion description"]])
        amount, measure = split_count(description)
        yield PortionRecord(
            code=_code(row[cols["Food code"]], where),
            seq=int(seq) if seq is not None else number,
            description=description,
            amount=amount,
            measure=measure,
            grams=grams,
        )


def _blank(row: Row) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in row)


@dataclass(frozen=True, slots=True)
class Sheet:
    """The first sheet of a workbook: its title line, header row and data rows."""

    title: str
    header: tuple[Cell, ...]
    rows: Iterator[tuple[Cell, ...]]


def read_sheet(path: Path, on_rows: Callable[[int, int | None], None] | None = None) -> Sheet:
    """Open ``path`` read-only and position after the header row (the one starting "Food code").

    The workbook stays open until ``rows`` is exhausted; ``on_rows(done, total)`` reports
    progress every thousand rows.
    """
    import openpyxl  # type: ignore[import-untyped]  # no stubs in the locked environment

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a file that is not xlsx
        raise InputError(f"{path.name}: cannot read as an Excel workbook ({exc})") from None
    sheet = book.worksheets[0]
    total = sheet.max_row if isinstance(sheet.max_row, int) else None
    it = sheet.iter_rows(values_only=True)
    title = ""
    for _ in range(10):
        row = next(it, None)
        if row is None:
            break
        if normalise_header(row[0] if row else None) == "Food code":
            return Sheet(title, tuple(row), _rows(book, it, on_rows, total))
        if not title and row and row[0] is not None:
            # "Food and Beverages\n2021-2023 Food and Nutrient Database … - At A Glance"
            lines = [" ".join(line.split()) for line in str(row[0]).splitlines()]
            title = next((line for line in reversed(lines) if line), "")
    book.close()
    raise InputError(f"{path.name}: no header row starting with 'Food code' in the first sheet")


def _rows(
    book: object,
    it: Iterator[tuple[Cell, ...]],
    on_rows: Callable[[int, int | None], None] | None,
    total: int | None,
) -> Iterator[tuple[Cell, ...]]:
    done = 0
    try:
        for row in it:
            done += 1
            if on_rows is not None and done % 1000 == 0:
                on_rows(done, total)
            yield row
    finally:
        if on_rows is not None:
            on_rows(done, done)
        close = getattr(book, "close", None)
        if callable(close):
            close()


@dataclass(frozen=True, slots=True)
class Files:
    directory: Path

    @property
    def all(self) -> tuple[Path, ...]:
        return tuple(self.directory / n for n in REQUIRED)


def locate(directory: Path) -> Files | None:
    """The FNDDS workbooks in ``directory`` or its ``usda_fndds_2021_2023/`` folder."""
    for candidate in (directory / DIRNAME, directory):
        present = [n for n in REQUIRED if (candidate / n).is_file()]
        if not present:
            continue
        missing = [n for n in REQUIRED if n not in present]
        if missing:
            raise InputError(
                f"{candidate} lacks {', '.join(missing)}; FNDDS needs the Foods and Beverages, "
                "FNDDS Nutrient Values and Portions and Weights workbooks"
            )
        return Files(candidate)
    return None
