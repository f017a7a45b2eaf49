"""Small helpers shared by the CLI commands: JSON output, parsing --choice, the console."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

from b12.errors import InputError

if TYPE_CHECKING:
    from rich.console import Console

    from b12.knowledge import Knowledge
    from b12.store import DiaryStore


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def console() -> Console:
    from rich.console import Console

    # emoji=False: text people typed (a food, a note) is printed as typed, never ":pill:"
    # turned into a picture; rich then does not load its emoji table either.
    return Console(highlight=False, soft_wrap=False, emoji=False)


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


def open_diary(profile: str | None) -> tuple[DiaryStore, str]:
    """The diary store (the caller closes it) and the profile chosen: ``--profile``, else
    ``B12_PROFILE``, else the one ``b12 profile use`` remembered, else the only one."""
    from b12.config import get_settings
    from b12.diary.profiles import choose_profile
    from b12.store import DiaryStore

    store = DiaryStore.from_settings()
    try:
        return store, choose_profile(store, get_settings().home, profile)
    except Exception:
        store.close()
        raise
