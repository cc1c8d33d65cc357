"""Property-based fuzzing of every parser reachable without a server.

Budgets are fixed (max_examples, no example database) so a CI run is bounded and
repeatable; the properties are "no exception other than the documented one" plus the
invariants a parser promises.
"""

from __future__ import annotations

import io
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from pydantic import ValidationError

from bannerfit.api.schemas import ResizeRequest, parse_size
from bannerfit.engine.decode import decode_image
from bannerfit.engine.errors import EngineError
from bannerfit.engine.options import EngineLimits
from bannerfit.engine.prompt import PromptDirectives, parse_prompt
from bannerfit.settings import Settings

BUDGET = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SETTINGS = Settings(_env_file=None)

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False),
    st.text(max_size=30),
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
size_text = st.one_of(
    st.builds(lambda w, h: f"{w}x{h}", st.integers(-5, 5000), st.integers(-5, 5000)),
    st.text(alphabet="0123456789xX× .-+e", max_size=12),
    st.text(max_size=12),
)
FIELDS = {
    "image_url": st.one_of(st.just("https://example.com/a.png"), st.text(max_size=40), json_values),
    "target_sizes": st.one_of(st.lists(size_text, max_size=12), json_values),
    "num_images_per_size": st.one_of(st.integers(-3, 8), json_values),
    "output_format": st.one_of(st.sampled_from(["png", "jpeg", "webp", "gif", "PNG"]), json_values),
    "prompt": st.one_of(st.text(max_size=60), json_values),
    "resolution": st.one_of(st.sampled_from(["1K", "2K", "4K", "8K", "1k"]), json_values),
    "safety_tolerance": st.one_of(
        st.integers(-2, 9), st.sampled_from(["1", "4", "6", "7", " 4", "4.0"]), json_values
    ),
    "seed": st.one_of(st.none(), st.integers(-10, 2**33), json_values),
    "extra": json_values,
}


@st.composite
def request_bodies(draw: st.DrawFn) -> dict[str, object]:
    chosen = draw(st.sets(st.sampled_from(sorted(FIELDS)), max_size=len(FIELDS)))
    return {name: draw(FIELDS[name]) for name in chosen}


@BUDGET
@given(request_bodies())
def test_request_model_accepts_only_what_the_contract_allows(data: dict[str, object]) -> None:
    try:
        req = ResizeRequest.model_validate(data, context={"settings": SETTINGS})
    except ValidationError:
        return
    assert "extra" not in data
    sizes = [parse_size(s) for s in req.target_sizes]
    assert 1 <= len(sizes) <= 10 and len(set(sizes)) == len(sizes)
    assert all(s is not None and 16 <= s[0] <= 4096 and 16 <= s[1] <= 4096 for s in sizes)
    assert 1 <= req.num_images_per_size <= 4
    assert req.output_format in ("png", "jpeg", "webp")
    assert req.resolution in ("1K", "2K", "4K")
    assert 1 <= int(req.safety_tolerance) <= 6
    assert req.seed is None or 0 <= req.seed <= 2**32 - 1
    assert len(req.prompt) <= 5000


@BUDGET
@given(st.integers(0, 999_999), st.integers(0, 999_999), st.sampled_from(["x", "X", " x ", "×"]))
def test_size_parser_roundtrip(w: int, h: int, sep: str) -> None:
    assert parse_size(f"{w}{sep}{h}") == (w, h)


@BUDGET
@given(st.text(max_size=400))
def test_size_parser_never_raises(text: str) -> None:
    out = parse_size(text)
    assert out is None or (isinstance(out[0], int) and isinstance(out[1], int))


@BUDGET
@given(
    st.one_of(
        st.text(max_size=300),
        st.lists(
            st.sampled_from(
                [
                    "keep the logo",
                    "blur background",
                    "solid #ff0000",
                    "align left",
                    "do not crop",
                    "emphasize product",
                    "drop",
                    "background",
                    "#",
                    "rgb(",
                    ";",
                    ",",
                    ".",
                    "\n",
                ]
            ),
            max_size=12,
        ).map(" ".join),
    )
)
def test_prompt_parser_never_raises_and_accounts_for_every_clause(prompt: str) -> None:
    d = parse_prompt(prompt)
    assert isinstance(d, PromptDirectives)
    for clause in d.understood + d.ignored:
        assert clause and clause == clause.strip() and clause in prompt
    if d.solid_color is not None:
        assert all(0 <= c <= 255 for c in d.solid_color)


# ---- the decoder on mutated image bytes ------------------------------------------------


def _seed_files() -> list[bytes]:
    base = Image.new("RGB", (40, 24), (20, 120, 200))
    base.paste((250, 220, 0), (5, 5, 20, 15))
    out = []
    for fmt, kw in (
        ("PNG", {}),
        ("JPEG", {"quality": 80}),
        ("WEBP", {"quality": 80}),
        ("WEBP", {"lossless": True}),
        ("GIF", {}),
    ):
        buf = io.BytesIO()
        base.save(buf, fmt, **kw)
        out.append(buf.getvalue())
    buf = io.BytesIO()
    base.convert("P").save(buf, "PNG", transparency=0)
    out.append(buf.getvalue())
    buf = io.BytesIO()
    base.save(buf, "GIF", save_all=True, append_images=[base.rotate(90, expand=False)])
    out.append(buf.getvalue())
    return out


SEEDS = _seed_files()
LIMITS = EngineLimits(max_pixels=1_000_000, max_side=2048)


@st.composite
def mutated_images(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(SEEDS)))
    rng = random.Random(draw(st.integers(0, 2**32)))
    for _ in range(draw(st.integers(1, 6))):
        op = rng.choice(["flip", "set", "cut", "dup", "insert", "header"])
        pos = rng.randrange(len(data)) if data else 0
        if op == "flip" and data:
            data[pos] ^= 1 << rng.randrange(8)
        elif op == "set" and data:
            data[pos] = rng.choice([0, 0xFF, 0x7F, 0x80, rng.randrange(256)])
        elif op == "cut":
            data = data[: max(0, pos)]
        elif op == "dup" and data:
            end = min(len(data), pos + rng.randrange(1, 64))
            data[pos:pos] = data[pos:end]
        elif op == "insert":
            data[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 16)))
        elif op == "header" and len(data) > 30:
            i = rng.randrange(6, 30)  # dimensions and flags live near the start
            data[i] = rng.choice([0, 0xFF, rng.randrange(256)])
    return bytes(data)


@BUDGET
@given(mutated_images())
def test_decoder_raises_only_engine_errors_on_mutated_files(data: bytes) -> None:
    try:
        rgba = decode_image(data, LIMITS)
    except EngineError as exc:
        assert exc.message and "\n" not in exc.message
        return
    assert rgba.ndim == 3 and rgba.shape[2] == 4
    assert rgba.shape[0] * rgba.shape[1] <= LIMITS.max_pixels


@BUDGET
@given(st.binary(max_size=300))
def test_decoder_raises_only_engine_errors_on_random_bytes(data: bytes) -> None:
    with pytest.raises(EngineError):
        decode_image(data, LIMITS)
