"""Read one lab result against its cited rule.

Pure: it is handed the knowledge base and the reading options, reads no files and keeps no
state. The B12 bands follow the chosen guideline in the unit family the lab reported, with
the guideline's own printed numbers and boundaries ("below 180", "180 to 350", "above 350").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, NoReturn

from b12.core.lab_parser import resolve_test_code
from b12.core.models import InterpretedLab, LabInput, ReferenceRange, Sex, Warning
from b12.core.units import accepted_unit, convert, unit_family
from b12.errors import InputError
from b12.knowledge import Knowledge
from b12.knowledge.models import (
    B12Band,
    B12BandsRule,
    Guideline,
    LabTest,
    LowGrade,
    PrintedWindows,
    RangeRule,
    ResultOnlyRule,
    UlnMultipleRule,
    UlnRule,
)

_B12_WORDING = {
    "deficiency_confirmed": "below {lo:g} {unit}",
    "indeterminate": "{lo:g} to {hi:g} {unit}",
    "deficiency_unlikely": "above {hi:g} {unit}",
}
_B12_VERDICT = {
    "deficiency_confirmed": "vitamin B12 deficiency confirmed",
    "indeterminate": "indeterminate, possible vitamin B12 deficiency",
    "deficiency_unlikely": "vitamin B12 deficiency unlikely",
}


@dataclass(frozen=True, slots=True)
class ReadingOptions:
    """How to read: guideline profile, explicit choices, and what we know of the person."""

    guideline: str | None = None
    """A guideline profile id; None: the knowledge base's default."""
    choices: Mapping[str, str] = field(default_factory=dict)
    sex: Sex | None = None
    pregnant: bool = False


def lab_test_name(code: str, knowledge: Knowledge) -> str:
    """A lab test as people read it: its plain term, else its name in a sentence ("active
    B12 (holotranscobalamin)" rather than ``b12_active``)."""
    plain = knowledge.plain_terms.of(code)
    if plain != code.replace("_", " "):
        return plain
    test = knowledge.lab_tests.get(code)
    return test.name[:1].lower() + test.name[1:] if test else plain


def si_as_printed(value_si: float, unit_si: str, test: str, knowledge: Knowledge) -> str:
    """A result's SI value as a lab prints it ("185 pmol/L", "6.8 mmol/L"): the test's usual
    decimals (``si_decimals`` in lab_tests.toml), else four significant digits."""
    known = knowledge.lab_tests.get(test)
    decimals = known.si_decimals if known is not None else None
    shown = f"{value_si:.4g}" if decimals is None else f"{value_si:.{decimals}f}"
    return f"{shown} {unit_si}"


def interpret_lab(
    lab: LabInput, knowledge: Knowledge, options: ReadingOptions, field_path: str = "labs[0]"
) -> InterpretedLab:
    """Interpret one lab. Raises InputError for a unit the test does not take or an
    impossible value; returns warnings for implausible units and lab/guideline disagreement."""
    test = knowledge.lab_tests.get(lab.test)
    if test is None:
        try:  # an alias, as the lab reader takes them (b12, ck, k, hb)
            test = knowledge.lab_tests[resolve_test_code(lab.test, knowledge.lab_tests)]
        except InputError as exc:
            raise InputError(exc.message, field=f"{field_path}.test") from None
    if lab.result is not None:
        return _interpret_verdict(lab, test, knowledge, options, field_path)
    if test.result_only:
        raise InputError(
            f"{test.code} is reported as a result (positive or negative), not a number",
            field=f"{field_path}.value",
        )
    assert lab.value is not None and lab.unit is not None
    unit = lab.unit
    if unit not in test.units:
        try:
            unit = accepted_unit(test, unit)
        except InputError as exc:
            raise InputError(exc.message, field=f"{field_path}.unit") from None
    value_si = convert(lab.value, unit, test.si_unit, test)
    possible = test.impossible_si
    if possible is not None and not possible.min <= value_si <= possible.max:
        _refuse_impossible(lab.value, unit, test, field_path)

    warnings = []
    plausible = test.plausible_si
    if plausible is not None and not plausible.min <= value_si <= plausible.max:
        warnings += _plausibility_warnings(lab, unit, value_si, test, field_path)
    ref_si = None
    if lab.reference_range is not None:
        range_warnings = _reference_range_warnings(
            lab.reference_range, unit, test, knowledge.range_check.slack, field_path
        )
        implied = _range_family_unit(lab.reference_range, unit, test)
        if implied is not None and not range_warnings:
            # the range was printed in the other unit family: read the value as the range
            # implies, and say so
            range_warnings = [_family_mismatch(lab, unit, implied, test, field_path)]
            value_si = convert(lab.value, implied, test.si_unit, test)
            unit_read = implied
        else:
            unit_read = unit
        ref_si = _reference_si(lab.reference_range, unit_read, test)
        warnings += range_warnings
    else:
        unit_read = unit

    reading = _read(test, lab, unit_read, value_si, ref_si, knowledge, options)
    if ref_si is not None:
        warnings += _lab_flag_disagreement(test, reading.category, value_si, ref_si, field_path)
    if reading.warnings:
        warnings += reading.warnings
    return InterpretedLab(
        test=test.code,
        name=test.name,
        value=lab.value,
        unit=unit,
        value_si=value_si,
        unit_si=test.si_unit,
        category=reading.category,
        severity=reading.severity,
        message=reading.message,
        sources=reading.sources,
        warnings=warnings,
        comparator=lab.comparator,
        reference_range=lab.reference_range,
        date=lab.date,
        loinc=test.loinc,
        extras=reading.extras,
    )


