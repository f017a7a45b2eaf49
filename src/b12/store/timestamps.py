"""How a diary time is stored: the instant as naive UTC, plus the offset it was written in.

Both backends get the same two columns, so they behave the same:

- ``at_utc`` (``TIMESTAMP WITHOUT TIME ZONE`` / SQLite text) holds the instant in UTC with
  no zone. It is what ranges and ordering use, and it compares correctly across entries
  written in different zones (travel, daylight saving). A ``timestamptz`` column would come
  back in the session's zone on PostgreSQL and naive on SQLite, so we avoid it.
- ``utc_offset_minutes`` keeps the offset the person wrote the entry in. The time of day
  matters here (night cramps, a supplement taken at breakfast) and the intake analysis
  counts local days, so the original wall-clock time is rebuilt exactly. The zone *name*
  (``Europe/Paris``) is not kept, only its offset at that moment.

Lab results carry a date only, so they have no instant: ``at_utc`` holds the start of
their date and the offset stays NULL. A range compares it with the bounds' own wall-clock
time, so a lab dated 2 May is in any range that contains 00:00 on 2 May in the zone the
range was given in, whatever the zone (UTC-12 to UTC+14; no single instant could do that).

Naive datetimes are refused: the store cannot know which zone they meant, and mixing naive
and aware values would make the diary impossible to order.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

from b12.errors import InputError


def split(at: datetime, field: str = "at") -> tuple[datetime, int]:
    """``at`` as (naive UTC instant, offset in minutes), or an InputError naming ``field``."""
    if not isinstance(at, datetime):
        raise InputError(f"must be a date and time, got {at!r}", field=field)
    offset = at.utcoffset()
    if offset is None:
        raise InputError(
            "needs a timezone (e.g. 2024-05-01T07:30:00+02:00, or datetime.now().astimezone())"
            f"; got {at.isoformat()} without one",
            field=field,
        )
    if offset % timedelta(minutes=1):
        raise InputError(f"the UTC offset must be whole minutes, got {offset}", field=field)
    try:
        utc = at.astimezone(UTC).replace(tzinfo=None)
    except OverflowError:
        raise InputError(f"{at.isoformat()} is out of range", field=field) from None
    return utc, offset // timedelta(minutes=1)


def join(at_utc: datetime, offset_minutes: int) -> datetime:
    """The aware datetime that ``split`` took apart, in its original offset."""
    offset = timedelta(minutes=offset_minutes)
    return (at_utc + offset).replace(tzinfo=timezone(offset))


def lab_start(on: date) -> datetime:
    """The ``at_utc`` value of a lab dated ``on``: the start of that date."""
    return datetime.combine(on, time())


def bound(at: datetime, field: str) -> tuple[datetime, datetime]:
    """A range bound as (UTC instant, for timed entries; wall-clock time, for labs)."""
    return split(at, field)[0], at.replace(tzinfo=None)
