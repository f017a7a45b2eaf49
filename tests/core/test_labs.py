"""Lab interpretation: guideline boundaries on both sides, in every unit family, plus grades,
choices, warnings and errors."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from b12.core.lab_parser import parse_lab
from b12.core.lab_report import interpret_labs
from b12.core.labs import ReadingOptions, interpret_lab, si_as_printed
from b12.core.models import InterpretedLab, LabInput
from b12.errors import InputError
from b12.knowledge import Knowledge, load_knowledge

NICE = ReadingOptions()
BSH = ReadingOptions(guideline="bsh-2014")


def read(text: str, knowledge: Knowledge, options: ReadingOptions = NICE) -> InterpretedLab:
    return interpret_lab(parse_lab(text, knowledge.lab_tests), knowledge, options)


B12_BOUNDARIES = [
    # NICE NG239 mass family: "below 180", "180 to 350", "above 350"
    ("b12_total=179.9 ng/L", "deficiency_confirmed"),
    ("b12_total=180 ng/L", "indeterminate"),
    ("b12_total=350 ng/L", "indeterminate"),
    ("b12_total=350.1 ng/L", "deficiency_unlikely"),
    ("b12_total=179.9 pg/mL", "deficiency_confirmed"),
    ("b12_total=180 pg/mL", "indeterminate"),
    ("b12_total=350 pg/mL", "indeterminate"),
    ("b12_total=351 pg/mL", "deficiency_unlikely"),
    ("b12_total=0.1799 ng/mL", "deficiency_confirmed"),
    ("b12_total=0.18 ng/mL", "indeterminate"),
    ("b12_total=0.35 ng/mL", "indeterminate"),
    ("b12_total=0.3501 ng/mL", "deficiency_unlikely"),
    # NICE molar family: 133 and 258 pmol/L, the guideline's own printed numbers
    ("b12_total=132.9 pmol/L", "deficiency_confirmed"),
    ("b12_total=133 pmol/L", "indeterminate"),
    ("b12_total=258 pmol/L", "indeterminate"),
    ("b12_total=258.1 pmol/L", "deficiency_unlikely"),
    # active B12: 25 and 70 pmol/L
    ("b12_active=24.9 pmol/L", "deficiency_confirmed"),
    ("b12_active=25 pmol/L", "indeterminate"),
    ("b12_active=70 pmol/L", "indeterminate"),
    ("b12_active=70.1 pmol/L", "deficiency_unlikely"),
]


@pytest.mark.parametrize(("text", "category"), B12_BOUNDARIES)
def test_nice_b12_boundaries(knowledge: Knowledge, text: str, category: str) -> None:
    assert read(text, knowledge).category == category


def test_family_is_kept_not_converted_at_the_boundary(knowledge: Knowledge) -> None:
    # 258.2 pmol/L is 350 ng/L; in the molar family NICE prints 258, so it is above.
    assert read("b12_total=258.2 pmol/L", knowledge).category == "deficiency_unlikely"
    assert read("b12_total=350 ng/L", knowledge).category == "indeterminate"


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("b12_total=199 ng/L", "deficiency_confirmed"),
        ("b12_total=200 ng/L", "indeterminate"),
        ("b12_total=300 ng/L", "indeterminate"),
        ("b12_total=301 ng/L", "deficiency_unlikely"),
        ("b12_total=147.9 pmol/L", "deficiency_confirmed"),
        ("b12_total=148 pmol/L", "indeterminate"),
        ("b12_total=221 pmol/L", "indeterminate"),
        ("b12_total=221.1 pmol/L", "deficiency_unlikely"),
        ("b12_active=24 pmol/L", "deficiency_confirmed"),
    ],
)
def test_bsh_profile(knowledge: Knowledge, text: str, category: str) -> None:
    assert read(text, knowledge, BSH).category == category


def test_b12_message_quotes_the_guideline_wording(knowledge: Knowledge) -> None:
    lab = read("b12_total=142 pg/mL", knowledge)
    assert "below 180 ng/L" in lab.message
    assert lab.sources[0] == "nice-ng239"
    assert lab.value_si == pytest.approx(104.8, abs=0.1)
    lab = read("b12_total=200 pmol/L", knowledge)
    assert "133 to 258 pmol/L" in lab.message


_K = load_knowledge()


@settings(max_examples=300, deadline=None)
@given(value=st.floats(min_value=1, max_value=2000, allow_nan=False))
def test_pg_per_ml_and_ng_per_l_always_agree(value: float) -> None:
    a = interpret_lab(LabInput(test="b12_total", value=value, unit="pg/mL"), _K, NICE)
    b = interpret_lab(LabInput(test="b12_total", value=value, unit="ng/L"), _K, NICE)
    c = interpret_lab(LabInput(test="b12_total", value=value / 1000, unit="ng/mL"), _K, NICE)
    assert a.category == b.category == c.category


@settings(max_examples=300, deadline=None)
@given(value=st.floats(min_value=1, max_value=2000, allow_nan=False))
def test_category_matches_the_printed_thresholds(value: float) -> None:
    cat = interpret_lab(LabInput(test="b12_total", value=value, unit="pmol/L"), _K, NICE).category
    expected = (
        "deficiency_confirmed"
        if value < 133
        else "deficiency_unlikely"
        if value > 258
        else "indeterminate"
    )
    assert cat == expected


@settings(max_examples=200, deadline=None)
@given(
    edge=st.sampled_from([133.0, 258.0, 180.0, 350.0]),
    delta=st.floats(min_value=1e-6, max_value=5),
)
def test_just_either_side_of_each_boundary(edge: float, delta: float) -> None:
    unit = "pmol/L" if edge in (133.0, 258.0) else "ng/L"
    low_edge = edge in (133.0, 180.0)
    below = interpret_lab(LabInput(test="b12_total", value=edge - delta, unit=unit), _K, NICE)
    at = interpret_lab(LabInput(test="b12_total", value=edge, unit=unit), _K, NICE)
    above = interpret_lab(LabInput(test="b12_total", value=edge + delta, unit=unit), _K, NICE)
    assert at.category == "indeterminate"
    if low_edge:
        assert (below.category, above.category) == ("deficiency_confirmed", "indeterminate")
    else:
        assert (below.category, above.category) == ("indeterminate", "deficiency_unlikely")


@pytest.mark.parametrize(
    ("text", "category", "severity"),
    [
        ("potassium=3.5 mmol/L", "normal", None),
        ("potassium=3.49 mmol/L", "low", "mild"),
        ("potassium=3.0 mmol/L", "low", "mild"),
        ("potassium=2.99 mmol/L", "low", "moderate"),
        ("potassium=2.5 mmol/L", "low", "moderate"),
        ("potassium=2.49 mmol/L", "low", "severe"),
        ("potassium=3.1 meq/L", "low", "mild"),
        ("potassium=6.6 mmol/L", "high", "severe"),
        ("sodium=135 mmol/L", "normal", None),
        ("sodium=134 mmol/L", "low", "mild"),
        ("sodium=129 mmol/L", "low", "moderate"),
        ("sodium=124 mmol/L", "low", "severe"),
        ("magnesium=0.7 mmol/L", "normal", None),
        ("magnesium=0.66 mmol/L", "low", "mild"),
        ("magnesium=0.49 mmol/L", "low", "severe"),
        ("magnesium=1.6 mg/dL", "low", "mild"),
        ("magnesium=1.8 mg/dL", "normal", None),
        ("magnesium=1.2 meq/L", "low", "mild"),
        ("calcium_adjusted=2.2 mmol/L", "normal", None),
        ("calcium_adjusted=2.1 mmol/L", "low", "mild"),
        ("calcium_adjusted=1.85 mmol/L", "low", "severe"),
        ("calcium_adjusted=7.4 mg/dL", "low", "severe"),
        ("calcium_adjusted=2.7 mmol/L", "high", None),
        ("mcv=106 fL", "high", None),
        ("mcv=90 fL", "normal", None),
        ("folate=2.5 ng/mL", "low", None),
        ("folate=9.8 ng/mL", "normal", None),
        ("folate=5 nmol/L", "low", None),
        ("homocysteine=16 umol/L", "high", None),
        ("tsh=38 mIU/L", "high", None),
        ("free_t4=6 pmol/L", "low", None),
        ("egfr=88 mL/min/{1.73_m2}", "normal", None),
        ("egfr=50 mL/min/{1.73_m2}", "low", "mild"),
        ("egfr=25 mL/min/{1.73_m2}", "low", "severe"),
        ("ferritin=12 ug/L", "low", None),
        ("urea=9.8 mmol/L", "high", None),
        ("hba1c=48 mmol/mol", "high", None),
        ("hba1c=6.4 %", "normal", None),
    ],
)
def test_range_tests_and_grades(
    knowledge: Knowledge, text: str, category: str, severity: str | None
) -> None:
    lab = read(text, knowledge)
    assert (lab.category, lab.severity) == (category, severity)


def test_haemoglobin_limits_depend_on_sex_and_pregnancy(knowledge: Knowledge) -> None:
    female = ReadingOptions(sex="female")
    male = ReadingOptions(sex="male")
    assert read("hemoglobin=12.5 g/dL", knowledge, female).category == "normal"
    assert read("hemoglobin=12.5 g/dL", knowledge, male).category == "low"
    assert read("hemoglobin=11.0 g/dL", knowledge, female).severity == "mild"
    assert read("hemoglobin=75 g/L", knowledge, male).severity == "severe"
    pregnant = ReadingOptions(sex="female", pregnant=True)
    assert read("hemoglobin=11.2 g/dL", knowledge, pregnant).category == "normal"
    unknown = read("hemoglobin=12.5 g/dL", knowledge)
    assert [w.code for w in unknown.warnings] == ["sex_needed"]


def test_ck_is_read_against_the_printed_upper_limit(knowledge: Knowledge) -> None:
    assert read("ck=140 U/L (<200)", knowledge).category == "normal"
    assert read("ck=480 U/L (<200)", knowledge).category == "high"
    lab = read("ck=1001 U/L (<200)", knowledge)
    assert lab.category == "rhabdomyolysis_range"
    assert lab.to_dict()["times_upper_limit"] == pytest.approx(5.0, abs=0.01)
    assert read("ck=1000 U/L (<200)", knowledge).category == "high"
    # a lab with a higher ULN moves the line
    assert read("ck=1001 U/L (<400)", knowledge).category == "high"
    assert read("ck=20000 U/L (<200)", knowledge).severity == "severe"


def test_ck_multiple_is_a_choice(knowledge: Knowledge) -> None:
    ten = ReadingOptions(choices={"rhabdomyolysis_ck": "10x"})
    assert read("ck=1500 U/L (<200)", knowledge, ten).category == "high"
    assert read("ck=2001 U/L (<200)", knowledge, ten).category == "rhabdomyolysis_range"


def test_ck_without_a_range_assumes_a_default_and_says_so(knowledge: Knowledge) -> None:
    lab = read("ck=1500 U/L", knowledge)
    assert lab.category == "rhabdomyolysis_range"
    assert any(w.code == "assumed_reference_range" for w in lab.warnings)


def test_magnesium_threshold_is_a_choice(knowledge: Knowledge) -> None:
    us = ReadingOptions(choices={"hypomagnesaemia": "us-0-6"})
    assert read("magnesium=0.65 mmol/L", knowledge).category == "low"
    assert read("magnesium=0.65 mmol/L", knowledge, us).category == "normal"
    assert read("magnesium=1.4 mg/dL", knowledge, us).category == "low"


def test_mma_uses_the_lab_limit_then_the_chosen_default(knowledge: Knowledge) -> None:
    assert read("mma=300 nmol/L", knowledge).category == "high"  # default 280
    assert read("mma=300 nmol/L (<378)", knowledge).category == "normal"
    assert read("mma=0.3 umol/L (<0.4)", knowledge).category == "normal"
    stabler = ReadingOptions(choices={"mma_upper_limit": "stabler-400"})
    assert read("mma=300 nmol/L", knowledge, stabler).category == "normal"
    assert "highly suggestive" in read("mma=3600 nmol/L", knowledge).message


def test_result_only_labs(knowledge: Knowledge) -> None:
    assert read("tsh=normal", knowledge).category == "normal"
    ifab = read("ifab=positive", knowledge)
    assert ifab.category == "positive" and "autoimmune gastritis" in ifab.message
    with pytest.raises(InputError, match="positive, negative"):
        read("ifab=low", knowledge)
    with pytest.raises(InputError, match="not a number"):
        read("ifab=3 U/L", knowledge)


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("potassium=45 mmol/L", r"impossible for potassium .*allowed 0.5 to 15 mmol/L"),
        ("b12_total=-5 pg/mL", "impossible for b12_total"),
        ("hemoglobin=400 g/L", "impossible for hemoglobin"),
        ("sodium=14 mmol/L", "impossible for sodium"),
        ("potassium=4 mg/dL", "allowed units: mmol/L, meq/L"),
        ("b12_total=250 mmol/L", "allowed units: pg/mL, ng/L, ng/mL, pmol/L"),
        ("mcv=90 pL", "allowed units: fL"),
    ],
)
def test_impossible_values_and_wrong_units_are_errors(
    knowledge: Knowledge, text: str, match: str
) -> None:
    with pytest.raises(InputError, match=match):
        read(text, knowledge)


def test_implausible_value_for_its_unit_warns_with_a_suggestion(knowledge: Knowledge) -> None:
    lab = read("b12_total=0.35 pg/mL", knowledge)
    [w] = lab.warnings
    assert w.code == "unit_mismatch" and "ng/mL" in w.message


def test_reference_range_that_contradicts_the_unit_warns(knowledge: Knowledge) -> None:
    # a pg/mL-sized range printed with ng/mL
    lab = read("b12_total=0.25 ng/mL (180-914)", knowledge)
    assert "unit_mismatch" in [w.code for w in lab.warnings]
    assert "pg/mL" in next(w.message for w in lab.warnings if w.code == "unit_mismatch")
    ok = read("b12_total=250 pg/mL (180-914)", knowledge)
    assert "unit_mismatch" not in [w.code for w in ok.warnings]
    mg = read("magnesium=0.8 mg/dL (0.7-1.0)", knowledge)
    assert "unit_mismatch" in [w.code for w in mg.warnings]


def test_lab_flag_disagreeing_with_guideline_is_flagged(knowledge: Knowledge) -> None:
    lab = read("b12_total=140 pmol/L (145-569)", knowledge)
    assert lab.category == "indeterminate"
    assert [w.code for w in lab.warnings] == ["out_of_reference_range_only"]
    lab = read("b12_total=200 pmol/L (145-569)", knowledge)
    assert lab.warnings == []


def test_censored_results(knowledge: Knowledge) -> None:
    assert read("egfr=>90 mL/min/{1.73_m2}", knowledge).category == "normal"
    assert read("b12_total=<50 pmol/L", knowledge).category == "deficiency_confirmed"


def test_total_b12_in_pregnancy_warns_unreliable(knowledge: Knowledge) -> None:
    lab = read("b12_total=150 pmol/L", knowledge, ReadingOptions(pregnant=True, sex="female"))
    assert "result_unreliable" in [w.code for w in lab.warnings]


def _status(texts: list[str], options: ReadingOptions = NICE) -> dict[str, Any]:
    k = load_knowledge()
    report = interpret_labs([parse_lab(t, k.lab_tests) for t in texts], k, options)
    return report.to_dict(k)


def test_status_indeterminate_suggests_mma_or_active_b12() -> None:
    out = _status(["b12_total=200 pmol/L"])
    assert out["b12_status"]["category"] == "indeterminate"
    assert any("MMA" in s for s in out["b12_status"]["next_steps"])


def test_status_with_raised_mma_and_normal_kidneys() -> None:
    out = _status(["b12_total=0.35 ng/mL", "mma=620 nmol/L", "egfr=88 mL/min/{1.73_m2}"])
    assert out["b12_status"]["category"] == "indeterminate"
    assert out["b12_status"]["qualifiers"] == ["mma_supports_deficiency"]


def test_raised_mma_in_kidney_failure_is_not_evidence() -> None:
    out = _status(["b12_total=200 pmol/L", "mma=620 nmol/L", "egfr=25 mL/min/{1.73_m2}"])
    assert out["b12_status"]["qualifiers"] == ["mma_uninterpretable_renal"]
    out = _status(["b12_total=200 pmol/L", "mma=620 nmol/L", "creatinine=250 umol/L"])
    assert out["b12_status"]["qualifiers"] == ["mma_uninterpretable_renal"]


def test_normal_b12_with_raised_mma_suggests_functional_deficiency() -> None:
    out = _status(["b12_total=400 pmol/L", "mma=900 nmol/L"])
    assert out["b12_status"]["category"] == "deficiency_unlikely"
    assert "functional_deficiency_suspected" in out["b12_status"]["qualifiers"]


def test_pregnancy_prefers_active_b12() -> None:
    pregnant = ReadingOptions(pregnant=True, sex="female")
    out = _status(["b12_total=120 pmol/L"], pregnant)
    assert "total_b12_unreliable_in_pregnancy" in out["b12_status"]["qualifiers"]
    assert any("active B12" in s for s in out["b12_status"]["next_steps"])
    out = _status(["b12_total=120 pmol/L", "b12_active=80 pmol/L"], pregnant)
    assert out["b12_status"]["category"] == "deficiency_unlikely"


def test_worst_marker_decides_outside_pregnancy() -> None:
    out = _status(["b12_total=400 pmol/L", "b12_active=20 pmol/L"])
    assert out["b12_status"]["category"] == "deficiency_confirmed"


def test_no_b12_marker_in_labs_alone() -> None:
    assert _status(["potassium=4 mmol/L"])["b12_status"]["category"] == "testing_not_indicated"
    assert _status(["mcv=108 fL"])["b12_status"]["category"] == "testing_indicated"


def test_report_sources_resolve_every_cited_id() -> None:
    out = _status(["b12_total=142 pg/mL", "k=2.4 mmol/L", "ck=1450 U/L (<200)"])
    ids = {s["id"] for s in out["sources"]}
    for lab in out["labs"]:
        assert set(lab["sources"]) <= ids
    assert set(out["b12_status"]["sources"]) <= ids
    for s in out["sources"]:
        assert {"id", "title", "publisher", "year", "url"} <= set(s)


def test_series_newest_last_decides() -> None:
    out = _status(["b12_total=120 pmol/L @2026-01-01", "b12_total=300 pmol/L @2026-06-01"])
    assert out["b12_status"]["category"] == "deficiency_unlikely"


def test_a_converted_value_is_shown_as_a_lab_prints_it(knowledge: Knowledge) -> None:
    """250 pg/mL is 184.45 pmol/L; a lab prints 184 pmol/L, potassium to one decimal, and a
    test without a printing convention keeps four significant digits."""
    assert si_as_printed(184.45, "pmol/L", "b12_total", knowledge) == "184 pmol/L"
    assert si_as_printed(6.83, "mmol/L", "potassium", knowledge) == "6.8 mmol/L"
    assert si_as_printed(0.7, "mmol/L", "magnesium", knowledge) == "0.70 mmol/L"
    assert si_as_printed(1.23456, "x", "unknown_test", knowledge) == "1.235 x"
    every = {code for code, t in knowledge.lab_tests.items() if t.si_decimals is not None}
    assert every == {code for code, t in knowledge.lab_tests.items() if not t.result_only}
