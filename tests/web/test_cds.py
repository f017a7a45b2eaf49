"""The CDS Hooks service called as EHRs call it: over HTTP on a real uvicorn server on
127.0.0.1, with JWTs signed by keys made here, requests shaped like the spec's examples
(order-select with draftOrders and selections, patient 1288992) and the CDS Hooks sandbox's
(hookInstance, fhirServer, fhirAuthorization, prefetch keyed by the discovery's templates).

Missing prefetch is fetched from a **fixture FHIR server** started here on 127.0.0.1 (a
plain http.server answering the few reads and searches the services ask for with example
resources); it is not a FHIR implementation, only enough to see the fallback happen with
the EHR's access token.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from b12.config import Settings
from b12.interop.cds.config import CdsConfig
from b12.web.app import create_app
from b12.web.routes.cds import CdsState
from tests.web.conftest import LiveServer

ISSUER = "https://ehr.example.org"
ORIGIN = "https://ehr.example.org"
PATIENT = "1288992"
LOINC = "http://loinc.org"
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
TODAY = date.today()


class Keys:
    def __init__(self) -> None:
        self.ec = ec.generate_private_key(ec.SECP384R1())
        self.rsa = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.stranger = ec.generate_private_key(ec.SECP384R1())

    def jwks(self) -> dict[str, Any]:
        ec_jwk = jwt.algorithms.ECAlgorithm.to_jwk(self.ec.public_key(), as_dict=True)
        rsa_jwk = jwt.algorithms.RSAAlgorithm.to_jwk(self.rsa.public_key(), as_dict=True)
        return {
            "keys": [
                {**ec_jwk, "kid": "ec-1", "alg": "ES384", "use": "sig"},
                {**rsa_jwk, "kid": "rsa-1", "alg": "RS384", "use": "sig"},
            ]
        }

    def sign(self, aud: str, *, alg: str = "ES384", key: Any = None, **claims: Any) -> str:
        now = int(time.time())
        body = {"iss": ISSUER, "sub": "ehr-client", "aud": aud, "iat": now, "exp": now + 120}
        body |= {"jti": str(uuid.uuid4())} | claims
        body = {k: v for k, v in body.items() if v is not None}
        private = key or (self.ec if alg == "ES384" else self.rsa)
        kid = "ec-1" if alg == "ES384" else "rsa-1"
        return jwt.encode(body, private, algorithm=alg, headers={"kid": kid})


@pytest.fixture(scope="module")
def keys() -> Keys:
    return Keys()


class FixtureFhir:
    """Example resources served at /Patient/1288992, /Observation?… and
    /MedicationRequest?…; records each request's Authorization header."""

    def __init__(self) -> None:
        self.observations: list[dict[str, Any]] = []
        self.medications: list[dict[str, Any]] = []
        self.seen: list[tuple[str, str | None]] = []
        fixture = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                fixture.seen.append((self.path, self.headers.get("Authorization")))
                if self.path == f"/fhir/Patient/{PATIENT}":
                    body: dict[str, Any] = PATIENT_RESOURCE
                elif self.path.startswith("/fhir/Observation?"):
                    body = search_bundle(fixture.observations)
                elif self.path.startswith("/fhir/MedicationRequest?"):
                    body = search_bundle(fixture.medications)
                else:
                    self.send_response(404)
                    self.end_headers()
                    return
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/fhir+json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/fhir"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="module")
def fhir_server() -> Iterator[FixtureFhir]:
    server = FixtureFhir()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def cds_server(
    web_settings: Settings, keys: Keys, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    jwks = tmp_path_factory.mktemp("cds") / "jwks.json"
    jwks.write_text(json.dumps(keys.jwks()))
    app = create_app(web_settings)
    app.state.cds = CdsState(CdsConfig(issuers=(ISSUER,), jwks=str(jwks), origins=(ORIGIN,)))
    server = LiveServer(app)
    server.start()
    yield server
    server.stop()


PATIENT_RESOURCE = {
    "resourceType": "Patient",
    "id": PATIENT,
    "gender": "female",
    "birthDate": "1958-04-12",
}


def search_bundle(resources: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "resourceType": "Bundle",
        "type": "searchset",
        "total": len(resources),
        "entry": [{"resource": r} for r in resources],
    }


def b12_observation(value: float, unit: str, on: date) -> dict[str, Any]:
    code = "2132-9" if unit == "pg/mL" else "14685-2"
    return {
        "resourceType": "Observation",
        "id": f"b12-{on}",
        "status": "final",
        "code": {"coding": [{"system": LOINC, "code": code}]},
        "subject": {"reference": f"Patient/{PATIENT}"},
        "effectiveDateTime": on.isoformat(),
        "valueQuantity": {
            "value": value,
            "unit": unit,
            "system": "http://unitsofmeasure.org",
            "code": unit,
        },
    }


def medication_request(
    display: str, *, status: str = "active", authored: date | None = None, rid: str = "m1"
) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "MedicationRequest",
        "id": rid,
        "status": status,
        "intent": "order",
        "medicationCodeableConcept": {
            "coding": [{"system": RXNORM, "display": display}],
            "text": display,
        },
        "subject": {"reference": f"Patient/{PATIENT}"},
    }
    if authored:
        resource["authoredOn"] = authored.isoformat()
    return resource


