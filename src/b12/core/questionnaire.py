"""The guided self-check: which question to ask next, given the answers so far.

Pure: it reads and returns plain dicts in the case contract's shape, so the terminal, the
web form and the tests share one flow. It asks only what matters next (no pregnancy
questions for men, no cramp details without cramps, no heat questions without heat or
exertion), and every question accepts "don't know", which leaves the field unknown.
``parse_answer`` reads a typed answer the same way for the terminal and the web form.
"""

from __future__ import annotations

import copy
import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from b12.core.assess import assess
from b12.core.case import Sign, parse_case
from b12.core.scope import MAX_AGE_YEARS, MAX_B12_DOSE_UG, MIN_AGE_YEARS
from b12.core.triage import TriageResult
from b12.errors import InputError
from b12.knowledge import Knowledge

Kind = Literal["number", "choice", "multi", "yes_no", "text_list", "labs"]


@dataclass(frozen=True, slots=True)
class Question:
    key: str
    text: str
    kind: Kind
    options: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    help: str = ""


@dataclass
class Flow:
    """The answers so far (``case``), and which questions were answered or skipped.

    ``pregnancy_question_below_age`` comes from the knowledge base (``start_flow``): women
    younger than this are asked about pregnancy and breastfeeding."""

    pregnancy_question_below_age: float
    renal_conditions: frozenset[str] = frozenset()
    """Conditions read as reduced kidney function (an MMA then needs no eGFR question)."""
    duration_matters: frozenset[str] = frozenset()
    """Medicine names (generic and brand, lower case) whose years of use the check asks."""
    case: dict[str, Any] = field(default_factory=lambda: {"person": {}})
    asked: set[str] = field(default_factory=set)
    examined: bool | None = None  # whether a clinician examined them (then: which signs)


def start_flow(knowledge: Knowledge) -> Flow:
    """A self-check with no answers yet."""
    classes = knowledge.medications.classes
    timed = frozenset(
        name.lower()
        for code in knowledge.risk_factors.duration_asked_for
        for name in (*classes[code].drugs, *classes[code].brands)
    )
    return Flow(
        knowledge.risk_factors.pregnancy_question_below_age,
        knowledge.status_texts.renal_conditions.conditions,
        duration_matters=timed,
    )


SYMPTOM_OPTIONS = (
    "paresthesia", "numbness", "fatigue", "weakness", "balance_problems", "difficulty_walking",
    "falls", "memory_problems", "confusion", "mood_changes", "sore_tongue", "mouth_ulcers",
    "vision_changes", "incontinence", "thirst", "dizziness_on_standing", "dark_urine",
    "muscle_pain", "muscle_swelling", "muscle_stiffness", "palpitations", "perioral_tingling",
    "carpopedal_spasm", "vomiting", "diarrhoea", "cold_intolerance", "weight_gain",
    "constipation", "calf_pain_on_walking", "fainting", "seizure", "chest_pain",
    "breathlessness", "nausea", "reduced_urination", "leg_swelling", "one_sided_leg_swelling",
    "one_sided_leg_pain", "leg_warmth_or_redness", "muscle_tenderness", "muscle_twitching",
    "progressive_weakness", "weight_loss", "difficulty_swallowing", "slurred_speech", "fever",
)  # fmt: skip
SIGN_OPTIONS: tuple[str, ...] = get_args(Sign)  # every examination finding the case takes
CONDITION_OPTIONS = (
    "autoimmune_gastritis", "atrophic_gastritis", "gastrectomy", "bariatric_surgery",
    "ileal_resection", "crohns_disease", "coeliac_disease", "type_1_diabetes",
    "type_2_diabetes", "other_autoimmune_disease", "hypothyroidism", "chronic_kidney_disease",
    "haemodialysis", "cirrhosis", "peripheral_arterial_disease", "heart_disease",
    "heart_failure", "lumbar_spinal_stenosis", "peripheral_neuropathy", "thyroidectomy",
    "diarrhoea_or_vomiting", "family_history_b12_deficiency", "parathyroidectomy",
    "hypoparathyroidism", "hyperthyroidism", "motor_neurone_disease", "active_cancer",
    "previous_venous_thromboembolism", "recent_surgery", "recent_immobility",
)  # fmt: skip


