"""The food index as the rest of the app uses it: search, get one food, best sources.

``FoodIndex(path)`` opens the SQLite file built by ``importer.import_sources`` read-only.
A missing index is a ``DataMissingError`` that says how to build it; an unknown id is a
``NotFoundError`` naming the id.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from types import TracebackType

from b12.errors import InputError, NotFoundError
from b12.foods import kinds, queries
from b12.foods import search as fts
from b12.foods.everyday import default_id
from b12.foods.model import Food, FoodHit, Portion, SourceStatus
from b12.foods.nutrients import NUTRIENT_CODES, nutrient_by_code
from b12.foods.schema import BM25_WEIGHTS, open_for_reading
from b12.foods.top import Candidate, TopEntry, check_per, rank

MAX_LIMIT = 200
CANDIDATES = 300
SEARCH_CACHE_SIZE = 2048
"""Searches remembered per open index. The index never changes while it is open (an import
writes a new file, which ``web.food_access`` reopens), so a remembered answer stays right;
search-as-you-type asks for the same few prefixes again and again."""


class FoodIndex:
    """Read access to the imported foods."""

    def __init__(self, path: Path, *, remembered_searches: int = SEARCH_CACHE_SIZE) -> None:
        self.path = path
        self._conn = open_for_reading(path)
        self._search_parsed = lru_cache(maxsize=remembered_searches)(self._search_parsed_uncached)

    @classmethod
    def from_settings(cls) -> FoodIndex:
        """The index at ``settings.food_index_path`` (in ``B12_HOME``)."""
        from b12.config import get_settings

        return cls(get_settings().food_index_path)

    def close(self) -> None:
        self._search_parsed.cache_clear()
        self._conn.close()

    def __enter__(self) -> FoodIndex:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # Search ----------------------------------------------------------------------------

    def search(self, query: str, limit: int = 10) -> list[FoodHit]:
        """Foods matching ``query``, best first.

        Word order does not matter, plurals match singulars, the last word may be a prefix,
        and a word in no food name is replaced by the closest one that is (a very rare word
        is also tried with its common near-spelling). Basic raw or cooked foods rank before
        mixed dishes unless the query names a dish.
        """
        if not 1 <= limit <= MAX_LIMIT:
            raise InputError(f"limit must be between 1 and {MAX_LIMIT}", field="limit")
        rewritten = queries.rewrite(query)
        parsed = fts.parse_query(rewritten.text)
        if not parsed.terms:
            return []
        if rewritten.fortified:
            parsed = replace(parsed, fortified=True)
        hits = list(self._search_parsed(parsed, limit))
        wanted = None if rewritten.fortified else default_id(rewritten.text)
        if wanted is not None and (not hits or hits[0].id != wanted):
            first = [h for h in hits if h.id == wanted] or self._hit(wanted)
            hits = (first + [h for h in hits if h.id != wanted])[:limit]
        return hits

    def _hit(self, food_id: str) -> list[FoodHit]:
        """The search hit for one id (none if the index lacks it)."""
        row = self._conn.execute(
            "SELECT id, name, source, group_name, b12, b12_added FROM foods WHERE id = ?",
            (food_id,),
        ).fetchone()
        return [] if row is None else [FoodHit(*row)]

    def _near_words(self, term: str, *, prefix: bool, limit: int) -> list[tuple[str, int]]:
        """Vocabulary words sharing the most letter trigrams with ``term``, with how many
        foods each is in: the candidates a misspelling is corrected to."""
        grams = fts.trigrams(term, prefix=prefix)
        marks = ",".join("?" * len(grams))
        rows = self._conn.execute(
            "SELECT g.word, v.df FROM vocab_grams g JOIN vocab v ON v.word = g.word "
            f"WHERE g.gram IN ({marks}) GROUP BY g.word "
            f"ORDER BY COUNT(*) DESC, v.df DESC LIMIT {int(limit)}",
            grams,
        ).fetchall()
        return [(str(word), int(df)) for word, df in rows]

    def suggestion(self, query: str) -> str | None:
        """A query that finds something when ``query`` found nothing ("did you mean"): each
        unknown word replaced by the closest known word, forgiving one more typing error
        than search does. None when there is nothing better to offer."""
        parsed = fts.parse_query(queries.rewrite(query).text)
        out: list[str] = []
        changed = False
        for term in parsed.terms:
            if self._frequency(term, prefix=False) > 0:
                out.append(term)
                continue
            candidates = self._near_words(term, prefix=False, limit=80)
            fixed = fts.best_correction(
                term, candidates, prefix=False, limit=fts.max_edits(term) + 1
            )
            out.append(fixed or term)
            changed = changed or fixed is not None
        if not changed:
            return None
        text = " ".join(out)
        return text if self.search(text + " ", limit=1) else None

    def _search_parsed_uncached(self, parsed: fts.Query, limit: int) -> tuple[FoodHit, ...]:
        terms = self._spellings(parsed)
        hits = self._ranked(terms, parsed, limit, any_term=False)
        if not hits and len(terms) > 1:
            hits = self._ranked(terms, parsed, limit, any_term=True)
        return tuple(hits)

    def _ranked(
        self,
        terms: tuple[tuple[str, ...], ...],
        parsed: fts.Query,
        limit: int,
        *,
        any_term: bool,
    ) -> list[FoodHit]:
        """Two steps: FTS5 picks the best ``CANDIDATES`` by bm25 alone (cheap), then the
        static prior, the dish/infant penalties and the head bonus order those."""
        expression = fts.match_expression(terms, prefix_last=parsed.prefix_last, any_term=any_term)
        fortified = " WHERE f.b12_added > 0" if parsed.fortified else ""
        dish = 0.0 if parsed.wants_dish else kinds.DISH_PENALTY
        infant = 0.0 if parsed.wants_infant else kinds.INFANT_PENALTY
        weights = ", ".join(str(w) for w in BM25_WEIGHTS)
        rows = self._conn.execute(
            "WITH hits AS (SELECT rowid AS pk, "
            f"bm25(food_fts, {weights}) AS s FROM food_fts WHERE food_fts MATCH ? "
            "ORDER BY s LIMIT ?) "
            "SELECT f.id, f.name, f.source, f.group_name, f.b12, f.b12_added, f.head, "
            "hits.s + f.prior + CASE f.kind WHEN 'dish' THEN ? WHEN 'infant' THEN ? "
            "ELSE 0 END AS score, f.kind "
            f"FROM hits JOIN foods f ON f.pk = hits.pk{fortified} ORDER BY score LIMIT ?",
            (expression, CANDIDATES, dish, infant, max(limit * 4, 40)),
        ).fetchall()
        last_is_word = self._frequency(parsed.terms[-1], prefix=False) > 0
        bonus = fts.HEAD_BONUS
        phrase = " ".join(parsed.terms) if len(parsed.terms) > 1 else None
        scored = sorted(
            (
                r[7]
                - (bonus if fts.covers_head(parsed, r[6], last_is_word=last_is_word) else 0.0)
                - (
                    fts.PHRASE_BONUS
                    if phrase
                    and (parsed.wants_dish or r[8] != "dish")
                    and fts.has_phrase(r[1], phrase)
                    else 0.0
                ),
                len(r[1]),
                r[0],
                r,
            )
            for r in rows
        )
        if parsed.fortified:  # a B12 source is asked for: the richest first
            scored.sort(key=lambda s: (-(s[3][4] or 0.0), s[0]))
        return [FoodHit(r[0], r[1], r[2], r[3], r[4], r[5]) for *_, r in scored[:limit]]

    def _spellings(self, parsed: fts.Query) -> tuple[tuple[str, ...], ...]:
        """Each query word with the spellings to search for it.

        A word in no food name is replaced by the closest word that is; a word only a couple
        of foods use (often itself a typo in the source, like "chedar") is searched together
        with a far more common near-spelling ("cheddar").
        """
        out: list[tuple[str, ...]] = []
        last = len(parsed.terms) - 1
        skip = False
        for i, term in enumerate(parsed.terms):
            if skip:  # the second half of a word joined with the one before
                skip = False
                continue
            prefix = parsed.prefix_last and i == last
            if i < last and (word := queries.joined(term, parsed.terms[i + 1], self._known)):
                out.append((f"{term} {parsed.terms[i + 1]}", word))  # "soy milk": Soymilk
                skip = True
                continue
            split = queries.compound_splits(term, self._known, least=fts.RARE_WORD)
            if fts.max_edits(term, prefix=prefix) == 0 and fts.max_edits(term) == 0:
                out.append((term,))
                continue
            known = self._frequency(term, prefix=prefix)
            if split is not None:  # "cornflakes": Corn Flakes; "soymilk": Soy milk too
                out.append((term, split) if known else (split,))
                continue
            if known >= fts.RARE_WORD:
                out.append((term,))
                continue
            candidates = self._near_words(term, prefix=prefix, limit=40)
            if known:
                # A rare word that exists: also search a far more common word one edit away.
                common = [(w, df) for w, df in candidates if df >= fts.COMMON_FACTOR * known]
                fixed = fts.best_correction(term, common, prefix=False, limit=1)
                out.append((term, fixed) if fixed else (term,))
            else:
                fixed = fts.best_correction(term, candidates, prefix=prefix)
                if fixed is None and prefix:  # "mlik": no word starts so; a whole-word typo
                    fixed = fts.best_correction(term, candidates, prefix=False)
                out.append((fixed or term,))
        return tuple(out)

    def _known(self, word: str) -> int:
        """How many foods use ``word`` or its plural or singular."""
        return self._frequency(word, prefix=False)

    def _frequency(self, term: str, *, prefix: bool) -> int:
        """How many foods use ``term`` (any word starting with it, for a prefix)."""
        if prefix:
            row = self._conn.execute(
                "SELECT COALESCE(SUM(df), 0) FROM (SELECT df FROM vocab "
                "WHERE word >= ? AND word < ? LIMIT 50)",
                (term, term + "\U0010ffff"),
            ).fetchone()
        else:
            forms = fts.word_forms(term)
            marks = ",".join("?" * len(forms))
            row = self._conn.execute(
                f"SELECT COALESCE(SUM(df), 0) FROM vocab WHERE word IN ({marks})", forms
            ).fetchone()
        return int(row[0])

    # One food --------------------------------------------------------------------------

    def get(self, food_id: str) -> Food:
        """The food with this id (``sr28:13327``, ``fndds:11111000``)."""
        key = food_id.strip().lower()
        row = self._conn.execute(
            "SELECT pk, id, name, source, group_name, group_code, synonyms FROM foods WHERE id = ?",
            (key,),
        ).fetchone()
        if row is None:
            source = key.partition(":")[0]
            if ":" not in key or source not in ("sr28", "fndds"):
                raise NotFoundError(
                    f"{food_id!r} is not a food id; ids look like sr28:13327 (5-digit NDB "
                    "number) or fndds:11111000 (8-digit food code); find one with "
                    "`b12 foods search`",
                    field="id",
                )
            raise NotFoundError(
                f"no food {food_id!r} in the index; find ids with `b12 foods search`",
                field="id",
            )
        pk = row[0]
        values = dict(
            self._conn.execute(
                "SELECT nutrient, value FROM nutrient_values WHERE food = ?", (pk,)
            ).fetchall()
        )
        portions = tuple(
            Portion(description=r[0], grams=r[1], amount=r[2], measure=r[3], seq=r[4])
            for r in self._conn.execute(
                "SELECT description, grams, amount, measure, seq FROM portions "
                "WHERE food = ? ORDER BY seq, rowid",
                (pk,),
            )
        )
        return Food(
            id=row[1],
            name=row[2],
            source=row[3],
            group=row[4],
            group_code=row[5],
            nutrients={code: values.get(code) for code in NUTRIENT_CODES},
            portions=portions,
            synonyms=tuple(s for s in row[6].split("; ") if s),
        )

    # Best sources ----------------------------------------------------------------------

    def top(
        self,
        nutrient: str = "b12",
        *,
        diet: str = "omnivore",
        per: str = "100g",
        limit: int = 20,
        b12_daily_ug: float | None = None,
    ) -> list[TopEntry]:
        """The best sources of ``nutrient`` that ``diet`` allows (see ``b12.foods.top``)."""
        code = nutrient_by_code(nutrient).code
        basis = check_per(per)
        return rank(
            self.candidates(code, with_portions=basis == "serving"),
            nutrient=code,
            diet=diet,
            per=basis,
            limit=limit,
            b12_daily_ug=b12_daily_ug,
        )

    def candidates(self, nutrient: str, *, with_portions: bool = False) -> list[Candidate]:
        """Every food that reports ``nutrient``, with what ranking needs."""
        rows = self._conn.execute(
            "SELECT f.pk, f.id, f.name, f.source, f.group_name, f.group_code, v.value, "
            "f.b12, f.b12_added, e.value FROM nutrient_values v "
            "JOIN foods f ON f.pk = v.food "
            "LEFT JOIN nutrient_values e ON e.food = f.pk AND e.nutrient = 'energy' "
            "WHERE v.nutrient = ?",
            (nutrient,),
        ).fetchall()
        portions: dict[int, list[Portion]] = {}
        if with_portions:
            for r in self._conn.execute(
                "SELECT food, description, grams, amount, measure, seq FROM portions "
                "ORDER BY food, seq, rowid"
            ):
                portions.setdefault(r[0], []).append(Portion(r[1], r[2], r[3], r[4], r[5]))
        return [
            Candidate(
                id=r[1], name=r[2], source=r[3], group=r[4], group_code=r[5], value=r[6],
                b12=r[7], b12_added=r[8], energy=r[9], portions=tuple(portions.get(r[0], ())),
            )
            for r in rows
        ]  # fmt: skip

    def all_foods(self, nutrients: tuple[str, ...]) -> list[Food]:
        """Every food with the ``nutrients`` named (others left out, not set to 0) and its
        portions, in three queries: the meal planner reads the whole index at once, and
        ``get`` per food would take a query per food."""
        wanted = [nutrient_by_code(n).code for n in nutrients]
        marks = ",".join("?" * len(wanted))
        values: dict[int, dict[str, float]] = {}
        for pk, code, value in self._conn.execute(
            f"SELECT food, nutrient, value FROM nutrient_values WHERE nutrient IN ({marks})",
            wanted,
        ):
            values.setdefault(pk, {})[code] = value
        portions: dict[int, list[Portion]] = {}
        for r in self._conn.execute(
            "SELECT food, description, grams, amount, measure, seq FROM portions "
            "ORDER BY food, seq, rowid"
        ):
            portions.setdefault(r[0], []).append(Portion(r[1], r[2], r[3], r[4], r[5]))
        out = []
        for pk, fid, name, source, group, group_code, synonyms in self._conn.execute(
            "SELECT pk, id, name, source, group_name, group_code, synonyms FROM foods ORDER BY pk"
        ):
            known = values.get(pk, {})
            out.append(
                Food(
                    id=fid,
                    name=name,
                    source=source,
                    group=group,
                    group_code=group_code,
                    nutrients={code: known.get(code) for code in NUTRIENT_CODES},
                    portions=tuple(portions.get(pk, ())),
                    synonyms=tuple(s for s in synonyms.split("; ") if s),
                )
            )
        return out

    # Status ----------------------------------------------------------------------------

    def status(self) -> list[SourceStatus]:
        """What has been imported, from which release and folder."""
        return read_status(self._conn)


def read_status(conn: sqlite3.Connection) -> list[SourceStatus]:
    rows = conn.execute(
        "SELECT source, release, release_date, directory, imported_at, foods, "
        "nutrient_values, portions, seconds, files FROM sources ORDER BY source DESC"
    ).fetchall()
    return [
        SourceStatus(
            source=r[0],
            release=r[1],
            release_date=r[2],
            directory=r[3],
            imported_at=r[4],
            foods=r[5],
            nutrient_values=r[6],
            portions=r[7],
            seconds=r[8],
            files=json.loads(r[9]),
        )
        for r in rows
    ]
