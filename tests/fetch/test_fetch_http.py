"""Downloading images from real local HTTP servers (allow_private=True for the happy paths)."""

from __future__ import annotations

import gzip
import time

import pytest
from local_http import (
    RecordingServer,
    drip,
    endless,
    image_bytes,
    redirect_to,
    serve,
    serve_gzip,
    stall_after,
)

from bannerfit.fetch import FetchError, FetchPolicy, load_image_source

LOCAL = FetchPolicy(allow_private=True)
PNG = image_bytes("PNG")


def fail(url: str, policy: FetchPolicy = LOCAL, **kw: object) -> FetchError:
    with pytest.raises(FetchError) as info:
        load_image_source(url, policy, **kw)  # type: ignore[arg-type]
    return info.value


def test_policy_defaults_are_the_contract() -> None:
    p = FetchPolicy()
    assert (p.allow_private, p.max_bytes, p.connect_timeout, p.read_timeout, p.max_redirects) == (
        False,
        20 * 1024 * 1024,
        5.0,
        10.0,
        3,
    )
    with pytest.raises(AttributeError):
        p.max_bytes = 1  # type: ignore[misc]


@pytest.mark.parametrize(
    ("fmt", "save", "content_type"),
    [
        ("PNG", {}, "image/png"),
        ("JPEG", {"quality": 90}, "image/jpeg"),
        ("WEBP", {"quality": 80}, "image/webp"),
        ("GIF", {}, "image/gif"),
    ],
)
def test_each_accepted_format_downloads_byte_exact(
    server: RecordingServer, fmt: str, save: dict[str, object], content_type: str
) -> None:
    body = image_bytes(fmt, **save)
    server.routes["/img"] = serve(body, content_type)
    assert load_image_source(server.url("/img"), LOCAL) == body


def test_content_type_is_ignored_magic_bytes_decide(server: RecordingServer) -> None:
    body = image_bytes("JPEG")
    server.routes["/img.png"] = serve(body, "application/octet-stream")
    assert load_image_source(server.url("/img.png"), LOCAL) == body


def test_host_header_and_path_are_preserved(server: RecordingServer) -> None:
    server.routes["/a/b.png"] = serve(PNG)
    url = f"http://cdn.example:{server.port}/a/b.png?token=x%20y&v=2"
    got = load_image_source(url, LOCAL, resolver=lambda host: ["127.0.0.1"])
    assert got == PNG
    path, headers = server.requests[-1]
    assert path == "/a/b.png?token=x%20y&v=2"
    assert headers["Host"] == f"cdn.example:{server.port}"


def test_redirect_chain_within_limit(server: RecordingServer) -> None:
    server.routes["/r1"] = redirect_to("/r2", 301)
    server.routes["/r2"] = redirect_to(server.url("/r3"), 307)
    server.routes["/r3"] = redirect_to("img.png", 308)  # relative to /
    server.routes["/img.png"] = serve(PNG)
    assert load_image_source(server.url("/r1"), LOCAL) == PNG
    assert [p for p, _ in server.requests] == ["/r1", "/r2", "/r3", "/img.png"]


def test_too_many_redirects(server: RecordingServer) -> None:
    for i in range(6):
        server.routes[f"/r{i}"] = redirect_to(f"/r{i + 1}")
    server.routes["/r6"] = serve(PNG)
    err = fail(server.url("/r0"))
    assert err.code == "too_many_redirects"
    assert "more than 3 times" in err.message
    assert len(server.requests) == 4  # the first request and 3 followed redirects


def test_redirect_limit_is_configurable(server: RecordingServer) -> None:
    server.routes["/r"] = redirect_to("/img")
    server.routes["/img"] = serve(PNG)
    assert fail(server.url("/r"), FetchPolicy(allow_private=True, max_redirects=0)).code == (
        "too_many_redirects"
    )


def test_redirect_without_location(server: RecordingServer) -> None:
    server.routes["/r"] = lambda h: h.send_plain(302, b"", "text/plain")
    assert fail(server.url("/r")).code == "bad_redirect"


@pytest.mark.parametrize(
    "location",
    ["file:///etc/passwd", "ftp://example.com/a.png", "gopher://127.0.0.1:70/", "data:,x"],
)
def test_redirect_to_other_scheme_is_refused(server: RecordingServer, location: str) -> None:
    server.routes["/r"] = redirect_to(location)
    assert fail(server.url("/r")).code == "unsupported_scheme"


def test_redirect_to_metadata_refused_even_when_private_allowed(server: RecordingServer) -> None:
    server.routes["/r"] = redirect_to("http://169.254.169.254/latest/meta-data/")
    err = fail(server.url("/r"))
    assert err.code == "private_address"
    assert "redirects to a cloud metadata address (169.254.169.254)" in err.message


def test_http_error_status(server: RecordingServer) -> None:
    err = fail(server.url("/missing"))
    assert err.code == "http_status"
    assert "HTTP 404" in err.message


