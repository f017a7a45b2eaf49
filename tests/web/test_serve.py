"""`b12 serve` as a user runs it: a real process on 127.0.0.1 that answers, works without a
food index, and stops cleanly; and the command stays out of `b12 --help`'s start-up time."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

B12 = [sys.executable, "-m", "b12"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def test_serve_runs_on_localhost_without_food_data(tmp_path: Path) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("B12_")}
    env["B12_HOME"] = str(tmp_path)
    proc = subprocess.Popen(
        [*B12, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                status, body = get(f"{base}/api/health")
                break
            except (urllib.error.URLError, ConnectionError):
                assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
                assert time.monotonic() < deadline, "b12 serve did not answer in 20 s"
                time.sleep(0.1)
        assert status == 200
        assert json.loads(body)["food_index"] == "missing"
        status, html = get(f"{base}/foods")
        assert status == 503 and "b12 data import --source DIR" in html
        assert get(f"{base}/")[0] == 200
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            out, _ = proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, _ = proc.communicate()
    assert proc.returncode == 0, out
    assert f"http://127.0.0.1:{port}/" in out


def test_serve_is_listed_and_imports_no_web_framework_for_help() -> None:
    help_text = subprocess.run(
        [*B12, "--help"], capture_output=True, text=True, check=True, timeout=30
    ).stdout
    assert "serve" in help_text
    probe = (
        "import sys, b12.cli.main; "
        "heavy = {'fastapi', 'uvicorn', 'starlette', 'jinja2'} & set(sys.modules); "
        "print(sorted(heavy))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=30
    ).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize("port", ["0", "70000", "http"])
def test_serve_refuses_bad_ports(port: str) -> None:
    proc = subprocess.run(
        [*B12, "serve", "--port", port], capture_output=True, text=True, timeout=30
    )
    assert proc.returncode == 2
    assert "--port" in proc.stderr


def test_serve_refuses_an_address_beyond_this_computer(tmp_path: Path) -> None:
    """No accounts yet: a diary served to the network would be everyone's to read."""
    env = {**os.environ, "B12_HOME": str(tmp_path)}
    proc = subprocess.run(
        [sys.executable, "-m", "b12", "serve", "--host", "0.0.0.0", "--port", "8799"],
        capture_output=True, text=True, env=env, timeout=30,
    )  # fmt: skip
    assert proc.returncode == 2
    assert "answers only on this computer" in proc.stderr and "Traceback" not in proc.stderr
