"""Fuzzing the live HTTP API: schemathesis from /openapi.json, and hypothesis JSON bodies.

The property is the simplest one that matters: whatever arrives, the answer is never a
5xx, and the server keeps serving. Budgets are small and fixed (max_examples, no
example database) so the run stays within seconds. Generated ``image_url`` strings are
replaced by a URL to a closed local port, so no generated request makes the server
resolve or contact anything off this machine, and no engine time is spent.
"""

from __future__ import annotations

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import LiveServer
from tests.hostile.conftest import V2, assert_still_serves

SAFE_URL = "http://127.0.0.1:9/banner.png"


@pytest.fixture(scope="session")
def fuzz_key(hostile: LiveServer) -> str:
    """A non-admin key with plenty of credits: admin routes answer 403, not side effects."""
    return hostile.create_key(credits=1_000_000, rpm=100_000)


def _defuse(body: object) -> object:
    if isinstance(body, dict) and isinstance(body.get("image_url"), str):
        body["image_url"] = SAFE_URL
    return body


def test_openapi_operations_never_answer_5xx(hostile: LiveServer, fuzz_key: str) -> None:
    """Every operation in /openapi.json, a few schemathesis-generated cases each.

    (schemathesis' pytest plugin does not load under pytest 9, so its strategies are
    driven by hypothesis directly.)
    """
    api = schemathesis.openapi.from_url(hostile.url("/openapi.json"))
    operations = [result.ok() for result in api.get_all_operations()]
    assert len(operations) >= 8, [f"{op.method} {op.path}" for op in operations]
    seen: list[tuple[str, str, int]] = []

    for operation in operations:

        @settings(
            max_examples=8, deadline=None, database=None, suppress_health_check=list(HealthCheck)
        )
        @given(operation.as_strategy())
        def check(case) -> None:  # type: ignore[no-untyped-def]
            if "slug" in (case.path_parameters or {}):
                case.path_parameters["slug"] = "smart-banner-resizer"
            case.body = _defuse(case.body)
            response = case.call(
                base_url=hostile.base_url, headers={"x-api-key": fuzz_key}, timeout=30
            )
            seen.append((case.method, case.path, response.status_code))
            assert response.status_code < 500, (
                case.method,
                case.path,
                case.body if not isinstance(case.body, bytes) else "<bytes>",
                response.status_code,
                response.text[:300],
            )

        check()
    assert len(seen) >= len(operations)
    assert_still_serves(hostile)


json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(2**66), 2**66),
        st.floats(allow_nan=False),
        st.text(max_size=20),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)
FIELD_NAMES = [
    "image_url",
    "target_sizes",
    "num_images_per_size",
    "output_format",
    "prompt",
    "resolution",
    "safety_tolerance",
    "seed",
]


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(
    st.dictionaries(
        st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=6)), json_values, max_size=6
    ),
    st.sampled_from(["application/json", "application/x-www-form-urlencoded", "text/plain", ""]),
)
def test_random_json_bodies_are_200_or_400(
    hostile: LiveServer, fuzz_key: str, data: dict, content_type: str
) -> None:
    import json

    raw = json.dumps(_defuse(data)).encode()
    headers = {"x-api-key": fuzz_key}
    if content_type:
        headers["content-type"] = content_type
    response = httpx.post(hostile.url(V2), content=raw, headers=headers, timeout=30)
    assert response.status_code in (200, 400), response.text[:300]
    assert response.json().get("error", ".").endswith(".")


def test_server_still_serves_after_fuzzing(hostile: LiveServer) -> None:
    assert_still_serves(hostile)
