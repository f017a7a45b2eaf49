"""The knowledge base is complete, cited and consistent."""

from __future__ import annotations

import dataclasses

import pytest
from pydantic import ValidationError

from b12.knowledge import Knowledge, KnowledgeError
from b12.knowledge.citations import OptionalSources, Sources, citations
from b12.knowledge.loader import validate
from b12.knowledge.models import (
    LabTest,
    MedicationClass,
    RangeRule,
    UlnMultipleRule,
    parse,
    to_data,
)

CONTRACT_UNITS = {
    "b12_total": {"pg/mL", "ng/L", "ng/mL", "pmol/L"},
    "b12_active": {"pmol/L"},
    "mma": {"nmol/L", "umol/L"},
    "homocysteine": {"umol/L"},
    "folate": {"ng/mL", "ug/L", "nmol/L"},
    "hemoglobin": {"g/dL", "g/L"},
    "mcv": {"fL"},
    "potassium": {"mmol/L", "meq/L"},
    "sodium": {"mmol/L", "meq/L"},
    "magnesium": {"mmol/L", "mg/dL", "meq/L"},
    "calcium_adjusted": {"mmol/L", "mg/dL"},
    "creatine_kinase": {"U/L"},
    "tsh": {"mIU/L", "m[IU]/L", "uIU/mL"},
    "egfr": {"mL/min/{1.73_m2}"},
    "ferritin": {"ng/mL", "ug/L"},
    "creatinine": {"umol/L", "mg/dL"},
    "urea": {"mmol/L", "mg/dL"},
    "hba1c": {"mmol/mol", "%"},
    "free_t4": {"pmol/L", "ng/dL"},
    "intrinsic_factor_antibody": set(),
    "white_cell_count": {"10*9/L"},
    "platelets": {"10*9/L"},
    "glucose": {"mmol/L", "mg/dL"},
}


def test_every_contract_test_and_unit_is_known(knowledge: Knowledge) -> None:
    assert set(knowledge.lab_tests) == set(CONTRACT_UNITS)
    for code, units in CONTRACT_UNITS.items():
        assert set(knowledge.lab_tests[code].units) == units, code


def test_every_threshold_rule_and_choice_cites_a_known_source(knowledge: Knowledge) -> None:
    cited = list(citations(knowledge))
    assert len(cited) > 40
    for citation in cited:
        path, ids = citation.path, citation.ids
        assert ids or not citation.required, f"{path} cites no source"
        for sid in ids:
            assert sid in knowledge.references, f"{path}: {sid}"


def test_a_threshold_without_its_source_fails_validation(knowledge: Knowledge) -> None:
    refs = dict(knowledge.references)
    del refs["rcem-potassium"]
    broken = dataclasses.replace(knowledge, references=refs)
    with pytest.raises(KnowledgeError, match="rcem-potassium"):
        validate(broken)


def test_a_rule_citing_nothing_fails_validation(knowledge: Knowledge) -> None:
    tests = dict(knowledge.lab_tests)
    k = tests["potassium"]
    tests["potassium"] = dataclasses.replace(k, rule=dataclasses.replace(k.rule, sources=[]))
    with pytest.raises(KnowledgeError, match=r"potassium\.rule\.sources: cites no source"):
        validate(dataclasses.replace(knowledge, lab_tests=tests))


def test_guideline_profiles_print_nice_and_bsh_numbers(knowledge: Knowledge) -> None:
    nice = knowledge.guideline("nice-ng239")
    assert nice.b12_total.mass is not None and nice.b12_total.molar is not None
    assert (nice.b12_total.mass.confirmed_below, nice.b12_total.mass.unlikely_above) == (180, 350)
    assert (nice.b12_total.molar.confirmed_below, nice.b12_total.molar.unlikely_above) == (133, 258)
    assert nice.b12_active.molar is not None
    assert (nice.b12_active.molar.confirmed_below, nice.b12_active.molar.unlikely_above) == (25, 70)
    bsh = knowledge.guideline("bsh-2014")
    assert bsh.b12_total.molar is not None and bsh.b12_total.molar.confirmed_below == 148
    assert knowledge.default_guideline == "nice-ng239"


