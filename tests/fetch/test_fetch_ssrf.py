"""SSRF: internal addresses in every spelling are refused before any connection."""

from __future__ import annotations

import ipaddress

import pytest
from local_http import RecordingServer, image_bytes, redirect_to, serve

import bannerfit.fetch.http as fetch_http
from bannerfit.fetch import FetchError, FetchPolicy, load_image_source
from bannerfit.fetch.addresses import refusal_reason

PUBLIC = FetchPolicy()  # allow_private=False
PNG = image_bytes("PNG")

# Literal hosts that all mean an internal address; none may ever be contacted.
INTERNAL_HOSTS = [
    "127.0.0.1",
    "127.0.0.1.",
    "127.1",
    "127.0.1",
    "2130706433",
    "0x7f000001",
    "0x7F.0.0.1",
    "0x7f.1",
    "0177.0.0.1",
    "0177.1",
    "017700000001",
    "127.000.000.001",
    "１２７.０.０.１",  # fullwidth digits, NFKC-normalised by IDNA
    "127.255.255.254",
    "0",
    "0.0.0.0",
    "0x0",
    "10.0.0.5",
    "012.0.0.5",
    "167772165",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.1",
    "0xc0.0xa8.1.1",
    "3232235777",
    "100.64.0.1",
    "169.254.169.254",
    "0xa9fea9fe",
    "2852039166",
    "0251.0376.0251.0376",
    "169.254.170.2",
    "100.100.100.200",
    "168.63.129.16",
    "224.0.0.1",
    "239.255.255.250",
    "255.255.255.255",
    "240.0.0.1",
    "192.0.0.192",
    "198.18.0.1",
    "[::1]",
    "[0:0:0:0:0:0:0:1]",
    "[::]",
    "[::ffff:127.0.0.1]",
    "[::ffff:7f00:1]",
    "[0:0:0:0:0:ffff:127.0.0.1]",
    "[::127.0.0.1]",
    "[::ffff:169.254.169.254]",
    "[::ffff:10.0.0.5]",
    "[64:ff9b::127.0.0.1]",
    "[64:ff9b::a9fe:a9fe]",
    "[2002:7f00:1::]",
    "[2002:a9fe:a9fe::1]",
    "[fe80::1]",
    "[fe80::1%25eth0]",
    "[fc00::1]",
    "[fd12:3456::1]",
    "[fd00:ec2::254]",
    "[fd20:ce::254]",
    "[ff02::1]",
    "[2001:db8::1]",
    "localhost",
    "LOCALHOST",
    "localhost.",
    "api.localhost",
]


@pytest.mark.parametrize("host", INTERNAL_HOSTS)
def test_internal_literal_hosts_are_refused_without_connecting(
    host: str, no_external_network: list[tuple[str, int]]
) -> None:
    def resolver(name: str) -> list[str]:
        raise AssertionError(f"resolver must not be asked about {name}")

    for url in (f"http://{host}/img.png", f"https://{host}:8443/img.png"):
        with pytest.raises(FetchError) as info:
            load_image_source(url, PUBLIC, resolver=resolver)
        err = info.value
        assert err.code == "private_address", (url, err.message)
        assert err.message.endswith("only public addresses are allowed.")
        assert "\n" not in err.message
    assert no_external_network == []


@pytest.mark.parametrize(
    ("address", "phrase"),
    [
        ("10.0.0.5", "a private address (10.0.0.5)"),
        ("127.0.0.1", "a loopback address (127.0.0.1)"),
        ("169.254.169.254", "a cloud metadata address (169.254.169.254)"),
        ("fd00:ec2::254", "a cloud metadata address (fd00:ec2::254)"),
        ("::ffff:192.168.0.1", "a private address (::ffff:c0a8:1)"),
        ("fe80::1", "a link-local address (fe80::1)"),
        ("0.0.0.0", "an unspecified address (0.0.0.0)"),
        ("::", "an unspecified address (::)"),
        ("ff05::1", "a multicast address (ff05::1)"),
    ],
)
def test_public_looking_name_resolving_privately_is_refused(
    server: RecordingServer, address: str, phrase: str
) -> None:
    server.routes["/img.png"] = serve(PNG)
    asked: list[str] = []

    def resolver(name: str) -> list[str]:
        asked.append(name)
        return [address]

    with pytest.raises(FetchError) as info:
        load_image_source(f"http://images.example.com:{server.port}/img.png", resolver=resolver)
    assert info.value.code == "private_address"
    assert info.value.message == (
        f"The image URL resolves to {phrase}; only public addresses are allowed."
    )
    assert asked == ["images.example.com"]
    assert server.connections == 0


