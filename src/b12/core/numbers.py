"""Numbers as people type them and labs print them: ``1450``, ``1,450``, ``1 450``, ``1'450``,
``1.5``, ``1,5``, ``1.450,5``.

A comma is a thousands separator in one locale and a decimal comma in another, so
``1,450`` has two readings (1450 and 1.45); ``readings`` returns every reading a text can
have and leaves the choice to the caller, who knows which is plausible for the test. A space
or an apostrophe only ever groups digits; a number with both a comma and a point uses the
last one as the decimal mark.
"""

from __future__ import annotations

import re

from b12.errors import InputError

NUMBER_TEXT = r"-?[0-9](?:[0-9.,'’]*[0-9])?(?: [0-9]{3}(?![0-9*^]))*(?:[.,][0-9]+)?"
"""What may be a number in a typed line (``readings`` then checks its shape)."""

_GROUPED = re.compile(r"^[1-9][0-9]{0,2}(?:(?P<sep>[,.'’ ])[0-9]{3})(?:(?P=sep)[0-9]{3})*$")
_PLAIN = re.compile(r"^[0-9]+$")


def readings(text: str) -> tuple[float, ...]:
    """Every value ``text`` can mean, most usual first; InputError when it is not a number."""
    t = text.strip()
    sign = -1.0 if t.startswith("-") else 1.0
    body = t.removeprefix("-").strip()
    values = _unsigned(body)
    if values is None:
        raise InputError(
            f"cannot read the number {text!r}: write digits with a decimal point or comma "
            "(1.5 or 1,5), and group thousands with a comma, space or apostrophe (1,450)"
        )
    return tuple(sign * v for v in values)


def _unsigned(body: str) -> tuple[float, ...] | None:
    if _PLAIN.match(body):
        return (float(body),)
    marks = {c for c in body if c in ",.'’ "}
    if marks <= {",", "."} and len(marks) == 2:
        # both: the last mark is the decimal one, the other groups thousands
        decimal = "," if body.rfind(",") > body.rfind(".") else "."
        whole, _, fraction = body.rpartition(decimal)
        return _grouped(whole, fraction)
    if len(marks) != 1:
        if marks and marks <= {"'", "’", " ", ",", "."}:
            # spaces or apostrophes grouping, with one decimal mark at the end
            for decimal in (",", "."):
                whole, sep, fraction = body.rpartition(decimal)
                if sep and _GROUPED.match(whole) and fraction.isdigit():
                    return (float(_digits(whole) + "." + fraction),)
        return None
    (mark,) = marks
    if mark in "'’ ":
        return (float(_digits(body)),) if _GROUPED.match(body) else None
    count = body.count(mark)
    if count > 1:
        return (float(_digits(body)),) if _GROUPED.match(body) else None
    whole, _, fraction = body.partition(mark)
    if not (whole.isdigit() and fraction.isdigit()):
        return None
    as_decimal = float(f"{whole}.{fraction}")
    if mark == "," and len(fraction) == 3 and _GROUPED.match(body):
        return (float(whole + fraction), as_decimal)  # 1,450: thousands or a decimal comma
    return (as_decimal,)


def _grouped(whole: str, fraction: str) -> tuple[float, ...] | None:
    if not fraction.isdigit() or not (_GROUPED.match(whole) or _PLAIN.match(whole)):
        return None
    return (float(_digits(whole) + "." + fraction),)


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())
