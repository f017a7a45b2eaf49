"""JSON as people's files and requests bring it: one reader for case files, diary imports
and request bodies, so every way in refuses the same things with the same words and none
ends in a traceback.

Refused, each with a message that says what was wrong: text that is not UTF-8 (a UTF-8
byte-order mark is accepted, and so is UTF-16 or UTF-32 with its byte-order mark, as some
editors save it); JSON that does not parse (with the line and column); nesting deeper
than a document needs; a number with more digits than Python converts, or ``NaN`` and
``Infinity`` (not JSON numbers); the same key twice in one object (which value was meant?).
"""

from __future__ import annotations

import codecs
import json
from typing import Any

from b12.errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_text(raw: bytes, where: str) -> str:
    """Bytes as text: UTF-8, or the encoding its byte-order mark names."""
    encoding = next((enc for bom, enc in _BOMS if raw.startswith(bom)), "utf-8")
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        named = "UTF-8" if encoding.startswith("utf-8") else f"{encoding}, as its first bytes say,"
        raise InputError(
            f"{where} is not {named} text (byte {exc.start} cannot be read); save it as UTF-8"
        ) from None


def read_json(raw: bytes | str, where: str) -> Any:
    """The decoded JSON, or an InputError naming ``where`` and what is wrong."""
    text = decode_text(raw, where) if isinstance(raw, bytes) else raw.removeprefix("\ufeff")
    try:
        return json.loads(text, parse_constant=_no_constants, object_pairs_hook=_no_repeats)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{where} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    except RecursionError:
        raise InputError(f"{where} is nested too deeply to be a b12 document") from None
    except ValueError as exc:  # too many digits, NaN/Infinity, a repeated key
        reason = str(exc)
        if "digits" in reason:
            reason = "a number in it has thousands of digits, more than any value b12 takes"
        raise InputError(f"{where} cannot be read: {reason}") from None


def _no_constants(name: str) -> Any:
    """JSON has no NaN or Infinity; Python's decoder would accept them as floats."""
    raise ValueError(f"{name} is not a JSON number")


def _no_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"the key {key!r} appears twice in one object; keep one")
        out[key] = value
    return out