def _person(flow: Flow) -> dict[str, Any]:
    person: dict[str, Any] = flow.case.setdefault("person", {})
    return person


def _cramps(flow: Flow) -> dict[str, Any] | None:
    cramps: dict[str, Any] | None = flow.case.get("cramps")
    return cramps


def _set_person(key: str) -> Callable[[Flow, Any], None]:
    def setter(flow: Flow, value: Any) -> None:
        _person(flow)[key] = value

    return setter


def _set_case(key: str) -> Callable[[Flow, Any], None]:
    def setter(flow: Flow, value: Any) -> None:
        flow.case[key] = value

    return setter


def _set_cramps(key: str) -> Callable[[Flow, Any], None]:
    def setter(flow: Flow, value: Any) -> None:
        cramps = _cramps(flow)
        if cramps is not None:
            cramps[key] = value

    return setter


def _set_has_cramps(flow: Flow, value: Any) -> None:
    if value:
        flow.case["cramps"] = {}


def _set_supplement(flow: Flow, value: Any) -> None:
    _person(flow)["b12_supplement"] = (
        {"frequency": "none"} if value == "none" else {"frequency": value}
    )


def _set_supplement_dose(flow: Flow, value: Any) -> None:
    _person(flow).setdefault("b12_supplement", {})["dose_ug"] = value


_YEARS_TAKEN = re.compile(
    r"^(?P<name>.+?)\s+(?:for\s+)?(?P<years>\d+(?:\.\d+)?)\s*(?:years?|yrs?|y)$", re.I
)


def _set_medications(flow: Flow, value: Any) -> None:
    """Medicine names, each optionally with how long: "metformin 6 years" (then the question
    about years of use is not asked for it)."""
    meds = []
    for text in value:
        m = _YEARS_TAKEN.match(text.strip())
        meds.append({"name": m["name"], "years": float(m["years"])} if m else {"name": text})
    flow.case["medications"] = meds


def _timed_medicine(flow: Flow) -> dict[str, Any] | None:
    """The first medicine named whose risk grows with years of use and whose years are not
    known yet (metformin, a PPI, an H2 blocker)."""
    for med in flow.case.get("medications", []):
        if med.get("name", "").lower() in flow.duration_matters and "years" not in med:
            return med  # type: ignore[no-any-return]
    return None


def _set_medication_years(flow: Flow, value: Any) -> None:
    med = _timed_medicine(flow)
    if med is not None:
        med["years"] = value


def _medication_years_text(flow: Flow) -> str:
    med = _timed_medicine(flow)
    name = med["name"] if med else "it"
    return f"For how many years have you taken {name}? (0.5 for six months)"


def _set_examined(flow: Flow, value: Any) -> None:
    flow.examined = value


def _set_exposures(flow: Flow, value: Any) -> None:
    flow.case["exposures"] = list(value)


def _set_context(key: str) -> Callable[[Flow, Any], None]:
    def setter(flow: Flow, value: Any) -> None:
        flow.case.setdefault("context", {})[key] = value

    return setter


def _heat_or_exertion(flow: Flow) -> bool:
    cramps = _cramps(flow) or {}
    timing = set(cramps.get("timing", []))
    triggers = set(cramps.get("triggers", []))
    return bool(
        timing & {"during_exercise", "after_exercise", "during_physical_work"}
        or triggers & {"exercise", "heat"}
    )


def _may_be_pregnant(flow: Flow) -> bool:
    person = _person(flow)
    age = person.get("age")
    return person.get("sex") == "female" and (
        age is None or age < flow.pregnancy_question_below_age
    )


