"""The interop knowledge: code tables (``fhir_codes.toml``) and CDS rules (``cds_rules.toml``).

Loaded once beside the main knowledge base and checked against it, the way
``b12.knowledge.loader`` checks its own files: every source id resolves, every LOINC code
of a lab test is described and every code described belongs to a test, every UCUM unit
maps to a unit the lab reader knows, every drug, condition, threshold name and reference
exists. The offline checks of the codes themselves are here too (LOINC mod 10, SNOMED CT
Verhoeff): they catch a mistyped digit, not a wrong concept; no terminology server is asked.
A broken table is a bug in b12, so it raises ``KnowledgeError``.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from b12.core.units import clean_unit_text, normalise_unit
from b12.errors import InputError
from b12.knowledge import Knowledge
from b12.knowledge.loader import KnowledgeError


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LoincCode(_Model):
    display: str
    family: Literal["mass", "molar", "ratio", "any"]


class Systems(_Model):
    loinc: str
    ucum: str
    rxnorm: str
    snomed: str
    interpretation: str
    observation_category: str
    b12: str


class LoincTable(_Model):
    sources: list[str]
    codes: dict[str, LoincCode]


class UcumTable(_Model):
    sources: list[str]
    units: dict[str, str]
    export_as: dict[str, str]
    intake: dict[str, str]


class CodeMap(_Model):
    sources: list[str]
    codes: dict[str, str]


class Interpretation(_Model):
    sources: list[str]
    severe_low: str
    severe_high: str
    categories: dict[str, str]
    displays: dict[str, str]


class FhirCodes(_Model):
    systems: Systems
    loinc: LoincTable
    ucum: UcumTable
    rxnorm: CodeMap
    snomed: CodeMap
    interpretation: Interpretation


class OverrideReason(_Model):
    code: str
    display: str


class MonitoringCard(_Model):
    summary: str
    indicator: Literal["info", "warning", "critical"]
    detail: str
    source_by_class: dict[str, str]
    suggestion: str
    order_loinc: str
    override_reasons: list[OverrideReason]
    sources: list[str]


class ResultCard(_Model):
    summary: str
    categories: list[str]
    indicator: dict[str, Literal["info", "warning", "critical"]]
    verdict: dict[str, str]
    sources: list[str]


class CdsRules(_Model):
    lookback_months: int
    lookback_sources: list[str]
    order_triggers: list[str]
    order_trigger_sources: list[str]
    long_running: dict[str, str]
    long_running_sources: dict[str, list[str]]
    monitoring_card: MonitoringCard
    result_card: ResultCard


@dataclass(frozen=True)
class Interop:
    """The code tables and CDS rules, with the lookups built from them and the knowledge."""

    codes: FhirCodes
    rules: CdsRules
    loinc_to_test: Mapping[str, str]
    long_running_years: Mapping[str, float]  # drug class -> years
    _ucum_by_unit: dict[str, str] = field(default_factory=dict)

    def ucum_for(self, unit: str) -> str:
        """The UCUM code of a lab reader unit (every lab unit has one: checked at load)."""
        return self._ucum_by_unit[unit]

    def unit_from_ucum(self, code: str | None, text: str | None) -> str:
        """The lab reader's unit for a FHIR quantity: its UCUM ``code`` decides when there
        is one (the text beside it is for people and may disagree); without a code, the
        unit text is read as the lab reader reads a typed unit."""
        if code is not None and code in self.codes.ucum.units:
            return self.codes.ucum.units[code]
        given = code if code is not None else text
        if given:
            try:
                return normalise_unit(given)
            except InputError:
                pass
        raise InputError(f"unknown unit {given!r}", field="unit")


def luhn_loinc_ok(code: str) -> bool:
    """LOINC's mod 10 check digit (LOINC Users' Guide, appendix): the digits in odd
    positions from the right, as a number, doubled; the even-position digits written in
    front; the check digit brings the sum of all those digits up to a multiple of ten."""
    body, dash, check = code.partition("-")
    if not dash or not body.isdigit() or not check.isdigit() or len(check) != 1:
        return False
    reverse = body[::-1]
    odd = reverse[0::2][::-1]
    even = reverse[1::2][::-1]
    digits = even + str(int(odd) * 2)
    return (10 - sum(map(int, digits)) % 10) % 10 == int(check)


_D = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9), (1, 2, 3, 4, 0, 6, 7, 8, 9, 5), (2, 3, 4, 0, 1, 7, 8, 9, 5, 6),
    (3, 4, 0, 1, 2, 8, 9, 5, 6, 7), (4, 0, 1, 2, 3, 9, 5, 6, 7, 8), (5, 9, 8, 7, 6, 0, 4, 3, 2, 1),
    (6, 5, 9, 8, 7, 1, 0, 4, 3, 2), (7, 6, 5, 9, 8, 2, 1, 0, 4, 3), (8, 7, 6, 5, 9, 3, 2, 1, 0, 4),
    (9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
)  # fmt: skip
_P = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9), (1, 5, 7, 6, 2, 8, 3, 0, 9, 4), (5, 8, 0, 3, 7, 9, 6, 1, 4, 2),
    (8, 9, 1, 6, 0, 4, 3, 5, 2, 7), (9, 4, 5, 3, 1, 2, 7, 6, 8, 0), (4, 2, 8, 6, 5, 7, 3, 9, 0, 1),
    (2, 7, 9, 3, 8, 0, 6, 4, 1, 5), (7, 0, 4, 6, 9, 1, 3, 2, 5, 8),
)  # fmt: skip


def snomed_concept_ok(sctid: str) -> bool:
    """A SNOMED CT concept id: 6-18 digits, no leading zero, the Verhoeff check digit
    right, and a concept partition (``00`` short form, ``10`` long form)."""
    if not sctid.isdigit() or not 6 <= len(sctid) <= 18 or sctid[0] == "0":
        return False
    check = 0
    for i, digit in enumerate(reversed(sctid)):
        check = _D[check][_P[i % 8][int(digit)]]
    return check == 0 and sctid[-3:-1] in ("00", "10")


def _read(name: str) -> dict[str, Any]:
    text = resources.files("b12.knowledge").joinpath(name).read_text(encoding="utf-8")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise KnowledgeError(f"{name}: {exc}") from exc


def load_interop(knowledge: Knowledge) -> Interop:
    """The validated interop knowledge for ``knowledge`` (built once per knowledge base)."""
    return knowledge.derived(_build)


def _build(knowledge: Knowledge) -> Interop:
    try:
        codes = FhirCodes.model_validate(_read("fhir_codes.toml"))
        rules = CdsRules.model_validate(_read("cds_rules.toml"))
    except ValidationError as exc:
        raise KnowledgeError(f"interop knowledge: {exc}") from exc
    loinc_to_test = {
        code: test.code for test in knowledge.lab_tests.values() for code in test.loinc
    }
    thresholds = knowledge.risk_factors
    years = {
        cls: float(getattr(thresholds, name))
        for cls, name in rules.long_running.items()
        if isinstance(getattr(thresholds, name, None), int | float)
    }
    ucum_by_unit: dict[str, str] = {}
    for ucum, unit in codes.ucum.units.items():
        ucum_by_unit.setdefault(unit, ucum)
    ucum_by_unit |= codes.ucum.export_as
    interop = Interop(codes, rules, loinc_to_test, years, ucum_by_unit)
    problems = check(interop, knowledge)
    if problems:
        raise KnowledgeError("interop knowledge is inconsistent:\n  " + "\n  ".join(problems))
    return interop


def check(interop: Interop, knowledge: Knowledge) -> list[str]:
    """Every problem of the tables against themselves and the knowledge base."""
    codes, rules = interop.codes, interop.rules
    problems: list[str] = []
    cited = {
        "fhir_codes.loinc": codes.loinc.sources,
        "fhir_codes.ucum": codes.ucum.sources,
        "fhir_codes.rxnorm": codes.rxnorm.sources,
        "fhir_codes.snomed": codes.snomed.sources,
        "fhir_codes.interpretation": codes.interpretation.sources,
        "cds_rules.lookback": rules.lookback_sources,
        "cds_rules.order_triggers": rules.order_trigger_sources,
        "cds_rules.monitoring_card": rules.monitoring_card.sources,
        "cds_rules.result_card": rules.result_card.sources,
        **{f"cds_rules.long_running.{c}": s for c, s in rules.long_running_sources.items()},
    }
    for path, ids in cited.items():
        if not ids:
            problems.append(f"{path}: cites no source")
        problems += [f"{path}: unknown source {i!r}" for i in ids if i not in knowledge.references]
    problems += _table_problems(interop, knowledge)
    classes = knowledge.medications.classes
    for path, names in (
        ("order_triggers", rules.order_triggers),
        ("long_running", list(rules.long_running)),
        ("monitoring_card.source_by_class", list(rules.monitoring_card.source_by_class)),
    ):
        problems += [
            f"cds_rules.{path}: unknown drug class {n!r}" for n in names if n not in classes
        ]
    for cls, name in rules.long_running.items():
        if cls not in interop.long_running_years:
            problems.append(f"cds_rules.long_running.{cls}: {name!r} is not in risk_factors.toml")
        if cls not in rules.long_running_sources:
            problems.append(f"cds_rules.long_running_sources: no sources for {cls!r}")
    card = rules.monitoring_card
    where = "cds_rules.monitoring_card"
    for cls, ref in card.source_by_class.items():
        if ref not in knowledge.references:
            problems.append(f"{where}.source_by_class.{cls}: unknown reference {ref!r}")
    for cls in sorted({*rules.order_triggers, *rules.long_running} - set(card.source_by_class)):
        problems.append(f"{where}.source_by_class: no source for {cls!r}")
    if interop.loinc_to_test.get(card.order_loinc) != "b12_total":
        problems.append(f"{where}.order_loinc: {card.order_loinc!r} is not serum B12")
    result = rules.result_card
    for category in result.categories:
        if category not in knowledge.status_texts.categories:
            problems.append(f"cds_rules.result_card: unknown B12 category {category!r}")
        if category not in result.indicator or category not in result.verdict:
            problems.append(f"cds_rules.result_card: no indicator or verdict for {category!r}")
    if not 1 <= rules.lookback_months <= 120:
        problems.append("cds_rules.lookback_months: must be between 1 and 120")
    return problems


def _table_problems(interop: Interop, knowledge: Knowledge) -> list[str]:
    """The code tables' own checks: check digits, and that each code maps to something."""
    from b12.core.diary import CONDITIONS

    codes = interop.codes
    problems: list[str] = []
    for code in codes.loinc.codes:
        if not luhn_loinc_ok(code):
            problems.append(f"fhir_codes.loinc: {code!r} fails its check digit")
        if code not in interop.loinc_to_test:
            problems.append(f"fhir_codes.loinc: {code!r} belongs to no lab test")
    for code, test in interop.loinc_to_test.items():
        if code not in codes.loinc.codes:
            problems.append(f"lab_tests.{test}: LOINC {code!r} is not in fhir_codes.loinc")
    for code, condition in codes.snomed.codes.items():
        if not snomed_concept_ok(code):
            problems.append(f"fhir_codes.snomed: {code!r} is not a valid concept id")
        if condition not in CONDITIONS:
            problems.append(f"fhir_codes.snomed: {code!r} maps to unknown {condition!r}")
    drugs = {d for cls in knowledge.medications.classes.values() for d in cls.drugs}
    for code, drug in codes.rxnorm.codes.items():
        if not code.isdigit():
            problems.append(f"fhir_codes.rxnorm: {code!r} is not an RxCUI")
        if drug not in drugs:
            problems.append(f"fhir_codes.rxnorm: {code!r} maps to unknown drug {drug!r}")
    for ucum, unit in codes.ucum.units.items():
        try:
            canonical = normalise_unit(clean_unit_text(unit)) == unit
        except InputError:
            canonical = False
        if not canonical:
            problems.append(f"fhir_codes.ucum: {ucum!r} -> {unit!r} is not a lab reader unit")
    for unit, ucum in codes.ucum.export_as.items():
        if ucum not in codes.ucum.units:
            problems.append(f"fhir_codes.ucum.export_as: {unit!r} -> unknown UCUM {ucum!r}")
    for unit in sorted({u for t in knowledge.lab_tests.values() for u in t.units}):
        if unit not in interop._ucum_by_unit:
            problems.append(f"lab_tests: unit {unit!r} has no UCUM code in fhir_codes.ucum")
    interp = codes.interpretation
    for code in [*interp.categories.values(), interp.severe_low, interp.severe_high]:
        if code not in interp.displays:
            problems.append(f"fhir_codes.interpretation: {code!r} has no display")
    return problems
