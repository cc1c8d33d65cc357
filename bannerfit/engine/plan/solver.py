"""The tree solver: a tree of rows and columns over units laid out at a common scale
(_layout_node), and the largest common scale at which it fits the canvas (_solve).

It takes an arrangement as given; which arrangements to try, and what becomes of the
layout found, is decided elsewhere.
"""

from __future__ import annotations

from bannerfit.engine.plan.limits import _Limits, _unit_scale
from bannerfit.engine.plan.text import REFLOW_MAX_LINES, _one_line_width, size_fixed, size_text
from bannerfit.engine.plan.types import Node, Unit

#: the planner's search for each arrangement's largest scale: a geometric scan from the
#: top (k_hi * RATIO**i), then bisection inside the first feasible step
SOLVE_SCAN_STEPS = 28
SOLVE_SCAN_RATIO = 0.85
SOLVE_BISECT_STEPS = 12


def _layout_node(node, k: float, max_w: float, max_h: float, lim: _Limits, text_align: str):  # type: ignore[no-untyped-def]
    """Sizes and relative positions of a node's content at common scale k, or None."""
    if isinstance(node, Unit):
        s = _unit_scale(node, k, lim)
        # words on a panel (scrim) take the panel's padding with them: the panel is drawn
        # that far around them and must stay inside the canvas and clear of its neighbours
        inset = _panel_pad(node, s, lim.panel_pad)
        if node.is_text:
            least = lim.min_line / max(1.0, node.lh)
            most = REFLOW_MAX_LINES
            if node.element.kind == "headline" and lim.strip_head_lines is not None:
                most = max(lim.strip_head_lines, len(node.element.lines))
            sz = size_text(node, s, max_w - 2 * inset, most, text_align, min_scale=least)
        else:
            sz = size_fixed(node, s)
        if sz is None:
            return None
        w, h = sz.w + 2 * inset, sz.h + 2 * inset
        if w > max_w + 0.5 or h > max_h + 0.5:
            return None
        return w, h, [(sz, inset, inset)]
    kids = [c for c in node.children if not (isinstance(c, Node) and not c.children)]
    if not kids:
        return 0.0, 0.0, []
    if len(kids) != len(node.children):
        node = Node(node.axis, kids, node.align, node.wrap)
    gap = lim.node_gap * k
    if node.axis == "col":
        items = []
        for ch in node.children:
            r = _layout_node(ch, k, max_w, max_h, lim, text_align)
            if r is None:
                return None
            items.append(r)
        W = max(w for w, _, _ in items)
        H = sum(h for _, h, _ in items) + gap * (len(items) - 1)
        if max_h + 0.5 < H:
            return None
        align = node.align or text_align
        leads = _ink_leads(node.children, items, align)
        if leads is not None:
            W = max(max(leads) - lead + w for lead, (w, _, _) in zip(leads, items, strict=True))
            if max_w + 0.5 < W:
                leads, W = None, max(w for w, _, _ in items)
        out = []
        y = 0.0
        for i, (w, h, parts) in enumerate(items):
            if leads is not None:
                # the words' edges line up, not their panels' (a headline's reaches further)
                lead = max(leads) - leads[i]
                x = lead if align == "left" else W - w - lead
            else:
                x = {"left": 0.0, "right": W - w}.get(align, (W - w) / 2)
            out += [(sz, x + px, y + py) for sz, px, py in parts]
            y += h + gap
        return W, H, out
    # row: fixed children first take their size; text units and wrapping columns share
    # what remains, by their single-line widths, so the text half of a split wraps into
    # its share instead of running long
    fixed_w = 0.0
    sized: dict[int, tuple] = {}
    text_idx = []
    for i, ch in enumerate(node.children):
        if _holds_text(ch):
            text_idx.append(i)
            continue
        r = _layout_node(ch, k, max_w, max_h, lim, text_align)
        if r is None:
            return None
        sized[i] = r
        fixed_w += r[0]
    gaps = _row_gaps(node.children, gap, lim)
    rest = max_w - fixed_w - sum(gaps)
    if text_idx:
        if rest <= 0:
            return None
        natural = [
            _natural_width(node.children[i], k, max_w, max_h, lim, text_align) for i in text_idx
        ]
        tot = sum(natural)
        for i, nat in zip(text_idx, natural, strict=True):
            share = rest * nat / tot if tot > 0 else rest / len(text_idx)
            r = _layout_node(node.children[i], k, share, max_h, lim, text_align)
            if r is None:
                return None
            sized[i] = r
        _unwrap_into_room(node, text_idx, sized, rest, k, max_h, lim, text_align)
    items = [sized[i] for i in range(len(node.children))]
    W = sum(w for w, _, _ in items) + sum(gaps)
    H = max(h for _, h, _ in items)
    if max_w + 0.5 < W or max_h + 0.5 < H:
        return None
    out = []
    x = 0.0
    for (w, h, parts), after in zip(items, [*gaps, 0.0], strict=True):
        y = (H - h) / 2
        out += [(sz, x + px, y + py) for sz, px, py in parts]
        x += w + after
    return W, H, out


