"""The web lab reader takes a report pasted as the lab printed it, one result per line, and
a line it cannot read is marked while the others are kept."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tests.web.conftest import with_csrf

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

REPORT = "Vitamin B12 150 pg/mL (200-900)\nSerum folate: 3.1 ng/mL  Ref 3.9-26.8\nMCV 104 fL"


def test_a_pasted_report_is_read_line_by_line(client: TestClient) -> None:
    page = client.post("/labs", data=with_csrf(client, {"results": REPORT}))
    assert page.status_code == 200
    assert "B12 status: deficiency confirmed" in page.text
    assert page.text.count('class="msg"') == 3


def test_a_bad_line_is_marked_and_the_rest_kept(client: TestClient) -> None:
    page = client.post("/labs", data=with_csrf(client, {"results": REPORT + "\nUnicorn 5 mg/dL"}))
    assert page.status_code == 422
    assert "Line 4" in page.text and "unknown test" in page.text
    assert "Vitamin B12 150 pg/mL (200-900)" in page.text  # what was typed stays in the form


def test_every_source_the_lab_page_lists_is_cited_on_it(client: TestClient) -> None:
    """The urgent banner cites its rule's sources, so no listed source stands uncited."""
    import re

    text = "Vitamin B12 150 pg/mL (200-900)\nPotassium 6.8 mmol/L"
    page = client.post("/labs", data=with_csrf(client, {"results": text})).text
    assert 'id="lab-urgent"' in page
    listed = re.findall(r'<li id="src-([^"]+)"', page)
    cited = set(re.findall(r'<a href="#src-([^"]+)"', page))
    assert listed and set(listed) <= cited, set(listed) - cited
