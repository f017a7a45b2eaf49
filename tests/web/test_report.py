"""The Report area in-process: the page includes the clinician report, the downloads are the
same report as a PDF and an HTML file, and the JSON says what `b12 report --json` says."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from b12.config import Settings
from b12.web.app import create_app
from tests.web.conftest import settings_for
from tests.web.conftest import test_client as make_client

if TYPE_CHECKING:
    from fastapi.testclient import TestClient


@pytest.fixture
def rc(tmp_path: Path, web_settings: Settings) -> Iterator[TestClient]:
    """A client whose diary holds Ana: a profile, a medicine, two B12 results and cramps."""
    settings = settings_for(tmp_path)
    settings.food_index_path.symlink_to(web_settings.food_index_path)
    with make_client(create_app(settings)) as c:
        assert c.post("/api/profiles", json={"name": "Ana", "age": 71, "sex": "female"}).is_success
        assert c.post("/api/profiles/Ana/medicines", json={"name": "omeprazole",
                      "dose": "20 mg/day", "started": "2020"}).is_success  # fmt: skip
        for days_ago, result in ((60, "b12_total=190 pg/mL (200-900)"), (5, "b12_total=150 pg/mL")):
            day = (date.today() - timedelta(days=days_ago)).isoformat()
            body = {"kind": "lab", "result": result, "date": day}
            assert c.post("/api/entries", json=body).status_code == 201
        cramp = {"kind": "cramp", "location": "calf", "timing": "night", "duration": "5m"}
        for _ in range(3):
            assert c.post("/api/entries", json=cramp).status_code == 201
        yield c


def test_the_report_page_shows_the_report_with_its_downloads(rc: TestClient) -> None:
    page = rc.get("/report")
    assert page.status_code == 200
    html = page.text
    for expected in ('id="report"', "Urgency:", "B12 status: deficiency confirmed", "omeprazole",
                     "150 pg/mL", 'id="trend-b12_total"', 'href="/report/report.css"',
                     "Not in the record"):  # fmt: skip
        assert expected in html, expected
    assert 'href="/report.pdf?' in html and 'aria-current="page">Report<' in html
    assert rc.get("/report/report.css").headers["content-type"].startswith("text/css")


def test_the_pdf_download_is_the_report(rc: TestClient, tmp_path: Path) -> None:
    response = rc.get("/report.pdf?days=90&paper=letter")
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith(
        'attachment; filename="b12-report-Ana-'
    )
    assert response.content.startswith(b"%PDF")
    path = tmp_path / "r.pdf"
    path.write_bytes(response.content)
    tool = shutil.which("pdftotext")
    assert tool, "pdftotext (Debian poppler-utils) is needed: .ci/run installs it"
    text = subprocess.run([tool, str(path), "-"], capture_output=True, text=True).stdout
    assert "150 pg/mL" in text and "nice-ng239" in text and "omeprazole" in text
    assert rc.get("/api/report.pdf").content.startswith(b"%PDF")
    html = rc.get("/report.html?days=30")
    assert html.headers["content-disposition"].endswith('.html"') and "<style>" in html.text


def test_the_json_twin_agrees_with_the_assessment_of_the_same_case(rc: TestClient) -> None:
    report = rc.get("/api/report", params={"days": 90}).json()
    assert [lab["as_reported"] for lab in report["labs"]] == ["190 pg/mL", "150 pg/mL"]
    assert report["person"]["medicines"][0]["drug_class"] == "proton_pump_inhibitor"
    assessed = rc.post("/api/assess", json=report["record"]["case"]).json()
    for part in ("triage", "b12_status", "risk_factors", "cramp_causes"):
        assert report["assessment"][part] == assessed[part], part
    bsh = rc.get("/api/report", params={"guideline": "bsh-2014"}).json()
    assert bsh["guideline"]["id"] == "bsh-2014"


def test_bad_report_requests_name_what_is_allowed(rc: TestClient) -> None:
    for url, field, message in (
        ("/api/report?days=0", "days", "at least 1"),
        ("/api/report?from=2026-12-05&to=2026-12-01", "from", "after it ends"),
        ("/api/report?guideline=who", "guideline", "allowed: bsh-2014, nice-ng239"),
        ("/api/report.pdf?paper=a5", "paper", "allowed: a4, letter"),
        ("/api/report?profile=Nobody", "profile", "no profile named 'Nobody'"),
    ):
        error = rc.get(url).json()["error"]
        assert error["field"] == field and message in error["message"], (url, error)
    assert "allowed: a4, letter" in rc.get("/report?paper=a5").text


def test_without_a_profile_the_page_says_how_to_make_one(empty_client: TestClient) -> None:
    page = empty_client.get("/report")
    assert page.status_code == 200 and 'href="/profile"' in page.text


def test_an_unknown_profile_is_named_alone(rc: TestClient) -> None:
    for url in ("/api/report?profile=Nobody", "/api/intake?profile=Nobody"):
        message = rc.get(url).json()["error"]["message"]
        assert message == "no profile named 'Nobody'" and "Ana" not in message
