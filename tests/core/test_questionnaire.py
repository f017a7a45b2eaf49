"""The guided self-check asks only what matters next and builds a valid case."""

from __future__ import annotations

from typing import Any

import pytest

from b12.cli.questionnaire import run_questionnaire
from b12.core.assess import assess
from b12.core.case import parse_case
from b12.core.questionnaire import (
    SYMPTOM_OPTIONS,
    Flow,
    answer,
    next_question,
    parse_answer,
    start_flow,
)
from b12.errors import InputError
from b12.knowledge import Knowledge, load_knowledge


def keys_asked(answers: dict[str, Any], flow: Flow | None = None) -> list[str]:
    """Walk the flow answering from ``answers`` (missing = don't know); return keys asked."""
    flow = flow or start_flow(load_knowledge())
    asked = []
    while (q := next_question(flow)) is not None:
        asked.append(q.key)
        answer(flow, q.key, answers.get(q.key))
    return asked


def test_the_pregnancy_questions_stop_at_the_knowledge_bases_age(knowledge: Knowledge) -> None:
    below = knowledge.risk_factors.pregnancy_question_below_age
    assert below == 55
    assert "pregnant" in keys_asked({"age": below - 1, "sex": "female"})
    assert "pregnant" not in keys_asked({"age": below, "sex": "female"})
    flow = Flow(pregnancy_question_below_age=61)  # as if the knowledge data said 61
    assert "breastfeeding" in keys_asked({"age": 60, "sex": "female"}, flow)


def test_men_are_not_asked_about_pregnancy() -> None:
    asked = keys_asked({"age": 40, "sex": "male"})
    assert "pregnant" not in asked and "breastfeeding" not in asked
    assert "pregnant" in keys_asked({"age": 30, "sex": "female"})
    assert "pregnant" not in keys_asked({"age": 70, "sex": "female"})


def test_cramp_details_only_with_cramps_and_heat_only_with_exertion() -> None:
    no_cramps = keys_asked({"age": 40, "has_cramps": False})
    assert "cramp_locations" not in no_cramps and "ambient_temperature" not in no_cramps
    night = keys_asked({"age": 40, "has_cramps": True, "cramp_timing": ["night"]})
    assert "cramp_locations" in night and "ambient_temperature" not in night
    work = keys_asked({"age": 40, "has_cramps": True, "cramp_timing": ["during_physical_work"]})
    assert "ambient_temperature" in work and "fluids" in work


def test_fortified_foods_asked_of_vegans_and_dose_only_with_a_supplement() -> None:
    assert "fortified_foods" in keys_asked({"age": 40, "diet": "vegan"})
    assert "fortified_foods" not in keys_asked({"age": 40, "diet": "omnivore"})
    assert "supplement_dose" not in keys_asked({"age": 40, "supplement": "none"})
    assert "supplement_dose" in keys_asked({"age": 40, "supplement": "daily"})


def test_dont_know_leaves_fields_unknown(knowledge: Knowledge) -> None:
    flow = start_flow(load_knowledge())
    while (q := next_question(flow)) is not None:
        answer(flow, q.key, 50 if q.key == "age" else None)
    assert flow.case == {"person": {"age": 50}}
    out = assess(parse_case(flow.case), knowledge).to_dict(knowledge)
    assert out["cramp_causes"] == []


@pytest.mark.parametrize(
    ("kind_key", "text", "expected"),
    [
        ("age", "34", 34.0),
        ("sex", "2", "male"),
        ("sex", "female", "female"),
        ("pregnant", "y", True),
        ("pregnant", "?", None),
        ("symptoms", "1, 3", ["paresthesia", "fatigue"]),
        ("symptoms", "none", []),
        ("medications", "metformin, omeprazole", ["metformin", "omeprazole"]),
    ],
)
def test_answers_parse(kind_key: str, text: str, expected: Any) -> None:
    flow = start_flow(load_knowledge())
    question = None
    while (q := next_question(flow)) is not None:
        if q.key == kind_key:
            question = q
            break
        answer(flow, q.key, {"age": 30, "sex": "female", "has_cramps": True}.get(q.key))
    assert question is not None
    assert parse_answer(question, text) == expected


