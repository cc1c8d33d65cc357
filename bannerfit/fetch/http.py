"""Download an image over http(s) without letting the URL reach internal networks.

Every hop (the first request and each redirect, followed by hand) is resolved here,
every resolved address is vetted, and the connection goes to the vetted address
itself: the URL handed to httpx carries the IP literal, with the original name in the
``Host`` header and in TLS SNI / certificate verification. httpx never performs a DNS
lookup of its own, so a name that re-resolves to 127.0.0.1 between the check and the
connect (DNS rebinding) gains nothing. Proxies from the environment are ignored for
the same reason.
"""

from __future__ import annotations

import concurrent.futures
import functools
import ipaddress
import socket
import ssl
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from urllib.parse import urljoin

import httpx

from bannerfit.fetch.addresses import METADATA_ADDRESSES, IPAddress, refusal_reason
from bannerfit.fetch.errors import FetchError, FetchPolicy, size_text
from bannerfit.fetch.sniff import SNIFF_BYTES, require_accepted
from bannerfit.fetch.urls import Target, parse_url

#: Maps a host name to its addresses (text). Tests inject a stub; the default uses DNS.
Resolver = Callable[[str], Iterable[str]]

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_USER_AGENT = "bannerfit-image-fetch/1.0"
_ACCEPT = "image/png, image/jpeg, image/webp, image/gif;q=0.9, */*;q=0.1"
_DNS_POOL = concurrent.futures.ThreadPoolExecutor(max_workers=4, thread_name_prefix="dns")


@functools.cache
def _ssl_context() -> ssl.SSLContext:
    """One verifying TLS context per process (loading the CA bundle costs ~20 ms)."""
    return httpx.create_ssl_context()


def resolve_host(host: str, timeout: float = 5.0) -> list[str]:
    """Resolve ``host`` with the system resolver, giving up after ``timeout`` seconds."""

    def lookup() -> list[str]:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
        return [str(info[4][0]) for info in infos]

    future = _DNS_POOL.submit(lookup)
    try:
        return future.result(timeout=timeout)
    except concurrent.futures.TimeoutError:
        raise FetchError(
            f"The image URL host '{host}' could not be resolved in time; check the host name.",
            "dns_failed",
        ) from None
    except (OSError, UnicodeError):
        raise FetchError(
            f"The image URL host '{host}' could not be resolved; check the host name.",
            "dns_failed",
        ) from None


def fetch_url(url: str, policy: FetchPolicy, resolver: Resolver | None = None) -> bytes:
    """Download ``url`` under ``policy``; return the body (not yet format-checked)."""
    deadline = time.monotonic() + policy.total_timeout
    target = parse_url(url)
    # The bare transport, not httpx.Client: no proxies from the environment, no cookies,
    # and no parsing of Location headers behind our back (we follow redirects ourselves).
    with httpx.HTTPTransport(verify=_ssl_context(), retries=0) as transport:
        for hop in range(policy.max_redirects + 1):
            addresses = vet_target(target, policy, resolver, redirected=hop > 0)
            response = _open(transport, target, addresses, policy, deadline)
            try:
                if response.status_code in _REDIRECTS:
                    target = _next_target(response, target, hop, policy)
                    continue
                _check_status(response)
                return _read_body(response, policy, deadline)
            finally:
                response.close()
    raise AssertionError("unreachable: the loop returns or raises")  # pragma: no cover


def vet_target(
    target: Target, policy: FetchPolicy, resolver: Resolver | None, redirected: bool = False
) -> list[IPAddress]:
    """Resolve ``target`` and return its addresses, refusing if any one is not allowed.

    Refusing when *any* address is internal (not only the first) keeps a name with
    one public and one private record from being used to reach the private one.
    """
    what = "redirects to" if redirected else "resolves to"
    if target.ip is not None:
        addresses: list[IPAddress] = [target.ip]
        what = "redirects to" if redirected else "points to"
    else:
        if not policy.allow_private and _is_local_name(target.host):
            raise FetchError(
                f"The image URL {what} the local host name '{target.host}'; "
                "only public addresses are allowed.",
                "private_address",
            )
        addresses = _resolve(target.host, policy, resolver)
    for ip in addresses:
        reason = refusal_reason(ip)
        if reason is None:
            continue
        if policy.allow_private and ip not in METADATA_ADDRESSES:
            continue
        raise FetchError(
            f"The image URL {what} {reason} ({ip.compressed}); only public addresses are allowed.",
            "private_address",
        )
    return addresses


def _is_local_name(host: str) -> bool:
    return host == "localhost" or host.endswith(".localhost")


def _resolve(host: str, policy: FetchPolicy, resolver: Resolver | None) -> list[IPAddress]:
    if resolver is None:
        raw = list(resolve_host(host, timeout=policy.connect_timeout))
    else:
        try:
            raw = list(resolver(host))
        except FetchError:
            raise
        except (OSError, UnicodeError):
            raise FetchError(
                f"The image URL host '{host}' could not be resolved; check the host name.",
                "dns_failed",
            ) from None
    addresses: list[IPAddress] = []
    for text in raw:
        try:
            ip = ipaddress.ip_address(text)
        except ValueError:
            continue
        if ip not in addresses:
            addresses.append(ip)
    if not addresses:
        raise FetchError(
            f"The image URL host '{host}' has no address; check the host name.", "dns_failed"
        )
    return addresses


