"""A thin border drawn around the whole banner: found, taken off, drawn again at every size.

Many display ads carry a one-colour rule a few pixels in from their edge (on a white ad
the networks ask for one). It belongs to the canvas, not to the content: cropped, it
would be cut off on two sides; extended, its lines would run through the new
background; and on a gradient it made the background read as a texture, which then
tiled the lines across every output. So the analysis works on the banner without it,
and the renderer draws it again inside every output's edge, its inset and thickness
scaled with the banner.
"""

from __future__ import annotations

import numpy as np

from bannerfit.engine.arrays import colour_distance
from bannerfit.engine.model import Frame

#: a frame lies within this share of the short side from the edge ...
FRAME_MAX_INSET = 0.06
#: ... and is at most this share of it thick (thicker, it is a band of the design)
FRAME_MAX_THICKNESS = 0.03
#: its rows are of one colour over this share of their middle 80 % ...
FRAME_UNIFORM = 0.9
#: ... (pixels within this of the row's median colour, 0..1 levels)
FRAME_COLOUR_TOL = 0.08
#: ... and differ from the ground on both sides of it by this much
FRAME_CONTRAST = 0.15
#: the four sides agree in colour within this
FRAME_SIDES_AGREE = 0.12


def find_frame(src: np.ndarray) -> Frame | None:
    """The border around ``src`` (HxWx3 float 0..1), if all four sides have one."""
    h, w = src.shape[:2]
    short = min(h, w)
    if short < 32:
        return None
    reach = max(4, int(FRAME_MAX_INSET * short))
    max_t = max(1, int(FRAME_MAX_THICKNESS * short))
    # each side as rows counted from the edge inward, along its middle 80 %
    sides = (
        src[:reach, w // 10 : w - w // 10],
        src[::-1][:reach, w // 10 : w - w // 10],
        src[h // 10 : h - h // 10, :reach].transpose(1, 0, 2),
        src[h // 10 : h - h // 10, ::-1][:, :reach].transpose(1, 0, 2),
    )
    bands = [_band(side, max_t) for side in sides]
    if any(b is None for b in bands):
        return None
    found = [b for b in bands if b is not None]
    colours = np.array([c for _, _, c in found])
    if float(np.abs(colours - colours.mean(axis=0)).max()) > FRAME_SIDES_AGREE:
        return None
    insets = [a for a, _, _ in found]
    thick = [t for _, t, _ in found]
    if max(insets) - min(insets) > max(2, 0.3 * max(insets)) or max(thick) - min(thick) > max(
        1, 0.3 * max(thick)
    ):
        return None
    colour = tuple(float(v) for v in colours.mean(axis=0))
    return Frame(
        float(np.median(insets)), float(np.median(thick)), (colour[0], colour[1], colour[2])
    )


def _band(rows: np.ndarray, max_t: int) -> tuple[int, int, np.ndarray] | None:
    """The frame's (first row, thickness, colour) in one side's rows (edge first).

    A frame is a run of uniform rows of one colour, at most ``max_t`` thick, that
    differs from the rows on both sides of it, whose own colours agree (the ground
    around the rule). A run at the very edge has no ground outside: it is a frame only
    when no run further in is one (the ground's first rows, outside a rule further in,
    are a run at the edge too) and the ground inside it is steady for twice its
    thickness.
    """
    n = rows.shape[0]
    med = np.median(rows, axis=1)
    uniform = (colour_distance(rows, med[:, None, :]) < FRAME_COLOUR_TOL).mean(axis=1)
    at_edge = None
    i = 0
    while i < n:
        if uniform[i] < FRAME_UNIFORM:
            i += 1
            continue
        j = i + 1
        while (
            j < n
            and uniform[j] >= FRAME_UNIFORM
            and np.abs(med[j] - med[i]).max() < FRAME_COLOUR_TOL
        ):
            j += 1
        colour = med[i:j].mean(axis=0)
        inner = j  # the first row of ground past the run (an anti-aliased row between)
        if inner + 1 < n and np.abs(med[inner] - colour).max() < FRAME_CONTRAST:
            inner += 1
        if j - i <= max_t and inner < n:
            ground_in = med[inner]
            apart_in = np.abs(colour - ground_in).max() >= FRAME_CONTRAST
            if i > 0:
                outer = med[max(0, i - 2) : i]
                apart_out = np.abs(colour - outer).max(axis=1).min() >= FRAME_CONTRAST
                same_ground = np.abs(outer[0] - ground_in).max() < FRAME_CONTRAST
                if apart_in and apart_out and same_ground:
                    return i, j - i, colour
            elif at_edge is None and apart_in:
                stretch = med[inner : inner + 2 * (j - i) + 1]
                if (
                    len(stretch) > 2 * (j - i)
                    and np.abs(stretch - ground_in).max() < FRAME_CONTRAST
                ):
                    at_edge = (i, j - i, colour)
        i = j
    return at_edge


def without_frame(src: np.ndarray, frame: Frame) -> np.ndarray:
    """``src`` with its border band (edge to the frame's inner side) filled with the
    first row (column) of ground inside it."""
    h, w = src.shape[:2]
    e = int(np.ceil(frame.inset + frame.thickness)) + 1
    if 2 * e >= min(h, w):
        return src
    out = src.copy()
    out[:e] = out[e : e + 1]
    out[h - e :] = out[h - e - 1 : h - e]
    out[:, :e] = out[:, e : e + 1]
    out[:, w - e :] = out[:, w - e - 1 : w - e]
    return out


def draw_frame(canvas: np.ndarray, frame: Frame, scale: float) -> None:
    """Draw ``frame`` into ``canvas`` (HxWx3 float, in place), inset and thickness
    times ``scale``, at least a pixel thick."""
    h, w = canvas.shape[:2]
    i = int(round(frame.inset * scale))
    t = max(1, int(round(frame.thickness * scale)))
    if 2 * (i + t) >= min(h, w):
        return
    c = np.array(frame.color, np.float32)
    canvas[i : i + t, i : w - i] = c
    canvas[h - i - t : h - i, i : w - i] = c
    canvas[i : h - i, i : i + t] = c
    canvas[i : h - i, w - i - t : w - i] = c


def frame_scale(src_w: int, src_h: int, W: int, H: int) -> float:
    """The border's scale in a W x H output: the area-preserving scale of the banner
    (a 3 px rule on a 970x250 is 2 px on a 728x90 and 7 px on a 1080x1080)."""
    return float(np.sqrt(W * H / (src_w * src_h)))


def reach(frame: Frame, scale: float) -> float:
    """How far in from the edge the drawn frame ends, in output pixels."""
    return (frame.inset + frame.thickness) * scale
