"""Issue 14's safety behaviours, each on the presentation the issue names: red flags from what
a person can report, lab severities reaching triage, the mimics of a cramp, and an answer that
never contradicts itself."""

from __future__ import annotations

from typing import Any

import pytest

from b12.core.assess import assess
from b12.core.case import parse_case
from b12.knowledge import Knowledge
from tests.core.test_assess_cases import CASES as OWN_AND_SHARED
from tests.published_cases.scoring import load_cases


def run(knowledge: Knowledge, case: dict[str, Any]) -> dict[str, Any]:
    return assess(parse_case(case), knowledge).to_dict(knowledge)


def flags(out: dict[str, Any]) -> list[str]:
    return [f["code"] for f in out["triage"]["red_flags"]]


def causes(out: dict[str, Any]) -> list[str]:
    return [c["cause"] for c in out["cramp_causes"]]


def test_statin_with_a_new_macrolide_and_tender_calves_is_rhabdomyolysis(
    knowledge: Knowledge,
) -> None:
    out = run(knowledge, {
        "person": {"age": 72, "sex": "male"},
        "medications": [{"name": "simvastatin", "years": 5},
                        {"name": "clarithromycin", "started_weeks_ago": 1}],
        "symptoms": ["muscle_tenderness", "nausea", "reduced_urination"],
        "cramps": {"locations": ["calf"], "bilateral": True},
    })  # fmt: skip
    assert out["triage"]["level"] == "urgent"
    assert flags(out) == ["rhabdomyolysis"]
    assert causes(out)[0] == "medication"


def test_one_swollen_painful_calf_is_a_suspected_dvt_not_a_cramp(knowledge: Knowledge) -> None:
    out = run(knowledge, {
        "person": {"age": 45, "sex": "female"},
        "exposures": ["long_haul_travel"],
        "symptoms": ["one_sided_leg_pain"],
        "cramps": {"locations": ["calf"], "bilateral": False, "duration_minutes": 600},
    })  # fmt: skip
    assert out["triage"]["level"] == "urgent"
    assert flags(out) == ["suspected_dvt"]
    assert causes(out)[0] == "deep_vein_thrombosis"


def test_a_swollen_leg_with_breathlessness_is_an_emergency(knowledge: Knowledge) -> None:
    out = run(
        knowledge, {"person": {"age": 60}, "symptoms": ["one_sided_leg_swelling", "breathlessness"]}
    )
    assert out["triage"]["level"] == "emergency"
    assert flags(out) == ["possible_pulmonary_embolism"]


def test_a_brief_one_sided_night_cramp_is_not_a_dvt(knowledge: Knowledge) -> None:
    out = run(knowledge, {
        "person": {"age": 55, "sex": "female", "pregnant": False},
        "cramps": {"locations": ["calf"], "bilateral": False, "timing": ["night"],
                   "duration_minutes": 2, "relieved_by": ["stretching"]},
    })  # fmt: skip
    assert out["triage"]["red_flags"] == []
    assert causes(out)[0] == "nocturnal_idiopathic"


def test_potassium_2_5_with_weakness_needs_care_today(knowledge: Knowledge) -> None:
    out = run(knowledge, {
        "person": {"age": 58},
        "symptoms": ["weakness", "progressive_weakness"],
        "labs": [{"test": "potassium", "value": 2.5, "unit": "mmol/L"}],
    })  # fmt: skip
    assert out["triage"]["level"] in ("urgent", "emergency")


def test_weakness_on_a_diuretic_with_potassium_unknown_asks_for_a_test_today(
    knowledge: Knowledge,
) -> None:
    case = {"person": {"age": 70}, "symptoms": ["weakness", "palpitations"],
            "medications": [{"name": "bendroflumethiazide", "years": 3}]}  # fmt: skip
    assert flags(run(knowledge, case)) == ["severe_hypokalaemia"]
    normal_k = {**case, "labs": [{"test": "potassium", "value": 4.1, "unit": "mmol/L"}]}
    assert "severe_hypokalaemia" not in flags(run(knowledge, normal_k))


def test_severe_anaemia_with_nerve_symptoms_is_urgent(knowledge: Knowledge) -> None:
    out = run(knowledge, {
        "person": {"age": 66, "sex": "female"},
        "symptoms": ["paresthesia"],
        "signs": ["reduced_ankle_reflexes"],
        "labs": [{"test": "hemoglobin", "value": 65, "unit": "g/L"}],
    })  # fmt: skip
    assert out["triage"]["level"] == "urgent"
    assert flags(out) == ["severe_anaemia_with_symptoms"]


