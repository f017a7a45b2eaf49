"""The assessment case built from a person's record, for web requests.

``GET /api/profiles/{name}/assessment`` and the self-check started from the diary use the
same functions as ``b12 assess --profile NAME``: the store's ``read_record`` and the core's
``build_record_case``, with today's date in the server's local time. The self-check keeps no
session, so each of its steps builds the case again from the store (a record that changed
meanwhile makes the carried answers out of date, and the page says to start again).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from b12.diary.days import now

if TYPE_CHECKING:
    from b12.core.assess import Assessment
    from b12.core.diary_contract import RecordAssessmentJSON
    from b12.core.record_case import Derived, RecordCase
    from b12.knowledge import Knowledge
    from b12.store import DiaryStore


def record_case(store: DiaryStore, name: str, knowledge: Knowledge) -> RecordCase:
    """The case ``name``'s record makes today (``NotFoundError`` for no such profile)."""
    from b12.core.record_case import build_record_case

    return build_record_case(store.read_record(name), knowledge, now().date())


def record_assessment_json(
    assessment: Assessment, built: RecordCase, knowledge: Knowledge
) -> RecordAssessmentJSON:
    """What ``b12 assess --profile NAME --no-ask --json`` prints."""
    return {**assessment.to_dict(knowledge), "record": built.to_dict(knowledge)}


@dataclass(frozen=True, slots=True)
class RecordStart:
    """A self-check started from a person's record: whose, and what the record said."""

    profile: str
    built: RecordCase

    @property
    def facts(self) -> list[tuple[Derived, str]]:
        """Each fact the record gave, with the dates it rests on in words."""
        return [(d, fact_dates(d)) for d in self.built.derived]


def record_start(store: DiaryStore, name: str, knowledge: Knowledge) -> RecordStart:
    return RecordStart(name, record_case(store, name, knowledge))


def fact_dates(derived: Derived) -> str:
    """ "2026-11-03", "2026-10-28 to 2026-11-03", or "" for a fact with no date (the profile)."""
    first, last = derived.first, derived.last
    if first is None or last is None:
        return ""
    return first.isoformat() if first == last else f"{first.isoformat()} to {last.isoformat()}"
