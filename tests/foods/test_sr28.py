"""SR28 ASCII parsing: the official quoting, encoding and missing values."""

from __future__ import annotations

from pathlib import Path

import pytest

from b12.errors import InputError
from b12.foods.sources import sr28

FIXTURE = Path(__file__).parent / "fixtures" / "usda_sr28"


def test_fields_lose_their_tilde_quotes_and_empty_text_stays_empty() -> None:
    line = "~01001~^~0100~^~Butter, salted~^~BUTTER,WITH SALT~^~~^~~^~Y~^~~^0^~~^6.38^^^\r\n"
    fields = sr28.split_fields(line, expected=14, where="test")
    assert fields[:5] == ["01001", "0100", "Butter, salted", "BUTTER,WITH SALT", ""]
    assert fields[11] == ""


def test_a_line_with_too_few_fields_is_an_input_error_naming_the_line() -> None:
    with pytest.raises(InputError, match=r"FOOD_DES\.txt line 1"):
        list(sr28.parse_foods(["~01001~^~0100~"], {}))


def test_files_are_read_as_latin1_so_the_micro_sign_survives(tmp_path: Path) -> None:
    units = sr28.parse_units(sr28.read_lines(FIXTURE / "NUTR_DEF.txt"))
    assert units["418"] == "µg"
    path = tmp_path / "FOOD_DES.txt"
    path.write_bytes(b"~99999~^~1100~^~Peppers, jalape\xf1o~^~~^~~^~~^~~^~~^0^~~^^^^\r\n")
    (food,) = sr28.parse_foods(sr28.read_lines(path), {"1100": "Vegetables"})
    assert food.name == "Peppers, jalapeño"
    assert food.group_name == "Vegetables"


def test_nutrient_units_that_differ_from_the_table_are_refused() -> None:
    with pytest.raises(InputError, match="418"):
        sr28.check_units({"418": "mg"})


def test_only_kept_nutrients_are_read_and_an_absent_row_is_absent_not_zero() -> None:
    values = list(sr28.parse_values(sr28.read_lines(FIXTURE / "NUT_DATA.txt")))
    by_food = {(v.code, v.nutrient): v.value for v in values}
    assert by_food[("13327", "b12")] == 83.13
    assert by_food[("13327", "b12_added")] == 0.0
    assert ("11979", "b12") not in by_food  # the jalapeño's B12 row was left out
    assert {v.nutrient for v in values} <= {
        "b12",
        "b12_added",
        "energy",
        "protein",
        "water",
        "potassium",
        "sodium",
        "magnesium",
        "calcium",
        "folate",
        "fat",
        "carbohydrate",
    }  # fmt: skip  (ash, 207, is in the file but not kept)


def test_weights_keep_the_amount_and_measure_and_describe_them() -> None:
    rows = [
        "~01077~^1^1^~cup~^244^^\r\n",
        "~01077~^2^.5^~cup, chopped~^61^^\r\n",
        '~01077~^3^1^~pat (1" sq, 1/3" high)~^5.0^^\r\n',
    ]
    portions = list(sr28.parse_weights(rows))
    assert [p.description for p in portions] == [
        "1 cup",
        "0.5 cup, chopped",
        '1 pat (1" sq, 1/3" high)',
    ]
    assert portions[1].amount == 0.5
    assert portions[1].grams == 61.0


def test_a_folder_with_some_but_not_all_files_names_what_is_missing(tmp_path: Path) -> None:
    (tmp_path / "FOOD_DES.txt").write_text("")
    with pytest.raises(InputError, match=r"WEIGHT\.txt"):
        sr28.locate(tmp_path)


def test_nut_data_may_be_gzipped_or_plain(tmp_path: Path) -> None:
    import gzip

    plain = (FIXTURE / "NUT_DATA.txt").read_bytes()
    (tmp_path / "NUT_DATA.txt.gz").write_bytes(gzip.compress(plain))
    from_gz = list(sr28.parse_values(sr28.read_lines(tmp_path / "NUT_DATA.txt.gz")))
    from_txt = list(sr28.parse_values(sr28.read_lines(FIXTURE / "NUT_DATA.txt")))
    assert from_gz == from_txt
