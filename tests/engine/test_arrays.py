"""The channel reductions give exactly NumPy's values, and the background grid's fast
cell sums are NumPy's float32 sums bit for bit (byte-identical outputs depend on it)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from bannerfit.engine.arrays import channel_max, colour_distance
from bannerfit.engine.background import _cell_sums

pixels = hnp.arrays(
    np.float32,
    hnp.array_shapes(min_dims=3, max_dims=3, min_side=1, max_side=9),
    elements=st.floats(-2, 2, width=32) | st.just(float("nan")),
)


@given(pixels)
def test_channel_max_is_numpys_max_over_the_last_axis(img: np.ndarray) -> None:
    np.testing.assert_array_equal(channel_max(img), img.max(axis=-1))


@given(pixels, st.floats(-1, 1, width=32))
def test_colour_distance_is_the_largest_channel_difference(img: np.ndarray, c: float) -> None:
    colour = np.full(img.shape[-1], c, np.float32)
    np.testing.assert_array_equal(colour_distance(img, colour), np.abs(img - colour).max(axis=2))


@settings(max_examples=30)
@given(st.integers(1, 6), st.integers(1, 6), st.integers(2, 24), st.integers(0, 2**32 - 1))
def test_cell_sums_are_numpys_float32_sums_bit_for_bit(
    gh: int, gw: int, cell: int, seed: int
) -> None:
    data = np.random.default_rng(seed).random((gh * cell, gw * cell, 3)).astype(np.float32)
    expected = data.reshape(gh, cell, gw, cell, 3).sum(axis=(1, 3))
    got = _cell_sums(data, gh, gw, cell)
    assert got.dtype == np.float32
    assert np.array_equal(got, expected)
