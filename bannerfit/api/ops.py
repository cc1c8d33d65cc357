"""Operations and account endpoints: health, readiness, metrics, credits, admin."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from bannerfit.api.auth import admin_key, read_key
from bannerfit.api.errors import ApiError
from bannerfit.api.schemas import CreditsResponse
from bannerfit.api.services import Services, get_services
from bannerfit.jobs.errors import KeyNotFound
from bannerfit.jobs.records import ApiKeyRecord

router = APIRouter()


@router.get("/healthz", tags=["operations"], summary="The process is alive")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz", tags=["operations"], summary="Database, queue and storage reachable")
async def readyz(services: Services = Depends(get_services)) -> JSONResponse:
    checks: dict[str, str] = {}

    def probe(name: str, fn: Any) -> None:
        try:
            fn()
            checks[name] = "ok"
        except Exception as exc:
            checks[name] = f"unavailable: {exc.__class__.__name__}"

    await run_in_threadpool(probe, "database", services.store.ping)
    await run_in_threadpool(probe, "storage", services.blobs.ping)
    checks["queue"] = "ok" if services.queue.healthy() else "unavailable"
    if services.shutting_down:
        checks["server"] = "shutting down"
    ready = all(v == "ok" for v in checks.values())
    body: dict[str, Any] = {"status": "ready" if ready else "not_ready", "checks": checks}
    if not ready:
        body.update(
            error="The service is not ready: "
            + ", ".join(f"{k} {v}" for k, v in checks.items() if v != "ok")
            + ".",
            code="not_ready",
        )
    return JSONResponse(body, status_code=200 if ready else 503)


@router.get("/metrics", tags=["operations"], summary="Prometheus metrics")
async def metrics(services: Services = Depends(get_services)) -> Response:
    data = await run_in_threadpool(generate_latest, services.metrics.registry)
    return Response(data, media_type=CONTENT_TYPE_LATEST)


@router.get("/v1/credits", response_model=CreditsResponse, tags=["account"])
async def credits(
    key: ApiKeyRecord = Depends(read_key), services: Services = Depends(get_services)
) -> dict[str, int]:
    return {"credits": await run_in_threadpool(services.store.balance, key.id)}


class KeyInfo(BaseModel):
    prefix: str
    name: str
    credits: int
    rpm: int | None
    models: list[str] | None
    is_admin: bool
    revoked: bool


class TopUp(BaseModel):
    credits: int = Field(gt=0, le=10**12)


def _info(k: ApiKeyRecord) -> KeyInfo:
    return KeyInfo(
        prefix=k.prefix,
        name=k.name,
        credits=k.credits,
        rpm=k.rpm,
        models=list(k.models) if k.models is not None else None,
        is_admin=k.is_admin,
        revoked=not k.is_active,
    )


@router.get("/admin/keys", response_model=list[KeyInfo], tags=["admin"])
async def list_keys(
    _: ApiKeyRecord = Depends(admin_key), services: Services = Depends(get_services)
) -> list[KeyInfo]:
    return [_info(k) for k in await run_in_threadpool(services.store.list_keys)]


@router.post("/admin/keys/{prefix}/credits", response_model=KeyInfo, tags=["admin"])
async def add_credits(
    prefix: str,
    body: TopUp,
    _: ApiKeyRecord = Depends(admin_key),
    services: Services = Depends(get_services),
) -> KeyInfo:
    try:
        key = await run_in_threadpool(services.store.add_credits, prefix, body.credits)
    except KeyNotFound as exc:
        raise ApiError(404, "key_not_found", exc.message) from None
    return _info(key)
