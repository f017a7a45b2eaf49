"""The labs of every shared vignette interpret to what its expected answer implies."""

from __future__ import annotations

from typing import Any

import pytest

from b12.core.lab_report import interpret_labs
from b12.core.labs import ReadingOptions
from b12.core.models import LAB_INPUT
from b12.knowledge import Knowledge
from tests.conftest import shared_vignettes

LAB_STATUSES = {"deficiency_confirmed", "indeterminate", "deficiency_unlikely"}
VIGNETTES = shared_vignettes()


@pytest.mark.skipif(not VIGNETTES, reason="../shared/vignettes not present")
@pytest.mark.parametrize("vignette", VIGNETTES, ids=[v["id"] for v in VIGNETTES])
def test_vignette_labs(vignette: dict[str, Any], knowledge: Knowledge) -> None:
    case = vignette["case"]
    person = case["person"]
    options = ReadingOptions(sex=person.get("sex"), pregnant=bool(person.get("pregnant")))
    labs = [LAB_INPUT.validate_python(lab) for lab in case.get("labs") or []]
    report = interpret_labs(labs, knowledge, options)  # no lab errors in any vignette
    expected = vignette["expected"]
    accepted = {expected["b12_status"], *expected.get("b12_status_also_acceptable", [])}
    has_b12 = any(lab.test in ("b12_total", "b12_active") for lab in labs)
    if has_b12 and accepted & LAB_STATUSES:
        assert report.b12_status.category in accepted
    for w in report.warnings:
        assert w.code != "unit_mismatch", w
