"""The one parser for lab results typed as text.

Used by ``b12 labs interpret``, ``b12 log lab`` and the web lab reader alike. Grammar::

    TEST=VALUE UNIT [(LOW-HIGH)] [@DATE]      b12_total=250 pg/mL (180-914)
    TEST=<VALUE UNIT ...   or   TEST<VALUE ...  a censored result: egfr=>90 mL/min/{1.73_m2}
    TEST=RESULT                                tsh=normal, intrinsic_factor_antibody=positive
    NAME[:] VALUE UNIT [RANGE]                 Vitamin B12 250 pg/mL (200-900), as a lab prints it

The reference range is the one the lab printed, in the value's unit, in round or square
brackets: ``(145-569)``, ``[<200]`` (upper limit only), ``(>30)`` (lower limit only).
TEST may be a code, an alias (``b12``, ``ck``, ``k``, ``holotc``) or the test's printed
name ("Mean cell volume", "Serum B12"); in the printed form the range may also follow
"Ref" or stand bare after the unit (``Ref 180-900``, ``3.5-5.3``). Spaces around ``=``,
and ``µ``/``mc`` spellings are accepted. Numbers are read as labs print them
(``b12.core.numbers``): ``1,450`` is 1450 or 1.45, whichever is plausible for the test and
unit; when both are, the line is refused with both readings shown, never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from pydantic import ValidationError

from b12.core.models import LAB_INPUT, LabInput
from b12.core.numbers import NUMBER_TEXT, readings
from b12.core.units import accepted_unit, convert
from b12.core.validation_errors import nearest, readable_message
from b12.errors import InputError
from b12.knowledge.models import LabTest

_VERDICTS = ("low", "normal", "high", "positive", "negative")
_NUMBER = NUMBER_TEXT.removeprefix("-?")
_LINE = re.compile(
    r"""^\s*(?P<test>[A-Za-z][A-Za-z0-9_ -]*?)\s*
        (?P<op>=\s*(?:<=|>=|<|>)?|<=|>=|<|>)\s*
        (?P<rest>.*?)\s*$""",
    re.VERBOSE,
)
_EXPONENT = re.compile(r"^-?[0-9]+(?:\.[0-9]+)?[eE][+-]?[0-9]+")
_VALUE = re.compile(rf"^(?P<value>-?{_NUMBER})\s*(?P<unit>[^\s(\[@][^(\[@]*?)?\s*$")
_RANGE = re.compile(
    rf"^\s*(?:ref(?:erence)?[:\s]*)?(?:(?P<low>{_NUMBER})\s*(?:-|–|to)\s*(?P<high>{_NUMBER})"
    rf"|<=?\s*(?P<only_high>{_NUMBER})|>=?\s*(?P<only_low>{_NUMBER}))\s*$",
    re.IGNORECASE,
)


def _number(text: str) -> float:
    """A number with one reading (reference limits); two readings are refused."""
    values = readings(text)
    if len(values) > 1:
        raise InputError(
            f"{text} could be {values[0]:g} or {values[1]:g}; write {values[0]:g} or "
            f"{_decimal(values[1])}"
        )
    return values[0]


def _decimal(value: float) -> str:
    return f"{value:g}"


def _lab_value(text: str, unit: str | None, test: LabTest, line: str) -> float:
    """The one reading of ``text`` that is plausible for the test in ``unit``."""
    values = readings(text)
    if len(values) == 1:
        return values[0]
    plausible = [v for v in values if _plausible(v, unit, test)]
    if len(plausible) == 1:
        return plausible[0]
    a, b = values
    raise InputError(
        f"{line!r}: {text} could be {a:g} or {b:g} {unit or ''}".rstrip()
        + f"; write {a:g} (no comma) or {b:g} (a decimal point)"
    )


def _plausible(value: float, unit: str | None, test: LabTest) -> bool:
    limits = test.plausible_si
    if unit is None or limits is None:
        return True
    try:
        si = convert(value, accepted_unit(test, unit), test.si_unit, test)
    except InputError:
        return True
    return limits.min <= si <= limits.max


def _key(name: str) -> str:
    return re.sub(r"[\s_-]+", "_", name.strip().lower().rstrip(":").strip())


def resolve_test_code(name: str, tests: Mapping[str, LabTest]) -> str:
    """The test code for a code, an alias or the test's name as labs print it ("Mean cell
    volume", "Serum total vitamin B12"), or an error listing the codes."""
    key = _key(name)
    if key in tests:
        return key
    for code, test in tests.items():
        if key in test.aliases:
            return code
    for test in tests.values():
        if key in test.ambiguous_aliases:
            raise InputError(test.ambiguous_aliases[key])
    for code, test in tests.items():
        full = _key(test.name)
        if key in (full, _key(re.sub(r"\s*\(.*?\)", "", test.name))):
            return code
    if key.startswith(("serum_", "plasma_", "blood_")):
        return resolve_test_code(key.split("_", 1)[1], tests)
    raise InputError(
        f"unknown test {name!r}; the nearest are {', '.join(nearest(name, list(tests)))} "
        f"(b12 reads {len(tests)} tests; their names and units are listed with the lab reader)"
    )


