"""The web side of the guided self-check: form fields in, one question per page out.

The question flow is the core's (``b12.core.questionnaire``) and typed answers are read by
its ``parse_answer``, as in the terminal, so both accept the same answers. The page
keeps no server-side session: the answers so far travel in a hidden form field as JSON
``[[key, text], …]``, the text exactly as ``parse_answer`` reads it (``?`` for don't know).
Every request replays them through the flow, so a damaged or edited field cannot put
anything into the case that a person could not have typed. A self-check started from the
diary replays them onto the case the person's record makes (``start_flow_from``), which the
server builds from the store each time: the form carries only whose record it is.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from b12.core.labs import ReadingOptions
from b12.core.models import lab_data
from b12.core.questionnaire import (
    Flow,
    Question,
    answer,
    next_question,
    parse_answer,
    start_flow,
    start_flow_from,
)
from b12.errors import InputError
from b12.knowledge import Knowledge
from b12.web.lab_lines import LabLinesError, LineError, read_lab_lines

DONT_KNOW = "?"
MAX_STATE_CHARS = 100_000

# The core's question texts carry instructions for the terminal (type numbers, finish with
# an empty line); a form has checkboxes and a textarea instead, and says so in its hints.
_TERMINAL_ONLY = re.compile(r"\s*\((?:numbers, )?comma-separated\)|; an empty line to finish")

Answers = list[tuple[str, str]]


class StateError(InputError):
    """The hidden field with the answers so far is not one this app wrote."""

    def __init__(self) -> None:
        super().__init__(
            "the answers carried by the form are damaged or out of date; please start the "
            "self-check again",
            field="state",
        )


def decode_state(text: str) -> Answers:
    if len(text) > MAX_STATE_CHARS:
        raise StateError()
    try:
        raw = json.loads(text or "[]")
    except (json.JSONDecodeError, RecursionError):
        raise StateError() from None
    if not isinstance(raw, list):
        raise StateError()
    answers: Answers = []
    for item in raw:
        if not (
            isinstance(item, list) and len(item) == 2 and all(isinstance(x, str) for x in item)
        ):
            raise StateError()
        answers.append((item[0], item[1]))
    return answers


def encode_state(answers: Answers) -> str:
    return json.dumps([list(pair) for pair in answers], ensure_ascii=False)


def reading_options(flow: Flow, guideline: str) -> ReadingOptions:
    person = flow.case.get("person", {})
    sex = person.get("sex")
    return ReadingOptions(
        guideline=guideline,
        sex=sex if sex in ("female", "male") else None,
        pregnant=bool(person.get("pregnant")),
    )


def read(question: Question, text: str, flow: Flow, knowledge: Knowledge, guideline: str) -> Any:
    """The value of an answer's text; ``None`` = don't know; ``InputError`` says what's wrong."""
    if question.kind == "labs":
        if text.strip() in ("", DONT_KNOW):
            return None
        labs = read_lab_lines(text, knowledge, reading_options(flow, guideline))
        return [lab_data(lab) for _, lab in labs] or None
    return parse_answer(question, text)


def replay(
    answers: Answers, knowledge: Knowledge, guideline: str, base: dict[str, Any] | None = None
) -> Flow:
    """The flow after these answers; each must answer the question the flow asks next.
    ``base``: the case a person's record makes, when the self-check started from it."""
    flow = start_flow(knowledge) if base is None else start_flow_from(base, knowledge)
    for key, text in answers:
        question = next_question(flow)
        if question is None or question.key != key:
            raise StateError()
        try:
            value = read(question, text, flow, knowledge, guideline)
        except InputError:
            raise StateError() from None
        answer(flow, key, value)
    return flow


def answer_text(question: Question, values: Sequence[str], action: str) -> str:
    """What the form sent, as the text ``parse_answer`` reads.

    "Don't know" is ``?``. For the list questions, "Next" with nothing ticked or typed means
    "none of these" (an empty list), which is different from don't know.
    """
    if action == "dont_know":
        return DONT_KNOW
    if question.kind == "labs":
        return values[0] if values else ""
    given = [v.strip() for v in values if v.strip()]
    if question.kind == "multi":
        return ",".join(given) if given else "none"
    if question.kind == "text_list":
        return given[0] if given else "none"
    return given[0] if given else ""


@dataclass
class QuestionView:
    """What a question page shows."""

    question: Question
    number: int
    state: str
    text: str = ""
    error: str | None = None
    line_errors: list[LineError] = field(default_factory=list)
    seen: str = ""
    """The red flags already shown (comma-separated codes), so each is shown once."""

    @property
    def selected(self) -> set[str]:
        """Options to show ticked (choice, yes/no and multi questions)."""
        if self.text == DONT_KNOW:
            return set()
        if self.question.kind == "yes_no":
            t = self.text.strip().lower()
            return {"yes"} if t in ("y", "yes") else {"no"} if t in ("n", "no") else set()
        return {part.strip().lower() for part in self.text.split(",") if part.strip()}

    @property
    def wording(self) -> str:
        """The question as the form asks it."""
        return _TERMINAL_ONLY.sub("", self.question.text)

    @property
    def field_text(self) -> str:
        """Text to put back into a text field (don't know shows as empty)."""
        return "" if self.text == DONT_KNOW else self.text


def view(
    question: Question,
    answers: Answers,
    text: str = "",
    error: InputError | None = None,
    seen: str = "",
) -> QuestionView:
    lines = error.lines if isinstance(error, LabLinesError) else []
    return QuestionView(
        question=question,
        number=len(answers) + 1,
        state=encode_state(answers),
        text=text,
        error=error.message if error is not None else None,
        line_errors=lines,
        seen=seen,
    )


def seen_codes(text: str) -> set[str]:
    """The red-flag codes a form says were shown (anything else in it is ignored)."""
    return {code for code in text.split(",")[:50] if code.isidentifier()}