@dataclass(slots=True)
class _Reading:
    category: str
    severity: str | None
    message: str
    sources: list[str]
    warnings: list[Warning] = field(default_factory=list)
    extras: dict[str, Any] = field(default_factory=dict)


def _refuse_impossible(value: float, unit: str, test: LabTest, path: str) -> NoReturn:
    limits = test.impossible_si
    assert limits is not None
    lo = convert(limits.min, test.si_unit, unit, test)
    hi = convert(limits.max, test.si_unit, unit, test)
    raise InputError(
        f"{value:g} {unit} is impossible for {test.code} ({test.name}); "
        f"allowed {lo:.4g} to {hi:.4g} {unit}",
        field=f"{path}.value",
    )


def _plausibility_warnings(
    lab: LabInput, unit: str, value_si: float, test: LabTest, path: str
) -> list[Warning]:
    p = test.plausible_si
    assert p is not None and lab.value is not None
    likely = [
        u
        for u in test.units
        if u != unit and p.min <= convert(lab.value, u, test.si_unit, test) <= p.max
    ]
    hint = f"; did you mean {' or '.join(likely)}?" if likely else ""
    return [
        Warning(
            "unit_mismatch",
            f"{lab.value:g} {unit} is implausible for {test.code}{hint} "
            "Check the unit on the report.",
            f"{path}.unit",
        )
    ]


def _reference_si(ref: ReferenceRange, unit: str, test: LabTest) -> ReferenceRange:
    return ReferenceRange(
        low=None if ref.low is None else convert(ref.low, unit, test.si_unit, test),
        high=None if ref.high is None else convert(ref.high, unit, test.si_unit, test),
    )


def _fits_windows(ref: ReferenceRange, unit: str, test: LabTest, slack: float) -> bool:
    windows = test.reference_limits_si
    if windows is None:
        return True
    checks = []
    if ref.low is not None and ref.low > 0:
        lo = convert(ref.low, unit, test.si_unit, test)
        checks.append(windows.low[0] / slack <= lo <= windows.low[1] * slack)
    if ref.high is not None:
        hi = convert(ref.high, unit, test.si_unit, test)
        checks.append(windows.high[0] / slack <= hi <= windows.high[1] * slack)
    return all(checks)


def _reference_range_warnings(
    ref: ReferenceRange, unit: str, test: LabTest, slack: float, path: str
) -> list[Warning]:
    """A printed range that only makes sense in another unit suggests the unit is wrong."""
    if _fits_windows(ref, unit, test, slack):
        return []
    better = [u for u in test.units if u != unit and _fits_windows(ref, u, test, slack)]
    hint = f" It looks like {' or '.join(better)}." if better else ""
    return [
        Warning(
            "unit_mismatch",
            f"the printed reference range does not fit {test.code} in {unit}.{hint} "
            "Check the unit on the report.",
            f"{path}.unit",
        )
    ]


def _fits_printed(ref: ReferenceRange, windows: PrintedWindows, unit: str, test: LabTest) -> bool:
    checks = []
    if ref.low is not None and ref.low > 0:
        lo = convert(ref.low, unit, windows.unit, test)
        checks.append(windows.low[0] <= lo <= windows.low[1])
    if ref.high is not None:
        hi = convert(ref.high, unit, windows.unit, test)
        checks.append(windows.high[0] <= hi <= windows.high[1])
    return bool(checks) and all(checks)


