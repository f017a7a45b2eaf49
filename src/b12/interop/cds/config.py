"""The CDS service's settings, read once from the environment.

- ``B12_CDS_ISSUERS``: the EHRs trusted to call, as the ``iss`` values of their JWTs
  (comma separated). None set: every call is refused (401); discovery still answers.
- ``B12_CDS_JWKS``: their public keys, a JWKS file path or an ``https://`` URL.
- ``B12_CDS_ORIGINS``: the browser origins of EHRs that call from a web page (CORS);
  none by default, so browsers elsewhere cannot read the answers.
- ``B12_CDS_BASE_URL``: the public URL the services are reached at, when a proxy sits in
  front (the JWT's ``aud`` must be the service URL the EHR called); default: the URL of the
  request as it arrived.
- ``B12_CDS_FHIR_SERVERS``: URL prefixes of the FHIR servers the service may fetch missing
  prefetch data from (comma separated); unset, any ``http(s)`` server the authenticated EHR
  names. The caller names the server, so an allow-list bounds where b12 connects.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


def _names(value: str | None) -> tuple[str, ...]:
    return tuple(n.strip() for n in (value or "").split(",") if n.strip())


@dataclass(frozen=True, slots=True)
class CdsConfig:
    issuers: tuple[str, ...] = ()
    jwks: str | None = None
    origins: tuple[str, ...] = ()
    base_url: str | None = None
    fhir_servers: tuple[str, ...] | None = None  # None: any http(s) server
    leeway_seconds: int = 30  # clock skew allowed on exp and iat
    max_lifetime_seconds: int = 300  # CDS Hooks: exp no more than 5 minutes ahead

    @classmethod
    def from_env(cls) -> CdsConfig:
        servers = os.environ.get("B12_CDS_FHIR_SERVERS")
        return cls(
            issuers=_names(os.environ.get("B12_CDS_ISSUERS")),
            jwks=os.environ.get("B12_CDS_JWKS") or None,
            origins=tuple(o.rstrip("/") for o in _names(os.environ.get("B12_CDS_ORIGINS"))),
            base_url=(os.environ.get("B12_CDS_BASE_URL") or "").rstrip("/") or None,
            fhir_servers=None if servers is None else _names(servers),
        )

    def may_fetch_from(self, url: str) -> bool:
        if not url.startswith(("https://", "http://")):
            return False
        if self.fhir_servers is None:
            return True
        return any(url.rstrip("/").startswith(p.rstrip("/")) for p in self.fhir_servers)
