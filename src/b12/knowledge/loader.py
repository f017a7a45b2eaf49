"""Load and validate the knowledge files once.

The files sit beside this module inside the package, so they ship with every install. The
loader checks what a reviewer would: every source id resolves in the bibliography, every
lab category has a message, every choice's default exists. A broken knowledge file is a
bug in b12, so it raises ``KnowledgeError`` (not a user error).
"""

from __future__ import annotations

import dataclasses
import tomllib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any, TypeVar, cast

from b12.knowledge.citations import citations
from b12.knowledge.models import (
    AbsorptionModel,
    B12BandsRule,
    B12Symptoms,
    Choice,
    ChoiceOption,
    CombinedFact,
    CrampCauses,
    DiaryCaseRules,
    FactThresholds,
    Guideline,
    IntakeTargets,
    LabRule,
    LabTest,
    MedicationClass,
    Medications,
    PlainTerms,
    RangeCheck,
    RangeRule,
    Reference,
    ResultOnlyRule,
    RiskFactors,
    StatusTexts,
    Triage,
    UlnMultipleRule,
    UlnRule,
    parse,
)
from b12.knowledge.plan_models import PlannerKnowledge

T = TypeVar("T")


class KnowledgeError(Exception):
    """The packaged knowledge data is inconsistent (a bug in b12, not in the user's input)."""


@dataclass(frozen=True)
class Knowledge:
    """Everything clinical b12 knows, as validated data. Handed to the core; never global."""

    references: Mapping[str, Reference]
    lab_tests: Mapping[str, LabTest]
    range_check: RangeCheck
    guidelines: Mapping[str, Guideline]
    choices: Mapping[str, Choice]
    default_guideline: str
    status_texts: StatusTexts
    medications: Medications
    risk_factors: RiskFactors
    triage: Triage
    cramp_causes: CrampCauses
    b12_symptoms: B12Symptoms
    plain_terms: PlainTerms
    fact_thresholds: FactThresholds
    combined_facts: tuple[CombinedFact, ...]
    intake_targets: IntakeTargets
    absorption: AbsorptionModel
    diary_case: DiaryCaseRules
    planner: PlannerKnowledge
    _cache: dict[Callable[[Knowledge], Any], Any] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def guideline(self, guideline_id: str | None) -> Guideline:
        """The profile ``guideline_id``; None: the default one."""
        try:
            return self.guidelines[guideline_id or self.default_guideline]
        except KeyError:
            from b12.errors import InputError

            allowed = ", ".join(sorted(self.guidelines))
            raise InputError(
                f"unknown guideline {guideline_id!r}; allowed: {allowed}", field="guideline"
            ) from None

    def choice(self, name: str, selected: Mapping[str, str]) -> ChoiceOption:
        """The option in force for a choice: the user's selection, else the default."""
        choice = self.choices[name]
        return choice.options[selected.get(name, choice.default)]

    def derived(self, build: Callable[[Knowledge], T]) -> T:
        """``build(self)``, built once per knowledge and kept: a lookup table that code
        outside this package derives from it (the compiled triage rules, the cramp evidence
        index). Keyed by the function itself, so each table has one builder and one type."""
        cache = self._cache
        if build not in cache:
            cache[build] = build(self)
        return cast(T, cache[build])

    @cached_property
    def medicine_names(self) -> Mapping[str, tuple[str, MedicationClass]]:
        """Every generic and brand name b12 recognises → (its generic, its class)."""
        table: dict[str, tuple[str, MedicationClass]] = {}
        for cls in self.medications.classes.values():
            for drug in cls.drugs:
                table[drug] = (drug, cls)
            for brand, generic in cls.brands.items():
                table[brand] = (generic, cls)
        return table

    @cached_property
    def source_json(self) -> Mapping[str, dict[str, Any]]:
        """Each reference as a JSON-ready dict. Plain ``asdict``: a reference is flat, and
        pydantic's serializer would be built (and its plugins looked up) in every process
        that prints sources, for the same dicts."""
        return {rid: dataclasses.asdict(ref) for rid, ref in self.references.items()}

    def source_dicts(self, ids: Iterable[str]) -> list[dict[str, Any]]:
        """The bibliography entries for ``ids`` (first mention first) as JSON-ready dicts:
        every report's ``sources`` list is made of these."""
        return [dict(self.source_json[rid]) for rid in dict.fromkeys(ids)]


