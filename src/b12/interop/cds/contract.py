"""The JSON b12's CDS Hooks services answer with (CDS Hooks 2.0: the discovery document,
cards, the feedback receipt), declared once.

``rules`` and ``services`` return these, so mypy checks the keys and types they write; the
routes (``b12.web.routes.cds``) name the same types as their response schema, and
tests/web/test_contract.py checks real answers against them. As in ``b12.core.contract``:
``typing_extensions.TypedDict`` for pydantic, and no ``from __future__ import annotations``
so that ``NotRequired`` is seen.
"""

from typing import Annotated, Any, Literal, NotRequired

from pydantic import Field
from typing_extensions import TypedDict

MAX_SUMMARY = 140
"""The spec's limit on a card's summary, in characters."""


class CardSourceJSON(TypedDict):
    label: str
    url: str


class ActionJSON(TypedDict):
    type: Literal["create", "update", "delete"]
    description: str
    resource: Annotated[dict[str, Any], Field(description="The FHIR resource to create.")]


class SuggestionJSON(TypedDict):
    label: str
    uuid: str
    isRecommended: bool
    actions: list[ActionJSON]


class CodingJSON(TypedDict):
    code: str
    system: str
    display: str


class CardJSON(TypedDict):
    """One card; a monitoring card also suggests the order and lists override reasons."""

    uuid: str
    summary: Annotated[str, Field(max_length=MAX_SUMMARY)]
    detail: str
    indicator: Literal["info", "warning", "critical"]
    source: CardSourceJSON
    suggestions: NotRequired[list[SuggestionJSON]]
    selectionBehavior: NotRequired[Literal["at-most-one", "any"]]
    overrideReasons: NotRequired[list[CodingJSON]]


class CardsJSON(TypedDict):
    cards: list[CardJSON]


class ServiceJSON(TypedDict):
    hook: str
    title: str
    description: str
    id: str
    prefetch: dict[str, str]


class DiscoveryJSON(TypedDict):
    services: list[ServiceJSON]


class FeedbackJSON(TypedDict):
    """How many feedback items were received."""

    received: int
