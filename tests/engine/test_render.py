"""Render: the background is synthesised at exactly the target size, for every kind.

``render.background`` is driven with hand-built analyses (so every background kind and
plate shape is reachable) and ``render.render`` with a real analysis of a drawn banner.
"""

from __future__ import annotations

from functools import cache

import cv2
import numpy as np
from banners import make_banner
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from bannerfit.engine.analyze import analyze
from bannerfit.engine.geometry import Box
from bannerfit.engine.model import Analysis, Background, Panel
from bannerfit.engine.plan import plan_layouts
from bannerfit.engine.prompt import PromptDirectives, parse_prompt
from bannerfit.engine.render import background, render

KINDS = ["flat", "gradient", "texture", "photo"]
DIRECTIVES = {
    "none": PromptDirectives(),
    "blur": parse_prompt("background blur"),
    "extend": parse_prompt("background extend"),
    "solid": parse_prompt("background solid #3366cc"),
}


def _plate(kind: str, pw: int, ph: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:ph, 0:pw].astype(np.float32)
    if kind == "flat":
        return np.broadcast_to(np.array([0.8, 0.6, 0.3], np.float32), (ph, pw, 3)).copy()
    if kind == "gradient":
        t = (xx / max(1, pw - 1))[..., None]
        return (
            np.array([0.1, 0.2, 0.6], np.float32) * (1 - t)
            + np.array([0.9, 0.5, 0.2], np.float32) * t
        )
    if kind == "texture":
        tile = rng.random((8, 8, 3), dtype=np.float32) * 0.6 + 0.2
        return np.tile(tile, (ph // 8 + 1, pw // 8 + 1, 1))[:ph, :pw].copy()
    # photo: smooth random blobs
    base = rng.random((max(2, ph // 16), max(2, pw // 16), 3), dtype=np.float32)
    import cv2

    return cv2.resize(base, (pw, ph), interpolation=cv2.INTER_CUBIC).clip(0.05, 0.95)


def _analysis(kind: str, pw: int, ph: int, seed: int = 0) -> Analysis:
    plate = _plate(kind, pw, ph, seed).astype(np.float32)
    mean = tuple(float(v) for v in plate.reshape(-1, 3).mean(axis=0))
    bg = Background(kind, plate, 1.0, mean, 0.0 if kind in ("flat", "gradient") else 0.1)  # type: ignore[arg-type]
    return Analysis(pw, ph, plate, bg, ())


@settings(max_examples=60, deadline=None, phases=(Phase.explicit, Phase.reuse, Phase.generate))
@given(
    kind=st.sampled_from(KINDS),
    directive=st.sampled_from(sorted(DIRECTIVES)),
    pw=st.integers(8, 400),
    ph=st.integers(8, 400),
    w=st.integers(1, 1600),
    h=st.integers(1, 1600),
)
def test_background_is_exactly_the_target_size(
    kind: str, directive: str, pw: int, ph: int, w: int, h: int
) -> None:
    an = _analysis(kind, pw, ph)
    out = background(an, w, h, DIRECTIVES[directive])
    assert out.shape == (h, w, 3), (kind, directive, pw, ph)
    assert out.dtype == np.float32
    assert np.isfinite(out).all()
    if directive == "solid":
        assert np.allclose(out, np.array([0x33, 0x66, 0xCC], np.float32) / 255)
        return
    # no bars, no new colours: every output colour lies within the plate's own range
    lo = an.background.plate.reshape(-1, 3).min(axis=0) - 0.02
    hi = an.background.plate.reshape(-1, 3).max(axis=0) + 0.02
    assert (out >= lo).all() and (out <= hi).all(), (kind, directive, out.min(axis=(0, 1)), lo, hi)


@settings(max_examples=25, deadline=None)
@given(w=st.integers(1, 1200), h=st.integers(1, 1200))
def test_flat_background_stays_flat(w: int, h: int) -> None:
    an = _analysis("flat", 120, 63)
    out = background(an, w, h, PromptDirectives())
    assert np.abs(out - np.array([0.8, 0.6, 0.3], np.float32)).max() < 1e-3


@settings(max_examples=25, deadline=None)
@given(w=st.integers(2, 1200), h=st.integers(1, 1200))
def test_horizontal_gradient_stays_monotone(w: int, h: int) -> None:
    an = _analysis("gradient", 120, 63)
    out = background(an, w, h, PromptDirectives())
    # red rises left to right in the plate: it must not fall anywhere in the output
    assert (np.diff(out[..., 0], axis=1) >= -1e-4).all()
    # the gradient survives: left and right edges differ as much as the plate's window says
    if w / h >= 120 / 63 and w >= 50:  # a cover of a wider shape keeps the plate's full width
        assert out[:, -1, 0].mean() - out[:, 0, 0].mean() > 0.5


@cache
def _real() -> Analysis:
    return analyze(make_banner(970, 250, "flat").rgb, 1024)


@settings(max_examples=15, deadline=None, phases=(Phase.explicit, Phase.reuse, Phase.generate))
@given(
    w=st.integers(16, 900),
    h=st.integers(16, 900),
    prompt=st.sampled_from(["", "background blur", "align left"]),
)
def test_render_is_exactly_the_plan_size(w: int, h: int, prompt: str) -> None:
    an = _real()
    d = parse_prompt(prompt)
    for plan in plan_layouts(an, w, h, d, 2, 0):
        img = render(an, plan, d)
        assert img.shape == (h, w, 3), plan.arrangement
        assert img.dtype == np.float32 and np.isfinite(img).all()


def test_render_stays_in_unit_range_when_enlarging() -> None:
    an = _real()
    d = PromptDirectives()
    plan = plan_layouts(an, 551, 898, d, 1, 0)[0]  # measured: text enlarged about 1.6x
    img = render(an, plan, d)
    assert img.min() >= -1e-6 and img.max() <= 1 + 1e-6, (float(img.min()), float(img.max()))


def test_rendered_text_is_where_the_plan_puts_it() -> None:
    """Ink (pixels unlike the flat background) lies where the placements are, not elsewhere."""
    an = _real()
    d = PromptDirectives()
    w, h = 300, 600
    plan = plan_layouts(an, w, h, d, 1, 0)[0]
    assert plan.strategy == "relayout"
    img = render(an, plan, d)
    bgimg = background(an, w, h, d)
    ink = np.abs(img - bgimg).max(axis=2) > 0.25
    covered = np.zeros((h, w), bool)
    # elements and the panels (buttons, scrims) redrawn behind text
    for b in [p.dst for p in plan.placements] + [pp.box for pp in plan.panels]:
        b = b.padded(2).clipped(w, h)
        covered[int(b.y0) : int(np.ceil(b.y1)), int(b.x0) : int(np.ceil(b.x1))] = True
    assert ink.sum() > 500  # something was drawn
    assert (ink & ~covered).sum() <= 0.002 * ink.sum()


def test_a_translucent_panel_frosts_the_picture_it_lets_through() -> None:
    """Words redrawn on a source's veil get the veil's colour and opacity, and the
    backdrop under it is blurred (the veil was made for the source's type size; small
    words on it competed with every detail of the picture). An opaque panel is flat."""
    from bannerfit.engine.geometry import Box
    from bannerfit.engine.model import Panel
    from bannerfit.engine.plan import PanelPlacement, Plan

    rng = np.random.default_rng(3)
    grain = rng.random((300, 400, 3), dtype=np.float32) * 0.6 + 0.2
    bg = Background("photo", grain, 1.0, (0.5, 0.5, 0.5), 0.1)
    an = Analysis(400, 300, grain, bg, ())
    box = Box(100, 80, 300, 220)
    inner = Box(110, 90, 290, 210).pixels()

    def detail(*panels: Panel) -> float:
        placed = tuple(PanelPlacement(box, p, (), 8.0) for p in panels)
        img = render(an, Plan("relayout", "test", 400, 300, (), placed), parse_prompt(""))
        return float(np.abs(np.diff(img[inner], axis=1)).mean())

    bare = detail()
    veil = detail(Panel((0.0, 0.0, 0.0), 0.5, veil=True))
    opaque = detail(Panel((0.0, 0.0, 0.0), 0.92))
    # the veil's opacity alone would halve the detail; the frost takes nearly all of it
    assert veil < 0.1 * bare, (veil, bare)
    # an opaque scrim is not frosted: what little shows through keeps its grain
    assert opaque > 0.5 * (1 - 0.92) * bare, (opaque, bare)


def test_the_photo_around_words_left_on_it_is_the_sources_own() -> None:
    """Words kept where they sat on the photo (an anchored plan) come with a rectangle of
    the photo around them: the photo shown around that rectangle is the source's own
    pixels, not the clean plate's guess at what the words hid, so no patch shows."""
    import cv2
    from banners import coffee_price, jpeg_pixels

    from bannerfit.engine import backdrop

    an = analyze(jpeg_pixels(coffee_price()), 1024, lossy=True)
    W = H = 1080
    plan = plan_layouts(an, W, H, parse_prompt(""), 1, 0)[0]
    assert plan.anchored and plan.backdrop is not None
    head = next(e for e in an.elements if e.id == plan.anchored[0])
    k = an.background.plate_scale * backdrop.cover_scale(an, W, H)
    big = cv2.resize(
        an.source, (round(an.width * k), round(an.height * k)), interpolation=cv2.INTER_LINEAR
    )
    wx, wy = plan.backdrop
    seen = big[wy : wy + H, wx : wx + W]
    ring = head.layer.box.padded(0.15 * head.box.h).scaled(k).moved(-wx, -wy).clipped(W, H)
    x0, y0, x1, y1 = (int(v) for v in (ring.x0, ring.y0, ring.x1, ring.y1))

    def off(img: np.ndarray) -> float:
        return float(np.abs(img[y0:y1, x0:x1] - seen[y0:y1, x0:x1]).mean())

    import dataclasses

    on_plate = render(an, dataclasses.replace(plan, anchored=()), PromptDirectives())
    kept = render(an, plan, PromptDirectives())
    assert off(kept) < 0.03
    assert off(kept) < 0.5 * off(on_plate)


def test_a_window_of_a_far_enlarged_plate_matches_the_enlarged_plate() -> None:
    """A 728x90 plate covering a 1080x1920 canvas is enlarged 21 times: only the window
    is resampled (the whole enlarged plate took most of a second per output), with the
    same pixel-centre mapping as enlarging it whole."""
    from bannerfit.engine.render import _enlarged_window

    yy, xx = np.mgrid[0:90, 0:728].astype(np.float32)
    plate = np.dstack([0.5 + 0.4 * np.sin(xx / 37.0), 0.5 + 0.4 * np.cos(yy / 11.0), xx / 728])
    nw, nh = 15548, 1920
    whole = cv2.resize(plate, (nw, nh), interpolation=cv2.INTER_LINEAR)
    for x0 in (0, 7233, nw - 1080):
        got = _enlarged_window(plate, nw, nh, x0, 0, 1080, 1920)
        assert got.shape == (1920, 1080, 3)
        assert float(np.abs(got - whole[:, x0 : x0 + 1080]).max()) < 0.01


def test_a_quiet_panel_is_left_out_where_the_backdrop_is_its_ground_again() -> None:
    """public_020: its brand, matted off light dots, got a quiet panel of the dots'
    colour, and the dots continued around it in every layout: a grey patch around the
    brand. Over the ground it was made of the panel is left out; over a backdrop of
    another colour (dark ink on a dark part) it is drawn."""
    from bannerfit.engine.render import _quiet_panel_needless

    rng = np.random.default_rng(3)
    quiet = Panel((0.9, 0.9, 0.9), 0.85, soft=True)
    box = Box(20, 10, 180, 50)
    ground = np.clip(0.9 + rng.uniform(-0.08, 0.08, (60, 200, 3)), 0, 1).astype(np.float32)
    assert _quiet_panel_needless(ground, box, quiet, [])
    dark = np.full((60, 200, 3), 0.2, np.float32)
    assert not _quiet_panel_needless(dark, box, quiet, [])
    # a scrim of the source (not quiet) is drawn over its own colour all the same
    assert not _quiet_panel_needless(ground, box, Panel((0.9, 0.9, 0.9), 1.0), [])


def test_a_quiet_panel_is_drawn_only_where_the_ink_would_lose_its_contrast() -> None:
    """A quiet panel keeps dark ink from being lost on a dark part of a new backdrop
    (light on light). Where the backdrop under the matted ink keeps its contrast, the
    panel is only a patch (own_016's brand, public_004's logo): it is left out. Dark and
    light ink of one element (a light tile with a dark word) are each judged."""
    from bannerfit.engine.model import Element, Layer
    from bannerfit.engine.render import _ink_stands_out as _stands_out

    def _ink_stands_out(canvas: np.ndarray, box: Box, panel: Panel, held: list) -> bool:
        return _stands_out(canvas[box.clipped(80, 40).pixels()], panel, held)

    rgba = np.zeros((20, 60, 4), np.float32)
    rgba[5:15, 5:55, :3] = 0.1  # dark word
    rgba[5:15, 5:55, 3] = 1.0
    word = Element("logo0", "logo", Box(0, 0, 60, 20), Layer(Box(0, 0, 60, 20), rgba), 1.0, "logo")
    quiet = Panel((0.6, 0.6, 0.6), 0.85, soft=True)
    box = Box(10, 10, 70, 30)
    light = np.full((40, 80, 3), 0.7, np.float32)
    assert _ink_stands_out(light, box, quiet, [word])
    dark = np.full((40, 80, 3), 0.3, np.float32)
    assert not _ink_stands_out(dark, box, quiet, [word])
    # light enough everywhere, but swinging from light to white under the words: busy
    swing = np.random.default_rng(1).uniform(0.68, 1.0, (40, 80, 1)).repeat(3, axis=2)
    assert not _ink_stands_out(swing.astype(np.float32), box, quiet, [word])
    # a light tile beside the dark word: light ink needs the backdrop not lighter
    tile = rgba.copy()
    tile[2:18, 0:12, :3] = 0.95
    tile[2:18, 0:12, 3] = 1.0
    logo = Element("logo0", "logo", Box(0, 0, 60, 20), Layer(Box(0, 0, 60, 20), tile), 1.0, "logo")
    assert _ink_stands_out(np.full((40, 80, 3), 0.6, np.float32), box, quiet, [logo])
    assert not _ink_stands_out(np.full((40, 80, 3), 0.85, np.float32), box, quiet, [logo])
    # a box lifted with its own ground keeps its panel
    boxed = Element(
        "logo0", "logo", Box(0, 0, 60, 20), Layer(Box(0, 0, 60, 20), rgba, rect=True), 1.0, "logo"
    )
    assert not _ink_stands_out(light, box, quiet, [boxed])
