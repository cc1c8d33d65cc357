"""Re-layouts: one plan per arrangement that fits the canvas (_relayouts), the solved
tree turned into placements and panels (_to_plan), pictures that bled off the source's
edges set at the canvas's edges, photo panels filling their room and the rest centred
beside them; and the source's alignment of its message column (source_alignment).
"""

from __future__ import annotations

import dataclasses

from bannerfit.engine import photos
from bannerfit.engine.geometry import Box, union_all
from bannerfit.engine.model import Analysis, Element
from bannerfit.engine.plan.arrangements import _arrangements, _one_row
from bannerfit.engine.plan.kept import _touched
from bannerfit.engine.plan.limits import ROW_TEXT_GAP_LINES, _Limits, _limits
from bannerfit.engine.plan.score import _rag_cost, _score
from bannerfit.engine.plan.scrims import _buttons_on_scrims, _join_scrims
from bannerfit.engine.plan.solver import _panel_pad, _solve
from bannerfit.engine.plan.types import Node, PanelPlacement, Placement, Plan, Unit
from bannerfit.engine.prompt import PromptDirectives

#: source_alignment: the message column's left (or right) edges lie within this share of
#: the source's width (plus 2 px) of each other. public_004's column (brand, three
#: headline lines, sub-line, button on one left edge) measured 24 px apart on 1080: the
#: detector's box of "SURF CINEMA" reached 22 px left of its ink
COLUMN_ALIGN_TOL = 0.03


def _column_box(e: Element) -> Box:
    """Where a column element's edge is: its words' lines (an element's box is padded for
    its soft edges and shadow), a button's pill."""
    return union_all([line.box for line in e.lines]) if e.lines and e.kind != "cta" else e.box


def source_alignment(an: Analysis) -> str:
    """How the source aligns its message column: a shared left or right edge, else centre."""
    col = [
        _column_box(e) for e in an.elements if e.kind in ("headline", "body", "cta", "small_print")
    ]
    if len(col) < 2:
        return "center"
    tol = COLUMN_ALIGN_TOL * an.width + 2
    if max(b.x0 for b in col) - min(b.x0 for b in col) <= tol:
        return "left"
    if max(b.x1 for b in col) - min(b.x1 for b in col) <= tol:
        return "right"
    return "center"


#: a stack's pictures are grown (see _pictures_grown) when its content fills less than
#: STACK_FILLED of the canvas's content height, by the first of PICTURE_GROWTH that keeps
#: the words' scale
STACK_FILLED = 0.8
PICTURE_GROWTH = (2.0, 1.6, 1.3, 1.15)


def _relayouts(
    an: Analysis,
    units: list[Unit],
    W: int,
    H: int,
    directives: PromptDirectives,
    margin: float,
    s_ref: float,
    arrangements: list[tuple[str, Node]] | None = None,
    text_gap_lines: float = ROW_TEXT_GAP_LINES,
    min_line: float | None = None,
) -> list[Plan]:
    """One plan per arrangement (default: those of _arrangements) that fits the canvas
    with lines no smaller than ``min_line`` (default: the legibility minimum), blocks of
    words side by side ``text_gap_lines`` of those lines apart or more."""
    plans: list[Plan] = []
    if not units:
        return plans
    align = directives.align or source_alignment(an)
    head_lh = max((u.lh for u in units if u.element.kind == "headline"), default=30.0)
    tries = [arrangements]
    if arrangements is None:
        tries = [_arrangements(units, W / H, an.width / an.height)]
        if _one_row([u for u in units if u.element.kind == "cta"]):
            # buttons that stood side by side are set one over the other only where
            # no layout holds the pair side by side (a 160x600)
            tries.append(_arrangements(units, W / H, an.width / an.height, buttons_in_row=False))
    lim = _limits(W, H, margin, head_lh, s_ref, text_gap_lines, min_line)
    k_hi = max(1.0, 1.15 * s_ref)
    for tried in tries:
        for name, node in tried or []:
            res = _solve(node, lim, align, k_hi)
            if res is None:
                continue
            if name.startswith("stack"):
                res = _pictures_grown(node, lim, align, res, k_hi)
            # the content stays one block, centred: spreading it over the canvas pulls
            # the button away from its message (and reads worse, to people and to OCR)
            k, (cw, chh, parts) = res
            plans.append(_to_plan(an, name, W, H, margin, k, cw, chh, parts, s_ref, lim.panel_pad))
        if plans:
            break
    return plans


