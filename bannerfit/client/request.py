"""Build the request for an image given as path, bytes, URL, data URI or base64."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ImageInput = str | bytes | Path


@dataclass(frozen=True)
class PreparedRequest:
    json: dict[str, Any] | None
    data: dict[str, Any] | None
    files: dict[str, Any] | None


def _is_path(text: str) -> bool:
    if text.startswith(("http://", "https://", "data:")) or len(text) > 4096:
        return False
    try:
        return Path(text).is_file()
    except OSError:
        return False


def prepare(image: ImageInput, sizes: Sequence[str], params: dict[str, Any]) -> PreparedRequest:
    if not sizes:
        raise ValueError("give at least one size, e.g. sizes=['1080x1080']")
    fields = {k: v for k, v in params.items() if v is not None}
    if isinstance(image, str) and not _is_path(image):
        return PreparedRequest(
            json={"image_url": image, "target_sizes": list(sizes), **fields}, data=None, files=None
        )
    if isinstance(image, (str, Path)):
        path = Path(image)
        content, name = path.read_bytes(), path.name
    else:
        content, name = bytes(image), "image"
    form = {"target_sizes": list(sizes), **{k: str(v) for k, v in fields.items()}}
    return PreparedRequest(
        json=None, data=form, files={"image": (name, content, "application/octet-stream")}
    )