def test_name_with_one_public_and_one_private_record_is_refused(server: RecordingServer) -> None:
    with pytest.raises(FetchError) as info:
        load_image_source(
            f"http://mixed.example:{server.port}/", resolver=lambda n: ["93.184.216.34", "10.1.2.3"]
        )
    assert "(10.1.2.3)" in info.value.message
    assert server.connections == 0


def test_metadata_is_refused_even_with_allow_private(server: RecordingServer) -> None:
    with pytest.raises(FetchError) as info:
        load_image_source(
            "http://metadata.google.internal/computeMetadata/v1/",
            FetchPolicy(allow_private=True),
            resolver=lambda n: ["169.254.169.254"],
        )
    assert info.value.code == "private_address"


def test_userinfo_trick_is_refused(no_external_network: list[tuple[str, int]]) -> None:
    for url in (
        "http://good.com@127.0.0.1/",
        "http://good.com:pass@127.0.0.1/",
        "http://127.0.0.1@good.com/",
        "http://user@evil.com/",
    ):
        with pytest.raises(FetchError) as info:
            load_image_source(url, resolver=lambda n: ["93.184.216.34"])
        assert info.value.code == "invalid_url"
        assert "credentials" in info.value.message
    assert no_external_network == []


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        "ftp://example.com/a.png",
        "gopher://127.0.0.1:70/_GET",
        "dict://127.0.0.1:11211/stat",
        "ldap://127.0.0.1/",
        "jar:http://example.com/a.jar!/",
        "javascript:alert(1)",
        "ws://example.com/",
        "blob:http://example.com/uuid",
        "C:\\images\\a.png",
    ],
)
def test_other_schemes_are_refused(url: str) -> None:
    with pytest.raises(FetchError) as info:
        load_image_source(url, resolver=lambda n: ["93.184.216.34"])
    assert info.value.code in ("unsupported_scheme", "invalid_url")


@pytest.mark.parametrize(
    "url",
    [
        "http://",
        "http:///img.png",
        "http:img.png",
        "http://[::1/",
        "http://[not-ipv6]/",
        "http://1.2.3.256/",
        "http://1.2.3.4.5/",
        "http://0x1.0x2.0x3.0x4.0x5/",
        "http://08.0.0.1/",
        "http://a..b/",
        "http://-bad-.com/",
        "http://exa mple.com/",
        "http://example.com\\@127.0.0.1/",
        "http://example.com\t/",
        "http://example.com:99999/",
        "http://example.com:0/",
        "http://example.com:port/",
        "http://" + "a" * 64 + ".com/",
    ],
)
def test_malformed_urls_are_refused_clearly(url: str) -> None:
    with pytest.raises(FetchError) as info:
        load_image_source(url, resolver=lambda n: ["93.184.216.34"])
    assert info.value.code == "invalid_url", info.value.message


@pytest.fixture
def loopback_counts_as_public(monkeypatch: pytest.MonkeyPatch) -> None:
    """Treat 127.0.0.1 alone as a public address, so a local server can play a public host.

    Everything else keeps the real rules (127.0.0.2 is still loopback), which lets the
    tests below exercise the allow_private=False code path end to end.
    """
    target = ipaddress.ip_address("127.0.0.1")

    def patched(ip):  # type: ignore[no-untyped-def]
        return None if ip == target else refusal_reason(ip)

    monkeypatch.setattr(fetch_http, "refusal_reason", patched)


