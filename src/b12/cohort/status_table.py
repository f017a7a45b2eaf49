"""Qualifiers and source ids of every B12 status a screened person can have.

A person's status depends only on four small states: the B12 band, the MMA reading (none,
raised, not raised), kidney function (unknown, normal, impaired) and homocysteine (none,
raised, not raised). Rather than restate the qualifier logic in SQL, each of the 81
combinations is put through the core's own ``derive_status``, and the engines join the
result: the qualifiers in ``--out`` are by construction those of ``b12 labs interpret``.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product

from b12.core.models import InterpretedLab
from b12.core.status import StatusContext, derive_status
from b12.knowledge import Knowledge

BANDS = ("deficiency_confirmed", "indeterminate", "deficiency_unlikely")
MARKER_STATES = ("absent", "high", "normal")
KIDNEY_STATES = ("unknown", "normal", "impaired")


@dataclass(frozen=True, slots=True)
class StatusRow:
    category: str
    mma: str
    kidney: str
    homocysteine: str
    qualifiers: tuple[str, ...]
    sources: tuple[str, ...]


def _lab(test: str, category: str) -> InterpretedLab:
    return InterpretedLab(
        test=test,
        name=test,
        value=None,
        unit=None,
        value_si=None,
        unit_si=None,
        category=category,
        severity=None,
        message="",
        sources=[],
    )


def status_rows(knowledge: Knowledge, guideline: str, renal_egfr_below: float) -> list[StatusRow]:
    """The qualifiers and sources of each combination, from ``derive_status``."""
    rows = []
    for band, mma, kidney, hcy in product(BANDS, MARKER_STATES, KIDNEY_STATES, MARKER_STATES):
        labs = [_lab("b12_total", band)]
        if mma != "absent":
            labs.append(_lab("mma", mma))
        if hcy != "absent":
            labs.append(_lab("homocysteine", hcy))
        if kidney != "unknown":  # an eGFR read as low or normal stands for either test
            labs.append(_lab("egfr", "low" if kidney == "impaired" else "normal"))
        status = derive_status(labs, knowledge, guideline, StatusContext(), renal_egfr_below)
        rows.append(
            StatusRow(band, mma, kidney, hcy, tuple(status.qualifiers), tuple(status.sources))
        )
    return rows
