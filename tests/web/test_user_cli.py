"""`b12 user` as an operator runs it (real processes): add, list, adopt, passwd, delete,
and one clear line for bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

B12 = [sys.executable, "-m", "b12"]
PASSWORD = "a long enough password"


def b12(home: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("B12_")}
    env["B12_HOME"] = str(home)
    return subprocess.run(
        [*B12, *args], input=stdin, capture_output=True, text=True, env=env, timeout=60
    )


def test_user_commands_add_list_passwd_delete(tmp_path: Path) -> None:
    assert "no accounts" in b12(tmp_path, "user", "list").stdout
    added = b12(tmp_path, "user", "add", "ana", "--admin", "--password-stdin", stdin=PASSWORD)
    assert added.returncode == 0 and "added account 'ana' (admin)" in added.stdout
    b12(tmp_path, "user", "add", "bo", "--password-stdin", stdin=PASSWORD + "\n")
    listed = json.loads(b12(tmp_path, "user", "list", "--json").stdout)
    assert [(u["name"], u["role"], u["profiles"]) for u in listed] == [
        ("ana", "admin", 0),
        ("bo", "user", 0),
    ]
    short = b12(tmp_path, "user", "passwd", "bo", "--password-stdin", stdin="short")
    assert short.returncode == 2 and "10 to 1024 characters" in short.stderr
    bad = b12(tmp_path, "user", "add", "Bo Smith", "--password-stdin", stdin=PASSWORD)
    assert bad.returncode == 2 and "a-z, 0-9" in bad.stderr and "Traceback" not in bad.stderr
    assert (
        b12(tmp_path, "user", "passwd", "bo", "--password-stdin", stdin=PASSWORD * 2).returncode
        == 0
    )
    assert b12(tmp_path, "profile", "add", "Bo", "--age", "40").returncode == 0
    gave = b12(tmp_path, "user", "adopt", "bo")
    assert gave.returncode == 0 and "gave Bo to account 'bo'" in gave.stdout
    assert "Bo" not in b12(tmp_path, "profile", "list").stdout  # now bo's, not this computer's
    held = b12(tmp_path, "user", "delete", "bo")
    assert held.returncode == 2 and "owns 1 profile" in held.stderr
    gone = b12(tmp_path, "user", "delete", "bo", "--with-profiles")
    assert gone.returncode == 0 and "deleted account 'bo'" in gone.stdout
    missing = b12(tmp_path, "user", "delete", "bo")
    assert missing.returncode == 2 and "no account named 'bo'" in missing.stderr
