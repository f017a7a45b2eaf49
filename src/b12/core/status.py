"""The B12 status of a person: from a B12 result when there is one, otherwise whether
testing is indicated; with the qualifiers that change how a result is read.

Shared by ``b12 labs interpret`` (labs alone) and ``b12 assess`` (labs plus the case), so the
two can never disagree on the same labs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from b12.core.contract import B12StatusJSON
from b12.core.models import InterpretedLab
from b12.knowledge import Knowledge

# How far each band is from normal: the worse of two results decides (the cohort screen too).
BAND_RANK = {"deficiency_unlikely": 0, "indeterminate": 1, "deficiency_confirmed": 2}
_VERDICT_TO_BAND = {
    "low": "indeterminate",
    "normal": "deficiency_unlikely",
    "high": "deficiency_unlikely",
}


@dataclass(frozen=True, slots=True)
class StatusContext:
    """What the case adds to the labs. ``None`` means not known."""

    pregnant: bool = False
    renal_condition: bool = False
    nitrous_oxide: bool = False
    recent_supplement: bool = False
    treatment: Literal["current", "lapsed"] | None = None
    testing_indicated: bool | None = None  # decided by the assessment from symptoms + risks
    testing_risk: bool = False  # a risk factor that counts: with anaemia or large red cells, test


@dataclass(slots=True)
class B12Status:
    category: str
    qualifiers: list[str]
    explanation: str
    next_steps: list[str]
    sources: list[str]
    basis: str | None = None  # which result decided it, e.g. "serum total vitamin B12 … 142 pg/mL"
    headline: str | None = None  # shown instead of the category where the code would mislead

    def to_dict(self) -> B12StatusJSON:
        out: B12StatusJSON = {
            "category": self.category,
            "qualifiers": self.qualifiers,
            "explanation": self.explanation,
            "next_steps": self.next_steps,
            "sources": self.sources,
        }
        if self.basis:
            out["basis"] = self.basis
        if self.headline:
            out["headline"] = self.headline
        return out


def _band(lab: InterpretedLab) -> str:
    return _VERDICT_TO_BAND.get(lab.category, lab.category)


def renal_impairment(
    latest: Mapping[str, InterpretedLab], context: StatusContext, egfr_below: float
) -> bool:
    """Kidney function low enough that MMA and homocysteine rise whatever the B12
    (``latest``: the last result of each test; ``egfr_below``: the cut-off chosen)."""
    if context.renal_condition:
        return True
    egfr = latest.get("egfr")
    if egfr is not None:
        if egfr.value_si is not None:
            # a censored ">90" is not reduced; "<30" is
            if egfr.comparator in (">", ">="):
                return False
            return egfr.value_si < egfr_below
        return egfr.category == "low"
    creatinine = latest.get("creatinine")
    return creatinine is not None and creatinine.category == "high"


def kidney_function_known(latest: Mapping[str, InterpretedLab], context: StatusContext) -> bool:
    """Whether anything says how the kidneys work: not given is unknown, never normal."""
    return context.renal_condition or "egfr" in latest or "creatinine" in latest


def derive_status(
    labs: Sequence[InterpretedLab],
    knowledge: Knowledge,
    guideline_id: str,
    context: StatusContext,
    renal_egfr_below: float,
) -> B12Status:
    """Combine the B12 markers, MMA and the case context into one status.
    ``renal_egfr_below`` is the eGFR cut-off for renal impairment (``interpret_labs`` sets
    it from the knowledge base's ``renal_impairment_egfr`` choice)."""
    texts = knowledge.status_texts
    guideline = knowledge.guideline(guideline_id)
    qualifiers: list[str] = []
    sources: list[str] = []
    basis = None

    latest = {lab.test: lab for lab in labs}
    total, active = latest.get("b12_total"), latest.get("b12_active")
    mma, hcy = latest.get("mma"), latest.get("homocysteine")
    renal = renal_impairment(latest, context, renal_egfr_below)
    raised = _raised_marker(mma, hcy, renal)
    markers = total is not None or active is not None
    decisive: InterpretedLab | None
    if context.pregnant and active is not None:
        decisive = active
    elif total is not None and active is not None:
        # the more deficient of the two decides; total when they agree
        decisive = total if BAND_RANK[_band(total)] >= BAND_RANK[_band(active)] else active
    else:
        decisive = total or active

    if context.treatment is not None:
        category = "known_deficiency"
        if context.treatment == "lapsed":
            qualifiers.append("treatment_lapsed")
    elif decisive is not None:
        category = _band(decisive)
        basis = _describe(decisive)
    elif context.testing_indicated is not None:
        indicated = context.testing_indicated or (
            context.testing_risk and _blood_count_sign(latest)
        )
        category = "testing_indicated" if indicated else "testing_not_indicated"
    else:
        category = (
            "testing_indicated"
            if _labs_suggest_testing(latest, context, raised)
            else "testing_not_indicated"
        )

    if mma is not None and category != "known_deficiency":
        if renal and mma.category == "high":
            qualifiers.append("mma_uninterpretable_renal")
        elif mma.category == "high":
            qualifiers.append("mma_supports_deficiency")
            if not kidney_function_known(latest, context):
                qualifiers.append("kidney_function_unknown")
        else:
            qualifiers.append("mma_normal")
    if context.pregnant and total is not None and category != "known_deficiency":
        qualifiers.append("total_b12_unreliable_in_pregnancy")
    if context.recent_supplement and markers and category != "known_deficiency":
        qualifiers.append("recent_supplement_may_mask")
    if category not in ("known_deficiency", "deficiency_confirmed") and (
        context.nitrous_oxide or (category == "deficiency_unlikely" and raised)
    ):
        qualifiers.append("functional_deficiency_suspected")

    cat_text = texts.categories[category]
    explanation = cat_text.explanation.format(guideline=guideline.title)
    next_steps = list(cat_text.next_steps)
    headline = None
    if decisive is None and category.startswith("testing") and context.testing_indicated is None:
        # labs alone: say only what the results support, never advise against a test that
        # depends on symptoms and risk factors the labs cannot show
        only = texts.labs_only
        suggestive = category == "testing_indicated"
        explanation = only.no_marker_suggestive if suggestive else only.no_marker_explanation
        next_steps = list(only.suggestive_next_steps if suggestive else only.no_marker_next_steps)
        headline = None if suggestive else only.no_marker_headline
        if _if_antibody_positive(latest):
            explanation += " " + only.if_antibody_positive
        sources += only.sources
    if basis:
        explanation += f" Based on {basis}."
    sources += cat_text.sources
    if category in (
        "deficiency_confirmed",
        "indeterminate",
        "deficiency_unlikely",
        "testing_indicated",
    ):
        sources += guideline.sources
    for q in qualifiers:
        q_text = texts.qualifiers[q]
        explanation += " " + q_text.text
        if category in q_text.replaces_next_steps_of:
            next_steps = []
        if q_text.next_step:
            next_steps.insert(0 if q_text.first else len(next_steps), q_text.next_step)
        sources += q_text.sources
    return B12Status(
        category=category,
        qualifiers=qualifiers,
        explanation=explanation,
        next_steps=next_steps,
        sources=list(dict.fromkeys(sources)),
        basis=basis,
        headline=headline,
    )


def _raised_marker(mma: InterpretedLab | None, hcy: InterpretedLab | None, renal: bool) -> bool:
    """MMA or homocysteine high where kidney function does not explain it."""
    if renal:
        return False
    return (mma is not None and mma.category == "high") or (
        hcy is not None and hcy.category == "high"
    )


def _blood_count_sign(latest: Mapping[str, InterpretedLab]) -> bool:
    """Anaemia or large red cells: signs of B12 deficiency on the blood count (NICE NG239)."""
    hb, mcv = latest.get("hemoglobin"), latest.get("mcv")
    return (hb is not None and hb.category == "low") or (mcv is not None and mcv.category == "high")


def _if_antibody_positive(latest: Mapping[str, InterpretedLab]) -> bool:
    antibody = latest.get("intrinsic_factor_antibody")
    return antibody is not None and antibody.category == "positive"


def _labs_suggest_testing(
    latest: Mapping[str, InterpretedLab], context: StatusContext, raised_marker: bool
) -> bool:
    return (
        raised_marker
        or _blood_count_sign(latest)
        or _if_antibody_positive(latest)
        or context.nitrous_oxide
    )


def _describe(lab: InterpretedLab) -> str:
    """The decisive result as people read it: "serum total vitamin B12 (cobalamin) 150
    pg/mL", not the test's code."""
    name = lab.name[:1].lower() + lab.name[1:] if lab.name else lab.test
    if lab.value is None:
        return f"{name} reported as {lab.result}"
    return f"{name} {lab.comparator or ''}{lab.value:g} {lab.unit}"
