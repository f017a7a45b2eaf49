"""The services b12 offers, as the discovery endpoint lists them, with their prefetch
templates. The B12 Observation template asks for the LOINC codes lab_tests.toml gives serum
B12, so a new code in the knowledge base is asked for without a code change."""

from __future__ import annotations

from dataclasses import dataclass

from b12.interop.cds.contract import DiscoveryJSON
from b12.interop.codes import Interop


@dataclass(frozen=True, slots=True)
class Service:
    id: str
    hook: str
    title: str
    description: str


SERVICES: dict[str, Service] = {
    s.id: s
    for s in (
        Service(
            "b12-patient-view",
            "patient-view",
            "Vitamin B12 monitoring (chart opened)",
            "Reminds to test vitamin B12 when a long-running metformin, PPI or H2 blocker "
            "course has no B12 result in the last 12 months, and gives the guideline's next "
            "step for a low or indeterminate result.",
        ),
        Service(
            "b12-order-select",
            "order-select",
            "Vitamin B12 monitoring (metformin selected)",
            "When metformin is selected, or a long-running metformin, PPI or H2 blocker "
            "course is active, and no B12 result is recorded in the last 12 months, "
            "suggests a serum B12 order.",
        ),
        Service(
            "b12-order-sign",
            "order-sign",
            "Vitamin B12 monitoring (orders signed)",
            "The same check as at order-select, on the orders about to be signed.",
        ),
    )
}


def prefetch_templates(interop: Interop) -> dict[str, str]:
    """The prefetch templates every service declares (the same data for each hook)."""
    system = interop.codes.systems.loinc
    codes = [c for c, test in interop.loinc_to_test.items() if test == "b12_total"]
    b12 = ",".join(f"{system}|{c}" for c in codes)
    return {
        "patient": "Patient/{{context.patientId}}",
        "b12": f"Observation?patient={{{{context.patientId}}}}&code={b12}&_sort=-date&_count=20",
        "medications": "MedicationRequest?patient={{context.patientId}}&status=active",
    }


def discovery(interop: Interop) -> DiscoveryJSON:
    templates = prefetch_templates(interop)
    return {
        "services": [
            {
                "hook": s.hook,
                "title": s.title,
                "description": s.description,
                "id": s.id,
                "prefetch": templates,
            }
            for s in SERVICES.values()
        ]
    }
