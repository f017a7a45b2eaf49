"""``b12 fhir export``: one person's record as a FHIR R4 Bundle.

A collection Bundle (or a document, with a Composition first) holding the Patient, their
Conditions, one Observation per lab (LOINC code, UCUM valueQuantity, the lab reader's
interpretation, the printed referenceRange, the guideline's reading as a note and as an
extension naming its source), the daily B12 intake estimates (eaten, and absorbed with its
range), one MedicationStatement per course, a RiskAssessment of the self-check the record
makes today (the B12 status, then one prediction per ranked cause of cramps with the evidence
it rests on) and a
Provenance naming b12 and its version.

Resource ids are derived from the content (UUID 5), so exporting the same record twice, or
exporting what an import of this file wrote, gives the same ids: only ``now`` changes the
output. The shape is checked in the tests with ``fhir.resources`` (its R4B models) and by
reading the Bundle back with ``fhir_read``; that is structure, not terminology (no server
is asked whether a code exists).
"""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import date, datetime, timedelta
from typing import Any

from b12 import __version__
from b12.core.diary import LabEntry, Medicine, Record
from b12.core.labs import ReadingOptions, interpret_lab
from b12.core.models import InterpretedLab
from b12.core.units import unit_family
from b12.interop.codes import Interop, load_interop
from b12.interop.fhir_read import AGE_EXTENSION as EXTENSION_AGE
from b12.knowledge import Knowledge

Resource = dict[str, Any]
_NAMESPACE = uuid.UUID("3f1c1b52-5a4e-4f55-9d6b-0b12f0b12f00")  # b12's UUID 5 namespace
EXTENSION_READING = "urn:b12:fhir:extension:guideline-reading"
EXTENSION_SCORE = "urn:b12:fhir:extension:cause-score"
_PROVENANCE_TYPES = "http://terminology.hl7.org/CodeSystem/provenance-participant-type"


def export_bundle(
    record: Record,
    knowledge: Knowledge,
    *,
    now: datetime,
    days: int | None = None,
    document: bool = False,
    guideline: str | None = None,
) -> Resource:
    """The record as a FHIR R4 Bundle. ``days`` keeps only the labs, intake days and
    medicine courses of the last ``days`` days (default: every lab and course, and the
    intake of the diary's usual intake window)."""
    interop = load_interop(knowledge)
    guideline = guideline or knowledge.default_guideline
    today = now.date()
    first = today - timedelta(days=days - 1) if days else None
    builder = _Builder(interop, knowledge, record.profile.name)
    patient = builder.add(_patient(record, interop))
    patient_ref = {"reference": builder.url(patient)}
    observations = []
    for condition in record.profile.conditions:
        builder.add(_condition(condition, interop, patient_ref))
    options = ReadingOptions(
        guideline=guideline, sex=record.profile.sex, pregnant=record.profile.pregnant
    )
    for entry in record.entries:
        if isinstance(entry, LabEntry) and (first is None or entry.on >= first):
            reading = interpret_lab(entry.lab, knowledge, options)
            observations.append(
                builder.add(_lab(entry, reading, guideline, interop, knowledge, patient_ref))
            )
    intake_days = days or knowledge.diary_case.windows.intake_days
    builder.add_all(_intake(record, knowledge, interop, today, intake_days, patient_ref))
    statements = [
        builder.add(_statement(m, interop, knowledge, patient_ref))
        for m in record.medicines
        if first is None or m.stopped is None or m.stopped >= first
    ]
    risk = _risk_assessment(record, knowledge, interop, today, guideline, patient_ref)
    risk["basis"] = [{"reference": builder.url(r)} for r in [*observations, *statements]]
    builder.add(risk)
    targets = [{"reference": url} for url in builder.urls()]
    builder.add(_provenance(targets, now))
    entries = builder.entries()
    bundle: Resource = {
        "resourceType": "Bundle",
        "id": builder.uid("bundle", now.isoformat(), str(document)),
        "type": "document" if document else "collection",
        "timestamp": now.isoformat(timespec="seconds"),
        "entry": entries,
    }
    if document:
        composition = _composition(entries, patient_ref, now, builder)
        bundle["identifier"] = {"system": "urn:ietf:rfc:3986", "value": f"urn:uuid:{bundle['id']}"}
        bundle["entry"] = [composition, *entries]
    return bundle


