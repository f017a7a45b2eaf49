"""The clinician report in real headless Chromium: a person logs two B12 results, opens the
Report page, reads the report, and downloads it as a PDF."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from tests.web.conftest import screenshot


def test_the_report_page_and_its_pdf(page: Any, tmp_path: Path) -> None:
    page.goto("/profile")
    page.get_by_label("Name").fill("Cal")
    page.get_by_label("Age in years").fill("72")
    page.get_by_label("Sex").select_option("male")
    page.get_by_label("Diet").select_option("vegetarian")
    with page.expect_navigation():
        page.get_by_role("button", name="Add person").click()
    use = page.get_by_role("button", name="Use Cal")
    if use.count():  # another test's person is current: choose Cal
        with page.expect_navigation():
            use.click()

    for days_ago, result in ((50, "b12_total=210 pg/mL (200-900)"), (3, "b12_total=160 pg/mL")):
        page.goto("/diary?kind=lab")
        page.get_by_label("Result").fill(result)
        page.get_by_label("Date of the test").fill((date.today() - timedelta(days_ago)).isoformat())
        with page.expect_navigation():
            page.get_by_role("button", name="Log lab").click()

    page.get_by_role("link", name="Report", exact=True).click()
    report = page.locator("#report")
    assert "B12 status: deficiency confirmed" in report.inner_text()
    assert page.locator("#r-labs tbody tr").count() == 2
    assert page.locator("#trend-b12_total circle.point").count() == 2
    # the report's own stylesheet applies on the page (CSP allows only this server's files)
    assert page.locator("#r-triage").evaluate("e => getComputedStyle(e).borderTopStyle") != "none"
    screenshot(page, "report")

    page.get_by_label("Paper").select_option("letter")
    with page.expect_navigation():
        page.get_by_role("button", name="Show the report").click()
    with page.expect_download() as info:
        page.get_by_role("link", name="Download PDF").click()
    download = info.value
    assert download.suggested_filename.startswith("b12-report-Cal-")
    pdf = tmp_path / "report.pdf"
    download.save_as(str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF")
    tool = shutil.which("pdfinfo")
    assert tool, "pdfinfo (Debian poppler-utils) is needed: .ci/run installs it"
    info_text = subprocess.run([tool, str(pdf)], capture_output=True, text=True).stdout
    assert "612 x 792" in info_text  # US Letter, as chosen on the page
