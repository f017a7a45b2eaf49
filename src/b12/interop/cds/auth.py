"""Authentication of CDS clients (CDS Hooks 2.0, "Trusting CDS Clients").

Every service call carries ``Authorization: Bearer <JWT>`` signed by the EHR. It is
accepted only when: the algorithm is ES384 or RS384 (the two the spec names; ``none`` and
HMAC are never accepted); the signature verifies with a key of the configured JWKS; ``iss``
is a trusted issuer; ``aud`` is the URL of the service called; ``exp`` has not passed and
lies at most five minutes ahead; ``iat`` is present; and its ``jti`` has not been seen
before from that issuer (a replayed token is refused). A JWT's own ``jku`` or ``x5u``
header is ignored: keys come only from ``B12_CDS_JWKS``, never from the caller.

The replay memory is per process: behind several workers, each remembers its own tokens
(documented in docs/interop.md). Nothing of the token is logged.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jwt

from b12.interop.cds.config import CdsConfig

ALGORITHMS = ("ES384", "RS384")
_REFRESH_SECONDS = 300.0  # a JWKS URL is read again after this long...
_UNKNOWN_KID_RETRY_SECONDS = 30.0  # ...or sooner for a key id it lacks, at most this often


class CdsAuthError(Exception):
    """A call that is not from a trusted EHR: answered 401 with this message."""


@dataclass
class KeySet:
    """The trusted public keys, from a JWKS file or URL, cached."""

    source: str | None
    _keys: list[jwt.PyJWK] = field(default_factory=list)
    _read_at: float = float("-inf")
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def keys(self, kid: str | None) -> list[jwt.PyJWK]:
        """The keys that may have signed a token with ``kid`` (all keys when it has none)."""
        now = time.monotonic()
        with self._lock:
            stale = now - self._read_at > _REFRESH_SECONDS
            missing = kid is not None and all(k.key_id != kid for k in self._keys)
            if stale or (missing and now - self._read_at > _UNKNOWN_KID_RETRY_SECONDS):
                self._keys = self._load()
                self._read_at = now
            found = list(self._keys)
        return [k for k in found if kid is None or k.key_id in (kid, None)]

    def _load(self) -> list[jwt.PyJWK]:
        if not self.source:
            return []
        try:
            if self.source.startswith(("https://", "http://")):
                import httpx

                response = httpx.get(self.source, timeout=5.0)
                response.raise_for_status()
                data: Any = response.json()
            else:
                data = json.loads(Path(self.source).read_text(encoding="utf-8"))
            return list(jwt.PyJWKSet.from_dict(data).keys)
        except Exception as exc:  # an unreadable JWKS trusts nobody, and says why
            raise CdsAuthError(f"the trusted keys (B12_CDS_JWKS) cannot be read: {exc}") from None


@dataclass
class ReplayGuard:
    """The ``jti`` of every token accepted, until it expires."""

    _seen: dict[tuple[str, str], float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def first_use(self, issuer: str, jti: str, expires: float, now: float) -> bool:
        with self._lock:
            if len(self._seen) > 1000:
                self._seen = {k: e for k, e in self._seen.items() if e > now}
            key = (issuer, jti)
            if key in self._seen and self._seen[key] > now:
                return False
            self._seen[key] = expires
            return True


def verify(
    authorization: str | None,
    audience: list[str],
    config: CdsConfig,
    keys: KeySet,
    replays: ReplayGuard,
    now: float | None = None,
) -> dict[str, Any]:
    """The claims of a valid token for one of ``audience`` (the service's URLs), else
    ``CdsAuthError`` saying why."""
    if not config.issuers or not config.jwks:
        raise CdsAuthError("this server trusts no EHR yet: set B12_CDS_ISSUERS and B12_CDS_JWKS")
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise CdsAuthError("send a JWT from a trusted EHR: Authorization: Bearer <JWT>")
    token = token.strip()
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError:
        raise CdsAuthError("the bearer token is not a JWT") from None
    alg = header.get("alg")
    if alg not in ALGORITHMS:
        raise CdsAuthError(f"JWT algorithm {alg!r} is not accepted; use ES384 or RS384")
    candidates = [
        k for k in keys.keys(header.get("kid")) if k.algorithm_name in (alg, None) or _fits(k, alg)
    ]
    if not candidates:
        raise CdsAuthError("no trusted key matches the JWT's kid and algorithm")
    when = time.time() if now is None else now
    claims: dict[str, Any] | None = None
    problem = "the JWT signature does not verify with a trusted key"
    for key in candidates:
        try:
            claims = jwt.decode(
                token,
                key=key.key,
                algorithms=[alg],
                audience=audience,
                issuer=list(config.issuers),
                leeway=config.leeway_seconds,
                options={"require": ["iss", "aud", "exp", "iat", "jti"]},
            )
            break
        except jwt.InvalidSignatureError:
            continue
        except jwt.ExpiredSignatureError:
            raise CdsAuthError("the JWT has expired") from None
        except jwt.InvalidAudienceError:
            raise CdsAuthError(f"the JWT's aud is not this service ({audience[0]})") from None
        except jwt.InvalidIssuerError:
            raise CdsAuthError("the JWT's iss is not a trusted EHR (B12_CDS_ISSUERS)") from None
        except jwt.MissingRequiredClaimError as exc:
            raise CdsAuthError(f"the JWT has no {exc.claim!r} claim") from None
        except jwt.PyJWTError as exc:
            problem = f"the JWT is not valid: {exc}"
    if claims is None:
        raise CdsAuthError(problem)
    expires = float(claims["exp"])
    if expires - when > config.max_lifetime_seconds + config.leeway_seconds:
        raise CdsAuthError("the JWT's exp is more than 5 minutes ahead")
    jti = claims["jti"]
    if not isinstance(jti, str) or not jti:
        raise CdsAuthError("the JWT's jti must be a non-empty string")
    if not replays.first_use(claims["iss"], jti, expires + config.leeway_seconds, when):
        raise CdsAuthError("this JWT was used before (its jti is spent): sign a new one")
    return claims


def _fits(key: jwt.PyJWK, alg: str) -> bool:
    """A key whose JWK declares no ``alg`` may serve the algorithm its key type allows."""
    kty = key.key_type
    return (alg == "ES384" and kty == "EC") or (alg == "RS384" and kty == "RSA")
