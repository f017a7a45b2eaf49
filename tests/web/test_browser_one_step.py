"""Logging a food in one step in real Chromium: "soy milk", "cheerios", "tofu" or "lentils"
typed and submitted once is logged as the everyday food (raw firm tofu, boiled lentils),
confirmed, and can be changed to one of the other matches. Needs the real USDA foods
(B12_DATA_DIR), as CI has them."""

from __future__ import annotations

import os
from typing import Any

import pytest

from tests.foods.conftest import real_data_dir


@pytest.mark.realdata
@pytest.mark.parametrize(
    ("typed", "amount", "logged"),
    [
        ("soy milk", "1 cup", "Soy milk, unsweetened"),
        ("cheerios", "1 cup", "GENERAL MILLS, CHEERIOS"),
        ("tofu", "100 g", "Tofu, raw, firm"),  # not "Tofu, fried"
        ("lentils", "100 g", "Lentils, mature seeds, cooked, boiled"),  # not "Lentils, raw"
    ],
)
def test_a_plain_name_is_logged_in_one_submit(
    page: Any, typed: str, amount: str, logged: str
) -> None:
    if real_data_dir() is None:
        if os.environ.get("B12_REQUIRE_DATA") == "1":
            pytest.fail("B12_REQUIRE_DATA=1 but B12_DATA_DIR lacks the SR28/FNDDS files")
        pytest.skip("needs the real USDA foods (B12_DATA_DIR)")
    page.goto("/profile")
    if "Eli" not in page.locator("main").inner_text():
        page.get_by_label("Name").fill("Eli")
        page.get_by_label("Age in years").fill("29")
        with page.expect_navigation():
            page.get_by_role("button", name="Add person").click()
    use = page.get_by_role("button", name="Use Eli")
    if use.count():
        with page.expect_navigation():
            use.click()
    page.goto("/diary")
    before = page.locator("#entries li[data-kind=food]").count()
    page.get_by_label("Food", exact=True).fill(typed)
    page.get_by_label("How much").fill(amount)
    with page.expect_navigation():
        page.get_by_role("button", name="Log food").click()
    assert page.locator("#candidates").count() == 0  # no second step
    assert page.locator("#entries li[data-kind=food]").count() == before + 1
    assert logged in page.locator("#logged").inner_text()
    others = page.locator("#change-food input[type=radio]")
    assert others.count() >= 1
    other = others.first.get_attribute("value")
    others.first.check()
    with page.expect_navigation():
        page.get_by_role("button", name="Change to this food").click()
    assert page.locator("#entries li[data-kind=food]").count() == before + 1
    page.goto("/api/entries?days=1")
    assert other in page.locator("body").inner_text()
