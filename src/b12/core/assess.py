"""The assessment: red flags first, then B12 status, risk factors, the ranked causes of
cramps, next steps and sources (contract section 2). Pure: it is handed a validated case
and the knowledge base."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from b12.core.case import Case
from b12.core.contract import AssessmentJSON, CrampCauseJSON
from b12.core.cramps import CauseScore, rank_causes
from b12.core.facts import Facts, derive_facts
from b12.core.lab_report import interpret_labs
from b12.core.labs import ReadingOptions, lab_test_name
from b12.core.medications import closest_medicine, resolve_medications
from b12.core.models import Cite, InterpretedLab, Warning, citer
from b12.core.risk import RiskFactor, find_risk_factors
from b12.core.status import B12Status, StatusContext
from b12.core.triage import TriageResult, triage
from b12.knowledge import Knowledge


@dataclass(frozen=True, slots=True)
class AssessOptions:
    guideline: str | None = None
    """A guideline profile id; None: the knowledge base's default."""
    choices: Mapping[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Assessment:
    triage: TriageResult
    b12_status: B12Status
    labs: list[InterpretedLab]
    risk_factors: list[RiskFactor]
    cramp_causes: list[CauseScore]
    warnings: list[Warning]
    next_steps: list[str]
    summary: str
    guideline: str
    facts: Facts
    cramp_cause_clear: bool | None = None
    """Whether the most likely cause fits well; None when the case describes no cramps."""

    def source_ids(self, knowledge: Knowledge) -> list[str]:
        ids = list(self.triage.sources)
        for flag in self.triage.red_flags:
            ids += flag.sources
        ids += self.b12_status.sources
        for lab in self.labs:
            ids += lab.sources
        for risk in self.risk_factors:
            ids += risk.sources
        rules = knowledge.cramp_causes
        for rank, cause in enumerate(self.cramp_causes):
            detailed = cause.evidence_for and cause.score >= rules.detailed_min_score
            if rank < rules.leading_shown or detailed:
                ids += cause.sources
        return list(dict.fromkeys(ids))

    def to_dict(self, knowledge: Knowledge, cite: Cite | None = None) -> AssessmentJSON:
        words = knowledge.cramp_causes.words_for
        return {
            "summary": self.summary,
            "triage": self.triage.to_dict(),
            "b12_status": self.b12_status.to_dict(),
            "labs": [lab.to_dict() for lab in self.labs],
            "risk_factors": [r.to_dict() for r in self.risk_factors],
            "cramp_causes": [
                CrampCauseJSON(**c.to_dict(), likelihood=words(c.score, rank == 0))
                for rank, c in enumerate(self.cramp_causes)
            ],
            "cramp_cause_clear": self.cramp_cause_clear,
            "next_steps": self.next_steps,
            "warnings": [w.to_dict() for w in self.warnings],
            "guideline": self.guideline,
            "sources": citer(knowledge, cite)(self.source_ids(knowledge)),
            "disclaimer": knowledge.status_texts.disclaimer,
        }


def assess(case: Case, knowledge: Knowledge, options: AssessOptions | None = None) -> Assessment:
    options = options or AssessOptions()
    guideline = knowledge.guideline(options.guideline).id  # an unknown one fails here
    person = case.person
    warnings: list[Warning] = []

    meds = resolve_medications(case, knowledge)
    if meds:
        warnings += [
            Warning(
                "unrecognised_medication",
                f"{m.given.name!r} is not a medicine b12 recognises; it was kept but not "
                f"assessed.{_did_you_mean(m.given.name, knowledge)} Use the generic name if "
                "you can.",
                f"medications[{i}].name",
            )
            for i, m in enumerate(meds)
            if m.generic is None
        ]
    pregnant = bool(person.pregnant)
    reading = ReadingOptions(options.guideline, options.choices, person.sex, pregnant)
    risks = find_risk_factors(case, meds, knowledge)
    if person.age is None:
        warnings.append(Warning("age_unknown", knowledge.status_texts.age_unknown, "person.age"))
    counting_risk = any(r.counts_for_testing for r in risks)
    context = StatusContext(
        pregnant=pregnant,
        renal_condition=not knowledge.status_texts.renal_conditions.conditions.isdisjoint(
            case.conditions or ()
        ),
        nitrous_oxide="nitrous_oxide" in (case.exposures or ()),
        recent_supplement=_recent_supplement(case, knowledge),
        treatment=_treatment_status(case),
        testing_indicated=_testing_indicated(case, counting_risk, knowledge),
        testing_risk=counting_risk,
    )
    report = interpret_labs(case.labs or [], knowledge, reading, context)
    warnings += report.warnings
    warnings += _b12_reliability_warnings(case, report.labs, knowledge)
    status = report.b12_status

    facts = derive_facts(case, report.labs, status, risks, meds, knowledge)
    tri = triage(facts, knowledge)
    causes = rank_causes(facts, knowledge)
    clear = _cause_is_clear(causes, knowledge)
    next_steps = _next_steps(tri, status, causes, clear, knowledge)
    return Assessment(
        triage=tri,
        b12_status=status,
        labs=report.labs,
        risk_factors=risks,
        cramp_causes=causes,
        warnings=warnings,
        next_steps=next_steps,
        summary=_summary(tri, status, causes, clear, knowledge),
        guideline=guideline,
        facts=facts,
        cramp_cause_clear=clear,
    )


def _did_you_mean(name: str, knowledge: Knowledge) -> str:
    close = closest_medicine(name, knowledge)
    return f" Did you mean {close}?" if close else ""


def _treatment_status(case: Case) -> Literal["current", "lapsed"] | None:
    t = case.person.b12_treatment
    if t is None:
        return None
    return t.status or "current"


def _recent_supplement(case: Case, knowledge: Knowledge) -> bool:
    """A high-dose supplement started or stopped within the recent window (or taken with no
    word on since when) can raise the blood level above what the tissues have. One taken
    steadily for longer than that is part of the person's usual state: a low result despite
    it is not masked."""
    sup = case.person.b12_supplement
    rk = knowledge.risk_factors
    if sup is None or sup.frequency is None:
        return False
    if sup.dose_ug is not None and sup.dose_ug < rk.supplement_masking_dose_ug:
        return False
    if sup.frequency == "none":
        return sup.since_weeks is not None and sup.since_weeks <= rk.supplement_recent_weeks
    return sup.since_weeks is None or sup.since_weeks <= rk.supplement_recent_weeks


def _testing_indicated(case: Case, counting_risk: bool, knowledge: Knowledge) -> bool:
    """NICE NG239: at least one common symptom or sign and at least one common risk factor
    (anaemia and large red cells count as signs too: ``derive_status`` adds them)."""
    sym = knowledge.b12_symptoms
    symptom = not sym.common_symptoms.isdisjoint(case.symptoms or ())
    sign = not sym.common_signs.isdisjoint(case.signs or ())
    return (symptom or sign) and counting_risk


def _b12_reliability_warnings(
    case: Case, labs: list[InterpretedLab], knowledge: Knowledge
) -> list[Warning]:
    spurious = knowledge.status_texts.spuriously_low_b12
    if not case.conditions or not any(lab.test == "b12_total" for lab in labs):
        return []
    return [
        Warning("result_unreliable", spurious.text.format(condition=label), "labs")
        for condition, label in spurious.conditions.items()
        if condition in (case.conditions or [])
    ]


_TESTS_ADVISED = frozenset({"testing_indicated", "indeterminate", "deficiency_confirmed"})


def _cause_is_clear(causes: list[CauseScore], knowledge: Knowledge) -> bool | None:
    if not causes:
        return None
    return causes[0].score >= knowledge.cramp_causes.clear_cause_min_score


def _next_steps(
    tri: TriageResult,
    status: B12Status,
    causes: list[CauseScore],
    clear: bool | None,
    knowledge: Knowledge,
) -> list[str]:
    steps: list[str] = []
    for flag in tri.red_flags:
        steps.append(flag.message)
    steps += status.next_steps
    if causes:
        cramp_causes = knowledge.cramp_causes
        top = cramp_causes.causes[causes[0].cause]
        leading_causes = causes[: cramp_causes.leading_shown]
        tests = list(dict.fromkeys(t for c in leading_causes for t in c.distinguishing_tests))
        tests_advised = bool(tests) or status.category in _TESTS_ADVISED
        if not clear:
            steps.append(f"About your cramps: {cramp_causes.no_clear_cause}")
        advice = top.advice_when_tests_advised if tests_advised else None
        steps.append(f"About your cramps: {advice or top.advice}")
        if tests:
            leading = ", ".join(_in_a_sentence(c.label.split(" (")[0]) for c in leading_causes)
            steps.append(
                f"To tell the leading causes apart ({leading}), the useful blood tests are: "
                f"{', '.join(lab_test_name(t, knowledge) for t in tests)}."
            )
    return list(dict.fromkeys(steps))


def _in_a_sentence(label: str) -> str:
    """A label inside a sentence: "Vitamin B12 deficiency" → "vitamin B12 deficiency"
    (only the first letter; B12, ACE and NSAID keep their capitals)."""
    return label[:1].lower() + label[1:]


def _summary(
    tri: TriageResult,
    status: B12Status,
    causes: list[CauseScore],
    clear: bool | None,
    knowledge: Knowledge,
) -> str:
    parts = [knowledge.triage.level_summaries[tri.level]]
    if causes and not clear:
        parts.append(knowledge.cramp_causes.no_clear_cause.split(". ")[0] + ".")
    elif causes:
        parts.append(f"Most likely cause of the cramps: {_in_a_sentence(causes[0].label)}.")
    parts.append(f"B12: {status.category.replace('_', ' ')}.")
    return " ".join(parts)