def _mma_without_kidney_function(flow: Flow) -> bool:
    """Kidney function that was not given is unknown: ask for it when an MMA needs it."""
    tests = {lab.get("test") for lab in flow.case.get("labs") or []}
    renal = flow.renal_conditions & set(flow.case.get("conditions") or [])
    return "mma" in tests and not (tests & {"egfr", "creatinine"}) and not renal


def _add_labs(flow: Flow, value: Any) -> None:
    flow.case.setdefault("labs", []).extend(value)


@dataclass(frozen=True, slots=True)
class _Step:
    question: Question
    applies: Callable[[Flow], bool]
    store: Callable[[Flow, Any], None]
    wording: Callable[[Flow], str] | None = None  # the question's text from the answers so far


def _always(flow: Flow) -> bool:
    return True


_STEPS: tuple[_Step, ...] = (
    _Step(Question("age", "How old are you (years)?", "number", minimum=MIN_AGE_YEARS,
                   maximum=MAX_AGE_YEARS,
                   help=f"b12 follows guidance for people aged {MIN_AGE_YEARS} and over; "
                        "? if you would rather not say."),
          _always, _set_person("age")),
    _Step(Question("sex", "Sex", "choice", ("female", "male")), _always, _set_person("sex")),
    _Step(Question("pregnant", "Are you pregnant?", "yes_no"), _may_be_pregnant,
          _set_person("pregnant")),
    _Step(Question("breastfeeding", "Are you breastfeeding?", "yes_no"), _may_be_pregnant,
          _set_person("breastfeeding")),
    _Step(Question("symptoms", "Which of these do you have now? (numbers, comma-separated)",
                   "multi", SYMPTOM_OPTIONS), _always, _set_case("symptoms")),
    _Step(Question("has_cramps", "Do you have muscle cramps?", "yes_no"), _always,
          _set_has_cramps),
    _Step(Question("cramp_locations", "Where are the cramps?", "multi",
                   ("calf", "foot", "toes", "thigh", "hamstring", "hand", "forearm", "abdomen",
                    "back", "generalised")),
          lambda f: _cramps(f) is not None, _set_cramps("locations")),
    _Step(Question("cramp_bilateral", "Do the cramps come in both legs (or both arms)? "
                   "n if only one side", "yes_no"),
          lambda f: _cramps(f) is not None, _set_cramps("bilateral")),
    _Step(Question("cramp_timing", "When do they come?", "multi",
                   ("night", "rest", "during_exercise", "after_exercise", "walking",
                    "during_physical_work", "during_dialysis", "any_time")),
          lambda f: _cramps(f) is not None, _set_cramps("timing")),
    _Step(Question("cramp_triggers", "What brings them on?", "multi",
                   ("exercise", "heat", "walking", "dialysis", "pregnancy", "cold")),
          lambda f: _cramps(f) is not None, _set_cramps("triggers")),
    _Step(Question("cramp_duration", "How long does a cramp usually last (minutes)?", "number",
                   minimum=0, maximum=10080), lambda f: _cramps(f) is not None,
          _set_cramps("duration_minutes")),
    _Step(Question("cramp_relief", "What eases them?", "multi",
                   ("stretching", "rest", "walking", "standing", "fluids", "electrolytes",
                    "massage")), lambda f: _cramps(f) is not None, _set_cramps("relieved_by")),
    _Step(Question("ambient_temperature", "How hot was it when they came (°C)?", "number",
                   minimum=-60, maximum=60), _heat_or_exertion,
          _set_context("ambient_temperature_c")),
    _Step(Question("heavy_sweating", "Were you sweating heavily?", "yes_no"), _heat_or_exertion,
          _set_context("heavy_sweating")),
    _Step(Question("fluids", "About how much do you drink a day (litres)?", "number",
                   minimum=0, maximum=30), _heat_or_exertion,
          _set_context("fluid_intake_l_per_day")),
    _Step(Question("strenuous_exercise", "Was it strenuous exercise or hard physical work?",
                   "yes_no"), _heat_or_exertion, _set_context("strenuous_exercise")),
    _Step(Question("diet", "Which best describes your diet?", "choice",
                   ("omnivore", "pescatarian", "vegetarian", "vegan")), _always,
          _set_person("diet")),
    _Step(Question("fortified_foods", "Do you eat B12-fortified foods (plant milks, cereals, "
                   "nutritional yeast)?", "choice", ("none", "occasional", "daily")),
          lambda f: _person(f).get("diet") in ("vegan", "vegetarian"),
          _set_person("fortified_foods")),
    _Step(Question("supplement", "Do you take a B12 supplement?", "choice",
                   ("daily", "weekly", "irregular", "none")), _always, _set_supplement),
    _Step(Question("supplement_dose", "What dose (micrograms, ug)?", "number", minimum=0,
                   maximum=MAX_B12_DOSE_UG),
          lambda f: _person(f).get("b12_supplement", {}).get("frequency")
          in ("daily", "weekly", "irregular"),
          _set_supplement_dose),
    _Step(Question("medications", "Which medicines do you take? (generic names, "
                   "comma-separated; none if you take none)", "text_list",
                   help="Add how long if you know it, e.g. metformin 6 years, omeprazole."),
          _always,
          _set_medications),
    _Step(Question("medication_years", "For how many years have you taken it?", "number",
                   minimum=0, maximum=80),
          lambda f: _timed_medicine(f) is not None, _set_medication_years,
          _medication_years_text),
    _Step(Question("conditions", "Do you have any of these conditions?", "multi",
                   CONDITION_OPTIONS), _always, _set_case("conditions")),
    _Step(Question("exposures", "Any of these?", "multi",
                   ("nitrous_oxide", "alcohol_excess", "smoking", "low_sodium_diet",
                    "long_haul_travel")),
          _always, _set_exposures),
    _Step(Question("examined", "Has a doctor or nurse examined you for these symptoms?",
                   "yes_no"), _always, _set_examined),
    _Step(Question("signs", "Which of these did they find? (numbers, comma-separated)",
                   "multi", SIGN_OPTIONS), lambda f: f.examined is True,
          _set_case("signs")),
    _Step(Question("labs", "Any lab results? One per line as TEST=VALUE UNIT "
                   "(e.g. b12_total=250 pg/mL); an empty line to finish.", "labs"),
          _always, _set_case("labs")),
    _Step(Question("kidney_labs", "An MMA result is read against kidney function: do you have "
                   "an eGFR or creatinine result? (TEST=VALUE UNIT, e.g. egfr=85 "
                   "mL/min/{1.73_m2}; an empty line to finish)", "labs"),
          _mma_without_kidney_function, _add_labs),
)  # fmt: skip


