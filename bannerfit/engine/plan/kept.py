"""The kept design: the source's own composition on a canvas of nearly its shape, its
groups of elements spread over the room gained (_kept_design), with the helpers that
group, align, map and cap its pieces.

A strategy of its own beside the crop and the re-layouts: it keeps the designer's
arrangement instead of building a tree.
"""

from __future__ import annotations

from collections.abc import Callable

from bannerfit.engine.geometry import Box, union_all
from bannerfit.engine.model import Analysis, Element
from bannerfit.engine.plan.anchored import _clusters, _is_anchor
from bannerfit.engine.plan.limits import PANEL_PAD, cta_cap_px, min_line_px
from bannerfit.engine.plan.score import _legible_at, _score
from bannerfit.engine.plan.types import PanelPlacement, Placement, Plan, Unit
from bannerfit.engine.prompt import PromptDirectives

#: a canvas whose aspect is within this factor of the source's keeps the source's own
#: composition (see _kept_design): 1200x628 and 1920x1080, 300x250 and 1080x1080,
#: 300x600 and 1080x1920
KEPT_DESIGN_ASPECT = 1.25
#: a kept composition scores this much over its own layout score
KEPT_DESIGN_BONUS = 0.2


def _kept_design(
    an: Analysis, W: int, H: int, units: list[Unit], s_ref: float, directives: PromptDirectives
) -> Plan | None:
    """The source's own composition on a canvas of nearly its shape: every element at
    one scale (the largest at which the whole banner fits), each group of elements
    that touch or share a scrim moved as one piece, their centres spread over the
    length the canvas gained, the background drawn anew at the exact size.

    A re-layout for a shape this close only loses the designer's arrangement (the kit's
    public_010 at 1920x1080: its three-line headline rewrapped into a column of five
    single words; public_001 at 1200x628: its logo moved from the corner to beside the
    headline), and a crop keeps it only where nothing sits near the edges it cuts.
    Spreading the centres (by the canvas's own factor on each axis) while the sizes
    take the smaller one keeps every piece inside the canvas and every gap at least as
    wide as the source's at that scale, so nothing that stood apart comes to overlap.
    Groups aligned across the lengthened side move as one column (see _aligned), unless
    the column would then overlap another piece.
    None when the shapes differ more (KEPT_DESIGN_ASPECT), a line would fall under the
    legible minimum, an element was dropped or is to be emphasised (the prompt asks for
    another composition), words stay anchored on a photo (see _anchored), or the banner
    has a border drawn again at the edge.
    """
    a_src, a_dst = an.width / an.height, W / H
    if max(a_src / a_dst, a_dst / a_src) > KEPT_DESIGN_ASPECT:
        return None
    if directives.emphasize or an.frame is not None or not units:
        return None
    kept = [u.element for u in units]
    if len(kept) < sum(e.kind != "decoration" for e in an.elements):
        return None
    if an.background.kind == "photo" and any(_is_anchor(e) for e in kept):
        return None
    c = min(W / an.width, H / an.height)
    if not _legible_at(kept, c, W, H):
        return None
    groups = _clusters(kept, 0.0, _with_scrim)
    pieces = _kept_pieces(an, _aligned(groups, an, W, H), c, W, H)
    if pieces is None:  # a column moved whole came to overlap another piece
        pieces = _kept_pieces(an, groups, c, W, H)
    if pieces is None:
        return None
    placements: list[Placement] = []
    panels: list[PanelPlacement] = []
    for group, mapped in pieces:
        placements += [
            Placement(e.id, e.box, _capped(an, e, group, mapped(e.box), c, W, H)) for e in group
        ]
        panels += _kept_panels(group, mapped, c, W, H)
    scales = {p.element_id: p.dst.w / p.src.w for p in placements}
    return Plan(
        "relayout",
        "kept",
        W,
        H,
        tuple(placements),
        tuple(panels),
        None,
        _score(an, placements, scales, s_ref, W, H) + KEPT_DESIGN_BONUS,
        c,
        "the target's shape is close to the source's: its composition is kept, spread over "
        "the room gained",
        scales,
    )


