"""Read a set of labs: each result, the B12 status they imply, and all warnings.

This is what ``b12 labs interpret`` and ``POST /api/labs/interpret`` return.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from b12.core.labs import ReadingOptions, interpret_lab
from b12.core.models import Cite, InterpretedLab, LabInput, Warning
from b12.core.status import B12Status, StatusContext, derive_status
from b12.knowledge import Knowledge


@dataclass(slots=True)
class LabReport:
    labs: list[InterpretedLab]
    b12_status: B12Status
    warnings: list[Warning]
    guideline: str

    def to_dict(self, knowledge: Knowledge, cite: Cite | None = None) -> dict[str, Any]:
        """The report's JSON; ``cite`` as for ``Assessment.to_dict``."""
        source_ids = [sid for lab in self.labs for sid in lab.sources] + self.b12_status.sources
        return {
            "labs": [lab.to_dict() for lab in self.labs],
            "b12_status": self.b12_status.to_dict(),
            "warnings": [w.to_dict() for w in self.warnings],
            "guideline": self.guideline,
            "sources": (cite or knowledge.source_dicts)(source_ids),
        }


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
    status = derive_status(
        interpreted,
        knowledge,
        options.guideline,
        context or StatusContext(pregnant=options.pregnant),
        renal_choice.value,
    )
    return LabReport(interpreted, status, warnings, options.guideline)
