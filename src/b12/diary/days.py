"""Diary days in the person's local time: now, the last N days, and the instants they span.

The CLI (``b12 log list``, ``b12 intake``) and the web pages list a diary by days; both ask
here, so a day ends at the same local midnight wherever it is asked.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from b12.errors import InputError

FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2200, 12, 31)
"""The days a diary can hold: a date outside them is a typo (9999-12-31), not a day."""


def within_diary_days(day: date, field: str) -> date:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise InputError(
            f"{day.isoformat()} is outside the days a diary holds "
            f"({FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()})",
            field=field,
        )
    return day


def now() -> datetime:
    """This moment, with the computer's local time zone."""
    return datetime.now().astimezone()


def day_range(days: int, end: date | None = None) -> tuple[date, date]:
    """The ``days`` days ending on ``end`` (default today), as (first, last)."""
    last = end or now().date()
    if days > (last - FIRST_DAY).days + 1:
        raise InputError(
            f"{days} days back from {last.isoformat()} goes before {FIRST_DAY.isoformat()}",
            field="days",
        )
    return last - timedelta(days=days - 1), last


def bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """Local-time instants covering the days ``first``..``last``."""
    tz = now().tzinfo
    return (
        datetime.combine(first, time(), tzinfo=tz),
        datetime.combine(last + timedelta(days=1), time(), tzinfo=tz),
    )
