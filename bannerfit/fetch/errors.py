"""The loader's policy and its single error type.

The worker turns a :class:`FetchError` into a FAILED request whose ``error`` is the
message, so every message is one sentence that says what went wrong and what to fix.
"""

from __future__ import annotations

from dataclasses import dataclass


class FetchError(Exception):
    """The image source could not be turned into image bytes, for a reason the user can fix.

    ``code`` is a stable snake_case tag (``private_address``, ``image_too_large``,
    ``unsupported_format``, ...) so the API can pick a status or metric label without
    parsing the sentence.
    """

    def __init__(self, message: str, code: str = "fetch_failed") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class FetchPolicy:
    """Limits applied to one image source.

    ``allow_private`` exists for local development and tests only: it lets URLs reach
    loopback and private networks. ``total_timeout`` bounds the whole download (all
    redirect hops), so a server that drips one byte per second cannot hold a worker.
    """

    allow_private: bool = False
    max_bytes: int = 20 * 1024 * 1024
    connect_timeout: float = 5.0
    read_timeout: float = 10.0
    max_redirects: int = 3
    total_timeout: float = 30.0


def size_text(n: int) -> str:
    """A byte count as users read it in limits ("20 MiB", "500 bytes")."""
    return f"{n / (1024 * 1024):g} MiB" if n >= 1024 * 1024 else f"{n} bytes"
