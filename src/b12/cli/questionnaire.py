"""The terminal side of the guided self-check: prompts, and asking again after a bad answer.

The question flow and the reading of typed answers live in ``b12.core.questionnaire``
(shared with the web form); this module only talks to the person. "?" or an empty answer
means "don't know". After every answer the red flags are checked: when one holds, its
advice is shown at once and the person chooses to stop there or go on.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from b12.core.lab_parser import parse_lab
from b12.core.medications import closest_medicine, resolve_name
from b12.core.models import lab_data
from b12.core.questionnaire import (
    Flow,
    answer,
    next_question,
    parse_answer,
    red_flags_now,
    start_flow,
)
from b12.errors import InputError
from b12.knowledge import Knowledge

__all__ = ["run_questionnaire"]


def run_questionnaire(
    read: Callable[[str], str],
    write: Callable[[str], None],
    knowledge: Knowledge,
    flow: Flow | None = None,
) -> dict[str, Any]:
    """Ask until done; returns the case built (in the contract's shape). ``flow`` starts
    from answers already known (the person's record), which are not asked again."""
    if flow is None:
        flow = start_flow(knowledge)
        write("b12 self-check. Answer each question; ? (or Enter) means don't know.\n")
    elif next_question(flow) is not None:
        write("A few questions your record does not answer; ? (or Enter) means don't know.\n")
    seen: set[str] = set()
    while (question := next_question(flow)) is not None:
        if not _go_on_after_red_flags(flow, knowledge, seen, read, write):
            break
        write(f"\n{question.text}")
        if question.kind in ("choice", "multi"):
            for i, option in enumerate(question.options, 1):
                write(f"  {i:2d}. {knowledge.plain_terms.of(option)}")
            if question.kind == "multi":
                write("  (comma-separated numbers; none if none apply)")
        if question.kind == "labs":
            labs = []
            while True:
                line = read("  lab> ")
                if not line.strip():
                    break
                try:
                    labs.append(lab_data(parse_lab(line, knowledge.lab_tests)))
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
            if question.key == "medications" and value:
                value = [_checked_name(name, knowledge, read, write) for name in value]
            answer(flow, question.key, value)
            break
    return flow.case


def _checked_name(
    name: str, knowledge: Knowledge, read: Callable[[str], str], write: Callable[[str], None]
) -> str:
    """A medicine name as entered, or the recognised one it was most likely meant to be."""
    if resolve_name(name, knowledge) is not None:
        return name
    close = closest_medicine(name, knowledge)
    if close is None:
        write(f"  ! {name!r} is not a medicine b12 recognises: it is kept, but not assessed")
        return name
    reply = read(f"  {name!r} is not a medicine b12 recognises; did you mean {close}? (y/n) ")
    return close if reply.strip().lower() in ("y", "yes") else name


def _go_on_after_red_flags(
    flow: Flow,
    knowledge: Knowledge,
    seen: set[str],
    read: Callable[[str], str],
    write: Callable[[str], None],
) -> bool:
    """Show any new red flag's advice now; False when the person stops to see the result."""
    urgent = red_flags_now(flow, knowledge)
    new = [flag for flag in urgent.red_flags if flag.code not in seen] if urgent else []
    if not new:
        return True
    for flag in new:
        seen.add(flag.code)
        write(f"\n!! {flag.message}")
    while True:
        reply = read("Continue the check anyway? (y/n) ").strip().lower()
        if reply in ("y", "yes"):
            return True
        if reply in ("n", "no", ""):
            return False
        write("  ! answer y (go on with the questions) or n (see the result now)")
