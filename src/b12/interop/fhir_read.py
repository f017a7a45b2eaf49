"""FHIR R4 resources read as what the diary holds: labs, medicines, conditions, age and sex.

Pure: handed the parsed resources and the knowledge, it reads no files and writes nothing
(``fhir_import`` writes). A lab Observation goes through the lab reader exactly as a typed
result does: its LOINC code names the test (``lab_tests.toml``), its UCUM unit becomes the
reader's unit (``fhir_codes.toml``, else the unit text as typed units are read), its
referenceRange becomes the printed range, and the reader's own check refuses an impossible
value. What b12 cannot read (a code it has no test for, a unit it does not know, a
medicine it does not recognise) is listed in the report with where it was, never dropped
silently; what is malformed is an ``InputError`` naming the resource, so nothing is written.
"""

from __future__ import annotations

import itertools
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import ValidationError

from b12.core.diary import CONDITIONS, LabEntry, Medicine, Sex
from b12.core.models import LAB_INPUT, LabInput
from b12.core.units import accepted_unit, convert
from b12.core.validation_errors import readable_message
from b12.errors import InputError
from b12.interop.codes import Interop
from b12.knowledge import Knowledge

Resource = dict[str, Any]
_COMPARATORS = {"<", "<=", ">=", ">"}
_NOT_RESULTS = {"entered-in-error", "cancelled", "registered"}
AGE_EXTENSION = "urn:b12:fhir:extension:age"  # written by fhir_export on its Patient
_NOT_TAKEN = {"entered-in-error", "not-taken", "intended", "draft", "cancelled"}


@dataclass(frozen=True, slots=True)
class Unread:
    """One resource, or part of one, that b12 did not take in, and why."""

    where: str  # "entry[3] Observation/abc" or "line 4 Observation/abc"
    reason: str


@dataclass(slots=True)
class FhirRecord:
    """What a FHIR file says of one person, in the diary's terms."""

    birth_date: date | None = None
    age: float | None = None  # b12's own age extension, for a Patient with no birthDate
    sex: Sex | None = None
    sex_given: str | None = None  # as the file said it, when b12 has no such sex
    labs: list[LabEntry] = field(default_factory=list)
    medicines: list[Medicine] = field(default_factory=list)
    conditions: list[str] = field(default_factory=list)
    unread: list[Unread] = field(default_factory=list)
    unrecognised_medicines: list[Unread] = field(default_factory=list)
    ignored: Counter[str] = field(default_factory=Counter)  # resource types b12 does not read
    derived: int = 0  # b12's own estimates in an export of b12's: recomputed, not imported


