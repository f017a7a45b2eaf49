"""The JSON API's documentation page: drawn from the app's own OpenAPI document, every
operation on it, nothing loaded from another site, linked from every page's footer."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi.testclient import TestClient


def test_every_operation_is_documented_on_the_page(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    page = client.get("/docs/api")
    assert page.status_code == 200
    html = page.text
    for path, item in document["paths"].items():
        for method in item:
            assert f'<code class="method">{method.upper()}</code> <code>{path}</code>' in html, (
                method,
                path,
            )
    assert "<script" not in html and "cdn" not in html.lower()
    assert "guideline" in html and "Request body: JSON, <code>Case</code>" in html
    assert 'href="/docs/api"' in client.get("/").text