#: sides (or centres) of two groups of a kept composition this share of the source's
#: side apart were aligned by the designer: a column of them moves as one piece
ALIGN_TOL = 0.01

BoxMap = Callable[[Box], Box]


def _aligned(groups: list[list[Element]], an: Analysis, W: int, H: int) -> list[list[Element]]:
    """``groups`` merged into columns (rows on a taller canvas) of those whose extents
    share a side or a centre across the side the canvas lengthened: each group's centre
    moved on its own would take a button out of line with the headline above it (the
    kit's public_001 at 1200x628), as every group keeps its own centre's place."""
    horizontal = W / an.width > H / an.height
    side = an.width if horizontal else an.height
    tol = ALIGN_TOL * side

    def ends(g: list[Element]) -> tuple[float, float, float]:
        b = union_all([_with_scrim(e) for e in g])
        lo, hi = (b.x0, b.x1) if horizontal else (b.y0, b.y1)
        return lo, (lo + hi) / 2, hi

    columns: list[list[Element]] = []
    for g in groups:
        mine = ends(g)
        near = [
            k for k in columns if any(abs(a - b) <= tol for a, b in zip(mine, ends(k), strict=True))
        ]
        columns = [k for k in columns if k not in near] + [g + [x for k in near for x in k]]
    return columns


def _kept_pieces(
    an: Analysis, pieces: list[list[Element]], c: float, W: int, H: int
) -> list[tuple[list[Element], BoxMap]] | None:
    """Each piece of a kept composition with where it maps its source boxes on the
    canvas (see _piece_map); None where one cannot stay at the edges it reached, or two
    pieces' elements (with their scrims) that stood apart come to overlap."""
    maps = [_piece_map(an, piece, c, W, H) for piece in pieces]
    if any(m is None for m in maps):
        return None
    mapped = [(piece, m) for piece, m in zip(pieces, maps, strict=True) if m is not None]
    drawn = [
        (_with_scrim(e), m(_with_scrim(e)), i) for i, (piece, m) in enumerate(mapped) for e in piece
    ]
    for n, (src, dst, i) in enumerate(drawn):
        for src2, dst2, i2 in drawn[n + 1 :]:
            if i != i2 and dst.intersects(dst2, tol=1e-6) and not src.intersects(src2):
                return None
    return mapped


def _piece_map(an: Analysis, piece: list[Element], c: float, W: int, H: int) -> BoxMap | None:
    """Where one piece of a kept composition (see _kept_design) maps source boxes on the
    W x H canvas at scale ``c``: its extent spread as _spread says; None where it cannot
    stay at the edges it reached."""
    extent = union_all([_with_scrim(e) for e in piece])
    # (a scrim drawn again is a card: it may float; a picture at the edge may not)
    core = union_all([e.box for e in piece])
    fx, fy = W / an.width, H / an.height
    ox = _spread(extent.x0, extent.x1, an.width, fx, c, _touched(core.x0, core.x1, an.width))
    oy = _spread(extent.y0, extent.y1, an.height, fy, c, _touched(core.y0, core.y1, an.height))
    if ox is None or oy is None:
        return None
    x_at, y_at = ox, oy

    def mapped(b: Box) -> Box:
        x0, y0 = x_at + (b.x0 - extent.x0) * c, y_at + (b.y0 - extent.y0) * c
        return Box(x0, y0, x0 + b.w * c, y0 + b.h * c)

    return mapped


def _kept_panels(
    piece: list[Element], mapped: BoxMap, c: float, W: int, H: int
) -> list[PanelPlacement]:
    """The panels of a kept piece's words: a scrim once for all the words on it (they
    are in one piece, see _clusters)."""
    panels: list[PanelPlacement] = []
    for e in piece:
        if e.panel is None:
            continue
        scrim = e.panel.scrim
        if scrim is None:  # a quiet panel of its own, as in a re-layout
            pad = PANEL_PAD * e.line_height * c
            box = mapped(e.box).padded(pad).clipped(W, H)
            panels.append(PanelPlacement(box, e.panel, (e.id,), pad))
        elif all(pp.panel.scrim != scrim for pp in panels):
            on = [x for x in piece if x.panel is not None and x.panel.scrim == scrim]
            # its corners keep clear of the words by the source's distance to its edge
            reach = min(_inset(x.box, scrim) for x in on)
            ids = tuple(x.id for x in on)
            panels.append(PanelPlacement(mapped(scrim).clipped(W, H), e.panel, ids, reach * c))
    return panels


