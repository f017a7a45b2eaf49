"""End to end in real headless Chromium against a real uvicorn server on 127.0.0.1.

A person's paths through the app, by clicking and typing: the self-check to its
assessment, the lab reader, and a food found with type-ahead and opened with the keyboard.
Screenshots of the main pages are kept in test-artifacts/screenshots/.
"""

from __future__ import annotations

import re
import time
from typing import Any

import pytest

from tests.web.conftest import screenshot

# How a person answers the easy self-check: a vegan man with tingling and unsteadiness,
# night-time calf cramps and a low B12 result. Questions not listed get "Don't know".
EASY_CASE: dict[str, Any] = {
    "age": "40",
    "sex": "male",
    "symptoms": ["paresthesia", "balance_problems", "fatigue"],
    "has_cramps": "yes",
    "cramp_locations": ["calf"],
    "cramp_timing": ["night"],
    "cramp_duration": "3",
    "cramp_relief": ["stretching"],
    "diet": "vegan",
    "fortified_foods": "none",
    "supplement": "none",
    "medications": "",
    "conditions": [],
    "exposures": [],
    "labs": "b12_total=150 pg/mL",
}


def answer_question(tab: Any, key: str, kind: str) -> None:
    """Fill in one question page as a person would, then submit it."""
    value = EASY_CASE.get(key)
    with tab.expect_navigation():
        if value is None:
            tab.get_by_role("button", name="Don't know").click()
            return
        if kind in ("choice", "yes_no", "multi"):
            for option in [value] if isinstance(value, str) else value:
                tab.locator(f'input[name="value"][value="{option}"]').check()
        else:
            tab.locator("#answer").fill(value)
        if kind == "number":
            tab.locator("#answer").press("Enter")  # the keyboard submits the form too
        else:
            tab.get_by_role("button", name="Next").click()


def test_home_page(page: Any) -> None:
    page.goto("/")
    assert page.get_by_role("heading", level=1).inner_text() == "Is it B12, or something else?"
    assert page.get_by_role("note").first.inner_text().startswith("Information, not a diagnosis.")
    page.keyboard.press("Tab")  # the first stop is the skip link, for keyboard users
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    screenshot(page, "home")


def test_self_check_by_clicking_to_the_assessment(
    page: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    started = time.perf_counter()
    page.goto("/self-check")
    assert re.search(r"Question 1 · about \d+ more to go", page.locator("#progress").inner_text())
    asked = []
    warned = 0
    for _ in range(40):
        if page.locator("#urgent-form").count():
            warned += 1  # a red flag already holds: its advice first, then go on
            with page.expect_navigation():
                page.get_by_role("button", name="Continue the check anyway").click()
            continue
        form = page.locator("#question-form")
        if not form.count():
            break
        key, kind = form.get_attribute("data-key"), form.get_attribute("data-kind")
        asked.append(key)
        if key == "symptoms":
            screenshot(page, "selfcheck-question")
        answer_question(page, key, kind)
    elapsed = time.perf_counter() - started

    assert asked[0] == "age" and asked[-1] == "labs"
    assert warned == 1  # unsteadiness with tingling: shown once, right after the symptoms
    assert page.get_by_role("heading", level=1).inner_text() == "Your self-check result"
    triage = page.locator("#triage")
    assert triage.locator(".red-flag").count() >= 1  # unsteadiness with low B12
    assert "Warning sign" in triage.inner_text()
    assert "B12 status: deficiency confirmed" in page.locator(".status h2").inner_text()
    first_cause = page.locator("#causes .cause").first
    assert first_cause.get_attribute("data-cause") == "b12_deficiency"
    assert "Evidence for" in first_cause.inner_text()
    # Scores in words, the numbers behind a toggle; names and numbered links, never keys.
    assert first_cause.locator(".likelihood").inner_text() == "most likely"
    assert not first_cause.locator(".weighing .score").is_visible()
    assert "(+" not in first_cause.locator(".evidence").inner_text()
    visible = page.locator("main").inner_text()
    assert "nice-ng239" not in visible and "b12_total" not in visible
    assert page.locator(".cite a[href='#src-nice-ng239']").count() >= 1
    steps = page.locator(".status li, #next-h + ul li").all_inner_texts()
    assert len(steps) == len(set(steps))  # no step said twice
    # Red flags come before everything else on the page.
    order = page.evaluate(
        "['#triage', '.status', '#causes', '.sources'].map("
        "s => document.querySelector(s).getBoundingClientRect().top)"
    )
    assert order == sorted(order)
    assert "not a diagnosis" in page.locator(".disclaimer-box").inner_text()
    screenshot(page, "assessment")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "assessment-phone")
    with capsys.disabled():
        print(f"\n[web] scripted self-check: {len(asked)} questions in {elapsed:.2f} s")


