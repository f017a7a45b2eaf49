"""The FHIR data a call needs: from the request's ``prefetch``, and what is missing there
fetched from its ``fhirServer`` with its ``fhirAuthorization`` (CDS Hooks 2.0, "Prefetch"
and "FHIR Resource Access"). A key that is absent or null and cannot be fetched makes the
call fail with 412 (``PrefetchMissing``), never a card made on partial data.

Fetching follows a search Bundle's ``next`` links up to a few pages; an error or a timeout
of the FHIR server is a 412 that names the key and the HTTP status, and never the token.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from b12.interop.cds.config import CdsConfig

Resource = dict[str, Any]
_TOKEN = re.compile(r"\{\{\s*context\.([A-Za-z]+)\s*\}\}")
_MAX_PAGES = 5
_TIMEOUT_SECONDS = 5.0


class PrefetchMissing(Exception):
    """Data the service needs that it could not obtain: answered 412."""


@dataclass(slots=True)
class Prefetched:
    patient: Resource | None
    b12: list[Resource]
    medications: list[Resource]
    fetched: tuple[str, ...] = ()  # keys fetched from the FHIR server (for the log)


def fill(template: str, context: dict[str, Any]) -> str:
    def value(m: re.Match[str]) -> str:
        found = context.get(m[1])
        if not isinstance(found, str) or not found:
            raise PrefetchMissing(f"the context has no {m[1]} for the prefetch template")
        return found

    return _TOKEN.sub(value, template)


def resources_of(value: Any) -> list[Resource]:
    """A prefetch value as resources: a search Bundle's entries, or the resource itself."""
    if not isinstance(value, dict):
        return []
    if value.get("resourceType") == "Bundle":
        entries = value.get("entry") or []
        return [
            e["resource"]
            for e in entries
            if isinstance(e, dict) and isinstance(e.get("resource"), dict)
        ]
    return [value]


def _usable(value: Any) -> bool:
    return isinstance(value, dict) and value.get("resourceType") not in (None, "OperationOutcome")


async def gather(
    request: dict[str, Any], templates: dict[str, str], config: CdsConfig
) -> Prefetched:
    """Every key of ``templates``: prefetched, else fetched, else ``PrefetchMissing``."""
    given = request.get("prefetch") or {}
    context = request.get("context") or {}
    values: dict[str, Any] = {}
    missing = [k for k in templates if not _usable(given.get(k))]
    values |= {k: given[k] for k in templates if k not in missing}
    if missing:
        values |= await _fetch_all(request, {k: templates[k] for k in missing}, context, config)
    patients = [r for r in resources_of(values["patient"]) if r.get("resourceType") == "Patient"]
    return Prefetched(
        patient=patients[0] if patients else None,
        b12=[r for r in resources_of(values["b12"]) if r.get("resourceType") == "Observation"],
        medications=[
            r
            for r in resources_of(values["medications"])
            if r.get("resourceType") == "MedicationRequest"
        ],
        fetched=tuple(missing),
    )


async def _fetch_all(
    request: dict[str, Any], wanted: dict[str, str], context: dict[str, Any], config: CdsConfig
) -> dict[str, Any]:
    server = request.get("fhirServer")
    auth = request.get("fhirAuthorization")
    keys = ", ".join(wanted)
    if not isinstance(server, str) or not isinstance(auth, dict) or not auth.get("access_token"):
        raise PrefetchMissing(
            f"prefetch {keys} missing, and no fhirServer with fhirAuthorization to fetch it from"
        )
    if not config.may_fetch_from(server):
        raise PrefetchMissing(
            f"prefetch {keys} missing, and this service does not fetch from that fhirServer "
            "(B12_CDS_FHIR_SERVERS)"
        )
    import httpx

    headers = {
        "Authorization": f"{auth.get('token_type') or 'Bearer'} {auth['access_token']}",
        "Accept": "application/fhir+json",
    }
    base = server.rstrip("/") + "/"
    found: dict[str, Any] = {}
    async with httpx.AsyncClient(timeout=_TIMEOUT_SECONDS, headers=headers) as client:
        for key, template in wanted.items():
            found[key] = await _fetch(client, base + fill(template, context), key)
    return found


async def _fetch(client: Any, url: str, key: str) -> Any:
    import httpx

    entries: list[Any] = []
    first: Any = None
    for _ in range(_MAX_PAGES):
        try:
            response = await client.get(url)
        except httpx.HTTPError as exc:
            raise PrefetchMissing(f"fetching prefetch {key} failed: {type(exc).__name__}") from None
        if response.status_code != 200:
            raise PrefetchMissing(
                f"the FHIR server answered {response.status_code} for prefetch {key}"
            )
        try:
            data = response.json()
        except ValueError:
            raise PrefetchMissing(f"the FHIR server sent no JSON for prefetch {key}") from None
        if not isinstance(data, dict) or data.get("resourceType") != "Bundle":
            return data
        first = first or data
        entries += data.get("entry") or []
        following = next(
            (
                link.get("url")
                for link in data.get("link") or []
                if isinstance(link, dict) and link.get("relation") == "next"
            ),
            None,
        )
        if not isinstance(following, str) or not following:
            break
        url = following
    return {**first, "entry": entries}
