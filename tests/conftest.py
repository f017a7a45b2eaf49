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


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Print the published-case scores (issue 14's targets) after every run that used them."""
    if not any(
        "test_published_cases" in r.nodeid
        for reports in terminalreporter.stats.values()
        for r in reports
        if hasattr(r, "nodeid")
    ):
        return
    from tests.published_cases.scoring import score_all

    terminalreporter.write_sep("-", "published-case scores")
    terminalreporter.write_line(score_all().summary())
