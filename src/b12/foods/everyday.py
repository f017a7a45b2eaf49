"""The everyday food a plain name means, when several foods match it.

"cheerios" matches Cheerios and Frosted, Fruity and Honey Nut Cheerios; "soy milk" matches
chocolate, sweetened and unsweetened soy milk. A person typing the plain name means the
food whose name has that name as one whole part ("GENERAL MILLS, CHEERIOS"), and among
several such, the one the rest of the name marks as the everyday form ("unsweetened")
rather than a special one ("chocolate"). When no single food stands out, there is no
everyday choice and the person chooses. The words are data (``everyday.toml``).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from functools import cache
from importlib import resources

from b12.foods.model import FoodHit
from b12.foods.search import singular


@cache
def _words() -> tuple[frozenset[str], frozenset[str]]:
    text = resources.files("b12.foods").joinpath("everyday.toml").read_text("utf-8")
    raw = tomllib.loads(text)
    return frozenset(raw["everyday"]), frozenset(raw["special"])


@cache
def _defaults() -> dict[str, str]:
    text = resources.files("b12.foods").joinpath("everyday.toml").read_text("utf-8")
    return dict(tomllib.loads(text).get("default", {}))


def default_id(query: str) -> str | None:
    """The food id ``everyday.toml`` names for this plain name ("eggs", "tofu"), or None."""
    from b12.foods.queries import rewrite

    defaults = _defaults()
    return defaults.get(_key(query)) or defaults.get(_key(rewrite(query).text))


def _tokens(text: str) -> list[str]:
    return [singular(w) for w in re.findall(r"[a-z0-9]+", text.lower())]


def _key(text: str) -> str:
    """Words joined without spaces, singular: "Soy milk" and "soymilks" give "soymilk"."""
    return "".join(_tokens(text))


def everyday_choice(query: str, hits: Sequence[FoodHit]) -> FoodHit | None:
    """The one food among ``hits`` that the plain name ``query`` means, or None."""
    wanted = _key(query)
    if not wanted:
        return None
    wanted_id = default_id(query)
    for hit in hits:
        if hit.id == wanted_id:
            return hit
    exact = []
    for hit in hits:
        parts = [p.strip() for p in hit.name.split(",")]
        keys = [_key(p) for p in parts]
        if wanted in keys:
            rest = [t for p, k in zip(parts, keys, strict=True) if k != wanted for t in _tokens(p)]
            exact.append((hit, rest))
    if len(exact) == 1:
        return exact[0][0]
    everyday, special = _words()
    scored = sorted(
        ((sum(t in everyday for t in rest) - sum(t in special for t in rest), hit)
         for hit, rest in exact),
        key=lambda pair: -pair[0],
    )  # fmt: skip
    if len(scored) >= 2 and scored[0][0] > scored[1][0]:
        return scored[0][1]
    return None
