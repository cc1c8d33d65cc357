"""A small Python client for the bannerfit HTTP API (sync and async, on httpx).

>>> from bannerfit.client import Client
>>> with Client("http://127.0.0.1:8000", api_key="bf_...") as bf:
...     result = bf.run("banner.png", sizes=["1080x1080", "728x90"])
...     for out in result.outputs:
...         open(f"{out.target_size}.png", "wb").write(bf.download(out))

``image`` may be a path, raw bytes (both uploaded as multipart), or a string: an
http(s) URL, a data URI or base64 (sent as ``image_url``). Errors are typed: see
:mod:`bannerfit.client.errors`.
"""

from bannerfit.client.async_client import AsyncClient
from bannerfit.client.errors import (
    AuthenticationError,
    BannerfitError,
    InsufficientCredits,
    InvalidRequest,
    NotFound,
    PermissionDenied,
    RateLimited,
    RequestFailed,
    ServerError,
    WaitTimeout,
)
from bannerfit.client.models import Output, Result, Submission
from bannerfit.client.sync_client import Client

__all__ = [
    "AsyncClient",
    "AuthenticationError",
    "BannerfitError",
    "Client",
    "InsufficientCredits",
    "InvalidRequest",
    "NotFound",
    "Output",
    "PermissionDenied",
    "RateLimited",
    "RequestFailed",
    "Result",
    "ServerError",
    "Submission",
    "WaitTimeout",
]
