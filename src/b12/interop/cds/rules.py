"""The cards: when to remind the prescriber to test vitamin B12, and what a low result means.

Pure: handed the hook's context, the prefetched FHIR data, the knowledge and today's date,
it makes the CDS Hooks cards and reads nothing else. The rules are ``cds_rules.toml``'s:

- a **monitoring** card when a trigger holds and no B12 result (and no B12 order among the
  draft orders) falls in the look-back window. Triggers: a new order of a trigger class
  (metformin) among the selected orders (order-select) or the orders to sign
  (order-sign); or, in every hook, an active course of a long-running class (metformin,
  PPI, H2 blocker) that has run at least the years ``risk_factors.toml`` gives.
- a **result** card when the latest B12 result in the window reads (by the lab reader, in
  the chosen guideline) as deficiency confirmed or indeterminate: the guideline's reading
  and next steps.
- nothing otherwise, and nothing for a patient under the guidance's age.

One card at most of each kind; a card's summary is at most 140 characters, as the spec
asks.
"""

from __future__ import annotations

import calendar
import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from b12.core.labs import ReadingOptions, interpret_lab
from b12.core.scope import MIN_AGE_YEARS
from b12.errors import InputError
from b12.interop.cds.contract import MAX_SUMMARY, CardJSON
from b12.interop.cds.prefetch import Prefetched, resources_of
from b12.interop.codes import Interop
from b12.interop.fhir_read import age_on, read_fhir, resolve_generic
from b12.knowledge import Knowledge

Resource = dict[str, Any]
Card = CardJSON
_B12_TESTS = ("b12_total",)


@dataclass(frozen=True, slots=True)
class Trigger:
    medicine: str  # as the order or course names it
    drug_class: str
    why: str  # "is being ordered" / "for 6 years"


def evaluate(
    hook: str,
    context: dict[str, Any],
    data: Prefetched,
    knowledge: Knowledge,
    interop: Interop,
    today: date,
    guideline: str,
) -> list[Card]:
    """The cards for one call of ``hook`` (empty when nothing is actionable)."""
    if _under_age(data.patient, today):
        return []
    rules = interop.rules
    cutoff = months_before(today, rules.lookback_months)
    results = _b12_results(data.b12, knowledge, interop, cutoff)
    cards: list[Card] = []
    if results:
        card = _result_card(results[-1], knowledge, interop, guideline, data.patient)
        if card is not None:
            cards.append(card)
        return cards
    orders = _orders(hook, context)
    if any(_is_b12_order(o, interop) for o in orders):
        return cards  # a B12 test is being ordered already
    triggers = _order_triggers(orders, knowledge, interop)
    triggers += _course_triggers(data.medications, knowledge, interop, today)
    if triggers:
        cards.append(_monitoring_card(triggers[0], knowledge, interop, context))
    return cards


def months_before(day: date, months: int) -> date:
    years, month0 = divmod(day.month - 1 - months, 12)
    year = day.year + years
    return date(year, month0 + 1, min(day.day, calendar.monthrange(year, month0 + 1)[1]))


def _under_age(patient: Resource | None, today: date) -> bool:
    birth = patient.get("birthDate") if patient else None
    if not isinstance(birth, str):
        return False
    try:
        born = date.fromisoformat(birth[:10]) if len(birth) >= 10 else date(int(birth[:4]), 1, 1)
    except ValueError:
        return False
    return age_on(born, today) < MIN_AGE_YEARS


@dataclass(frozen=True, slots=True)
class _Result:
    on: date
    lab: Any  # LabInput


def _b12_results(
    observations: list[Resource], knowledge: Knowledge, interop: Interop, cutoff: date
) -> list[_Result]:
    """Serum B12 results on or after ``cutoff``, oldest first, read as the lab reader reads
    them (an Observation it cannot read does not count as a result)."""
    found = []
    for i, observation in enumerate(observations):
        try:
            read = read_fhir([(f"b12[{i}]", observation)], knowledge, interop)
        except InputError:
            continue
        found += [
            _Result(e.on, e.lab) for e in read.labs if e.lab.test in _B12_TESTS and e.on >= cutoff
        ]
    return sorted(found, key=lambda r: r.on)


def _result_card(
    result: _Result,
    knowledge: Knowledge,
    interop: Interop,
    guideline: str,
    patient: Resource | None,
) -> Card | None:
    rules = interop.rules.result_card
    sex = patient.get("gender") if patient else None
    options = ReadingOptions(guideline=guideline, sex=sex if sex in ("female", "male") else None)
    reading = interpret_lab(result.lab, knowledge, options)
    if reading.category not in rules.categories:
        return None
    text = knowledge.status_texts.categories[reading.category]
    title = knowledge.guideline(guideline).title
    summary = rules.summary.format(
        value=f"{result.lab.comparator or ''}{result.lab.value:g}",
        unit=reading.unit,
        date=result.on.isoformat(),
        verdict=rules.verdict[reading.category],
        guideline=guideline.upper().replace("-", " "),
    )
    detail = reading.message + "\n\n" + "\n".join(f"- {step}" for step in text.next_steps)
    source = knowledge.references[rules.sources[0]]
    return {
        "uuid": str(uuid.uuid4()),
        "summary": _short(summary),
        "detail": detail + f"\n\n({title}.)",
        "indicator": rules.indicator[reading.category],
        "source": {"label": source.title[:100], "url": source.url},
    }


