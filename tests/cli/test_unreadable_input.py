"""A file named on the command line that cannot be read (missing, a folder, a name too
long for the file system) is one line naming it, exit 2, in every command that reads one."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.in_process import b12

TOO_LONG = "9" * 5000  # ENAMETOOLONG, found by the no-traceback property test


@pytest.mark.parametrize("command", [["import"], ["fhir", "import"], ["assess"]])
@pytest.mark.parametrize("name", [TOO_LONG, "no-such-file.json", "."])
def test_an_unreadable_file_is_one_line(tmp_path: Path, command: list[str], name: str) -> None:
    ran = b12(*command, name, env={"B12_HOME": str(tmp_path)}, stdin="")
    assert ran.returncode == 2, ran.stderr
    message = ran.stderr.strip()
    assert message.startswith("error:") and "\n" not in message and "Traceback" not in message
    assert ("no such" in message) or ("cannot read" in message)
