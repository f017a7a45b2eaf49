"""The screening query, written once for both engines.

``cohort_raw`` is the source as the engine reads it (its own column names); ``people``
renames and types the mapped columns, leaving an impossible lab value unread; ``screened``
reads each person's B12 band, MMA, kidney function, age band and medicine classes; the
aggregate counts every split in one pass with GROUPING SETS. Weights are summed as
DECIMAL(18,6): an exact sum, the same whatever order an engine adds the rows in, so DuckDB
and Spark give the same weighted prevalences to the last digit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from b12.cohort.fields import LAB_FIELDS, SEX_CODES, Column
from b12.cohort.grouping import Grouping, age_band_sql
from b12.cohort.rules import Rules, medication_class
from b12.cohort.status_table import BANDS

RAW = "cohort_raw"
STATUS = "cohort_status"
WEIGHT = "DECIMAL(18,6)"


@dataclass(frozen=True)
class Query:
    rules: Rules
    columns: tuple[Column, ...]
    grouping: Grouping

    @property
    def fields(self) -> dict[str, Column]:
        return {c.field: c for c in self.columns}

    @property
    def labs(self) -> list[str]:
        return [code for code in LAB_FIELDS if code in self.fields]

    @property
    def weighted(self) -> bool:
        return "weight" in self.fields

    def _raw(self, name: str) -> str:
        return self.rules.dialect.ident(self.fields[name].column)

    def sex_sql(self) -> str:
        d = self.rules.dialect
        whens = " ".join(f"WHEN {d.string(k)} THEN {d.string(v)}" for k, v in SEX_CODES.items())
        return f"CASE lower(trim(CAST({self._raw('sex')} AS STRING))) {whens} END"

    def bad_sex_sql(self, limit: int = 5) -> str:
        """Sex values the screen cannot read (checked before the screen runs)."""
        d = self.rules.dialect
        raw = f"CAST({self._raw('sex')} AS STRING)"
        return (
            f"SELECT DISTINCT {raw} FROM {RAW} WHERE {raw} IS NOT NULL AND trim({raw}) <> '' "
            f"AND lower(trim({raw})) NOT IN ({', '.join(d.string(k) for k in SEX_CODES)}) "
            f"LIMIT {limit}"
        )

    def people_sql(self) -> str:
        rules, fields = self.rules, self.fields
        select = [
            f"CAST({self._raw('person_id')} AS STRING) AS person_id"
            if "person_id" in fields
            else "CAST(NULL AS STRING) AS person_id"
        ]
        for code in self.labs:
            value = f"CAST({self._raw(code)} AS DOUBLE)"
            possible = rules.possible(code, value)
            select.append(f"{possible} AS {code}")
            select.append(
                f"CASE WHEN {value} IS NOT NULL AND ({possible}) IS NULL THEN 1 ELSE 0 END "
                f"AS bad_{code}"
            )
        select.append(
            f"CAST({self._raw('age')} AS DOUBLE) AS age"
            if "age" in fields
            else "CAST(NULL AS DOUBLE) AS age"
        )
        select.append(
            f"{self.sex_sql()} AS sex" if "sex" in fields else "CAST(NULL AS STRING) AS sex"
        )
        select.append(
            f"CAST(CAST({self._raw('weight')} AS DOUBLE) AS {WEIGHT}) AS w"
            if self.weighted
            else f"CAST(NULL AS {WEIGHT}) AS w"
        )
        if "drug" in fields:
            drug = f"CAST({self._raw('drug')} AS STRING)"
            select.append(f"{drug} AS drug")
            select.append(f"{rules.drug_names(drug)} AS drug_names")
        return f"SELECT {', '.join(select)} FROM {RAW}"

    def screened_sql(self) -> str:
        rules, labs = self.rules, self.labs
        cats = {
            code: rules.b12_category(code, code)
            for code in ("b12_total", "b12_active")
            if code in labs
        }
        category = rules.decisive_category(cats.get("b12_total"), cats.get("b12_active"))
        select = ["person_id", "age", "sex", "w", *labs, *(f"bad_{c}" for c in labs)]
        if self.grouping.age_edges:
            d = rules.dialect
            select.append(f"{age_band_sql('age', self.grouping.age_edges, d)} AS age_band")
        for f in self.grouping.fields:
            if f.class_code is not None:
                _, cls = medication_class(f.class_code, rules.knowledge)
                select.append(f"{rules.class_flag(cls, 'drug_names', 'drug')} AS {f.column}")
        select.append(f"{category} AS category")
        select.append(
            f"{rules.mma_high('mma')} AS mma_raised"
            if "mma" in labs
            else "CAST(NULL AS BOOLEAN) AS mma_raised"
        )
        select.append(
            f"{rules.range_high('homocysteine', 'homocysteine', 'sex')} AS hcy_raised"
            if "homocysteine" in labs
            else "CAST(NULL AS BOOLEAN) AS hcy_raised"
        )
        kidney = rules.kidney_state(
            "egfr" if "egfr" in labs else None,
            "creatinine" if "creatinine" in labs else None,
            "sex",
        )
        select.append(f"{kidney} AS kidney")
        return f"SELECT {', '.join(select)} FROM ({self.people_sql()}) people"

    def aggregate_sql(self) -> str:
        """One row per group of every split, and the whole cohort (all GROUPING flags 1)."""
        fields = self.grouping.fields
        screened = "category IS NOT NULL"
        select = [f"grouping({f.column}) AS g_{f.column}" for f in fields]
        select += [f.column for f in fields]
        counts = {
            "n": screened,
            "n_mma": f"{screened} AND mma_raised IS NOT NULL",
            "n_mma_raised": f"{screened} AND mma_raised",
            **{f"n_{band}": f"category = '{band}'" for band in BANDS},
        }
        select += [f"SUM(CASE WHEN {cond} THEN 1 ELSE 0 END) AS {n}" for n, cond in counts.items()]
        if self.weighted:
            select += [
                f"SUM(CASE WHEN {cond} THEN w END) AS w{name[1:]}" for name, cond in counts.items()
            ]
        select.append("COUNT(*) AS n_rows")
        select += [f"SUM(bad_{c}) AS bad_{c}" for c in self.labs]
        sql = f"SELECT {', '.join(select)} FROM ({self.screened_sql()}) screened"
        if self.grouping.splits:
            sets = ", ".join(
                "(" + ", ".join(f.column for f in split) + ")" for split in self.grouping.splits
            )
            sql += f" GROUP BY GROUPING SETS ((), {sets})"
        return sql

    def out_sql(self) -> str:
        """One row per screened person: the category, the qualifiers and the sources."""
        extra: Sequence[str] = [
            "s.age_band" if self.grouping.age_edges else "",
            *(f"s.{f.column}" for f in self.grouping.fields if f.class_code is not None),
        ]
        cols = [
            "s.person_id",
            "s.category",
            "t.qualifiers",
            "t.sources",
            *(f"s.{c}" for c in self.labs),
            "s.mma_raised",
            "s.kidney",
            "s.sex",
            "s.age",
            *(e for e in extra if e),
            "CAST(s.w AS DOUBLE) AS weight",
        ]
        marker = "CASE WHEN s.{0} IS NULL THEN 'absent' WHEN s.{0} THEN 'high' ELSE 'normal' END"
        return (
            f"SELECT {', '.join(cols)} FROM ({self.screened_sql()}) s JOIN {STATUS} t "
            f"ON s.category = t.category AND t.mma = {marker.format('mma_raised')} "
            f"AND t.kidney = s.kidney AND t.homocysteine = {marker.format('hcy_raised')}"
        )