class _Builder:
    """Collects resources, giving each a content-derived id and a ``urn:uuid`` fullUrl."""

    def __init__(self, interop: Interop, knowledge: Knowledge, person: str) -> None:
        self.interop = interop
        self.knowledge = knowledge
        self.person = person
        self._entries: list[Resource] = []
        self._seen: Counter[str] = Counter()

    def uid(self, *parts: str) -> str:
        key = "|".join((self.person, *parts))
        self._seen[key] += 1
        return str(uuid.uuid5(_NAMESPACE, f"{key}|{self._seen[key]}"))

    def add(self, resource: Resource) -> Resource:
        key = resource.pop("_key")
        resource["id"] = self.uid(resource["resourceType"], key)
        self._entries.append({"fullUrl": f"urn:uuid:{resource['id']}", "resource": resource})
        return resource

    def add_all(self, resources: list[Resource]) -> None:
        for resource in resources:
            self.add(resource)

    def url(self, resource: Resource) -> str:
        return f"urn:uuid:{resource['id']}"

    def urls(self) -> list[str]:
        return [e["fullUrl"] for e in self._entries]

    def entries(self) -> list[Resource]:
        return list(self._entries)


def _coding(system: str, code: str, display: str | None = None) -> dict[str, str]:
    coding = {"system": system, "code": code}
    if display:
        coding["display"] = display
    return coding


def _patient(record: Record, interop: Interop) -> Resource:
    profile = record.profile
    patient: Resource = {
        "resourceType": "Patient",
        "_key": "patient",
        "name": [{"text": profile.name}],
        "extension": [
            {
                "url": EXTENSION_AGE,
                "valueAge": {
                    "value": profile.age,
                    "unit": "years",
                    "system": interop.codes.systems.ucum,
                    "code": "a",
                },
            }
        ],
    }
    if profile.sex is not None:
        patient["gender"] = profile.sex
    return patient


def _condition(condition: str, interop: Interop, patient: dict[str, str]) -> Resource:
    systems = interop.codes.systems
    snomed = next((c for c, v in interop.codes.snomed.codes.items() if v == condition), None)
    coding = (
        _coding(systems.snomed, snomed)
        if snomed
        else _coding(systems.b12, f"condition:{condition}")
    )
    return {
        "resourceType": "Condition",
        "_key": f"condition:{condition}",
        "clinicalStatus": {
            "coding": [
                _coding("http://terminology.hl7.org/CodeSystem/condition-clinical", "active")
            ]
        },
        "code": {"coding": [coding], "text": condition.replace("_", " ")},
        "subject": patient,
    }


def _quantity(value: float, unit: str, interop: Interop) -> dict[str, Any]:
    return {
        "value": value,
        "unit": unit,
        "system": interop.codes.systems.ucum,
        "code": interop.ucum_for(unit),
    }


def loinc_for(
    test_code: str, unit: str | None, interop: Interop, knowledge: Knowledge
) -> str | None:
    """The test's LOINC code for ``unit``'s family (2132-9 for pg/mL, 14685-2 for pmol/L)."""
    codes = knowledge.lab_tests[test_code].loinc
    if not codes:
        return None
    if unit is not None:
        family = unit_family(unit)
        for code in codes:
            if interop.codes.loinc.codes[code].family == family:
                return code
    return codes[0]


def _lab(
    entry: LabEntry,
    reading: InterpretedLab,
    guideline: str,
    interop: Interop,
    knowledge: Knowledge,
    patient: dict[str, str],
) -> Resource:
    systems = interop.codes.systems
    lab = entry.lab
    test = knowledge.lab_tests[lab.test]
    loinc = loinc_for(lab.test, reading.unit, interop, knowledge)
    coding = (
        _coding(systems.loinc, loinc, interop.codes.loinc.codes[loinc].display)
        if loinc
        else _coding(systems.b12, f"lab:{lab.test}", test.name)
    )
    observation: Resource = {
        "resourceType": "Observation",
        "_key": f"lab:{lab.test}:{entry.on}:{lab.value}:{lab.unit}:{lab.comparator}:{lab.result}",
        "status": "final",
        "category": [
            {"coding": [_coding(systems.observation_category, "laboratory", "Laboratory")]}
        ],
        "code": {"coding": [coding], "text": test.name},
        "subject": patient,
        "effectiveDateTime": entry.on.isoformat(),
    }
    if lab.value is not None and reading.unit is not None:
        quantity = _quantity(lab.value, reading.unit, interop)
        if lab.comparator:
            quantity["comparator"] = lab.comparator
        observation["valueQuantity"] = quantity
    elif lab.result is not None:
        observation["valueCodeableConcept"] = {"text": lab.result}
    interp = _interpretation(reading, interop)
    if interp is not None:
        observation["interpretation"] = [{"coding": [interp]}]
    ref = lab.reference_range
    if (
        ref is not None
        and reading.unit is not None
        and (ref.low is not None or ref.high is not None)
    ):
        limits = {
            end: _quantity(float(v), reading.unit, interop)
            for end, v in (("low", ref.low), ("high", ref.high))
            if v is not None
        }
        observation["referenceRange"] = [limits]
    observation["note"] = [{"text": reading.message}]
    observation["extension"] = [_reading_extension(reading, guideline, knowledge)]
    return observation


