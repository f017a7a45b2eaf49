"""Lab results pasted into a form, one per line, checked line by line.

The lab reader and the self-check's lab question both take a textarea. Each line goes
through the one lab parser (``b12.core.lab_parser.parse_lab``) and is read once by the core
so that a unit the test does not take, or an impossible value, is reported against its own
line while the rest of what was typed stays in the form.
"""

from __future__ import annotations

from dataclasses import dataclass

from b12.core.lab_parser import parse_lab
from b12.core.labs import ReadingOptions, interpret_lab
from b12.core.models import LabInput
from b12.errors import InputError
from b12.knowledge import Knowledge
from b12.web.schemas import MAX_LABS


@dataclass(frozen=True, slots=True)
class LineError:
    line: int
    """1-based line number in the textarea."""
    text: str
    message: str


class LabLinesError(InputError):
    """Some lines could not be read; ``lines`` says which and why."""

    def __init__(self, lines: list[LineError]) -> None:
        count = f"{len(lines)} line{'s' if len(lines) > 1 else ''}"
        super().__init__(f"{count} could not be read", field="results")
        self.lines = lines


def read_lab_lines(
    text: str, knowledge: Knowledge, options: ReadingOptions
) -> list[tuple[int, LabInput]]:
    """``(line number, lab)`` for each non-empty line; ``LabLinesError`` lists every line
    that is wrong."""
    labs: list[tuple[int, LabInput]] = []
    errors: list[LineError] = []
    lines = [(n, raw.strip()) for n, raw in enumerate(text.splitlines(), 1) if raw.strip()]
    if len(lines) > MAX_LABS:
        raise InputError(f"at most {MAX_LABS} results at a time", field="results")
    for n, line in lines:
        try:
            lab = parse_lab(line, knowledge.lab_tests)
            interpret_lab(lab, knowledge, options, f"results[{n - 1}]")
        except InputError as exc:
            errors.append(LineError(n, line, exc.message))
        else:
            labs.append((n, lab))
    if errors:
        raise LabLinesError(errors)
    return labs
