"""JSON responses encoded with orjson, and the bibliography already encoded.

An assessment is ~11 KB of JSON; the standard library encoder took about as long as the
framework's whole request floor, so the API encodes with orjson (same JSON, several times
faster). Every JSON response of the app goes through this class.

A third of an assessment's JSON is its ``sources``: the same few dozen bibliography entries
again and again. ``cite_encoded`` gives them to ``to_dict(knowledge, cite=…)`` encoded once
per process (``orjson.Fragment``), instead of copying and encoding each entry per request.
"""

from __future__ import annotations

from typing import Any

import orjson
from starlette.responses import JSONResponse as _StarletteJSON

from b12.core.models import Cite
from b12.knowledge import Knowledge


class JSONResponse(_StarletteJSON):
    """Starlette's JSON response, encoded by orjson."""

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


def cite_encoded(knowledge: Knowledge) -> Cite:
    """Like ``knowledge.source_dicts``, with each entry as JSON already (for ``JSONResponse``
    only: the standard library cannot encode a ``Fragment``)."""
    return knowledge.derived(_encoded_citer)


def _encoded_citer(knowledge: Knowledge) -> Cite:
    encoded = {
        rid: orjson.Fragment(orjson.dumps(entry))
        for rid, entry in zip(
            knowledge.references, knowledge.source_dicts(knowledge.references), strict=True
        )
    }

    def cite(ids: list[str]) -> list[Any]:
        return list(map(encoded.__getitem__, dict.fromkeys(ids)))

    return cite