def parse_resources(raw: bytes, name: str = "file") -> list[tuple[str, Resource]]:
    """The resources of a FHIR file: a Bundle (its entries), one resource, or NDJSON (one
    resource a line, as a bulk export writes), each with where it was in the file."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{name} is not UTF-8 text", field="file") from None
    try:
        whole = json.loads(text)
    except json.JSONDecodeError:
        whole = None
    if isinstance(whole, dict):
        return _from_bundle_or_resource(whole)
    found: list[tuple[str, Resource]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"line {number} is not JSON ({exc.msg}); a FHIR file is a Bundle in JSON or "
                "NDJSON with one resource a line",
                field=f"line {number}",
            ) from None
        if not isinstance(value, dict) or not isinstance(value.get("resourceType"), str):
            raise InputError(f"line {number} is not a FHIR resource", field=f"line {number}")
        found.append((f"line {number} {_label(value)}", value))
    if not found:
        raise InputError(f"{name} holds no FHIR resources", field="file")
    return found


def _from_bundle_or_resource(data: Resource) -> list[tuple[str, Resource]]:
    kind = data.get("resourceType")
    if not isinstance(kind, str):
        raise InputError("is not a FHIR resource: it has no resourceType", field="resourceType")
    if kind != "Bundle":
        return [(_label(data), data)]
    entries = data.get("entry", [])
    if not isinstance(entries, list):
        raise InputError("must be a list", field="Bundle.entry")
    found = []
    for i, entry in enumerate(entries):
        resource = entry.get("resource") if isinstance(entry, dict) else None
        if not isinstance(resource, dict) or not isinstance(resource.get("resourceType"), str):
            raise InputError("has no resource", field=f"Bundle.entry[{i}]")
        found.append((f"entry[{i}] {_label(resource)}", resource))
    return found


def _label(resource: Resource) -> str:
    rid = resource.get("id")
    kind = str(resource.get("resourceType"))
    return f"{kind}/{rid}" if isinstance(rid, str) else kind


def read_fhir(
    resources: Iterable[tuple[str, Resource]], knowledge: Knowledge, interop: Interop
) -> FhirRecord:
    """Everything b12 reads in ``resources``, and a list of what it could not read."""
    items = list(resources)
    found = FhirRecord()
    references = _medication_index(items)
    patients = {r.get("id") for _, r in items if r.get("resourceType") == "Patient"}
    if len(patients) > 1:
        raise InputError(
            f"the file holds {len(patients)} patients; b12 imports one person at a time "
            "into one profile (split the file per patient)",
            field="Patient",
        )
    for where, resource in items:
        kind = resource["resourceType"]
        if kind == "Patient":
            _read_patient(resource, where, found)
        elif kind == "Observation":
            _read_observation(resource, where, found, knowledge, interop)
        elif kind in ("MedicationStatement", "MedicationRequest"):
            _read_medicine(resource, where, found, knowledge, interop, references)
        elif kind == "Condition":
            _read_condition(resource, where, found, interop)
        elif kind not in ("Medication", "Provenance", "Composition", "RiskAssessment"):
            found.ignored[kind] += 1
    return found


# Patient ---------------------------------------------------------------------------------


def _read_patient(resource: Resource, where: str, found: FhirRecord) -> None:
    birth = resource.get("birthDate")
    if birth is not None:
        found.birth_date = _day(birth, f"{where}.birthDate")
    for extension in resource.get("extension") or []:
        if isinstance(extension, dict) and extension.get("url") == AGE_EXTENSION:
            value = (extension.get("valueAge") or {}).get("value")
            if isinstance(value, int | float) and not isinstance(value, bool):
                found.age = float(value)
    gender = resource.get("gender")
    if gender == "female":
        found.sex = "female"
    elif gender == "male":
        found.sex = "male"
    elif isinstance(gender, str):
        found.sex_given = gender
        found.unread.append(
            Unread(where, f"gender {gender!r}: b12's reference values are for female or male")
        )


def age_on(birth: date, today: date) -> float:
    """Completed years on ``today``, as an age is told."""
    years = today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
    return float(years)


# Observations ----------------------------------------------------------------------------


def _read_observation(
    resource: Resource, where: str, found: FhirRecord, knowledge: Knowledge, interop: Interop
) -> None:
    codings = _codings(resource.get("code"))
    systems = interop.codes.systems
    own = [str(c.get("code")) for c in codings if c.get("system") == systems.b12]
    if any(code.startswith("intake:") for code in own):
        found.derived += 1  # b12's own intake estimates: the diary recomputes them
        return
    status = resource.get("status")
    if status in _NOT_RESULTS:
        found.unread.append(Unread(where, f"status {status!r}: not a result"))
        return
    test_code = next(
        (
            interop.loinc_to_test[c["code"]]
            for c in codings
            if c.get("system") == systems.loinc and c.get("code") in interop.loinc_to_test
        ),
        None,
    )
    if test_code is None:  # b12's own code for a test with no LOINC code (active B12)
        test_code = next(
            (c[4:] for c in own if c.startswith("lab:") and c[4:] in knowledge.lab_tests), None
        )
    if test_code is None:
        found.unread.append(Unread(where, f"no test b12 reads for code {_describe(codings)}"))
        return
    test = knowledge.lab_tests[test_code]
    on = _effective_day(resource, where)
    if on is None:
        found.unread.append(Unread(where, "has no effective date (a lab result needs its date)"))
        return
    fields: dict[str, Any] = {"test": test_code}
    quantity = resource.get("valueQuantity")
    if isinstance(quantity, dict):
        unit = _lab_unit(quantity, test_code, interop, knowledge)
        if isinstance(unit, Unread):
            found.unread.append(Unread(where, unit.reason))
            return
        fields |= {"value": quantity.get("value"), "unit": unit}
        comparator = quantity.get("comparator")
        if comparator is not None:
            if comparator not in _COMPARATORS:
                found.unread.append(Unread(where, f"comparator {comparator!r} is not read"))
                return
            fields["comparator"] = comparator
        reference = _reference_range(resource, unit, test_code, interop, knowledge, where)
        if reference is not None:
            fields["reference_range"] = reference
    elif test.result_only:
        verdict = _verdict(resource)
        if verdict is None:
            found.unread.append(Unread(where, "has no positive or negative result"))
            return
        fields["result"] = verdict
    else:
        found.unread.append(Unread(where, f"has no valueQuantity ({test_code} is a number)"))
        return
    lab = _lab_input(fields, where)
    from b12.core.labs import ReadingOptions, interpret_lab

    interpret_lab(lab, knowledge, ReadingOptions(), where)  # refuses an impossible value
    found.labs.append(LabEntry(on=on, lab=lab))


def _lab_unit(
    quantity: Mapping[str, Any], test_code: str, interop: Interop, knowledge: Knowledge
) -> str | Unread:
    ucum = quantity.get("code") if quantity.get("system") == interop.codes.systems.ucum else None
    text = quantity.get("unit")
    try:
        unit = interop.unit_from_ucum(ucum, text if isinstance(text, str) else None)
    except InputError:
        return Unread("", f"unknown unit {ucum or text!r}")
    try:
        return accepted_unit(knowledge.lab_tests[test_code], unit)
    except InputError as exc:
        return Unread("", exc.message)


def _reference_range(
    resource: Resource,
    unit: str,
    test_code: str,
    interop: Interop,
    knowledge: Knowledge,
    where: str,
) -> dict[str, float] | None:
    """The first referenceRange with a low or high, in the value's unit."""
    ranges = resource.get("referenceRange")
    if not isinstance(ranges, list):
        return None
    test = knowledge.lab_tests[test_code]
    for ref in ranges:
        if not isinstance(ref, dict):
            continue
        limits: dict[str, float] = {}
        for end in ("low", "high"):
            q = ref.get(end)
            if not isinstance(q, dict) or not isinstance(q.get("value"), int | float):
                continue
            value = float(q["value"])
            given: str | Unread = unit
            if q.get("unit") or q.get("code"):
                given = _lab_unit(q, test_code, interop, knowledge)
            if isinstance(given, Unread):
                raise InputError(f"referenceRange.{end}: {given.reason}", field=where)
            limits[end] = convert(value, given, unit, test) if given != unit else value
        if limits:
            return limits
    return None