def test_a_red_flag_stops_the_self_check_on_the_next_screen(page: Any) -> None:
    page.goto("/self-check")
    for key, kind in (("age", "number"), ("sex", "choice")):
        answer_question(page, key, kind)
    page.get_by_label("chest pain", exact=True).check()  # as the option reads
    with page.expect_navigation():
        page.get_by_role("button", name="Next").click()
    alert = page.locator("#urgent")
    assert "Call emergency services now" in alert.inner_text()
    assert "Chest pain" in alert.inner_text()
    screenshot(page, "selfcheck-red-flag")
    with page.expect_navigation():
        page.get_by_role("button", name="See my result now").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Your self-check result"
    assert "emergency" in page.locator("#triage").inner_text().lower()


def test_lab_reader_reads_a_result_and_keeps_bad_input(page: Any) -> None:
    page.goto("/labs")
    page.get_by_label("Your results").fill("b12_total=250 pg/mL\nmma=620 nmol/L")
    page.get_by_label("Guideline").select_option("nice-ng239")
    with page.expect_navigation():
        page.get_by_role("button", name="Read my results").click()
    assert "B12 status: indeterminate" in page.locator("#lab-report .status h2").inner_text()
    rows = page.locator("table.labs tbody tr:not(.msg)")
    assert rows.count() == 2
    assert "Methylmalonic acid" in rows.nth(1).inner_text()  # the name, not the code
    screenshot(page, "lab-reader")

    typed = "b12_total=250 pg/mL\nk=4 mg/dL"
    page.get_by_label("Your results").fill(typed)
    with page.expect_navigation():
        page.get_by_role("button", name="Read my results").click()
    assert page.get_by_label("Your results").input_value() == typed
    assert "Line 2" in page.locator(".error-lines").inner_text()
    assert page.get_by_label("Your results").get_attribute("aria-invalid") == "true"


def test_lab_reader_leads_with_results_that_need_care_today(page: Any) -> None:
    page.goto("/labs")
    page.get_by_label("Your results").fill("ck=1,450 U/L (<200)\nk=2.4 mmol/L")
    with page.expect_navigation():
        page.get_by_role("button", name="Read my results").click()
    banner = page.locator("#lab-urgent")
    assert "These results need medical care today" in banner.inner_text()
    assert "rhabdomyolysis" in banner.inner_text() and "Potassium below 2.5" in banner.inner_text()
    order = page.evaluate(
        "['#lab-urgent', '#lab-report .status', 'table.labs'].map("
        "s => document.querySelector(s).getBoundingClientRect().top)"
    )
    assert order == sorted(order)  # the banner comes first
    table = page.locator("table.labs").inner_text()
    assert "1,450 U/L" in table and "rhabdomyolysis range" in table  # read as thousands
    screenshot(page, "lab-reader-urgent")


def test_food_type_ahead_then_open_with_the_keyboard(page: Any) -> None:
    page.goto("/foods")
    search = page.get_by_label("Food name")
    with page.expect_response(re.compile(r"/api/foods/search\?.*q=beef%20liver")):
        search.press_sequentially("beef liver", delay=40)
    first = page.locator("#food-results a").first
    first.wait_for()
    assert "liver" in first.inner_text().lower()
    assert "found for “beef liver”" in page.locator("#food-status").inner_text()
    assert page.url.endswith("/foods?q=beef%20liver")  # redrawn by script, not submitted
    screenshot(page, "food-search")

    search.press("ArrowDown")
    assert page.evaluate("document.activeElement.closest('#food-results') !== null")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert re.search(r"/foods/(sr28|fndds):\d+$", page.url)
    assert "liver" in page.get_by_role("heading", level=1).inner_text().lower()
    page.get_by_label("How much do you eat?").fill("3 oz")
    with page.expect_navigation():
        page.get_by_role("button", name="Show").click()
    assert "µg" in page.locator("#b12-in-amount").inner_text()
    assert "in 3 oz" in page.locator("#b12-per-100g").inner_text()
    screenshot(page, "food-page")


