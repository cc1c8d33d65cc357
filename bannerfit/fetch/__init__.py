"""Turn a request's ``image_url`` into image bytes, safely.

Three forms are accepted: an ``http(s)://`` URL (downloaded with SSRF protection), a
``data:image/...;base64,`` URI, and bare base64. Whatever the form, the result is at
most ``policy.max_bytes`` long and starts with the magic bytes of PNG, JPEG, WebP or
GIF; anything else raises :class:`FetchError` with one sentence for the user.
"""

from __future__ import annotations

from bannerfit.fetch.errors import FetchError, FetchPolicy
from bannerfit.fetch.http import Resolver, fetch_url, resolve_host
from bannerfit.fetch.inline import decode_base64, decode_data_uri
from bannerfit.fetch.sniff import require_accepted, sniff_format
from bannerfit.fetch.urls import parse_url, scheme_of

DEFAULT_POLICY = FetchPolicy()


def load_image_source(
    source: str, policy: FetchPolicy = DEFAULT_POLICY, *, resolver: Resolver | None = None
) -> bytes:
    """Return the image bytes ``source`` designates, or raise FetchError.

    ``resolver`` maps a host name to its addresses; None uses the system resolver.
    """
    if not isinstance(source, str):
        raise FetchError("The image_url must be a string.", "invalid_url")
    text = source.strip()
    if not text:
        raise FetchError(
            "No image was given; send an http(s) URL, a data URI or base64 image data.",
            "empty_image",
        )
    scheme = scheme_of(text)
    if scheme in ("http", "https"):
        data = fetch_url(text, policy, resolver)
    elif scheme == "data":
        data = decode_data_uri(text, policy.max_bytes)
    elif scheme is None:
        data = decode_base64(text, policy.max_bytes)
    else:
        parse_url(text)  # raises the "scheme not supported" FetchError
        raise AssertionError("unreachable")  # pragma: no cover
    require_accepted(data)
    return data


__all__ = [
    "DEFAULT_POLICY",
    "FetchError",
    "FetchPolicy",
    "Resolver",
    "load_image_source",
    "require_accepted",
    "resolve_host",
    "sniff_format",
]
