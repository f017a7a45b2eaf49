"""The case reduced to named facts, and the small rule language the knowledge files use.

The knowledge files (red flags, triage levels, cramp-cause evidence) refer to facts by name,
so the clinical rules stay data while this module owns the one translation from a case to
facts. A rule is a list of alternatives; an alternative holds when all its terms hold. A
term is a fact name, ``!name`` for its negation, or a comparison ``name<number`` over a
numeric fact (``lab:potassium<2.5`` is the latest potassium in its SI unit).
"""

from __future__ import annotations

import operator
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
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
_OPERATORS: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
_ELECTROLYTES = ("potassium", "sodium", "magnesium", "calcium_adjusted")
_ABNORMAL = frozenset({"low", "high", "rhabdomyolysis_range", "positive"})
_EXERCISE_TIMES = frozenset({"during_exercise", "after_exercise"})
_NIGHT_TIMES = frozenset({"night", "rest"})
_NONE: frozenset[str] = frozenset()
_QUALIFIER_FACTS = {
    "treatment_lapsed": "b12:treatment_lapsed",
    "functional_deficiency_suspected": "b12:functional",
    "mma_supports_deficiency": "b12:mma_supports",
    "mma_normal": "b12:mma_normal",
    "mma_uninterpretable_renal": "b12:mma_renal",
}


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
        return is_complex(term) and compile_term(term).holds(self)


@dataclass(frozen=True, slots=True)
class Check:
    """A term that is not a plain fact, parsed once: ``!name`` (``negated``) or
    ``name<number`` (``compare`` and ``number``), or both: ``!name<number``."""

    name: str
    negated: bool = False
    compare: Callable[[float, float], bool] | None = None
    number: float = 0.0

    def holds(self, facts: Facts) -> bool:
        if self.compare is None:
            found = self.name in facts.names
        else:
            value = facts.numbers.get(self.name)
            found = value is not None and self.compare(value, self.number)
        return found != self.negated


@lru_cache(maxsize=4096)
def compile_term(term: str) -> Check:
    """A negation or comparison as a ``Check``; a term that is neither, or a comparison
    that does not parse, never holds (the knowledge tests reject such terms)."""
    negated = term.startswith("!")
    body = term[1:] if negated else term
    m = _COMPARISON.match(body)
    if m:
        return Check(m["name"], negated, _OPERATORS[m["op"]], float(m["num"]))
    if any(c in body for c in "<>"):
        return Check(body, negated, _never)
    return Check(body, negated)


def _never(value: float, number: float) -> bool:
    return False


Alternative = tuple[frozenset[str], tuple[Check, ...]]
_RULE_INDEX = operator.itemgetter(0)  # of an (index, alternative) candidate


@dataclass(frozen=True, slots=True)
class CompiledRule:
    """A rule split for speed: per alternative, the plain facts (a subset test) and the
    negations and comparisons (checked one by one)."""

    alternatives: tuple[Alternative, ...]

    def holds(self, facts: Facts) -> bool:
        names = facts.names
        for plain, checks in self.alternatives:
            if plain <= names and (not checks or all(check.holds(facts) for check in checks)):
                return True
        return False


def compile_rule(alternatives: Sequence[Sequence[str]]) -> CompiledRule:
    return CompiledRule(tuple(_compile_alternative(a) for a in alternatives))


def _compile_alternative(terms: Sequence[str]) -> Alternative:
    plain = frozenset(t for t in terms if not is_complex(t))
    return plain, tuple(compile_term(t) for t in terms if is_complex(t))


def is_complex(term: str) -> bool:
    return term.startswith("!") or "<" in term or ">" in term


