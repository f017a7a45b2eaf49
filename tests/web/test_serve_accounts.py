"""`b12 serve` with accounts, as an operator runs it: a real process.

Without accounts another --host is refused (test_serve.py); once there is one,
`b12 serve --host` on an address that is not this computer's name starts, and the server
asks for sign-in before it shows anything.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from b12.store import DiaryStore
from b12.store.accounts import Accounts
from tests.web.test_serve import free_port, get

B12 = [sys.executable, "-m", "b12"]
PASSWORD = "a long enough password"


def test_serve_beyond_this_computer_starts_with_accounts_and_asks_for_sign_in(
    tmp_path: Path,
) -> None:
    with DiaryStore(f"sqlite:///{tmp_path / 'diary.sqlite3'}") as store:
        Accounts(store).add("ana", PASSWORD)  # as `b12 user add` does (test_user_cli.py)
    host, port = "127.0.0.2", free_port()  # not a name of this computer, though local
    env = {k: v for k, v in os.environ.items() if not k.startswith("B12_")}
    env["B12_HOME"] = str(tmp_path)
    proc = subprocess.Popen(
        [*B12, "serve", "--host", host, "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://{host}:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                status, _ = get(f"{base}/api/health")
                break
            except (urllib.error.URLError, ConnectionError):
                assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
                assert time.monotonic() < deadline, "b12 serve did not answer in 20 s"
                time.sleep(0.1)
        assert status == 200
        assert get(f"{base}/api/profiles")[0] == 401
        request = urllib.request.Request(
            f"{base}/api/session",
            data=json.dumps({"name": "ana", "password": PASSWORD}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as answer:
            cookie = answer.headers["Set-Cookie"]
        assert "HttpOnly" in cookie and "Secure" in cookie  # beyond this computer's names
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            out, _ = proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, _ = proc.communicate()
    assert f"http://{host}:{port}/ (sign-in required)" in out
