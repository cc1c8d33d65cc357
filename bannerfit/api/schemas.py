"""Request and response models of the HTTP API (pydantic v2).

Limits that are settings (sides, sizes per request, prompt length, variants) are read
from the validation context, so the model documents the defaults while the server
enforces what it is configured with.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, ValidationInfo, field_validator

from bannerfit.settings import Settings

_SIZE_RE = re.compile(r"^\s*(\d{1,6})\s*[xX×]\s*(\d{1,6})\s*$")
_DATA_URI_RE = re.compile(r"^data:image/[A-Za-z0-9.+-]+(;[A-Za-z0-9=.+-]+)*;base64,", re.ASCII)
_BASE64_RE = re.compile(r"^[A-Za-z0-9+/_\-\s]+={0,2}\s*$", re.ASCII)
MAX_SEED = 2**32 - 1


def _settings(info: ValidationInfo) -> Settings:
    ctx = info.context or {}
    settings = ctx.get("settings")
    return settings if isinstance(settings, Settings) else Settings()


def parse_size(text: str) -> tuple[int, int] | None:
    match = _SIZE_RE.match(text)
    return None if match is None else (int(match.group(1)), int(match.group(2)))


def classify_image_url(value: str) -> Literal["url", "data", "base64"] | None:
    lowered = value[:16].lower()
    if lowered.startswith(("http://", "https://")):
        return "url"
    if lowered.startswith("data:"):
        return "data" if _DATA_URI_RE.match(value) else None
    if len(value) >= 16 and _BASE64_RE.match(value[:4096]) and _BASE64_RE.match(value[-4096:]):
        return "base64"
    return None


class ResizeRequest(BaseModel):
    """The body of ``POST /v1/smart-banner-resizer`` and ``POST /v2/smart-banner-resizer``."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)

    image_url: str | None = Field(
        default=None,
        description="http(s) URL, data:image/...;base64, URI, or bare base64 of the source "
        "image. Required unless the image is uploaded as multipart field `image`.",
    )
    target_sizes: list[str] = Field(
        description="1-10 distinct sizes `WIDTHxHEIGHT`, each side 16..4096; output order "
        "follows this list.",
        examples=[["1080x1080", "728x90"]],
    )
    num_images_per_size: StrictInt = Field(default=1, description="Variants per size, 1-4.")
    output_format: Literal["png", "jpeg", "webp"] = "png"
    prompt: str = Field(default="", description="Extra instruction, at most 5000 characters.")
    resolution: Literal["1K", "2K", "4K"] = Field(
        default="1K", description="Working resolution tier; higher costs more credits."
    )
    safety_tolerance: int = Field(
        default=4, description="1 (strictest) to 6 (most permissive); numeric strings accepted."
    )
    seed: StrictInt | None = Field(
        default=None, description="0..4294967295; null picks a random seed (reported back)."
    )

    @field_validator("image_url")
    @classmethod
    def _image_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip()
        if not value:
            raise ValueError("must not be empty")
        if classify_image_url(value) is None:
            raise ValueError(
                "must be an http(s):// URL, a data:image/...;base64, URI or base64 image data"
            )
        if classify_image_url(value) == "url" and len(value) > 8192:
            raise ValueError("URLs longer than 8192 characters are not accepted")
        return value

    @field_validator("target_sizes")
    @classmethod
    def _target_sizes(cls, value: list[str], info: ValidationInfo) -> list[str]:
        s = _settings(info)
        if not value:
            raise ValueError("needs at least one size such as '1080x1080'")
        if len(value) > s.max_sizes_per_request:
            raise ValueError(
                f"has {len(value)} sizes; at most {s.max_sizes_per_request} are allowed per request"
            )
        out: list[str] = []
        for item in value:
            size = parse_size(item)
            if size is None:
                raise ValueError(
                    f"{item!r} is not WIDTHxHEIGHT with integer sides, e.g. '1080x1080'"
                )
            w, h = size
            if not (s.min_side <= w <= s.max_side and s.min_side <= h <= s.max_side):
                raise ValueError(f"{item!r} has a side outside {s.min_side}..{s.max_side} pixels")
            normal = f"{w}x{h}"
            if normal in out:
                raise ValueError(f"{normal!r} is listed twice; list each size once")
            out.append(normal)
        return out

    @field_validator("num_images_per_size")
    @classmethod
    def _variants(cls, value: int, info: ValidationInfo) -> int:
        limit = _settings(info).max_variants
        if not 1 <= value <= limit:
            raise ValueError(f"must be between 1 and {limit}")
        return value

    @field_validator("prompt")
    @classmethod
    def _prompt(cls, value: str, info: ValidationInfo) -> str:
        limit = _settings(info).max_prompt_chars
        if len(value) > limit:
            raise ValueError(f"has {len(value)} characters; at most {limit} are allowed")
        return value

    @field_validator("safety_tolerance", mode="before")
    @classmethod
    def _tolerance(cls, value: Any) -> int:
        if isinstance(value, bool):
            raise ValueError("must be an integer from 1 to 6")
        if isinstance(value, str) and re.fullmatch(r"\s*[+-]?\d+\s*", value):
            value = int(value)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if not isinstance(value, int) or not 1 <= value <= 6:
            raise ValueError("must be an integer from 1 to 6")
        return value

    @field_validator("seed")
    @classmethod
    def _seed(cls, value: int | None) -> int | None:
        if value is not None and not 0 <= value <= MAX_SEED:
            raise ValueError(f"must be between 0 and {MAX_SEED}, or null for a random seed")
        return value

    @property
    def sizes(self) -> tuple[tuple[int, int], ...]:
        return tuple(parse_size(s) for s in self.target_sizes)  # type: ignore[misc]


class SubmitResponse(BaseModel):
    request_id: str
    status: str
    status_url: str
    response_url: str


class OutputItem(BaseModel):
    url: str
    target_size: str
    width: int
    height: int
    format: str
    variant: int
    layout: dict[str, Any] | None = None


class Metrics(BaseModel):
    inference_time: float | None
    queue_time: float | None
    total_time: float | None


class StatusResponse(BaseModel):
    request_id: str
    status: str
    created_at: str
    started_at: str | None = None
    completed_at: str | None = None
    attempts: int = 0
    credits_charged: int = 0
    error: str | None = None
    code: str | None = None
    status_url: str
    response_url: str


class ResultResponse(BaseModel):
    request_id: str
    status: str
    output: list[OutputItem]
    seed: int
    metrics: Metrics
    credits_charged: int
    created_at: str
    completed_at: str | None


class CreditsResponse(BaseModel):
    credits: int


class ErrorResponse(BaseModel):
    error: str
    code: str
