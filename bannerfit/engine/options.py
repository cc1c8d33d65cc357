"""The engine's public data types: what the runtime passes in and gets back."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

OutputFormat = Literal["png", "jpeg", "webp"]
Resolution = Literal["1K", "2K", "4K"]

#: Working-canvas long side per resolution tier (analysis and background synthesis).
WORKING_LONG_SIDE: dict[str, int] = {"1K": 1024, "2K": 2048, "4K": 4096}

MEDIA_TYPES: dict[str, str] = {"png": "image/png", "jpeg": "image/jpeg", "webp": "image/webp"}


@dataclass(frozen=True)
class EngineLimits:
    """Caps applied before any pixel is decoded, so a hostile file cannot exhaust memory."""

    max_pixels: int = 50_000_000
    max_image_bytes: int = 30 * 1024 * 1024
    max_side: int = 4096


@dataclass(frozen=True)
class RecomposeOptions:
    """One request's options, validated by the caller (API or CLI) before reaching here."""

    sizes: tuple[tuple[int, int], ...]
    variants: int = 1
    output_format: OutputFormat = "png"
    resolution: Resolution = "1K"
    prompt: str = ""
    seed: int = 0
    safety_tolerance: int = 4
    limits: EngineLimits = field(default_factory=EngineLimits)


@dataclass(frozen=True)
class RenderedImage:
    """One encoded output and the layout record that explains it."""

    width: int
    height: int
    variant: int
    format: OutputFormat
    media_type: str
    data: bytes
    layout: dict[str, Any]

    @property
    def target_size(self) -> str:
        return f"{self.width}x{self.height}"
