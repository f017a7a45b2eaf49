"""b12: is it B12, or something else? Lab reading, cramp triage and B12 intake tracking.

The public API for other programs (see ``b12.api`` and the README)::

    import b12
    b12.read_labs("b12_total=180 pg/mL").b12_status.category
    b12.assess({"person": {"age": 70}, "symptoms": ["paresthesia"]}).triage.level

Names resolve lazily, so ``import b12`` stays cheap for the command line. The package
informs and points to care; it never diagnoses or prescribes.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__: str  # resolved by __getattr__ on first use

if TYPE_CHECKING:
    from b12.api import absorbed_b12 as absorbed_b12
    from b12.api import assess as assess
    from b12.api import read_labs as read_labs
    from b12.core.absorption import AbsorptionEstimate as AbsorptionEstimate
    from b12.core.absorption import B12Intake as B12Intake
    from b12.core.assess import Assessment as Assessment
    from b12.core.case import Case as Case
    from b12.core.case import parse_case as parse_case
    from b12.core.lab_report import LabReport as LabReport
    from b12.errors import B12Error as B12Error
    from b12.errors import InputError as InputError
    from b12.foods.index import FoodIndex as FoodIndex
    from b12.knowledge import Knowledge as Knowledge
    from b12.knowledge import load_knowledge as load_knowledge

_WHERE = {
    "read_labs": "b12.api",
    "assess": "b12.api",
    "absorbed_b12": "b12.api",
    "parse_case": "b12.core.case",
    "Case": "b12.core.case",
    "Assessment": "b12.core.assess",
    "LabReport": "b12.core.lab_report",
    "B12Intake": "b12.core.absorption",
    "AbsorptionEstimate": "b12.core.absorption",
    "load_knowledge": "b12.knowledge",
    "Knowledge": "b12.knowledge",
    "FoodIndex": "b12.foods.index",
    "B12Error": "b12.errors",
    "InputError": "b12.errors",
}
__all__ = sorted([*_WHERE, "__version__"])


def __getattr__(name: str) -> Any:
    if name == "__version__":
        return _version()
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'b12' has no attribute {name!r}")
    return getattr(import_module(module), name)


def _version() -> str:
    """The installed version, written once in pyproject.toml (read on first use: the
    metadata machinery costs more than the rest of ``import b12``)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("b12")
    except PackageNotFoundError:  # a source tree that was never installed
        return "0+unknown"
