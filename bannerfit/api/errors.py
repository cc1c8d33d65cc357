"""Every error leaves as ``{"error": "<one sentence>", "code": "<snake_case>", ...}``."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger("bannerfit.api")


class ApiError(Exception):
    """An error response: status, code, one sentence, optional extra fields and headers."""

    def __init__(
        self,
        http_status: int,
        code: str,
        message: str,
        *,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(message)
        self.status = http_status
        self.code = code
        self.message = message
        self.headers = headers or {}
        self.extra = extra


class BodyTooLarge(Exception):
    """Raised by the body-size guard as soon as the body passes the limit."""

    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.limit = limit


def error_body(code: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"error": message, "code": code, **extra}


def error_response(
    http_status: int, code: str, message: str, headers: dict[str, str] | None = None, **extra: Any
) -> JSONResponse:
    return JSONResponse(
        error_body(code, message, **extra), status_code=http_status, headers=headers
    )


def too_large_message(limit: int) -> str:
    return f"The request body is larger than the {limit // (1024 * 1024)} MB limit; send a smaller image or an image_url."


def validation_fields(errors: list[dict[str, Any]]) -> list[dict[str, str]]:
    """pydantic/FastAPI errors -> ``[{"field", "message"}]`` with readable messages."""
    fields = []
    for err in errors:
        loc = [str(p) for p in err.get("loc", ()) if p not in ("body",)]
        field = ""
        for part in loc:
            field += f"[{part}]" if part.isdigit() else (f".{part}" if field else part)
        message = str(err.get("msg", "is invalid"))
        if message.startswith("Value error, "):
            message = message[len("Value error, ") :]
        fields.append({"field": field or "body", "message": message})
    return fields


def invalid_parameters(fields: list[dict[str, str]]) -> ApiError:
    first = fields[0]
    sentence = f"Invalid parameter {first['field']}: {first['message']}"
    if len(fields) > 1:
        sentence += f" (and {len(fields) - 1} more problem(s), see fields)"
    if not sentence.endswith("."):
        sentence += "."
    return ApiError(400, "invalid_parameters", sentence, fields=fields)


_STATUS_CODES = {
    400: ("bad_request", "The request is malformed."),
    401: ("unauthorized", "A valid API key is required (x-api-key header)."),
    403: ("forbidden", "This API key may not use this endpoint."),
    404: ("not_found", "There is nothing at this URL; check the path."),
    405: ("method_not_allowed", "This HTTP method is not allowed on this URL."),
    413: ("payload_too_large", "The request body is too large."),
}


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.message, exc.headers, **exc.extra)

    @app.exception_handler(BodyTooLarge)
    async def _too_large(_: Request, exc: BodyTooLarge) -> JSONResponse:
        return error_response(413, "payload_too_large", too_large_message(exc.limit))

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        err = invalid_parameters(
            validation_fields(list(exc.errors())) or [{"field": "body", "message": "is invalid"}]
        )
        return error_response(err.status, err.code, err.message, **err.extra)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code, default = _STATUS_CODES.get(exc.status_code, ("http_error", "The request failed."))
        message = default
        if (
            isinstance(exc.detail, str)
            and exc.detail
            and exc.detail not in ("Not Found", "Method Not Allowed")
        ):
            message = exc.detail
        return error_response(exc.status_code, code, message, getattr(exc, "headers", None))

    @app.exception_handler(OperationalError)
    async def _db_down(_: Request, exc: OperationalError) -> JSONResponse:
        log.error("database unavailable: %s", exc.__class__.__name__)
        return error_response(
            502, "dependency_unavailable", "The database is unavailable; retry shortly."
        )

    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception) -> JSONResponse:
        log.exception("internal error on %s %s", request.method, request.url.path)
        return error_response(
            500, "internal_error", "An internal error occurred; it has been logged."
        )