def _capped(
    an: Analysis, e: Element, piece: list[Element], dst: Box, c: float, W: int, H: int
) -> Box:
    """``dst``, a button's shrunk to the canvas's button cap (its words still at the
    legible minimum or more), as in a re-layout: a small banner's pill kept at the
    common scale on a large canvas is blown up to headline size. It keeps the side it
    shared with another element of its piece (a pill under a left-aligned headline stays
    in line with it), else its centre."""
    if e.kind != "cta":
        return dst
    s = cta_cap_px(W, H) / e.box.h
    if e.lines:
        s = max(s, min_line_px(W, H) / e.line_height)
    if s >= c:
        return dst
    others = [_with_scrim(x) for x in piece if x is not e]
    k = s / c
    spans = [(b.x0, b.x1) for b in others]
    x0 = _shrunk_side((e.box.x0, e.box.x1), spans, (dst.x0, dst.x1), k, ALIGN_TOL * an.width)
    spans = [(b.y0, b.y1) for b in others]
    y0 = _shrunk_side((e.box.y0, e.box.y1), spans, (dst.y0, dst.y1), k, ALIGN_TOL * an.height)
    return Box(x0, y0, x0 + dst.w * s / c, y0 + dst.h * s / c)


def _shrunk_side(
    src: tuple[float, float],
    others: list[tuple[float, float]],
    dst: tuple[float, float],
    k: float,
    tol: float,
) -> float:
    """Where a span ``dst`` shrunk by ``k`` starts: at its start where its source span
    ``src`` shared its low side with one of ``others`` (within ``tol``), at its end less
    its length where it shared the high side, else about its centre."""
    (lo, hi), (d0, d1) = src, dst
    if any(abs(lo - a) <= tol for a, _ in others):
        return d0
    if any(abs(hi - b) <= tol for _, b in others):
        return d1 - (d1 - d0) * k
    return (d0 + d1) / 2 - (d1 - d0) * k / 2


def _inset(inner: Box, outer: Box) -> float:
    """How far ``inner`` lies inside ``outer`` at its nearest side (0 where it reaches
    past it)."""
    sides = (inner.x0 - outer.x0, inner.y0 - outer.y0, outer.x1 - inner.x1, outer.y1 - inner.y1)
    return max(0.0, min(sides))


#: a group this share of the source's side from its edge (or past it) reached the edge:
#: it stays at the canvas's edge (see _spread)
EDGE_TOUCH = 0.005


def _touched(lo: float, hi: float, side: float) -> tuple[bool, bool]:
    """Whether a group's elements spanning lo..hi reached the low and the high edge of a
    source side (see EDGE_TOUCH)."""
    tol = EDGE_TOUCH * side
    return lo <= tol, hi >= side - tol


def _spread(
    lo: float, hi: float, side: float, f: float, c: float, touched: tuple[bool, bool]
) -> float | None:
    """Where a group that spans lo..hi of a source side starts on the canvas's side: its
    centre moved by that side's factor ``f``, its length scaled by ``c`` (<= f). A group
    that reached an edge of the source (a picture bleeding off it, see _touched) stays
    at that edge; None for one that reached both on the side the canvas lengthened (a
    full-height photo panel on a taller canvas would float between two gaps)."""
    at_lo, at_hi = touched
    if at_lo and at_hi:
        return lo * c if f - c <= 1e-9 * f else None
    if at_lo:
        return lo * c
    if at_hi:
        return side * f - (side - lo) * c
    return (lo + hi) / 2 * f - (hi - lo) * c / 2


def _with_scrim(e: Element) -> Box:
    """An element's box with the scrim it sat on (a panel drawn again with it)."""
    scrim = e.panel.scrim if e.panel is not None else None
    return e.box if scrim is None else e.box.union(scrim)