def _read(name: str) -> dict[str, Any]:
    text = resources.files("b12.knowledge").joinpath(name).read_text(encoding="utf-8")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise KnowledgeError(f"{name}: {exc}") from exc


def _load_lab_tests(raw: dict[str, Any]) -> dict[str, LabTest]:
    """``lab_tests.toml``'s tests, each with its messages from ``lab_messages.toml``."""
    messages = _read("lab_messages.toml")
    tests = {}
    for code, body in raw.items():
        tests[code] = parse(LabTest, {"code": code, "messages": messages.get(code, {}), **body})
    return tests


def _load_guidelines(raw: dict[str, Any]) -> tuple[str, dict[str, Guideline]]:
    """``thresholds.toml``'s guidelines and the default one."""
    guidelines = {
        gid: parse(Guideline, {"id": gid, **body}) for gid, body in raw["guidelines"].items()
    }
    return raw["default_guideline"], guidelines


def _load_choices(raw: dict[str, Any]) -> dict[str, Choice]:
    """``thresholds.toml``'s choices where sources disagree."""
    return {name: parse(Choice, {"name": name, **body}) for name, body in raw["choices"].items()}


def cited_source_ids(knowledge: Knowledge) -> dict[str, list[str]]:
    """Every field that cites sources (typed ``Sources`` or ``OptionalSources``), by path,
    mapped to the ids it cites; found by reflection (b12.knowledge.citations)."""
    return {c.path: c.ids for c in citations(knowledge)}


def _messages_needed(rule: LabRule) -> set[str]:
    """The categories a rule can read, each of which needs its message."""
    match rule:
        case ResultOnlyRule():
            return {"positive", "negative"}
        case B12BandsRule():
            return {"deficiency_confirmed", "indeterminate", "deficiency_unlikely"}
        case RangeRule():
            needed = {"normal"}
            if rule.reads_low:
                needed.add("low")
            if rule.reads_high:
                needed.add("high")
            return needed
        case UlnRule():
            return {"normal", "high"}
        case UlnMultipleRule():
            return {"normal", "high", "rhabdomyolysis_range"}


def validate(knowledge: Knowledge) -> None:
    """Raise KnowledgeError on any dangling source, missing message or bad default."""
    problems: list[str] = []
    for citation in citations(knowledge):
        if citation.required and not citation.ids:
            problems.append(f"{citation.path}: cites no source")
        problems.extend(
            f"{citation.path}: unknown source {sid!r}"
            for sid in citation.ids
            if sid not in knowledge.references
        )
    for code, test in knowledge.lab_tests.items():
        problems.extend(
            f"lab_messages.{code}: no message for {cat!r}"
            for cat in sorted(_messages_needed(test.rule) - set(test.messages))
        )
        choice = getattr(test.rule, "choice", None)
        if choice is not None and choice not in knowledge.choices:
            problems.append(f"lab_tests.{code}: unknown choice {choice!r}")
        if not test.result_only and test.si_unit not in test.units:
            problems.append(f"lab_tests.{code}: SI unit {test.si_unit!r} is not an accepted unit")
    for name, choice in knowledge.choices.items():
        if choice.default not in choice.options:
            problems.append(f"choices.{name}: default {choice.default!r} is not an option")
    problems.extend(
        f"absorption.reference_absorption: unknown intake reference {rid!r}"
        for rid in knowledge.absorption.reference_absorption.assumed
        if rid not in knowledge.intake_targets.references
    )
    problems.extend(
        f"diary_case.lab_window_days_by_test: unknown lab test {code!r}"
        for code in knowledge.diary_case.lab_window_days_by_test
        if code not in knowledge.lab_tests
    )
    names = [n for n, cls in knowledge.medications.classes.items() for n in (n, *cls.aliases)]
    problems.extend(
        f"medications: class name or alias {name!r} is used twice"
        for name, times in Counter(names).items()
        if times > 1
    )
    if knowledge.default_guideline not in knowledge.guidelines:
        problems.append(f"default guideline {knowledge.default_guideline!r} is not defined")
    if problems:
        raise KnowledgeError("knowledge data is inconsistent:\n  " + "\n  ".join(problems))


