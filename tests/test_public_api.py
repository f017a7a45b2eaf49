"""``import b12`` as another program uses it: the names it promises, cheaply imported, and
the README's example, run as written with its printed results checked."""

from __future__ import annotations

import contextlib
import io
import re
import subprocess
import sys
from pathlib import Path

import b12

README = Path(__file__).resolve().parents[1] / "README.md"


def test_the_exported_names_are_pinned() -> None:
    assert b12.__all__ == [
        "AbsorptionEstimate", "Assessment", "B12Error", "B12Intake", "Case", "FoodIndex",
        "InputError", "Knowledge", "LabReport", "__version__", "absorbed_b12", "assess",
        "load_knowledge", "parse_case", "read_labs",
    ]  # fmt: skip
    for name in b12.__all__:
        assert getattr(b12, name) is not None, name
    assert re.fullmatch(r"\d+\.\d+\.\d+", b12.__version__)


def test_importing_b12_loads_nothing_heavy() -> None:
    heavy = "('pydantic', 'sqlalchemy', 'fastapi')"
    code = f"import sys, b12; print(sorted(m for m in {heavy} if m in sys.modules))"
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert shown.stdout.strip() == "[]", shown.stderr


def test_the_readme_example_runs_and_prints_what_it_says() -> None:
    block = re.search(r"### From Python.*?```python\n(.*?)```", README.read_text(), re.S)
    assert block, "the README has a Python example"
    code = block[1]
    expected = [line.split("# ", 1)[1].strip() for line in code.splitlines() if "print(" in line]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {})
    assert out.getvalue().split("\n")[:-1] == expected


def test_the_api_gives_the_same_answers_as_the_core() -> None:
    from b12.core.assess import assess
    from b12.core.case import parse_case

    knowledge = b12.load_knowledge()
    case = {"person": {"age": 45, "diet": "vegan"}, "symptoms": ["numbness"]}
    mine = b12.assess(case).to_dict(knowledge)
    assert mine == assess(parse_case(case), knowledge).to_dict(knowledge)
    assert b12.read_labs("k=2.4 mmol/L").needs_care_now
