"""Lay the elements out again for a target size.

Every element group is a *unit*: fixed units (logo, button, product, decoration) scale
uniformly and never change shape; text units reflow by moving whole words between
lines.  A layout is a small tree of rows and columns over units; for each candidate
arrangement the largest common scale that fits the canvas is found by bisection, text
kept at or above a legible height.  Candidates are scored and the best distinct ones
become the variants.

The package, from the bottom up: ``types`` (plans, units, nodes), ``limits`` (what a
canvas allows), ``text`` (reflowing a unit's words), ``solver`` (a tree at its largest
scale), ``arrangements`` (the trees tried), ``scrims`` and ``score``, ``relayout`` (a
solved tree as a plan), ``subjects`` (a photo's people), the other strategies
(``crop``, ``kept``, ``anchored``), and ``planner`` (plan_layouts, over all of them).
"""

from bannerfit.engine.plan.limits import canvas_margin, cta_cap_px, min_line_px
from bannerfit.engine.plan.planner import plan_layouts
from bannerfit.engine.plan.relayout import source_alignment
from bannerfit.engine.plan.types import PanelPlacement, Placement, Plan

__all__ = [
    "PanelPlacement",
    "Placement",
    "Plan",
    "canvas_margin",
    "cta_cap_px",
    "min_line_px",
    "plan_layouts",
    "source_alignment",
]