def _load_medications() -> Medications:
    raw = _read("medications.toml")
    classes = {name: {"name": name, **body} for name, body in raw.pop("classes").items()}
    return parse(Medications, {**raw, "classes": classes})


def _load_risk_factors() -> RiskFactors:
    raw = _read("risk_factors.toml")
    factors = {code: {"code": code, **body} for code, body in raw.pop("factors").items()}
    return parse(RiskFactors, {**raw, "factors": factors})


def _load_cramp_causes() -> CrampCauses:
    raw = _read("cramp_causes.toml")
    causes = {code: {"code": code, **body} for code, body in raw.pop("causes").items()}
    return parse(CrampCauses, {**raw, "causes": causes})


def _load_intake_targets() -> IntakeTargets:
    raw = _read("intake_targets.toml")
    refs = {rid: {"id": rid, **body} for rid, body in raw.pop("references").items()}
    return parse(IntakeTargets, {**raw, "references": refs})


def _load_absorption() -> AbsorptionModel:
    try:
        return parse(AbsorptionModel, _read("absorption.toml"))
    except ValueError as exc:  # pydantic's ValidationError is a ValueError
        raise KnowledgeError(f"absorption.toml: {exc}") from exc


def _load_references() -> dict[str, Reference]:
    refs = [parse(Reference, r) for r in _read("references.toml")["reference"]]
    by_id = {r.id: r for r in refs}
    if len(by_id) != len(refs):
        raise KnowledgeError("references.toml: duplicate reference id")
    return by_id


def _load_combined_facts() -> tuple[CombinedFact, ...]:
    facts = tuple(parse(CombinedFact, f) for f in _read("combined_facts.toml")["fact"])
    twice = sorted(name for name, n in Counter(f.name for f in facts).items() if n > 1)
    if twice:
        raise KnowledgeError(f"combined_facts.toml names a fact twice: {', '.join(twice)}")
    return facts


@lru_cache(maxsize=1)
def load_knowledge() -> Knowledge:
    """The validated knowledge base of this install, loaded once per process: from the
    compiled copy in the user's cache directory when it was made from these very files and
    this code (see ``b12.knowledge.compiled``), else read, validated and compiled anew."""
    from b12.config import get_settings
    from b12.knowledge.compiled import compiled_path, knowledge_key, load_compiled

    key = knowledge_key()
    path = compiled_path(get_settings().cache_dir, key)
    return load_compiled(path, key, build_knowledge, Knowledge)


def build_knowledge() -> Knowledge:
    """The knowledge base read from the TOML files and validated (``KnowledgeError`` if
    the files disagree with each other)."""
    thresholds = _read("thresholds.toml")
    lab_file = _read("lab_tests.toml")
    default_guideline, guidelines = _load_guidelines(thresholds)
    knowledge = Knowledge(
        references=_load_references(),
        lab_tests=_load_lab_tests(lab_file["tests"]),
        range_check=parse(RangeCheck, lab_file["range_check"]),
        guidelines=guidelines,
        choices=_load_choices(thresholds),
        default_guideline=default_guideline,
        status_texts=parse(StatusTexts, _read("b12_status.toml")),
        medications=_load_medications(),
        risk_factors=_load_risk_factors(),
        triage=parse(Triage, _read("red_flags.toml")),
        cramp_causes=_load_cramp_causes(),
        b12_symptoms=parse(B12Symptoms, _read("b12_symptoms.toml")),
        plain_terms=parse(PlainTerms, _read("plain_terms.toml")),
        fact_thresholds=parse(FactThresholds, _read("fact_thresholds.toml")),
        combined_facts=_load_combined_facts(),
        intake_targets=_load_intake_targets(),
        absorption=_load_absorption(),
        diary_case=parse(DiaryCaseRules, _read("diary_case.toml")),
        planner=parse(PlannerKnowledge, _read("planner.toml")),
    )
    validate(knowledge)
    return knowledge