def test_diary_from_profile_to_intake_chart(page: Any) -> None:
    """Create a profile, log a food (choosing among the matches) and a supplement, see them
    in the intake chart, then delete an entry."""
    page.goto("/profile")
    page.get_by_label("Name").fill("Ana")
    page.get_by_label("Age in years").fill("34")
    page.get_by_label("Sex").select_option("female")
    page.get_by_label("Diet").select_option("vegan")
    with page.expect_navigation():
        page.get_by_role("button", name="Add person").click()
    assert "(current)" in page.locator("#profiles").inner_text()

    page.get_by_role("link", name="Diary", exact=True).click()
    page.get_by_label("Food", exact=True).press_sequentially("clams cooked", delay=20)
    page.get_by_label("How much").fill("85 g")
    with page.expect_navigation():
        page.get_by_role("button", name="Log food").click()
    if page.locator("#candidates").count():  # several foods match: the person chooses
        assert page.get_by_label("How much").input_value() == "85 g"
        page.locator("#candidates input[type=radio]").first.check()
        with page.expect_navigation():
            page.get_by_role("button", name="Log food").click()
    assert page.locator("#entries li[data-kind=food]").count() == 1

    page.get_by_role("link", name="Supplement", exact=True).click()
    page.get_by_label("Dose of B12").fill("lots")
    with page.expect_navigation():
        page.get_by_role("button", name="Log supplement").click()
    assert page.get_by_label("Dose of B12").input_value() == "lots"  # kept, with the message
    assert page.get_by_label("Dose of B12").get_attribute("aria-invalid") == "true"
    page.get_by_label("Dose of B12").fill("500 ug")
    with page.expect_navigation():
        page.get_by_role("button", name="Log supplement").click()
    assert page.locator("#entries li").count() == 2
    screenshot(page, "diary")

    page.get_by_role("link", name="Intake", exact=True).click()
    today = page.evaluate("new Date().toLocaleDateString('en-CA')")  # YYYY-MM-DD, local
    bar = page.locator(f"#b12-chart g.day[data-date='{today}']")
    assert bar.count() == 1
    eaten = float(bar.get_attribute("data-eaten") or 0)
    assert eaten > 500  # the 500 µg supplement and the clams
    assert float(bar.locator("rect.eaten").get_attribute("height") or 0) > 0
    assert page.locator("#percent-chart rect").count() >= 4  # minerals and fluids
    assert bar.locator("text.value").text_content() == f"{eaten:.0f}"
    assert (
        f"{eaten:.0f}" in page.locator(f"#intake-table tr[data-date='{today}'] .eaten").inner_text()
    )
    screenshot(page, "intake")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "intake-phone")
    page.set_viewport_size({"width": 1200, "height": 900})

    page.get_by_role("link", name="Diary", exact=True).click()
    page.get_by_role("link", name="Cramp", exact=True).click()
    page.get_by_label("Where").select_option("calf")
    page.get_by_label("When it came").select_option("night")
    page.get_by_label("Severity (1–10)").fill("6")
    with page.expect_navigation():
        page.get_by_role("button", name="Log cramp").click()
    page.get_by_role("link", name="Timeline", exact=True).click()
    assert page.locator("#timeline-chart rect.eaten").count() == 1
    assert page.locator(f"#timeline-chart rect.cramp[data-date='{today}']").count() == 1
    assert "calf" in page.locator(f"#timeline-table tr[data-date='{today}']").inner_text()
    screenshot(page, "timeline")

    page.get_by_role("link", name="Diary", exact=True).click()
    supplement = page.locator("#entries li[data-kind=supplement]")
    with page.expect_navigation():
        supplement.get_by_role("button").click()
    assert page.locator("#entries li[data-kind=supplement]").count() == 0
    assert page.locator("#entries li").count() == 2  # the food and the cramp are left