def _interpretation(reading: InterpretedLab, interop: Interop) -> dict[str, str] | None:
    table = interop.codes.interpretation
    code = table.categories.get(reading.category)
    if code is None:
        return None
    if reading.severity == "severe" and code == "L":
        code = table.severe_low
    elif reading.severity == "severe" and code == "H":
        code = table.severe_high
    return _coding(interop.codes.systems.interpretation, code, table.displays[code])


def _reading_extension(reading: InterpretedLab, guideline: str, knowledge: Knowledge) -> Resource:
    parts: list[Resource] = [
        {"url": "guideline", "valueString": guideline},
        {"url": "category", "valueString": reading.category},
    ]
    for source in dict.fromkeys(reading.sources):
        ref = knowledge.references[source]
        parts.append({"url": "source", "valueUri": ref.url})
    return {"url": EXTENSION_READING, "extension": parts}


def _intake(
    record: Record,
    knowledge: Knowledge,
    interop: Interop,
    today: date,
    days: int,
    patient: dict[str, str],
) -> list[Resource]:
    """Per logged day: B12 eaten, and B12 likely absorbed with its low-high range (µg)."""
    from b12.core.intake import analyse_intake

    report = analyse_intake(
        record.entries, record.profile, knowledge, today - timedelta(days=days - 1), today
    )
    systems = interop.codes.systems
    found: list[Resource] = []

    def quantity(value: float) -> dict[str, Any]:
        return {"value": round(value, 3), "unit": "ug/d", "system": systems.ucum, "code": "ug/d"}

    for day in report.days:
        if not day.logged:
            continue
        b12 = day.figures.b12
        base = {
            "resourceType": "Observation",
            "status": "final",
            "subject": patient,
            "effectiveDateTime": day.day.isoformat(),
        }
        eaten: Resource = {
            **base,
            "_key": f"intake:eaten:{day.day}",
            "code": {
                "coding": [_coding(systems.b12, "intake:b12-eaten", "Vitamin B12 eaten")],
                "text": "Vitamin B12 eaten (food, fortified food and oral supplements)",
            },
            "valueQuantity": quantity(b12.eaten.oral_ug),
        }
        if not b12.complete:
            eaten["note"] = [
                {"text": f"{b12.foods_missing} food(s) report no B12 value: a lower bound."}
            ]
        absorbed: Resource = {
            **base,
            "_key": f"intake:absorbed:{day.day}",
            "code": {
                "coding": [_coding(systems.b12, "intake:b12-absorbed", "Vitamin B12 absorbed")],
                "text": "Vitamin B12 likely absorbed (model estimate)",
            },
            "valueQuantity": quantity(b12.absorbed.central),
            "component": [
                {
                    "code": {"coding": [_coding(systems.b12, f"intake:estimate-{end}")]},
                    "valueQuantity": quantity(getattr(b12.absorbed, end)),
                }
                for end in ("low", "high")
            ],
        }
        found += [eaten, absorbed]
    return found


