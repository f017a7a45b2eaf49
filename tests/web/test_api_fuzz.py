"""Fuzz the JSON API from its own OpenAPI document: no input may cause a server error, and
every answer must match the schema the document promises.

Schemathesis generates requests for every operation (valid and invalid bodies, query
strings and paths) and sends them in-process to the ASGI app. Bounded and deterministic:
a fixed number of examples per operation, derandomized, no example database.

The schema is loaded when this module is imported (schemathesis' fixture-based loader
does not work with pytest 9), so the app is built here; the fixture food index is put in
through ``dependency_overrides``, as any test would swap a dependency.
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
from b12.web.deps import get_diary, get_foods
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

# No file is written under this home: foods and the diary come from the overrides below.
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
    APP.dependency_overrides[get_foods] = lambda: provider
    APP.dependency_overrides[get_diary] = lambda: fuzz_diary
    yield
    APP.dependency_overrides.clear()
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
