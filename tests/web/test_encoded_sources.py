"""The API encodes each bibliography entry once per process (``cite_encoded``). Whole
answers are compared with the core's in ``test_api``; here, the encoded entries themselves."""

from __future__ import annotations

import orjson

from b12.knowledge import Knowledge
from b12.web.fast_json import cite_encoded


def test_encoded_entries_are_the_bibliography_entries(knowledge: Knowledge) -> None:
    ids = list(knowledge.references)
    encoded = cite_encoded(knowledge)(ids + ids[:3])
    assert orjson.loads(orjson.dumps(encoded)) == knowledge.source_dicts(ids)


def test_entries_come_in_first_mention_order(knowledge: Knowledge) -> None:
    ids = list(knowledge.references)[:4][::-1]
    encoded = cite_encoded(knowledge)(ids + ids)
    assert [e["id"] for e in orjson.loads(orjson.dumps(encoded))] == ids
