"""Turn an inference request body (JSON or multipart) into validated parameters.

The body is read through the size guard, so an oversized upload is refused while it
streams. URLs are not fetched here: the worker does that, away from the request path.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from starlette.datastructures import UploadFile
from starlette.requests import Request

from bannerfit.api.errors import ApiError, invalid_parameters, validation_fields
from bannerfit.api.schemas import ResizeRequest, classify_image_url
from bannerfit.jobs.records import SourceKind
from bannerfit.settings import Settings

_INT_FIELDS = ("num_images_per_size", "seed")
_KNOWN_FIELDS = set(ResizeRequest.model_fields) | {"image"}


@dataclass(frozen=True)
class ParsedRequest:
    params: ResizeRequest
    source_kind: SourceKind
    source_url: str | None  # for URL sources
    input_data: bytes | None  # upload bytes, or the inline data URI / base64 text
    request_hash: str  # of everything the caller sent, for Idempotency-Key checks


def _validate(data: dict[str, Any], settings: Settings) -> ResizeRequest:
    unknown = sorted(k for k in data if k not in ResizeRequest.model_fields)
    if unknown:
        raise ApiError(
            400,
            "unknown_fields",
            f"Unknown field(s): {', '.join(unknown)}; remove them "
            f"(accepted: {', '.join(ResizeRequest.model_fields)}).",
            fields=[{"field": k, "message": "is not a parameter of this model"} for k in unknown],
        )
    try:
        return ResizeRequest.model_validate(data, context={"settings": settings})
    except ValidationError as exc:
        raise invalid_parameters(validation_fields([dict(e) for e in exc.errors()])) from None


def _inline_limit(value: str, settings: Settings) -> None:
    payload = value.split(",", 1)[1] if value.startswith("data:") else value
    if len(payload) * 3 // 4 > settings.max_image_bytes:
        raise ApiError(
            413,
            "image_too_large",
            f"The image is larger than the {settings.max_image_bytes // (1024 * 1024)} MB limit; "
            "send a smaller image.",
        )


def _hash(params: dict[str, Any], upload: bytes | None) -> str:
    digest = hashlib.sha256(json.dumps(params, sort_keys=True, default=str).encode())
    if upload is not None:
        digest.update(b"\0upload\0")
        digest.update(hashlib.sha256(upload).digest())
    return digest.hexdigest()


async def _json_body(request: Request) -> dict[str, Any]:
    raw = await request.body()
    if not raw.strip():
        raise ApiError(
            400, "invalid_body", "The request body is empty; send a JSON object of parameters."
        )
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise ApiError(
            400,
            "invalid_json",
            "The request body is not valid JSON; send a JSON object of parameters.",
        ) from None
    if not isinstance(data, dict):
        raise ApiError(400, "invalid_body", "The request body must be a JSON object of parameters.")
    return data


async def _form_body(request: Request, settings: Settings) -> tuple[dict[str, Any], bytes | None]:
    try:
        form = await request.form(max_files=2, max_fields=64, max_part_size=1024 * 1024)
    except Exception as exc:
        if exc.__class__.__name__ == "BodyTooLarge":
            raise
        raise ApiError(
            400, "invalid_body", f"The multipart body could not be parsed: {exc}."
        ) from None
    data: dict[str, Any] = {}
    upload: bytes | None = None
    sizes: list[str] = []
    unknown = sorted({k for k in form if k not in _KNOWN_FIELDS})
    if unknown:
        raise ApiError(
            400,
            "unknown_fields",
            f"Unknown field(s): {', '.join(unknown)}; remove them.",
            fields=[{"field": k, "message": "is not a parameter of this model"} for k in unknown],
        )
    for key, value in form.multi_items():
        if key == "image":
            if not isinstance(value, UploadFile):
                raise ApiError(
                    400,
                    "invalid_parameters",
                    "Field image must be a file upload.",
                    fields=[{"field": "image", "message": "must be a file"}],
                )
            if upload is not None:
                raise ApiError(
                    400,
                    "invalid_parameters",
                    "Send one image file only.",
                    fields=[{"field": "image", "message": "sent more than once"}],
                )
            upload = await value.read()
            if len(upload) > settings.max_image_bytes:
                raise ApiError(
                    413,
                    "image_too_large",
                    f"The image is larger than the {settings.max_image_bytes // (1024 * 1024)} MB limit; send a smaller image.",
                )
            if not upload:
                raise ApiError(
                    400,
                    "invalid_parameters",
                    "The uploaded image file is empty.",
                    fields=[{"field": "image", "message": "is empty"}],
                )
            continue
        if isinstance(value, UploadFile):
            raise ApiError(
                400,
                "invalid_parameters",
                f"Field {key} must be text, not a file.",
                fields=[{"field": key, "message": "must be text"}],
            )
        if key == "target_sizes":
            sizes.extend(part.strip() for part in value.split(",") if part.strip())
        elif key in _INT_FIELDS and re.fullmatch(r"\s*[+-]?\d+\s*", value):
            data[key] = int(value)
        elif key == "seed" and value.strip().lower() in ("", "null", "none"):
            data[key] = None
        else:
            data[key] = value
    if "target_sizes" in form:
        data["target_sizes"] = sizes
    return data, upload


async def parse_inference_request(request: Request, settings: Settings) -> ParsedRequest:
    """Validate the body; raise :class:`ApiError` (400/413) with a sentence saying what to fix."""
    content_type = request.headers.get("content-type", "").lower()
    upload: bytes | None = None
    is_form = content_type.startswith("multipart/form-data")
    if content_type.startswith("application/x-www-form-urlencoded"):
        # `curl -d '{...}'` labels JSON as a form: honour what the body actually is.
        is_form = not (await request.body()).lstrip().startswith(b"{")
    if is_form:
        data, upload = await _form_body(request, settings)
    else:
        data = await _json_body(request)
    params = _validate(data, settings)
    if upload is not None and params.image_url is not None:
        raise ApiError(
            400,
            "invalid_parameters",
            "Send either an image file or image_url, not both.",
            fields=[{"field": "image_url", "message": "conflicts with the uploaded image"}],
        )
    request_hash = _hash(params.model_dump(), upload)
    if upload is not None:
        return ParsedRequest(params, SourceKind.UPLOAD, None, upload, request_hash)
    if params.image_url is None:
        raise invalid_parameters(
            [
                {
                    "field": "image_url",
                    "message": "is required (or upload the image as multipart field 'image')",
                }
            ]
        )
    if classify_image_url(params.image_url) == "url":
        return ParsedRequest(params, SourceKind.URL, params.image_url, None, request_hash)
    _inline_limit(params.image_url, settings)
    return ParsedRequest(
        params, SourceKind.INLINE, None, params.image_url.encode("ascii", "replace"), request_hash
    )
