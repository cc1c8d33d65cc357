"""Hostile and awkward image files through the API, inline (base64) and uploaded.

Every case is one synchronous request for one 64x64 output: awkward but legitimate
files must give an image of exactly that size; bombs, broken files and other formats
must give a FAILED request (422) with the engine's or the loader's code. After each
case the server must still serve.
"""

from __future__ import annotations

import base64
import io

import httpx
import pytest
from PIL import Image

from tests.conftest import LiveServer
from tests.hostile import hostile_images as img
from tests.hostile.conftest import V1, assert_error, assert_still_serves


def _png(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, "PNG")
    return buf.getvalue()


def sync_inline(server: LiveServer, data: bytes) -> httpx.Response:
    body = {"image_url": base64.b64encode(data).decode(), "target_sizes": ["64x64"]}
    return httpx.post(server.url(V1), json=body, headers=server.headers, timeout=90)


def sync_upload(server: LiveServer, data: bytes, filename: str = "banner.png") -> httpx.Response:
    return httpx.post(
        server.url(V1),
        data={"target_sizes": "64x64"},
        files={"image": (filename, data, "image/png")},
        headers=server.headers,
        timeout=90,
    )


FAILING = [
    ("png-header-bomb", img.png_header_bomb, "image_too_large"),
    ("png-real-bomb", img.png_real_bomb, "image_too_large"),
    ("gif-bomb", img.gif_bomb, "image_too_large"),
    ("webp-bomb", img.webp_bomb, "image_too_large"),
    ("truncated-png", lambda: img.truncated(_png(img.banner())), "undecodable_image"),
    ("truncated-jpeg", lambda: img.truncated(img.cmyk_jpeg()), "undecodable_image"),
    ("truncated-gif", lambda: img.truncated(img.animated_gif(), 0.3), "undecodable_image"),
    ("truncated-webp", lambda: img.truncated(img.animated_webp()), "undecodable_image"),
    ("corrupt-png", img.corrupt_png, "undecodable_image"),
    ("corrupt-jpeg", img.corrupt_jpeg, "undecodable_image"),
    ("png-magic-only", lambda: img.magic_only("png") + b"\0" * 8, "undecodable_image"),
    ("webp-magic-only", lambda: img.magic_only("webp"), "undecodable_image"),
    ("svg", img.svg, "unsupported_format"),
    ("svg-xml-prolog", img.svg_with_xml_prolog, "unsupported_format"),
    ("tiff", img.tiff, "unsupported_format"),
    ("bmp", img.bmp, "unsupported_format"),
    ("heic-like", img.heic_like, "unsupported_format"),
    ("pdf", img.pdf, "unsupported_format"),
    ("text-named-png", img.text_file, "unsupported_format"),
    ("html", img.html_page, "unsupported_format"),
]

WORKING = [
    ("one-pixel-png", lambda: img.one_pixel("PNG")),
    ("one-pixel-gif", lambda: img.one_pixel("GIF")),
    ("png-16bit-gray", img.png_16bit),
    ("png-16bit-rgb", img.png_16bit_rgb),
    ("cmyk-jpeg", img.cmyk_jpeg),
    ("exif-rotated-jpeg", img.exif_rotated_jpeg),
    ("palette-transparency", img.palette_transparent_png),
    ("gray-alpha", img.grayscale_alpha_png),
    ("animated-gif", img.animated_gif),
    ("animated-webp", img.animated_webp),
    ("2000x2-sliver", img.tiny_extreme_aspect),
]


@pytest.mark.parametrize(("name", "build", "code"), FAILING, ids=[c[0] for c in FAILING])
def test_bad_files_inline_fail_with_code(hostile: LiveServer, name: str, build, code: str) -> None:
    data = assert_error(sync_inline(hostile, build()), 422, code)
    assert data["status"] == "FAILED"
    assert_still_serves(hostile)


@pytest.mark.parametrize(
    ("name", "build", "code"),
    [
        c
        for c in FAILING
        if c[0] in {"png-real-bomb", "webp-bomb", "corrupt-jpeg", "svg", "pdf", "text-named-png"}
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_bad_files_uploaded_fail_with_code(
    hostile: LiveServer, name: str, build, code: str
) -> None:
    assert_error(sync_upload(hostile, build()), 422, code)
    assert_still_serves(hostile)


KNOWN: dict[str, pytest.MarkDecorator] = {}
WORKING_PARAMS = [
    pytest.param(name, build, id=name, marks=[KNOWN[name]] if name in KNOWN else [])
    for name, build in WORKING
]


@pytest.mark.parametrize(("name", "build"), WORKING_PARAMS)
def test_awkward_but_valid_files_give_exact_size_output(
    hostile: LiveServer, name: str, build
) -> None:
    response = sync_inline(hostile, build())
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-type"] == "image/png"
    out = Image.open(io.BytesIO(response.content))
    assert out.size == (64, 64) and out.format == "PNG"
    assert response.headers["x-request-id"]
    assert_still_serves(hostile)


def test_empty_upload_is_400(hostile: LiveServer) -> None:
    data = assert_error(sync_upload(hostile, b""), 400, "invalid_parameters")
    assert "image" in [f["field"] for f in data["fields"]]


def test_empty_inline_is_400(hostile: LiveServer) -> None:
    body = {"image_url": "", "target_sizes": ["64x64"]}
    response = httpx.post(hostile.url(V1), json=body, headers=hostile.headers, timeout=30)
    assert_error(response, 400, "invalid_parameters")


def test_image_over_the_byte_limit_is_413(hostile: LiveServer) -> None:
    """1 MiB images on this server: an upload of 1.5 MiB is refused while reading."""
    big = img.png_header_bomb()[:33] + b"\0" * (1536 * 1024)
    assert_error(sync_upload(hostile, big), 413, "image_too_large")
    assert_still_serves(hostile)


def test_exif_rotation_is_applied(hostile: LiveServer) -> None:
    """A 240x120 landscape with orientation 6 is a portrait; at 120x240 out it fills the canvas."""
    body = {
        "image_url": base64.b64encode(img.exif_rotated_jpeg()).decode(),
        "target_sizes": ["60x120"],
    }
    response = httpx.post(hostile.url(V1), json=body, headers=hostile.headers, timeout=90)
    assert response.status_code == 200, response.text[:300]
    assert Image.open(io.BytesIO(response.content)).size == (60, 120)