def _verdict(resource: Resource) -> str | None:
    concept = resource.get("valueCodeableConcept")
    texts = [resource.get("valueString")]
    if isinstance(concept, dict):
        texts.append(concept.get("text"))
        texts += [c.get("display") for c in _codings(concept)]
    codes = [c.get("code") for c in _codings_list(resource.get("interpretation"))]
    for text in texts:
        if isinstance(text, str) and text.strip().lower() in ("positive", "negative"):
            return text.strip().lower()
    if "POS" in codes:
        return "positive"
    if "NEG" in codes:
        return "negative"
    return None


def _lab_input(fields: dict[str, Any], where: str) -> LabInput:
    try:
        return LAB_INPUT.validate_python(fields)
    except ValidationError as exc:
        message = readable_message(exc.errors()[0], contract="lab")
        raise InputError(message, field=where) from None


# Medicines -------------------------------------------------------------------------------


def _medication_index(items: list[tuple[str, Resource]]) -> dict[str, Resource]:
    """Medication resources by the references that may name them."""
    index: dict[str, Resource] = {}
    for _, resource in items:
        if resource.get("resourceType") == "Medication" and isinstance(resource.get("id"), str):
            index[f"Medication/{resource['id']}"] = resource
    return index


def _read_medicine(
    resource: Resource,
    where: str,
    found: FhirRecord,
    knowledge: Knowledge,
    interop: Interop,
    index: Mapping[str, Resource],
) -> None:
    status = resource.get("status")
    if status in _NOT_TAKEN:
        found.unread.append(Unread(where, f"status {status!r}: not a medicine being taken"))
        return
    concept = _medication_concept(resource, index)
    codings = _codings(concept)
    generic = next(
        (
            interop.codes.rxnorm.codes[c["code"]]
            for c in codings
            if c.get("system") == interop.codes.systems.rxnorm
            and c.get("code") in interop.codes.rxnorm.codes
        ),
        None,
    )
    texts = [concept.get("text"), *(c.get("display") for c in codings)] if concept else []
    names = [t.strip() for t in texts if isinstance(t, str) and t.strip()]
    if generic is None:
        generic = next((g for g in (resolve_generic(n, knowledge) for n in names) if g), None)
    name = names[0] if names else generic
    if name is None:
        found.unread.append(Unread(where, f"names no medicine (code {_describe(codings)})"))
        return
    started, stopped = _course_dates(resource, where)
    dose_text = _dose_text(resource)
    medicine = Medicine(
        name=name[:100],
        generic=generic,
        dose_text=dose_text,
        dose_mg_per_day=_dose_mg(dose_text),
        started=started,
        stopped=stopped,
    )
    found.medicines.append(medicine)
    if generic is None:
        found.unrecognised_medicines.append(Unread(where, f"{name!r} kept by name"))


