"""Pydantic's errors as b12 reports them, wherever the bad value was typed."""

from __future__ import annotations

from typing import Any

from b12.core.validation_errors import field_path, readable_message


def test_field_paths_name_fields_and_drop_pydantic_internals() -> None:
    assert field_path(("labs", 0, "unit")) == "labs[0].unit"
    assert field_path(("person", "function-after[check()]", "age")) == "person.age"
    assert field_path(("cramps", "timing", 0, "literal_error")) == "cramps.timing[0]"
    assert field_path(()) == ""


def test_a_number_out_of_bounds_names_the_bound() -> None:
    err: dict[str, Any] = {"type": "less_than_equal", "input": 300, "ctx": {"le": 120.0}}
    assert readable_message(err, "case") == "300 is out of range: it must be at most 120"
    err = {"type": "greater_than", "input": 0, "ctx": {"gt": 0}}
    assert readable_message(err, "case") == "0 is out of range: it must be above 0"


def test_other_errors_in_plain_words() -> None:
    assert readable_message({"type": "missing"}, "case") == "required"
    assert readable_message({"type": "extra_forbidden"}, "request") == (
        "unknown key (not in the request contract)"
    )
    assert readable_message({"type": "value_error", "msg": "Value error, too odd"}, "x") == (
        "too odd"
    )
