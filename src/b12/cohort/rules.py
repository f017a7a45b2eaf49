"""The screening rules, compiled from the knowledge base into SQL expressions.

Nothing here holds a clinical number. The B12 bands are the chosen guideline's printed
cut-offs in the unit family of the source column (as ``b12 labs interpret`` reads them), the
MMA upper limit and the eGFR cut-off are the ``--choice`` options in force, the creatinine
and homocysteine limits are their lab rules, and the medicine names are the knowledge base's
classes. Unit conversions are the core's own ``conversion_steps``, written out as SQL, so a
value lands on the same side of a cut-off in a database as in the personal reading.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from b12.cohort.dialect import Dialect
from b12.core.labs import band_for
from b12.core.status import BAND_RANK
from b12.core.units import conversion_steps
from b12.errors import InputError
from b12.knowledge import Knowledge
from b12.knowledge.models import Guideline, LabTest, MedicationClass, RangeRule, UlnRule

R = TypeVar("R", RangeRule, UlnRule)

CHOICES_USED = ("mma_upper_limit", "renal_impairment_egfr")
"""The ``--choice`` names a screen reads (others would change nothing, so they are refused)."""

KIDNEY_TESTS = ("egfr", "creatinine")


def drug_key(name: str) -> str:
    """A medicine name as the screen compares it: lower case, hyphens and underscores as
    spaces, trimmed (the SQL side does the same to the source's names)."""
    return name.lower().replace("-", " ").replace("_", " ").strip()


def medication_class(name: str, knowledge: Knowledge) -> tuple[str, MedicationClass]:
    """The knowledge base's class for a class name or alias (``ppi``), or an error listing
    them."""
    for code, cls in knowledge.medications.classes.items():
        if name == code or name in cls.aliases:
            return code, cls
    names = sorted(
        n for code, cls in knowledge.medications.classes.items() for n in (code, *cls.aliases)
    )
    raise InputError(
        f"unknown medication class {name!r}; allowed: {', '.join(names)}", field="group_by"
    )


@dataclass(frozen=True)
class Rules:
    """The rules in force for one screen: knowledge, guideline, choices and the units of the
    source's lab columns."""

    knowledge: Knowledge
    guideline: Guideline
    choices: Mapping[str, str]
    units: Mapping[str, str]
    dialect: Dialect
    unknown_drug_codes: tuple[str, ...] = ()
    separator: str = ";"
    _tests: dict[str, LabTest] = field(default_factory=dict, init=False, repr=False)

    def test(self, code: str) -> LabTest:
        return self.knowledge.lab_tests[code]

    def rule(self, code: str, kind: type[R]) -> R:
        """``code``'s rule, which this screen reads as a rule of ``kind``."""
        rule = self.test(code).rule
        if not isinstance(rule, kind):
            raise AssertionError(f"{code}'s rule is {rule.kind}, not the {kind.__name__} screened")
        return rule

    def choices_in_force(self) -> dict[str, str]:
        """Every choice the screen uses, with the option in force (default or chosen)."""
        return {
            name: self.choices.get(name, self.knowledge.choices[name].default)
            for name in CHOICES_USED
        }

    def _value(self, name: str) -> float:
        return self.knowledge.choice(name, self.choices).value

    # --- values ---------------------------------------------------------------------------
    def convert(self, code: str, sql: str, to_unit: str) -> str:
        """``sql`` (a column in the source's unit) converted to ``to_unit``."""
        d = self.dialect
        for op, number in conversion_steps(self.units[code], to_unit, self.test(code)):
            sql = f"({sql} {op} {d.double(number)})"
        return sql

    def si(self, code: str, sql: str) -> str:
        return self.convert(code, sql, self.test(code).si_unit)

    def possible(self, code: str, sql: str) -> str:
        """The column's value where it is possible for the test, else NULL: an impossible
        value is not read (and counted), as the personal reader refuses it."""
        limits = self.test(code).impossible_si
        if limits is None:
            return sql
        si, d = self.si(code, sql), self.dialect
        return (
            f"CASE WHEN {si} >= {d.double(limits.min)} AND {si} <= {d.double(limits.max)} "
            f"THEN {sql} END"
        )

    # --- readings -------------------------------------------------------------------------
    def b12_category(self, code: str, sql: str) -> str:
        """The guideline band of a B12 marker: below the lower cut-off confirmed, above the
        upper unlikely, both boundaries indeterminate (``classify_b12``)."""
        d = self.dialect
        band = band_for(self.test(code), self.units[code], self.guideline)
        value = self.convert(code, sql, band.unit)
        return (
            f"CASE WHEN {sql} IS NULL THEN NULL "
            f"WHEN {value} < {d.double(band.confirmed_below)} THEN 'deficiency_confirmed' "
            f"WHEN {value} > {d.double(band.unlikely_above)} THEN 'deficiency_unlikely' "
            "ELSE 'indeterminate' END"
        )

    def decisive_category(self, total_sql: str | None, active_sql: str | None) -> str:
        """With both total and active B12 the more deficient decides, total on a tie, as in
        the personal status."""
        if total_sql is None or active_sql is None:
            chosen = total_sql or active_sql
            assert chosen is not None
            return chosen
        rank = {cat: rank for cat, rank in BAND_RANK.items()}

        def ranked(sql: str) -> str:
            whens = " ".join(f"WHEN '{c}' THEN {r}" for c, r in rank.items())
            return f"(CASE {sql} {whens} END)"

        return (
            f"CASE WHEN {total_sql} IS NULL THEN {active_sql} "
            f"WHEN {active_sql} IS NULL THEN {total_sql} "
            f"WHEN {ranked(total_sql)} >= {ranked(active_sql)} THEN {total_sql} "
            f"ELSE {active_sql} END"
        )

    def mma_high(self, sql: str) -> str:
        """MMA above the upper limit chosen (no lab range is printed in a cohort)."""
        rule = self.rule("mma", UlnRule)
        uln = self._value(rule.choice)
        return (
            f"CASE WHEN {sql} IS NULL THEN NULL "
            f"WHEN {self.si('mma', sql)} > {self.dialect.double(uln)} THEN TRUE ELSE FALSE END"
        )

    def range_high(self, code: str, sql: str, sex_sql: str) -> str:
        """A range rule's "high" (strict above, or at or above; limits by sex read the female
        limit when sex is unknown, as the personal reader does)."""
        rule, d = self.rule(code, RangeRule), self.dialect
        si = self.si(code, sql)
        tests = []
        if rule.high_above is not None:
            tests.append(f"{si} > {d.double(rule.high_above)}")
        if rule.high_at_or_above is not None:
            tests.append(f"{si} >= {d.double(rule.high_at_or_above)}")
        if rule.high_above_by_sex is not None:
            s = rule.high_above_by_sex
            tests.append(
                f"{si} > (CASE WHEN {sex_sql} = 'male' THEN {d.double(s.male)} "
                f"ELSE {d.double(s.female)} END)"
            )
        if not tests:
            raise AssertionError(f"{code} has no upper limit to screen against")
        return (
            f"CASE WHEN {sql} IS NULL THEN NULL WHEN {' OR '.join(tests)} THEN TRUE ELSE FALSE END"
        )

    def kidney_state(self, egfr_sql: str | None, creatinine_sql: str | None, sex: str) -> str:
        """'impaired', 'normal' or 'unknown': eGFR below the chosen cut-off, else creatinine
        above its limit; nothing given is unknown, never normal."""
        d = self.dialect
        whens = []
        if egfr_sql is not None:
            cutoff = d.double(self._value("renal_impairment_egfr"))
            whens.append(
                f"WHEN {egfr_sql} IS NOT NULL THEN CASE WHEN {self.si('egfr', egfr_sql)} < "
                f"{cutoff} THEN 'impaired' ELSE 'normal' END"
            )
        if creatinine_sql is not None:
            high = self.range_high("creatinine", creatinine_sql, sex)
            whens.append(
                f"WHEN {creatinine_sql} IS NOT NULL THEN CASE WHEN {high} THEN 'impaired' "
                "ELSE 'normal' END"
            )
        if not whens:
            return "'unknown'"
        return f"CASE {' '.join(whens)} ELSE 'unknown' END"

    # --- medicines ------------------------------------------------------------------------
    def drug_names(self, sql: str) -> str:
        """The source's medicine text as an array of compared names."""
        d = self.dialect
        text = f"replace(replace(lower({sql}), '-', ' '), '_', ' ')"
        return d.split_trimmed(text, self.separator)

    def class_flag(self, cls: MedicationClass, names_sql: str, drug_sql: str) -> str:
        """TRUE when a medicine of the class is named (alone or in a combination), NULL when
        none is but one is unknown or refused, FALSE otherwise (an empty value is none)."""
        d = self.dialect
        names = sorted({drug_key(n) for n in (*cls.drugs, *cls.brands)})
        unknown = (
            f"WHEN {d.overlaps(names_sql, d.strings(self.unknown_drug_codes))} THEN NULL "
            if self.unknown_drug_codes
            else ""
        )
        return (
            f"CASE WHEN {drug_sql} IS NULL OR trim({drug_sql}) = '' THEN FALSE "
            f"WHEN {d.overlaps(names_sql, d.strings(names))} THEN TRUE "
            f"{unknown}ELSE FALSE END"
        )
