"""FNDDS At A Glance workbooks: header lookup by name and unit, codes, portions."""

from __future__ import annotations

from pathlib import Path

import pytest

from b12.errors import InputError
from b12.foods.nutrients import NUTRIENTS
from b12.foods.sources import fndds


def _header() -> list[object]:
    return [
        "Food code",
        "Main food description",
        *(n.fndds_column.replace(" (", "\n(") for n in NUTRIENTS),
    ]


def test_headers_with_line_breaks_match_the_nutrient_table() -> None:
    row: list[object] = [11350020, "Almond milk, unsweetened", *([None] * len(NUTRIENTS))]
    row[2] = 0.34  # b12 is the first nutrient
    row[3] = 0.34  # b12_added the second
    values = list(fndds.parse_values(_header(), [row]))
    assert [(v.code, v.nutrient, v.value) for v in values] == [
        ("11350020", "b12", 0.34),
        ("11350020", "b12_added", 0.34),
    ]  # empty cells are missing, not 0


def test_a_workbook_whose_unit_changed_is_refused() -> None:
    header = _header()
    header[2] = "Vitamin B-12\n(mg)"
    with pytest.raises(InputError, match="Vitamin B-12 \\(mcg\\)"):
        list(fndds.parse_values(header, []))


def test_food_codes_must_be_eight_digits() -> None:
    header = ["Food code", "Main food description", "Additional food description",
              "WWEIA Category number", "WWEIA Category description"]  # fmt: skip
    with pytest.raises(InputError, match="eight digits"):
        list(fndds.parse_foods(header, [[1234, "X", None, 1002, "Milk, whole"]]))
    (food,) = fndds.parse_foods(
        header, [[11111000, "Milk, whole", "leche fresca", 1002.0, "Milk, whole"]]
    )
    assert (food.id, food.group_code, food.synonyms) == (
        "fndds:11111000",
        "1002",
        ("leche fresca",),
    )


@pytest.mark.parametrize(
    ("text", "amount", "measure"),
    [
        ("1 cup", 1.0, "cup"),
        ("1/2 cup, diced", 0.5, "cup, diced"),
        ("10 chips", 10.0, "chips"),
        ("Quantity not specified", 1.0, "Quantity not specified"),
        ('1" cube', 1.0, '1" cube'),
    ],
)
def test_portion_descriptions_split_into_count_and_measure(
    text: str, amount: float, measure: str
) -> None:
    assert fndds.split_count(text) == (amount, measure)


def test_zero_gram_portions_are_dropped() -> None:
    header = ["Food code", "Seq num", "Portion description", "Portion weight\n(g)"]
    rows = [[11000000, 1, "1 cup", 246], [11000000, 2, "Quantity not specified", 0.0]]
    assert [p.description for p in fndds.parse_portions(header, rows)] == ["1 cup"]


def test_read_sheet_finds_the_header_under_the_title(fixture_data: Path) -> None:
    sheet = fndds.read_sheet(fixture_data / "usda_fndds_2021_2023" / fndds.FOODS_BOOK)
    rows = list(sheet.rows)
    assert fndds.normalise_header(sheet.header[0]) == "Food code"
    assert sheet.title.startswith("2021-2023 Food and Nutrient Database")
    assert len(rows) == 14


def test_a_file_that_is_not_a_workbook_is_an_input_error(tmp_path: Path) -> None:
    bad = tmp_path / "book.xlsx"
    bad.write_text("<html>not found</html>")
    with pytest.raises(InputError, match="Excel workbook"):
        fndds.read_sheet(bad)
