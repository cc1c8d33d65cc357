"""Decode images sent inline: ``data:image/...;base64,`` URIs and bare base64.

Decoding is strict (standard alphabet, correct padding; ASCII whitespace such as MIME
line breaks is ignored) so a typo is reported instead of silently producing garbage
bytes, and the size is checked on the encoded text before anything is decoded.
"""

from __future__ import annotations

import base64
import binascii
import re

from bannerfit.fetch.errors import FetchError, size_text

_WHITESPACE = re.compile(r"[ \t\r\n]+")
_MEDIA_TYPE = re.compile(r"^[a-z0-9!#$&^_.+\-]+/[a-z0-9!#$&^_.+\-]+$")


def decode_data_uri(uri: str, max_bytes: int) -> bytes:
    """Decode an RFC 2397 ``data:`` URI that carries a base64 image."""
    header, sep, payload = uri.partition(",")
    if not sep:
        raise FetchError(
            "The data URI has no comma before its data; use data:image/png;base64,<DATA>.",
            "invalid_data_uri",
        )
    params = [p.strip().lower() for p in header[len("data:") :].split(";")]
    media_type, options = params[0], params[1:]
    if "base64" not in options:
        raise FetchError(
            "Only base64 data URIs are accepted; use data:image/png;base64,<DATA>.",
            "invalid_data_uri",
        )
    if media_type and not (_MEDIA_TYPE.match(media_type) and media_type.startswith("image/")):
        raise FetchError(
            f"The data URI media type '{media_type[:40]}' is not an image type; "
            "use data:image/png;base64,<DATA>.",
            "invalid_data_uri",
        )
    return decode_base64(payload, max_bytes)


def decode_base64(text: str, max_bytes: int) -> bytes:
    """Decode strict standard base64 (whitespace ignored), refusing more than ``max_bytes``."""
    compact = _WHITESPACE.sub("", text)
    if not compact:
        raise FetchError("The image data is empty; send a base64-encoded image.", "empty_image")
    if len(compact) > 4 * ((max_bytes + 2) // 3):
        raise FetchError(
            f"The image is larger than the {size_text(max_bytes)} limit; send a smaller file.",
            "image_too_large",
        )
    if not compact.isascii():
        raise _bad_base64()
    if len(compact) % 4:
        raise FetchError(
            "The base64 image data has a length that is not a multiple of 4 "
            "(missing or extra padding); send the complete, padded base64 text.",
            "invalid_base64",
        )
    try:
        data = base64.b64decode(compact, validate=True)
    except (binascii.Error, ValueError):
        raise _bad_base64() from None
    if base64.b64encode(data) != compact.encode():
        # the last character before the padding carried bits that are not data
        # ("AB==" decodes like "AA=="): a truncated or hand-edited payload
        raise _bad_base64()
    if len(data) > max_bytes:
        raise FetchError(
            f"The image is larger than the {size_text(max_bytes)} limit; send a smaller file.",
            "image_too_large",
        )
    return data


def _bad_base64() -> FetchError:
    return FetchError(
        "The image data is not valid base64 (characters outside A-Z, a-z, 0-9, +, / or "
        "misplaced '=' padding, or a truncated last group); send standard base64 or an "
        "http(s) URL.",
        "invalid_base64",
    )