def test_bad_answers_say_what_is_allowed() -> None:
    flow = start_flow(load_knowledge())
    age = next_question(flow)
    assert age is not None
    with pytest.raises(InputError, match="16 to 120"):
        parse_answer(age, "12")
    assert parse_answer(age, "?") is None  # age may stay unknown (contract: only person)
    answer(flow, "age", 40)
    sex = next_question(flow)
    assert sex is not None
    with pytest.raises(InputError, match="not one of the options"):
        parse_answer(sex, "7")


def test_scripted_session_builds_the_case_and_retries_bad_input(knowledge: Knowledge) -> None:
    lines = iter(
        ["twelve", "34", "female", "n", "n", "1,3", "y", "1", "y", "1", "", "3", "", "vegan",
         "none", "none", "", "none", "none", "", "b12_total=142 pg/mL", "nonsense=1", ""]
    )  # fmt: skip
    written: list[str] = []
    case = run_questionnaire(lambda _prompt: next(lines), written.append, knowledge)
    assert any("type a number" in w for w in written)
    assert any("unknown test 'nonsense'" in w for w in written)
    assert case["person"]["diet"] == "vegan"
    assert case["labs"] == [{"test": "b12_total", "value": 142.0, "unit": "pg/mL"}]
    out = assess(parse_case(case), knowledge).to_dict(knowledge)
    assert out["b12_status"]["category"] == "deficiency_confirmed"
    assert out["cramp_causes"][0]["cause"] == "b12_deficiency"


def test_an_mma_without_kidney_function_asks_for_it(knowledge: Knowledge) -> None:
    """Kidney function not given is unknown: the self-check asks for it when an MMA needs it."""
    flow = start_flow(knowledge)
    for key in ("age", "sex", "symptoms", "has_cramps", "diet", "supplement", "medications",
                "conditions", "exposures", "examined"):  # fmt: skip
        flow.asked.add(key)
    answer(flow, "labs", [{"test": "mma", "value": 620, "unit": "nmol/L"}])
    question = next_question(flow)
    assert question is not None and question.key == "kidney_labs"
    answer(flow, "kidney_labs", [{"test": "egfr", "value": 85, "unit": "mL/min/{1.73_m2}"}])
    assert [lab["test"] for lab in flow.case["labs"]] == ["mma", "egfr"]
    assert next_question(flow) is None
    other = start_flow(knowledge)
    other.asked.update(flow.asked - {"kidney_labs"})
    answer(
        other,
        "labs",
        [
            {"test": "mma", "value": 620, "unit": "nmol/L"},
            {"test": "creatinine", "value": 80, "unit": "umol/L"},
        ],
    )
    assert next_question(other) is None


def test_a_red_flag_stops_the_terminal_self_check_at_once(knowledge: Knowledge) -> None:
    """Chest pain at the symptoms question: the emergency advice comes next, and 'n' ends
    the check there with the case so far."""
    chest_pain = str(SYMPTOM_OPTIONS.index("chest_pain") + 1)
    lines = iter(["40", "male", chest_pain, "n"])
    written: list[str] = []
    case = run_questionnaire(lambda _prompt: next(lines), written.append, knowledge)
    warning = next(i for i, w in enumerate(written) if w.startswith("\n!! "))
    assert "Chest pain" in written[warning]
    assert case["symptoms"] == ["chest_pain"] and "cramps" not in case
    out = assess(parse_case(case), knowledge).to_dict(knowledge)
    assert out["triage"]["level"] == "emergency"


def test_going_on_after_a_red_flag_shows_it_once(knowledge: Knowledge) -> None:
    chest_pain = str(SYMPTOM_OPTIONS.index("chest_pain") + 1)
    lines = iter(["40", "male", chest_pain, "y", "n", "omnivore", "none", "none", "none",
                  "none", "", ""])  # fmt: skip
    written: list[str] = []
    case = run_questionnaire(lambda _prompt: next(lines), written.append, knowledge)
    assert sum(w.startswith("\n!! ") for w in written) == 1
    assert case["person"]["diet"] == "omnivore"


