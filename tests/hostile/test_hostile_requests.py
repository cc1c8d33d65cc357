"""Request-format attacks: limits, wrong types, broken JSON and multipart, methods, size.

Cases that the validation must refuse are 400 with a code (and, for parameters, the
field named); none may be a 5xx, and the server must still serve afterwards. Valid
edge values are accepted (200) with an image_url that fails fast in the worker, so
no engine time is spent.
"""

from __future__ import annotations

import httpx
import pytest

from tests.conftest import LiveServer
from tests.hostile.conftest import V1, V2, assert_error, assert_still_serves

FAST_FAIL_URL = "http://127.0.0.1:9/banner.png"  # discard port: connection refused


def body(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {"image_url": FAST_FAIL_URL, "target_sizes": ["300x250"]}
    data.update(overrides)
    return data


BAD = [
    ("target_sizes", body(target_sizes=["0x0"])),
    ("target_sizes", body(target_sizes=["99999x1"])),
    ("target_sizes", body(target_sizes=["16x15"])),
    ("target_sizes", body(target_sizes=["4096x4097"])),
    ("target_sizes", body(target_sizes=["-300x250"])),
    ("target_sizes", body(target_sizes=["300.5x250"])),
    ("target_sizes", body(target_sizes=["300x250x2"])),
    ("target_sizes", body(target_sizes=["x"])),
    ("target_sizes", body(target_sizes=["1e3x300"])),
    ("target_sizes", body(target_sizes=["300x250", "300x250"])),
    ("target_sizes", body(target_sizes=["300x250", " 300x250 "])),
    ("target_sizes", body(target_sizes=["1" * 5000 + "x300"])),
    ("target_sizes", body(target_sizes=None)),
    ("target_sizes", body(target_sizes={"w": 300, "h": 250})),
    ("target_sizes", body(target_sizes=[f"{16 + i}x16" for i in range(11)])),
    ("target_sizes[0]", body(target_sizes=[["300x250"]])),
    ("target_sizes[0]", body(target_sizes=[None])),
    ("num_images_per_size", body(num_images_per_size=-1)),
    ("num_images_per_size", body(num_images_per_size=10**30)),
    ("num_images_per_size", body(num_images_per_size=2.0)),
    ("num_images_per_size", body(num_images_per_size=None)),
    ("output_format", body(output_format="PNG ")),
    ("output_format", body(output_format="svg")),
    ("output_format", body(output_format=["png"])),
    ("resolution", body(resolution="1k ")),
    ("resolution", body(resolution=1)),
    ("safety_tolerance", body(safety_tolerance="4.5")),
    ("safety_tolerance", body(safety_tolerance=4.5)),
    ("safety_tolerance", body(safety_tolerance=-4)),
    ("safety_tolerance", body(safety_tolerance="")),
    ("safety_tolerance", body(safety_tolerance=10**30)),
    ("seed", body(seed=10**100)),
    ("seed", body(seed=[1])),
    ("seed", body(seed=True)),
    ("prompt", body(prompt=None)),
    ("prompt", body(prompt=["a"])),
    ("prompt", body(prompt="é" * 5001)),
    ("image_url", body(image_url=None)),
    ("image_url", body(image_url=["http://example.com/a.png"])),
    ("image_url", body(image_url="   ")),
    ("image_url", body(image_url="http://" + "a" * 9000 + ".com/x.png")),
]


@pytest.mark.parametrize(
    ("field", "payload"), BAD, ids=[f"{f}-{i}" for i, (f, _) in enumerate(BAD)]
)
def test_bad_parameters_are_400_naming_the_field(
    hostile: LiveServer, field: str, payload: dict
) -> None:
    response = httpx.post(hostile.url(V2), json=payload, headers=hostile.headers, timeout=30)
    data = assert_error(response, 400, "invalid_parameters")
    assert field in [f["field"] for f in data["fields"]], data
    assert_still_serves(hostile)


GOOD = [
    body(target_sizes=["16x16"]),
    body(target_sizes=["4096x4096"]),
    body(target_sizes=["16x4096", "4096x16"]),
    body(safety_tolerance="1"),
    body(safety_tolerance=6),
    body(seed=0),
    body(seed=None),
    body(prompt=""),
    body(
        prompt="keep the logo large \u202e\u0000 \U0001f600 <script>alert(1)</script> ' OR 1=1 --"
    ),
    body(prompt="x" * 5000),
    body(output_format="jpeg", resolution="2K"),
]


@pytest.mark.parametrize("payload", GOOD, ids=[str(i) for i in range(len(GOOD))])
def test_valid_edge_values_are_accepted(hostile: LiveServer, payload: dict) -> None:
    response = httpx.post(hostile.url(V2), json=payload, headers=hostile.headers, timeout=30)
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "QUEUED"


def test_unknown_fields_are_named(hostile: LiveServer) -> None:
    response = httpx.post(
        hostile.url(V2), json=body(__proto__={"admin": True}, Width=3), headers=hostile.headers
    )
    data = assert_error(response, 400, "unknown_fields")
    assert "__proto__" in data["error"] and "Width" in data["error"]


RAW = [
    (b"{not json", "application/json", "invalid_json"),
    (b'{"image_url": "x",}', "application/json", "invalid_json"),
    (b"\xff\xfe{\x00}\x00", "application/json", "invalid_parameters"),  # UTF-16 "{}"
    (b"\xc3\x28", "application/json", "invalid_json"),
    pytest.param(b"[" * 100_000 + b"]" * 100_000, "application/json", "invalid_json"),
    pytest.param(
        b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
        "application/json",
        "invalid_json",
    ),
    (b'{"seed": 1' + b"0" * 10_000 + b"}", "application/json", "invalid_json"),
    (b"null", "application/json", "invalid_body"),
    (b'"a string"', "application/json", "invalid_body"),
    (b"42", "application/json", "invalid_body"),
    (b"   ", "application/json", "invalid_body"),
    (b"NaN", "application/json", "invalid_body"),
]


def _with_ids(cases: list) -> list:
    out = []
    for i, case in enumerate(cases):
        values, marks = (case.values, case.marks) if hasattr(case, "values") else (case, ())
        out.append(pytest.param(*values, marks=marks, id=f"raw{i}"))
    return out


@pytest.mark.parametrize(("raw", "ctype", "code"), _with_ids(RAW))
def test_malformed_bodies_are_400(hostile: LiveServer, raw: bytes, ctype: str, code: str) -> None:
    response = httpx.post(
        hostile.url(V2), content=raw, headers={**hostile.headers, "content-type": ctype}
    )
    assert_error(response, 400, code)
    assert_still_serves(hostile)


def test_duplicate_json_keys_do_not_crash(hostile: LiveServer) -> None:
    raw = b'{"target_sizes": ["300x250"], "target_sizes": ["0x0"], "image_url": "http://127.0.0.1:9/a.png"}'
    response = httpx.post(
        hostile.url(V2),
        content=raw,
        headers={**hostile.headers, "content-type": "application/json"},
    )
    assert_error(response, 400, "invalid_parameters")  # the last one wins, as in json.loads


def test_multipart_without_file_or_url(hostile: LiveServer) -> None:
    response = httpx.post(
        hostile.url(V2),
        data={"target_sizes": "300x250"},
        files={"unused": ("", b"", "text/plain")},
        headers=hostile.headers,
    )
    assert response.status_code == 400, response.text
    response = httpx.post(
        hostile.url(V2),
        content=b'--xyz\r\nContent-Disposition: form-data; name="target_sizes"\r\n\r\n300x250\r\n--xyz--\r\n',
        headers={**hostile.headers, "content-type": "multipart/form-data; boundary=xyz"},
    )
    data = assert_error(response, 400, "invalid_parameters")
    assert "image_url" in [f["field"] for f in data["fields"]]
    assert_still_serves(hostile)


@pytest.mark.parametrize(
    "raw",
    [
        b'--xyz\r\nContent-Disposition: form-data; name="target_sizes"\r\n\r\n300x250',
        b"not multipart at all",
        b"--xyz\r\nContent-Disposition: form-data\r\n\r\nnameless\r\n--xyz--\r\n",
    ],
)
def test_broken_multipart_is_400(hostile: LiveServer, raw: bytes) -> None:
    response = httpx.post(
        hostile.url(V2),
        content=raw,
        headers={**hostile.headers, "content-type": "multipart/form-data; boundary=xyz"},
    )
    assert response.status_code == 400, response.text
    assert_still_serves(hostile)


def test_multipart_with_a_field_as_file_and_two_images(hostile: LiveServer) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 100
    response = httpx.post(
        hostile.url(V2),
        files=[("image", ("a.png", png, "image/png")), ("image", ("b.png", png, "image/png"))],
        data={"target_sizes": "300x250"},
        headers=hostile.headers,
    )
    assert_error(response, 400, "invalid_parameters")
    response = httpx.post(
        hostile.url(V2),
        files={"target_sizes": ("s.txt", b"300x250", "text/plain"), "image": ("a.png", png)},
        headers=hostile.headers,
    )
    assert_error(response, 400, "invalid_parameters")


@pytest.mark.parametrize("method", ["GET", "PUT", "PATCH", "DELETE"])
@pytest.mark.parametrize("path", [V1, V2])
def test_wrong_method_is_405(hostile: LiveServer, method: str, path: str) -> None:
    response = httpx.request(method, hostile.url(path), headers=hostile.headers)
    assert_error(response, 405, "method_not_allowed")


def test_body_over_the_limit_is_413_while_reading(hostile: LiveServer) -> None:
    """2 MiB bodies on this server; a chunked body with no length is cut as it arrives."""
    sent = 0

    def chunks():
        nonlocal sent
        yield b'{"image_url": "'
        for _ in range(64):
            sent += 64 * 1024
            yield b"A" * (64 * 1024)
        yield b'"}'

    response = httpx.post(
        hostile.url(V2),
        content=chunks(),
        headers={**hostile.headers, "content-type": "application/json"},
        timeout=30,
    )
    assert_error(response, 413, "payload_too_large")
    assert_still_serves(hostile)


def test_declared_length_over_limit_is_413_before_reading(hostile: LiveServer) -> None:
    big = b"{" + b" " * (3 * 1024 * 1024) + b"}"
    response = httpx.post(
        hostile.url(V1),
        content=big,
        headers={**hostile.headers, "content-type": "application/json"},
    )
    assert_error(response, 413, "payload_too_large")
    assert_still_serves(hostile)
