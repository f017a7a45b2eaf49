"""Small helpers shared by the CLI commands: JSON output, parsing --choice, the console."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

from b12.errors import InputError

if TYPE_CHECKING:
    from rich.console import Console

    from b12.knowledge import Knowledge


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def console() -> Console:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


def print_item(out: Console, lead: str, markup: str) -> None:
    """``lead`` (spaces and a bullet, e.g. ``"   - "``) then ``markup``, wrapped to the
    terminal with every further line under the text, not back at the left edge."""
    from rich.text import Text

    pad = " " * len(lead)
    lines = Text.from_markup(markup).wrap(out, max(out.width - len(lead), 20))
    for i, line in enumerate(lines):
        line.rstrip()
        out.print(Text(lead if i == 0 else pad) + line)


def parse_choices(pairs: list[str] | None, knowledge: Knowledge) -> dict[str, str]:
    """``NAME=OPTION`` pairs checked against the knowledge base's choices."""
    chosen: dict[str, str] = {}
    for pair in pairs or []:
        name, sep, option = pair.partition("=")
        name, option = name.strip(), option.strip()
        if not sep or name not in knowledge.choices:
            allowed = ", ".join(sorted(knowledge.choices))
            raise InputError(f"--choice {pair!r}: write NAME=OPTION; NAME is one of {allowed}")
        options = knowledge.choices[name].options
        if option not in options:
            raise InputError(
                f"--choice {pair!r}: unknown option; {name} takes {', '.join(options)}"
            )
        chosen[name] = option
    return chosen
