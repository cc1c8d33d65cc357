"""API key format, hashing and constant-time verification.

A key reads ``bf_<prefix>_<secret>``. The prefix (10 hex characters) is stored in clear
to find the row and to name the key in listings; only a SHA-256 digest of the whole key
is stored. Keys carry 192 bits of randomness, so a fast hash is enough: nobody can
brute-force a digest of a random 192-bit secret.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

KEY_PREFIX = "bf_"
PREFIX_LEN = 10


@dataclass(frozen=True)
class NewKeyMaterial:
    """A freshly generated key: the token to hand out once, and what to store."""

    token: str
    prefix: str
    digest: str


def hash_key(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def generate_key() -> NewKeyMaterial:
    prefix = secrets.token_hex(PREFIX_LEN // 2)
    token = f"{KEY_PREFIX}{prefix}_{secrets.token_urlsafe(24)}"
    return NewKeyMaterial(token=token, prefix=prefix, digest=hash_key(token))


def parse_prefix(token_or_prefix: str) -> str | None:
    """The lookup prefix of a full key, or the argument itself when it is a bare prefix."""
    value = token_or_prefix.strip()
    if value.startswith(KEY_PREFIX):
        value = value[len(KEY_PREFIX) :]
    prefix = value[:PREFIX_LEN]
    if len(prefix) != PREFIX_LEN or any(c not in "0123456789abcdef" for c in prefix):
        return None
    return prefix


def is_full_key(value: str) -> bool:
    return value.startswith(KEY_PREFIX) and len(value) > len(KEY_PREFIX) + PREFIX_LEN + 1


def verify_key(token: str, stored_digest: str) -> bool:
    """Constant-time comparison of the token's digest with the stored one."""
    return hmac.compare_digest(hash_key(token), stored_digest)
