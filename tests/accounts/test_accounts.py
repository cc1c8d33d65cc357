"""Key format, pricing and the rate limiter."""

from __future__ import annotations

from bannerfit.accounts.keys import generate_key, hash_key, parse_prefix, verify_key
from bannerfit.accounts.pricing import request_cost
from bannerfit.accounts.ratelimit import MemoryRateLimiter
from bannerfit.settings import Settings


def test_generated_keys_are_unique_and_verifiable() -> None:
    a, b = generate_key(), generate_key()
    assert a.token != b.token and a.prefix != b.prefix
    assert parse_prefix(a.token) == a.prefix and parse_prefix(a.prefix) == a.prefix
    assert verify_key(a.token, a.digest) and not verify_key(b.token, a.digest)
    assert a.digest == hash_key(a.token) and a.token not in a.digest
    assert parse_prefix("bf_xyz") is None


def test_price_scales_with_outputs_and_tier() -> None:
    s = Settings(_env_file=None)
    assert request_cost(s, sizes=3, variants=2, resolution="1K") == 6
    assert request_cost(s, sizes=1, variants=1, resolution="2K") == 2
    assert request_cost(s, sizes=2, variants=4, resolution="4K") == 32
    custom = Settings(_env_file=None, price_4k=10)
    assert request_cost(custom, sizes=1, variants=1, resolution="4K") == 10


def test_sliding_window_limit_and_retry_after() -> None:
    now = [1000.0]
    limiter = MemoryRateLimiter(clock=lambda: now[0])
    assert [limiter.hit("k", 3) for _ in range(3)] == [None, None, None]
    assert limiter.hit("k", 3) == 60
    assert limiter.hit("other", 3) is None  # buckets are separate
    now[0] += 30
    assert limiter.hit("k", 3) == 30
    now[0] += 30.5
    assert limiter.hit("k", 3) is None
