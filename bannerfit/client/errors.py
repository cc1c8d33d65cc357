"""Typed errors of the client, one per status family of the API's error table."""

from __future__ import annotations

from typing import Any

import httpx


class BannerfitError(Exception):
    """Any error answer; ``status``, ``code`` and ``message`` come from the JSON body."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        code: str | None = None,
        body: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code
        self.body = body or {}


class InvalidRequest(BannerfitError):
    """400 (and 409, 413): fix the request; ``fields`` says which parameters."""

    @property
    def fields(self) -> list[dict[str, str]]:
        return list(self.body.get("fields", []))


class AuthenticationError(BannerfitError):
    """401: missing, unknown or revoked key."""


class PermissionDenied(BannerfitError):
    """403."""


class NotFound(BannerfitError):
    """404: unknown, expired or another key's request."""


class InsufficientCredits(BannerfitError):
    """406: ``needed`` and ``left`` credits."""

    @property
    def needed(self) -> int | None:
        return self.body.get("credits_needed")

    @property
    def left(self) -> int | None:
        return self.body.get("credits_left")


class RequestFailed(BannerfitError):
    """422: the request was accepted but FAILED (bad image, blocked content, ...)."""

    @property
    def request_id(self) -> str | None:
        return self.body.get("request_id")


class RateLimited(BannerfitError):
    """429: wait ``retry_after`` seconds."""

    @property
    def retry_after(self) -> float:
        return float(self.body.get("retry_after") or 1)


class ServerError(BannerfitError):
    """5xx: the server or a dependency failed; 504 carries the request id to poll."""


class WaitTimeout(BannerfitError):
    """``wait`` gave up before the request finished; it may still complete server-side."""


_BY_STATUS: dict[int, type[BannerfitError]] = {
    400: InvalidRequest,
    401: AuthenticationError,
    403: PermissionDenied,
    404: NotFound,
    406: InsufficientCredits,
    409: InvalidRequest,
    413: InvalidRequest,
    422: RequestFailed,
    429: RateLimited,
}


def error_from_response(response: httpx.Response) -> BannerfitError:
    try:
        body = response.json()
        if not isinstance(body, dict):
            body = {}
    except ValueError:
        body = {}
    if "retry_after" not in body and response.headers.get("retry-after"):
        body["retry_after"] = response.headers["retry-after"]
    message = str(body.get("error") or f"HTTP {response.status_code}")
    cls = _BY_STATUS.get(
        response.status_code, ServerError if response.status_code >= 500 else BannerfitError
    )
    return cls(message, status=response.status_code, code=body.get("code"), body=body)
