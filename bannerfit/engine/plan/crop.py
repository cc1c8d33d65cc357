"""The smart crop: a window of the source in the target's shape that keeps every
element whole (_smart_crop).

A strategy of its own: it moves nothing, so it needs none of the layout machinery.
"""

from __future__ import annotations

from bannerfit.engine.geometry import Box
from bannerfit.engine.model import Analysis
from bannerfit.engine.plan.score import _legible_at
from bannerfit.engine.plan.types import Placement, Plan, Unit

#: a crop showing this share of the source's area keeps its design, and scores
#: CROP_DESIGN_BONUS more
CROP_KEEPS_DESIGN = 0.85
CROP_DESIGN_BONUS = 0.1


def _smart_crop(an: Analysis, W: int, H: int, units: list[Unit], s_ref: float) -> Plan | None:
    """A crop of the target's shape that keeps every element whole, with margins."""
    if not an.elements:
        return None
    c = max(W / an.width, H / an.height)
    cw, ch = W / c, H / c
    kept = [u.element for u in units]
    boxes = [e.box for e in kept]
    if not boxes:
        return None
    margin = 0.03 * min(cw, ch)
    x0 = min(b.x0 for b in boxes) - margin
    x1 = max(b.x1 for b in boxes) + margin
    y0 = min(b.y0 for b in boxes) - margin
    y1 = max(b.y1 for b in boxes) + margin
    if x1 - x0 > cw + 0.5 or y1 - y0 > ch + 0.5:
        return None
    # centre the window on the content, inside the source
    wx = min(max(0.0, (x0 + x1) / 2 - cw / 2), an.width - cw)
    wy = min(max(0.0, (y0 + y1) / 2 - ch / 2), an.height - ch)
    if wx > x0 + 1e-6 or wx + cw < x1 - 1e-6 or wy > y0 + 1e-6 or wy + ch < y1 - 1e-6:
        return None
    if not _legible_at(kept, c, W, H):
        return None
    dropped = [e.box for e in an.elements if e not in kept and e.kind != "decoration"]
    win0 = Box(wx, wy, wx + cw, wy + ch)
    if any(win0.intersects(b) for b in dropped):
        return None  # a crop would show what the prompt asked to drop
    win = Box(wx, wy, wx + cw, wy + ch)
    pl = tuple(Placement(e.id, e.box, e.box.moved(-wx, -wy).scaled(c)) for e in kept)
    fill = max((x1 - x0) / cw, (y1 - y0) / ch)
    score = 0.6 * min(1.2, c / s_ref) + 0.25 * min(1.0, c / s_ref) + 0.15 * min(1.0, fill) + 0.03
    if cw * ch >= CROP_KEEPS_DESIGN * an.width * an.height:
        # nearly the whole source: its own composition, which a re-layout for a shape
        # this close (1200x628 to 1920x1080) only loses (a headline rewrapped into a
        # column over the photo's person, who was cut to make room)
        score += CROP_DESIGN_BONUS
    return Plan(
        "crop",
        "crop",
        W,
        H,
        pl,
        (),
        win,
        score,
        c,
        "a crop of the target shape keeps every element whole",
        {e.id: c for e in kept},
    )
