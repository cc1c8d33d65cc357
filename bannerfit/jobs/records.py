"""Plain immutable records exchanged between the store, the API and the workers."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class JobStatus(StrEnum):
    QUEUED = "QUEUED"
    PROCESSING = "PROCESSING"
    COMPLETED = "COMPLETED"
    FAILED = "FAILED"


ACTIVE_STATUSES = (JobStatus.QUEUED, JobStatus.PROCESSING)


class SourceKind(StrEnum):
    URL = "url"  # an http(s) URL, fetched by the worker
    INLINE = "inline"  # a data: URI or bare base64, stored as text in the blob store
    UPLOAD = "upload"  # raw bytes of a multipart upload, stored in the blob store


@dataclass(frozen=True)
class JobParams:
    """The validated parameters of one request (what the engine needs)."""

    sizes: tuple[tuple[int, int], ...]
    variants: int = 1
    output_format: str = "png"
    resolution: str = "1K"
    prompt: str = ""
    seed: int = 0
    safety_tolerance: int = 4

    def to_json(self) -> dict[str, Any]:
        return {
            "sizes": [list(s) for s in self.sizes],
            "variants": self.variants,
            "output_format": self.output_format,
            "resolution": self.resolution,
            "prompt": self.prompt,
            "seed": self.seed,
            "safety_tolerance": self.safety_tolerance,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> JobParams:
        return cls(
            sizes=tuple((int(w), int(h)) for w, h in data["sizes"]),
            variants=int(data["variants"]),
            output_format=str(data["output_format"]),
            resolution=str(data["resolution"]),
            prompt=str(data["prompt"]),
            seed=int(data["seed"]),
            safety_tolerance=int(data["safety_tolerance"]),
        )

    @property
    def output_count(self) -> int:
        return len(self.sizes) * self.variants


@dataclass(frozen=True)
class OutputRecord:
    """One stored output image."""

    blob_key: str
    filename: str
    width: int
    height: int
    variant: int
    format: str
    media_type: str
    size_bytes: int
    layout: dict[str, Any] = field(default_factory=dict)

    @property
    def target_size(self) -> str:
        return f"{self.width}x{self.height}"

    def to_json(self) -> dict[str, Any]:
        return {
            "blob_key": self.blob_key,
            "filename": self.filename,
            "width": self.width,
            "height": self.height,
            "variant": self.variant,
            "format": self.format,
            "media_type": self.media_type,
            "size_bytes": self.size_bytes,
            "layout": self.layout,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> OutputRecord:
        return cls(**data)


@dataclass(frozen=True)
class JobRecord:
    """One request as stored: its state, its bill and, when done, its outputs."""

    id: str
    key_id: str
    status: JobStatus
    params: JobParams
    source_kind: SourceKind
    source_url: str | None
    input_key: str | None
    credits_charged: int
    output_token: str
    attempts: int
    created_at: float
    started_at: float | None = None
    finished_at: float | None = None
    expires_at: float | None = None
    lease_expires_at: float | None = None
    inference_time: float | None = None
    error: str | None = None
    error_code: str | None = None
    outputs: tuple[OutputRecord, ...] = ()
    idempotency_key: str | None = None

    @property
    def is_terminal(self) -> bool:
        return self.status in (JobStatus.COMPLETED, JobStatus.FAILED)

    @property
    def queue_time(self) -> float | None:
        return None if self.started_at is None else max(0.0, self.started_at - self.created_at)

    @property
    def total_time(self) -> float | None:
        return None if self.finished_at is None else max(0.0, self.finished_at - self.created_at)


@dataclass(frozen=True)
class NewJob:
    """What the API hands the store at submit time."""

    id: str
    key_id: str
    params: JobParams
    source_kind: SourceKind
    source_url: str | None
    input_key: str | None
    credits: int
    output_token: str
    idempotency_key: str | None = None
    request_hash: str | None = None


@dataclass(frozen=True)
class ApiKeyRecord:
    """A stored API key (never the key itself: only its prefix and digest)."""

    id: str
    prefix: str
    name: str
    credits: int
    rpm: int | None
    models: tuple[str, ...] | None  # None: every model
    is_admin: bool
    created_at: float
    revoked_at: float | None = None

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def may_use(self, slug: str) -> bool:
        return self.models is None or slug in self.models


@dataclass(frozen=True)
class SubmitOutcome:
    job: JobRecord
    created: bool  # False: an idempotent repeat returned the earlier request
