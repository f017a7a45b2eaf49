"""The few spellings where DuckDB's SQL and Spark SQL differ.

The screening query is written once, in the SQL both engines share (CASE, CAST, GROUPING
SETS, DECIMAL sums); only identifiers, literals and the list functions used to match
medicine names go through a dialect. Numbers are written as ``CAST('repr' AS DOUBLE)`` so
each engine holds the very double Python holds: a bare ``133.0`` would be a DECIMAL.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from b12.errors import InputError


@dataclass(frozen=True, slots=True)
class Dialect:
    name: Literal["duckdb", "spark"]

    def ident(self, name: str) -> str:
        """A quoted column name (a CSV header may hold spaces or dots)."""
        if self.name == "spark":
            return "`" + name.replace("`", "``") + "`"
        return '"' + name.replace('"', '""') + '"'

    def string(self, text: str) -> str:
        """A string literal. Only b12's own words and the knowledge base's names are written
        as literals; a quote or backslash in them would be a bug, so it is refused."""
        if "'" in text or "\\" in text:
            raise InputError(f"cannot write {text!r} as a SQL literal")
        return f"'{text}'"

    def double(self, value: float) -> str:
        return f"CAST('{value!r}' AS DOUBLE)"

    def strings(self, texts: Iterable[str]) -> str:
        """An array of string literals."""
        items = ", ".join(self.string(t) for t in texts)
        return f"array({items})" if self.name == "spark" else f"[{items}]"

    def split_trimmed(self, text_sql: str, separator: str) -> str:
        """The parts of a text between separators, each trimmed."""
        sep = self.string(separator)
        if self.name == "spark":
            return f"transform(split({text_sql}, {sep}), x -> trim(x))"
        return f"list_transform(string_split({text_sql}, {sep}), lambda x: trim(x))"

    def overlaps(self, array_sql: str, other_sql: str) -> str:
        fn = "arrays_overlap" if self.name == "spark" else "list_has_any"
        return f"{fn}({array_sql}, {other_sql})"


DUCKDB = Dialect("duckdb")
SPARK = Dialect("spark")