def _range_family_unit(ref: ReferenceRange, unit: str, test: LabTest) -> str | None:
    """The other family's unit when the printed range fits only that family's usual ranges
    (145-569 with pg/mL is a pmol/L range); None when it fits its own or neither."""
    printed = test.printed_ranges
    if printed is None:
        return None
    family = unit_family(unit)
    if family not in ("mass", "molar"):
        return None
    own, other = printed.mass, printed.molar
    if family == "molar":
        own, other = other, own
    if _fits_printed(ref, own, unit, test):
        return None
    return other.unit if _fits_printed(ref, other, other.unit, test) else None


def _family_mismatch(lab: LabInput, unit: str, implied: str, test: LabTest, path: str) -> Warning:
    assert lab.reference_range is not None and lab.value is not None
    ref = lab.reference_range
    shown = "-".join(f"{x:g}" for x in (ref.low, ref.high) if x is not None)
    return Warning(
        "unit_mismatch",
        f"the printed range {shown} is a {implied} range, not {unit}: {test.code} "
        f"{lab.value:g} was read as {lab.value:g} {implied}, as the range implies. "
        "Check the unit on the report.",
        f"{path}.unit",
    )


def _lab_flag(value_si: float, ref_si: ReferenceRange | None) -> str | None:
    if ref_si is None:
        return None
    if ref_si.low is not None and value_si < ref_si.low:
        return "low"
    if ref_si.high is not None and value_si > ref_si.high:
        return "high"
    return "normal"


def _lab_flag_disagreement(
    test: LabTest, category: str, value_si: float, ref_si: ReferenceRange | None, path: str
) -> list[Warning]:
    """The lab's own flag and the cited reading disagree: say so, keep the cited reading."""
    flag = _lab_flag(value_si, ref_si)
    if flag is None or test.prefer_lab_range or isinstance(test.rule, UlnMultipleRule | UlnRule):
        return []
    if isinstance(test.rule, B12BandsRule):
        guideline_low = category == "deficiency_confirmed"
        if (flag == "low") == guideline_low:
            return []
        reading = category.replace("_", " ")
        return [
            Warning(
                "out_of_reference_range_only",
                f"the lab's range calls this {flag}, but the guideline reads it as {reading}.",
                path,
            )
        ]
    if flag == category:
        return []
    return [
        Warning(
            "out_of_reference_range_only",
            f"the lab's range calls this {flag}, but the cited thresholds read it as {category}.",
            path,
        )
    ]


def _read(
    test: LabTest,
    lab: LabInput,
    unit: str,
    value_si: float,
    ref_si: ReferenceRange | None,
    knowledge: Knowledge,
    options: ReadingOptions,
) -> _Reading:
    match test.rule:
        case RangeRule() as rule:
            return _read_range(test, rule, lab, unit, value_si, ref_si, knowledge, options)
        case B12BandsRule():
            reading = _read_b12(test, lab, unit, knowledge, options)
        case UlnRule() as rule:
            reading = _read_uln(test, rule, value_si, ref_si, knowledge, options)
        case UlnMultipleRule() as rule:
            reading = _read_uln_multiple(test, rule, value_si, ref_si, knowledge, options)
        case ResultOnlyRule():
            raise AssertionError(f"{test.code} has no number to read; its verdict is read")
    reading.sources = _dedupe(reading.sources)
    return reading


def band_for(test: LabTest, unit: str, guideline: Guideline) -> B12Band:
    """The guideline's B12 band for ``test`` in the family of ``unit`` (pmol/L or pg/mL);
    shared with the cohort screen, which compiles the same bands into SQL."""
    families = guideline.b12_total if test.code == "b12_total" else guideline.b12_active
    family = unit_family(unit)
    band = families.mass if family == "mass" else families.molar
    if band is None:
        band = families.molar or families.mass
    assert band is not None, f"guideline {guideline.id} has no band for {test.code}"
    return band