def _has(*path: str) -> Callable[[dict[str, Any]], bool]:
    def present(case: dict[str, Any]) -> bool:
        node: Any = case
        for key in path:
            if not isinstance(node, dict) or key not in node:
                return False
            node = node[key]
        return True

    return present


# Which question a field of a prefilled case (the person's record) already answers.
_ANSWERED_BY: dict[str, Callable[[dict[str, Any]], bool]] = {
    "age": _has("person", "age"),
    "sex": _has("person", "sex"),
    "pregnant": _has("person", "pregnant"),
    "breastfeeding": _has("person", "breastfeeding"),
    "symptoms": _has("symptoms"),
    "has_cramps": _has("cramps"),
    "cramp_locations": _has("cramps", "locations"),
    "cramp_timing": _has("cramps", "timing"),
    "cramp_triggers": _has("cramps", "triggers"),
    "cramp_duration": _has("cramps", "duration_minutes"),
    "fluids": _has("context", "fluid_intake_l_per_day"),
    "diet": _has("person", "diet"),
    "fortified_foods": lambda c: (
        _has("person", "fortified_foods")(c) or _has("person", "fortified_foods_ug_per_day")(c)
    ),
    "supplement": _has("person", "b12_supplement"),
    "supplement_dose": _has("person", "b12_supplement", "dose_ug"),
    "medications": _has("medications"),
    "conditions": _has("conditions"),
    "labs": _has("labs"),
}


