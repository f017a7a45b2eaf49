"""The fields a cohort screen reads, and ``--map COLUMN=FIELD[:UNIT]`` parsing.

Every source (an NHANES folder, a CSV or Parquet file) is turned into one table with these
fields; the rules only ever see them. A lab field carries the unit its column is in, checked
against the lab test's accepted units in the knowledge base, so the screen converts with the
project's own unit code and never assumes one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from b12.core.lab_parser import resolve_test_code
from b12.core.units import accepted_unit
from b12.errors import InputError
from b12.knowledge import Knowledge

LAB_FIELDS = ("b12_total", "b12_active", "mma", "homocysteine", "egfr", "creatinine")
"""Lab tests the screen reads: the B12 markers, MMA and homocysteine, and kidney function."""

PLAIN_FIELDS = {
    "person_id": "an identifier per person (kept in --out)",
    "age": "age in years",
    "sex": "female or male (f and m are accepted, in any case)",
    "weight": "the survey weight of the person (weighted prevalences use it)",
    "drug": "prescription medicine names, several separated by ';' (empty: none)",
}

SEX_CODES = {"female": "female", "f": "female", "male": "male", "m": "male"}
"""Spellings of sex a CSV or Parquet column may use, and what each means."""


@dataclass(frozen=True, slots=True)
class Column:
    """One source column read as one field (``unit`` only for a lab field)."""

    column: str
    field: str
    unit: str | None = None


def _allowed_fields() -> str:
    return ", ".join((*LAB_FIELDS, *PLAIN_FIELDS))


def parse_map(text: str, knowledge: Knowledge) -> Column:
    """``COLUMN=FIELD[:UNIT]``: a lab field needs one of its test's units, others none."""
    column, sep, rest = text.partition("=")
    column, rest = column.strip(), rest.strip()
    if not sep or not column or not rest:
        raise InputError(
            f"--map {text!r}: write COLUMN=FIELD or COLUMN=FIELD:UNIT, e.g. "
            "LBDB12SI=b12_total:pmol/L; FIELD is one of " + _allowed_fields(),
            field="map",
        )
    name, has_unit, unit = rest.partition(":")
    name, unit = name.strip(), unit.strip()
    if name in PLAIN_FIELDS:
        if has_unit:
            raise InputError(f"--map {text!r}: {name} takes no unit", field="map")
        return Column(column, name)
    try:
        code = resolve_test_code(name, knowledge.lab_tests)
    except InputError:
        code = ""
    if code not in LAB_FIELDS:
        raise InputError(
            f"--map {text!r}: unknown field {name!r}; allowed: {_allowed_fields()}", field="map"
        )
    test = knowledge.lab_tests[code]
    if not unit:
        raise InputError(
            f"--map {text!r}: {code} needs the column's unit, e.g. {column}={code}:"
            f"{test.si_unit}; allowed units: {', '.join(test.units)}",
            field="map",
        )
    try:
        unit = accepted_unit(test, unit)
    except InputError as exc:
        raise InputError(f"--map {text!r}: {exc.message}", field="map") from None
    return Column(column, code, unit)


def parse_maps(texts: Iterable[str], knowledge: Knowledge) -> tuple[Column, ...]:
    """All ``--map`` options; a field or a column mapped twice is refused, and a screen needs
    a B12 marker (total or active B12)."""
    columns = tuple(parse_map(text, knowledge) for text in texts)
    seen_fields: set[str] = set()
    seen_columns: set[str] = set()
    for col in columns:
        if col.field in seen_fields:
            raise InputError(f"--map: {col.field} is mapped twice", field="map")
        if col.column in seen_columns:
            raise InputError(f"--map: column {col.column!r} is mapped twice", field="map")
        seen_fields.add(col.field)
        seen_columns.add(col.column)
    if not seen_fields & {"b12_total", "b12_active"}:
        raise InputError(
            "--map: no B12 column; map one, e.g. --map LBDB12SI=b12_total:pmol/L "
            "(b12_total or b12_active)",
            field="map",
        )
    return columns