def test_the_self_check_from_the_diary_names_the_records_evidence(page: Any) -> None:
    """A person adds their medicines on the page, logs a lab result and a cramp in the
    diary, then starts the self-check from the diary: it asks only what the record lacks
    and the result names what the record said."""
    page.goto("/profile")
    page.get_by_label("Name").fill("Bea")
    page.get_by_label("Age in years").fill("68")
    page.get_by_label("Sex").select_option("female")
    page.get_by_label("Diet").select_option("omnivore")
    with page.expect_navigation():
        page.get_by_role("button", name="Add person").click()
    use = page.get_by_role("button", name="Use Bea")
    if use.count():  # another test's person is current: choose Bea
        with page.expect_navigation():
            use.click()

    page.get_by_role("link", name="Medicines", exact=True).click()
    assert "of Bea" in page.get_by_role("heading", level=1).inner_text()
    for name, dose, started in (("metformin", "1000 mg twice a day", "2018-03"),
                                ("Nexium", "20 mgs", "2023")):  # fmt: skip
        page.get_by_label("Medicine", exact=True).fill(name)
        page.get_by_label("Dose").fill(dose)
        page.get_by_label("Started").fill(started)
        with page.expect_navigation():
            page.get_by_role("button", name="Add medicine").click()
    # "20 mgs" is not a dose b12 reads: the message, with everything typed kept
    assert page.get_by_label("Dose").get_attribute("aria-invalid") == "true"
    assert page.get_by_label("Medicine", exact=True).input_value() == "Nexium"
    assert page.get_by_label("Started").input_value() == "2023"
    page.get_by_label("Dose").fill("20 mg")
    with page.expect_navigation():
        page.get_by_role("button", name="Add medicine").click()
    table = page.locator("#medicines")
    assert table.locator("tbody tr[data-id]").count() == 2
    assert "esomeprazole" in table.inner_text() and "2,000 mg a day" in table.inner_text()
    screenshot(page, "medicines")

    page.get_by_role("link", name="Diary", exact=True).click()
    page.get_by_role("link", name="Lab", exact=True).click()
    page.get_by_label("Result").fill("b12_total=180 pg/mL")
    with page.expect_navigation():
        page.get_by_role("button", name="Log lab").click()
    page.get_by_role("link", name="Cramp", exact=True).click()
    page.get_by_label("Where").select_option("calf")
    page.get_by_label("When it came").select_option("night")
    with page.expect_navigation():
        page.get_by_role("button", name="Log cramp").click()

    page.get_by_role("link", name="Self-check", exact=True).click()
    with page.expect_navigation():
        page.get_by_role("button", name="Start from my diary (Bea)").click()
    facts = page.locator("#record-facts")
    assert "180 pg/mL" in facts.inner_text() and "metformin" in facts.inner_text()
    screenshot(page, "selfcheck-from-diary")
    asked = []
    for _ in range(40):
        if page.locator("#urgent-form").count():
            with page.expect_navigation():
                page.get_by_role("button", name="Continue the check anyway").click()
            continue
        form = page.locator("#question-form")
        if not form.count():
            break
        asked.append(form.get_attribute("data-key"))
        with page.expect_navigation():
            page.get_by_role("button", name="Don't know").click()
    for held in ("age", "sex", "medications", "labs", "cramp_locations", "cramp_timing", "diet"):
        assert held not in asked, (held, asked)
    assert page.get_by_role("heading", level=1).inner_text() == "Your self-check result"
    assert "B12 status: indeterminate" in page.locator(".status h2").inner_text()
    labs = page.locator("table.labs").inner_text()
    assert "180 pg/mL" in labs
    risks = page.locator("section[aria-labelledby=risk-h]").inner_text().lower()
    assert "metformin" in risks and "proton pump" in risks
    record = page.locator("#record-facts").inner_text()
    assert "From your record" in record and "esomeprazole" in record and "calf" in record
    order = page.evaluate(
        "['#triage', '.status', '#causes', '#record-facts', '.sources'].map("
        "s => document.querySelector(s).getBoundingClientRect().top)"
    )
    assert order == sorted(order)  # red flags and the answer first, the record's facts after
    screenshot(page, "assessment-from-diary")