def _row_gaps(children: list[Node | Unit], gap: float, lim: _Limits) -> list[float]:
    """The gaps between a row's neighbours: ``gap``, and between two pieces of words at
    least ``lim.row_text_gap`` (ROW_TEXT_GAP_LINES legible lines).

    The gap shrinks with the common scale, and where the words are held at their
    legible minimum the scale falls to nothing: a 320x50's headline column then touched
    its sub-line's ("Swift kitchen|savings"), one line to a reader, and to OCR.
    """
    return [
        max(gap, lim.row_text_gap) if _has_words(a) and _has_words(b) else gap
        for a, b in zip(children, children[1:], strict=False)
    ]


def _has_words(n: Node | Unit) -> bool:
    """A text unit, or a node holding one."""
    if isinstance(n, Unit):
        return n.is_text
    return any(_has_words(c) for c in n.children)


def _unwrap_into_room(  # type: ignore[no-untyped-def]
    node: Node,
    text_idx: list[int],
    sized: dict[int, tuple],
    rest: float,
    k: float,
    max_h: float,
    lim: _Limits,
    text_align: str,
) -> None:
    """Give the width a row's text left unused to its pieces that wrapped, smallest
    first, so they take fewer lines where the row has room (in ``sized``).

    Shares go by one-line widths, and a headline broken into two lines uses about half
    of its share: beside it, public_013's "Find our seats" was wrapped into its own
    small share ("Find our / seats", and OCR lost "seats") with a third of the 728x90
    strip empty.
    """
    room = rest - sum(sized[i][0] for i in text_idx)
    for i in sorted(text_idx, key=lambda j: sized[j][0]):
        if room <= 0.5:
            return
        w0, h0, _ = sized[i]
        r = _layout_node(node.children[i], k, w0 + room, max_h, lim, text_align)
        if r is not None and r[1] < h0 - 0.5:
            room -= r[0] - w0
            sized[i] = r


def _holds_text(n: Node | Unit) -> bool:
    """A row child that shares the row's free width: a text unit or a wrapping column."""
    if isinstance(n, Unit):
        return n.is_text
    return n.wrap


def _ink_leads(children: list, items: list, align: str) -> list[float] | None:  # type: ignore[type-arg]
    """For a column aligned left or right: how far each child's words sit inside its box
    on that side (a panel's padding; 0 for anything else), or None when none has one."""
    if align not in ("left", "right"):
        return None
    leads = [
        parts[0][1] if isinstance(ch, Unit) and ch.is_text and len(parts) == 1 else 0.0
        for ch, (_, _, parts) in zip(children, items, strict=True)
    ]
    return leads if max(leads) > 0 else None


def _natural_width(n, k: float, max_w: float, max_h: float, lim: _Limits, text_align: str) -> float:  # type: ignore[no-untyped-def]
    """Width of a row child laid out on one line (a text unit) or with the whole row."""
    if isinstance(n, Unit):
        s = _unit_scale(n, k, lim)
        return float(_one_line_width(n, s) + 2 * _panel_pad(n, s, lim.panel_pad))
    r = _layout_node(n, k, max_w, max_h, lim, text_align)
    return float(r[0]) if r is not None else max_w


def _panel_pad(u: Unit, s: float, share: float) -> float:
    """How far a unit's panel reaches past its words (or a logo's box, whose height its
    line height is) at scale s, ``share`` of its line height (0 without one; see
    PANEL_PAD)."""
    if u.element.panel is None:
        return 0.0
    return share * u.lh * s


def _solve(node, lim: _Limits, text_align: str, k_hi: float):  # type: ignore[no-untyped-def]
    """Largest k for which the node fits the canvas, with its layout.

    Fitting is not monotonic in k: below some k the text is held at its legible minimum
    while the images keep shrinking, which changes how lines wrap, so a small k can fail
    where a larger one fits. A coarse geometric scan from the top finds the largest
    feasible step; bisection then refines between it and the infeasible step above.
    """

    def fit(k: float):  # type: ignore[no-untyped-def]
        return _layout_node(node, k, lim.content_w, lim.content_h, lim, text_align)

    above = None
    for i in range(SOLVE_SCAN_STEPS):
        k = k_hi * SOLVE_SCAN_RATIO**i
        r = fit(k)
        if r is not None:
            break
        above = k
    else:
        # text at its legible minimum may still fit with everything else tiny
        r = fit(1e-3)
        return None if r is None else (1e-3, r)
    if above is None:
        return k, r
    lo, hi, best = k, above, r
    for _ in range(SOLVE_BISECT_STEPS):
        mid = (lo + hi) / 2
        r = fit(mid)
        if r is None:
            hi = mid
        else:
            lo, best = mid, r
    return lo, best
