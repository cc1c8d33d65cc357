"""Errors the engine raises for input it cannot serve.

Every subclass carries one sentence that the API shows verbatim as a FAILED request's
``error``; any other exception escaping the engine is an internal error.
"""

from __future__ import annotations


class EngineError(Exception):
    """Base class: the input cannot be recomposed, for a reason the user can fix."""

    code: str = "engine_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UndecodableImage(EngineError):
    code = "undecodable_image"


class UnsupportedFormat(EngineError):
    code = "unsupported_format"


class ImageTooLarge(EngineError):
    code = "image_too_large"


class ContentBlocked(EngineError):
    code = "content_blocked"


class InvalidOptions(EngineError):
    code = "invalid_options"
