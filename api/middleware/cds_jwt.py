"""CDS Hooks clients' bearer JWTs, accepted on `/cds-services` from the issuers the deployment trusts.

CDS Hooks 2.0 ("Trusting CDS Clients"): every call carries `Authorization: Bearer <JWT>`, signed by
the CDS client with its private key; the service verifies it with the client's public key. Which
issuers are trusted, and their public keys, is the deployment's choice: the setting
`TRIAGE_API_CDS_ISSUERS_FILE` names a JSON file mapping each trusted issuer (`iss`) to its JSON Web
Key Set, `{"https://ehr.example.org": {"keys": [{...JWK...}]}}`. The service never fetches keys
(it makes no outbound requests).

Verified with PyJWT: the signature with the issuer's key (by `kid`, or its only key), an asymmetric
algorithm only (never `none` or an HMAC), `exp`, `iat` and `jti` present and `exp` in the future,
and `aud` the URL called (the service's endpoint as discovery gives it): under the setting
`TRIAGE_API_PUBLIC_URL` when set (behind a reverse proxy that changes the Host), else under the
scheme and Host of the request. A valid JWT notes the
caller (`cds:<iss>`), so that the API key check lets it pass: the JWT is the CDS client's
credential, distinct from the service's own API keys, which work as before. A bearer that is not a
JWT is left to the API key check. With trusted issuers set, a call of a service (`POST`) needs a
valid JWT or, when keys are set, an API key.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import jwt
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from api.middleware.api_keys import CALLER, CHALLENGE
from api.problems import problem, problem_response
from triage import SettingFileError

PREFIX = "/cds-services"
ALGORITHMS = ("RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "PS256", "PS384", "PS512")
"""Asymmetric algorithms only: CDS Hooks names ES384 and RS384; `none` and HMAC never pass."""

LEEWAY_S = 30
"""Seconds of clock difference allowed on `exp` and `iat`."""


@dataclass(frozen=True, slots=True)
class TrustedIssuers:
    """Each trusted issuer's public keys, by `kid` (a key without a `kid` under "")."""

    keys: Mapping[str, Mapping[str, jwt.PyJWK]]

    def key_for(self, issuer: str, kid: str | None) -> jwt.PyJWK | None:
        """The issuer's key for a `kid`, or its only key when the JWT names none."""
        found = self.keys.get(issuer, {})
        if kid is not None:
            return found.get(kid)
        return next(iter(found.values())) if len(found) == 1 else None


def read_issuers(path: Path) -> TrustedIssuers:
    """The trusted issuers of a JSON file; raises SettingFileError naming the file and what is wrong."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or not data:
            raise ValueError("expected an object mapping each issuer to its key set")
        keys: dict[str, dict[str, jwt.PyJWK]] = {}
        for issuer, key_set in data.items():
            found = jwt.PyJWKSet.from_dict(key_set).keys
            keys[issuer] = {key.key_id or "": key for key in found}
    except (OSError, ValueError, jwt.PyJWKError, jwt.PyJWKSetError) as error:
        raise SettingFileError(f"TRIAGE_API_CDS_ISSUERS_FILE {path}: {error}") from None
    return TrustedIssuers(keys)


class CdsJwt:
    """Accept a trusted CDS client's bearer JWT on `/cds-services`; refuse a bad one with a 401."""

    def __init__(
        self, app: ASGIApp, issuers: TrustedIssuers, keys_too: bool, public_url: str | None = None
    ) -> None:
        self.app = app
        self.issuers = issuers
        self.keys_too = keys_too
        self.public_url = public_url.rstrip("/") if public_url is not None else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or not (path == PREFIX or path.startswith(PREFIX + "/")):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        scheme, _, token = headers.get("authorization", "").partition(" ")
        token = token.strip()
        if scheme.lower() == "bearer" and token.count(".") == 2:
            issuer = self.verified_issuer(token, _audiences(scope, headers, self.public_url))
            if issuer is None:
                await _refuse(scope, receive, send, "The bearer JWT is not valid for this service.")
                return
            scope[CALLER] = f"cds:{issuer}"
        elif scope.get("method") == "POST" and not self.keys_too:
            await _refuse(
                scope, receive, send, "Send the CDS client's JWT as 'Authorization: Bearer <JWT>'."
            )
            return
        await self.app(scope, receive, send)

    def verified_issuer(self, token: str, audiences: list[str]) -> str | None:
        """The issuer of a JWT whose signature and claims hold, else None (never why: no oracle)."""
        try:
            header = jwt.get_unverified_header(token)
            claims = jwt.decode(token, options={"verify_signature": False})
            issuer = claims.get("iss")
            algorithm = header.get("alg")
            if not isinstance(issuer, str) or algorithm not in ALGORITHMS:
                return None
            key = self.issuers.key_for(issuer, header.get("kid"))
            if key is None:
                return None
            jwt.decode(
                token,
                key,
                algorithms=[algorithm],
                audience=audiences,
                issuer=issuer,
                leeway=LEEWAY_S,
                options={"require": ["iss", "aud", "exp", "iat", "jti"]},
            )
        except (jwt.PyJWTError, ValueError, TypeError):
            return None
        return issuer


def _audiences(scope: Scope, headers: Headers, public_url: str | None) -> list[str]:
    """The URLs a JWT may name as `aud`: the endpoint called (a feedback call: its service too),
    under the public URL when one is set."""
    base = public_url or f"{scope.get('scheme', 'http')}://{headers.get('host', '')}"
    url = f"{base}{scope.get('path', '')}"
    found = [url]
    if url.endswith("/feedback"):
        found.append(url.removesuffix("/feedback"))
    return found


async def _refuse(scope: Scope, receive: Receive, send: Send, detail: str) -> None:
    found = problem(401, detail, instance=scope.get("path"))
    await problem_response(found, CHALLENGE)(scope, receive, send)


def trusted(settings_path: Path | None) -> TrustedIssuers | None:
    """The trusted issuers a setting names, or None when it is unset."""
    return read_issuers(settings_path) if settings_path is not None else None
