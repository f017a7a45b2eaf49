"""Cohort screening: the personal B12 reading's rules, compiled for DuckDB or Spark.

An adapter around the core: ``nhanes`` and ``tabular`` read sources, ``rules`` compiles the
knowledge base into SQL, ``query`` writes the one screening query, ``engines`` runs it, and
``screen`` puts them together for ``b12 cohort screen``.
"""
