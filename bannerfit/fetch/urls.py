"""Parse an image URL into the exact host, port and path that will be contacted.

The loader never hands the user's URL string to an HTTP library: it parses it once,
here, and builds the request from the parsed parts, so the host that was vetted is the
host that is contacted (no parser differential). Host spellings that C resolvers
accept as IPv4 (``2130706433``, ``0x7f.1``, ``0177.0.0.1``) are decoded here the way
``inet_aton`` and the WHATWG URL standard do, so they are judged as the address they
mean rather than passed to DNS.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from bannerfit.fetch.addresses import IPAddress
from bannerfit.fetch.errors import FetchError

_DEFAULT_PORTS = {"http": 80, "https": 443}
_SCHEME_RE = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_LABEL_RE = re.compile(r"^[a-z0-9_](?:[a-z0-9_\-]{0,61}[a-z0-9_])?$")
_NUMERIC_PART = re.compile(r"^(?:0x[0-9a-f]*|[0-9]+)$")


@dataclass(frozen=True)
class Target:
    """A parsed http(s) URL: what to connect to and what to ask for."""

    scheme: str
    host: str  # ASCII host name, or the canonical text of an IP literal
    ip: IPAddress | None  # set when the URL names an address instead of a name
    port: int
    path: str  # path plus ``?query``, never empty, never a fragment

    @property
    def host_header(self) -> str:
        """The Host header value (port only when it is not the scheme's default)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        if self.port != _DEFAULT_PORTS[self.scheme]:
            return f"{host}:{self.port}"
        return host

    def url_for(self, ip: IPAddress) -> str:
        """The URL that reaches this target through the already vetted address ``ip``."""
        literal = f"[{ip.compressed}]" if ip.version == 6 else str(ip)
        return f"{self.scheme}://{literal}:{self.port}{self.path}"

    def display(self) -> str:
        """The URL as shown in error messages (no query string, which may hold tokens)."""
        path = self.path.split("?", 1)[0]
        return f"{self.scheme}://{self.host_header}{path}"


def scheme_of(source: str) -> str | None:
    """The URL scheme of ``source`` in lower case, or None if it has none."""
    match = _SCHEME_RE.match(source)
    return match.group(1).lower() if match else None


def parse_url(url: str) -> Target:
    """Parse an http(s) URL strictly, or raise FetchError saying what is wrong with it."""
    if any(ord(c) <= 0x20 or ord(c) == 0x7F or c == "\\" for c in url):
        raise FetchError(
            "The image URL contains spaces, control characters or backslashes; "
            "percent-encode them.",
            "invalid_url",
        )
    scheme = scheme_of(url)
    if scheme not in _DEFAULT_PORTS:
        shown = scheme or "(none)"
        raise FetchError(
            f"The image URL scheme '{shown}' is not supported; use an http:// or https:// URL, "
            "a data:image/...;base64 URI or base64 image data.",
            "unsupported_scheme",
        )
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise FetchError(f"The image URL is malformed ({exc}); check it.", "invalid_url") from None
    if not url[len(scheme) + 1 :].startswith("//"):
        raise FetchError("The image URL has no host; use http(s)://HOST/PATH.", "invalid_url")
    netloc = parts.netloc
    if "@" in netloc:
        raise FetchError(
            "The image URL contains credentials (user@host), which are not accepted; remove them.",
            "invalid_url",
        )
    host_text = _raw_host(netloc)
    host, ip = canonical_host(host_text)
    if port is None:
        port = _DEFAULT_PORTS[scheme]
    if not 1 <= port <= 65535:
        raise FetchError(f"The image URL port {port} is out of range (1-65535).", "invalid_url")
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return Target(scheme=scheme, host=host, ip=ip, port=port, path=path)


def _raw_host(netloc: str) -> str:
    if netloc.startswith("["):
        end = netloc.find("]")
        if end == -1:
            raise FetchError("The image URL has an unclosed IPv6 bracket.", "invalid_url")
        return netloc[: end + 1]
    return netloc.rsplit(":", 1)[0] if ":" in netloc else netloc


def canonical_host(text: str) -> tuple[str, IPAddress | None]:
    """Normalise a URL host: (ascii name, None) for names, (text, address) for literals."""
    if not text:
        raise FetchError("The image URL has no host; use http(s)://HOST/PATH.", "invalid_url")
    if text.startswith("["):
        return _ipv6_literal(text[1:-1])
    try:
        ascii_host = text.encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise FetchError(
            f"The image URL host '{text}' is not a valid host name.", "invalid_url"
        ) from None
    name = ascii_host[:-1] if ascii_host.endswith(".") else ascii_host
    labels = name.split(".")
    if labels and _NUMERIC_PART.match(labels[-1]):
        ip = parse_legacy_ipv4(name)
        if ip is None:
            raise FetchError(
                f"The image URL host '{text}' is neither a valid IPv4 address nor a host name.",
                "invalid_url",
            )
        return str(ip), ip
    if not name or len(name) > 253 or not all(_LABEL_RE.match(label) for label in labels):
        raise FetchError(f"The image URL host '{text}' is not a valid host name.", "invalid_url")
    return name, None


def _ipv6_literal(inner: str) -> tuple[str, IPAddress]:
    text = inner.replace("%25", "%", 1)
    try:
        ip = ipaddress.IPv6Address(text)
    except ValueError:
        raise FetchError(
            f"The image URL host '[{inner}]' is not a valid IPv6 address.", "invalid_url"
        ) from None
    return ip.compressed, ip


def parse_legacy_ipv4(name: str) -> ipaddress.IPv4Address | None:
    """Decode every IPv4 spelling ``inet_aton`` accepts (1-4 parts; hex, octal, decimal)."""
    parts = name.split(".")
    if not 1 <= len(parts) <= 4:
        return None
    values: list[int] = []
    for part in parts:
        if not _NUMERIC_PART.match(part):
            return None
        if part.startswith("0x"):
            value = int(part[2:] or "0", 16)
        elif len(part) > 1 and part.startswith("0"):
            if not all(c in "01234567" for c in part):
                return None
            value = int(part, 8)
        else:
            value = int(part)
        values.append(value)
    *head, last = values
    if any(v > 255 for v in head) or last >= 256 ** (5 - len(values)):
        return None
    number = last
    for i, v in enumerate(head):
        number += v << (8 * (3 - i))
    return ipaddress.IPv4Address(number)