class FirstRule:
    """An ordered list of rules, asked which is the first that holds.

    Each alternative is filed under one of its own plain facts (the one fewest alternatives
    share), or, with none, under the number its comparisons read, so a case only looks at
    alternatives whose key fact it has: a few of the dozens in the red flags.
    """

    __slots__ = ("_always", "_by_name", "_by_number", "_names", "_numbers")

    def __init__(self, rules: Sequence[Sequence[Sequence[str]]]) -> None:
        compiled = [
            (index, _compile_alternative(terms))
            for index, rule in enumerate(rules)
            for terms in rule
        ]
        shared = Counter(name for _, (plain, _) in compiled for name in plain)
        by_name: dict[str, list[tuple[int, Alternative]]] = defaultdict(list)
        by_number: dict[str, list[tuple[int, Alternative]]] = defaultdict(list)
        always: list[tuple[int, Alternative]] = []
        for index, alternative in compiled:
            plain, checks = alternative
            numbers = [c.name for c in checks if c.compare is not None and not c.negated]
            if plain:
                by_name[min(sorted(plain), key=shared.__getitem__)].append((index, alternative))
            elif numbers:
                by_number[numbers[0]].append((index, alternative))
            else:
                always.append((index, alternative))
        self._by_name = dict(by_name)
        self._by_number = dict(by_number)
        self._always = always
        self._names = frozenset(by_name)
        self._numbers = frozenset(by_number)

    def first(self, facts: Facts) -> int | None:
        """The index of the first rule with an alternative that holds, or None."""
        found = self.holding(facts, stop_at_first=True)
        return found[0] if found else None

    def holding(self, facts: Facts, stop_at_first: bool = False) -> list[int]:
        """The indexes of the rules with an alternative that holds, in rule order."""
        candidates = list(self._always)
        for name in self._names & facts.names:
            candidates += self._by_name[name]
        for name in self._numbers & facts.numbers.keys():
            candidates += self._by_number[name]
        if len(candidates) > 1:
            candidates.sort(key=_RULE_INDEX)
        names = facts.names
        found: list[int] = []
        for index, (plain, checks) in candidates:
            if index in found:
                continue
            if plain <= names and (not checks or all(check.holds(facts) for check in checks)):
                found.append(index)
                if stop_at_first:
                    break
        return found


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
    if person.age is not None:
        f.numbers["age"] = person.age
    if person.pregnant:
        f.add("pregnant")
    elif person.pregnant is False or person.sex == "male":
        f.add("not_pregnant")
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
    _intake_facts(case, knowledge, f)
    _lab_facts(labs, f)
    _cramp_facts(case, limits, f)
    _b12_facts(case, status, risks, knowledge, f)
    _medication_facts(meds, f)
    _combined_facts(knowledge, f)
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


def _intake_facts(case: Case, knowledge: Knowledge, f: Facts) -> None:
    """``intake:NUTRIENT_low`` / ``intake:b12_adequate`` from the diary's intake averages,
    over enough logged days; "low" only when every food reported the nutrient."""
    intake = case.intake
    rules = knowledge.diary_case.intake_facts
    if intake is None or intake.days_logged < knowledge.diary_case.windows.intake_min_days:
        return
    b12 = intake.b12_absorbed_ug
    if b12 is not None:
        f.numbers["intake:b12_absorbed_fraction"] = b12.amount / b12.target
        if b12.amount >= rules.b12_adequate_fraction * b12.target:
            f.add("intake:b12_adequate")
        elif b12.complete and b12.amount < rules.b12_low_fraction * b12.target:
            f.add("intake:b12_low")
    for name, amount, fraction in (
        ("potassium", intake.potassium_mg, rules.potassium_low_fraction),
        ("magnesium", intake.magnesium_mg, rules.magnesium_low_fraction),
        ("calcium", intake.calcium_mg, rules.calcium_low_fraction),
    ):
        if amount is not None and amount.complete and amount.amount < fraction * amount.target:
            f.add(f"intake:{name}_low")


def _lab_facts(labs: Sequence[InterpretedLab], f: Facts) -> None:
    names = f.names
    latest: dict[str, InterpretedLab] = {}
    for lab in labs:
        latest[lab.test] = lab
    abnormal = False
    for test, lab in list(latest.items()):
        prefix = "lab:" + test
        names.add(prefix + ":measured")
        if lab.warnings and any(w.code == "unit_mismatch" for w in lab.warnings):
            # a result whose unit is in doubt is not evidence either way
            names.add(prefix + ":unit_doubtful")
            del latest[test]
            continue
        category = lab.category
        names.add(f"{prefix}:{category}")
        if lab.severity:
            names.add(f"{prefix}:{category}:{lab.severity}")
        if lab.value_si is not None:
            f.numbers[prefix] = lab.value_si
        if category in _ABNORMAL:
            abnormal = True
    if abnormal:
        names.add("labs:any_abnormal")
    measured = [latest[t] for t in _ELECTROLYTES if t in latest] if latest else []
    if measured:
        _electrolyte_facts(measured, latest, names)
    for test in ("urea", "creatinine", "sodium"):
        if test in latest and latest[test].category == "high":
            names.add("labs:dehydration_markers")
            break


