"""The blob-store protocol shared by the local folder and object-store backends."""

from __future__ import annotations

from typing import Protocol


class BlobNotFound(KeyError):
    """The key does not exist (never written, or already deleted)."""


class BlobStore(Protocol):
    """Flat keys such as ``jobs/<id>/out/1080x1080_0.png`` mapped to bytes."""

    def put(self, key: str, data: bytes, media_type: str = "application/octet-stream") -> None:
        """Write atomically: a reader sees the old object or the whole new one."""

    def get(self, key: str) -> bytes:
        """The bytes under ``key``; raises :class:`BlobNotFound`."""

    def delete_prefix(self, prefix: str) -> None:
        """Delete every key under ``prefix`` (missing keys are fine)."""

    def public_url(self, key: str, expires_in: int) -> str | None:
        """A direct URL for clients (e.g. presigned), or None: the API serves the bytes."""

    def ping(self) -> None:
        """Raise if the store cannot be written."""
