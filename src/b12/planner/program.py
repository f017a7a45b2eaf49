"""A mixed-integer linear program as plain data: columns, rows and their bounds.

The planner's model (``milp.py``) writes into this and the solver adapter (``solver.py``)
reads it, so the model can be built, inspected and tested without HiGHS, and another solver
would need only another adapter.
"""

from __future__ import annotations

from dataclasses import dataclass, field

INF = float("inf")


@dataclass(slots=True)
class Program:
    cost: list[float] = field(default_factory=list)
    lower: list[float] = field(default_factory=list)
    upper: list[float] = field(default_factory=list)
    integer: list[bool] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    rows: list[tuple[dict[int, float], float, float]] = field(default_factory=list)
    row_names: list[str] = field(default_factory=list)

    def var(
        self,
        name: str,
        *,
        cost: float = 0.0,
        lo: float = 0.0,
        hi: float = INF,
        integer: bool = False,
    ) -> int:
        """A new column; returns its index."""
        self.cost.append(cost)
        self.lower.append(lo)
        self.upper.append(hi)
        self.integer.append(integer)
        self.names.append(name)
        return len(self.cost) - 1

    def row(self, name: str, coefs: dict[int, float], lo: float = -INF, hi: float = INF) -> None:
        """lo <= sum(coef x col) <= hi. Zero coefficients are dropped."""
        self.rows.append(({k: v for k, v in coefs.items() if v != 0.0}, lo, hi))
        self.row_names.append(name)

    @property
    def columns(self) -> int:
        return len(self.cost)


@dataclass(frozen=True, slots=True)
class Solution:
    status: str  # "optimal", "time_limit", "infeasible", ...
    values: tuple[float, ...]
    objective: float
    seconds: float
    gap: float | None
    relaxed: bool

    @property
    def usable(self) -> bool:
        return bool(self.values)
