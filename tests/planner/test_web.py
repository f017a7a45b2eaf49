"""The plan page and its API twin over the real index: the page lists the days with their
meals and totals, a swap re-plans without the swapped food, and /api/plan has the shape of
``b12 plan --json``."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from b12.core.diary import Profile
from b12.store import DiaryStore
from b12.web.app import create_app
from tests.web.conftest import settings_for
from tests.web.conftest import test_client as make_client

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

pytestmark = pytest.mark.realdata


@pytest.fixture(scope="module")
def plan_client(real_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    home = tmp_path_factory.mktemp("plan-web")
    shutil.copy(real_home / "foods.sqlite3", home / "foods.sqlite3")
    settings = settings_for(home)
    with DiaryStore(settings.database_url) as store:
        store.create_profile(Profile("Ana", 34, "female", diet="vegan"))
    with make_client(create_app(settings)) as client:
        yield client


def test_page_swap_and_api(plan_client: TestClient) -> None:
    page = plan_client.get("/plan?days=1")
    assert page.status_code == 200, page.text
    html = page.text
    assert "Day 1" in html and "Breakfast" in html and "not a prescription" in html
    assert "<script>" not in html
    first = html.split('data-food-id="', 1)[1].split('"', 1)[0]
    swapped = plan_client.get(f"/plan?days=1&swap={first}")
    assert swapped.status_code == 200
    assert f'data-food-id="{first}"' not in swapped.text
    assert f'name="avoid" value="{first}"' in swapped.text  # kept for the next swap
    api = plan_client.get("/api/plan?days=1&diet=vegan")
    assert api.status_code == 200
    body = api.json()
    assert body["days"][0]["meals"][0]["items"][0]["food_id"]
    assert set(body["days"][0]["totals"]["b12_absorbed_ug"]) == {"low", "central", "high"}
    bad = plan_client.get("/api/plan?diet=paleo")
    assert bad.status_code == 400 or bad.status_code == 422
    assert "diet" in bad.text


def test_log_this_day_writes_the_day_or_nothing(plan_client: TestClient) -> None:
    """'Log this day' is a POST with the CSRF token; it writes all of the day's entries (the
    same re-planned day the page showed) or, for a bad request, none. Day 1 is today, which
    the diary's 'last day' lists."""
    from b12.web.security import CSRF_FIELD
    from tests.web.conftest import with_csrf

    def count() -> int:
        listed = plan_client.get("/api/entries?profile=Ana&days=1")
        assert listed.status_code == 200, listed.text
        return len(listed.json())

    before = count()
    page = plan_client.get("/plan?days=3")
    start = page.text.split('name="start" value="', 1)[1].split('"', 1)[0]
    form = {"days": "3", "day": "1", "start": start}
    refused = plan_client.post("/plan/log", data=form, follow_redirects=False)
    assert refused.status_code == 403 and count() == before
    bad = plan_client.post("/plan/log", data=with_csrf(plan_client, {**form, "day": "4"}),
                           follow_redirects=False)  # fmt: skip
    assert bad.status_code == 422 and count() == before
    done = plan_client.post("/plan/log", data=with_csrf(plan_client, form),
                            follow_redirects=False)  # fmt: skip
    assert done.status_code == 303, done.text
    day1 = page.text.split('id="day-1"', 1)[1].split('id="day-2"', 1)[0]
    items = day1.count("data-food-id=")
    doses = day1.count("<strong>B12 dose ")
    assert count() == before + items + doses
    again = plan_client.get("/plan?days=3")  # the logged day does not change the plan
    ids = [c.split('"', 1)[0] for c in page.text.split('data-food-id="')[1:]]
    assert [c.split('"', 1)[0] for c in again.text.split('data-food-id="')[1:]] == ids
    shown = plan_client.get(done.headers["location"])
    assert f"Logged day 1 into your diary: {items + doses} entries." in shown.text
    assert CSRF_FIELD in shown.text