def test_disagreements_are_explicit_choices_with_sources(knowledge: Knowledge) -> None:
    for name in ("mma_upper_limit", "rhabdomyolysis_ck", "hypomagnesaemia"):
        choice = knowledge.choices[name]
        assert len(choice.options) >= 2
        assert choice.default in choice.options
    assert knowledge.choice("rhabdomyolysis_ck", {}).value == 5
    assert knowledge.choice("rhabdomyolysis_ck", {"rhabdomyolysis_ck": "10x"}).value == 10
    assert knowledge.choice("hypomagnesaemia", {"hypomagnesaemia": "us-0-6"}).value == 0.6


def test_unknown_guideline_is_a_user_error(knowledge: Knowledge) -> None:
    from b12.errors import InputError

    with pytest.raises(InputError, match="allowed: bsh-2014, nice-ng239"):
        knowledge.guideline("who-2099")


def test_every_rule_term_is_a_fact_the_engine_produces(knowledge: Knowledge) -> None:
    from b12.core.facts import unknown_terms

    terms = _rule_terms(knowledge) + [fact.name for fact in knowledge.combined_facts]
    assert unknown_terms(terms) == []
    assert unknown_terms(["symptom:x", "lab:k<2", "made_up_fact", "colour>3"]) == [
        "made_up_fact",
        "colour>3",
    ]


def test_every_cramp_cause_of_the_contract_is_considered(knowledge: Knowledge) -> None:
    assert set(knowledge.cramp_causes.causes) == {
        "b12_deficiency", "dehydration", "electrolyte_imbalance", "exercise_associated",
        "medication", "nocturnal_idiopathic", "pregnancy", "hypothyroidism", "dialysis",
        "cirrhosis", "peripheral_arterial_disease", "other",
        # added by the project (issue 14): mimics that must not be read as cramps
        "deep_vein_thrombosis", "neuromuscular_disease", "peripheral_neuropathy",
    }  # fmt: skip


def _severe_grades(knowledge: Knowledge) -> set[str]:
    """Every ``lab:TEST:CATEGORY:severe`` fact the lab reader can produce."""
    found = set()
    for code, test in knowledge.lab_tests.items():
        rule = test.rule
        if isinstance(rule, RangeRule):
            if any(g.severity == "severe" for g in [*rule.low_grades, *rule.low_grades_pregnant]):
                found.add(f"lab:{code}:low:severe")
            if any(g.severity == "severe" for g in rule.high_grades):
                found.add(f"lab:{code}:high:severe")
        if isinstance(rule, UlnMultipleRule) and rule.severe_at_or_above is not None:
            found.add(f"lab:{code}:rhabdomyolysis_range:severe")
    return found


def test_every_severe_lab_grade_sets_a_triage_level(knowledge: Knowledge) -> None:
    """A result the lab reader grades severe must reach triage: some red flag or level names
    it alone (so the level it implies is written in the knowledge, with its sources)."""
    rules = [*knowledge.triage.red_flags, *knowledge.triage.levels]
    alone = {alt[0] for rule in rules for alt in rule.when if len(alt) == 1}
    grades = _severe_grades(knowledge)
    assert "lab:hemoglobin:low:severe" in grades  # the check reads the grades at all
    assert sorted(grades - alone) == []


def test_intake_targets_by_life_stage(knowledge: Knowledge) -> None:
    us = knowledge.intake_targets.reference()
    assert us.id == "us-iom"
    assert us.b12_target(40) == 2.4
    assert us.b12_target(30, pregnant=True) == 2.6
    assert us.b12_target(30, lactating=True) == 2.8
    assert us.b12_target(10) == 1.8
    assert us.b12_target(5) is None
    efsa = knowledge.intake_targets.reference("efsa")
    assert efsa.b12_target(40) == 4.0
    assert efsa.b12_target(30, pregnant=True) == 4.5


