"""No traceback, ever: arguments people (and fuzzers) type, thrown at every command.

Each command runs in-process through the real console entry (``b12.cli.main.run``), on a
scratch B12_HOME with a profile, and must end as a person expects: its output, or one
line saying what was wrong (exit code 2, or Typer's usage error), never a Python traceback.
"""

from __future__ import annotations

import contextlib
import io
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from b12.cli.main import run
from b12.config import get_settings

COMMANDS = [
    ["labs", "interpret"], ["assess"], ["foods", "search"], ["foods", "show"], ["foods", "top"],
    ["log", "food"], ["log", "supplement"], ["log", "drink"], ["log", "cramp"],
    ["log", "symptom"], ["log", "lab"], ["log", "list"], ["log", "edit"], ["log", "delete"],
    ["intake"], ["timeline"], ["profile", "add"], ["profile", "list"], ["profile", "use"],
    ["profile", "edit"], ["profile", "delete"], ["import"], ["data", "status"],
]  # fmt: skip
TRICKY = [
    "--days", "3000000", "--to", "9999-12-31", "--from", "0001-01-01", "1e309", "-5", "0",
    "nan", "inf", "9" * 5000, "1,450", "1 450", "--json", "--at", "25:99", "--amount",
    "--dose", "--volume", "furlongs", "b12_total=-5 furlongs", "ck=1,200 U/L", "k=",
    "=", "(", "[<", "@", "\u00fc", "\u202e", "--age", "5", "--sex", "man", "male", "--pregnant",
    "--location", "--duration", "99999m", "--severity", "11", "-", "", " ", "'", '"',
]  # fmt: skip
words = st.sampled_from(TRICKY) | st.text(
    st.characters(codec="utf-8", exclude_characters="\x00"), max_size=12
)


@pytest.fixture
def scratch_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    for name in [n for n in __import__("os").environ if n.startswith("B12_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("B12_HOME", str(tmp_path))
    monkeypatch.setenv("COLUMNS", "100")
    get_settings.cache_clear()
    invoke(["profile", "add", "Ana", "--age", "40"])
    yield tmp_path
    get_settings.cache_clear()


def invoke(args: list[str], stdin: str = "") -> tuple[int, str]:
    """Run ``b12 ARGS`` as the console entry does; (exit code, what it wrote)."""
    out = io.StringIO()
    old_argv, old_stdin = sys.argv, sys.stdin
    sys.argv = ["b12", *args]
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin.encode()), encoding="utf-8")
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            try:
                run()
                code = 0
            except SystemExit as stop:
                code = stop.code if isinstance(stop.code, int) else 1
    finally:
        sys.argv, sys.stdin = old_argv, old_stdin
    return code, out.getvalue()


@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c) for c in COMMANDS])
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(args=st.lists(words, max_size=5))
def test_no_arguments_end_in_a_traceback(
    scratch_home: Path, command: list[str], args: list[str]
) -> None:
    try:
        code, shown = invoke([*command, *args])
    except Exception as exc:  # anything escaping the entry point is what a person sees
        pytest.fail(f"b12 {' '.join(command + args)!r} raised {type(exc).__name__}: {exc}")
    assert "Traceback" not in shown, shown
    assert code in (0, 1, 2), (code, shown)


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"\x80\x81", "not UTF-8"),
        (b"\xef\xbb\xbf" + b'{"person": {"age": 40}}', ""),  # a UTF-8 BOM is fine
        (b"[" * 100_000, "nested too deeply"),
        (b'{"person": {"age": ' + b"9" * 5000 + b"}}", "thousands of digits"),
        (b'{"person": {"age": 40}, "person": {"age": 50}}', "appears twice"),
        (b'{"person": {"age": NaN}}', "not a JSON number"),
    ],
)
@pytest.mark.parametrize("command", [["assess"], ["import"]])
def test_files_people_bring_are_read_or_refused_in_one_line(
    scratch_home: Path, content: bytes, needle: str, command: list[str]
) -> None:
    path = scratch_home / "given.json"
    path.write_bytes(content)
    code, shown = invoke([*command, str(path)])
    assert "Traceback" not in shown
    if needle:
        assert code == 2 and needle in shown, shown


def test_a_pregnant_man_in_the_lab_reader_is_one_line(scratch_home: Path) -> None:
    code, shown = invoke(["labs", "interpret", "--sex", "male", "--pregnant", "k=4 mmol/L"])
    assert code == 2 and "pregnant was given with sex male" in shown
    assert "Traceback" not in shown