# The spec's order-select example, with metformin as the selected medication.
NUTRITION_ORDER = {
    "resourceType": "NutritionOrder",
    "id": "pureeddiet-simple",
    "status": "draft",
    "patient": {"reference": f"Patient/{PATIENT}"},
    "dateTime": "2014-09-17",
}
METFORMIN_DRAFT = {
    **medication_request("metformin hydrochloride 500 MG Oral Tablet", status="draft"),
    "id": "smart-MedicationRequest-103",
    "medicationCodeableConcept": {
        "coding": [{"system": RXNORM, "code": "6809", "display": "metformin"}],
        "text": "Metformin 500 mg tablet",
    },
    "dosageInstruction": [{"text": "500 mg twice a day"}],
}


def order_select(prefetch: dict[str, Any] | None, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "hookInstance": str(uuid.uuid4()),
        "hook": "order-select",
        "context": {
            "userId": "PractitionerRole/123",
            "patientId": PATIENT,
            "encounterId": "89284",
            "selections": [
                "NutritionOrder/pureeddiet-simple",
                "MedicationRequest/smart-MedicationRequest-103",
            ],
            "draftOrders": search_bundle([NUTRITION_ORDER, METFORMIN_DRAFT])
            | {"type": "collection"},
        },
    }
    if prefetch is not None:
        body["prefetch"] = prefetch
    return body | extra


def full_prefetch(
    observations: list[dict[str, Any]], medications: list[dict[str, Any]] = ()
) -> dict[str, Any]:  # type: ignore[assignment]
    return {
        "patient": PATIENT_RESOURCE,
        "b12": search_bundle(observations),
        "medications": search_bundle(list(medications)),
    }


def call(
    server: LiveServer, keys: Keys, service: str, body: dict[str, Any], token: str | None = "sign"
) -> httpx.Response:
    url = f"{server.url}/cds-services/{service}"
    headers = (
        {}
        if token is None
        else {"Authorization": f"Bearer {keys.sign(url) if token == 'sign' else token}"}
    )
    return httpx.post(url, json=body, headers=headers, timeout=10)


def test_discovery_lists_the_three_hooks_with_prefetch(cds_server: LiveServer) -> None:
    found = httpx.get(f"{cds_server.url}/cds-services").json()["services"]
    assert {s["hook"] for s in found} == {"patient-view", "order-select", "order-sign"}
    prefetch = found[0]["prefetch"]
    assert prefetch["patient"] == "Patient/{{context.patientId}}"
    assert "http://loinc.org|2132-9" in prefetch["b12"] and "14685-2" in prefetch["b12"]
    assert prefetch["medications"].startswith("MedicationRequest?patient={{context.patientId}}")


def test_metformin_selected_and_no_b12_result_gives_one_card(
    cds_server: LiveServer, keys: Keys
) -> None:
    response = call(cds_server, keys, "b12-order-select", order_select(full_prefetch([])))
    assert response.status_code == 200, response.text
    (card,) = response.json()["cards"]
    assert len(card["summary"]) < 140 and card["summary"].startswith("Metformin")
    assert card["indicator"] == "warning"
    assert card["source"]["url"] and card["source"]["label"]
    assert card["selectionBehavior"] == "at-most-one"
    (suggestion,) = card["suggestions"]
    (action,) = suggestion["actions"]
    assert action["type"] == "create"
    request = action["resource"]
    assert request["resourceType"] == "ServiceRequest"
    assert request["code"]["coding"][0]["code"] == "2132-9"
    assert request["subject"] == {"reference": f"Patient/{PATIENT}"}
    assert {r["code"] for r in card["overrideReasons"]} >= {"recent-result-elsewhere"}


def test_a_b12_result_two_months_old_gives_no_card(cds_server: LiveServer, keys: Keys) -> None:
    recent = b12_observation(420, "pg/mL", TODAY - timedelta(days=61))
    response = call(cds_server, keys, "b12-order-select", order_select(full_prefetch([recent])))
    assert response.status_code == 200
    assert response.json() == {"cards": []}


