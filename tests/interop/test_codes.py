"""The code tables and CDS rules: loaded, cross-checked with the knowledge base, and the
offline checks of the codes themselves (a mistyped digit is caught; a wrong concept with a
right check digit is not, which is why docs/interop.md says no terminology server is used)."""

from __future__ import annotations

import pytest

from b12.interop.codes import check, load_interop, luhn_loinc_ok, snomed_concept_ok
from b12.knowledge import load_knowledge


def test_the_tables_load_and_agree_with_the_knowledge_base() -> None:
    knowledge = load_knowledge()
    interop = load_interop(knowledge)
    assert check(interop, knowledge) == []
    assert interop.loinc_to_test["2132-9"] == interop.loinc_to_test["14685-2"] == "b12_total"
    assert interop.long_running_years["metformin"] == knowledge.risk_factors.metformin_long_years


def test_every_loinc_code_b12_knows_has_a_valid_check_digit() -> None:
    knowledge = load_knowledge()
    codes = {c for t in knowledge.lab_tests.values() for c in t.loinc}
    assert len(codes) > 20
    assert all(luhn_loinc_ok(code) for code in codes), [c for c in codes if not luhn_loinc_ok(c)]


@pytest.mark.parametrize("code", ["2132-8", "2123-9", "14685-3", "21329", "2132-99", "x-1"])
def test_a_mistyped_loinc_code_fails_its_check_digit(code: str) -> None:
    assert not luhn_loinc_ok(code)


def test_the_loinc_check_digit_is_loincs_own_not_luhns() -> None:
    """55-x: LOINC doubles the odd-position digits as one number (55 * 2 = 110, digit sum
    2); that gives the same digit as Luhn here, and both agree with published codes."""
    assert luhn_loinc_ok("2951-2") and luhn_loinc_ok("62238-1") and luhn_loinc_ok("777-3")


def test_snomed_codes_pass_verhoeff_and_a_typo_does_not() -> None:
    interop = load_interop(load_knowledge())
    assert all(snomed_concept_ok(c) for c in interop.codes.snomed.codes)
    assert snomed_concept_ok("44054006")
    assert not snomed_concept_ok("44054007")  # check digit
    assert not snomed_concept_ok("44054016")  # a description id partition, not a concept
    assert not snomed_concept_ok("04405400")


def test_check_names_a_bad_table_entry() -> None:
    knowledge = load_knowledge()
    interop = load_interop(knowledge)
    bad_snomed = interop.codes.snomed.model_copy(update={"codes": {"44054007": "type_2_diabetes"}})
    bad = interop.codes.model_copy(update={"snomed": bad_snomed})
    broken = type(interop)(bad, interop.rules, interop.loinc_to_test, interop.long_running_years)
    problems = check(broken, knowledge)
    assert "fhir_codes.snomed: '44054007' is not a valid concept id" in problems


def test_every_lab_unit_exports_as_ucum() -> None:
    knowledge = load_knowledge()
    interop = load_interop(knowledge)
    for test in knowledge.lab_tests.values():
        for unit in test.units:
            assert interop.unit_from_ucum(interop.ucum_for(unit), None) in (unit, "m[IU]/L")
