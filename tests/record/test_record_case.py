"""The case built from a person's record: every field it derives, where each came from, and
what it leaves for the questionnaire. Built on plain records with a fixed "today"."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest

from b12.core.assess import assess
from b12.core.case import parse_case
from b12.core.diary import (
    CrampEntry,
    DrinkEntry,
    Entry,
    LabEntry,
    Medicine,
    Profile,
    Record,
    SupplementEntry,
    SymptomEntry,
)
from b12.core.models import LabInput
from b12.core.questionnaire import next_question, start_flow_from
from b12.core.record_case import build_record_case
from b12.knowledge import Knowledge
from tests.intake.builders import food

TODAY = date(2026, 6, 30)


def day(ago: int) -> date:
    return TODAY - timedelta(days=ago)


def at(ago: int, hour: int = 8) -> datetime:
    return datetime.combine(day(ago), time(hour), tzinfo=UTC)


def with_ids(entries: list[Entry]) -> list[Entry]:
    for i, entry in enumerate(entries, 1):
        entry.id = i
    return entries


def ana() -> Profile:
    return Profile(
        name="Ana", age=67, sex="female", diet="omnivore", conditions=["type_2_diabetes"]
    )


def full_record() -> Record:
    entries: list[Entry] = []
    for ago in range(1, 8):  # a week of meals low in B12, potassium and magnesium
        entries.append(food("toast", 0, day=day(ago), b12=0.05, potassium=300, magnesium=30))
        entries[-1].at = at(ago, 8)
        entries.append(DrinkEntry(at=at(ago, 12), volume_ml=800))
        entries.append(CrampEntry(at=at(ago, 2), location="calf", timing="night",
                                  duration_minutes=4 if ago % 2 else 2))  # fmt: skip
    entries += [
        CrampEntry(at=at(60, 3), location="foot", timing="night"),  # long ago: history only
        CrampEntry(at=at(3, 18), location="thigh", timing="during_exercise"),
        SymptomEntry(at=at(10, 9), symptom="paresthesia"),
        SymptomEntry(at=at(40, 9), symptom="fatigue"),  # outside the 28-day window
        LabEntry(on=day(20), lab=LabInput(test="b12_total", value=190.0, unit="pg/mL")),
        LabEntry(on=day(200), lab=LabInput(test="b12_total", value=400.0, unit="pg/mL")),
        LabEntry(on=day(100), lab=LabInput(test="potassium", value=3.1, unit="mmol/L")),
        LabEntry(on=day(5), lab=LabInput(test="mcv", value=104.0, unit="fL")),
    ]
    medicines = [
        Medicine(name="Glucophage", generic="metformin", dose_text="1000 mg twice a day",
                 dose_mg_per_day=2000, started=date(2018, 6, 30), id=1),
        Medicine(name="omeprazole", generic="omeprazole", started=day(70), id=2),
        Medicine(name="simvastatin", generic="simvastatin", started=date(2015, 1, 1),
                 stopped=day(14), improved_after_stopping=True, id=3),
        Medicine(name="old pill", stopped=date(2020, 1, 1), id=4),  # stopped years ago
    ]  # fmt: skip
    return Record(ana(), with_ids(entries), medicines)


def test_every_field_derived_from_a_full_record(knowledge: Knowledge) -> None:
    built = build_record_case(full_record(), knowledge, TODAY)
    data = built.data
    assert data["person"] == {
        "age": 67, "sex": "female", "pregnant": False, "breastfeeding": False,
        "diet": "omnivore",
    }  # fmt: skip
    assert data["conditions"] == ["type_2_diabetes"]
    metformin, omeprazole, statin = data["medications"]
    assert metformin == {
        "name": "metformin", "dose_mg_per_day": 2000, "years": 8.0,
        "started_weeks_ago": 417.4,
    }  # fmt: skip
    assert omeprazole == {"name": "omeprazole", "years": 0.19, "started_weeks_ago": 10.0}
    assert statin["stopped_weeks_ago"] == 2.0 and statin["improved_after_stopping"] is True
    # The latest B12 (20 days old), not the older one; the MCV; the potassium is 100 days
    # old, past its 90-day window, and is named as too old.
    assert [(lab["test"], lab["value"], lab["date"]) for lab in data["labs"]] == [
        ("b12_total", 190.0, "2026-06-10"), ("mcv", 104.0, "2026-06-25"),
    ]  # fmt: skip
    assert any("too old" in m and "potassium" in m.lower() for m in built.missing)
    assert data["symptoms"] == ["paresthesia"]
    cramps = data["cramps"]
    assert cramps["locations"] == ["calf", "thigh"]
    assert cramps["timing"] == ["night", "during_exercise"]
    assert cramps["triggers"] == ["exercise"]
    assert cramps["duration_minutes"] == 4  # the median of the durations given
    assert cramps["episodes_per_week"] == pytest.approx(8 * 7 / 28)
    assert cramps["history_weeks"] == pytest.approx(60 / 7, abs=0.05)
    intake = data["intake"]
    assert intake["days_logged"] == 7
    assert intake["potassium_mg"]["amount"] == 300 and intake["potassium_mg"]["complete"]
    assert intake["magnesium_mg"]["amount"] == 30
    assert intake["b12_absorbed_ug"]["amount"] < intake["b12_absorbed_ug"]["target"] / 2
    assert data["context"]["fluid_intake_l_per_day"] == pytest.approx(0.8 + 0.1, abs=0.01)
    assert "person.b12_supplement" not in {d.field for d in built.derived}  # never logged


def test_each_derived_field_names_its_entries_and_dates(knowledge: Knowledge) -> None:
    built = build_record_case(full_record(), knowledge, TODAY)
    by_field = {d.field: d for d in built.derived}
    b12 = by_field["labs[0]"]
    assert b12.origin == "diary" and b12.first == day(20) and "190 pg/mL" in b12.text
    record = full_record()
    lab_id = next(e.id for e in record.entries if isinstance(e, LabEntry) and e.on == day(20))
    assert b12.ids == (lab_id,)
    assert by_field["medications[0]"].ids == (1,) and by_field["medications[0]"].origin == (
        "medicines"
    )
    cramps = by_field["cramps"]
    assert len(cramps.ids) == 8 and cramps.first == day(7) and cramps.last == day(1)
    assert by_field["intake"].origin == "intake" and "7 days" in by_field["intake"].text
    assert all(d.origin == "profile" for f, d in by_field.items() if f.startswith("person"))


def test_the_diary_evidence_reaches_the_ranked_causes(knowledge: Knowledge) -> None:
    built = build_record_case(full_record(), knowledge, TODAY)
    result = assess(built.case, knowledge)
    b12 = next(c for c in result.cramp_causes if c.cause == "b12_deficiency")
    assert any("absorbed B12" in e for e in b12.evidence_for)
    electrolytes = next(c for c in result.cramp_causes if c.cause == "electrolyte_imbalance")
    assert any("potassium" in e for e in electrolytes.evidence_for)
    assert {r.code for r in result.risk_factors} >= {"metformin", "proton_pump_inhibitor"}


def test_the_assessment_equals_the_same_case_from_a_file(knowledge: Knowledge) -> None:
    built = build_record_case(full_record(), knowledge, TODAY)
    from_file = assess(parse_case(built.data), knowledge)
    assert from_file.to_dict(knowledge) == assess(built.case, knowledge).to_dict(knowledge)


def test_an_empty_diary_gives_a_short_case_and_says_what_is_missing(
    knowledge: Knowledge,
) -> None:
    built = build_record_case(Record(Profile(name="New", age=40)), knowledge, TODAY)
    assert built.data == {"person": {"age": 40, "pregnant": False, "breastfeeding": False}}
    text = " ".join(built.missing)
    for gap in ("conditions", "medicines", "lab results", "symptoms", "cramps", "foods"):
        assert gap in text
    assess(built.case, knowledge)  # assessable, not an error


def test_too_few_food_days_give_no_intake_facts(knowledge: Knowledge) -> None:
    entries: list[Entry] = [food("toast", 8, day=day(1), b12=0.0)]
    entries += [DrinkEntry(at=at(ago), volume_ml=500) for ago in range(1, 6)]
    built = build_record_case(Record(ana(), with_ids(entries)), knowledge, TODAY)
    assert "intake" not in built.data  # one food day is not a usual intake
    assert "context" in built.data  # five days of drinks still give the fluids


def test_a_food_without_a_value_makes_low_unknown_not_low(knowledge: Knowledge) -> None:
    entries: list[Entry] = [food("mystery", 8, day=day(ago), potassium=None) for ago in range(1, 5)]
    entries.append(CrampEntry(at=at(1, 2), location="calf", timing="night"))
    built = build_record_case(Record(ana(), with_ids(entries)), knowledge, TODAY)
    assert built.data["intake"]["potassium_mg"]["complete"] is False
    result = assess(built.case, knowledge)
    electrolytes = next(c for c in result.cramp_causes if c.cause == "electrolyte_imbalance")
    assert not any("potassium you need" in e for e in electrolytes.evidence_for)


def test_supplements_and_injections(knowledge: Knowledge) -> None:
    entries: list[Entry] = [
        SupplementEntry(at=at(ago), dose_ug=50) for ago in range(0, 14) if ago % 7 != 3
    ]
    entries += [
        SupplementEntry(at=at(ago), dose_ug=1000, route="intramuscular") for ago in (200, 130)
    ]
    built = build_record_case(Record(ana(), with_ids(entries)), knowledge, TODAY)
    person = built.data["person"]
    assert person["b12_supplement"] == {"dose_ug": 50, "frequency": "daily", "since_weeks": 1.9}
    treatment = person["b12_treatment"]
    assert treatment["interval_weeks"] == 10.0
    assert treatment["last_dose_weeks_ago"] == pytest.approx(130 / 7, abs=0.05)
    assert treatment["status"] == "lapsed"  # over 1.5 intervals since the last dose


def test_a_supplement_stopped_is_none_not_unknown(knowledge: Knowledge) -> None:
    entries: list[Entry] = [SupplementEntry(at=at(60), dose_ug=1000)]
    built = build_record_case(Record(ana(), with_ids(entries)), knowledge, TODAY)
    assert built.data["person"]["b12_supplement"] == {"frequency": "none"}


def test_the_questionnaire_asks_only_what_the_record_lacks(knowledge: Knowledge) -> None:
    built = build_record_case(full_record(), knowledge, TODAY)
    flow = start_flow_from(built.data, knowledge)
    asked = []
    while (question := next_question(flow)) is not None:
        asked.append(question.key)
        flow.asked.add(question.key)
    held = {"age", "sex", "symptoms", "has_cramps", "cramp_locations", "cramp_timing",
            "cramp_triggers", "cramp_duration", "diet", "medications", "conditions", "labs",
            "fluids"}  # fmt: skip
    assert not held & set(asked)
    assert "exposures" in asked and "cramp_relief" in asked


def test_every_prefilled_question_key_is_a_question(knowledge: Knowledge) -> None:
    from b12.core.questionnaire import _ANSWERED_BY, _STEPS

    assert set(_ANSWERED_BY) <= {step.question.key for step in _STEPS}


@pytest.mark.parametrize("unknown", [{"symptom": "itchy"}, {"location": "ear"}])
def test_codes_the_contract_does_not_know_are_left_out(
    knowledge: Knowledge, unknown: dict[str, Any]
) -> None:
    entry: Entry = (
        SymptomEntry(at=at(1), symptom=unknown["symptom"])
        if "symptom" in unknown
        else CrampEntry(at=at(1), location=unknown["location"])
    )
    built = build_record_case(Record(ana(), with_ids([entry])), knowledge, TODAY)
    parse_case(built.data)  # still a valid case
    assert "itchy" not in str(built.data) and "ear" not in str(built.data.get("cramps", {}))
