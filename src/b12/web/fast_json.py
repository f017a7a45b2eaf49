"""JSON responses encoded with orjson.

An assessment is ~15 KB of JSON; the standard library encoder took about as long as the
framework's whole request floor, so the API encodes with orjson (same JSON, several times
faster). Every JSON response of the app goes through this class.
"""

from __future__ import annotations

from typing import Any

import orjson
from starlette.responses import JSONResponse as _StarletteJSON


class JSONResponse(_StarletteJSON):
    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)
