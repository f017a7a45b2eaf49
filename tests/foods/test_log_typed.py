"""`b12 log food` takes what people type, on the REAL index: "2 eggs", "tofu", "a bowl of
oatmeal" log in one step; a genuinely ambiguous name lists numbered choices for --choose."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from b12.diary.foods import split_typed_food
from tests.in_process import Ran, b12

pytestmark = pytest.mark.realdata


def test_split_typed_food() -> None:
    assert split_typed_food("2 eggs") == ("2 eggs", "eggs")
    assert split_typed_food("a bowl of oatmeal") == ("1 cup", "oatmeal")
    assert split_typed_food("2 glasses of milk") == ("2 cups", "milk")
    assert split_typed_food("a slice of bread") == ("1 slice", "bread")
    assert split_typed_food("soy milk") == (None, "soy milk")
    assert split_typed_food("3 oz salmon") == ("3 oz", "salmon")


@pytest.fixture(scope="module")
def home(real_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("typed-home")
    shutil.copy(real_home / "foods.sqlite3", target / "foods.sqlite3")
    ran = run(target, "profile", "add", "me", "--age", "40", "--sex", "female", "--diet", "vegan")
    assert ran.returncode == 0, ran.stderr
    return target


def run(home: Path, *args: str) -> Ran:
    env = {"B12_HOME": str(home), "B12_DATABASE_URL": None, "B12_PROFILE": None}
    return b12(*args, env=env, stdin="")


@pytest.mark.parametrize(
    ("typed", "food", "grams"),
    [
        ("2 eggs", "fndds:31103010", 100.0),
        ("1 banana", "fndds:63107010", 126.0),
        ("a bowl of oatmeal", "fndds:56202960", 240.0),
        ("a glass of milk", "fndds:11100000", None),
        ("soy milk", "fndds:11320100", 244.0),
        ("tofu", "sr28:16426", 126.0),
        ("1 cup lentils", "sr28:16070", None),
    ],
)
def test_everyday_foods_log_in_one_step(
    home: Path, typed: str, food: str, grams: float | None
) -> None:
    ran = run(home, "log", "food", typed, "--profile", "me", "--json")
    assert ran.returncode == 0, ran.stderr
    entry = json.loads(ran.stdout)
    assert entry["food_id"] == food
    if grams is not None:
        assert entry["grams"] == pytest.approx(grams)


def test_no_amount_says_which_portion_was_assumed(home: Path) -> None:
    ran = run(home, "log", "food", "tofu", "--profile", "me")
    assert ran.returncode == 0 and "assumed 0.5 cup" in ran.stderr


def test_ambiguous_lists_numbered_choices_and_choose_picks(home: Path) -> None:
    ran = run(home, "log", "food", "1 cup cheese", "--profile", "me")
    assert ran.returncode == 2 and "1. " in ran.stderr and "--choose N" in ran.stderr
    picked = run(home, "log", "food", "1 oz cheese", "--choose", "2", "--profile", "me", "--json")
    assert picked.returncode == 0, picked.stderr


def test_missing_food_and_no_match_explain(home: Path) -> None:
    ran = run(home, "log", "food", "1 tbsp nutritional yeast", "--profile", "me")
    assert ran.returncode == 2 and "b12 log supplement" in ran.stderr
    ran = run(home, "log", "food", "1 cup mlk", "--profile", "me")
    assert ran.returncode == 2 and "did you mean 'milk'" in ran.stderr


def test_without_a_profile_only_the_refusal_is_printed(
    real_home: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """How a plain name was read is said once the entry is saved, not before a refusal."""
    empty = tmp_path_factory.mktemp("no-profile-home")
    shutil.copy(real_home / "foods.sqlite3", empty / "foods.sqlite3")
    ran = run(empty, "log", "food", "2 eggs")
    assert ran.returncode == 2 and "no profile yet" in ran.stderr
    assert "taken as" not in ran.stderr
    saved = run(empty, "profile", "add", "me", "--age", "40")
    assert saved.returncode == 0, saved.stderr
    ran = run(empty, "log", "food", "2 eggs", "--profile", "me")
    assert ran.returncode == 0 and "taken as" in ran.stderr
