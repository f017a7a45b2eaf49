"""The entry points for other programs: read labs, assess a case, estimate absorbed B12.

Each takes plain values (text, dicts in the contract's shape) and returns the same result
objects the CLI and the web app use; ``to_dict`` on a result gives the contract's JSON. The
knowledge base is loaded once per process when none is passed. Import these from ``b12``::

    import b12

    report = b12.read_labs("b12_total=180 pg/mL", "mma=620 nmol/L")
    report.b12_status.category                      # 'indeterminate'
    result = b12.assess({"person": {"age": 70}, "symptoms": ["paresthesia"]})
    result.triage.level, result.to_dict(b12.load_knowledge())   # the contract's JSON

The README's example is run by a test.

b12 informs and points to care; it never diagnoses or prescribes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Literal

from b12.core.absorption import AbsorptionEstimate, B12Intake, estimate_absorption
from b12.core.assess import Assessment, AssessOptions
from b12.core.assess import assess as _assess
from b12.core.case import Case, parse_case
from b12.core.lab_parser import parse_lab
from b12.core.lab_report import LabReport
from b12.core.lab_report import read_labs as _read_labs
from b12.core.labs import ReadingOptions
from b12.knowledge import Knowledge, load_knowledge


def read_labs(
    *results: str,
    guideline: str | None = None,
    sex: Literal["female", "male"] | None = None,
    pregnant: bool = False,
    knowledge: Knowledge | None = None,
) -> LabReport:
    """Read lab results typed as a report prints them (``"b12_total=250 pg/mL (180-914)"``):
    each result's reading, the B12 status they imply and anything that needs care now."""
    k = knowledge or load_knowledge()
    options = ReadingOptions(guideline=guideline or k.default_guideline, sex=sex,
                             pregnant=pregnant)  # fmt: skip
    return _read_labs([parse_lab(text, k.lab_tests) for text in results], k, options)


def assess(
    case: Case | Mapping[str, Any],
    *,
    guideline: str | None = None,
    choices: Mapping[str, str] | None = None,
    knowledge: Knowledge | None = None,
) -> Assessment:
    """Assess a case (a ``Case`` or a dict in the contract's shape): red flags first, then
    the B12 status, risk factors and the ranked causes of cramps."""
    k = knowledge or load_knowledge()
    parsed = case if isinstance(case, Case) else parse_case(dict(case))
    options = AssessOptions(guideline=guideline or k.default_guideline, choices=choices or {})
    return _assess(parsed, k, options)


def absorbed_b12(
    intakes: Iterable[B12Intake],
    conditions: Iterable[str] = (),
    knowledge: Knowledge | None = None,
) -> AbsorptionEstimate:
    """The B12 likely absorbed from a day's intakes (food, fortified, supplements), with its
    range, by the same model as ``b12 intake``."""
    k = knowledge or load_knowledge()
    return estimate_absorption(intakes, k.absorption, conditions)
