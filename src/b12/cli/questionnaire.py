"""The terminal side of the guided self-check: prompts, parsing answers, retrying bad ones.

The question flow itself lives in ``b12.core.questionnaire``; this module only talks to the
person. "?" or an empty answer means "don't know" (except for age, which is required).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from b12.core.questionnaire import Question, answer, next_question, start_flow
from b12.errors import InputError
from b12.knowledge import Knowledge

DONT_KNOW = {"", "?", "dk", "don't know", "dont know", "unknown"}


def parse_answer(question: Question, text: str, lab_tests: Any = None) -> Any:
    """The value of a typed answer, None for don't know; InputError says what is allowed."""
    t = text.strip()
    if t.lower() in DONT_KNOW:
        if question.key == "age":
            raise InputError("age is needed: type your age in years (16 or over)")
        return None
    if question.kind == "number":
        try:
            value = float(t.replace(",", "."))
        except ValueError:
            raise InputError(f"type a number (or ? if you don't know), not {t!r}") from None
        lo, hi = question.minimum, question.maximum
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            raise InputError(f"type a number from {lo:g} to {hi:g}{_help(question)}")
        return value
    if question.kind == "yes_no":
        if t.lower() in ("y", "yes"):
            return True
        if t.lower() in ("n", "no"):
            return False
        raise InputError("answer y (yes), n (no) or ? (don't know)")
    if question.kind == "choice":
        return _pick(question, t, single=True)
    if question.kind == "multi":
        if t.lower() in ("none", "0", "-"):
            return []
        return _pick(question, t, single=False)
    if question.kind == "text_list":
        if t.lower() in ("none", "-"):
            return []
        return [part.strip() for part in t.split(",") if part.strip()]
    raise InputError(f"unexpected question kind {question.kind}")


def _help(question: Question) -> str:
    return f" ({question.help})" if question.help else ""


def _pick(question: Question, text: str, single: bool) -> Any:
    chosen = []
    for part in text.replace(";", ",").split(","):
        p = part.strip().lower()
        if not p:
            continue
        if p.isdigit() and 1 <= int(p) <= len(question.options):
            chosen.append(question.options[int(p) - 1])
        elif p in question.options:
            chosen.append(p)
        else:
            raise InputError(
                f"{part.strip()!r} is not one of the options; type numbers 1-"
                f"{len(question.options)} or names, or ? for don't know"
            )
    if single:
        if len(chosen) != 1:
            raise InputError("choose one option")
        return chosen[0]
    return list(dict.fromkeys(chosen))


def run_questionnaire(
    read: Callable[[str], str], write: Callable[[str], None], knowledge: Knowledge
) -> dict[str, Any]:
    """Ask until done; returns the case built (in the contract's shape)."""
    from b12.core.lab_parser import parse_lab

    flow = start_flow(knowledge)
    write("b12 self-check. Answer each question; ? (or Enter) means don't know.\n")
    while (question := next_question(flow)) is not None:
        write(f"\n{question.text}")
        if question.kind in ("choice", "multi"):
            for i, option in enumerate(question.options, 1):
                write(f"  {i:2d}. {option.replace('_', ' ')}")
            if question.kind == "multi":
                write("  (comma-separated numbers; none if none apply)")
        if question.kind == "labs":
            labs = []
            while True:
                line = read("  lab> ")
                if not line.strip():
                    break
                try:
                    labs.append(parse_lab(line, knowledge.lab_tests).model_dump(exclude_none=True))
                except InputError as exc:
                    write(f"  ! {exc}")
            answer(flow, question.key, labs or None)
            continue
        while True:
            text = read("> ")  # may raise: end of input is not a bad answer to retry
            try:
                value = parse_answer(question, text)
            except InputError as exc:
                write(f"  ! {exc}")
                continue
            answer(flow, question.key, value)
            break
    return flow.case