# A result as a lab report prints it: "Vitamin B12 250 pg/mL (200-900)",
# "Serum B12: 250 ng/L  Ref 180-900", "Haemoglobin 118 g/L 115 - 165".
_PRINTED = re.compile(
    rf"""^\s*(?P<test>[A-Za-z][A-Za-z0-9 ()/_.-]*?)\s*:?\s+
        (?P<op><=|>=|<|>)?\s*(?P<value>{_NUMBER})\s*(?P<unit>[^\s(\[]+)?
        (?P<range>.*?)\s*$""",
    re.VERBOSE,
)
_RANGE_WORDS = re.compile(r"^\s*(?:ref(?:erence)?(?:\s+range)?|range|normal)\s*[:.]?\s*", re.I)


def from_printed(text: str) -> str | None:
    """A line as a lab prints it, rewritten as ``TEST=VALUE UNIT (RANGE)``; None if the
    line is not in that form."""
    if "=" in text:
        return None
    m = _PRINTED.match(text)
    if not m or m["unit"] is None:
        return None
    line = f"{m['test'].strip()}={m['op'] or ''}{m['value']} {m['unit']}"
    rest = _RANGE_WORDS.sub("", m["range"]).strip()
    if rest:
        line += f" {rest}" if rest[0] in "([" else f" ({rest})"
    return line


def parse_lab(text: str, tests: Mapping[str, LabTest]) -> LabInput:
    """Parse one ``TEST=VALUE UNIT`` string, or a line as a lab report prints it
    (``from_printed``), into a LabInput (units not yet checked)."""
    printed = from_printed(text)
    m = _LINE.match(printed or text)
    if printed and m:
        try:
            resolve_test_code(m["test"], tests)
            text = printed
        except InputError:
            m = _LINE.match(text)
            if m is None:  # a printed line with a name no test has: say so, with the nearest
                raise
    if not m:
        raise InputError(f'cannot read {text!r}: write TEST=VALUE UNIT, e.g. "b12_total=250 pg/mL"')
    code = resolve_test_code(m["test"], tests)
    op = m["op"].replace("=", "", 1).strip() if m["op"].startswith("=") else m["op"]
    rest = m["rest"]

    date = None
    if "@" in rest:
        rest, _, date = rest.partition("@")
        rest, date = rest.strip(), date.strip()

    reference = None
    bracket = re.search(r"[(\[](?P<inner>[^)\]]*)[)\]]\s*$", rest)
    if bracket:
        reference = _parse_range(bracket["inner"], text)
        rest = rest[: bracket.start()].strip()

    fields: dict[str, object] = {"test": code, "date": date}
    if reference is not None:
        fields["reference_range"] = reference
    if rest.lower() in _VERDICTS:
        if op:
            raise InputError(f"{text!r}: a comparator needs a number, not {rest!r}")
        fields["result"] = rest.lower()
    else:
        if _EXPONENT.match(rest):
            raise InputError(
                f"{text!r}: {rest.split()[0]} is a number in exponent form; write it out "
                "as the lab printed it (e.g. 1450)"
            )
        vm = _VALUE.match(rest)
        if not vm:
            raise InputError(
                f"cannot read the value in {text!r}: expected a number and a unit "
                f"(e.g. 250 pg/mL) or one of {', '.join(_VERDICTS)}"
            )
        unit = (vm["unit"] or "").strip() or None
        fields["value"] = _lab_value(vm["value"], unit, tests[code], text)
        fields["unit"] = unit
        if fields["unit"] is None and not tests[code].result_only:
            raise InputError(
                f"{text!r}: the value needs a unit; {code} takes {', '.join(tests[code].units)}"
            )
        if op:
            fields["comparator"] = op
    try:
        return LAB_INPUT.validate_python(fields)
    except ValidationError as exc:
        raise InputError(f"{text!r}: {readable_message(exc.errors()[0], contract='lab')}") from None


def _parse_range(inner: str, text: str) -> dict[str, float]:
    rm = _RANGE.match(inner)
    if not rm:
        raise InputError(
            f"cannot read the reference range in {text!r}: write (LOW-HIGH), (<HIGH) or (>LOW)"
        )
    if rm["low"] is not None:
        return {"low": _number(rm["low"]), "high": _number(rm["high"])}
    if rm["only_high"] is not None:
        return {"high": _number(rm["only_high"])}
    return {"low": _number(rm["only_low"])}
