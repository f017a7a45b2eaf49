"""Which foods a diet allows, from food groups and descriptions (rules in ``diets.toml``).

The rules are data, with a comment on each, so they can be read and argued about without
reading code; this module only applies them in the order the TOML file describes. Every
decision carries a reason, which ``foods top`` can show and tests can check.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from b12.errors import InputError
from b12.foods.kinds import Kind, classify
from b12.foods.search import tokenize

DIETS: tuple[str, ...] = ("omnivore", "pescatarian", "vegetarian", "vegan")


@dataclass(frozen=True, slots=True)
class Eligibility:
    allowed: bool
    reason: str


@dataclass(frozen=True, slots=True)
class _Words:
    """Whole words (and their plurals) and multi-word phrases, each with the list it is from."""

    single: dict[str, str]
    phrases: tuple[tuple[str, str], ...]

    def find(self, tokens: set[str], text: str) -> tuple[str, str] | None:
        """The first (word, list name) present in a normalised description."""
        for token in tokens:
            if token in self.single:
                return token, self.single[token]
        for phrase, origin in self.phrases:
            if f" {phrase} " in text:
                return phrase, origin
        return None


@dataclass(frozen=True, slots=True)
class _GroupSet:
    """Group codes qualified by source ("sr28:1300"), with ranges ("fndds:3002-3899")."""

    codes: frozenset[str]
    ranges: tuple[tuple[str, int, int], ...]

    def has(self, source: str, code: str) -> bool:
        if f"{source}:{code}" in self.codes:
            return True
        if code.isdigit():
            n = int(code)
            return any(s == source and low <= n <= high for s, low, high in self.ranges)
        return False


@dataclass(frozen=True, slots=True)
class Diet:
    name: str
    description: str
    accept: _Words
    accept_groups: _GroupSet
    exclude_groups: _GroupSet
    exclude_words: _Words
    uncertain_groups: _GroupSet
    reassure: _Words


@dataclass(frozen=True, slots=True)
class Rules:
    diets: dict[str, Diet]
    not_animal: tuple[str, ...]


def _normalise(text: str) -> str:
    return " " + " ".join(tokenize(text)) + " "


def _forms(word: str) -> set[str]:
    forms = {word, word + "s", word + "es"}
    if word.endswith("y"):
        forms.add(word[:-1] + "ies")
    return forms


def _words(entries: list[tuple[str, str]]) -> _Words:
    single: dict[str, str] = {}
    phrases: list[tuple[str, str]] = []
    for entry, origin in entries:
        norm = _normalise(entry).strip()
        if " " in norm:
            for form in sorted(_forms(norm)):
                phrases.append((form, origin))
        else:
            for form in _forms(norm):
                single.setdefault(form, origin)
    return _Words(single, tuple(phrases))


def _groups(entries: list[str]) -> _GroupSet:
    codes: set[str] = set()
    ranges: list[tuple[str, int, int]] = []
    for entry in entries:
        source, colon, code = entry.partition(":")
        if not colon or source not in ("sr28", "fndds"):
            raise ValueError(f"diets.toml: group {entry!r} must start with sr28: or fndds:")
        low, dash, high = code.partition("-")
        if dash:
            ranges.append((source, int(low), int(high)))
        else:
            codes.add(entry)
    return _GroupSet(frozenset(codes), tuple(ranges))


@cache
def load_rules() -> Rules:
    """The rules of ``diets.toml`` (read once per process)."""
    raw = tomllib.loads(resources.files("b12.foods").joinpath("diets.toml").read_text("utf-8"))
    lists: dict[str, list[str]] = raw["words"]
    diets: dict[str, Diet] = {}
    for name, d in raw["diets"].items():
        excluded = [(w, origin) for origin in d["exclude_words"] for w in lists[origin]]
        reassure = [(w, "reassure") for w in d["reassure"]]
        reassure += [(w, origin) for origin in d.get("reassure_lists", []) for w in lists[origin]]
        diets[name] = Diet(
            name=name,
            description=d["description"],
            accept=_words([(w, "accept") for w in d["accept"]]),
            accept_groups=_groups(d["accept_groups"]),
            exclude_groups=_groups(d["exclude_groups"]),
            exclude_words=_words(excluded),
            uncertain_groups=_groups(d["uncertain_groups"]),
            reassure=_words(reassure),
        )
    phrases = tuple(
        sorted((_normalise(p).strip() for p in raw["phrases"]["not_animal"]), key=len, reverse=True)
    )
    return Rules(diets, phrases)


def diet_by_name(name: str) -> Diet:
    rules = load_rules()
    try:
        return rules.diets[name.strip().lower()]
    except KeyError:
        raise InputError(
            f"unknown diet {name!r}; use one of: {', '.join(DIETS)}", field="diet"
        ) from None


def eligibility(
    diet: str | Diet, *, name: str, source: str, group_code: str, group_name: str = ""
) -> Eligibility:
    """Whether a food fits ``diet``, and why.

    ``name`` is its main description; ``source`` and ``group_code`` say which food group
    (SR28) or WWEIA category (FNDDS) it is in.
    """
    rules = load_rules()
    d = diet if isinstance(diet, Diet) else diet_by_name(diet)
    text = _normalise(name)
    tokens = set(text.split())
    group = group_name or group_code
    found = d.accept.find(tokens, text)
    if found:
        return Eligibility(True, f"described as {found[0]}")
    if d.accept_groups.has(source, group_code):
        return Eligibility(True, f"group '{group}' is {d.name}")
    if d.exclude_groups.has(source, group_code):
        return Eligibility(False, f"group '{group}' is not {d.name}")
    cleaned = text
    for phrase in rules.not_animal:
        if phrase.split(" ", 1)[0] in tokens:
            cleaned = cleaned.replace(f" {phrase} ", " ")
    cleaned_tokens = set(cleaned.split())
    found = d.exclude_words.find(cleaned_tokens, cleaned)
    if found:
        word, origin = found
        return Eligibility(False, f"'{word}' ({origin.replace('_', ' ')}) is not {d.name}")
    if d.uncertain_groups.has(source, group_code):
        found = d.reassure.find(cleaned_tokens, cleaned)
        if found:
            return Eligibility(True, f"'{found[0]}' in a mixed-food group")
        return Eligibility(
            False,
            f"group '{group}' often holds animal foods the description does not name",
        )
    return Eligibility(True, "nothing in group or description excludes it")


def for_adults(source: str, group_code: str) -> bool:
    """False for infant foods (as ``foods.kinds`` classes them), which ``foods top`` leaves
    out whatever the diet."""
    return classify(source, group_code) is not Kind.INFANT