def test_symptom_lists_name_symptoms_a_case_can_report(knowledge: Knowledge) -> None:
    from typing import get_args

    from b12.core.case import Symptom

    known = set(get_args(Symptom))
    lists = {
        "b12_symptoms.common_symptoms": knowledge.b12_symptoms.common_symptoms,
        "b12_symptoms.neuro_symptoms": knowledge.b12_symptoms.neuro_symptoms,
        "b12_symptoms.first_nerve_symptoms": knowledge.b12_symptoms.first_nerve_symptoms,
    }
    for where, codes in lists.items():
        assert codes and codes <= known, (where, sorted(codes - known))


def _rule_terms(knowledge: Knowledge) -> list[str]:
    """Every term of every rule: red flags, levels, cause evidence and requirements, and
    combined facts."""
    terms = [t for flag in knowledge.triage.red_flags for alt in flag.when for t in alt]
    terms += [t for level in knowledge.triage.levels for alt in level.when for t in alt]
    for cause in knowledge.cramp_causes.causes.values():
        terms += [ev.fact for ev in cause.evidence]
        terms += [t for alt in cause.requires for t in alt]
    for fact in knowledge.combined_facts:
        terms += [t for alt in fact.when for t in alt] + fact.of
    return terms


def test_rule_terms_name_codes_a_case_can_report(knowledge: Knowledge) -> None:
    """A misspelt symptom in a rule would make the rule silently never hold."""
    from typing import get_args

    from b12.core import case

    families = {
        "symptom:": case.Symptom,
        "sign:": case.Sign,
        "condition:": case.Condition,
        "exposure:": case.Exposure,
        "cramps:location:": case.Location,
        "cramps:timing:": case.Timing,
        "cramps:trigger:": case.Trigger,
        "cramps:relieved_by:": case.Relief,
    }
    unknown = [
        term
        for term in (t.lstrip("!") for t in _rule_terms(knowledge))
        for prefix, codes in families.items()
        if term.startswith(prefix) and term.removeprefix(prefix) not in get_args(codes)
    ]
    assert unknown == []


def test_combined_facts_come_after_the_combined_facts_they_use(knowledge: Knowledge) -> None:
    """They are worked out in file order, so a fact used before it is made never holds."""
    made: set[str] = set()
    combined = {fact.name for fact in knowledge.combined_facts}
    for fact in knowledge.combined_facts:
        uses = {t.lstrip("!") for alt in fact.when for t in alt} | set(fact.of)
        assert uses & combined <= made, (fact.name, sorted(uses & combined - made))
        made.add(fact.name)


def test_a_combined_fact_needs_one_form() -> None:
    from pydantic import ValidationError

    from b12.knowledge.models import CombinedFact

    with pytest.raises(ValidationError, match="either when, or at_least with of"):
        parse(CombinedFact, {"name": "x", "note": "", "sources": ["b12-editorial"]})
    with pytest.raises(ValidationError, match="at_least must be between 1"):
        parse(
            CombinedFact,
            {
                "name": "x",
                "note": "",
                "at_least": 3,
                "of": ["a", "b"],
                "sources": ["b12-editorial"],
            },
        )


def test_the_knowledge_base_is_loaded_once_per_process() -> None:
    """Every command and the web app ask for it; reading and validating the files again
    would also throw away the indexes built on it (``Knowledge.derived``)."""
    from b12.knowledge import load_knowledge

    assert load_knowledge() is load_knowledge()


def test_a_cramp_cause_lists_each_fact_once(knowledge: Knowledge) -> None:
    """Ranking files evidence by its fact; the same fact twice would also count twice."""
    from pydantic import ValidationError

    from b12.knowledge.models import to_data

    cause = next(iter(knowledge.cramp_causes.causes.values()))
    data = to_data(cause)
    data["evidence"] = [*data["evidence"], data["evidence"][0]]
    with pytest.raises(ValidationError, match=f"lists {cause.evidence[0].fact} more than once"):
        parse(type(cause), data)


