"""Unit-safe lab quantities.

A lab value keeps its UCUM unit until it is converted for a comparison. Conversions between
dimensions (mass <-> amount of substance <-> equivalents) need facts about the analyte
(molar mass, valence), which come from the knowledge data (``LabTest``), never from here:
this module only knows metrology (what "pg/mL" means in g/L).

Spelling is normalised once, on the way in: ``µ`` (micro sign or Greek mu) and ``mc`` become
``u``; case is forgiven (``mEq/L`` -> ``meq/L``, ``fl`` -> ``fL``); common eGFR spellings
become ``mL/min/{1.73_m2}``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from b12.errors import InputError
from b12.knowledge.models import LabTest

Dimension = Literal[
    "mass_conc",  # g/L
    "substance_conc",  # mol/L
    "equivalent_conc",  # eq/L
    "catalytic_conc",  # U/L
    "arbitrary_conc",  # [IU]/L
    "entitic_volume",  # fL
    "gfr",  # mL/min/{1.73_m2}
    "ratio_mmol_mol",  # mmol/mol
    "percent",  # %
    "number_conc",  # 10*9/L (cells)
]


@dataclass(frozen=True, slots=True)
class UnitDef:
    code: str
    dimension: Dimension
    scale: float  # value in this unit x scale = value in the dimension's base unit


_UNITS: dict[str, UnitDef] = {
    u.code: u
    for u in (
        UnitDef("g/L", "mass_conc", 1.0),
        UnitDef("g/dL", "mass_conc", 10.0),
        UnitDef("mg/dL", "mass_conc", 1e-2),
        UnitDef("mg/L", "mass_conc", 1e-3),
        UnitDef("ug/L", "mass_conc", 1e-6),
        UnitDef("ng/mL", "mass_conc", 1e-6),
        UnitDef("ng/dL", "mass_conc", 1e-8),
        UnitDef("ng/L", "mass_conc", 1e-9),
        UnitDef("pg/mL", "mass_conc", 1e-9),
        UnitDef("mol/L", "substance_conc", 1.0),
        UnitDef("mmol/L", "substance_conc", 1e-3),
        UnitDef("umol/L", "substance_conc", 1e-6),
        UnitDef("nmol/L", "substance_conc", 1e-9),
        UnitDef("pmol/L", "substance_conc", 1e-12),
        UnitDef("meq/L", "equivalent_conc", 1e-3),
        UnitDef("U/L", "catalytic_conc", 1.0),
        UnitDef("mIU/L", "arbitrary_conc", 1e-3),
        UnitDef("m[IU]/L", "arbitrary_conc", 1e-3),
        UnitDef("uIU/mL", "arbitrary_conc", 1e-3),
        UnitDef("fL", "entitic_volume", 1.0),
        UnitDef("mL/min/{1.73_m2}", "gfr", 1.0),
        UnitDef("mmol/mol", "ratio_mmol_mol", 1.0),
        UnitDef("%", "percent", 1.0),
        UnitDef("10*9/L", "number_conc", 1.0),
    )
}

_CASEFOLDED = {code.casefold(): code for code in _UNITS}
_EGFR = re.compile(r"^ml/min/?(per)?\{?1\.73[ _]?m(2|²|\^2)\}?$")


def clean_unit_text(text: str) -> str:
    """Canonical spelling of a unit as typed: micro signs, 'mc', spaces and common variants."""
    t = text.strip().replace("µ", "u").replace("μ", "u").replace(" ", "")
    t = re.sub(r"(?<![a-zA-Z])mc(?=[gGmM])", "u", t)  # mcg -> ug, mcmol -> umol
    t = t.replace("mEq", "meq").replace("MEQ", "meq")
    return t


def normalise_unit(text: str, aliases: dict[str, str] | None = None) -> str:
    """The UCUM code for a typed unit, or InputError naming it if b12 does not know it."""
    return _normalise(text, tuple(sorted((aliases or {}).items())))


@lru_cache(maxsize=1024)
def _normalise(text: str, aliases: tuple[tuple[str, str], ...]) -> str:
    t = clean_unit_text(text)
    if aliases:
        folded_aliases = {clean_unit_text(k).casefold(): v for k, v in aliases}
        if t.casefold() in folded_aliases:
            return folded_aliases[t.casefold()]
    if t in _UNITS:
        return t
    if t.casefold() in _CASEFOLDED:
        return _CASEFOLDED[t.casefold()]
    if _EGFR.match(t.casefold()):
        return "mL/min/{1.73_m2}"
    raise InputError(f"unknown unit {text!r}")


def accepted_unit(test: LabTest, text: str) -> str:
    """Normalise ``text`` and check the test accepts it; the error lists the allowed units."""
    if text in test.units:  # already canonical: the common case
        return text
    allowed = ", ".join(test.units)
    try:
        code = normalise_unit(text, test.unit_aliases)
    except InputError:
        raise InputError(
            f"{test.code} does not take the unit {text!r}; allowed units: {allowed}"
        ) from None
    if code not in test.units:
        raise InputError(f"{test.code} does not take the unit {text!r}; allowed units: {allowed}")
    return code


Step = tuple[Literal["*", "/", "+"], float]


def conversion_steps(from_unit: str, to_unit: str, test: LabTest) -> tuple[Step, ...]:
    """The arithmetic that converts a value of ``test`` between two of its units, in order.

    ``convert`` applies exactly these steps, and the cohort screen compiles them into SQL,
    so a value converted in a database compares with a cut-off bit for bit as it does here.
    """
    if from_unit == to_unit:
        return ()
    if test.affine is not None:
        if from_unit == test.affine.from_ and to_unit == test.si_unit:
            return (("*", test.affine.slope), ("+", test.affine.intercept))
        if to_unit == test.affine.from_ and from_unit == test.si_unit:
            return (("+", -test.affine.intercept), ("/", test.affine.slope))
    src, dst = _UNITS[from_unit], _UNITS[to_unit]
    steps: list[Step] = [("*", src.scale)]
    if src.dimension != dst.dimension:
        steps += _cross_dimension(src.dimension, dst.dimension, test)
    steps.append(("/", dst.scale))
    return tuple(steps)


def convert(value: float, from_unit: str, to_unit: str, test: LabTest) -> float:
    """Convert a value of ``test`` between two of its units (exact, no rounding)."""
    for op, number in conversion_steps(from_unit, to_unit, test):
        if op == "*":
            value = value * number
        elif op == "/":
            value = value / number
        else:
            value = value + number
    return value


def _cross_dimension(src: Dimension, dst: Dimension, test: LabTest) -> list[Step]:
    """Steps that move a base-unit value across dimensions using the analyte's molar mass or
    valence: everything goes through amount of substance (mol/L)."""
    steps: list[Step] = []
    if src == "mass_conc":
        steps.append(("/", _require(test.molar_mass, test, "molar mass")))
    elif src == "equivalent_conc":
        steps.append(("/", _require(test.valence, test, "valence")))
    elif src != "substance_conc":
        raise InputError(f"{test.code}: cannot convert between {src} and {dst}")
    if dst == "mass_conc":
        steps.append(("*", _require(test.molar_mass, test, "molar mass")))
    elif dst == "equivalent_conc":
        steps.append(("*", _require(test.valence, test, "valence")))
    elif dst != "substance_conc":
        raise InputError(f"{test.code}: cannot convert between {src} and {dst}")
    return steps


def _require(value: float | None, test: LabTest, what: str) -> float:
    if value is None:
        raise InputError(f"{test.code}: no {what} known, cannot convert between its units")
    return value


def unit_family(code: str) -> Literal["mass", "molar", "other"]:
    """Mass or molar family of a concentration unit (guidelines print cut-offs per family)."""
    dim = _UNITS[code].dimension
    if dim == "mass_conc":
        return "mass"
    if dim in ("substance_conc", "equivalent_conc"):
        return "molar"
    return "other"
