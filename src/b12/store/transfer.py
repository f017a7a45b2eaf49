"""Export the whole diary as one JSON document, and import such a document.

The document (format ``b12-diary``, see ``document``) is a backup, a way to move a diary
between SQLite and PostgreSQL, and something a person can read. Export then import into
an empty database then export again gives the identical document.

Import checks the whole document before writing anything: first its shape (pydantic,
strict), then the same rules as any write (``validate``); the first problem becomes an
``InputError`` whose field is the path in the document (``profiles[0].entries[3].grams``).
Then everything is written in one transaction.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from b12.core.diary import LabEntry
from b12.core.models import LabInput
from b12.errors import InputError
from b12.store.document import (
    FORMAT,
    READABLE_VERSIONS,
    VERSION,
    DiaryV1,
    from_document,
    to_document,
)
from b12.store.repository import DiaryStore


def export_json(store: DiaryStore) -> dict[str, Any]:
    """Every profile with all its entries and medicines, as a JSON-ready dict."""
    return to_document(store.read_all())


LabCheck = Callable[[LabInput, str], None]
"""Raises InputError (naming the field given) for a lab result that could not have been
entered: the adapters pass the lab reader's own check, so the store needs no knowledge."""


def import_json(
    store: DiaryStore,
    data: Mapping[str, Any],
    *,
    replace: bool = False,
    check_lab: LabCheck | None = None,
) -> dict[str, int]:
    """Add the profiles of an exported document; returns entries written per profile.

    A profile whose name is already in the diary is refused unless ``replace``, which
    deletes that profile and its entries first (in the same transaction). Every value is
    checked as if it had been typed (``check_lab`` for lab results) before anything is
    written.
    """
    diary = from_document(parse_document(data))
    if check_lab is not None:
        for i, record in enumerate(diary):
            for j, entry in enumerate(record.entries):
                if isinstance(entry, LabEntry):
                    check_lab(entry.lab, f"profiles[{i}].entries[{j}].lab")
    store.write_all(diary, replace=replace)
    return {record.profile.name: len(record.entries) for record in diary}


def parse_document(data: object) -> DiaryV1:
    """``data`` (parsed JSON) as a document, or the InputError for its first fault."""
    if not isinstance(data, Mapping):
        raise InputError(
            f"a b12 diary export is a JSON object, got {type(data).__name__}", field="document"
        )
    if data.get("format") != FORMAT:
        raise InputError(
            f"not a b12 diary export: must be {FORMAT!r}, got {data.get('format')!r}",
            field="format",
        )
    version = data.get("version")
    if isinstance(version, bool) or version not in READABLE_VERSIONS:
        raise InputError(
            f"version {version!r} is not supported; this b12 reads versions "
            f"{' and '.join(map(str, READABLE_VERSIONS))}",
            field="version",
        )
    profiles = data.get("profiles")
    if (
        version == 1
        and isinstance(profiles, list)
        and any(isinstance(p, Mapping) and "medicines" in p for p in profiles)
    ):
        raise InputError(
            "medicines are new in version 2 of the format; this file says version 1",
            field="version",
        )
    try:
        text = json.dumps(data)
    except (TypeError, ValueError) as exc:
        raise InputError(f"must hold JSON values only: {exc}", field="document") from None
    try:
        return DiaryV1.model_validate_json(text)
    except ValidationError as exc:
        message, field = _describe(exc.errors()[0])
        raise InputError(message, field=field) from None


def _describe(error: ErrorDetails) -> tuple[str, str]:
    """A pydantic error as (message, path in the document)."""
    path = _path(error["loc"])
    ctx = error.get("ctx", {})
    match error["type"]:
        case "missing":
            return "is required", path
        case "extra_forbidden":
            return f"is not a field of the {FORMAT} version {VERSION} format", path
        case "union_tag_not_found":
            return "is required (the kind of entry)", f"{path}.kind"
        case "union_tag_invalid":
            return f"must be one of {ctx['expected_tags']}, got {ctx['tag']!r}", f"{path}.kind"
    shown = repr(error["input"])
    shown = shown if len(shown) <= 60 else shown[:57] + "..."
    return f"{error['msg']}, got {shown}", path


def _path(loc: tuple[int | str, ...]) -> str:
    """``("profiles", 0, "entries", 3, "food", "grams")`` as ``profiles[0].entries[3].grams``
    (the entry kind pydantic puts after an entry's index is dropped)."""
    path = ""
    for i, part in enumerate(loc):
        if isinstance(part, int):
            path += f"[{part}]"
        elif i >= 2 and loc[i - 2] == "entries" and isinstance(loc[i - 1], int):
            continue  # the discriminator tag
        else:
            path += f".{part}" if path else part
    return path or "document"
