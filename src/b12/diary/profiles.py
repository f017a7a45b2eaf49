"""Which profile a command is about: --profile, else B12_PROFILE, else the one chosen with
`b12 profile use`, else the only profile in the diary."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from b12.errors import InputError
from b12.files import private_file

if TYPE_CHECKING:
    from b12.core.diary import Profile
    from b12.store import DiaryStore


def _current_file(home: Path) -> Path:
    return home / "current-profile"


def remember_profile(home: Path, name: str) -> None:
    private_file(_current_file(home)).write_text(name + "\n", encoding="utf-8")


def choose_profile(store: DiaryStore, home: Path, explicit: str | None) -> str:
    return pick_profile(store, home, explicit).name


def pick_profile(store: DiaryStore, home: Path, explicit: str | None) -> Profile:
    """The chosen profile itself, from one read of the diary's profiles."""
    profiles = {p.name: p for p in store.list_profiles()}
    names = list(profiles)
    if not names:
        raise InputError(
            "no profile yet: create one with `b12 profile add NAME --age N`", field="profile"
        )
    wanted = explicit or os.environ.get("B12_PROFILE")
    if not wanted and _current_file(home).is_file():
        wanted = _current_file(home).read_text(encoding="utf-8").strip() or None
    if not wanted:
        if len(names) == 1:
            return profiles[names[0]]
        raise InputError(
            f"several profiles ({', '.join(names)}): choose one with --profile NAME "
            "or `b12 profile use NAME`",
            field="profile",
        )
    if wanted not in names:
        raise InputError(
            f"no profile named {wanted!r}; profiles: {', '.join(names)}", field="profile"
        )
    return profiles[wanted]
