"""Fuzz the JSON API from its own OpenAPI document: no input may cause a server error, and
every answer must match the schema the document promises.

Schemathesis generates requests for every operation (valid and invalid bodies, query
strings and paths) and sends them in-process to the ASGI app. Bounded and deterministic:
a fixed number of examples per operation, derandomized, no example database.

The schema is loaded when this module is imported (schemathesis' fixture-based loader
does not work with pytest 9), so the app is built here; the fixture food index and a
temporary diary are put in its ``app.state``, where the routes read them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from b12.config import Settings
from b12.core.diary import Profile
from b12.web.app import create_app
from b12.web.diary_access import DiaryProvider
from b12.web.food_access import FoodIndexProvider
from tests.web.conftest import settings_for

MAX_EXAMPLES = 50
CHECKS = [
    getattr(schemathesis.checks, name)
    for name in (
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_schema_conformance",
    )
]
# "Schema-violating input is rejected" holds where the web layer validates the input itself.
# Case and lab bodies are validated by the core's models, which coerce as pydantic's lax
# mode does (``"duration_minutes": true`` reads as 1), so there it is not asked for.
STRICT_CHECKS = [*CHECKS, schemathesis.checks.negative_data_rejection]
CORE_VALIDATED_BODIES = {"/api/assess", "/api/labs/interpret"}

# No file is written under this home: foods and the diary are swapped in below.
# Schemathesis calls the app as "testserver", which the Host check must then allow.
APP = create_app(settings_for(Path("/nonexistent/b12-fuzz-home")), allowed_hosts=("testserver",))
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture(scope="module")
def fuzz_diary(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DiaryProvider]:
    """One temporary SQLite diary for the fuzz run, with one profile so that entry, intake
    and timeline operations get past "no profile yet"."""
    provider = DiaryProvider(f"sqlite:///{tmp_path_factory.mktemp('fuzz-diary')}/diary.sqlite3")
    provider.get().create_profile(Profile(name="Fuzz", age=40))
    yield provider
    provider.close()


@pytest.fixture(autouse=True)
def fixture_foods(web_settings: Settings, fuzz_diary: DiaryProvider) -> Iterator[None]:
    provider = FoodIndexProvider(web_settings.food_index_path)
    homeless_foods, homeless_diary = APP.state.foods, APP.state.diary
    APP.state.foods, APP.state.diary = provider, fuzz_diary
    yield
    APP.state.foods, APP.state.diary = homeless_foods, homeless_diary
    provider.close()


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_never_fails_and_keeps_its_schema(case: Any) -> None:
    response = case.call()
    assert response.status_code < 500, (case.method, case.path, response.text[:500])
    strict = case.path not in CORE_VALIDATED_BODIES
    case.validate_response(response, checks=STRICT_CHECKS if strict else CHECKS)


def test_the_fuzzed_app_reads_the_fixture_foods_and_diary() -> None:
    """Else every food and diary operation would only ever answer 503 or "no profile"."""
    from fastapi.testclient import TestClient

    client = TestClient(APP, base_url="http://testserver")
    assert client.get("/api/foods/search", params={"q": "milk"}).status_code == 200
    assert "Fuzz" in [p["name"] for p in client.get("/api/profiles").json()]
