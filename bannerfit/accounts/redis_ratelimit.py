"""Per-key rate limits shared by every API replica, in Redis.

The same sliding one-minute window as :class:`MemoryRateLimiter`, kept as a sorted set
per bucket and updated by one Lua script, so the check and the count are atomic across
replicas and use Redis's clock (replicas' clocks may disagree). When Redis cannot be
reached the limiter lets requests through and says so in the log: a limit is a
courtesy to other tenants, while refusing every request would be an outage.
"""

from __future__ import annotations

import logging
import time
import uuid

import redis

from bannerfit.accounts.ratelimit import WINDOW_SECONDS

log = logging.getLogger("bannerfit.ratelimit")

_SCRIPT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local window = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) >= limit then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return tostring(tonumber(oldest[2]) + window - now)
end
redis.call('ZADD', KEYS[1], now, ARGV[3])
redis.call('EXPIRE', KEYS[1], math.ceil(window) + 1)
return false
"""


class RedisRateLimiter:
    """:class:`~bannerfit.accounts.ratelimit.RateLimiter` on a Redis shared by replicas."""

    def __init__(self, url: str, *, prefix: str = "bannerfit", window: float = WINDOW_SECONDS):
        self._redis = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
        self._script = self._redis.register_script(_SCRIPT)
        self._prefix = prefix
        self._window = window
        self._warned_at = 0.0

    def hit(self, bucket: str, limit: int) -> float | None:
        key = f"{self._prefix}:rl:{bucket}"
        try:
            wait = self._script(keys=[key], args=[self._window, limit, uuid.uuid4().hex])
        except redis.RedisError as exc:
            now = time.monotonic()
            if now - self._warned_at > 10:
                self._warned_at = now
                log.warning("rate limits not enforced: Redis unreachable (%r)", exc)
            return None
        if wait is None:
            return None
        return max(1.0, float(wait))

    def close(self) -> None:
        self._redis.close()