def _statement(
    medicine: Medicine, interop: Interop, knowledge: Knowledge, patient: dict[str, str]
) -> Resource:
    systems = interop.codes.systems
    codings = [
        _coding(systems.rxnorm, code, medicine.generic)
        for code, generic in interop.codes.rxnorm.codes.items()
        if generic == medicine.generic
    ][:1]
    statement: Resource = {
        "resourceType": "MedicationStatement",
        "_key": f"med:{medicine.name}:{medicine.started}:{medicine.stopped}",
        "status": "completed" if medicine.stopped else "active",
        "medicationCodeableConcept": {
            "text": medicine.name,
            **({"coding": codings} if codings else {}),
        },
        "subject": patient,
    }
    period = {
        k: v.isoformat()
        for k, v in (("start", medicine.started), ("end", medicine.stopped))
        if v is not None
    }
    if period:
        statement["effectivePeriod"] = period
    if medicine.dose_text:
        statement["dosage"] = [{"text": medicine.dose_text}]
    return statement


def _risk_assessment(
    record: Record,
    knowledge: Knowledge,
    interop: Interop,
    today: date,
    guideline: str,
    patient: dict[str, str],
) -> Resource:
    from b12.core.assess import AssessOptions, assess
    from b12.core.record_case import build_record_case

    built = build_record_case(record, knowledge, today)
    result = assess(built.case, knowledge, AssessOptions(guideline=guideline))
    systems = interop.codes.systems
    status = result.b12_status
    label = status.headline or status.category.replace("_", " ")
    predictions: list[Resource] = [
        {
            "outcome": {
                "coding": [_coding(systems.b12, f"b12-status:{status.category}", label)],
                "text": f"Vitamin B12 status: {label}",
            },
            "rationale": "; ".join(filter(None, [status.basis, status.explanation])),
        }
    ]
    predictions += [
        {
            "outcome": {
                "coding": [_coding(systems.b12, f"cause:{cause.cause}", cause.label)],
                "text": cause.label,
            },
            "rationale": "; ".join(cause.evidence_for)
            or "nothing in the record speaks for this cause",
            "extension": [{"url": EXTENSION_SCORE, "valueDecimal": round(cause.score, 3)}],
        }
        for cause in result.cramp_causes
    ]
    title = knowledge.guideline(guideline).title
    risk: Resource = {
        "resourceType": "RiskAssessment",
        "_key": "assessment",
        "status": "final",
        "subject": patient,
        "occurrenceDateTime": today.isoformat(),
        "method": {"text": f"b12 self-check from the record, read by {title}"},
        "note": [
            {"text": result.summary},
            {"text": "Information from b12, not a diagnosis."},
        ],
    }
    risk["prediction"] = predictions
    return risk


def _provenance(targets: list[dict[str, str]], now: datetime) -> Resource:
    return {
        "resourceType": "Provenance",
        "_key": "provenance",
        "target": targets,
        "recorded": now.isoformat(timespec="seconds"),
        "agent": [
            {
                "type": {"coding": [_coding(_PROVENANCE_TYPES, "assembler", "Assembler")]},
                "who": {"display": f"b12 {__version__}"},
            }
        ],
    }


def _composition(
    entries: list[Resource], patient: dict[str, str], now: datetime, builder: _Builder
) -> Resource:
    systems = builder.interop.codes.systems

    def refs(kind: str, code_prefix: str = "") -> list[dict[str, str]]:
        return [
            {"reference": e["fullUrl"]}
            for e in entries
            if e["resource"]["resourceType"] == kind
            and (
                not code_prefix
                or e["resource"]["code"]["coding"][0]["code"].startswith(code_prefix)
            )
        ]

    labs = [
        r
        for r in refs("Observation")
        if not any(
            e["fullUrl"] == r["reference"]
            and e["resource"]["code"]["coding"][0]["code"].startswith("intake:")
            for e in entries
        )
    ]
    sections = [
        ("Laboratory results", labs),
        ("B12 intake", refs("Observation", "intake:")),
        ("Medicines", refs("MedicationStatement")),
        ("Conditions", refs("Condition")),
        ("Assessment", refs("RiskAssessment")),
    ]
    composition: Resource = {
        "resourceType": "Composition",
        "_key": "composition",
        "status": "final",
        "type": {"coding": [_coding(systems.b12, "report", "b12 record summary")]},
        "subject": patient,
        "date": now.isoformat(timespec="seconds"),
        "author": [{"display": f"b12 {__version__}"}],
        "title": "b12 record summary (information, not a diagnosis)",
        "section": [{"title": title, "entry": found} for title, found in sections if found],
    }
    builder.add(composition)
    return builder._entries.pop()
