"""Issue 21's timed walk in real Chromium: a 70-year-old man on metformin with tingling feet
does the self-check by clicking, in under 12 screens, and the result tells one story."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.web.test_consistent_advice import check

PERSON: dict[str, Any] = {
    "age": "70",
    "sex": "male",
    "symptoms": ["paresthesia"],
    "has_cramps": "no",
    "diet": "omnivore",
    "supplement": "none",
    "medications": "metformin 6 years",  # how long, so it is not asked again
    "conditions": ["type_2_diabetes"],
    "exposures": [],
    "examined": "no",
    "labs": "",
}


def test_the_metformin_walk(page: Any, capsys: pytest.CaptureFixture[str]) -> None:
    started = time.perf_counter()
    page.goto("/self-check")
    screens = 0
    while (form := page.locator("#question-form")).count():
        screens += 1
        key, kind = form.get_attribute("data-key"), form.get_attribute("data-kind")
        value = PERSON.get(key or "")
        with page.expect_navigation():
            if value is None:
                page.get_by_role("button", name="Don't know").click()
                continue
            if kind in ("choice", "yes_no", "multi"):
                for option in [value] if isinstance(value, str) else value:
                    page.locator(f'input[name="value"][value="{option}"]').check()
            elif value:
                page.locator("#answer").fill(value)
            page.get_by_role("button", name="Next").click()
        assert screens < 20
    elapsed = time.perf_counter() - started
    assert page.get_by_role("heading", level=1).inner_text() == "Your self-check result"
    assert screens < 12, screens
    assert page.evaluate("document.activeElement.id") == "result-h"  # focus moves to it
    risks = page.locator("main").inner_text()
    assert "Metformin" in risks
    violations = Axe().run(page).response["violations"]  # the result page too
    assert [v["id"] for v in violations] == []
    # the same answers through the API tell one story
    case = json.loads(page.locator("#case-json").text_content() or "{}")
    result = page.request.post("/api/assess", data=case).json()
    assert check(result) == []
    with capsys.disabled():
        print(f"\n[web] metformin walk: {screens} screens in {elapsed:.2f} s")