def classify_b12(value: float, band: B12Band, comparator: str | None = None) -> str:
    """The guideline category of a value already in ``band.unit`` (boundaries inclusive in
    the middle band). A censored value is read at its bound."""
    if value < band.confirmed_below:
        return "deficiency_confirmed"
    if value > band.unlikely_above:
        return "deficiency_unlikely"
    if comparator in ("<",) and value == band.confirmed_below:
        return "deficiency_confirmed"
    if comparator in (">",) and value == band.unlikely_above:
        return "deficiency_unlikely"
    return "indeterminate"


def _read_b12(
    test: LabTest, lab: LabInput, unit: str, knowledge: Knowledge, options: ReadingOptions
) -> _Reading:
    assert lab.value is not None
    guideline = knowledge.guideline(options.guideline)
    band = band_for(test, unit, guideline)
    in_band_unit = convert(lab.value, unit, band.unit, test)
    category = classify_b12(in_band_unit, band, lab.comparator)
    wording = _B12_WORDING[category].format(
        lo=band.confirmed_below, hi=band.unlikely_above, unit=band.unit
    )
    shown = f"{lab.comparator or ''}{lab.value:g} {unit}"
    if band.unit != unit:
        shown += f" (= {lab.comparator or ''}{in_band_unit:.4g} {band.unit})"
    message = (
        f"{shown}: {guideline.title} reads {wording} as {_B12_VERDICT[category]}. "
        f"{test.messages[category]}"
    )
    sources = list(band.sources or guideline.sources)
    warnings = []
    if test.code == "b12_total" and options.pregnant:
        unreliable = knowledge.status_texts.qualifiers["total_b12_unreliable_in_pregnancy"]
        warnings.append(Warning("result_unreliable", unreliable.text, None))
        sources += unreliable.sources
    return _Reading(category, None, message, sources, warnings)


def _read_uln(
    test: LabTest,
    rule: UlnRule,
    value_si: float,
    ref_si: ReferenceRange | None,
    knowledge: Knowledge,
    options: ReadingOptions,
) -> _Reading:
    sources = list(rule.sources)
    if ref_si is not None and ref_si.high is not None:
        uln, basis = ref_si.high, "as printed by the lab"
    else:
        option = knowledge.choice(rule.choice, options.choices)
        uln, basis = option.value, f"b12's default when the lab prints none: {option.note}"
        sources += option.sources
    category = "high" if value_si > uln else "normal"
    message = f"{test.messages[category]} Upper limit used: {uln:g} {test.si_unit}, {basis}"
    if category == "high" and rule.strongly_above is not None and value_si > rule.strongly_above:
        message += " " + test.messages["strongly_high"]
        sources += rule.strongly_sources
    return _Reading(category, None, message, sources, extras={"upper_limit_si": uln})


def _read_uln_multiple(
    test: LabTest,
    rule: UlnMultipleRule,
    value_si: float,
    ref_si: ReferenceRange | None,
    knowledge: Knowledge,
    options: ReadingOptions,
) -> _Reading:
    sources = list(rule.sources)
    warnings = []
    if ref_si is not None and ref_si.high is not None:
        uln = ref_si.high
    else:
        uln = rule.default_uln
        sources += rule.default_uln_sources
        warnings.append(
            Warning(
                "assumed_reference_range",
                f"no upper limit was printed; {uln:g} {test.si_unit} was assumed. "
                "Your lab's own limit is better.",
                None,
            )
        )
    multiple = knowledge.choice(rule.choice, options.choices)
    sources += multiple.sources
    times = value_si / uln
    severity = None
    if times > multiple.value:
        category = "rhabdomyolysis_range"
        if rule.severe_at_or_above is not None and value_si >= rule.severe_at_or_above:
            severity = "severe"
    elif value_si > uln:
        category = "high"
    else:
        category = "normal"
    message = (
        f"{test.messages[category]} That is {times:.1f} times the upper limit of "
        f"{uln:g} {test.si_unit}."
    )
    extras = {"times_upper_limit": round(times, 2), "upper_limit_si": uln}
    return _Reading(category, severity, message, sources, warnings, extras)


def _sex_limit(
    limits_female: float, limits_male: float, pregnant_limit: float | None, options: ReadingOptions
) -> float:
    if options.pregnant and pregnant_limit is not None:
        return pregnant_limit
    return limits_male if options.sex == "male" else limits_female


