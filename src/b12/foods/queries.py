"""What people type, read before it is searched: synonyms, qualifiers, form words, notes.

"nori" is searched as "seaweed laver", "fortified cereal" as cereals with B12 added,
"salmon fillet" as salmon, "milk 2%" as "2% milk"; "nutritional yeast" carries a note that
the USDA files have no such food. The word lists are data (``queries.toml``); compound
words ("cornflakes", "soy milk") are split or joined against the index's vocabulary in
``index.FoodIndex`` with ``compound_splits``/``joined``. Everything here is pure.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources

from b12.foods.search import fold


@dataclass(frozen=True, slots=True)
class QueryWords:
    synonyms: Mapping[str, str]
    qualifiers: Mapping[str, str]
    forms: frozenset[str]
    missing: Mapping[str, str]


@cache
def words() -> QueryWords:
    text = resources.files("b12.foods").joinpath("queries.toml").read_text("utf-8")
    raw = tomllib.loads(text)
    return QueryWords(
        synonyms=dict(raw["synonyms"]),
        qualifiers=dict(raw["qualifiers"]),
        forms=frozenset(raw["forms"]["words"]),
        missing=dict(raw["missing"]),
    )


@dataclass(frozen=True, slots=True)
class Rewritten:
    """A query as it is searched."""

    text: str
    fortified: bool = False
    """Only foods with B12 added, richest first."""
    note: str | None = None
    """What the USDA files lack, when the query names such a food."""


_WORD = re.compile(r"[^\W_]+%?|%")


def _words(text: str) -> list[str]:
    """Lower-case words, "2%" and "2 %" kept as one word, apostrophes dropped."""
    cleaned = re.sub(r"(\d)\s+%", r"\1%", fold(text).replace("'", "").replace("\u2019", ""))
    return _WORD.findall(cleaned)


def _replace_phrases(tokens: list[str], table: Mapping[str, str]) -> list[str]:
    """Replace the longest run of words found in ``table`` (whole words only)."""
    out: list[str] = []
    i = 0
    longest = max((len(k.split()) for k in table), default=0)
    while i < len(tokens):
        for n in range(min(longest, len(tokens) - i), 0, -1):
            phrase = " ".join(tokens[i : i + n])
            if phrase in table:
                out.extend(table[phrase].split())
                i += n
                break
        else:
            out.append(tokens[i])
            i += 1
    return out


def missing_note(text: str) -> str | None:
    """The note for a food the USDA files do not have ("nutritional yeast"), or None."""
    tokens = " ".join(_words(text))
    for phrase, note in words().missing.items():
        if re.search(rf"(?:^| ){re.escape(phrase)}(?:$| )", tokens):
            return note
    return None


def rewrite(text: str) -> Rewritten:
    """The query as it is searched: synonyms replaced, qualifiers and form words taken out
    (while other words remain), and a fat percentage put first ("milk 2%" → "2% milk", so
    the last word, searched as a prefix, is a name word). A trailing space is kept: it says
    the last word is finished."""
    table = words()
    tokens = _replace_phrases(_words(text), table.synonyms)
    fortified = any(table.qualifiers.get(t) == "b12_added" for t in tokens)
    kept = [t for t in tokens if t not in table.qualifiers]
    named = [t for t in kept if t not in table.forms]
    kept = named or kept
    percents = [t for t in kept if t.endswith("%")]
    others = [t for t in kept if not t.endswith("%")]
    if not kept and fortified:
        others = []
    tail = " " if text[-1:].isspace() or (others == [] and percents) else ""
    rebuilt = " ".join([*percents, *others]) + tail
    return Rewritten(text=rebuilt, fortified=fortified, note=missing_note(text))


MIN_PART = 3
"""A compound word splits only into parts at least this long ("cornflakes" → corn flakes)."""


def compound_splits(word: str, frequency: Callable[[str], int], *, least: int = 3) -> str | None:
    """The best split of an unknown ``word`` into two known words ("cornflakes" →
    "corn flakes"), each used by at least ``least`` foods; the split whose rarer part is
    the most common wins. None when there is no such split."""
    best: tuple[int, str] | None = None
    for i in range(MIN_PART, len(word) - MIN_PART + 1):
        left, right = word[:i], word[i:]
        df = min(frequency(left), frequency(right))
        if df >= least and (best is None or df > best[0]):
            best = (df, f"{left} {right}")
    return best[1] if best else None


def joined(first: str, second: str, frequency: Callable[[str], int]) -> str | None:
    """``first + second`` when that is a known word ("soy" "milk" → "soymilk"), else None."""
    word = first + second
    if len(first) < 2 or len(second) < 2 or not word.isalpha():
        return None
    return word if frequency(word) > 0 else None
