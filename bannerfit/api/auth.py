"""API key authentication, permissions and per-key rate limits (FastAPI dependencies)."""

from __future__ import annotations

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from bannerfit.api.errors import ApiError
from bannerfit.api.services import Services, get_services
from bannerfit.jobs.records import ApiKeyRecord


def _token(request: Request) -> str | None:
    token = request.headers.get("x-api-key")
    if token:
        return token.strip()
    auth = request.headers.get("authorization", "")
    scheme, _, value = auth.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return None


async def authenticate(
    request: Request, services: Services = Depends(get_services)
) -> ApiKeyRecord:
    token = _token(request)
    if token is None:
        raise ApiError(
            401, "missing_api_key", "An API key is required: send it in the x-api-key header."
        )
    key = await run_in_threadpool(services.store.authenticate, token)
    if key is None:
        raise ApiError(
            401,
            "invalid_api_key",
            "The API key is not valid (unknown or revoked); check the x-api-key header.",
        )
    request.state.api_key = key
    return key


def _limit(services: Services, bucket: str, limit: int) -> None:
    retry_after = services.limiter.hit(bucket, limit)
    if retry_after is not None:
        raise ApiError(
            429,
            "rate_limited",
            f"This key is limited to {limit} such requests per minute; retry in {int(retry_after)} s.",
            headers={"Retry-After": str(int(retry_after))},
            retry_after=int(retry_after),
        )


async def read_key(
    key: ApiKeyRecord = Depends(authenticate), services: Services = Depends(get_services)
) -> ApiKeyRecord:
    """A key for reads (status, result, credits): the generous read limit applies."""
    _limit(services, f"read:{key.id}", services.settings.read_rate_limit_rpm)
    return key


def submit_limit(services: Services, key: ApiKeyRecord) -> None:
    """Count one inference submission against the key's requests-per-minute."""
    _limit(services, f"submit:{key.id}", key.rpm or services.settings.rate_limit_rpm)


def require_model(key: ApiKeyRecord, slug: str) -> None:
    if not key.may_use(slug):
        raise ApiError(
            403,
            "forbidden_model",
            f"This API key may not use model {slug!r}; use a key allowed for it.",
        )


async def admin_key(key: ApiKeyRecord = Depends(read_key)) -> ApiKeyRecord:
    if not key.is_admin:
        raise ApiError(403, "admin_required", "This endpoint needs an admin API key.")
    return key
