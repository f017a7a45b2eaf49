"""``GET /docs/api``: the JSON API's documentation as an ordinary page of this site.

FastAPI's Swagger UI and ReDoc load their scripts from a CDN, which this app never does
(see ``b12.web.app``); instead the page is drawn on the server from the app's own OpenAPI
document, so it can never disagree with ``/openapi.json``: each operation with its method,
path, summary, parameters, request body and responses, grouped by area.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from b12.web.render import page

pages = APIRouter(include_in_schema=False)
_METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(slots=True)
class Operation:
    method: str
    path: str
    summary: str
    description: str
    parameters: list[dict[str, Any]] = field(default_factory=list)
    body: str | None = None
    responses: list[tuple[str, str]] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"{self.method}-{self.path}".replace("/", "-").replace("{", "").replace("}", "")


def _type(schema: dict[str, Any]) -> str:
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " or ".join(_type(s) for s in schema["anyOf"])
    if schema.get("type") == "array":
        return f"list of {_type(schema.get('items', {}))}"
    return str(schema.get("type", "any"))


def operations(document: dict[str, Any]) -> dict[str, list[Operation]]:
    """The document's operations by tag, in the order the document lists them."""
    by_tag: dict[str, list[Operation]] = {}
    for path, item in document.get("paths", {}).items():
        for method in _METHODS:
            op = item.get(method)
            if op is None:
                continue
            body = op.get("requestBody", {}).get("content", {})
            body_type = next((_type(c.get("schema", {})) for c in body.values()), None)
            entry = Operation(
                method=method.upper(),
                path=path,
                summary=op.get("summary", ""),
                description=op.get("description", ""),
                parameters=[
                    {
                        "name": p["name"],
                        "in": p["in"],
                        "required": p.get("required", False),
                        "type": _type(p.get("schema", {})),
                        "description": p.get("description", ""),
                    }
                    for p in op.get("parameters", [])
                ],
                body=body_type,
                responses=[(code, r.get("description", "")) for code, r in op["responses"].items()],
            )
            by_tag.setdefault((op.get("tags") or ["other"])[0], []).append(entry)
    return by_tag


@pages.get("/docs/api", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    document = request.app.openapi()
    return page(
        request,
        "api_docs.html",
        {"info": document.get("info", {}), "areas": operations(document)},
    )


ROUTERS = (pages,)
