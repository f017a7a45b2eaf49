"""``POST /api/assess`` reads its body in one pass when it can; for every body, the answer
(the case, or the error with its field and words) must be the one the long way gives:
decode the JSON, then the core's ``parse_case``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from b12.core.case import parse_case
from b12.errors import InputError
from b12.web.errors import decode_json_body
from b12.web.routes.assess import read_case

ROOT = Path(__file__).resolve().parents[2]
CASES = [
    json.loads(p.read_text())["case"]
    for p in sorted((ROOT / "tests" / "assess_cases").glob("*.json"))
]

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**20), 10**20)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)
FIELDS = [
    ("person", "age"), ("person", "sex"), ("person", "pregnant"), ("person", "diet"),
    ("person", "b12_supplement"), ("cramps", "duration_minutes"), ("cramps", "locations"),
    ("context", "ambient_temperature_c"), ("labs",), ("symptoms",), ("medications",),
    ("body_temperature_c",), ("unknown_key",),
]  # fmt: skip


def _answer(read: Any, raw: bytes) -> tuple[Any, ...]:
    try:
        return ("case", read(raw))
    except InputError as exc:
        return ("error", type(exc).__name__, exc.message, exc.field)


def _long_way(raw: bytes) -> Any:
    return parse_case(decode_json_body(raw))


@st.composite
def bodies(draw: st.DrawFn) -> bytes:
    case = json.loads(json.dumps(draw(st.sampled_from(CASES))))
    for _ in range(draw(st.integers(0, 2))):
        path = draw(st.sampled_from(FIELDS))
        target = case
        for key in path[:-1]:
            if not isinstance(target.get(key), dict):
                target[key] = {}
            target = target[key]
        target[path[-1]] = draw(json_values)
    return json.dumps(case).encode()  # NaN and Infinity written as JSON does not allow


@settings(max_examples=300, deadline=None)
@given(bodies())
def test_one_pass_reading_gives_the_long_ways_case_or_error(raw: bytes) -> None:
    assert _answer(read_case, raw) == _answer(_long_way, raw)


@given(st.binary(max_size=40) | st.text(max_size=40).map(str.encode))
def test_any_bytes_at_all_get_the_same_answer(raw: bytes) -> None:
    assert _answer(read_case, raw) == _answer(_long_way, raw)


def test_every_worked_case_is_read_the_same() -> None:
    for case in CASES:
        raw = json.dumps(case).encode()
        assert read_case(raw) == _long_way(raw)
