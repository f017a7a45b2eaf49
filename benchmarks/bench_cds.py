"""A CDS Hooks call end to end on 127.0.0.1, beside the app's cheapest route.

One uvicorn process serves the b12 app (one worker, no access log) with B12_CDS_ISSUERS
and B12_CDS_JWKS set to a key made here. The client sends, one after another over one
keep-alive connection, a signed order-select call with complete prefetch (a metformin
draft order and no B12 result: the case that returns one card) and, as the baseline,
``GET /api/health`` on the same server, in alternating rounds. Each token is signed before
the timing starts (a fresh ``jti`` per call, as the replay check requires), so the figure
is the server's work: JWT verification, body parsing, the rules, the card, JSON, HTTP.
Latency is measured by the client (httpx), so it includes the client's own overhead for
both routes alike. Nothing is asserted; the issue's target is a p99 under 100 ms.

Run: ./dev python benchmarks/bench_cds.py [--requests N] [--rounds R]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import jwt
from cryptography.hazmat.primitives.asymmetric import ec

ISSUER = "https://ehr.example.org"
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"


def body() -> dict[str, Any]:
    draft = {
        "resourceType": "MedicationRequest",
        "id": "smart-MedicationRequest-103",
        "status": "draft",
        "intent": "order",
        "medicationCodeableConcept": {
            "coding": [{"system": RXNORM, "code": "6809", "display": "metformin"}],
            "text": "Metformin 500 mg tablet",
        },
        "subject": {"reference": "Patient/1288992"},
    }
    ppi = {
        "resourceType": "MedicationRequest",
        "id": "ppi",
        "status": "active",
        "authoredOn": "2025-01-01",
        "medicationCodeableConcept": {"text": "omeprazole 20 MG Delayed Release Oral Capsule"},
    }
    return {
        "hookInstance": str(uuid.uuid4()),
        "hook": "order-select",
        "context": {
            "userId": "PractitionerRole/123",
            "patientId": "1288992",
            "selections": ["MedicationRequest/smart-MedicationRequest-103"],
            "draftOrders": {"resourceType": "Bundle", "entry": [{"resource": draft}]},
        },
        "prefetch": {
            "patient": {"resourceType": "Patient", "id": "1288992", "birthDate": "1958-04-12"},
            "b12": {"resourceType": "Bundle", "type": "searchset", "entry": []},
            "medications": {"resourceType": "Bundle", "entry": [{"resource": ppi}]},
        },
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=500, help="per route per round")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    key = ec.generate_private_key(ec.SECP384R1())
    public = jwt.algorithms.ECAlgorithm.to_jwk(key.public_key(), as_dict=True)
    with tempfile.TemporaryDirectory() as tmp:
        jwks = Path(tmp) / "jwks.json"
        jwks.write_text(json.dumps({"keys": [{**public, "kid": "k1", "alg": "ES384"}]}))
        port = free_port()
        env = {**os.environ, "B12_HOME": tmp, "B12_CDS_ISSUERS": ISSUER, "B12_CDS_JWKS": str(jwks)}
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "--factory",
                "b12.web.app:create_app",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--no-access-log",
                "--log-level",
                "warning",
            ],
            env=env,
        )
        try:
            run(key, f"http://127.0.0.1:{port}", args.requests, args.rounds)
        finally:
            server.terminate()
            server.wait(timeout=10)


def run(key: Any, base: str, n: int, rounds: int) -> None:
    url = f"{base}/cds-services/b12-order-select"
    payload = json.dumps(body()).encode()
    with httpx.Client(timeout=10) as client:
        for _ in range(100):
            try:
                client.get(f"{base}/api/health")
                break
            except httpx.TransportError:
                time.sleep(0.1)
        timings: dict[str, list[float]] = {"health": [], "cds": []}

        def tokens(count: int) -> list[str]:
            now = int(time.time())
            return [
                jwt.encode(
                    {
                        "iss": ISSUER,
                        "aud": url,
                        "iat": now,
                        "exp": now + 280,
                        "jti": str(uuid.uuid4()),
                    },
                    key,
                    algorithm="ES384",
                    headers={"kid": "k1"},
                )
                for _ in range(count)
            ]

        for token in tokens(50):  # warm-up
            client.post(
                url,
                content=payload,
                headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
            )
            client.get(f"{base}/api/health")
        for _ in range(rounds):
            for _ in range(n):
                start = time.perf_counter()
                client.get(f"{base}/api/health").raise_for_status()
                timings["health"].append(time.perf_counter() - start)
            signed = tokens(n)
            cards = 0
            for token in signed:
                headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
                start = time.perf_counter()
                response = client.post(url, content=payload, headers=headers)
                timings["cds"].append(time.perf_counter() - start)
                response.raise_for_status()
                cards = len(response.json()["cards"])
        print(
            f"{n} x {rounds} requests per route, one keep-alive connection; cards per call: {cards}"
        )
        for name, label in (
            ("health", "GET /api/health (baseline)"),
            ("cds", "POST order-select, prefetch"),
        ):
            values = [v * 1000 for v in timings[name]]
            print(
                f"{label:32} p50 {statistics.median(values):6.2f} ms"
                f"   p99 {percentile(values, 0.99):6.2f} ms"
                f"   mean {statistics.fmean(values):6.2f} ms"
            )


if __name__ == "__main__":
    main()