def test_condition_lists_name_conditions_a_case_can_report(knowledge: Knowledge) -> None:
    from typing import get_args

    from b12.core.case import Condition

    texts = knowledge.status_texts
    assert texts.renal_conditions.conditions <= set(get_args(Condition))
    assert set(texts.spuriously_low_b12.conditions) <= set(get_args(Condition))


def test_every_symptom_sign_and_qualifier_has_plain_words(knowledge: Knowledge) -> None:
    """People read plain words with the clinical term in brackets, never a raw code."""
    from typing import get_args

    from b12.core.case import Sign, Symptom

    codes = {*get_args(Symptom), *get_args(Sign), *knowledge.status_texts.qualifiers}
    missing = sorted(code for code in codes if code not in knowledge.plain_terms.terms)
    assert missing == []
    assert knowledge.plain_terms.of("paresthesia") == "pins and needles (paraesthesia)"
    assert knowledge.plain_terms.of("not_listed_code") == "not listed code"


def test_cramp_location_groups_name_only_locations_a_case_can_report(
    knowledge: Knowledge,
) -> None:
    from typing import get_args

    from b12.core.case import Location

    groups = knowledge.fact_thresholds.location_groups
    assert {"calf_or_foot", "hands_or_feet", "in_leg"} <= set(groups)
    for name, members in groups.items():
        assert members <= set(get_args(Location)), name


@dataclasses.dataclass(frozen=True)
class _Grade:
    sources: Sources
    notes: OptionalSources


@dataclasses.dataclass(frozen=True)
class _Rule:
    grades: dict[str, list[_Grade]]
    label: list[str]  # a list of strings that is not typed as sources


def test_cited_fields_are_found_by_their_type_wherever_they_sit() -> None:
    rule = _Rule(grades={"low": [_Grade(sources=["a"], notes=[])]}, label=["x"])
    assert [(c.path, c.ids, c.required) for c in citations(rule, "rule")] == [
        ("rule.grades.low[0].sources", ["a"], True),
        ("rule.grades.low[0].notes", [], False),
    ]


def test_a_medicine_claim_without_its_sources_is_rejected(knowledge: Knowledge) -> None:
    statins = to_data(knowledge.medications.classes["statin"])
    statins["mechanism_sources"] = []
    with pytest.raises(ValidationError, match="mechanisms cite no source"):
        parse(MedicationClass, statins)


def test_each_kind_of_lab_rule_has_its_own_fields(knowledge: Knowledge) -> None:
    ck = to_data(knowledge.lab_tests["creatine_kinase"])
    del ck["rule"]["default_uln"]
    with pytest.raises(ValidationError, match="default_uln"):
        parse(LabTest, ck)
    mma = to_data(knowledge.lab_tests["mma"])
    mma["rule"]["low_below"] = 10  # a range's field on an upper-limit rule
    with pytest.raises(ValidationError, match="low_below"):
        parse(LabTest, mma)


def test_the_default_guideline_is_the_knowledge_bases_own(knowledge: Knowledge) -> None:
    """thresholds.toml's default_guideline is the one place it is written: changing it
    changes what an assessment and a lab reading use when none is asked for."""
    from b12.core.assess import assess
    from b12.core.case import parse_case
    from b12.core.lab_report import read_labs
    from b12.core.labs import ReadingOptions
    from b12.core.models import LAB_INPUT

    bsh = dataclasses.replace(knowledge, default_guideline="bsh-2014")
    case = parse_case({"person": {"age": 40}, "labs": [{"test": "b12_total", "value": 190,
                                                          "unit": "pg/mL"}]})  # fmt: skip
    assert assess(case, knowledge).guideline == "nice-ng239"
    assert assess(case, bsh).guideline == "bsh-2014"
    lab = LAB_INPUT.validate_python({"test": "b12_total", "value": 190, "unit": "pg/mL"})
    assert read_labs([lab], bsh, ReadingOptions()).guideline == "bsh-2014"
