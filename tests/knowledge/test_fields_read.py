"""Every knowledge field is read by some code: a number or sentence in the knowledge files
that nothing reads looks cited and checked but changes nothing, and misleads a reviewer."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Mapping
from pathlib import Path

from b12.knowledge import Knowledge
from b12.knowledge.citations import cited_fields

SRC = Path(__file__).resolve().parents[2] / "src" / "b12"
DECLARATION = re.compile(r"^\s+\w+: .*$", re.MULTILINE)


def _model_classes(value: object) -> Iterator[type]:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        yield type(value)
        for f in dataclasses.fields(value):
            yield from _model_classes(getattr(value, f.name))
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _model_classes(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _model_classes(item)


def _code_text() -> str:
    """All of b12's code, without the lines of the knowledge models that declare fields."""
    texts = []
    for path in SRC.rglob("*.py"):
        text = path.read_text()
        if path.parent.name == "knowledge" and path.name.endswith("models.py"):
            text = DECLARATION.sub("", text)
        texts.append(text)
    return "\n".join(texts)


def test_every_knowledge_field_is_read_somewhere(knowledge: Knowledge) -> None:
    code = _code_text()
    classes = set(_model_classes(knowledge)) - {type(knowledge)}
    assert len(classes) > 40  # the walk reaches the models at all
    unread = []
    for cls in classes:
        cited = cited_fields(cls)  # read by the loader's citation check, by their type
        for f in dataclasses.fields(cls):
            if f.name in cited:
                continue
            read = re.search(rf"\.{f.name}\b|[\"']{f.name}[\"']|\b{f.name}=", code)
            if read is None:
                unread.append(f"{cls.__name__}.{f.name}")
    assert unread == [], "\n".join(sorted(unread))