def _electrolyte_facts(
    measured: list[InterpretedLab], latest: dict[str, InterpretedLab], names: set[str]
) -> None:
    if any(lab.category in ("low", "high") for lab in measured):
        names.add("labs:electrolyte_abnormal")
    if any(lab.severity == "severe" for lab in measured):
        names.add("labs:electrolyte_severe")
    key = {"potassium", "magnesium"} | (
        {"calcium_adjusted"} if "calcium_adjusted" in latest else {"sodium"}
    )
    if (
        len(measured) >= 2
        and all(lab.category == "normal" for lab in measured)
        and not key.isdisjoint(latest)
    ):
        names.add("labs:electrolytes_normal")


def _cramp_facts(case: Case, limits: FactThresholds, f: Facts) -> None:
    c = case.cramps
    if c is None:
        return
    names = f.names
    names.add("cramps:present")
    locations = set(c.locations) if c.locations else _NONE
    timing = set(c.timing) if c.timing else _NONE
    triggers = set(c.triggers) if c.triggers else _NONE
    if locations:
        names.update(map("cramps:location:".__add__, locations))
    if timing:
        names.update(map("cramps:timing:".__add__, timing))
    if triggers:
        names.update(map("cramps:trigger:".__add__, triggers))
    if c.relieved_by:
        names.update(map("cramps:relieved_by:".__add__, c.relieved_by))
    if c.bilateral:
        names.add("cramps:bilateral")
    elif c.bilateral is False:
        names.add("cramps:one_sided")
    if c.wakes_from_sleep:
        names.add("cramps:wakes_from_sleep")
    if c.residual_soreness:
        names.add("cramps:residual_soreness")
    if c.onset:
        names.add("cramps:onset:" + c.onset)
    if c.duration_minutes is not None:
        f.numbers["cramps.duration_minutes"] = c.duration_minutes
        short = c.duration_minutes <= limits.short_cramp_minutes
        names.add("cramps:short" if short else "cramps:long")
    if c.episodes_per_week is not None:
        f.numbers["cramps.episodes_per_week"] = c.episodes_per_week
    if locations:
        for group, members in limits.location_groups.items():
            if not locations.isdisjoint(members):
                names.add("cramps:" + group)
    if not timing.isdisjoint(_EXERCISE_TIMES) or "exercise" in triggers:
        names.add("cramps:exercise_related")
    elif timing:
        names.add("cramps:not_exercise_related")
    if timing:
        if timing.isdisjoint(_NIGHT_TIMES) and not c.wakes_from_sleep:
            names.add("cramps:not_night")
        if timing <= _NIGHT_TIMES:
            names.add("cramps:night_or_rest_only")
    if "during_dialysis" in timing or "dialysis" in triggers:
        names.add("cramps:dialysis_timed")


def _b12_facts(
    case: Case,
    status: B12Status,
    risks: Sequence[RiskFactor],
    knowledge: Knowledge,
    f: Facts,
) -> None:
    sym = knowledge.b12_symptoms
    names = f.names
    names.add("b12:status:" + status.category)
    symptoms = set(case.symptoms) if case.symptoms else _NONE
    signs = set(case.signs) if case.signs else _NONE
    if any(r.counts_for_testing for r in risks):
        names.add("b12:risk")
    if not signs.isdisjoint(sym.neuro_signs):
        names.update(("b12:neuro", "b12:neuro_signs"))
    elif not symptoms.isdisjoint(sym.neuro_symptoms):
        names.add("b12:neuro")
    if case.symptoms_absent and sym.first_nerve_symptoms <= set(case.symptoms_absent):
        names.add("b12:no_neuro")
    if "glossitis" in signs or "sore_tongue" in symptoms:
        names.add("b12:glossitis")
    if status.category == "known_deficiency":
        names.add("b12:known_deficiency")
    for qualifier in status.qualifiers:
        if qualifier in _QUALIFIER_FACTS:
            names.add(_QUALIFIER_FACTS[qualifier])
    if status.category in ("deficiency_confirmed", "indeterminate", "known_deficiency") or (
        "b12:risk" in names
        or "functional_deficiency_suspected" in status.qualifiers
        or not symptoms.isdisjoint(sym.first_nerve_symptoms)
    ):
        names.add("b12:context")


