"""data: URIs and bare base64: strict decoding, size cap, magic bytes; property tests."""

from __future__ import annotations

import base64
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from local_http import image_bytes

from bannerfit.fetch import FetchError, FetchPolicy, load_image_source
from bannerfit.fetch.inline import decode_base64, decode_data_uri

PNG = image_bytes("PNG")
B64 = base64.b64encode(PNG).decode()
FUZZ = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)


def code_of(source: str, policy: FetchPolicy = FetchPolicy()) -> str:
    with pytest.raises(FetchError) as info:
        load_image_source(source, policy)
    assert "\n" not in info.value.message and info.value.message.endswith(".")
    return info.value.code


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP", "GIF"])
def test_data_uri_each_format(fmt: str) -> None:
    body = image_bytes(fmt)
    mime = {"PNG": "png", "JPEG": "jpeg", "WEBP": "webp", "GIF": "gif"}[fmt]
    uri = f"data:image/{mime};base64,{base64.b64encode(body).decode()}"
    assert load_image_source(uri) == body
    assert load_image_source(base64.b64encode(body).decode()) == body


@pytest.mark.parametrize(
    "uri",
    [
        f"data:image/png;base64,{B64}",
        f"DATA:IMAGE/PNG;BASE64,{B64}",
        f"data:image/jpeg;base64,{B64}",  # the declared type is not trusted either way
        f"data:image/png;name=a.png;base64,{B64}",
        f"data:;base64,{B64}",
        f"  data:image/png;base64,{B64}\n",
        "data:image/png;base64," + "\n".join(B64[i : i + 76] for i in range(0, len(B64), 76)),
    ],
)
def test_data_uri_variants_accepted(uri: str) -> None:
    assert load_image_source(uri) == PNG


@pytest.mark.parametrize(
    ("source", "code"),
    [
        ("", "empty_image"),
        ("   ", "empty_image"),
        ("data:image/png;base64,", "empty_image"),
        ("data:image/png;base64", "invalid_data_uri"),
        (f"data:image/png,{B64}", "invalid_data_uri"),
        (f"data:text/html;base64,{B64}", "invalid_data_uri"),
        (f"data:application/octet-stream;base64,{B64}", "invalid_data_uri"),
        (B64[:-1], "invalid_base64"),
        (B64 + "=", "invalid_base64"),
        (B64.rstrip("=") if B64.endswith("=") else B64[:-2], "invalid_base64"),
        (B64[:8] + "!" + B64[9:], "invalid_base64"),
        (B64[:8] + "-" + B64[9:], "invalid_base64"),  # urlsafe alphabet
        (B64[:8] + "é" + B64[9:], "invalid_base64"),
        ("QQ==QQ==", "invalid_base64"),
        ("====", "invalid_base64"),
        (base64.b64encode(b"hello, this is plain text").decode(), "unsupported_format"),
        (
            base64.b64encode(b"<svg xmlns='http://www.w3.org/2000/svg'/>").decode(),
            "unsupported_format",
        ),
        (base64.b64encode(image_bytes("TIFF")).decode(), "unsupported_format"),
        (base64.b64encode(b"%PDF-1.7\n").decode(), "unsupported_format"),
        (base64.b64encode(b"\x00\x00\x00\x18ftypheic\x00\x00").decode(), "unsupported_format"),
    ],
)
def test_inline_errors(source: str, code: str) -> None:
    assert code_of(source) == code


def test_formats_outside_the_four_are_named() -> None:
    with pytest.raises(FetchError) as info:
        load_image_source(base64.b64encode(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00").decode())
    assert info.value.message == (
        "The image is an HEIC/HEIF file; only PNG, JPEG, WebP and GIF images are accepted."
    )


def test_size_cap_on_inline_data() -> None:
    policy = FetchPolicy(max_bytes=len(PNG))
    assert load_image_source(B64, policy) == PNG
    small = FetchPolicy(max_bytes=len(PNG) - 1)
    assert code_of(B64, small) == "image_too_large"
    assert code_of(f"data:image/png;base64,{B64}", small) == "image_too_large"


def test_oversize_text_is_refused_without_decoding() -> None:
    huge = "A" * (3 * 1024 * 1024)
    with (
        mock.patch("base64.b64decode", side_effect=AssertionError("decoded")),
        pytest.raises(FetchError) as info,
    ):
        decode_base64(huge, 2 * 1024 * 1024)
    assert info.value.code == "image_too_large"
    assert "2 MiB" in info.value.message


def test_non_string_source() -> None:
    with pytest.raises(FetchError):
        load_image_source(b"bytes")  # type: ignore[arg-type]


# ---- properties ----------------------------------------------------------------------

_B64_CHARS = st.sampled_from(
    list("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=")
    + ["\n", " ", "-", "_", "!", "é", "\x00"]
)


@FUZZ
@given(st.binary(max_size=600))
def test_base64_roundtrip_is_exact(data: bytes) -> None:
    text = base64.b64encode(data).decode()
    if not data:
        with pytest.raises(FetchError):
            decode_base64(text, 10_000)
    else:
        assert decode_base64(text, 10_000) == data
        assert decode_data_uri("data:image/png;base64," + text, 10_000) == data


@FUZZ
@given(st.text(alphabet=_B64_CHARS, max_size=200))
def test_base64_decoder_raises_only_fetch_error(text: str) -> None:
    try:
        out = decode_base64(text, 100)
    except FetchError as exc:
        assert exc.code in {"invalid_base64", "empty_image", "image_too_large"}
        return
    assert base64.b64encode(out).decode() == "".join(text.split())


@FUZZ
@given(
    st.one_of(
        st.text(max_size=300),
        st.builds(lambda h, p: f"data:{h},{p}", st.text(max_size=60), st.text(max_size=120)),
        st.builds(
            lambda mime, p: f"data:{mime};base64,{p}",
            st.sampled_from(["image/png", "image/gif", "", "text/plain", "image/x"]),
            st.text(alphabet=_B64_CHARS, max_size=120),
        ),
        st.builds(lambda b: base64.b64encode(b).decode(), st.binary(max_size=200)),
        st.builds(lambda b: base64.b64encode(PNG[:16] + b).decode(), st.binary(max_size=64)),
    )
)
def test_load_image_source_raises_only_fetch_error(source: str) -> None:
    """Any text at all: bytes out, or FetchError. Never a packet off the machine.

    URLs among the examples meet a resolver that answers nothing and a connect that
    always fails, so the property holds without any network.
    """
    try:
        with mock.patch("socket.create_connection", side_effect=OSError("no network in tests")):
            out = load_image_source(source, FetchPolicy(max_bytes=4096), resolver=lambda n: [])
    except FetchError as exc:
        assert exc.message and "\n" not in exc.message
        return
    assert out[:16] and len(out) <= 4096


@FUZZ
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=80))
def test_url_parser_raises_only_fetch_error(tail: str) -> None:
    for prefix in (
        "http://",
        "https://",
        "http://a.example/",
        "http://[",
        "http://1.",
        "http://0x",
    ):
        with (
            mock.patch("socket.create_connection", side_effect=OSError("no network in tests")),
            pytest.raises(FetchError),
        ):
            load_image_source(prefix + tail, FetchPolicy(), resolver=lambda n: [])


def test_non_canonical_base64_is_refused() -> None:
    """'AB==' decodes like 'AA==' under a lax decoder: its stray bits mean a damaged payload."""
    with pytest.raises(FetchError) as exc:
        decode_base64("AB==", 100)
    assert exc.value.code == "invalid_base64"
    assert decode_base64("AA==", 100) == b"\x00"
