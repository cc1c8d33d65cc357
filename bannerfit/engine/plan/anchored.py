"""Anchored plans: words that could not be taken off a photo left where they sat on it,
the photo's window chosen around them, and every other element moved the least
distance into the window (_anchored, _tucked, _nearest_room).

A strategy of its own, for photos whose words travel as a patch of the photo.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from bannerfit.engine import backdrop
from bannerfit.engine.geometry import Box, union_all
from bannerfit.engine.model import Analysis, Element
from bannerfit.engine.plan.limits import PANEL_PAD, min_line_px
from bannerfit.engine.plan.score import _score
from bannerfit.engine.plan.types import PanelPlacement, Placement, Plan, Unit

#: an anchored plan (see _anchored) scores this much over its own layout score: where
#: words could not be taken off the photo, a plan that leaves them on it wins
ANCHORED_BONUS = 0.9
#: positions tried per axis for the photo's window and for each element moved into it
ANCHOR_STEPS = 24
#: an anchored plan is not made when every window that holds the anchored words cuts
#: more than this share off the photo's subjects (a face cut by the canvas's edge)
ANCHOR_SUBJECT_CUT = 0.1
#: an element moved into an anchored plan's window may shrink to these shares of the
#: photo's scale to find room (never under the legibility minimum)
TUCK_SHRINK = (1.0, 0.85, 0.7, 0.6)
#: elements that sat this share of the banner's short side apart (or closer) are moved
#: into an anchored plan's window as one piece
CLUSTER_REACH = 0.04


def _is_anchor(e: Element) -> bool:
    """Words (or a button) that travel as a rectangle of the photo they sat on: they
    cannot be laid over another part of it without showing as a pasted patch."""
    return e.layer.rect and (e.is_text or e.kind == "cta")


def _anchored(
    an: Analysis,
    W: int,
    H: int,
    units: list[Unit],
    margin: float,
    s_ref: float,
    subjects: list[backdrop.Subject],
) -> Plan | None:
    """The photo enlarged to cover the canvas with the words that could not be matted
    off it left where they sat on it, and every other element moved the least distance
    into the window (see _tucked), clear of the rest.

    A re-layout would carry such words as a box of the photo to another part of it (the
    coffee cup's white rim behind white words, pasted over the blurred saucer); a crop
    of the source keeps them but cuts whatever lies outside the window. None when no
    window holds the anchored words without cutting the photo's people, a moved element
    finds no room, or a line of words falls under the legibility minimum (and
    plan_layouts passes over it where the photo would be shown blurred: the words' box
    would show sharp on it).
    """
    if an.background.kind != "photo":
        return None
    anchors = [u.element for u in units if _is_anchor(u.element)]
    if not anchors:
        return None
    k = an.background.plate_scale * backdrop.cover_scale(an, W, H)
    slack_x, slack_y = backdrop.window_slack(an, W, H)
    lim = min_line_px(W, H)
    if any((e.is_text or e.lines) and e.line_height * k < lim for e in (u.element for u in units)):
        return None
    # the anchored words keep their own distance to the edge when it was smaller
    enlarged = [e.box.scaled(k) for e in anchors]
    span_x = _window_span(enlarged, W, slack_x, margin, an.width * k, "x")
    span_y = _window_span(enlarged, H, slack_y, margin, an.height * k, "y")
    if span_x is None or span_y is None:
        return None
    movable = [u.element for u in units if not _is_anchor(u.element)]
    clusters = sorted(
        _clusters(movable, CLUSTER_REACH * min(an.width, an.height)),
        key=lambda g: -union_all([e.box for e in g]).area,
    )
    inner = Box(margin, margin, W - margin, H - margin)
    canvas = Box(0, 0, W, H)
    # the photo's people are kept whole and clear; an open space it was set beside (the
    # subject of a photo without people) may take the moved elements
    people = subjects if backdrop.clear_faces(an) else []

    def shown(xy: tuple[int, int]) -> tuple[float, int, float]:
        """How a window ranks: the photo's subjects whole, then the most elements left
        where they are, then the middle of the windows that hold the anchored words."""
        cut = sum(
            1.0 - canvas.intersection(sub.box) / max(1.0, sub.box.area)
            for sub in backdrop.on_canvas(an, people, W, H, xy)
        )
        kept = sum(inner.contains(e.box.scaled(k).moved(-xy[0], -xy[1]), 0.5) for e in movable)
        off = abs(xy[0] - (span_x[0] + span_x[1]) / 2) + abs(xy[1] - (span_y[0] + span_y[1]) / 2)
        return -round(cut, 3), kept, -off

    window = max(
        ((round(x), round(y)) for x in _steps(*span_x) for y in _steps(*span_y)), key=shown
    )
    if -shown(window)[0] > ANCHOR_SUBJECT_CUT:
        return None  # the words' place on the photo and its person are not both in view
    fixed = [b.moved(-window[0], -window[1]) for b in enlarged]
    # nothing is moved over the photo's people
    cores = [sub.core for sub in backdrop.on_canvas(an, people, W, H, window)]
    # the big pieces first or the small ones first, whichever moves things the least
    tucked = min(
        (
            _tucked(order, k, window, inner, fixed, cores, margin, lim)
            for order in (clusters, clusters[::-1])
        ),
        key=lambda t: math.inf if t is None else t[0],
    )
    if tucked is None:
        return None
    placements = [Placement(e.id, e.box, b) for e, b in zip(anchors, fixed, strict=True)]
    placements += tucked[1]
    scales = {p.element_id: p.dst.w / max(1e-6, p.src.w) for p in placements}
    # the moved words keep their panels (a quiet one on a busy photo); the anchored ones
    # bring the photo they sat on
    by_id = {e.id: e for e in movable}
    panels = tuple(
        PanelPlacement(p.dst.padded(pad).clipped(W, H), panel, (p.element_id,), pad)
        for p in tucked[1]
        if (panel := by_id[p.element_id].panel) is not None
        for pad in [PANEL_PAD * by_id[p.element_id].line_height * scales[p.element_id]]
    )
    plan = Plan(
        "relayout",
        "anchored",
        W,
        H,
        tuple(placements),
        panels,
        None,
        _score(an, placements, scales, s_ref, W, H) + ANCHORED_BONUS,
        k,
        "words could not be taken off the photo: they stay where they sat on it, and the "
        "other elements are moved into the window",
        scales,
        backdrop=window,
        anchored=tuple(e.id for e in anchors),
    )
    return plan


def _clusters(
    elements: list[Element], reach: float, extent: Callable[[Element], Box] = lambda e: e.box
) -> list[list[Element]]:
    """``elements`` in groups of those whose ``extent`` (their box; with the scrim they
    sat on, for a kept composition) lay within ``reach`` of each other's (source pixels),
    directly or through others: a headline, its sub-line and its button are moved as one
    piece, so that they still read in their order."""
    groups: list[list[Element]] = []
    for e in elements:
        b = extent(e)
        near = [g for g in groups if any(b.intersects(extent(x).padded(reach)) for x in g)]
        merged = [e] + [x for g in near for x in g]
        groups = [g for g in groups if g not in near] + [merged]
    return groups


def _tucked(
    clusters: list[list[Element]],
    k: float,
    window: tuple[int, int],
    inner: Box,
    fixed: list[Box],
    avoid: list[Box],
    gap: float,
    min_line: float,
) -> tuple[float, list[Placement]] | None:
    """Each cluster moved as one piece, in turn, the least distance from where the
    window shows it into ``inner`` (shrunk by TUCK_SHRINK where it finds no room), clear
    of ``fixed`` and of the clusters moved before it, off every box of ``avoid``; with
    the total distance moved. None when one finds no room."""
    taken = list(fixed)
    out: list[Placement] = []
    moved = 0.0
    for group in clusters:
        src = union_all([e.box for e in group])
        at = src.scaled(k).moved(-window[0], -window[1])
        smallest_line = min(
            (e.line_height for e in group if e.is_text or e.lines), default=math.inf
        )
        dst: Box | None = None
        for f in TUCK_SHRINK:
            if smallest_line * k * f < min_line:
                break
            want = Box(
                at.cx - at.w * f / 2,
                at.cy - at.h * f / 2,
                at.cx + at.w * f / 2,
                at.cy + at.h * f / 2,
            )
            dst = _nearest_room(want, inner, taken, avoid, gap)
            if dst is not None:
                break
        if dst is None:
            return None
        moved += math.hypot(dst.cx - at.cx, dst.cy - at.cy)
        taken.append(dst)
        # the group's pieces keep their places in it, at its scale
        sc = dst.w / src.w
        out += [
            Placement(e.id, e.box, e.box.moved(-src.x0, -src.y0).scaled(sc).moved(dst.x0, dst.y0))
            for e in group
        ]
    return moved, out


def _window_span(
    boxes: list[Box], size: int, slack: int, margin: float, extent: float, axis: str
) -> tuple[float, float] | None:
    """The window offsets along one axis (on the enlarged photo) that show every box of
    ``boxes`` (enlarged photo pixels) whole, ``margin`` from the canvas's edge, or as
    close to it as it sat to the photo's edge."""
    lo, hi = 0.0, float(slack)
    for b in boxes:
        b0, b1 = (b.x0, b.x1) if axis == "x" else (b.y0, b.y1)
        lo = max(lo, b1 + min(margin, extent - b1) - size)
        hi = min(hi, b0 - min(margin, b0))
    return (lo, hi) if lo <= hi + 1e-6 else None


def _steps(lo: float, hi: float) -> list[float]:
    """ANCHOR_STEPS positions from lo to hi (one if they meet)."""
    if hi - lo < 1.0:
        return [lo]
    return [lo + (hi - lo) * i / (ANCHOR_STEPS - 1) for i in range(ANCHOR_STEPS)]


def _nearest_room(
    want: Box, inner: Box, taken: list[Box], avoid: list[Box], gap: float
) -> Box | None:
    """``want`` moved the least distance to lie inside ``inner``, ``gap`` clear of every
    box of ``taken`` and off every box of ``avoid``; None where no position on the grid
    is free."""
    if want.w > inner.w + 1e-6 or want.h > inner.h + 1e-6:
        return None
    blocked = [t.padded(gap) for t in taken] + avoid

    def free(b: Box) -> bool:
        return not any(b.intersects(t) for t in blocked)

    clamped = want.moved(
        min(max(inner.x0, want.x0), inner.x1 - want.w) - want.x0,
        min(max(inner.y0, want.y0), inner.y1 - want.h) - want.y0,
    )
    if free(clamped):
        return clamped
    best: tuple[float, Box] | None = None
    for x in _steps(inner.x0, inner.x1 - want.w):
        for y in _steps(inner.y0, inner.y1 - want.h):
            cand = want.moved(x - want.x0, y - want.y0)
            d = math.hypot(x - want.x0, y - want.y0)
            if (best is None or d < best[0]) and free(cand):
                best = (d, cand)
    return best[1] if best else None