def _pictures_grown(node: Node, lim: _Limits, align: str, res, k_hi: float):  # type: ignore[no-untyped-def]
    """A stack's solution with its pictures grown into the height its words leave.

    A stack's common scale stops where its widest line fills the canvas's width: on a
    tall canvas (a square's or a landscape's story) the pictures stood at the words'
    scale in the middle of a mostly empty slot (the autumn ad's coffee a third of a
    1080x1920's height, the rest cream). The pictures are grown by the largest of
    PICTURE_GROWTH at which the words keep their scale; a stack that fills the height
    already, or has no picture, stays as it is.
    """
    k, (_, chh, _) = res
    if chh >= STACK_FILLED * lim.content_h:
        return res
    pictures = {u.element.id for u in _leaves(node) if u.element.kind in ("product", "person")}
    if not pictures:
        return res
    for growth in PICTURE_GROWTH:
        grown = _reweighted(node, pictures, growth)
        again = _solve(grown, lim, align, k_hi)
        if again is not None and again[0] >= k * (1 - 1e-3):
            return again
    return res


def _leaves(node: Node) -> list[Unit]:
    """The units of a layout tree, in order."""
    return [u for c in node.children for u in (_leaves(c) if isinstance(c, Node) else [c])]


def _reweighted(node: Node, ids: set[str], growth: float) -> Node:
    """``node`` with the units of ``ids`` drawn ``growth`` times their common scale."""
    children: list[Unit | Node] = []
    for c in node.children:
        if isinstance(c, Node):
            children.append(_reweighted(c, ids, growth))
        elif c.element.id in ids:
            children.append(Unit(c.element, c.weight * growth))
        else:
            children.append(c)
    return dataclasses.replace(node, children=children)


def _to_plan(
    an: Analysis,
    name: str,
    W: int,
    H: int,
    margin: float,
    k: float,
    cw: float,
    chh: float,
    parts,
    s_ref: float,
    panel_pad: float,
) -> Plan:  # type: ignore[no-untyped-def]
    # centre the content block; spread it when the canvas has room to spare
    ox = margin + (W - 2 * margin - cw) / 2
    oy = margin + (H - 2 * margin - chh) / 2
    placements: list[Placement] = []
    panels: list[PanelPlacement] = []
    unit_scales: dict[str, float] = {}
    for sz, px, py in parts:
        e = sz.unit.element
        unit_scales[e.id] = sz.scale
        if e.is_text:
            boxes = []
            for src, wx, wy in sz.words:
                dst = Box(
                    ox + px + wx,
                    oy + py + wy,
                    ox + px + wx + src.w * sz.scale,
                    oy + py + wy + src.h * sz.scale,
                )
                placements.append(Placement(e.id, src, dst))
                boxes.append(dst)
            if e.panel is not None and boxes:
                pad = _panel_pad(sz.unit, sz.scale, panel_pad)
                x0 = min(b.x0 for b in boxes) - pad
                y0 = min(b.y0 for b in boxes) - pad
                x1 = max(b.x1 for b in boxes) + pad
                y1 = max(b.y1 for b in boxes) + pad
                panels.append(
                    PanelPlacement(Box(x0, y0, x1, y1).clipped(W, H), e.panel, (e.id,), pad)
                )
        else:
            dst = Box(ox + px, oy + py, ox + px + sz.w, oy + py + sz.h)
            placements.append(Placement(e.id, e.box, dst))
            if e.panel is not None:
                pad = _panel_pad(sz.unit, sz.scale, panel_pad)
                panels.append(PanelPlacement(dst.padded(pad).clipped(W, H), e.panel, (e.id,), pad))
    if an.frame is None:
        placements = _bled_to_edges(an, placements, W, H)
    score = _score(an, placements, unit_scales, s_ref, W, H) - _rag_cost(parts)
    if an.frame is None:
        # (after the score: the arrangement is chosen for the words, the photograph
        # then takes the room it leaves)
        placements = _filled_photos(an, placements, panels, unit_scales, W, H, margin)
        placements, panels = _centred_beside_photo(an, placements, panels, W, H, margin)
    panels = _join_scrims(panels, placements, W, H)
    panels = _buttons_on_scrims(an, panels, placements, W, H)
    return Plan(
        "relayout",
        name,
        W,
        H,
        tuple(placements),
        tuple(panels),
        None,
        score,
        k,
        "the target's shape needs a new arrangement",
        unit_scales,
    )


