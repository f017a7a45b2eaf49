"""Typed values the core works on: lab inputs, interpreted labs and warnings.

Lab inputs are pydantic dataclasses so the contract's JSON is validated once, with field
paths in every error, and read at plain-dataclass speed (see ``b12.knowledge.models``); the
results are plain dataclasses with ``to_dict`` producing the contract's JSON shapes exactly.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any, Literal, cast

from pydantic import ConfigDict, Strict, TypeAdapter, field_validator, model_validator
from pydantic.dataclasses import dataclass as validated

from b12.core.contract import InterpretedLabJSON, ReferenceRangeJSON, WarningJSON

if TYPE_CHECKING:
    from b12.knowledge import Knowledge

Comparator = Literal["<", "<=", ">", ">="]
# A JSON number: ints and floats, but not booleans or numeric strings (true is not 1 here).
Num = Annotated[float, Strict()]
Verdict = Literal["low", "normal", "high", "positive", "negative"]
Sex = Literal["female", "male"]


_STRICT = ConfigDict(extra="forbid", defer_build=True)  # built on first use, not at import


@validated(frozen=True, kw_only=True, config=_STRICT)
class ReferenceRange:
    """The range the lab printed, in the same unit as the value. Either limit may be absent."""

    low: Num | None = None
    high: Num | None = None

    @model_validator(mode="after")
    def _ordered(self) -> ReferenceRange:
        for name in ("low", "high"):
            v = getattr(self, name)
            if v is not None and (not math.isfinite(v) or v < 0):
                raise ValueError(f"reference range {name} must be a number >= 0, got {v}")
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError(f"reference range low ({self.low}) is above high ({self.high})")
        return self


@validated(frozen=True, kw_only=True, config=_STRICT)
class LabInput:
    """One lab result as the contract's ``labs[]`` item."""

    test: str
    value: Num | None = None
    unit: str | None = None
    comparator: Comparator | None = None
    result: Verdict | None = None
    reference_range: ReferenceRange | None = None
    date: str | None = None

    @field_validator("value")
    @classmethod
    def _finite(cls, v: float | None) -> float | None:
        if v is not None and not math.isfinite(v):
            raise ValueError("value must be a finite number")
        return v

    @field_validator("date")
    @classmethod
    def _iso_date(cls, v: str | None) -> str | None:
        if v is None:
            return v
        from datetime import date, datetime

        try:
            (datetime if "T" in v else date).fromisoformat(v)
        except ValueError:
            raise ValueError(f"date must be ISO 8601 (YYYY-MM-DD), got {v!r}") from None
        return v

    @model_validator(mode="after")
    def _value_or_result(self) -> LabInput:
        if self.value is None and self.result is None:
            raise ValueError(
                "give either value with unit, or result (low|normal|high|positive|negative)"
            )
        if self.value is not None and self.result is not None:
            raise ValueError("give value with unit, or result alone, not both")
        if self.value is not None and self.unit is None:
            raise ValueError("value needs a unit")
        if self.value is None and (self.comparator or self.unit):
            raise ValueError("comparator and unit go with a value")
        return self


Cite = Callable[[list[str]], list[Any]]
"""Source ids to a report's ``sources`` entries (``Knowledge.source_dicts`` by default; the
web app passes one that gives the same entries already encoded as JSON)."""


def citer(knowledge: Knowledge, cite: Cite | None) -> Cite:
    """``cite``, or the knowledge base's own when none is given."""
    return cite or knowledge.source_dicts


LAB_INPUT: TypeAdapter[LabInput] = TypeAdapter(LabInput)
"""Validates a lab (``LAB_INPUT.validate_python(data)``) and dumps one back to data."""


def lab_data(lab: LabInput) -> dict[str, Any]:
    """A lab as the contract's JSON object, without the keys it does not have."""
    return LAB_INPUT.dump_python(lab, exclude_none=True)  # type: ignore[no-any-return]


@dataclass(slots=True)
class Warning:
    code: str
    message: str
    field: str | None = None

    def to_dict(self) -> WarningJSON:
        return {"code": self.code, "message": self.message, "field": self.field}


@dataclass(slots=True)
class InterpretedLab:
    """One lab read against its rule; ``to_dict`` is the contract's shape plus extras."""

    test: str
    name: str
    value: float | None
    unit: str | None
    value_si: float | None
    unit_si: str | None
    category: str
    severity: str | None
    message: str
    sources: list[str]
    warnings: list[Warning] = field(default_factory=list)
    comparator: str | None = None
    result: str | None = None
    reference_range: ReferenceRange | None = None
    date: str | None = None
    loinc: list[str] = field(default_factory=list)
    extras: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> InterpretedLabJSON:
        out: InterpretedLabJSON = {
            "test": self.test,
            "name": self.name,
            "value": self.value,
            "unit": self.unit,
            "value_si": None if self.value_si is None else round(self.value_si, 4),
            "unit_si": self.unit_si,
            "category": self.category,
            "severity": self.severity,
            "message": self.message,
            "sources": self.sources,
            "warnings": [w.to_dict() for w in self.warnings] if self.warnings else [],
        }
        if self.comparator:
            out["comparator"] = self.comparator
        if self.result:
            out["result"] = self.result
        if self.reference_range is not None:
            out["reference_range"] = _reference_range_data(self.reference_range)
        if self.date:
            out["date"] = self.date
        if self.loinc:
            out["loinc"] = self.loinc
        if self.extras:
            # What a reading adds (``labs._Reading.extras``): keys InterpretedLabJSON
            # declares (upper_limit_si, times_upper_limit), as tests/web/test_contract.py checks.
            out = cast(InterpretedLabJSON, out | self.extras)
        return out


def _reference_range_data(ref: ReferenceRange) -> ReferenceRangeJSON:
    out: ReferenceRangeJSON = {}
    if ref.low is not None:
        out["low"] = ref.low
    if ref.high is not None:
        out["high"] = ref.high
    return out


def result_text(lab: LabInput | InterpretedLab) -> str:
    """A result as the lab printed it: ``"<90 mL/min/{1.73_m2}"``, ``"142 pg/mL"``, or a
    reported verdict such as ``"positive"``."""
    if lab.result:
        return lab.result
    assert lab.value is not None
    return f"{lab.comparator or ''}{lab.value:g} {lab.unit}"