@pytest.mark.parametrize(
    ("lab", "flag"),
    [
        ({"test": "glucose", "value": 2.4, "unit": "mmol/L"}, "severe_lab_result"),
        ({"test": "glucose", "value": 650, "unit": "mg/dL"}, "severe_lab_result"),
        ({"test": "sodium", "value": 121, "unit": "mmol/L"}, "profound_hyponatraemia"),
    ],
)
def test_a_severe_lab_result_sets_its_level(
    knowledge: Knowledge, lab: dict[str, Any], flag: str
) -> None:
    out = run(knowledge, {"person": {"age": 50}, "labs": [lab]})
    assert out["triage"]["level"] == "urgent"
    assert flags(out) == [flag]


def test_confusion_during_exertion_in_the_heat_is_heat_stroke(knowledge: Knowledge) -> None:
    out = run(knowledge, {
        "person": {"age": 24},
        "context": {"ambient_temperature_c": 33, "strenuous_exercise": True},
        "symptoms": ["confusion"],
        "cramps": {"timing": ["during_exercise"]},
    })  # fmt: skip
    assert out["triage"]["level"] == "emergency"
    assert flags(out) == ["heat_stroke"]


def test_tetany_after_thyroid_surgery_is_an_emergency(knowledge: Knowledge) -> None:
    out = run(
        knowledge,
        {
            "person": {"age": 41},
            "conditions": ["thyroidectomy"],
            "symptoms": ["carpopedal_spasm", "perioral_tingling"],
        },
    )
    assert out["triage"]["level"] == "emergency"


def test_fasciculations_and_worsening_weakness_point_to_a_neurologist(
    knowledge: Knowledge,
) -> None:
    out = run(knowledge, {
        "person": {"age": 61, "sex": "male"},
        "symptoms": ["muscle_twitching", "progressive_weakness", "weight_loss"],
        "signs": ["muscle_wasting", "brisk_reflexes"],
        "cramps": {"locations": ["calf", "hand"], "timing": ["night", "any_time"]},
    })  # fmt: skip
    assert out["triage"]["level"] == "soon"
    assert causes(out)[0] == "neuromuscular_disease"
    idiopathic = next(c for c in out["cramp_causes"] if c["cause"] == "nocturnal_idiopathic")
    assert any("twitching" in e for e in idiopathic["evidence_against"])


def test_hypothyroid_myopathy_ranks_first_when_hypothyroidism_is_known(
    knowledge: Knowledge,
) -> None:
    out = run(knowledge, {
        "person": {"age": 52, "sex": "female"},
        "conditions": ["hypothyroidism"],
        "symptoms": ["muscle_stiffness", "muscle_pain"],
        "cramps": {"locations": ["thigh", "calf"], "timing": ["any_time"]},
    })  # fmt: skip
    assert causes(out)[0] == "hypothyroidism"


def test_b12_ranks_above_idiopathic_cramps_with_nerve_symptoms_and_a_risk_factor(
    knowledge: Knowledge,
) -> None:
    """The issue's example: 70, metformin for 9 years, tingling feet, night calf cramps."""
    out = run(knowledge, {
        "person": {"age": 70, "sex": "male"},
        "conditions": ["type_2_diabetes"],
        "medications": [{"name": "metformin", "dose_mg_per_day": 2000, "years": 9}],
        "symptoms": ["paresthesia"],
        "cramps": {"locations": ["calf"], "timing": ["night"], "wakes_from_sleep": True},
    })  # fmt: skip
    ranked = causes(out)
    assert ranked[0] == "b12_deficiency"
    assert ranked.index("b12_deficiency") < ranked.index("nocturnal_idiopathic")
    assert "peripheral_neuropathy" in ranked[:3]  # diabetes is known: offered as a differential


def test_improvement_after_stopping_a_medicine_points_to_it(knowledge: Knowledge) -> None:
    out = run(knowledge, {
        "person": {"age": 64},
        "medications": [{"name": "formoterol", "stopped_weeks_ago": 3,
                         "improved_after_stopping": True}],
        "cramps": {"locations": ["calf"], "timing": ["night"]},
    })  # fmt: skip
    top = out["cramp_causes"][0]
    assert top["cause"] == "medication"
    assert any("improved when a medicine" in e for e in top["evidence_for"])


def test_a_cramp_drug_with_no_start_date_is_evidence(knowledge: Knowledge) -> None:
    def medication(meds: list[dict[str, Any]]) -> dict[str, Any]:
        out = run(
            knowledge,
            {"person": {"age": 64}, "medications": meds, "cramps": {"locations": ["calf"]}},
        )
        return next(c for c in out["cramp_causes"] if c["cause"] == "medication")

    undated = medication([{"name": "terbutaline"}])
    recent = medication([{"name": "terbutaline", "started_weeks_ago": 2}])
    years = medication([{"name": "terbutaline", "years": 6}])
    assert years["score"] < undated["score"] < recent["score"]
    assert any("when it was started is not known" in e for e in undated["evidence_for"])


