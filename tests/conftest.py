"""Shared fixtures: the real packaged knowledge base, and where the shared vignettes live."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from b12.knowledge import Knowledge, load_knowledge

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("B12_SHARED_DIR", REPO.parent / "shared"))
VIGNETTE_DIR = SHARED / "vignettes"


@pytest.fixture(scope="session")
def knowledge() -> Knowledge:
    return load_knowledge()


def shared_vignettes() -> list[dict[str, Any]]:
    """The worked cases in ../shared/vignettes (empty when the folder is not beside the repo)."""
    if not VIGNETTE_DIR.is_dir():
        return []
    return [json.loads(p.read_text()) for p in sorted(VIGNETTE_DIR.glob("V*.json"))]
