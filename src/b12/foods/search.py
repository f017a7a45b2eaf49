"""Query side of food search: tokens, the FTS5 match expression, and spelling correction.

The index stores each food in an FTS5 table with the ``porter`` stemmer (so "clams" finds
"clam" and word order does not matter) and prefix indexes (so the last word may be half
typed). What FTS5 cannot do is forgive a misspelling; for that the index keeps a vocabulary
of the words in food names with their letter trigrams, and a query word that is not in it is
replaced by the closest vocabulary word within a small edit distance.

Everything here is pure; ``index.FoodIndex.search`` runs the SQL.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

_TOKEN = re.compile(r"[^\W_]+")

STOP_WORDS = frozenset({"a", "an", "and", "of", "the", "with", "in", "or", "for", "to", "w"})

# A query naming one of these asks for a dish, so mixed dishes are not pushed down.
DISH_WORDS = frozenset(
    {
        "bowl", "burger", "burrito", "casserole", "cheeseburger", "chili", "chowder", "curry",
        "dinner", "dish", "dumpling", "enchilada", "entree", "fajita", "gumbo", "hamburger",
        "jambalaya", "lasagna", "meal", "meatloaf", "nacho", "omelet", "omelette", "paella",
        "pie", "pizza", "quesadilla", "ravioli", "risotto", "roll", "salad", "sandwich",
        "soup", "spaghetti", "stew", "stir", "sub", "submarine", "sushi", "taco", "tamale",
        "wrap", "fast", "restaurant", "frozen", "mixed", "sauce", "gravy", "broth",
    }
)  # fmt: skip
INFANT_WORDS = frozenset({"baby", "infant", "formula", "toddler", "gerber", "human"})


def fold(text: str) -> str:
    """Lower case without accents, as the FTS5 tokenizer sees it (``remove_diacritics 2``)."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def tokenize(text: str) -> list[str]:
    """The words of ``text`` as FTS5's ``unicode61`` tokenizer splits them."""
    return _TOKEN.findall(fold(text))


def singular(word: str) -> str:
    """A rough singular, enough to recognise "sandwiches" or "tacos" as a dish word."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes", "oes")) and len(word) > 4:
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed search query."""

    terms: tuple[str, ...]
    prefix_last: bool
    wants_dish: bool
    wants_infant: bool
    singulars: frozenset[str]
    """The terms in the singular, as food names are compared with them."""
    fortified: bool = False
    """Only foods with B12 added, richest first ("fortified cereal")."""


def parse_query(text: str) -> Query:
    """Split a query into terms; the last one is a prefix unless the text ends in a space.

    A word typed twice is one term ("milk milk" asks for milk, not for it twice as hard).
    """
    words = tokenize(text)
    terms = tuple(dict.fromkeys(w for w in words if w not in STOP_WORDS)) or tuple(
        dict.fromkeys(words)
    )
    singulars = frozenset(singular(t) for t in terms)
    singles = singulars | set(terms)
    return Query(
        terms=terms,
        prefix_last=bool(terms) and not text[-1:].isspace(),
        wants_dish=bool(singles & DISH_WORDS),
        wants_infant=bool(singles & INFANT_WORDS),
        singulars=singulars,
    )


SHORT_PREFIX = 2
"""A last word this short only matches the start of a name ("ch" → Chicken, Cheese, …)."""


def match_expression(
    terms: Sequence[Sequence[str]], *, prefix_last: bool, any_term: bool = False
) -> str:
    """The FTS5 MATCH string for terms given as alternative spellings.

    Each word is quoted (the porter stemmer still applies to it); alternatives of one term
    are ORed; terms are joined by AND (all must match) or OR (the fallback when no food has
    them all). The last term is a prefix while being typed; a very short one is limited to
    the first part of the name, which keeps "c" or "ch" fast and sensible.
    """
    parts: list[str] = []
    last = len(terms) - 1
    for i, alternatives in enumerate(terms):
        star = "*" if prefix_last and i == last else ""
        words = [f'"{w}"{star}' for w in alternatives]
        if star and all(len(w) <= SHORT_PREFIX for w in alternatives):
            words = [f"head : {w}" for w in words]
        parts.append(words[0] if len(words) == 1 else "(" + " OR ".join(words) + ")")
    return (" OR " if any_term else " AND ").join(parts)


HEAD_BONUS = 2.0
"""Rank bonus (bm25 units) when the query names the whole first part of a food's name:
"egg" → "Egg, whole, boiled" before "Egg omelet or scrambled egg"."""


PHRASE_BONUS = 2.0
"""Rank bonus when a name holds the typed words together in order: "raisin bran" → the
Raisin Bran cereal before a muffin with raisins and bran, "all bran" → ALL-BRAN. Not given
to mixed dishes a query does not ask for ("beef liver" is not liver and onions)."""


