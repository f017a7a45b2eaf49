"""Read a set of labs: each result, the B12 status they imply, and all warnings.

``read_labs`` is what ``b12 labs interpret`` and ``POST /api/labs/interpret`` return: the
same, led by any result that needs care today or now. Those are found by the assessment's
own red flags, run on a case that holds only the labs, so a lab report and an assessment of
the same results can never disagree on urgency.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from b12.core.case import Case, Person
from b12.core.contract import LabReportJSON, NextStepJSON
from b12.core.facts import derive_facts
from b12.core.labs import ReadingOptions, interpret_lab
from b12.core.models import Cite, InterpretedLab, LabInput, Warning, citer
from b12.core.status import B12Status, StatusContext, derive_status
from b12.core.triage import TriageResult, triage
from b12.errors import InputError
from b12.knowledge import Knowledge

_NEEDS_CARE = ("emergency", "urgent")


@dataclass(slots=True)
class LabReport:
    labs: list[InterpretedLab]
    b12_status: B12Status
    warnings: list[Warning]
    guideline: str
    triage: TriageResult | None = None
    """Set by ``read_labs``: what the results alone say about urgency."""

    @property
    def needs_care_now(self) -> bool:
        return self.triage is not None and self.triage.level in _NEEDS_CARE

    def next_steps(self) -> list[NextStepJSON]:
        """What to do, most urgent first: the red flags the results raise, then B12's."""
        steps: list[NextStepJSON] = []
        if self.triage is not None:
            steps += [
                {"text": f.message, "level": self.triage.level, "sources": f.sources}
                for f in self.triage.red_flags
            ]
        steps += [
            {"text": text, "level": None, "sources": self.b12_status.sources}
            for text in self.b12_status.next_steps
        ]
        return steps

    def to_dict(self, knowledge: Knowledge, cite: Cite | None = None) -> LabReportJSON:
        """The report's JSON; ``cite`` as for ``Assessment.to_dict``."""
        source_ids = [sid for lab in self.labs for sid in lab.sources] + self.b12_status.sources
        if self.triage is not None:
            source_ids += [sid for f in self.triage.red_flags for sid in f.sources]
        read: LabReportJSON = {
            "labs": [lab.to_dict() for lab in self.labs],
            "b12_status": self.b12_status.to_dict(),
            "warnings": [w.to_dict() for w in self.warnings],
            "guideline": self.guideline,
            "sources": citer(knowledge, cite)(source_ids),
        }
        if self.triage is None:
            return read
        # triage and next steps lead, as the readable report does
        return {"triage": self.triage.to_dict(), "next_steps": self.next_steps(), **read}


def interpret_labs(
    labs: Sequence[LabInput],
    knowledge: Knowledge,
    options: ReadingOptions,
    context: StatusContext | None = None,
    field_prefix: str = "labs",
) -> LabReport:
    """Interpret every lab (errors name ``labs[i]``), then derive the B12 status."""
    interpreted = [
        interpret_lab(lab, knowledge, options, f"{field_prefix}[{i}]") for i, lab in enumerate(labs)
    ]
    warnings = [
        Warning(w.code, w.message, w.field or f"{field_prefix}[{i}]")
        for i, lab in enumerate(interpreted)
        for w in lab.warnings
    ]
    renal_choice = knowledge.choice("renal_impairment_egfr", options.choices)
    guideline = knowledge.guideline(options.guideline).id
    status = derive_status(
        interpreted,
        knowledge,
        guideline,
        context or StatusContext(pregnant=options.pregnant),
        renal_choice.value,
    )
    return LabReport(interpreted, status, warnings, guideline)


def read_labs(labs: Sequence[LabInput], knowledge: Knowledge, options: ReadingOptions) -> LabReport:
    """``interpret_labs`` plus the urgency the results alone imply (the lab reader's report)."""
    if options.pregnant and options.sex == "male":
        raise InputError(
            "pregnant was given with sex male; give one or the other", field="pregnant"
        )
    report = interpret_labs(labs, knowledge, options)
    case = Case(person=Person(sex=options.sex, pregnant=options.pregnant or None), labs=list(labs))
    facts = derive_facts(case, report.labs, report.b12_status, [], [], knowledge)
    report.triage = triage(facts, knowledge, every_flag=True)
    return report