def start_flow_from(case: dict[str, Any], knowledge: Knowledge) -> Flow:
    """A self-check that starts from what is known (the case built from a person's record):
    the questions that case answers are not asked again."""
    flow = start_flow(knowledge)
    flow.case = copy.deepcopy(case)
    flow.case.setdefault("person", {})
    flow.asked = {key for key, answered in _ANSWERED_BY.items() if answered(flow.case)}
    return flow


def red_flags_now(flow: Flow, knowledge: Knowledge) -> TriageResult | None:
    """The triage of the answers so far when they already raise a red flag (None when not):
    checked after every answer, so a person who reports chest pain hears what to do at once,
    not after the last question."""
    try:
        case = parse_case(flow.case)
    except InputError:
        return None
    result = assess(case, knowledge).triage
    return result if result.red_flags else None


def next_question(flow: Flow) -> Question | None:
    """The next question that applies and has not been asked, or None when done."""
    for step in _STEPS:
        if step.question.key not in flow.asked and step.applies(flow):
            if step.wording is not None:
                return dataclasses.replace(step.question, text=step.wording(flow))
            return step.question
    return None


def questions_left(flow: Flow) -> int:
    """How many questions are likely still to come, the next one included: those the flow
    would ask if every answer from now on were "don't know". An answer can open follow-up
    questions (cramps: where, when, how long), so it is a lower estimate."""
    trial = copy.deepcopy(flow)
    count = 0
    while (question := next_question(trial)) is not None:
        answer(trial, question.key, None)
        count += 1
    return count


def answer(flow: Flow, key: str, value: Any) -> None:
    """Record an answer; ``None`` means "don't know" and leaves the field unknown."""
    step = next(s for s in _STEPS if s.question.key == key)
    flow.asked.add(key)
    if value is not None:
        step.store(flow, value)


# Typed answers (the terminal, and the web form's text) ------------------------------------

DONT_KNOW = {"", "?", "dk", "don't know", "dont know", "unknown"}


def parse_answer(question: Question, text: str) -> Any:
    """The value of a typed answer, None for don't know; InputError says what is allowed."""
    t = text.strip()
    if t.lower() in DONT_KNOW:
        return None
    if question.kind == "number":
        try:
            value = float(t.replace(",", "."))
        except ValueError:
            raise InputError(f"type a number (or ? if you don't know), not {t!r}") from None
        lo, hi = question.minimum, question.maximum
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            raise InputError(f"type a number from {lo:g} to {hi:g}{_help(question)}")
        return value
    if question.kind == "yes_no":
        if t.lower() in ("y", "yes"):
            return True
        if t.lower() in ("n", "no"):
            return False
        raise InputError("answer y (yes), n (no) or ? (don't know)")
    if question.kind == "choice":
        return _pick(question, t, single=True)
    if question.kind == "multi":
        if t.lower() in ("none", "0", "-"):
            return []
        return _pick(question, t, single=False)
    if question.kind == "text_list":
        if t.lower() in ("none", "-"):
            return []
        return [part.strip() for part in t.split(",") if part.strip()]
    raise InputError(f"unexpected question kind {question.kind}")


def _help(question: Question) -> str:
    return f" ({question.help})" if question.help else ""


def _pick(question: Question, text: str, single: bool) -> Any:
    chosen = []
    for part in text.replace(";", ",").split(","):
        p = "_".join(part.strip().lower().replace("-", " ").split())  # as displayed, too
        if not p:
            continue
        if p.isdigit() and 1 <= int(p) <= len(question.options):
            chosen.append(question.options[int(p) - 1])
        elif p in question.options:
            chosen.append(p)
        else:
            raise InputError(
                f"{part.strip()!r} is not one of the options; type numbers 1-"
                f"{len(question.options)} or names, or ? for don't know"
            )
    if single:
        if len(chosen) != 1:
            raise InputError("choose one option")
        return chosen[0]
    return list(dict.fromkeys(chosen))
