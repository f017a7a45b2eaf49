"""Fuzz the CDS Hooks operations from the app's OpenAPI document: whatever the body, the
service never fails (no 5xx) and every answer matches the schema it documents.

Each generated call carries a fresh valid JWT (a key made here, the operation's URL as
``aud``), so the fuzzing reaches the body handling behind the authentication. No fetch
leaves the process: the FHIR server allow-list is empty, so a request that would need a
fetch is answered 412, which is documented.
"""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path
from typing import Any

import jwt
import schemathesis
from cryptography.hazmat.primitives.asymmetric import ec
from hypothesis import HealthCheck, settings

from b12.interop.cds.config import CdsConfig
from b12.web.app import create_app
from b12.web.routes.cds import CdsState
from tests.web.conftest import settings_for

ISSUER = "https://ehr.example.org"
KEY = ec.generate_private_key(ec.SECP384R1())
_PUBLIC = jwt.algorithms.ECAlgorithm.to_jwk(KEY.public_key(), as_dict=True)

APP = create_app(settings_for(Path("/nonexistent/b12-fuzz-home")), allowed_hosts=("testserver",))
schema = schemathesis.openapi.from_asgi("/openapi.json", APP).include(path_regex="^/cds-services")


def _state(tmp: Path) -> CdsState:
    path = tmp / "jwks.json"
    path.write_text(json.dumps({"keys": [{**_PUBLIC, "kid": "k1", "alg": "ES384"}]}))
    return CdsState(CdsConfig(issuers=(ISSUER,), jwks=str(path), fhir_servers=()))


def _token(path: str) -> str:
    now = int(time.time())
    claims = {"iss": ISSUER, "aud": f"http://testserver{path}", "iat": now, "exp": now + 60}
    claims["jti"] = str(uuid.uuid4())
    return jwt.encode(claims, KEY, algorithm="ES384", headers={"kid": "k1"})


CHECKS = [
    getattr(schemathesis.checks, name)
    for name in (
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_schema_conformance",
    )
]


@schema.parametrize()
@settings(
    max_examples=40,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_cds_operations_never_fail_and_keep_their_schema(case: Any, tmp_path_factory: Any) -> None:
    if getattr(APP.state, "cds", None) is None:
        APP.state.cds = _state(tmp_path_factory.mktemp("cds-fuzz"))
    response = case.call(headers={"Authorization": f"Bearer {_token(case.formatted_path)}"})
    assert response.status_code < 500, (case.method, case.path, response.text[:500])
    case.validate_response(response, checks=CHECKS)
