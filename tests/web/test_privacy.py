"""The web app sends nothing about its requests anywhere, even in a process where an
OpenTelemetry tracer is configured (FastAPI would otherwise trace every request)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

# Run in a child process: a global tracer provider can be set only once per process.
_SCRIPT = """
import json
from fastapi import FastAPI
from fastapi.testclient import TestClient
from opentelemetry import trace
from b12.web.app import create_app

spans = []

class RecordingTracer(trace.NoOpTracer):
    def start_span(self, name, *args, **kwargs):
        spans.append(name)
        return super().start_span(name, *args, **kwargs)

    def start_as_current_span(self, name, *args, **kwargs):
        spans.append(name)
        return super().start_as_current_span(name, *args, **kwargs)

class RecordingProvider(trace.TracerProvider):  # not a NoOp one: FastAPI skips those
    def get_tracer(self, *args, **kwargs):
        return RecordingTracer()

trace.set_tracer_provider(RecordingProvider())

def spans_of(app, path):
    spans.clear()
    with TestClient(app, base_url="http://127.0.0.1") as client:
        assert client.get(path).status_code == 200
    return list(spans)

bare = FastAPI()

@bare.get("/ping")
def ping():
    return {"ok": True}

b12 = create_app()  # B12_HOME is an empty folder
print(json.dumps({"bare": spans_of(bare, "/ping"), "b12": spans_of(b12, "/api/health")}))
"""


def test_requests_are_not_traced_even_with_a_tracer_configured(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT],
        capture_output=True,
        text=True,
        timeout=60,
        env={
            "B12_HOME": str(tmp_path),
            "FASTAPI_OTEL_AUTO_CONFIGURE": "true",
            "PATH": "/usr/bin:/bin",
        },
    )
    assert done.returncode == 0, done.stderr
    spans = json.loads(done.stdout.strip().splitlines()[-1])
    assert spans["bare"], "a plain FastAPI app traces its requests: the recorder must see that"
    assert spans["b12"] == []
