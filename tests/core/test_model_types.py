"""The types an assessment reads over and over keep CPython's fast attribute path.

A class with ``__getattr__`` anywhere in its bases (pydantic's ``BaseModel`` has one) makes
every attribute read take the slow, generic path; that was 11% of an assessment's
instructions. The case, the lab inputs and the knowledge models are therefore pydantic
dataclasses, and this test keeps a future edit from turning one back into a ``BaseModel``.
"""

from __future__ import annotations

import dataclasses
import inspect
from types import ModuleType

import pytest

import b12.core.case
import b12.core.models
import b12.knowledge.models


def _classes(module: ModuleType) -> list[type]:
    return [
        cls
        for _, cls in inspect.getmembers(module, inspect.isclass)
        if cls.__module__ == module.__name__ and not issubclass(cls, Exception)
    ]


@pytest.mark.parametrize(
    "module", [b12.core.case, b12.core.models, b12.knowledge.models], ids=lambda m: m.__name__
)
def test_read_hot_types_have_no_getattr_hook(module: ModuleType) -> None:
    classes = _classes(module)
    assert classes
    slow = [cls.__name__ for cls in classes if hasattr(cls, "__getattr__")]
    assert not slow, f"{slow} have __getattr__ (a BaseModel?): attribute reads lose the fast path"
    assert all(dataclasses.is_dataclass(cls) for cls in classes)


def test_validated_types_still_refuse_unknown_keys() -> None:
    from pydantic import ValidationError

    from b12.core.models import LAB_INPUT

    with pytest.raises(ValidationError, match="colour"):
        LAB_INPUT.validate_python({"test": "mma", "result": "high", "colour": "red"})