def test_stalled_body_times_out(server: RecordingServer) -> None:
    server.routes["/slow"] = stall_after(PNG[:20], 5)
    policy = FetchPolicy(allow_private=True, read_timeout=0.4)
    start = time.monotonic()
    err = fail(server.url("/slow"), policy)
    assert err.code == "fetch_timeout"
    assert time.monotonic() - start < 3


def test_stalled_headers_time_out(server: RecordingServer) -> None:
    server.routes["/slow"] = lambda h: h.server.stop.wait(5)
    policy = FetchPolicy(allow_private=True, read_timeout=0.4)
    assert fail(server.url("/slow"), policy).code == "fetch_timeout"


def test_dripping_body_hits_the_overall_deadline(server: RecordingServer) -> None:
    server.routes["/drip"] = drip(PNG[:20], interval=0.05)
    policy = FetchPolicy(allow_private=True, read_timeout=1.0, total_timeout=0.8)
    start = time.monotonic()
    err = fail(server.url("/drip"), policy)
    assert err.code == "fetch_timeout"
    assert "longer than 0.8 s" in err.message
    assert time.monotonic() - start < 3


def test_endless_body_is_cut_at_the_byte_cap(server: RecordingServer) -> None:
    server.routes["/endless"] = endless(PNG[:20])
    policy = FetchPolicy(allow_private=True, max_bytes=256 * 1024)
    err = fail(server.url("/endless"), policy)
    assert err.code == "image_too_large"
    assert "larger than the 262144 bytes limit" in err.message


def test_declared_length_over_cap_is_refused_before_reading(server: RecordingServer) -> None:
    big = PNG + b"\0" * 5000
    server.routes["/big"] = serve(big)
    err = fail(server.url("/big"), FetchPolicy(allow_private=True, max_bytes=4096))
    assert err.code == "image_too_large"


def test_exactly_max_bytes_is_accepted(server: RecordingServer) -> None:
    server.routes["/img"] = serve(PNG)
    assert load_image_source(server.url("/img"), FetchPolicy(True, max_bytes=len(PNG))) == PNG
    err = fail(server.url("/img"), FetchPolicy(True, max_bytes=len(PNG) - 1))
    assert err.code == "image_too_large"


def test_gzip_encoded_body_is_inflated(server: RecordingServer) -> None:
    server.routes["/img"] = serve_gzip(PNG)
    assert load_image_source(server.url("/img"), LOCAL) == PNG


def test_gzip_bomb_is_cut_at_the_byte_cap(server: RecordingServer) -> None:
    bomb = gzip.compress(PNG[:16] + bytes(50 * 1024 * 1024), compresslevel=9)
    assert len(bomb) < 100_000
    server.routes["/bomb"] = lambda h: h.send_plain(200, bomb, "image/png", Content_Encoding="gzip")
    err = fail(server.url("/bomb"), FetchPolicy(allow_private=True, max_bytes=1024 * 1024))
    assert err.code == "image_too_large"


def test_unknown_content_encoding_refused(server: RecordingServer) -> None:
    server.routes["/img"] = lambda h: h.send_plain(200, PNG, "image/png", Content_Encoding="br")
    assert fail(server.url("/img")).code == "http_error"


def test_wrong_magic_bytes_with_image_content_type(server: RecordingServer) -> None:
    server.routes["/fake.png"] = serve(b"this is not a png at all, just text\n", "image/png")
    err = fail(server.url("/fake.png"))
    assert err.code == "unsupported_format"
    assert err.message == (
        "The data is not a recognised image; send a PNG, JPEG, WebP or GIF image."
    )


def test_html_page_is_named_and_not_read_to_the_end(server: RecordingServer) -> None:
    server.routes["/page"] = endless(b"<!DOCTYPE html><html><body>")
    err = fail(server.url("/page"))
    assert err.code == "unsupported_format"
    assert "HTML" in err.message


@pytest.mark.parametrize(
    ("fmt", "name"), [("TIFF", "a TIFF"), ("BMP", "a BMP"), ("PDF", "a PDF"), ("ICO", "an ICO")]
)
def test_other_image_formats_are_named(server: RecordingServer, fmt: str, name: str) -> None:
    server.routes["/x"] = serve(image_bytes(fmt), "image/png")
    err = fail(server.url("/x"))
    assert err.code == "unsupported_format"
    assert f"is {name} file" in err.message


def test_empty_body(server: RecordingServer) -> None:
    server.routes["/empty"] = serve(b"", "image/png")
    assert fail(server.url("/empty")).code == "empty_image"


def test_connection_refused_is_a_clear_error(server: RecordingServer) -> None:
    port = server.port
    server.shutdown()
    server.server_close()
    err = fail(f"http://127.0.0.1:{port}/img")
    assert err.code == "connect_failed"
    assert "127.0.0.1" in err.message


def test_ipv6_loopback_server_when_private_allowed() -> None:
    from local_http import running_server

    try:
        ctx = running_server("::1")
        srv = ctx.__enter__()
    except OSError:
        pytest.skip("no IPv6 loopback on this machine")
    try:
        srv.routes["/img"] = serve(PNG)
        assert load_image_source(f"http://[::1]:{srv.port}/img", LOCAL) == PNG
    finally:
        ctx.__exit__(None, None, None)