def test_a_misspelt_medicine_is_offered_its_closest_match_at_entry(knowledge: Knowledge) -> None:
    # "y" takes the offered omeprazole; "?": how long it has been taken is not known
    lines = iter(["40", "male", "none", "n", "omnivore", "none", "omeprazol, metformin", "y",
                  "?", "none", "none", "", ""])  # fmt: skip
    written: list[str] = []
    case = run_questionnaire(lambda _prompt: next(lines), written.append, knowledge)
    assert case["medications"] == [{"name": "omeprazole"}, {"name": "metformin"}]


def test_choices_can_be_typed_as_they_are_displayed() -> None:
    flow = start_flow(load_knowledge())
    flow.asked.update({"age", "sex"})
    question = next_question(flow)
    assert question is not None and question.key == "symptoms"
    assert parse_answer(question, "chest pain, pins-and-needles".replace("pins-and-needles",
                                                                          "numbness")) == [
        "chest_pain", "numbness"]  # fmt: skip


def test_examination_findings_are_asked_only_after_an_examination(knowledge: Knowledge) -> None:
    flow = start_flow(knowledge)
    flow.asked.update({"age", "sex", "symptoms", "has_cramps", "diet", "supplement",
                       "medications", "conditions", "exposures"})  # fmt: skip
    assert (q := next_question(flow)) is not None and q.key == "examined"
    answer(flow, "examined", True)
    assert (q := next_question(flow)) is not None and q.key == "signs"
    assert {"fasciculations", "calf_tenderness", "hoffmann_sign"} <= set(q.options)
    answer(flow, "signs", ["fasciculations", "muscle_wasting"])
    assert flow.case["signs"] == ["fasciculations", "muscle_wasting"]
    not_examined = start_flow(knowledge)
    not_examined.asked.update(flow.asked - {"examined", "signs"})
    answer(not_examined, "examined", False)
    assert (q := next_question(not_examined)) is not None and q.key == "labs"


def test_the_questions_left_shrink_and_skip_what_does_not_apply(knowledge: Knowledge) -> None:
    from b12.core.questionnaire import answer, next_question, questions_left, start_flow

    flow = start_flow(knowledge)
    at_start = questions_left(flow)
    answer(flow, "age", 70)
    answer(flow, "sex", "male")  # no pregnancy or breastfeeding question for a man
    after = questions_left(flow)
    assert after == at_start - 2
    woman = start_flow(knowledge)
    answer(woman, "age", 30)
    answer(woman, "sex", "female")
    assert questions_left(woman) == after + 2  # she is asked both
    question = next_question(flow)
    assert question is not None and question.key == "symptoms"
    answer(flow, "symptoms", ["paresthesia"])
    answer(flow, "has_cramps", True)
    assert questions_left(flow) > after - 2  # yes opens the questions about the cramps


def test_how_long_a_medicine_has_been_taken_is_asked_when_it_matters(
    knowledge: Knowledge,
) -> None:
    from b12.core.questionnaire import answer, next_question, parse_answer, start_flow

    def to_medicines(flow: Any) -> None:
        while (q := next_question(flow)) is not None and q.key != "medications":
            answer(flow, q.key, None)

    flow = start_flow(knowledge)
    to_medicines(flow)
    answer(flow, "medications", ["Nexium", "simvastatin"])
    question = next_question(flow)
    assert question is not None and question.key == "medication_years"
    assert "Nexium" in question.text  # a PPI by its brand: its years of use matter
    answer(flow, "medication_years", 3.0)
    assert flow.case["medications"] == [{"name": "Nexium", "years": 3.0}, {"name": "simvastatin"}]
    assert next_question(flow).key != "medication_years"  # type: ignore[union-attr]

    given = start_flow(knowledge)
    to_medicines(given)
    answer(given, "medications", parse_answer(question_for(given), "metformin for 6 years"))
    assert given.case["medications"] == [{"name": "metformin", "years": 6.0}]
    assert next_question(given).key == "conditions"  # type: ignore[union-attr]

    statin_only = start_flow(knowledge)
    to_medicines(statin_only)
    answer(statin_only, "medications", ["simvastatin"])
    assert next_question(statin_only).key == "conditions"  # type: ignore[union-attr]


def question_for(flow: Any) -> Any:
    from b12.core.questionnaire import next_question

    return next_question(flow)