def _medication_facts(all_meds: Sequence[ResolvedMedication], f: Facts) -> None:
    """Medicines taken now give the cramp and mechanism facts; a medicine that was stopped
    counts only through what stopping it did (``med:dechallenge``)."""
    for m in all_meds:
        cls = m.drug_class
        if m.stopped and m.given.improved_after_stopping and cls is not None and cls.cramp_weight:
            f.add("med:dechallenge")
            f.note("med:dechallenge", m.generic or m.given.name)
    meds = [m for m in all_meds if not m.stopped]
    cramp_meds = [m for m in meds if m.drug_class is not None and m.drug_class.cramp_weight > 0]
    if not cramp_meds and "med:dechallenge" not in f.names:
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
        elif m.when_started_unknown:
            f.add("med:current_use")
            f.note("med:current_use", name)
        else:
            f.add("med:long_term_no_link")
            f.note("med:long_term_no_link", name)
    if "med:temporal_link" in f.names or "med:dechallenge" in f.names:
        f.names.discard("med:long_term_no_link")
        f.names.discard("med:current_use")
    mechanism_lab = {
        "hypokalaemia": "lab:potassium:low",
        "hyponatraemia": "lab:sodium:low",
        "hypomagnesaemia": "lab:magnesium:low",
    }
    for m in meds:
        cls = m.drug_class
        if cls is None:
            continue
        if cls.vte_risk:
            f.add("med:vte_risk")
            f.note("med:vte_risk", m.generic or m.given.name)
        if "hypokalaemia" in cls.mechanisms:
            f.add("med:potassium_losing")
            f.note("med:potassium_losing", m.generic or m.given.name)
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


@dataclass(frozen=True, slots=True)
class _Combined:
    name: str
    rule: CompiledRule | None
    at_least: int
    of: frozenset[str]
    needs: frozenset[str] | None
    """One plain fact of each alternative: with none of them, the fact cannot hold (None
    when some alternative has no plain fact)."""


def _compile_combined(knowledge: Knowledge) -> list[_Combined]:
    out = []
    for fact in knowledge.combined_facts:
        rule = compile_rule(fact.when) if fact.when else None
        needs: frozenset[str] | None = frozenset(fact.of)
        if rule is not None:
            firsts = [min(plain) for plain, _ in rule.alternatives if plain]
            full = len(firsts) == len(rule.alternatives)
            needs = frozenset(firsts) if full else None
        out.append(_Combined(fact.name, rule, fact.at_least or 0, frozenset(fact.of), needs))
    return out


def _combined_facts(knowledge: Knowledge, f: Facts) -> None:
    """The facts of ``combined_facts.toml``, in its order (a later one may use an earlier)."""
    names = f.names
    for fact in knowledge.derived(_compile_combined):
        if fact.needs is not None and names.isdisjoint(fact.needs):
            continue
        if fact.rule is None:
            if len(fact.of & names) >= fact.at_least:
                names.add(fact.name)
        elif fact.rule.holds(f):
            names.add(fact.name)


def unknown_terms(rules: Iterable[str]) -> list[str]:
    """Terms whose fact family is not one this module can produce (for knowledge tests)."""
    families = (
        "symptom:", "symptom_absent:", "sign:", "sign_absent:", "condition:", "exposure:",
        "lab:", "labs:", "cramps:", "b12:", "med:", "pad:", "thyroid:", "dvt:", "leg:",
        "umn:", "neuromuscular:", "hypothyroid:", "glycaemia:", "diabetic:", "alcohol:",
        "muscle:", "hypokalaemia:", "intake:",
    )  # fmt: skip
    singles = {
        "pregnant", "heat", "cool", "heavy_sweating", "low_fluid", "fluid_adequate",
        "strenuous_exercise", "unaccustomed_exercise", "tetany", "perioral_with_tetany",
        "dark_urine_concentrated", "fluid_loss", "non_b12_neuropathy", "alcohol",
        "explained_elsewhere", "not_pregnant", "leg_swelling_any", "systemic_symptoms",
        "pancytopenia",
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