def _bled_to_edges(an: Analysis, placements: list[Placement], W: int, H: int) -> list[Placement]:
    """``placements`` with each picture that ran off an edge of the source (a rocket on
    its pad, a person cut at the chest, see _touched) moved flush to that edge of the
    canvas, where nothing lies between it and the edge: set in the block of words it
    floated in mid-canvas, its cut edge showing (the hand-made launch ad's towers).
    A picture that ran off two opposite edges stays where it is."""
    pictures = {e.id: e for e in an.elements if e.kind in ("product", "person") and e.panel is None}
    out = list(placements)
    for i, p in enumerate(out):
        e = pictures.get(p.element_id)
        if e is None:
            continue
        others = [q.dst for j, q in enumerate(out) if j != i]
        d = p.dst
        at_left, at_right = _touched(e.box.x0, e.box.x1, an.width)
        at_top, at_bottom = _touched(e.box.y0, e.box.y1, an.height)
        if at_bottom != at_top:
            clear = [o for o in others if o.x0 < d.x1 and o.x1 > d.x0]
            if at_bottom and not any(o.y1 > d.y1 for o in clear):
                d = d.moved(0, H - d.y1)
            elif at_top and not any(o.y0 < d.y0 for o in clear):
                d = d.moved(0, -d.y0)
        if at_right != at_left:
            clear = [o for o in others if o.y0 < d.y1 and o.y1 > d.y0]
            if at_right and not any(o.x1 > d.x1 for o in clear):
                d = d.moved(W - d.x1, 0)
            elif at_left and not any(o.x0 < d.x0 for o in clear):
                d = d.moved(-d.x0, 0)
        out[i] = Placement(p.element_id, p.src, d)
    return out


def _filled_photos(
    an: Analysis,
    placements: list[Placement],
    panels: list[PanelPlacement],
    unit_scales: dict[str, float],
    W: int,
    H: int,
    gap: float,
) -> list[Placement]:
    """``placements`` with each photo panel (a photograph cut by the source's edges, see
    engine.photos) filling the room its side of the layout leaves; ``unit_scales``
    updated to the scale it is shown at."""
    elements = {e.id: e for e in an.elements}
    out = list(placements)
    for i, p in enumerate(out):
        e = elements[p.element_id]
        if not photos.is_photo_panel(e, an.width, an.height):
            continue
        others = [q.dst for j, q in enumerate(out) if j != i] + [q.box for q in panels]
        fill = photos.filled(
            e, p.dst, others, W, H, gap, an.faces, photos.edges_run_off(e.box, an.width, an.height)
        )
        if fill is not None:
            out[i] = Placement(p.element_id, fill.src, fill.dst)
            unit_scales[e.id] = fill.scale
    return out


def _centred_beside_photo(
    an: Analysis,
    placements: list[Placement],
    panels: list[PanelPlacement],
    W: int,
    H: int,
    margin: float,
) -> tuple[list[Placement], list[PanelPlacement]]:
    """``placements`` and ``panels`` with the rest of the layout centred in the room a
    photo panel leaves when it has filled one end of the canvas, edge to edge across it.

    The arrangement centred the words with the photo at its first, smaller size; grown
    to the canvas's top, the photo left them low, over an empty foot (the hand-made
    coffee band at 160x600: a third of the skyscraper blank under the button).
    """
    elements = {e.id: e for e in an.elements}
    shots = [
        i
        for i, p in enumerate(placements)
        if photos.is_photo_panel(elements[p.element_id], an.width, an.height)
    ]
    if len(shots) != 1:  # two photos frame the words between them as they stand
        return placements, panels
    (i,) = shots
    d = placements[i].dst
    rest = [q.dst for j, q in enumerate(placements) if j != i] + [q.box for q in panels]
    if not rest:
        return placements, panels
    block = union_all(rest)
    across_x = d.x0 <= 0.5 and d.x1 >= W - 0.5
    across_y = d.y0 <= 0.5 and d.y1 >= H - 0.5
    dx = dy = 0.0
    if across_x and not across_y:
        if d.y0 <= 0.5 and block.y0 >= d.y1:  # the photo across the top
            dy = _centred_shift(block.y0, block.y1, d.y1, H, margin)
        elif d.y1 >= H - 0.5 and block.y1 <= d.y0:  # ... across the foot
            dy = _centred_shift(block.y0, block.y1, 0.0, d.y0, margin)
    elif across_y and not across_x:
        if d.x0 <= 0.5 and block.x0 >= d.x1:  # down the left
            dx = _centred_shift(block.x0, block.x1, d.x1, W, margin)
        elif d.x1 >= W - 0.5 and block.x1 <= d.x0:  # ... down the right
            dx = _centred_shift(block.x0, block.x1, 0.0, d.x0, margin)
    if not (dx or dy):
        return placements, panels
    moved = [
        q if j == i else Placement(q.element_id, q.src, q.dst.moved(dx, dy))
        for j, q in enumerate(placements)
    ]
    return moved, [dataclasses.replace(q, box=q.box.moved(dx, dy)) for q in panels]


def _centred_shift(a0: float, a1: float, lo: float, hi: float, margin: float) -> float:
    """How far to move the span [a0, a1) to centre it in [lo, hi), kept ``margin`` clear
    of both ends (no move where it does not fit so)."""
    if (a1 - a0) + 2 * margin > hi - lo:
        return 0.0
    return (lo + hi) / 2 - (a0 + a1) / 2
