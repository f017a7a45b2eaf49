"""The one parser for lab results typed as text.

Used by ``b12 labs interpret``, ``b12 log lab`` and the web lab reader alike. Grammar::

    TEST=VALUE UNIT [(LOW-HIGH)] [@DATE]      b12_total=250 pg/mL (180-914)
    TEST=<VALUE UNIT ...   or   TEST<VALUE ...  a censored result: egfr=>90 mL/min/{1.73_m2}
    TEST=RESULT                                tsh=normal, intrinsic_factor_antibody=positive

The reference range is the one the lab printed, in the value's unit, in round or square
brackets: ``(145-569)``, ``[<200]`` (upper limit only), ``(>30)`` (lower limit only).
TEST may be a code or an alias (``b12``, ``ck``, ``k``, ``holotc``); spaces around ``=``,
a decimal comma and ``µ``/``mc`` spellings are accepted.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from pydantic import ValidationError

from b12.core.models import LAB_INPUT, LabInput
from b12.core.validation_errors import readable_message
from b12.errors import InputError
from b12.knowledge.models import LabTest

_VERDICTS = ("low", "normal", "high", "positive", "negative")
_NUMBER = r"[0-9]+(?:[.,][0-9]+)?"
_LINE = re.compile(
    r"""^\s*(?P<test>[A-Za-z][A-Za-z0-9_ -]*?)\s*
        (?P<op>=\s*(?:<=|>=|<|>)?|<=|>=|<|>)\s*
        (?P<rest>.*?)\s*$""",
    re.VERBOSE,
)
_VALUE = re.compile(rf"^(?P<value>-?{_NUMBER})\s*(?P<unit>[^\s(\[@][^(\[@]*?)?\s*$")
_RANGE = re.compile(
    rf"^\s*(?:ref(?:erence)?[:\s]*)?(?:(?P<low>{_NUMBER})\s*(?:-|–|to)\s*(?P<high>{_NUMBER})"
    rf"|<=?\s*(?P<only_high>{_NUMBER})|>=?\s*(?P<only_low>{_NUMBER}))\s*$",
    re.IGNORECASE,
)


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def resolve_test_code(name: str, tests: Mapping[str, LabTest]) -> str:
    """The test code for a code or alias, or an error listing the codes."""
    key = name.strip().lower().replace(" ", "_").replace("-", "_")
    if key in tests:
        return key
    for code, test in tests.items():
        if key in test.aliases:
            return code
    raise InputError(f"unknown test {name!r}; known tests: {', '.join(tests)}")


def parse_lab(text: str, tests: Mapping[str, LabTest]) -> LabInput:
    """Parse one ``TEST=VALUE UNIT`` string into a LabInput (units not yet checked)."""
    m = _LINE.match(text)
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
        vm = _VALUE.match(rest)
        if not vm:
            raise InputError(
                f"cannot read the value in {text!r}: expected a number and a unit "
                f"(e.g. 250 pg/mL) or one of {', '.join(_VERDICTS)}"
            )
        fields["value"] = _number(vm["value"])
        fields["unit"] = (vm["unit"] or "").strip() or None
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
