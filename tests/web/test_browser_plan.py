"""The meal plan page in real headless Chromium, over the real USDA foods: a person chooses
how many days, swaps a food for a similar one, reads the print view (the forms left out),
and logs a day into the diary with "Log this day" (a POST with the CSRF token: all of the
day's entries or none). Needs the real foods (B12_DATA_DIR), as CI has them."""

from __future__ import annotations

import os
from typing import Any

import pytest

from tests.foods.conftest import real_data_dir
from tests.web.conftest import screenshot


def _person(page: Any) -> None:
    page.goto("/profile")
    if "Pia" not in page.locator("main").inner_text():
        page.get_by_label("Name").fill("Pia")
        page.get_by_label("Age in years").fill("34")
        page.get_by_label("Sex").select_option("female")
        page.get_by_label("Diet").select_option("vegan")
        with page.expect_navigation():
            page.get_by_role("button", name="Add person").click()
    use = page.get_by_role("button", name="Use Pia")
    if use.count():  # another test's person is current: choose Pia
        with page.expect_navigation():
            use.click()


@pytest.mark.realdata
def test_choose_days_swap_print_and_log_a_day(page: Any) -> None:
    if real_data_dir() is None:
        if os.environ.get("B12_REQUIRE_DATA") == "1":
            pytest.fail("B12_REQUIRE_DATA=1 but B12_DATA_DIR lacks the SR28/FNDDS files")
        pytest.skip("needs the real USDA foods (B12_DATA_DIR)")
    _person(page)
    page.goto("/plan")
    assert page.locator("section.plan-day").count() == 3  # the page's default
    page.get_by_label("Days").select_option("1")
    with page.expect_navigation():
        page.get_by_role("button", name="Plan", exact=True).click()
    days = page.locator("section.plan-day")
    assert days.count() == 1
    assert "Breakfast" in days.first.inner_text() and "Dinner" in days.first.inner_text()

    first = page.locator("li[data-food-id]").first
    food_id = first.get_attribute("data-food-id")
    with page.expect_navigation():
        first.get_by_role("button", name="Swap").click()
    assert page.locator(f'li[data-food-id="{food_id}"]').count() == 0
    assert page.locator("section.plan-day").count() == 1  # the chosen days are kept
    assert page.locator(f'input[name="avoid"][value="{food_id}"]').count() >= 1

    page.emulate_media(media="print")
    assert page.locator("#plan-form").is_hidden()
    assert page.get_by_role("button", name="Swap").first.is_hidden()
    assert page.get_by_role("button", name="Log day 1 into the diary").is_hidden()
    assert page.locator("section.plan-day").first.is_visible()
    screenshot(page, "plan-print")
    page.emulate_media(media="screen")

    planned = page.locator("section.plan-day li[data-food-id]").count()
    doses = page.locator("section.plan-day p", has_text="B12 dose").count()
    with page.expect_navigation():
        page.get_by_role("button", name="Log day 1 into the diary").click()
    status = page.locator("#plan-logged")
    assert status.inner_text() == f"Logged day 1 into your diary: {planned + doses} entries."
    assert page.locator(f'li[data-food-id="{food_id}"]').count() == 0  # still swapped
    screenshot(page, "plan")
    page.goto("/diary")
    assert page.locator("#entries li[data-kind=food]").count() >= planned
