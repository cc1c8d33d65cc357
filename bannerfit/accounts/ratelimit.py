"""Per-key requests-per-minute limits.

The embedded server keeps a sliding one-minute window in memory; a shared backend
(Redis, for several API replicas) only has to implement :class:`RateLimiter`.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from typing import Protocol

WINDOW_SECONDS = 60.0


class RateLimiter(Protocol):
    def hit(self, bucket: str, limit: int) -> float | None:
        """Count one request in ``bucket``; None when allowed, else seconds to wait."""


class MemoryRateLimiter:
    """Sliding-window log per bucket: exact, and small (at most ``limit`` stamps each)."""

    def __init__(self, clock=time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._hits: dict[str, deque[float]] = {}

    def hit(self, bucket: str, limit: int) -> float | None:
        now = self._clock()
        with self._lock:
            stamps = self._hits.setdefault(bucket, deque())
            while stamps and stamps[0] <= now - WINDOW_SECONDS:
                stamps.popleft()
            if len(stamps) >= limit:
                return max(1.0, math.ceil(stamps[0] + WINDOW_SECONDS - now))
            stamps.append(now)
            return None
