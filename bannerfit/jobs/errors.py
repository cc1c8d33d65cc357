"""Refusals of the store at submit time; the API maps each to its status code."""

from __future__ import annotations


class StoreRefusal(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InsufficientCredits(StoreRefusal):
    def __init__(self, needed: int, left: int) -> None:
        super().__init__(
            f"This request needs {needed} credits but the key has {left} left; "
            "add credits or request fewer outputs."
        )
        self.needed = needed
        self.left = left


class IdempotencyConflict(StoreRefusal):
    def __init__(self) -> None:
        super().__init__(
            "This Idempotency-Key was already used with a different request body; "
            "use a new key for a new request."
        )


class TooManyInFlight(StoreRefusal):
    def __init__(self, limit: int) -> None:
        super().__init__(
            f"This key already has {limit} requests queued or processing; "
            "wait for some to finish before submitting more."
        )
        self.limit = limit


class QueueFull(StoreRefusal):
    def __init__(self) -> None:
        super().__init__("The service is at capacity; retry in a few seconds.")


class KeyNotFound(StoreRefusal):
    def __init__(self, ref: str) -> None:
        super().__init__(f"No API key matches {ref!r}.")