def test_a_result_older_than_the_window_does_not_count(cds_server: LiveServer, keys: Keys) -> None:
    old = b12_observation(420, "pg/mL", TODAY - timedelta(days=400))
    response = call(cds_server, keys, "b12-order-select", order_select(full_prefetch([old])))
    assert len(response.json()["cards"]) == 1


def test_a_low_result_gives_the_guidelines_next_step(cds_server: LiveServer, keys: Keys) -> None:
    low = b12_observation(110, "pmol/L", TODAY - timedelta(days=20))
    body = order_select(full_prefetch([low])) | {"hook": "order-sign"}
    response = call(cds_server, keys, "b12-order-sign", body)
    (card,) = response.json()["cards"]
    assert "deficiency confirmed" in card["summary"] and "110 pmol/L" in card["summary"]
    assert "treatment" in card["detail"]


def test_patient_view_reminds_on_a_long_ppi_course_only(cds_server: LiveServer, keys: Keys) -> None:
    def view(medications: list[dict[str, Any]]) -> list[dict[str, Any]]:
        body = {
            "hookInstance": str(uuid.uuid4()),
            "hook": "patient-view",
            "context": {"userId": "Practitioner/example", "patientId": PATIENT},
            "prefetch": full_prefetch([], medications),
        }
        cards: list[dict[str, Any]] = call(cds_server, keys, "b12-patient-view", body).json()[
            "cards"
        ]
        return cards

    long_course = medication_request(
        "omeprazole 20 MG Delayed Release Oral Capsule", authored=TODAY - timedelta(days=3 * 365)
    )
    short_course = medication_request("omeprazole 20 MG", authored=TODAY - timedelta(days=200))
    (card,) = view([long_course])
    assert card["summary"].startswith("Omeprazole for 2 years")
    assert view([short_course]) == []
    assert view([]) == []


def test_missing_prefetch_is_fetched_from_the_fhir_server(
    cds_server: LiveServer, keys: Keys, fhir_server: FixtureFhir
) -> None:
    fhir_server.observations = [b12_observation(420, "pg/mL", TODAY - timedelta(days=30))]
    auth = {
        "access_token": "fixture-token-abc",
        "token_type": "Bearer",
        "expires_in": 300,
        "scope": "patient/*.read",
        "subject": "cds-service",
    }
    fhir_server.seen.clear()
    body = order_select(None, fhirServer=fhir_server.url, fhirAuthorization=auth)
    response = call(cds_server, keys, "b12-order-select", body)
    assert response.status_code == 200, response.text
    assert response.json() == {"cards": []}  # the fetched result is recent
    assert sorted(p.split("?")[0] for p, _ in fhir_server.seen) == [
        "/fhir/MedicationRequest",
        "/fhir/Observation",
        f"/fhir/Patient/{PATIENT}",
    ]
    assert {a for _, a in fhir_server.seen} == {"Bearer fixture-token-abc"}
    # Partial prefetch: only the missing key is fetched.
    fhir_server.seen.clear()
    partial = full_prefetch([])
    del partial["b12"]
    body = order_select(partial, fhirServer=fhir_server.url, fhirAuthorization=auth)
    assert call(cds_server, keys, "b12-order-select", body).json() == {"cards": []}
    assert [p.split("?")[0] for p, _ in fhir_server.seen] == ["/fhir/Observation"]
    # A null prefetch value means the EHR could not fetch it: the service does.
    fhir_server.observations = []
    body = order_select(partial | {"b12": None}, fhirServer=fhir_server.url, fhirAuthorization=auth)
    assert len(call(cds_server, keys, "b12-order-select", body).json()["cards"]) == 1


def test_missing_prefetch_without_a_fhir_server_is_412(cds_server: LiveServer, keys: Keys) -> None:
    response = call(cds_server, keys, "b12-order-select", order_select(None))
    assert response.status_code == 412
    assert "prefetch" in response.json()["error"]["message"]


@pytest.mark.parametrize(
    "case",
    [
        "unsigned",
        "not_bearer",
        "expired",
        "wrong_audience",
        "wrong_issuer",
        "stranger_key",
        "hs256",
        "no_jti",
        "too_long_lived",
    ],
)
def test_calls_without_a_valid_jwt_are_refused(
    cds_server: LiveServer, keys: Keys, case: str
) -> None:
    url = f"{cds_server.url}/cds-services/b12-order-select"
    now = int(time.time())
    tokens: dict[str, str | None] = {
        "unsigned": None,
        "not_bearer": "",
        "expired": keys.sign(url, exp=now - 600, iat=now - 900),
        "wrong_audience": keys.sign(f"{cds_server.url}/cds-services/b12-patient-view"),
        "wrong_issuer": keys.sign(url, iss="https://evil.example"),
        "stranger_key": keys.sign(url, key=keys.stranger),
        "hs256": jwt.encode(
            {"iss": ISSUER, "aud": url, "exp": now + 60, "iat": now, "jti": "x"},
            "s" * 48,
            algorithm="HS256",
        ),
        "no_jti": keys.sign(url, jti=None),
        "too_long_lived": keys.sign(url, exp=now + 3600),
    }
    token = tokens[case]
    headers = (
        {} if token is None else {"Authorization": f"Bearer {token}" if token else "Basic abc"}
    )
    response = httpx.post(url, json=order_select(full_prefetch([])), headers=headers, timeout=10)
    assert response.status_code == 401, (case, response.text)
    assert response.headers["www-authenticate"].startswith("Bearer")