def _open(
    transport: httpx.HTTPTransport,
    target: Target,
    addresses: list[IPAddress],
    policy: FetchPolicy,
    deadline: float,
) -> httpx.Response:
    """Send the GET to the first vetted address that accepts a connection."""
    failure: FetchError | None = None
    for ip in addresses:
        remaining = _remaining(deadline, policy)
        timeout = httpx.Timeout(
            connect=min(policy.connect_timeout, remaining),
            read=min(policy.read_timeout, remaining),
            write=min(policy.read_timeout, remaining),
            pool=min(policy.connect_timeout, remaining),
        )
        extensions: dict[str, object] = {"timeout": timeout.as_dict()}
        if target.scheme == "https" and target.ip is None:
            extensions["sni_hostname"] = target.host
        request = httpx.Request(
            "GET",
            target.url_for(ip),
            headers={
                "Host": target.host_header,
                "User-Agent": _USER_AGENT,
                "Accept": _ACCEPT,
                "Accept-Encoding": "gzip, deflate;q=0.5, identity",
            },
            extensions=extensions,
        )
        try:
            return transport.handle_request(request)
        except httpx.ConnectTimeout:
            failure = FetchError(
                f"The image URL host '{target.host}' did not accept a connection within "
                f"{policy.connect_timeout:g} s; check that the server is reachable.",
                "connect_failed",
            )
        except httpx.ConnectError as exc:
            failure = _connect_error(target, exc)
        except httpx.TimeoutException:
            raise _read_timeout(policy) from None
        except httpx.HTTPError:
            raise FetchError(
                f"The image URL host '{target.host}' sent an invalid HTTP response; check the URL.",
                "http_error",
            ) from None
    assert failure is not None
    raise failure


def _connect_error(target: Target, exc: Exception) -> FetchError:
    text = str(exc)
    if "CERTIFICATE" in text.upper() or "SSL" in text.upper() or "TLS" in text.upper():
        return FetchError(
            f"The TLS certificate of '{target.host}' could not be verified; "
            "serve the image over valid HTTPS or plain HTTP.",
            "tls_failed",
        )
    return FetchError(
        f"Could not connect to the image URL host '{target.host}'; "
        "check that the server is up and public.",
        "connect_failed",
    )


def _next_target(response: httpx.Response, target: Target, hop: int, policy: FetchPolicy) -> Target:
    location = response.headers.get("location", "").strip()
    if not location:
        raise FetchError(
            f"The image URL answered a redirect (HTTP {response.status_code}) without a "
            "Location; use the final image URL.",
            "bad_redirect",
        )
    if hop >= policy.max_redirects:
        raise FetchError(
            f"The image URL redirects more than {policy.max_redirects} times; "
            "use the final image URL.",
            "too_many_redirects",
        )
    base = f"{target.scheme}://{target.host_header}{target.path}"
    try:
        absolute = urljoin(base, location)
    except ValueError:
        raise FetchError(
            "The image URL redirects to a malformed URL; use the final image URL.",
            "bad_redirect",
        ) from None
    return parse_url(absolute)


def _check_status(response: httpx.Response) -> None:
    status = response.status_code
    if 200 <= status < 300:
        return
    reason = response.reason_phrase or "error"
    raise FetchError(
        f"The image URL answered HTTP {status} ({reason}); "
        "check that the URL is correct and publicly readable.",
        "http_status",
    )


def _read_body(response: httpx.Response, policy: FetchPolicy, deadline: float) -> bytes:
    declared = response.headers.get("content-length")
    if declared and declared.strip().isdigit() and int(declared) > policy.max_bytes:
        raise _too_large(policy)
    body = bytearray()
    checked = False
    try:
        for chunk in _decoded_chunks(response, policy):
            body += chunk
            if len(body) > policy.max_bytes:
                raise _too_large(policy)
            if not checked and len(body) >= SNIFF_BYTES:
                require_accepted(bytes(body[:SNIFF_BYTES]))  # stop an HTML page early
                checked = True
            if time.monotonic() > deadline:
                raise _total_timeout(policy)
    except httpx.TimeoutException:
        raise _read_timeout(policy) from None
    except httpx.HTTPError:
        raise FetchError(
            "The image download was cut off before it finished; try again or use another host.",
            "http_error",
        ) from None
    return bytes(body)


def _decoded_chunks(response: httpx.Response, policy: FetchPolicy) -> Iterator[bytes]:
    """Raw body chunks, inflated with a bounded output size if the server compressed them."""
    encoding = response.headers.get("content-encoding", "identity").strip().lower()
    if encoding in ("", "identity"):
        yield from response.iter_raw()
        return
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise FetchError(
            f"The image URL sent its body with the unsupported encoding '{encoding[:20]}'; "
            "serve the image uncompressed.",
            "http_error",
        )
    inflater = zlib.decompressobj(wbits=47)  # auto-detects gzip and zlib headers
    limit = policy.max_bytes + 1
    try:
        for chunk in response.iter_raw():
            data = inflater.decompress(chunk, limit)
            yield data
            while inflater.unconsumed_tail:
                yield inflater.decompress(inflater.unconsumed_tail, limit)
        yield inflater.flush()
    except zlib.error:
        raise FetchError(
            "The image URL sent a corrupt compressed body; serve the image uncompressed.",
            "http_error",
        ) from None


def _remaining(deadline: float, policy: FetchPolicy) -> float:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise _total_timeout(policy)
    return remaining


def _too_large(policy: FetchPolicy) -> FetchError:
    return FetchError(
        f"The image at the URL is larger than the {size_text(policy.max_bytes)} limit; "
        "send a smaller file.",
        "image_too_large",
    )


def _read_timeout(policy: FetchPolicy) -> FetchError:
    return FetchError(
        f"The image server stopped sending data for more than {policy.read_timeout:g} s; "
        "use a faster host or send the image inline.",
        "fetch_timeout",
    )


def _total_timeout(policy: FetchPolicy) -> FetchError:
    return FetchError(
        f"The image download took longer than {policy.total_timeout:g} s; "
        "use a faster host or a smaller image.",
        "fetch_timeout",
    )
