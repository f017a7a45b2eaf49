"""Without the ``postgres`` extra, a postgresql:// diary says which extra to install."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

# A b12 process in which psycopg cannot be imported, as in an install without the extra
# (``sys.modules[name] = None`` is Python's own way to make an import fail).
WITHOUT_PSYCOPG = (
    "import sys; sys.modules['psycopg'] = None\n"
    "from b12.cli.main import run\n"
    "sys.argv = ['b12', *sys.argv[1:]]\n"
    "run()\n"
)


def test_a_postgresql_url_without_the_driver_names_the_extra(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "B12_HOME": str(tmp_path),
        "B12_DATABASE_URL": "postgresql://me:secret@127.0.0.1:1/diary",
    }
    env.pop("B12_PROFILE", None)
    proc = subprocess.run(
        [sys.executable, "-c", WITHOUT_PSYCOPG, "profile", "list"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert proc.returncode == 2, proc.stderr
    assert "'postgres' extra" in proc.stderr and "b12[postgres]" in proc.stderr
    assert "Traceback" not in proc.stderr and "secret" not in proc.stderr
