"""Cited clinical and nutritional knowledge, kept as data (TOML) beside this module."""

from b12.knowledge.loader import Knowledge, KnowledgeError, load_knowledge

__all__ = ["Knowledge", "KnowledgeError", "load_knowledge"]