def resolve_generic(text: str, knowledge: Knowledge) -> str | None:
    """The generic b12 knows in a medicine's name as systems print it: the name itself,
    else the one known drug among its words ("metformin hydrochloride 500 MG Oral Tablet").
    Two different known drugs (a combination) give None: which one would be a guess."""
    from b12.core.medications import resolve_name

    whole = resolve_name(text, knowledge)
    if whole is not None:
        return whole
    words = re.findall(r"[a-z]+", text.lower())
    found = {resolve_name(w, knowledge) for w in words}
    found |= {resolve_name(f"{a} {b}", knowledge) for a, b in itertools.pairwise(words)}
    found.discard(None)
    return found.pop() if len(found) == 1 else None


def _medication_concept(resource: Resource, index: Mapping[str, Resource]) -> Resource:
    concept = resource.get("medicationCodeableConcept")
    if isinstance(concept, dict):
        return concept
    ref = resource.get("medicationReference")
    target = ref.get("reference") if isinstance(ref, dict) else None
    if isinstance(target, str):
        medication: Resource | None = index.get(target)
        if target.startswith("#"):
            contained = resource.get("contained", [])
            medication = next(
                (c for c in contained if isinstance(c, dict) and c.get("id") == target[1:]), None
            )
        code = medication.get("code") if medication else None
        if isinstance(code, dict):
            return code
        if isinstance(ref, dict) and isinstance(ref.get("display"), str):
            return {"text": ref["display"]}
    return {}


def _course_dates(resource: Resource, where: str) -> tuple[date | None, date | None]:
    period = resource.get("effectivePeriod")
    if isinstance(period, dict):
        ends = [
            _day(period[k], f"{where}.effectivePeriod.{k}") if k in period else None
            for k in ("start", "end")
        ]
        return ends[0], ends[1]
    for key in ("effectiveDateTime", "authoredOn"):
        if key in resource:
            return _day(resource[key], f"{where}.{key}"), None
    validity = (resource.get("dispenseRequest") or {}).get("validityPeriod")
    if isinstance(validity, dict) and "start" in validity:
        return _day(validity["start"], f"{where}.dispenseRequest.validityPeriod.start"), None
    return None, None


