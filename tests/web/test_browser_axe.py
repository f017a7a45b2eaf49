"""axe-core over every main page in real Chromium, at desktop and phone size: the pages a
person uses carry no accessibility violation axe can find. A profile with a few entries is
made first, so the diary, intake, timeline and report pages show their tables and charts."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.web.conftest import screenshot

PAGES = ("/", "/self-check", "/labs", "/foods", "/foods?q=salmon", "/diary", "/medicines",
         "/intake", "/timeline", "/report", "/profile", "/docs/api", "/plan?days=1")  # fmt: skip


def ensure_profile(page: Any) -> None:
    page.goto("/profile")
    if "Dee" not in page.locator("body").inner_text():
        page.get_by_label("Name").fill("Dee")
        page.get_by_label("Age in years").fill("58")
        page.get_by_label("Sex").select_option("female")
        with page.expect_navigation():
            page.get_by_role("button", name="Add person").click()
    use = page.get_by_role("button", name="Use Dee")
    if use.count():
        with page.expect_navigation():
            use.click()
    page.goto("/diary?kind=lab")
    page.get_by_label("Result").fill("b12_total=170 pg/mL")
    page.get_by_label("Date of the test").fill((date.today() - timedelta(days=2)).isoformat())
    with page.expect_navigation():
        page.get_by_role("button", name="Log lab").click()


@pytest.mark.parametrize("size", [(1200, 900), (390, 844)], ids=["desktop", "phone"])
def test_no_accessibility_violations(page: Any, size: tuple[int, int]) -> None:
    ensure_profile(page)
    page.set_viewport_size({"width": size[0], "height": size[1]})
    axe = Axe()
    found: dict[str, list[str]] = {}
    for path in PAGES:
        page.goto(path)
        violations = axe.run(page).response["violations"]
        for v in violations:
            targets = [", ".join(node["target"]) for node in v["nodes"]][:3]
            found.setdefault(path, []).append(f"{v['id']} ({v['impact']}): {targets}")
    assert not found, "\n".join(f"{p}: {'; '.join(v)}" for p, v in found.items())
    # the control: axe does report a violation when the page has one
    page.evaluate("document.querySelector('main').append(document.createElement('input'))")
    assert "label" in {v["id"] for v in axe.run(page).response["violations"]}


def test_on_a_phone_the_menu_and_disclaimer_take_a_line_each(page: Any) -> None:
    ensure_profile(page)
    page.goto("/medicines")
    if page.locator("#medicines").count() == 0:
        page.get_by_label("Medicine", exact=True).fill("metformin")
        page.get_by_label("Dose", exact=True).fill("1000 mg twice a day")
        page.get_by_label("Started").fill("2019-03")
        with page.expect_navigation():
            page.get_by_role("button", name="Add medicine").click()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/intake")
    line = page.locator("header.site nav li").first.bounding_box()
    menu = page.locator("header.site nav ul").bounding_box()
    assert line is not None and menu is not None and menu["height"] < 2 * line["height"]
    short = page.locator(".disclaimer-short")
    assert short.is_visible() and not page.locator(".disclaimer-full").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing sideways
    for path in ("/intake", "/profile", "/medicines", "/timeline"):  # a card a table row
        page.goto(path)
        assert page.locator("table.stack").count() >= 1, path
        width = page.evaluate("Math.max(...[...document.querySelectorAll('table.stack')]"
                              ".map(t => t.getBoundingClientRect().right))")  # fmt: skip
        assert width <= 390, path
    short.locator("summary").click()  # opens on a tap, with the whole text
    assert "cannot examine you" in short.inner_text()
    page.set_viewport_size({"width": 1200, "height": 900})
    assert page.locator(".disclaimer-full").is_visible() and not short.is_visible()


def test_the_b12_chart_on_a_phone_keeps_its_text_and_axis(page: Any) -> None:
    ensure_profile(page)
    page.goto("/diary?kind=supplement")
    page.get_by_label("Dose of B12").fill("250 ug")
    with page.expect_navigation():
        page.get_by_role("button", name="Log supplement").click()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/intake")
    chart = page.locator("#b12-chart-phone")
    assert chart.is_visible() and not page.locator("#b12-chart").is_visible()
    sizes = chart.evaluate(
        "svg => [...svg.querySelectorAll('text')].map(t => t.getBoundingClientRect().height)"
    )
    assert sizes and min(sizes) >= 12 * 0.9  # 12 px text (a glyph box a little under it)
    box, screen = chart.bounding_box(), page.viewport_size
    assert box is not None and screen is not None and box["x"] >= 0
    assert box["x"] + box["width"] <= screen["width"]  # the whole chart, axis included
    assert chart.locator("text.target-label").count() == 1 and chart.locator("g.day").count() >= 1
    minerals = page.locator("#percent-chart-phone")  # minerals and fluids: the same rules
    assert minerals.is_visible() and not page.locator("#percent-chart").is_visible()
    sizes = minerals.evaluate(
        "svg => [...svg.querySelectorAll('text')].map(t => t.getBoundingClientRect().height)"
    )
    assert sizes and min(sizes) >= 12 * 0.9
    widest = minerals.evaluate(
        "svg => Math.max(...[...svg.querySelectorAll('text')]"
        ".map(t => t.getBoundingClientRect().right))"
    )
    assert widest <= screen["width"]  # no label runs off the screen
    screenshot(page, "intake-phone")
