"""B12 deficiency risk factors found in a case, each explained with its source."""

from __future__ import annotations

from dataclasses import dataclass

from b12.core.case import Case
from b12.core.contract import RiskFactorJSON
from b12.core.medications import ResolvedMedication
from b12.knowledge import Knowledge

_CONDITION_FACTORS = {
    "autoimmune_gastritis": "autoimmune_gastritis",
    "atrophic_gastritis": "atrophic_gastritis",
    "gastrectomy": "gastrectomy",
    "bariatric_surgery": "bariatric_surgery",
    "ileal_resection": "ileal_resection",
    "crohns_disease": "inflammatory_bowel_disease",
    "coeliac_disease": "coeliac_disease",
    "sjogrens_syndrome": "sjogrens_syndrome",
    "type_1_diabetes": "type_1_diabetes",
    "other_autoimmune_disease": "other_autoimmune_disease",
    "autoimmune_thyroid_disease": "other_autoimmune_disease",
    "abdominal_pelvic_radiotherapy": "abdominal_pelvic_radiotherapy",
    "family_history_b12_deficiency": "family_history",
}


@dataclass(slots=True)
class RiskFactor:
    code: str
    label: str
    detail: str
    sources: list[str]
    counts_for_testing: bool

    def to_dict(self) -> RiskFactorJSON:
        return {
            "code": self.code,
            "label": self.label,
            "detail": self.detail,
            "sources": self.sources,
            "counts_for_testing": self.counts_for_testing,
        }


def _fmt(x: float) -> str:
    return f"{x:g}"


def find_risk_factors(
    case: Case, meds: list[ResolvedMedication], knowledge: Knowledge
) -> list[RiskFactor]:
    rk = knowledge.risk_factors
    found: dict[str, str] = {}  # code -> extra detail
    person = case.person
    plant_based = person.diet in ("vegan", "vegetarian") or person.low_animal_food_intake
    intake = _b12_intake_note(case, knowledge) if plant_based else ""
    if person.diet == "vegan":
        found["vegan_diet"] = intake
    elif person.diet == "vegetarian":
        found["vegetarian_diet"] = intake
    if person.low_animal_food_intake:
        found["low_animal_food_intake"] = intake
    if person.age is not None and person.age > rk.older_age_above:
        found["older_age"] = f"You are {_fmt(person.age)}."
    if person.pregnant:
        found["pregnancy"] = ""
    if person.breastfeeding:
        found["breastfeeding"] = ""
    for med in meds:
        cls = med.drug_class
        if cls is None or cls.risk_factor is None:
            continue
        found[cls.risk_factor] = _medication_note(med, cls.risk_factor, knowledge)
    for condition in case.conditions or []:
        code = _CONDITION_FACTORS.get(condition)
        if code:
            found.setdefault(code, "")
    if "nitrous_oxide" in (case.exposures or []):
        found["nitrous_oxide"] = ""
    treatment = person.b12_treatment
    if treatment is not None and treatment.status == "lapsed":
        weeks = treatment.last_dose_weeks_ago
        found["treatment_lapsed"] = (
            f"Last dose {_fmt(weeks)} weeks ago." if weeks is not None else ""
        )
    out = []
    for code, extra in found.items():
        d = rk.factors[code]
        detail = f"{d.detail} {extra}".strip()
        if not d.counts_for_testing:
            detail += " " + rk.not_counted_for_testing
        out.append(RiskFactor(code, d.label, detail, list(d.sources), d.counts_for_testing))
    return out


def _medication_note(med: ResolvedMedication, code: str, knowledge: Knowledge) -> str:
    rk = knowledge.risk_factors
    m = med.given
    parts = []
    if m.dose_mg_per_day is not None:
        parts.append(f"{_fmt(m.dose_mg_per_day)} mg a day")
    if m.years is not None:
        parts.append(f"for {_fmt(m.years)} years")
    note = f"You take {med.generic}" + (f", {' '.join(parts)}" if parts else "") + "."
    if code == "metformin":
        high = m.dose_mg_per_day is not None and m.dose_mg_per_day >= rk.metformin_high_dose_mg
        long = m.years is not None and m.years >= rk.metformin_long_years
        if high or long:
            why = " and ".join(
                w
                for w, on in (
                    (f"a dose of {_fmt(rk.metformin_high_dose_mg)} mg a day or more", high),
                    (f"{_fmt(rk.metformin_long_years)} years or more", long),
                )
                if on
            )
            note += f" The risk is higher with {why}."
    acid = code in ("proton_pump_inhibitor", "h2_receptor_antagonist")
    if acid and m.years is not None and m.years >= rk.acid_suppression_long_years:
        note += f" Use for {_fmt(rk.acid_suppression_long_years)} years or more raises the risk."
    return note


def _b12_intake_note(case: Case, knowledge: Knowledge) -> str:
    """Whether fortified foods or a supplement cover a plant-based diet's B12."""
    rk = knowledge.risk_factors
    person = case.person
    sup = person.b12_supplement
    covered = []
    if sup is not None and sup.frequency in ("daily", "weekly") and sup.dose_ug is not None:
        limit = (
            rk.vegan_adequate_supplement_ug_daily
            if sup.frequency == "daily"
            else rk.vegan_adequate_supplement_ug_weekly
        )
        if sup.dose_ug >= limit:
            covered.append(f"a {sup.frequency} {_fmt(sup.dose_ug)} ug B12 supplement")
    fortified = person.fortified_foods_ug_per_day
    if fortified is not None and fortified >= rk.vegan_adequate_fortified_ug_daily:
        covered.append(f"about {_fmt(fortified)} ug a day from fortified foods")
    if covered:
        return f"You report {' and '.join(covered)}, which meets the Vegan Society's advice."
    if person.fortified_foods == "none" and (sup is None or sup.frequency in (None, "none")):
        return "You report no fortified foods and no B12 supplement."
    return ""