def _orders(hook: str, context: dict[str, Any]) -> list[Resource]:
    """The draft orders the hook is about: the selected ones (order-select), all of them
    (order-sign), none (patient-view)."""
    if hook not in ("order-select", "order-sign"):
        return []
    drafts = resources_of(context.get("draftOrders"))
    if hook == "order-sign":
        return drafts
    selected = {s for s in context.get("selections") or [] if isinstance(s, str)}
    return [d for d in drafts if f"{d.get('resourceType')}/{d.get('id')}" in selected]


def _is_b12_order(order: Resource, interop: Interop) -> bool:
    if order.get("resourceType") != "ServiceRequest":
        return False
    codings = (order.get("code") or {}).get("coding") or []
    return any(
        isinstance(c, dict)
        and c.get("system") == interop.codes.systems.loinc
        and interop.loinc_to_test.get(str(c.get("code"))) in _B12_TESTS
        for c in codings
    )


def _medicine(resource: Resource, knowledge: Knowledge, interop: Interop) -> tuple[str, str] | None:
    """(name, drug class) of a MedicationRequest b12 recognises."""
    concept = resource.get("medicationCodeableConcept")
    if not isinstance(concept, dict):
        return None
    codings = [c for c in concept.get("coding") or [] if isinstance(c, dict)]
    generic = next(
        (
            interop.codes.rxnorm.codes[str(c.get("code"))]
            for c in codings
            if c.get("system") == interop.codes.systems.rxnorm
            and str(c.get("code")) in interop.codes.rxnorm.codes
        ),
        None,
    )
    names = [concept.get("text"), *(c.get("display") for c in codings)]
    texts = [n for n in names if isinstance(n, str) and n.strip()]
    if generic is None:
        generic = next((g for g in (resolve_generic(t, knowledge) for t in texts) if g), None)
    if generic is None:
        return None
    for code, cls in knowledge.medications.classes.items():
        if generic in cls.drugs:
            return generic, code
    return None


def _order_triggers(
    orders: list[Resource], knowledge: Knowledge, interop: Interop
) -> list[Trigger]:
    found = []
    for order in orders:
        if order.get("resourceType") != "MedicationRequest":
            continue
        known = _medicine(order, knowledge, interop)
        if known and known[1] in interop.rules.order_triggers:
            found.append(Trigger(known[0], known[1], "is being ordered"))
    return found


def _course_triggers(
    requests: list[Resource], knowledge: Knowledge, interop: Interop, today: date
) -> list[Trigger]:
    found = []
    for request in requests:
        if request.get("status") not in (None, "active"):
            continue
        known = _medicine(request, knowledge, interop)
        if not known or known[1] not in interop.long_running_years:
            continue
        start = request.get("authoredOn")
        validity = (request.get("dispenseRequest") or {}).get("validityPeriod") or {}
        start = start or validity.get("start")
        if not isinstance(start, str):
            continue
        try:
            began = date(int(start[:4]), int(start[5:7] or 1), int(start[8:10] or 1))
        except ValueError:
            continue
        years = (today - began).days / 365.25
        if years >= interop.long_running_years[known[1]]:
            found.append(Trigger(known[0], known[1], f"for {int(years)} years"))
    return found


def _monitoring_card(
    trigger: Trigger, knowledge: Knowledge, interop: Interop, context: dict[str, Any]
) -> Card:
    rules = interop.rules.monitoring_card
    months = interop.rules.lookback_months
    medicine = trigger.medicine[:1].upper() + trigger.medicine[1:]
    summary = rules.summary.format(medicine=medicine, why=trigger.why, months=months)
    source = knowledge.references[rules.source_by_class[trigger.drug_class]]
    loinc = rules.order_loinc
    systems = interop.codes.systems
    patient_id = context.get("patientId")
    service_request: Resource = {
        "resourceType": "ServiceRequest",
        "status": "draft",
        "intent": "proposal",
        "code": {
            "coding": [
                {
                    "system": systems.loinc,
                    "code": loinc,
                    "display": interop.codes.loinc.codes[loinc].display,
                }
            ],
            "text": "Serum vitamin B12",
        },
    }
    if isinstance(patient_id, str) and patient_id:
        service_request["subject"] = {"reference": f"Patient/{patient_id}"}
    return {
        "uuid": str(uuid.uuid4()),
        "summary": _short(summary),
        "detail": rules.detail.format(
            medicine_class=trigger.drug_class.replace("_", " "), months=months
        ),
        "indicator": rules.indicator,
        "source": {"label": source.title[:100], "url": source.url},
        "suggestions": [
            {
                "label": rules.suggestion,
                "uuid": str(uuid.uuid4()),
                "isRecommended": True,
                "actions": [
                    {
                        "type": "create",
                        "description": rules.suggestion,
                        "resource": service_request,
                    }
                ],
            }
        ],
        "selectionBehavior": "at-most-one",
        "overrideReasons": [
            {"code": r.code, "system": systems.b12, "display": r.display}
            for r in rules.override_reasons
        ],
    }


def _short(text: str) -> str:
    return text if len(text) <= MAX_SUMMARY else text[: MAX_SUMMARY - 1].rstrip() + "…"
