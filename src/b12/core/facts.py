"""The case reduced to named facts, and the small rule language the knowledge files use.

The knowledge files (red flags, triage levels, cramp-cause evidence) refer to facts by name,
so the clinical rules stay data while this module owns the one translation from a case to
facts. A rule is a list of alternatives; an alternative holds when all its terms hold. A
term is a fact name, ``!name`` for its negation, or a comparison ``name<number`` over a
numeric fact (``lab:potassium<2.5`` is the latest potassium in its SI unit).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from b12.core.case import Case
from b12.core.medications import ResolvedMedication
from b12.core.models import InterpretedLab
from b12.core.risk import RiskFactor
from b12.core.status import B12Status
from b12.knowledge import Knowledge
from b12.knowledge.models import FactThresholds

_COMPARISON = re.compile(r"^(?P<name>[a-z0-9_.:]+)(?P<op><=|>=|<|>)(?P<num>-?[0-9.]+)$")
_ELECTROLYTES = ("potassium", "sodium", "magnesium", "calcium_adjusted")
_CALF_FOOT = {"calf", "foot", "toes"}
_THIGH = {"thigh", "thigh_front", "hamstring"}


@lru_cache(maxsize=4096)
def _parse_comparison(term: str) -> tuple[str, str, float] | None:
    m = _COMPARISON.match(term)
    return (m["name"], m["op"], float(m["num"])) if m else None


@dataclass(slots=True)
class Facts:
    names: set[str] = field(default_factory=set)
    numbers: dict[str, float] = field(default_factory=dict)
    details: dict[str, list[str]] = field(default_factory=dict)  # fact -> what it is about

    def note(self, name: str, detail: str) -> None:
        """Record what a fact is about (e.g. which medicine), for the evidence text."""
        self.details.setdefault(name, [])
        if detail not in self.details[name]:
            self.details[name].append(detail)

    def add(self, *names: str) -> None:
        if len(names) == 1:
            self.names.add(names[0])
        else:
            self.names.update(names)

    def holds(self, term: str) -> bool:
        if term in self.names:
            return True
        if term[0] == "!":
            return not self.holds(term[1:])
        comparison = _parse_comparison(term)
        if comparison is None:
            return False
        name, op, num = comparison
        value = self.numbers.get(name)
        if value is None:
            return False
        if op == "<":
            return value < num
        if op == "<=":
            return value <= num
        if op == ">":
            return value > num
        return value >= num


@dataclass(frozen=True, slots=True)
class CompiledRule:
    """A rule split for speed: per alternative, the plain facts (a subset test) and the
    negations and comparisons (checked one by one)."""

    alternatives: tuple[tuple[frozenset[str], tuple[str, ...]], ...]

    def holds(self, facts: Facts) -> bool:
        names = facts.names
        for plain, other in self.alternatives:
            if plain <= names and all(facts.holds(t) for t in other):
                return True
        return False


def compile_rule(alternatives: Sequence[Sequence[str]]) -> CompiledRule:
    compiled = []
    for alternative in alternatives:
        plain = frozenset(t for t in alternative if not _is_complex(t))
        other = tuple(t for t in alternative if _is_complex(t))
        compiled.append((plain, other))
    return CompiledRule(tuple(compiled))


def _is_complex(term: str) -> bool:
    return term.startswith("!") or "<" in term or ">" in term


def derive_facts(
    case: Case,
    labs: Sequence[InterpretedLab],
    status: B12Status,
    risks: Sequence[RiskFactor],
    meds: Sequence[ResolvedMedication],
    knowledge: Knowledge,
) -> Facts:
    f = Facts()
    person = case.person
    f.numbers["age"] = person.age
    if person.pregnant:
        f.add("pregnant")
    names = f.names
    for prefix, codes in (
        ("symptom:", case.symptoms),
        ("symptom_absent:", case.symptoms_absent),
        ("sign:", case.signs),
        ("sign_absent:", case.signs_absent),
        ("condition:", case.conditions),
        ("exposure:", case.exposures),
    ):
        if codes:
            names.update([prefix + code for code in codes])
    if case.body_temperature_c is not None:
        f.numbers["body_temperature_c"] = case.body_temperature_c
    limits = knowledge.fact_thresholds
    _context_facts(case, limits, f)
    _lab_facts(labs, f)
    _cramp_facts(case, limits, f)
    _b12_facts(case, status, risks, knowledge, f)
    _medication_facts(meds, f)
    _composite_facts(limits, f)
    return f


def _context_facts(case: Case, limits: FactThresholds, f: Facts) -> None:
    ctx = case.context
    triggers = set(case.cramps.triggers or []) if case.cramps else set()
    if ctx is not None:
        if ctx.ambient_temperature_c is not None:
            f.numbers["ambient_temperature_c"] = ctx.ambient_temperature_c
            if ctx.ambient_temperature_c >= limits.hot_ambient_c:
                f.add("heat")
            elif ctx.ambient_temperature_c < limits.cool_ambient_c:
                f.add("cool")
        if ctx.heavy_sweating:
            f.add("heavy_sweating")
        if ctx.fluid_intake_l_per_day is not None:
            f.numbers["fluid_intake_l_per_day"] = ctx.fluid_intake_l_per_day
            if ctx.fluid_intake_l_per_day < limits.low_fluid_l_per_day:
                f.add("low_fluid")
            elif ctx.fluid_intake_l_per_day >= limits.adequate_fluid_l_per_day:
                f.add("fluid_adequate")
        if ctx.strenuous_exercise:
            f.add("strenuous_exercise")
        if ctx.unaccustomed_exercise:
            f.add("unaccustomed_exercise")
    if "heat" in triggers:
        f.add("heat")


def _latest(labs: Sequence[InterpretedLab]) -> dict[str, InterpretedLab]:
    latest: dict[str, InterpretedLab] = {}
    for lab in labs:
        latest[lab.test] = lab
    return latest


def _lab_facts(labs: Sequence[InterpretedLab], f: Facts) -> None:
    latest = _latest(labs)
    for test, lab in list(latest.items()):
        if any(w.code == "unit_mismatch" for w in lab.warnings):
            # a result whose unit is in doubt is not evidence either way
            f.add(f"lab:{test}:measured", f"lab:{test}:unit_doubtful")
            del latest[test]
            continue
        f.add(f"lab:{test}:measured", f"lab:{test}:{lab.category}")
        if lab.severity:
            f.add(f"lab:{test}:{lab.category}:{lab.severity}")
        if lab.value_si is not None:
            f.numbers[f"lab:{test}"] = lab.value_si
        if lab.category in ("low", "high", "rhabdomyolysis_range", "positive"):
            f.add("labs:any_abnormal")
    measured = [latest[t] for t in _ELECTROLYTES if t in latest]
    if any(lab.category in ("low", "high") for lab in measured):
        f.add("labs:electrolyte_abnormal")
    if any(lab.severity == "severe" for lab in measured):
        f.add("labs:electrolyte_severe")
    key = {"potassium", "magnesium"} | (
        {"calcium_adjusted"} if "calcium_adjusted" in latest else {"sodium"}
    )
    if (
        len(measured) >= 2
        and all(lab.category == "normal" for lab in measured)
        and (key & set(latest))
    ):
        f.add("labs:electrolytes_normal")
    if any(t in latest and latest[t].category == "high" for t in ("urea", "creatinine", "sodium")):
        f.add("labs:dehydration_markers")


def _cramp_facts(case: Case, limits: FactThresholds, f: Facts) -> None:
    c = case.cramps
    if c is None:
        return
    f.add("cramps:present")
    locations = set(c.locations or [])
    timing = set(c.timing or [])
    triggers = set(c.triggers or [])
    relief = set(c.relieved_by or [])
    f.names.update(["cramps:location:" + loc for loc in locations])
    f.names.update(["cramps:timing:" + t for t in timing])
    f.names.update(["cramps:trigger:" + t for t in triggers])
    f.names.update(["cramps:relieved_by:" + r for r in relief])
    for flag in ("bilateral", "wakes_from_sleep", "residual_soreness"):
        if getattr(c, flag):
            f.add(f"cramps:{flag}")
    if c.onset:
        f.add(f"cramps:onset:{c.onset}")
    if c.duration_minutes is not None:
        f.numbers["cramps.duration_minutes"] = c.duration_minutes
        short = c.duration_minutes <= limits.short_cramp_minutes
        f.add("cramps:short" if short else "cramps:long")
    if c.episodes_per_week is not None:
        f.numbers["cramps.episodes_per_week"] = c.episodes_per_week
    if locations & _CALF_FOOT:
        f.add("cramps:calf_or_foot")
    if locations & _THIGH:
        f.add("cramps:thigh_or_hamstring")
    exercise = bool(timing & {"during_exercise", "after_exercise"} or "exercise" in triggers)
    if exercise:
        f.add("cramps:exercise_related")
    elif timing:
        f.add("cramps:not_exercise_related")
    night = bool(timing & {"night", "rest"} or c.wakes_from_sleep)
    if timing and not night:
        f.add("cramps:not_night")
    if timing and timing <= {"night", "rest"}:
        f.add("cramps:night_or_rest_only")
    if timing & {"during_dialysis"} or "dialysis" in triggers:
        f.add("cramps:dialysis_timed")


def _b12_facts(
    case: Case,
    status: B12Status,
    risks: Sequence[RiskFactor],
    knowledge: Knowledge,
    f: Facts,
) -> None:
    sym = knowledge.b12_symptoms
    f.add(f"b12:status:{status.category}")
    symptoms = set(case.symptoms or [])
    signs = set(case.signs or [])
    absent = set(case.symptoms_absent or [])
    if any(r.counts_for_testing for r in risks):
        f.add("b12:risk")
    if symptoms & sym.neuro_symptoms or signs & sym.neuro_signs:
        f.add("b12:neuro")
    if signs & sym.neuro_signs:
        f.add("b12:neuro_signs")
    if sym.first_nerve_symptoms <= absent:
        f.add("b12:no_neuro")
    if "glossitis" in signs or "sore_tongue" in symptoms:
        f.add("b12:glossitis")
    if status.category == "known_deficiency":
        f.add("b12:known_deficiency")
    quals = set(status.qualifiers)
    if "treatment_lapsed" in quals:
        f.add("b12:treatment_lapsed")
    if "functional_deficiency_suspected" in quals:
        f.add("b12:functional")
    if "mma_supports_deficiency" in quals:
        f.add("b12:mma_supports")
    if "mma_normal" in quals:
        f.add("b12:mma_normal")
    if "mma_uninterpretable_renal" in quals:
        f.add("b12:mma_renal")
    if status.category in ("deficiency_confirmed", "indeterminate", "known_deficiency") or (
        "b12:risk" in f.names
        or "functional_deficiency_suspected" in quals
        or symptoms & sym.first_nerve_symptoms
    ):
        f.add("b12:context")


def _medication_facts(meds: Sequence[ResolvedMedication], f: Facts) -> None:
    cramp_meds = [m for m in meds if m.drug_class is not None and m.drug_class.cramp_weight > 0]
    if not cramp_meds:
        f.add("med:none_listed")
    for m in cramp_meds:
        assert m.drug_class is not None
        name = m.generic or m.given.name
        if m.temporal_link:
            f.add("med:temporal_link")
            f.note("med:temporal_link", name)
            if m.drug_class.strong_association:
                f.add("med:strong_association")
                f.note("med:strong_association", name)
        else:
            f.add("med:long_term_no_link")
            f.note("med:long_term_no_link", name)
    if "med:temporal_link" in f.names:
        f.names.discard("med:long_term_no_link")
    mechanism_lab = {
        "hypokalaemia": "lab:potassium:low",
        "hyponatraemia": "lab:sodium:low",
        "hypomagnesaemia": "lab:magnesium:low",
    }
    for m in meds:
        cls = m.drug_class
        if cls is None:
            continue
        if cls.mechanisms and set(cls.mechanisms) & set(mechanism_lab):
            f.add("med:electrolyte_drug")
        if any(mechanism_lab.get(mech) in f.names for mech in cls.mechanisms):
            f.add("med:electrolyte_mechanism")
            f.note("med:electrolyte_mechanism", m.generic or m.given.name)
        if "myopathy" in cls.mechanisms and (
            "lab:creatine_kinase:high" in f.names
            or "lab:creatine_kinase:rhabdomyolysis_range" in f.names
            or ("symptom:muscle_pain" in f.names and m.temporal_link)
        ):
            f.add("med:statin_myopathy")
            f.note("med:statin_myopathy", m.generic or m.given.name)
    statin = any(m.drug_class is not None and "myopathy" in m.drug_class.mechanisms for m in meds)
    interacting = [
        m for m in meds if m.drug_class is not None and m.drug_class.interacts_with_statin
    ]
    if statin and interacting:
        f.add("med:statin_interaction")
        if any(m.temporal_link for m in interacting):
            f.add("med:statin_interaction_recent")
            for m in interacting:
                if m.temporal_link:
                    f.note("med:statin_interaction_recent", m.generic or m.given.name)
            f.names.discard("med:long_term_no_link")
            f.names.discard("med:none_listed")


def _composite_facts(limits: FactThresholds, f: Facts) -> None:
    names = f.names

    def h(term: str) -> bool:
        return term in names

    if h("symptom:carpopedal_spasm") or h("sign:chvostek_sign") or h("sign:trousseau_sign"):
        f.add("tetany")
    if h("symptom:perioral_tingling") and h("tetany"):
        f.add("perioral_with_tetany")
    concentrating = h("heat") or h("heavy_sweating") or h("low_fluid")
    if h("symptom:dark_urine") and (h("lab:creatine_kinase:normal") or concentrating):
        f.add("dark_urine_concentrated")
    if h("condition:diarrhoea_or_vomiting") or h("symptom:diarrhoea") or h("symptom:vomiting"):
        f.add("fluid_loss")
    if (h("cramps:timing:during_physical_work") or h("cramps:exercise_related")) and h("heat"):
        f.add("cramps:during_work_or_exercise_in_heat")
    if h("cramps:night_or_rest_only") and not (
        h("heat") or h("heavy_sweating") or h("low_fluid") or h("fluid_loss")
    ):
        f.add("cramps:night_only_no_heat")
    if (
        h("symptom:calf_pain_on_walking")
        or (h("cramps:timing:walking") and h("cramps:relieved_by:rest"))
        or (h("cramps:trigger:walking") and h("cramps:relieved_by:rest"))
    ):
        f.add("pad:claudication")
    thyroid = sum(h(f"symptom:{s}") for s in limits.thyroid_features)
    if thyroid >= limits.thyroid_features_min:
        f.add("thyroid:features")
    if h("condition:peripheral_neuropathy") and not (
        h("b12:status:deficiency_confirmed") or h("b12:known_deficiency") or h("b12:functional")
    ):
        f.add("non_b12_neuropathy")
    if h("exposure:alcohol_excess") or h("condition:alcohol_use_disorder"):
        f.add("alcohol")
    explained = (
        h("labs:electrolyte_abnormal")
        or h("med:temporal_link")
        or h("b12:status:deficiency_confirmed")
        or h("b12:known_deficiency")
        or h("b12:functional")
        or h("lab:tsh:high")
        or h("pregnant")
        or h("condition:haemodialysis")
        or h("condition:cirrhosis")
        or h("pad:claudication")
        or h("condition:lumbar_spinal_stenosis")
        or h("non_b12_neuropathy")
    )
    if explained:
        f.add("explained_elsewhere")


def unknown_terms(rules: Iterable[str]) -> list[str]:
    """Terms whose fact family is not one this module can produce (for knowledge tests)."""
    families = (
        "symptom:", "symptom_absent:", "sign:", "sign_absent:", "condition:", "exposure:",
        "lab:", "labs:", "cramps:", "b12:", "med:", "pad:", "thyroid:",
    )  # fmt: skip
    singles = {
        "pregnant", "heat", "cool", "heavy_sweating", "low_fluid", "fluid_adequate",
        "strenuous_exercise", "unaccustomed_exercise", "tetany", "perioral_with_tetany",
        "dark_urine_concentrated", "fluid_loss", "non_b12_neuropathy", "alcohol",
        "explained_elsewhere",
    }  # fmt: skip
    numeric = (
        "age",
        "body_temperature_c",
        "ambient_temperature_c",
        "fluid_intake_l_per_day",
        "cramps.duration_minutes",
        "cramps.episodes_per_week",
        "lab:",
    )
    bad = []
    for term in rules:
        t = term.lstrip("!")
        m = _COMPARISON.match(t)
        if m:
            if not m["name"].startswith(numeric):
                bad.append(term)
        elif t not in singles and not t.startswith(families):
            bad.append(term)
    return bad
