"""Units are shown as people write them, the same in the terminal and on the web."""

from __future__ import annotations

import pytest

from b12.foods.nutrients import BY_CODE, NUTRIENT_CODES, display_unit
from b12.web.render import templates


@pytest.mark.parametrize(
    ("unit", "shown"),
    [("ug", "µg"), ("ug_RAE", "µg RAE"), ("ug_DFE", "µg DFE"), ("mg", "mg"), (None, "")],
)
def test_units_as_people_write_them(unit: str | None, shown: str) -> None:
    assert display_unit(unit) == shown


def test_the_web_pages_show_every_nutrient_unit_as_the_terminal_does() -> None:
    unit_filter = templates.env.filters["unit"]
    for code in NUTRIENT_CODES:
        unit = BY_CODE[code].unit
        assert unit_filter(unit) == display_unit(unit)
        assert "_" not in unit_filter(unit)