@pytest.mark.usefixtures("loopback_counts_as_public")
def test_public_path_fetches_from_vetted_address(server: RecordingServer) -> None:
    server.routes["/img.png"] = serve(PNG)
    got = load_image_source(
        f"http://cdn.example:{server.port}/img.png", PUBLIC, resolver=lambda n: ["127.0.0.1"]
    )
    assert got == PNG


@pytest.mark.usefixtures("loopback_counts_as_public")
@pytest.mark.parametrize(
    "location",
    [
        "http://internal.example:{port}/img.png",
        "http://127.0.0.2:{port}/img.png",
        "http://2130706434:{port}/img.png",
        "http://[::1]:{port}/img.png",
        "http://localhost:{port}/img.png",
        "http://169.254.169.254/latest/meta-data/",
    ],
)
def test_redirect_to_private_address_is_refused(server: RecordingServer, location: str) -> None:
    server.routes["/start"] = redirect_to(location.format(port=server.port))
    server.routes["/img.png"] = serve(PNG)
    resolved = {"cdn.example": ["127.0.0.1"], "internal.example": ["10.0.0.7"]}
    with pytest.raises(FetchError) as info:
        load_image_source(
            f"http://cdn.example:{server.port}/start", PUBLIC, resolver=lambda n: resolved[n]
        )
    assert info.value.code == "private_address"
    assert info.value.message.startswith("The image URL redirects to ")
    assert [p for p, _ in server.requests] == ["/start"]
    assert server.connections == 1


@pytest.mark.usefixtures("loopback_counts_as_public")
def test_dns_rebinding_gains_nothing(
    server: RecordingServer, no_external_network: list[tuple[str, int]]
) -> None:
    """The name is resolved once per hop and the connection goes to that exact address."""
    server.routes["/img.png"] = serve(PNG)
    answers = iter([["127.0.0.1"], ["10.0.0.9"], ["10.0.0.9"]])
    calls: list[str] = []

    def rebinding(name: str) -> list[str]:
        calls.append(name)
        return next(answers)

    got = load_image_source(f"http://rebind.example:{server.port}/img.png", resolver=rebinding)
    assert got == PNG
    assert calls == ["rebind.example"]
    assert no_external_network == [("127.0.0.1", server.port)]


@pytest.mark.usefixtures("loopback_counts_as_public")
def test_dns_rebinding_on_redirect_is_checked_again(server: RecordingServer) -> None:
    server.routes["/start"] = redirect_to("/img.png")
    server.routes["/img.png"] = serve(PNG)
    answers = iter([["127.0.0.1"], ["10.0.0.9"]])
    with pytest.raises(FetchError) as info:
        load_image_source(
            f"http://rebind.example:{server.port}/start", resolver=lambda n: next(answers)
        )
    assert "(10.0.0.9)" in info.value.message
    assert [p for p, _ in server.requests] == ["/start"]


def test_default_resolver_is_used_when_none_injected(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []

    def fake(host: str, timeout: float = 5.0) -> list[str]:
        seen.append(host)
        return ["192.168.7.7"]

    monkeypatch.setattr(fetch_http, "resolve_host", fake)
    with pytest.raises(FetchError) as info:
        load_image_source("https://images.example.org/a.png")
    assert seen == ["images.example.org"]
    assert "(192.168.7.7)" in info.value.message


def test_resolver_failures_are_fetch_errors() -> None:
    def broken(name: str) -> list[str]:
        raise OSError("Name or service not known")

    for resolver in (broken, lambda n: [], lambda n: ["not-an-ip"]):
        with pytest.raises(FetchError) as info:
            load_image_source("http://nowhere.example/a.png", resolver=resolver)
        assert info.value.code == "dns_failed"


def test_real_system_resolver_on_localhost_name() -> None:
    """The default resolver really resolves, and localhost is refused by name first."""
    assert "127.0.0.1" in fetch_http.resolve_host("localhost") or "::1" in fetch_http.resolve_host(
        "localhost"
    )
    with pytest.raises(FetchError) as info:
        load_image_source("http://localhost:1/a.png")
    assert "local host name 'localhost'" in info.value.message
