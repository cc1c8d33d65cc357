"""How a plan is scored (_score, _rag_cost), and whether a plan at one scale keeps its
words legible (_legible_at).

The re-layouts and the kept and anchored plans are scored alike, so the score sits
apart from all of them.
"""

from __future__ import annotations

from bannerfit.engine.model import Analysis, Element
from bannerfit.engine.plan.limits import min_line_px
from bannerfit.engine.plan.types import Placement, Sized

#: each line a headline or body block is broken into past two (or its own number of
#: lines, if more) costs this much of a plan's score
RAG_LINE_COST = 0.04


def _rag_cost(parts: list[tuple[Sized, float, float]]) -> float:
    """What breaking text into more lines than it needs costs a plan.

    Scale alone rewards a headline wrapped into a narrow column ("Reach / for / the /
    stars" in a 970x250, beside room to spare), which reads as a mistake; a skyscraper
    has no other choice, and every plan for it pays alike.
    """
    cost = 0.0
    for sz, _, _ in parts:
        e = sz.unit.element
        if e.kind not in ("headline", "body") or len(sz.words) < 3:
            continue
        cost += RAG_LINE_COST * max(0, sz.lines - max(2, len(e.lines)))
    return cost


def _score(
    an: Analysis,
    placements: list[Placement],
    unit_scales: dict[str, float],
    s_ref: float,
    W: int,
    H: int,
) -> float:
    rel = sorted(min(1.5, s / s_ref) for s in unit_scales.values())
    if not rel:
        return 0.0
    med = rel[len(rel) // 2]
    worst = rel[0]
    xs = [p.dst for p in placements]
    fill_w = (max(b.x1 for b in xs) - min(b.x0 for b in xs)) / W
    fill_h = (max(b.y1 for b in xs) - min(b.y0 for b in xs)) / H
    # in a strip the content fills the short side whatever it does along the long one
    # (a 728x90 row using half the width filled the height and scored as full)
    if W >= STRIP_ASPECT * H:
        fill = fill_w
    elif H >= STRIP_ASPECT * W:
        fill = fill_h
    else:
        fill = max(fill_w, fill_h)
    return 0.6 * min(1.2, med) + 0.25 * min(1.0, worst) + 0.15 * fill


#: _score: a canvas this many times as long as wide is a strip, whose content is
#: measured by how much of its length it fills
STRIP_ASPECT = 2.0


def _legible_at(elements: list[Element], k: float, W: int, H: int) -> bool:
    """Whether every line of words (a button's too) of ``elements`` shown at the one
    scale ``k`` stays at or above the W x H canvas's legible minimum (a crop's or a kept
    composition's scale is every element's)."""
    lim = min_line_px(W, H)
    return not any(
        (e.is_text or e.kind == "cta") and e.lines and e.line_height * k < lim for e in elements
    )