def _read_range(
    test: LabTest,
    rule: RangeRule,
    lab: LabInput,
    unit: str,
    value_si: float,
    ref_si: ReferenceRange | None,
    knowledge: Knowledge,
    options: ReadingOptions,
) -> _Reading:
    sources = list(rule.sources)
    warnings: list[Warning] = []
    low = rule.low_below
    if rule.choice is not None:
        option = knowledge.choice(rule.choice, options.choices)
        low = option.value
        sources = list(option.sources)
    if rule.low_below_by_sex is not None:
        s = rule.low_below_by_sex
        low = _sex_limit(s.female, s.male, s.pregnant, options)
    high_strict = rule.high_above
    if rule.high_above_by_sex is not None:
        s = rule.high_above_by_sex
        high_strict = _sex_limit(s.female, s.male, s.pregnant, options)
    if (rule.low_below_by_sex or rule.high_above_by_sex) and options.sex is None:
        warnings.append(
            Warning(
                "sex_needed",
                f"{test.code} limits differ by sex; none was given, so the female limits "
                "were used.",
                None,
            )
        )
    high_inclusive = rule.high_at_or_above
    basis = "cited thresholds"
    if test.prefer_lab_range and ref_si is not None:
        basis = "the lab's printed range"
        if ref_si.low is not None:
            low = ref_si.low
        if ref_si.high is not None:
            high_strict, high_inclusive = ref_si.high, None

    value = value_si
    printed = rule.high_at_or_above_printed.get(unit)
    at_printed = False
    if printed is not None and high_inclusive is not None and lab.value is not None:
        # the source's own number in the reported unit: 6.5 % is at the cut-off, whatever
        # 6.5 % converts to (47.5 mmol/mol)
        at_printed, high_inclusive = lab.value >= printed, None
    if low is not None and value < low:
        category = "low"
    elif (
        at_printed
        or (high_strict is not None and value > high_strict)
        or (high_inclusive is not None and value >= high_inclusive)
    ):
        category = "high"
    else:
        category = "normal"
    if category == "high":
        sources += rule.high_sources

    severity = None
    if category == "low":
        grades: list[LowGrade] = (
            rule.low_grades_pregnant
            if options.pregnant and rule.low_grades_pregnant
            else rule.low_grades
        )
        for low_grade in grades:
            if value < low_grade.below:
                severity = low_grade.severity
                sources += rule.grade_sources
                break
    elif category == "high":
        for high_grade in rule.high_grades:
            if value >= high_grade.at_or_above:
                severity = high_grade.severity
                break

    message = test.messages[category]
    if severity:
        message = f"{message} Severity: {severity}."
    if category == "high" and rule.strongly_above is not None and value > rule.strongly_above:
        message += " " + test.messages.get("strongly_high", "")
        sources += rule.strongly_sources
    if basis != "cited thresholds":
        message += " (Read against the lab's printed range.)"
    if rule.confidence == "U":
        sources.append("b12-editorial")
    if len(sources) > 1:
        sources = list(dict.fromkeys(sources))
    return _Reading(category, severity, message, sources, warnings)


def _interpret_verdict(
    lab: LabInput, test: LabTest, knowledge: Knowledge, options: ReadingOptions, path: str
) -> InterpretedLab:
    """A lab known only by its verdict ("TSH normal", "IFAB positive")."""
    assert lab.result is not None
    allowed = ("positive", "negative") if test.result_only else ("low", "normal", "high")
    if lab.result not in allowed:
        raise InputError(
            f"{test.code} result must be one of {', '.join(allowed)}, got {lab.result!r}",
            field=f"{path}.result",
        )
    verdict_text = f"The lab reported this as {lab.result}; no number was given."
    if test.result_only:
        message, sources = test.messages[lab.result], list(test.rule.sources)
    elif isinstance(test.rule, B12BandsRule):
        guideline = knowledge.guideline(options.guideline)
        message = (
            f"{verdict_text} Lab ranges differ from the guideline's bands, so ask for the "
            f"number to read it against {guideline.title}."
        )
        sources = list(guideline.sources)
    else:
        message = f"{verdict_text} {test.messages.get(lab.result, '')}".strip()
        sources = list(test.rule.sources)
    return InterpretedLab(
        test=test.code,
        name=test.name,
        value=None,
        unit=None,
        value_si=None,
        unit_si=test.si_unit or None,
        category=lab.result,
        severity=None,
        message=message,
        sources=_dedupe(sources),
        result=lab.result,
        date=lab.date,
        loinc=list(test.loinc),
    )


def _dedupe(ids: list[str]) -> list[str]:
    return list(dict.fromkeys(ids))