def has_phrase(name: str, phrase: str) -> bool:
    """Whether ``name`` holds ``phrase``'s words next to each other, in any order (so the
    order typed still does not matter: "bran raisin" ranks as "raisin bran" does)."""
    wanted = sorted(phrase.split())
    words = tokenize(name)
    n = len(wanted)
    return any(sorted(words[i : i + n]) == wanted for i in range(len(words) - n + 1))


def covers_head(query: Query, head: str, *, last_is_word: bool) -> bool:
    """True when every word of ``head`` (the name up to its first comma) is in the query.

    A half-typed last word covers the head words it begins, unless it is already a whole
    word itself: "egg" names "Egg, whole, raw", not "Eggplant, raw".
    """
    words = head_words(head)
    if not words:
        return False
    full = query.singulars
    last = query.terms[-1] if query.prefix_last and not last_is_word else None
    return all(w in full or (last is not None and w.startswith(last)) for w in words)


@lru_cache(maxsize=16384)
def head_words(head: str) -> tuple[str, ...]:
    """The singular words of a name's first part; a search ranks dozens of names and the
    same few thousand heads come back again and again, so each is split once."""
    return tuple(singular(w) for w in tokenize(head) if w not in STOP_WORDS)


# Spelling correction ------------------------------------------------------------------


RARE_WORD = 3
"""A word fewer foods than this use may be a typo; a near-spelling is searched as well…"""
COMMON_FACTOR = 10
"""…when that near-spelling is used by at least this many times as many foods."""


def max_edits(word: str, *, prefix: bool = False) -> int:
    """How many typing errors we forgive in a word (none in short ones: too many guesses).

    A half-typed word is judged more strictly: "nori" could be the start of anything.
    """
    if prefix:
        return 0 if len(word) <= 4 else 1 if len(word) <= 7 else 2
    return 0 if len(word) <= 3 else 1 if len(word) <= 5 else 2


def trigrams(word: str, *, prefix: bool = False) -> list[str]:
    """Letter trigrams of a word padded with spaces (``"egg"`` → ``" eg", "egg", "gg "``).

    For a word still being typed the end padding is left off: the real word goes on.
    """
    padded = f" {word}" if prefix else f" {word} "
    return sorted({padded[i : i + 3] for i in range(len(padded) - 2)})


def _last_row(a: str, b: str, limit: int) -> list[int] | None:
    """Optimal-string-alignment distances from ``a`` to every prefix of ``b``.

    (Insert, delete, substitute, swap two neighbours.) Returns None as soon as every entry
    must exceed ``limit``, which keeps the common no-match case cheap.
    """
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        ai = a[i - 1]
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            best = prev[j - 1] + (ai != b[j - 1])
            if prev[j] + 1 < best:
                best = prev[j] + 1
            if cur[j - 1] + 1 < best:
                best = cur[j - 1] + 1
            if (
                i > 1
                and j > 1
                and ai == b[j - 2]
                and a[i - 2] == b[j - 1]
                and prev2[j - 2] + 1 < best
            ):
                best = prev2[j - 2] + 1
            cur[j] = best
        if min(cur) > limit:
            return None
        prev2, prev = prev, cur
    return prev


def edit_distance(a: str, b: str, limit: int) -> int:
    """Distance between two words, or ``limit + 1`` once it must exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    row = _last_row(a, b, limit)
    return limit + 1 if row is None else min(row[-1], limit + 1)


def prefix_distance(typed: str, word: str, limit: int) -> int:
    """Distance from a half-typed word to the closest beginning of ``word``."""
    row = _last_row(typed, word, limit)
    if row is None:
        return limit + 1
    low, high = max(1, len(typed) - limit), min(len(word), len(typed) + limit)
    if low > high:
        return limit + 1
    return min(min(row[low : high + 1]), limit + 1)


def best_correction(
    typed: str, candidates: Iterable[tuple[str, int]], *, prefix: bool, limit: int | None = None
) -> str | None:
    """The candidate word closest to ``typed`` (ties: the more frequent word), or None.

    ``candidates`` are (word, number of foods using it), e.g. those sharing trigrams. The
    first letter must match (people rarely mistype it, and it rules out most false friends);
    at most ``limit`` edits (default ``max_edits``) are forgiven.
    """
    if limit is None:
        limit = max_edits(typed, prefix=prefix)
    if limit == 0:
        return None
    best: tuple[int, int, str] | None = None
    for word, df in candidates:
        if word[:1] != typed[:1] or word == typed:
            continue
        if len(word) < len(typed) - limit or (not prefix and len(word) > len(typed) + limit):
            continue
        distance = (
            prefix_distance(typed, word, limit) if prefix else edit_distance(typed, word, limit)
        )
        if distance > limit:
            continue
        key = (distance, -df, word)
        if best is None or key < best:
            best = key
    return best[2] if best else None


def word_forms(word: str) -> tuple[str, ...]:
    """Spellings of ``word`` that count as known: itself, and its plural or singular."""
    forms = {word, word + "s", word + "es", singular(word)}
    if word.endswith("y"):
        forms.add(word[:-1] + "ies")
    return tuple(sorted(forms))
