"""``--group-by`` and ``--age-bands``: the splits of a cohort, their SQL and their order.

Each ``--group-by`` is one split; fields joined by a comma are crossed. A split by a
medicine class takes the knowledge base's class names and aliases (``metformin``, ``ppi``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from b12.cohort.dialect import Dialect
from b12.cohort.rules import medication_class
from b12.errors import InputError
from b12.knowledge import Knowledge


@dataclass(frozen=True, slots=True)
class GroupField:
    """One field a cohort can be split by, and the column the screen computes for it."""

    name: str
    column: str
    class_code: str | None = None  # the medication class, for a medicine split


@dataclass(frozen=True, slots=True)
class Grouping:
    splits: tuple[tuple[GroupField, ...], ...]
    age_edges: tuple[int, ...]

    @property
    def fields(self) -> tuple[GroupField, ...]:
        """Every field used by some split, once, in first-use order."""
        seen: dict[str, GroupField] = {}
        for split in self.splits:
            for f in split:
                seen.setdefault(f.name, f)
        return tuple(seen.values())


def parse_age_bands(text: str | None) -> tuple[int, ...]:
    """``50`` or ``40,60``: whole years, rising."""
    if not text:
        return ()
    try:
        edges = tuple(int(part) for part in text.split(","))
    except ValueError:
        raise InputError(
            f"--age-bands {text!r}: write whole years separated by commas, e.g. 50 or 40,65",
            field="age_bands",
        ) from None
    if any(e <= 0 for e in edges) or list(edges) != sorted(set(edges)):
        raise InputError(
            f"--age-bands {text!r}: the years must be above 0 and rise, e.g. 40,65",
            field="age_bands",
        )
    return edges


def age_labels(edges: Sequence[int]) -> list[str]:
    """``50`` gives ``<50``, ``50+``; ``40,60`` gives ``<40``, ``40-59``, ``60+``."""
    labels = [f"<{edges[0]}"]
    labels += [f"{lo}-{hi - 1}" for lo, hi in pairwise(edges)]
    return [*labels, f"{edges[-1]}+"]


def age_band_sql(age_sql: str, edges: Sequence[int], d: Dialect) -> str:
    labels = age_labels(edges)
    whens = " ".join(
        f"WHEN {age_sql} < {d.double(float(e))} THEN {d.string(label)}"
        for e, label in zip(edges, labels, strict=False)
    )
    return f"CASE WHEN {age_sql} IS NULL THEN NULL {whens} ELSE {d.string(labels[-1])} END"


def _field(name: str, knowledge: Knowledge) -> GroupField:
    if name in ("sex", "age_band"):
        return GroupField(name, name)
    try:
        code, _ = medication_class(name, knowledge)
    except InputError as exc:
        raise InputError(
            f"--group-by {name!r}: unknown field; allowed: sex, age_band or a medication "
            f"class ({exc.message.partition('allowed: ')[2]})",
            field="group_by",
        ) from None
    return GroupField(name, f"med_{name}", code)


def parse_grouping(specs: Sequence[str], age_bands: str | None, knowledge: Knowledge) -> Grouping:
    edges = parse_age_bands(age_bands)
    splits: list[tuple[GroupField, ...]] = []
    for spec in specs:
        names = [n.strip() for n in spec.split(",") if n.strip()]
        if not names:
            raise InputError("--group-by: give a field, e.g. --group-by sex", field="group_by")
        if len(set(names)) != len(names):
            raise InputError(f"--group-by {spec!r}: a field is named twice", field="group_by")
        split = tuple(_field(n, knowledge) for n in names)
        if any(f.name == "age_band" for f in split) and not edges:
            raise InputError(
                "--group-by age_band needs --age-bands, e.g. --age-bands 50", field="age_bands"
            )
        if split not in splits:
            splits.append(split)
    return Grouping(tuple(splits), edges)


def value_order(f: GroupField, value: Any, edges: Sequence[int]) -> tuple[int, Any]:
    """A stable order of a split's values: false before true, bands by age, unknown last."""
    if value is None:
        return (2, "")
    if f.name == "age_band":
        return (0, age_labels(edges).index(value))
    if isinstance(value, bool):
        return (0, int(value))
    return (0, str(value))