def _dose_text(resource: Resource) -> str | None:
    dosages = resource.get("dosage") or resource.get("dosageInstruction")
    if isinstance(dosages, list) and dosages and isinstance(dosages[0], dict):
        text = dosages[0].get("text")
        if isinstance(text, str) and text.strip():
            return text.strip()[:200]
    return None


def _dose_mg(text: str | None) -> float | None:
    from b12.diary.medicines import parse_daily_dose

    if text is None:
        return None
    try:
        return parse_daily_dose(text)
    except InputError:
        return None


# Conditions ------------------------------------------------------------------------------


def _read_condition(resource: Resource, where: str, found: FhirRecord, interop: Interop) -> None:
    clinical = [c.get("code") for c in _codings(resource.get("clinicalStatus"))]
    verification = [c.get("code") for c in _codings(resource.get("verificationStatus"))]
    if {"inactive", "resolved", "remission"} & set(clinical) or {
        "refuted",
        "entered-in-error",
    } & set(verification):
        found.unread.append(Unread(where, "not a current condition"))
        return
    codings = _codings(resource.get("code"))
    condition = next(
        (
            interop.codes.snomed.codes[c["code"]]
            for c in codings
            if c.get("system") == interop.codes.systems.snomed
            and c.get("code") in interop.codes.snomed.codes
        ),
        None,
    )
    if condition is None:  # b12's own code, for a condition with no SNOMED CT code here
        own = [str(c.get("code")) for c in codings if c.get("system") == interop.codes.systems.b12]
        condition = next((c[10:] for c in own if c.startswith("condition:")), None)
    if condition is None or condition not in CONDITIONS:
        found.unread.append(Unread(where, f"no condition b12 reads for code {_describe(codings)}"))
        return
    if condition not in found.conditions:
        found.conditions.append(condition)


# Shared ----------------------------------------------------------------------------------


def _codings(concept: object) -> list[dict[str, Any]]:
    if not isinstance(concept, dict):
        return []
    codings = concept.get("coding")
    return [c for c in codings if isinstance(c, dict)] if isinstance(codings, list) else []


def _codings_list(concepts: object) -> list[dict[str, Any]]:
    if not isinstance(concepts, list):
        return []
    return [c for concept in concepts for c in _codings(concept)]


def _describe(codings: list[dict[str, Any]]) -> str:
    if not codings:
        return "(none)"
    parts = []
    for c in codings[:3]:
        shown = f"{c.get('system', '?')}|{c.get('code', '?')}"
        if isinstance(c.get("display"), str):
            shown += f" ({c['display'][:60]})"
        parts.append(shown)
    return ", ".join(parts)


def _effective_day(resource: Resource, where: str) -> date | None:
    for key in ("effectiveDateTime", "effectiveInstant"):
        if key in resource:
            return _day(resource[key], f"{where}.{key}")
    period = resource.get("effectivePeriod")
    if isinstance(period, dict) and "start" in period:
        return _day(period["start"], f"{where}.effectivePeriod.start")
    if "issued" in resource:
        return _day(resource["issued"], f"{where}.issued")
    return None


def _day(value: object, field: str) -> date:
    """The calendar day of a FHIR date or dateTime (``2024``, ``2024-05``, ``2024-05-02``
    or with a time): a partial date is its first day, as a typed course date is."""
    text = value if isinstance(value, str) else ""
    m = re.match(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text)
    try:
        if not m:
            raise ValueError(text)
        return date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
    except ValueError:
        raise InputError(
            f"must be a FHIR date (YYYY, YYYY-MM, YYYY-MM-DD or a dateTime), got {value!r}",
            field=field,
        ) from None