def test_a_replayed_jwt_is_refused_and_rs384_is_accepted(
    cds_server: LiveServer, keys: Keys
) -> None:
    url = f"{cds_server.url}/cds-services/b12-order-select"
    token = keys.sign(url, alg="RS384")
    first = call(cds_server, keys, "b12-order-select", order_select(full_prefetch([])), token)
    assert first.status_code == 200
    again = call(cds_server, keys, "b12-order-select", order_select(full_prefetch([])), token)
    assert again.status_code == 401 and "used before" in again.json()["error"]["message"]


def test_cors_preflight_and_answers_only_for_configured_origins(
    cds_server: LiveServer, keys: Keys
) -> None:
    url = f"{cds_server.url}/cds-services/b12-order-select"
    ask = {
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type",
    }
    ok = httpx.options(url, headers={"Origin": ORIGIN, **ask})
    assert ok.status_code == 204
    assert ok.headers["access-control-allow-origin"] == ORIGIN
    assert "authorization" in ok.headers["access-control-allow-headers"]
    refused = httpx.options(url, headers={"Origin": "https://other.example", **ask})
    assert refused.status_code == 403 and "access-control-allow-origin" not in refused.headers
    signed = {"Authorization": f"Bearer {keys.sign(url)}", "Origin": ORIGIN}
    answer = httpx.post(url, json=order_select(full_prefetch([])), headers=signed)
    assert answer.status_code == 200 and answer.headers["access-control-allow-origin"] == ORIGIN
    unsigned = httpx.post(url, json=order_select(full_prefetch([])), headers={"Origin": ORIGIN})
    assert unsigned.status_code == 401 and unsigned.headers["access-control-allow-origin"] == ORIGIN
    other = httpx.post(
        url,
        json={},
        headers={"Origin": "https://other.example", "Authorization": f"Bearer {keys.sign(url)}"},
    )
    assert "access-control-allow-origin" not in other.headers


def test_the_host_allow_list_still_applies(cds_server: LiveServer) -> None:
    response = httpx.get(f"{cds_server.url}/cds-services", headers={"Host": "evil.example"})
    assert response.status_code == 400


def test_feedback_is_taken_and_bad_bodies_are_422(cds_server: LiveServer, keys: Keys) -> None:
    url = f"{cds_server.url}/cds-services/b12-order-select/feedback"
    item = {
        "card": "9368d37b",
        "outcome": "overridden",
        "outcomeTimestamp": "2026-03-01T10:00:00Z",
        "overrideReason": {"reason": {"code": "recent-result-elsewhere"}, "userComment": "x"},
    }
    auth = {"Authorization": f"Bearer {keys.sign(url)}"}
    response = httpx.post(url, json={"feedback": [item]}, headers=auth)
    assert response.status_code == 200 and response.json() == {"received": 1}
    bad = httpx.post(
        url,
        json={"feedback": [{"card": "x"}]},
        headers={"Authorization": f"Bearer {keys.sign(url)}"},
    )
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "feedback[0].outcome"
    wrong_hook = order_select(full_prefetch([])) | {"hook": "patient-view"}
    assert call(cds_server, keys, "b12-order-select", wrong_hook).status_code == 422
    assert call(cds_server, keys, "no-such-service", order_select(None)).status_code in (401, 404)


def test_no_patient_data_or_token_in_the_log(
    cds_server: LiveServer, keys: Keys, caplog: pytest.LogCaptureFixture
) -> None:
    url = f"{cds_server.url}/cds-services/b12-order-select"
    token = keys.sign(url)
    with caplog.at_level(logging.DEBUG):
        call(cds_server, keys, "b12-order-select", order_select(full_prefetch([])), token)
        call(cds_server, keys, "b12-order-select", order_select(full_prefetch([])), token)  # replay
    text = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("b12"))
    assert "1 card(s)" in text and "used before" in text
    assert PATIENT not in text and token not in text and "etformin" not in text
