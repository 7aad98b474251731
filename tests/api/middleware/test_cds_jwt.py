"""A CDS client's bearer JWT is accepted on `/cds-services` when its issuer is trusted and it
verifies (signature, audience, expiry), distinct from the service's own API keys."""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from jwt.algorithms import ECAlgorithm

from api.examples import RUNNER
from api.keys import new_key
from api.middleware.cds_jwt import read_issuers
from tests.api.cds_support import call, intake_response
from tests.api.support import client, make_app
from tests.api.test_keys import keys_file
from triage.errors import SettingFileError
from triage.fhir.cds import SERVICE_ID

pytestmark = pytest.mark.anyio

EHR = "https://ehr.clinic.example"
SERVICE_URL = f"http://test/cds-services/{SERVICE_ID}"
KEY = ec.generate_private_key(ec.SECP384R1())
OTHER_KEY = ec.generate_private_key(ec.SECP384R1())


def _issuers_file(folder: Path) -> Path:
    public = json.loads(ECAlgorithm.to_jwk(KEY.public_key()))
    path = folder / "cds-issuers.json"
    path.write_text(json.dumps({EHR: {"keys": [{**public, "kid": "ehr-1"}]}}), encoding="utf-8")
    return path


def _token(key: Any = KEY, **claims: Any) -> str:
    now = int(time.time())
    payload = {
        "iss": EHR,
        "sub": "client-id",
        "aud": SERVICE_URL,
        "exp": now + 300,
        "iat": now,
        "jti": str(uuid.uuid4()),
        **claims,
    }
    return jwt.encode(
        {k: v for k, v in payload.items() if v is not None},
        key,
        algorithm="ES384",
        headers={"kid": "ehr-1"},
    )


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def _post(app: Any, headers: dict[str, str], path: str = "") -> int:
    async with client(app) as http:
        answer = await http.post(
            f"/cds-services/{SERVICE_ID}{path}", json=call(intake_response(RUNNER)), headers=headers
        )
    return answer.status_code


async def test_a_trusted_clients_jwt_passes_where_api_keys_are_required(tmp_path: Path) -> None:
    key = new_key()
    app = make_app(keys_file=keys_file(tmp_path, key), cds_issuers_file=_issuers_file(tmp_path))
    assert await _post(app, _bearer(_token())) == 200
    assert await _post(app, {"X-API-Key": key}) == 200
    assert await _post(app, {}) == 401


async def test_the_jwt_is_not_an_api_key_elsewhere(tmp_path: Path) -> None:
    app = make_app(
        keys_file=keys_file(tmp_path, new_key()), cds_issuers_file=_issuers_file(tmp_path)
    )
    async with client(app) as http:
        answer = await http.post("/v1/assessments", json=RUNNER, headers=_bearer(_token()))
    assert answer.status_code == 401


@pytest.mark.parametrize(
    "token",
    [
        pytest.param(lambda: _token(OTHER_KEY), id="signed-by-another-key"),
        pytest.param(lambda: _token(iss="https://stranger.example"), id="untrusted-issuer"),
        pytest.param(lambda: _token(aud="https://elsewhere.example/cds-services/x"), id="aud"),
        pytest.param(lambda: _token(exp=int(time.time()) - 600), id="expired"),
        pytest.param(lambda: _token(jti=None), id="no-jti"),
        pytest.param(
            lambda: jwt.encode({"iss": EHR, "aud": SERVICE_URL}, "s" * 32, algorithm="HS256"),
            id="hmac",
        ),
        pytest.param(
            lambda: jwt.encode({"iss": EHR, "aud": SERVICE_URL}, "", algorithm="none"),
            id="none",
        ),
    ],
)
async def test_a_jwt_that_does_not_verify_is_a_401(tmp_path: Path, token: Any) -> None:
    key = new_key()
    app = make_app(keys_file=keys_file(tmp_path, key), cds_issuers_file=_issuers_file(tmp_path))
    async with client(app) as http:
        answer = await http.post(
            f"/cds-services/{SERVICE_ID}",
            json=call(intake_response(RUNNER)),
            headers=_bearer(token()),
        )
    assert answer.status_code == 401
    assert answer.headers["www-authenticate"].startswith("Bearer")
    assert EHR not in answer.text


async def test_with_trusted_issuers_alone_a_service_call_needs_the_jwt(tmp_path: Path) -> None:
    app = make_app(cds_issuers_file=_issuers_file(tmp_path))
    assert await _post(app, {}) == 401
    assert await _post(app, _bearer(_token())) == 200
    token = _token(aud=f"{SERVICE_URL}/feedback")
    async with client(app) as http:
        discovery = await http.get("/cds-services")
        feedback = await http.post(
            f"/cds-services/{SERVICE_ID}/feedback",
            json={
                "feedback": [
                    {
                        "card": str(uuid.uuid4()),
                        "outcome": "accepted",
                        "outcomeTimestamp": "2026-12-01T10:00:00Z",
                    }
                ]
            },
            headers=_bearer(token),
        )
        other = await http.post("/v1/assessments", json=RUNNER)
    assert discovery.status_code == 200
    assert feedback.status_code == 200
    assert other.status_code == 200  # no API keys set: the rest of the service stays open


@pytest.mark.parametrize(
    "public", ["https://triage.clinic.example/pht", "https://triage.clinic.example/pht/"]
)
async def test_behind_a_proxy_the_audience_is_under_the_public_url_not_the_host(
    tmp_path: Path, public: str
) -> None:
    app = make_app(cds_issuers_file=_issuers_file(tmp_path), public_url=public)
    proxied = f"https://triage.clinic.example/pht/cds-services/{SERVICE_ID}"
    assert await _post(app, _bearer(_token(aud=proxied))) == 200
    assert await _post(app, _bearer(_token())) == 401  # the Host's URL is not the service's
    assert await _post(app, _bearer(_token(aud=f"{proxied}/feedback")), "/feedback") != 401


def test_a_public_url_that_is_not_an_http_url_is_refused_naming_the_setting() -> None:
    with pytest.raises(ValueError, match="public_url"):
        make_app(public_url="triage.clinic.example")


def test_a_bad_issuers_file_is_refused_naming_the_setting(tmp_path: Path) -> None:
    path = tmp_path / "issuers.json"
    path.write_text('{"https://ehr.example": {"keys": [{"kty": "nope"}]}}', encoding="utf-8")
    with pytest.raises(SettingFileError, match="TRIAGE_API_CDS_ISSUERS_FILE"):
        read_issuers(path)


async def test_the_schema_declares_the_jwt_on_the_cds_routes_only(tmp_path: Path) -> None:
    app = make_app(cds_issuers_file=_issuers_file(tmp_path))
    async with client(app) as http:
        schema = (await http.get("/openapi.json")).json()
    assert schema["components"]["securitySchemes"]["cdsClientJwt"]["bearerFormat"] == "JWT"
    call = schema["paths"]["/cds-services/{service_id}"]["post"]
    assert call["security"] == [{"cdsClientJwt": []}]
    assert "401" in call["responses"]
    assert "security" not in schema["paths"]["/v1/assessments"]["post"]