@pytest.mark.parametrize(
    "person",
    [{"age": 30, "sex": "male"}, {"age": 30, "sex": "female", "pregnant": False}],
)
def test_a_cause_impossible_for_the_person_is_never_listed(
    knowledge: Knowledge, person: dict[str, Any]
) -> None:
    out = run(knowledge, {"person": person, "cramps": {"timing": ["night"]}})
    assert "pregnancy" not in causes(out)


def test_pregnancy_stays_possible_when_not_known(knowledge: Knowledge) -> None:
    out = run(knowledge, {"person": {"age": 30, "sex": "female"}, "cramps": {}})
    assert "pregnancy" in causes(out)


def test_when_nothing_fits_the_answer_says_so(knowledge: Knowledge) -> None:
    out = run(
        knowledge,
        {"person": {"age": 35}, "cramps": {"locations": ["forearm"], "timing": ["any_time"]}},
    )
    assert out["cramp_cause_clear"] is False
    assert any("No single cause fits" in s for s in out["next_steps"])
    assert "No single cause fits" in out["summary"]


def test_idiopathic_cramps_need_night_cramps(knowledge: Knowledge) -> None:
    out = run(knowledge, {"person": {"age": 70}, "cramps": {"timing": ["during_exercise"]}})
    idiopathic = next(c for c in out["cramp_causes"] if c["cause"] == "nocturnal_idiopathic")
    assert idiopathic["score"] <= 0.01


ADVICE_AGAINST_TESTS = "blood tests are usually not needed"


@pytest.mark.parametrize(
    "case",
    [c["case"] for c in OWN_AND_SHARED + load_cases()],
    ids=[c["id"] for c in OWN_AND_SHARED + load_cases()],
)
def test_next_steps_never_contradict_each_other(knowledge: Knowledge, case: dict[str, Any]) -> None:
    steps = " ".join(run(knowledge, case)["next_steps"]).lower()
    advises_a_test = "test" in steps.replace(ADVICE_AGAINST_TESTS, "")
    assert not (advises_a_test and ADVICE_AGAINST_TESTS in steps), steps


def test_anaemia_counts_as_a_sign_for_testing(knowledge: Knowledge) -> None:
    case = {"person": {"age": 40, "diet": "vegan"}, "symptoms": [],
            "labs": [{"test": "hemoglobin", "value": 105, "unit": "g/L"}]}  # fmt: skip
    assert run(knowledge, case)["b12_status"]["category"] == "testing_indicated"
    large = {**case, "labs": [{"test": "mcv", "value": 108, "unit": "fL"}]}
    assert run(knowledge, large)["b12_status"]["category"] == "testing_indicated"
    no_risk = {**case, "person": {"age": 40, "diet": "omnivore"}}
    assert run(knowledge, no_risk)["b12_status"]["category"] == "testing_not_indicated"


def test_a_risk_factor_not_counted_for_testing_says_why(knowledge: Knowledge) -> None:
    out = run(knowledge, {"person": {"age": 75}, "symptoms": ["fatigue"]})
    older = next(r for r in out["risk_factors"] if r["code"] == "older_age")
    assert older["counts_for_testing"] is False
    assert "does not count towards offering a B12 test" in older["detail"]
    counted = run(knowledge, {"person": {"age": 40, "diet": "vegan"}})["risk_factors"][0]
    assert "does not count" not in counted["detail"]


def test_a_supplement_taken_for_years_does_not_mask_a_low_result(knowledge: Knowledge) -> None:
    def qualifiers(since_weeks: float) -> list[str]:
        case = {"person": {"age": 50, "b12_supplement": {"dose_ug": 1000, "frequency": "daily",
                                                          "since_weeks": since_weeks}},
                "labs": [{"test": "b12_total", "value": 150, "unit": "ng/L"}]}  # fmt: skip
        return list(run(knowledge, case)["b12_status"]["qualifiers"])

    assert "recent_supplement_may_mask" not in qualifiers(156)  # three years
    assert "recent_supplement_may_mask" in qualifiers(2)


def test_a_range_printed_in_the_other_unit_family_is_flagged_and_read_as_it_implies(
    knowledge: Knowledge,
) -> None:
    out = run(knowledge, {"person": {"age": 50}, "labs": [
        {"test": "b12_total", "value": 140, "unit": "pg/mL",
         "reference_range": {"low": 145, "high": 569}}]})  # fmt: skip
    lab = out["labs"][0]
    assert "unit_mismatch" in {w["code"] for w in lab["warnings"]}
    # 140 pmol/L (the range's unit) is indeterminate; 140 pg/mL would be deficiency
    assert lab["category"] == "indeterminate"
    own_family = run(knowledge, {"person": {"age": 50}, "labs": [
        {"test": "b12_total", "value": 140, "unit": "pg/mL",
         "reference_range": {"low": 180, "high": 914}}]})["labs"][0]  # fmt: skip
    assert own_family["warnings"] == [] or "unit_mismatch" not in {
        w["code"] for w in own_family["warnings"]
    }
    assert own_family["category"] == "deficiency_confirmed"
