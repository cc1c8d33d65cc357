"""Lay the elements out again for a target size.

Every element group is a *unit*: fixed units (logo, button, product, decoration) scale
uniformly and never change shape; text units reflow by moving whole words between
lines.  A layout is a small tree of rows and columns over units; for each candidate
arrangement the largest common scale that fits the canvas is found by bisection, text
kept at or above a legible height.  Candidates are scored and the best distinct ones
become the variants.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from dataclasses import dataclass, field

from bannerfit.engine import backdrop, frame, photos
from bannerfit.engine.geometry import Box, union_all
from bannerfit.engine.model import Analysis, Element, Panel
from bannerfit.engine.prompt import PromptDirectives

#: Smallest height of a text line's ink box (tallest letter to lowest descender, about
#: the font's pixel size) drawn in an output, in output pixels.  Below ~10 px a line
#: stops being reliably readable (by people on phones and by OCR); 10 rather than 12
#: lets a 320x50 slot keep its sub-line beside the headline, as hand-made 320x50
#: creatives do (measured: the kit's 320x50 pass rate 29% -> 42%).
MIN_LINE_PX = 10.0
#: ... in slots whose short side is at least THIN_SLOT_PX the minimum is
#: MIN_LINE_PX_ROOMY: a 728x90 or 300x250 slot has the room for 12 px sub-lines
THIN_SLOT_PX = 60
MIN_LINE_PX_ROOMY = 12.0

#: Logos and products keep a short side of at least this share of the canvas's short
#: side, up to MIN_ELEMENT_PX (in a 320x50 slot: 20 px; from a 60 px short side on:
#: 24 px), so they stay recognisable next to legible text: a 10 px logo is a smudge.
MIN_ELEMENT_FRACTION = 0.4
MIN_ELEMENT_PX = 24.0
#: a text line is at most this share of the canvas's short side tall: past it a
#: headline stops being a line and becomes a wall (a 970x250 "Tiny burger" at 117 px);
#: OCR, like a glance, loses words that big (measured on the kit: every headline whose
#: line was over ~330 px in the scorer's upscaled view was missed, none under 300 px)
MAX_LINE_FRACTION = 0.27
#: in thin slots (short side under MAX_LINE_THIN_SLOT_PX) a headline line may take this
#: share: in a 320x50 strip 27% is 13.5 px, which flattened the headline to its
#: sub-line's size
MAX_LINE_FRACTION_THIN = 0.45
MAX_LINE_THIN_SLOT_PX = 200
#: a button is at most this share of the canvas's short side tall (and at most
#: CTA_MAX_PX, and never less than CTA_MIN_CAP_PX): a pill blown up to headline size
#: stops reading as a button, and OCR, like a glance, drops big reverse-video text;
#: the legibility minimum of its words still wins
CTA_MAX_FRACTION = 0.115
CTA_MAX_PX = 115.0
CTA_MIN_CAP_PX = 29.0
#: ... and in slots where the cap is at that floor (short side under 252 px) its words
#: are at least this share of the headline's line height as drawn (never past the
#: common scale): a 728x90's button under a 970x250's 53 px headline line was capped to
#: 13 px words, a fifth of it, where the source had them at three quarters. On larger
#: canvases the share grew pills that tesseract then read less (public_001's "See
#: offers" at 1080x1080 and 1080x1920: kit 169 -> 166 with the share everywhere)
CTA_HEAD_SHARE = 0.3
#: below this analysis confidence a crop that keeps every element is preferred to any
#: re-layout (see analyze.orchestrate._confidence)
UNSURE_CONFIDENCE = 0.5
#: a panel (scrim) is drawn this many line heights around its words
PANEL_PAD = 0.3
#: panels of one scrim this close (times the taller panel's height) are drawn as one
SCRIM_JOIN_GAP = 0.5
#: a canvas wider than this (W / H) gets the row arrangements; narrower ones stack
ROW_ASPECT = 1.8
#: on a canvas at least STRIP_HEAD_ASPECT as wide as tall, and not a thin slot (970x250)
#: a headline is broken into at most STRIP_HEAD_LINES lines, or as many as in the
#: source: beside the logo in a 970x250's row, the largest scale had broken two-line
#: headlines into a narrow column of a word or two a line ("Brave / voyage / workshop").
#: (In a 320x50 three short lines of 10 px are what leaves the sub-line room beside it:
#: public_006 lost its sub-line to the rule.)
STRIP_HEAD_ASPECT = 3.0
STRIP_HEAD_LINES = 2
#: in a row, two pieces of words are at least this many legible lines apart (see
#: _row_gaps) ...
ROW_TEXT_GAP_LINES = 0.6
#: ... unless only rows this tight keep the sub-line: a 320x50 (public_006) that held
#: its sub-line with its blocks a pixel apart gave it up for the air
ROW_TEXT_GAP_LINES_TIGHT = 0.0
#: a text block is reflowed into at most this many lines
REFLOW_MAX_LINES = 6
#: a line of at most this many words, not the headline, is a label: never broken
#: (see _is_label)
LABEL_MAX_WORDS = 2
#: a canvas at least this wide (W / H: 728x90, 320x50) also gets the strip arrangement
#: of a headline over its sub-line and button; on a 1200x628 it won by breaking a
#: one-line headline in two beside the logo, where the stack reads better, and on a
#: 970x250 by shrinking the button to its cap beside the sub-line (own set: 2 lost, 1 won)
STRIP_ROWS_ASPECT = 5.0
#: in a row, text beside the headline is drawn at least 1/ROW_HEAD_RATIO of its line
#: height (see _beside_headline)
ROW_HEAD_RATIO = 1.3
#: ... and a button beside the headline grows for it past its cap (CTA_MAX_FRACTION) up
#: to this share of the canvas's short side: a 970x250's 29 px pill beside a 60 px
#: headline line is lost in the row
CTA_BESIDE_MAX_FRACTION = 0.33
#: ... or of a thin slot's (short side under MAX_LINE_THIN_SLOT_PX): a third of a 728x90
#: strip is a 30 px pill whose 14 px words sit small beside a 60 px headline (at 0.45,
#: 40 px: kit 728x90 54 -> 67 %, 320x50 54 -> 62 %; own 728x90 67 -> 59 %, 320x50
#: 47 -> 50 %); half of the height crowds the strip
CTA_BESIDE_MAX_FRACTION_THIN = 0.45
#: a portrait at most BYLINE_PICTURE_LINES times as tall as the blocks of body text it
#: stands just before (at most BYLINE_GAP of its width away) is their byline
BYLINE_PICTURE_LINES = 4.0
BYLINE_GAP = 0.6
#: ... on canvases of an aspect (W / H) between these
BYLINE_ASPECTS = (0.55, ROW_ASPECT)
#: a source at least this wide reads in columns, not top to bottom (see _arrangements)
WIDE_SOURCE_ASPECT = 1.6
#: the planner's search for each arrangement's largest scale: a geometric scan from the
#: top (k_hi * RATIO**i), then bisection inside the first feasible step
SOLVE_SCAN_STEPS = 28
SOLVE_SCAN_RATIO = 0.85
SOLVE_BISECT_STEPS = 12


def cta_cap_px(W: int, H: int) -> float:
    """The tallest a button may be drawn on a W x H canvas (see CTA_MAX_FRACTION)."""
    return min(CTA_MAX_PX, max(CTA_MIN_CAP_PX, CTA_MAX_FRACTION * min(W, H)))


def min_line_px(W: int, H: int) -> float:
    """The legibility minimum for a W x H canvas (see MIN_LINE_PX)."""
    return MIN_LINE_PX if min(W, H) < THIN_SLOT_PX else MIN_LINE_PX_ROOMY


@dataclass(frozen=True)
class Placement:
    """Where one element (or one word of a text element) lands in the output."""

    element_id: str
    src: Box
    dst: Box


@dataclass(frozen=True)
class PanelPlacement:
    box: Box
    panel: Panel
    #: the text elements drawn on it
    element_ids: tuple[str, ...] = ()
    #: how far it reaches past its words
    pad: float = 0.0


@dataclass(frozen=True)
class Plan:
    strategy: str
    arrangement: str
    width: int
    height: int
    placements: tuple[Placement, ...]
    panels: tuple[PanelPlacement, ...] = ()
    crop: Box | None = None  # source window for the crop strategy
    score: float = 0.0
    scale: float = 0.0
    reason: str = ""
    unit_scales: dict[str, float] = field(default_factory=dict)
    #: top-left corner of the window shown of an enlarged photo background (see
    #: backdrop); None: the window centred on its first face
    backdrop: tuple[int, int] | None = None
    #: how much of the photo's subjects the plan hides (see _subject_hidden; 0: all in
    #: full view), for the renderer to blur a photo whose person would show half hidden
    subject_hidden: float = 0.0
    #: elements left on the photo where they sat on it (see _anchored): the renderer
    #: shows the source's own pixels around them, not the clean plate's guess
    anchored: tuple[str, ...] = ()


# ----------------------------------------------------------------------------------
# Units
# ----------------------------------------------------------------------------------
@dataclass
class Unit:
    element: Element
    weight: float = 1.0  # relative scale multiplier (prompt emphasis)
    metrics: tuple[list[Box], float, float] | None = None
    #: per word: its height above its line's baseline; and the block's largest rise and
    #: fall around a baseline, so reflowed rows share baselines and never overlap
    rises: list[float] = field(default_factory=list)
    rise: float = 0.0
    fall: float = 0.0
    #: drawn in a row beside a headline whose lines are this tall in the source (times
    #: its weight); 0 elsewhere (see _beside_headline)
    beside_lh: float = 0.0

    def __post_init__(self) -> None:
        if self.element.is_text:
            self.metrics = _measure_words(self)

    @property
    def is_text(self) -> bool:
        return self.element.is_text

    @property
    def words(self) -> list[Box]:
        return [w.box for ln in self.element.lines for w in ln.words]

    @property
    def lh(self) -> float:
        return self.element.line_height


@dataclass
class Sized:
    """A unit at a given scale: its box size and, for text, the word placements inside."""

    unit: Unit
    scale: float
    w: float
    h: float
    words: list[tuple[Box, float, float]] = field(default_factory=list)  # (src, x, y) offsets
    #: lines a text unit was broken into
    lines: int = 1


@dataclass(frozen=True)
class _Limits:
    """What one canvas allows while units are sized and stacked (see _limits)."""

    min_line: float
    min_element_px: float
    cta_max_px: float
    cta_beside_max_px: float
    max_line_px: float
    content_w: float
    content_h: float
    #: gap between a layout's children at common scale 1
    node_gap: float
    #: a strip's headline is broken into at most this many lines, or as many as it had
    #: in the source (None elsewhere: see STRIP_HEAD_LINES)
    strip_head_lines: int | None = None
    #: the least gap between two pieces of words side by side in a row (see _row_gaps)
    row_text_gap: float = 0.0
    #: the headline's line height in the source (its largest), for the button's words
    #: (see CTA_HEAD_SHARE)
    head_lh: float = 0.0


def _limits(
    W: int, H: int, margin: float, head_lh: float, s_ref: float, text_gap_lines: float
) -> _Limits:
    """Per-canvas limits, a value passed down the layout search (no module state: two
    plans made at once in one process must not see each other's canvas)."""
    short = min(W, H)
    thin = short < MAX_LINE_THIN_SLOT_PX
    return _Limits(
        min_line=min_line_px(W, H),
        min_element_px=min(MIN_ELEMENT_PX, MIN_ELEMENT_FRACTION * short),
        cta_max_px=cta_cap_px(W, H),
        cta_beside_max_px=min(
            CTA_MAX_PX, (CTA_BESIDE_MAX_FRACTION_THIN if thin else CTA_BESIDE_MAX_FRACTION) * short
        ),
        max_line_px=(MAX_LINE_FRACTION_THIN if thin else MAX_LINE_FRACTION) * short,
        content_w=W - 2 * margin,
        content_h=H - 2 * margin,
        node_gap=max(0.35 * head_lh, 0.02 * short / max(s_ref, 1e-3)),
        strip_head_lines=STRIP_HEAD_LINES if W >= STRIP_HEAD_ASPECT * H and not thin else None,
        row_text_gap=text_gap_lines * min_line_px(W, H),
        head_lh=head_lh,
    )


def _unit_scale(u: Unit, k: float, lim: _Limits) -> float:
    s = k * u.weight
    if u.element.kind in ("logo", "product", "person", "badge"):
        # a brand mark or a product shown a few pixels tall is not recognisable
        short = max(1.0, min(u.element.box.w, u.element.box.h))
        s = max(s, lim.min_element_px * u.weight / short)
        # a picture taller (or wider) than the canvas's content area stops there and lets
        # the common scale go on growing: a tall product in a 728x90 strip would otherwise
        # hold the headline and the logo to its own small scale
        b = u.element.box
        s = min(
            s,
            lim.content_w / max(1.0, float(b.w)),
            lim.content_h / max(1.0, float(b.h)),
        )
    if u.is_text or (u.element.kind in ("cta", "badge") and u.element.lines):
        # the words of a message and of its button must stay readable
        if u.element.kind == "cta":
            s = min(s, lim.cta_max_px / max(1.0, u.element.box.h))
            if lim.cta_max_px <= CTA_MIN_CAP_PX:
                # ... but in a small slot its words stay a visible share of the
                # headline's line as drawn
                head_px = min(k * lim.head_lh, lim.max_line_px)
                s = max(s, min(k * u.weight, CTA_HEAD_SHARE * head_px / max(1.0, u.lh)))
        s = min(s, lim.max_line_px / max(1.0, u.lh))
        s = max(s, lim.min_line / max(1.0, u.lh))
        if u.beside_lh > 0:
            # the headline's line as drawn (its own unit's limits), over ROW_HEAD_RATIO;
            # a button's pill cap gives way to it
            head_px = max(min(k * u.beside_lh, lim.max_line_px), lim.min_line)
            flat = head_px / (ROW_HEAD_RATIO * max(1.0, u.lh))
            if u.element.kind == "cta":
                flat = min(flat, lim.cta_beside_max_px / max(1.0, u.element.box.h))
            s = max(s, flat)
    return s


def _word_metrics(u: Unit) -> tuple[list[Box], float, float]:
    assert u.metrics is not None
    return u.metrics


def _measure_words(u: Unit) -> tuple[list[Box], float, float]:
    words = u.words
    gap = max(1.0, u.lh * 0.3)
    lines = u.element.lines
    base = [ln.box.y1 if ln.baseline is None else ln.baseline for ln in lines for _ in ln.words]
    u.rises = [bl - w.y0 for bl, w in zip(base, words, strict=True)]
    u.rise = max(u.rises, default=u.lh)
    u.fall = max((w.y1 - bl for bl, w in zip(base, words, strict=True)), default=0.0)
    pitch = u.rise + u.fall + 0.05 * u.lh  # word boxes include their air
    if len(lines) >= 2:
        pitches = [
            b.box.y0 - a.box.y0
            for a, b in zip(lines, lines[1:], strict=False)
            if b.box.y0 > a.box.y0
        ]
        if pitches:
            pitch = max(pitch, min(pitches))
    # measured gaps between words of a line, when there are some
    gaps = [
        b.box.x0 - a.box.x1
        for ln in lines
        for a, b in zip(ln.words, ln.words[1:], strict=False)
        if b.box.x0 > a.box.x1
    ]
    if gaps:
        gap = max(1.0, sorted(gaps)[len(gaps) // 2])
    return words, gap, pitch


def _balanced_breaks(widths: list[float], gap: float, n: int) -> list[list[int]]:
    """Split words into at most n lines minimising the widest line (order kept)."""
    m = len(widths)
    n = max(1, min(n, m))
    pre = [0.0]
    for w in widths:
        pre.append(pre[-1] + w)

    def span(i: int, j: int) -> float:  # words i..j-1
        return pre[j] - pre[i] + gap * (j - i - 1)

    INF = float("inf")
    best = [[INF] * (m + 1) for _ in range(n + 1)]
    arg = [[0] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for lines in range(1, n + 1):
        for j in range(1, m + 1):
            for i in range(lines - 1, j):
                v = max(best[lines - 1][i], span(i, j))
                if v < best[lines][j]:
                    best[lines][j] = v
                    arg[lines][j] = i
    lines_used = min(range(1, n + 1), key=lambda L: (best[L][m], L))
    # among the breaks with that widest line, the most even: a lone short word between
    # two full lines ("Every telescope / 30% / off until Sunday") reads as a mistake
    cap = best[lines_used][m] + 1e-6
    ragged = [[INF] * (m + 1) for _ in range(lines_used + 1)]
    ragged[0][0] = 0.0
    for lines in range(1, lines_used + 1):
        for j in range(1, m + 1):
            for i in range(lines - 1, j):
                w = span(i, j)
                if w > cap or ragged[lines - 1][i] == INF:
                    continue
                v = ragged[lines - 1][i] + (cap - w) ** 2
                if v < ragged[lines][j]:
                    ragged[lines][j] = v
                    arg[lines][j] = i
    out: list[list[int]] = []
    j = m
    for L in range(lines_used, 0, -1):
        i = arg[L][j]
        out.append(list(range(i, j)))
        j = i
    return list(reversed(out))


def _one_line_width(u: Unit, s: float) -> float:
    """A text unit's words at scale s set on one line, with its word gaps."""
    words, gap, _ = _word_metrics(u)
    return sum(b.w for b in words) * s + gap * s * (len(words) - 1)


def _is_label(u: Unit) -> bool:
    """One or two words set on one line that are not the headline: a button's words
    found without their pill, a price. They are read as one unit and stay on one line;
    balanced over two lines to grow, own_016's "Shop now" (its pill the colour of the
    suit behind it) was drawn as "Shop / now". (Three words kept on one line held
    own_014's whole 160x600 to the width of "Fast explore discover".)"""
    lines = u.element.lines
    return (
        u.element.kind != "headline" and len(lines) == 1 and len(lines[0].words) <= LABEL_MAX_WORDS
    )


def size_text(
    u: Unit,
    s: float,
    max_w: float,
    max_lines: int = REFLOW_MAX_LINES,
    align: str = "center",
    force_lines: int | None = None,
    min_scale: float | None = None,
) -> Sized | None:
    """Reflow a text unit at scale s into the fewest lines that fit max_w (a label, see
    _is_label, into one line unless it does not fit at ``min_scale``)."""
    words, gap, pitch = _word_metrics(u)
    if not words:
        return None
    widths = [b.w * s for b in words]
    if max(widths) > max_w + 0.5:
        return None
    tries = [force_lines] if force_lines else list(range(1, max_lines + 1))
    # a label breaks only where even its smallest legible line is too long
    if (
        not force_lines
        and _is_label(u)
        and min_scale is not None
        and _one_line_width(u, min_scale) <= max_w + 0.5
    ):
        tries = [1]
    for n in tries:
        rows = _balanced_breaks(widths, gap * s, n)
        row_w = [sum(widths[i] for i in r) + gap * s * (len(r) - 1) for r in rows]
        if max(row_w) > max_w + 0.5:
            continue
        W = max(row_w)
        H = (u.rise + u.fall) * s + pitch * s * (len(rows) - 1)
        placed: list[tuple[Box, float, float]] = []
        for li, r in enumerate(rows):
            rw = row_w[li]
            x = {"left": 0.0, "right": W - rw}.get(align, (W - rw) / 2)
            y = pitch * s * li
            for i in r:
                b = words[i]
                # every word of a row sits on the row's baseline
                placed.append((b, x, y + (u.rise - u.rises[i]) * s))
                x += widths[i] + gap * s
        return Sized(u, s, W, H, placed, len(rows))
    return None


def size_fixed(u: Unit, s: float) -> Sized:
    b = u.element.box
    return Sized(u, s, b.w * s, b.h * s)


# ----------------------------------------------------------------------------------
# Arrangements
# ----------------------------------------------------------------------------------
@dataclass
class Node:
    """A row or column of units / nodes."""

    axis: str  # "row" | "col"
    children: list  # list[Node | Unit]
    align: str | None = None  # None: the layout's text alignment
    #: in a row, a column that wraps its text into the width the row leaves it (the text
    #: half of a split); other columns keep their lines as long as they are
    wrap: bool = False


def _layout_node(node, k: float, max_w: float, max_h: float, lim: _Limits, text_align: str):  # type: ignore[no-untyped-def]
    """Sizes and relative positions of a node's content at common scale k, or None."""
    if isinstance(node, Unit):
        s = _unit_scale(node, k, lim)
        # words on a panel (scrim) take the panel's padding with them: the panel is drawn
        # that far around them and must stay inside the canvas and clear of its neighbours
        inset = _panel_pad(node, s)
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
        return float(_one_line_width(n, s) + 2 * _panel_pad(n, s))
    r = _layout_node(n, k, max_w, max_h, lim, text_align)
    return float(r[0]) if r is not None else max_w


def _join_scrims(
    panels: list[PanelPlacement], placements: list[Placement], W: int, H: int
) -> list[PanelPlacement]:
    """Panels of text blocks that sat on one scrim, landed next to each other, as one.

    A headline and its sub-line on one dark panel are two text blocks, each drawn with
    a panel padded to its own line height; stacked again they would show a large card
    and a thin strip under it instead of the source's one panel. Two such panels no
    further apart than half the taller one's height (neighbours in a stack or a row
    are a node gap apart, under a quarter of it) become their union, unless the union
    would run under another element.
    """
    out = list(panels)
    while (join := _first_join(out, placements, W, H)) is not None:
        i, j, merged = join
        out[i] = merged
        del out[j]
    return out


def _first_join(
    panels: list[PanelPlacement], placements: list[Placement], W: int, H: int
) -> tuple[int, int, PanelPlacement] | None:
    """The first pair of panels (by index) that _join_scrims joins, and their union."""
    for i, a in enumerate(panels):
        for j in range(i + 1, len(panels)):
            b = panels[j]
            if not _one_scrim(a.panel, b.panel):
                continue
            gx, gy = a.box.gap(b.box)
            if max(gx, gy) > SCRIM_JOIN_GAP * max(a.box.h, b.box.h):
                continue
            # the words of both keep the wider padding of the two
            pad = max(a.pad, b.pad)
            box = a.box.padded(pad - a.pad).union(b.box.padded(pad - b.pad)).clipped(W, H)
            members = a.element_ids + b.element_ids
            if any(p.dst.intersects(box) for p in placements if p.element_id not in members):
                continue
            main = a if a.box.area >= b.box.area else b
            return i, j, PanelPlacement(box, main.panel, members, pad)
    return None


def _buttons_on_scrims(
    an: Analysis, panels: list[PanelPlacement], placements: list[Placement], W: int, H: int
) -> list[PanelPlacement]:
    """A button that sat on its words' scrim (or veil) in the source sits on it again
    where it lands next to them: the panel reaches over it.

    public_010's dark pill lay on the dark panel of its headline; laid out again, the
    panel held the headline alone and the pill sat below it on the light dots, a small
    dark blob whose words tesseract no longer found at any size. The panel takes the
    button in where the button is no further from it than SCRIM_JOIN_GAP of its height
    and the union runs under no other element.
    """
    out = list(panels)
    boxes = {e.id: e.box for e in an.elements if e.kind == "cta"}
    for p in placements:
        src = boxes.get(p.element_id)
        if src is None or p.src != src:
            continue
        for i, a in enumerate(out):
            scrim = a.panel.scrim
            if scrim is None or not scrim.contains(src, tol=2.0) or p.element_id in a.element_ids:
                continue
            gx, gy = a.box.gap(p.dst)
            if max(gx, gy) > SCRIM_JOIN_GAP * a.box.h:
                continue
            box = a.box.union(p.dst.padded(a.pad)).clipped(W, H)
            members = (*a.element_ids, p.element_id)
            if any(q.dst.intersects(box) for q in placements if q.element_id not in members):
                continue
            out[i] = PanelPlacement(box, a.panel, members, a.pad)
            break
    return out


def _one_scrim(a: Panel, b: Panel) -> bool:
    """Two panels of one scrim (or veil) of the source. Quiet panels (words lifted off a
    busy picture, no panel in the source) stay apart: joined across the gap between two
    blocks, their glow became one large box that read as a pasted patch."""
    return a.scrim is not None and b.scrim is not None and a.scrim.intersects(b.scrim)


def _panel_pad(u: Unit, s: float) -> float:
    """How far a unit's panel reaches past its words (or a logo's box, whose height its
    line height is) at scale s (0 without one)."""
    if u.element.panel is None:
        return 0.0
    return PANEL_PAD * u.lh * s


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


# ----------------------------------------------------------------------------------
# Planning
# ----------------------------------------------------------------------------------
def _units(an: Analysis, directives: PromptDirectives) -> list[Unit]:
    units = []
    for e in an.elements:
        if e.kind in directives.drop:
            continue
        if e.kind == "decoration":
            continue  # decorations are dropped in re-layouts: they belong to the old shape
        w = 1.0
        if directives.emphasize and (
            e.kind == directives.emphasize
            or (directives.emphasize == "headline" and e.kind == "headline")
        ):
            w = 1.25
        units.append(Unit(e, w))
    return units


def _beside_headline(units: list[Unit], head: list[Unit]) -> list[Unit]:
    """``units`` as drawn beside the headline in one row: their words at least
    1/ROW_HEAD_RATIO of its line height.

    In a stack each line is read on its own; in a row a sub-line or a button's words
    share the headline's band, and drawn at the source's ratio (often 2.5x smaller)
    they are read as the headline's small print: OCR, like a glance, takes the row as
    one line and loses them (the kit's public_015 at 728x90 kept none of its
    sub-line's and button's words; with the headline 0.6x as tall all were read). A
    leaderboard's hierarchy is flatter than a poster's. A button's pill may grow past
    its cap for it, up to CTA_BESIDE_MAX_FRACTION of the short side
    (CTA_BESIDE_MAX_FRACTION_THIN in a thin slot). Small print stays
    small: legal lines are not part of the message, and grown they take the row's width
    from it.
    """
    if not head:
        return units
    head_lh = max(u.lh * u.weight for u in head)
    return [
        u if u.element.kind == "small_print" else dataclasses.replace(u, beside_lh=head_lh)
        for u in units
    ]


#: two pieces whose heights overlap by at least this share of the shorter one are read
#: in one row, left to right (a product photo a few pixels taller than the one beside
#: it had been read first)
READING_ROW_OVERLAP = 0.5


def _same_row(a: Box, b: Box) -> bool:
    """Whether two pieces are read in one row (see READING_ROW_OVERLAP)."""
    return min(a.y1, b.y1) - max(a.y0, b.y0) >= READING_ROW_OVERLAP * min(a.h, b.h)


def _reading_order(units: list[Unit]) -> list[Unit]:
    """Units in the order the source is read: rows from the top, each left to right."""
    rows: list[list[Unit]] = []
    for u in sorted(units, key=lambda u: (u.element.box.y0, u.element.box.x0)):
        if rows and _same_row(u.element.box, rows[-1][0].element.box):
            rows[-1].append(u)
            continue
        rows.append([u])
    return [u for row in rows for u in sorted(row, key=lambda u: u.element.box.x0)]


def _one_row(pictures: list[Unit]) -> list[Unit]:
    """``pictures`` left to right where there are at least two and every one shares the
    row of the others in the source (see READING_ROW_OVERLAP), else none."""
    if len(pictures) < 2:
        return []
    for a in pictures:
        for b in pictures:
            if not _same_row(a.element.box, b.element.box):
                return []
    return sorted(pictures, key=lambda u: u.element.box.x0)


def _buttons_in_row(items: list[Unit], buttons: list[Unit]) -> list[Unit | Node]:
    """``items`` with buttons that stood side by side in the source (an app's two store
    buttons) set as one row where the first of them stands: stacked one over the other
    in a column they read as two separate calls."""
    row = _one_row(buttons)
    if not row:
        return list(items)
    out: list[Unit | Node] = []
    for u in items:
        if u not in row:
            out.append(u)
        elif not any(isinstance(v, Node) for v in out):
            out.append(Node("row", row))
    return out


def _bylines(pictures: list[Unit], body: list[Unit]) -> dict[str, tuple[Unit, list[Unit]]]:
    """Small portraits that stood just before blocks of body text in their row (a
    reviewer's photo beside her name and town), with those blocks, by the id of the
    first of them.

    Laid out as pictures, after the words, the portrait stood under the button and the
    name stood alone; a byline keeps the two side by side.
    """
    out: dict[str, tuple[Unit, list[Unit]]] = {}
    taken: set[str] = set()
    for p in pictures:
        pb = p.element.box
        if p.element.kind != "person":
            continue
        beside = [
            b
            for b in body
            if b.element.id not in taken
            and _same_row(pb, b.element.box)
            and -0.1 * pb.w <= b.element.box.x0 - pb.x1 <= BYLINE_GAP * pb.w
        ]
        if not beside or pb.h > BYLINE_PICTURE_LINES * max(b.element.box.h for b in beside):
            continue
        beside = _reading_order(beside)
        out[beside[0].element.id] = (p, beside)
        taken |= {b.element.id for b in beside}
    return out


def _byline_members(bylines: dict[str, tuple[Unit, list[Unit]]]) -> set[int]:
    """The units a byline holds (by identity): they stand in it, not on their own."""
    return {id(u) for p, blocks in bylines.values() for u in (p, *blocks)}


def _with_bylines(
    items: list[Unit | Node], bylines: dict[str, tuple[Unit, list[Unit]]]
) -> list[Unit | Node]:
    """``items`` with each byline (its portrait, then its blocks in a column) set where
    its first block stands, its other blocks and its portrait taken out."""
    members = _byline_members(bylines)
    out: list[Unit | Node] = []
    for u in items:
        if isinstance(u, Unit) and u.element.id in bylines:
            p, blocks = bylines[u.element.id]
            text: Unit | Node = blocks[0] if len(blocks) == 1 else Node("col", list(blocks))
            out.append(Node("row", [p, text]))
        elif not (isinstance(u, Unit) and id(u) in members):
            out.append(u)
    return out


def _over(u: Unit, head: list[Unit]) -> bool:
    """Whether ``u`` lies above the headline, in its column (sharing half the narrower
    one's width)."""
    if not head:
        return False
    b, h = u.element.box, head[0].element.box
    shared = min(b.x1, h.x1) - max(b.x0, h.x0)
    return b.y1 <= h.y0 + 0.25 * h.h and shared >= 0.5 * min(b.w, h.w)


def _arrangements(
    units: list[Unit], aspect: float, source_aspect: float = 1.0, buttons_in_row: bool = True
) -> list[tuple[str, Node]]:
    def pick(*kinds: str) -> list[Unit]:
        return [u for u in units if u.element.kind in kinds]

    logo = _reading_order(pick("logo"))
    head = pick("headline")
    body = _reading_order(pick("body", "small_print"))
    # two buttons side by side (an app's two store buttons) keep their order
    cta = _reading_order(pick("cta"))
    # a badge ("-50%") is a picture with words on it: it travels with the products
    prod = _reading_order(pick("product", "person", "badge"))
    # the words in the source's reading order: a brand line or an eyebrow set above the
    # headline stays above it (a price set as the largest text had been put before the
    # product's name), and legal lines under the button stay under it. A wide source's
    # columns interleave by height, so there it is headline, body, button.
    wide = source_aspect >= WIDE_SOURCE_ASPECT
    # ... but a line set right above the headline, in its column (an eyebrow, a brand's
    # name in type), is read before it there too
    eyebrow = {u.element.id for u in body if _over(u, head)}

    def eyebrow_first(us: list[Unit]) -> list[Unit]:
        return sorted(us, key=lambda u: u.element.id not in eyebrow)

    in_row = cta if buttons_in_row else []
    # (not in strips, where a portrait beside the words' lines takes the height they
    # need, nor in skyscrapers, where it leaves the name a column a word wide)
    bylines = _bylines(prod, body) if BYLINE_ASPECTS[0] < aspect < BYLINE_ASPECTS[1] else {}
    prod = [u for u in prod if id(u) not in _byline_members(bylines)]
    words = _with_bylines(
        _buttons_in_row(
            eyebrow_first(head + body) + cta if wide else _reading_order(head + body + cta),
            in_row,
        ),
        bylines,
    )
    text_col = [*logo, *words]
    out: list[tuple[str, Node]] = []
    # a wide banner reads left to right across its columns: sorting its pieces by height
    # puts a button or a logo from a side column between a headline and its sub-line,
    # so a stack of a wide source uses the message's own order
    everything = (
        [*text_col, *prod]
        if wide
        else _with_bylines(
            _buttons_in_row(_reading_order(units), in_row),
            bylines,
        )
    )
    out.append(("stack", Node("col", everything)))
    if prod:
        out.append(("stack_text_first", Node("col", [*text_col, *prod])))
        out.append(("stack_image_first", Node("col", [*logo, *prod, *words])))
        column = Node("col", text_col, wrap=True)
        out.append(("split_image_left", Node("row", [Node("col", prod), column])))
        out.append(("split_text_left", Node("row", [column, Node("col", prod)])))
        out.append(
            (
                "split_text_left_logo",
                Node(
                    "row",
                    [
                        Node("col", text_col, align="left", wrap=True),
                        Node("col", prod),
                    ],
                ),
            )
        )
    if len(pick("product", "person")) >= 2:
        # several pictures side by side (an e-commerce set): in a column beside the words
        # they leave a wide canvas mostly empty
        shelf = Node("row", prod)
        out.append(("stack_products_row", Node("col", [*text_col, shelf])))
        out.append(("stack_products_row_first", Node("col", [*logo, shelf, *words])))
        # ... or side by side beside the words: on a landscape canvas the pictures in a
        # column stood at half the height, and over or under the words they held the
        # common scale to the canvas's height less the text's
        out.append(("split_shelf_left", Node("row", [shelf, column])))
        out.append(("split_text_left_shelf", Node("row", [column, shelf])))
    row_of_pictures = _one_row(prod)
    if row_of_pictures:
        # pictures set side by side (feature icons with their labels, a product line-up)
        # stay a row where they stood in the reading order: stacked one by one into a
        # column they took a wide canvas's height, and the whole banner shrank to fit it
        at = everything.index(row_of_pictures[0])
        rest = [u for u in everything if u not in row_of_pictures]
        out.append(
            ("stack_row_kept", Node("col", [*rest[:at], Node("row", row_of_pictures), *rest[at:]]))
        )
    if aspect > ROW_ASPECT:
        # words read in the headline's row are drawn no more than ROW_HEAD_RATIO smaller
        beside_body, beside_cta = _beside_headline(body, head), _beside_headline(cta, head)
        in_order = eyebrow_first if wide else _reading_order  # as the column of words above
        row = logo + prod + in_order(head + beside_body) + beside_cta
        out.append(("row", Node("row", row)))
        out.append(
            (
                "row_text_col",
                Node("row", logo + prod + [Node("col", in_order(head + body))] + beside_cta),
            )
        )
        out.append(
            (
                "row_text_cta_col",
                Node("row", logo + prod + [Node("col", in_order(head + body + cta))]),
            )
        )
        # where the headline has a column of its own, a line set over it in the source
        # (an eyebrow: "SUMMER SALE" over "50% OFF") stays over it there: set in the
        # column after it, it was read after the headline
        above = [u for u in body if u.element.id in eyebrow]
        below = [u for u in body if u.element.id not in eyebrow]
        after = _beside_headline(below, head)
        headed: list[Unit | Node] = [Node("col", above + head)] if above and head else [*head]
        if len(body) >= 1:
            out.append(
                (
                    "row_head_bodycta",
                    Node("row", [*logo, *prod, *headed, Node("col", after + beside_cta)]),
                )
            )
            if cta and aspect >= STRIP_ROWS_ASPECT:
                # a strip's second line: the sub-line and the button side by side under
                # a headline set on one line (a 320x50 had no room for the sub-line in
                # a column beside the button, and gave it up)
                under = Node("row", [*([Node("col", below)] if below else []), *cta])
                out.append(
                    (
                        "row_head_over_bodycta",
                        Node("row", logo + prod + [Node("col", [*above, *head, under], wrap=True)]),
                    )
                )
        out.append(
            (
                "row_logo_col",
                Node(
                    "row",
                    prod + [Node("col", logo + above + head)] + [Node("col", after + beside_cta)],
                ),
            )
        )
    if aspect < 0.8 and prod:
        # the pictures right under the headline, the words around them in reading order
        cut = words.index(head[0]) + 1 if head else 0
        out.append(
            ("stack_product_middle", Node("col", [*logo, *words[:cut], *prod, *words[cut:]]))
        )
    return [(n, node) for n, node in out if node.children]


#: the content keeps this share of the canvas's short side clear at its edges ...
MARGIN_FRACTION = 0.045
#: ... and a leaderboard (one side at least LEADERBOARD_ASPECT times the other, the
#: short one at least THIN_SLOT_PX) this share: lines set 4 px from the edges of a
#: 728x90 ("Clever / summit" filling its height) read as cramped, and the lower line
#: was lost to OCR
LEADERBOARD_MARGIN_FRACTION = 0.07
LEADERBOARD_ASPECT = 4.0


def canvas_margin(W: int, H: int) -> float:
    """The clear margin at a W x H canvas's edges, in pixels."""
    short, long = min(W, H), max(W, H)
    leaderboard = long >= LEADERBOARD_ASPECT * short and short >= THIN_SLOT_PX
    return max(3.0, (LEADERBOARD_MARGIN_FRACTION if leaderboard else MARGIN_FRACTION) * short)


def plan_layouts(
    an: Analysis, W: int, H: int, directives: PromptDirectives, n_variants: int, seed: int
) -> list[Plan]:
    """The best ``n_variants`` distinct plans for a W x H canvas."""
    s_ref = math.sqrt(W * H / (an.width * an.height))
    margin = canvas_margin(W, H)
    if an.frame is not None:
        # the content keeps its margin inside the border drawn again at the edge
        margin += frame.reach(an.frame, frame.frame_scale(an.width, an.height, W, H))
    units = _units(an, directives)
    plans: list[Plan] = []
    crop = None if directives.no_crop else _smart_crop(an, W, H, units, s_ref)
    if crop is not None and an.confidence < UNSURE_CONFIDENCE:
        # an unsure decomposition is not re-arranged when a crop keeps every element
        why = "; ".join(an.doubts) or "picture background"
        crop = dataclasses.replace(
            crop, score=crop.score + 1.0, reason=f"analysis unsure ({why}): the source cropped"
        )
    # what the photo shows, found once for every plan of this size
    subjects = _shown_subjects(an, directives)
    if crop is not None:
        if subjects:
            crop = _with_subjects(an, crop, subjects)
        plans.append(crop)
    elif not directives.no_crop and not directives.emphasize:
        # (the photo's scale is every element's there: an emphasised one would not grow)
        anchored = _anchored(an, W, H, units, margin, s_ref, subjects)
        if anchored is not None and subjects:
            anchored = _with_subjects(an, anchored, subjects)
        if anchored is not None and not backdrop.photo_blurred(an, W, H, anchored.subject_hidden):
            plans.append(anchored)
    # (a crop that keeps every element shows the same composition, with the source's
    # own pixels around it)
    kept = None if crop is not None else _kept_design(an, W, H, units, s_ref, directives)
    if kept is not None:
        plans.append(_with_subjects(an, kept, subjects) if subjects else kept)
    relayouts = _relayouts(an, units, W, H, directives, margin, s_ref)
    if subjects:
        whole = [sub for sub in subjects if sub.whole]
        if whole:
            relayouts += _beside_subject(an, whole[0], units, W, H, directives, margin, s_ref)
        relayouts = [_with_subjects(an, p, subjects) for p in relayouts]
    # nothing fits: give up the least important pieces, one kind at a time, before
    # falling back to shrinking the whole banner
    dropped: list[str] = []
    for kind in ("badge", "small_print", "body", "logo", "product"):
        if kind == "body" and not relayouts:
            # the message's own lines are worth more than the air between the row's blocks
            relayouts = _relayouts(
                an, units, W, H, directives, margin, s_ref, text_gap_lines=ROW_TEXT_GAP_LINES_TIGHT
            )
        for gone in _drop_order(units, kind):
            if relayouts:
                break
            units = [u for u in units if u.element.id not in gone]
            dropped += [] if kind in dropped else [kind]
            relayouts = _relayouts(an, units, W, H, directives, margin, s_ref)
    if dropped:
        why = f"nothing fitted with every element; left out: {', '.join(dropped)}"
        relayouts = [dataclasses.replace(p, reason=why, score=p.score - 0.3) for p in relayouts]
    plans += relayouts
    if not plans:
        plans.append(_fallback(an, W, H, s_ref))
    plans.sort(key=lambda p: -p.score)
    if n_variants > 1 and len({_signature(p) for p in plans}) < n_variants and relayouts:
        # alternatives rank under the best plan, in their own order
        ceiling = plans[0].score - ALTERNATIVE_PENALTY
        plans += [
            dataclasses.replace(p, score=min(p.score, ceiling) - i * 1e-6)
            for i, p in enumerate(
                _alternatives(
                    an,
                    units,
                    W / H,
                    directives,
                    lambda d, arr: _relayouts(an, units, W, H, d, margin, s_ref, arr),
                )
            )
        ]
    # variants: the best distinct arrangements; the seed orders near-ties
    import random

    rng = random.Random(seed)
    top = plans[0].score
    near = [p for p in plans if p.score >= top - 0.02]
    rest = [p for p in plans if p.score < top - 0.02]
    if len(near) > 1:
        head, tail = near[0], near[1:]
        rng.shuffle(tail)
        near = [head] + tail
    ordered = near + rest
    seen: set[tuple] = set()
    out: list[Plan] = []
    for p in ordered:
        sig = _signature(p)
        if sig in seen:
            continue
        seen.add(sig)
        out.append(p)
        if len(out) == n_variants:
            break
    while len(out) < n_variants:
        out.append(out[-1])
    return out


def _drop_order(units: list[Unit], kind: str) -> list[set[str]]:
    """The ids given up, in turn, when nothing fits: a kind's units all at once, but
    lines of words one block at a time, the smallest lines first.

    The detector's boxes put a few pixels of air around every line, so a legal line
    under a small headline can measure just over the small-print share of it and be
    taken for a sub-line; dropped together, the message's own sub-line went with it
    from 320x50 strips where the legal line alone was what did not fit.
    """
    ids = [
        u.element.id
        for u in sorted(
            (u for u in units if u.element.kind == kind), key=lambda u: (u.lh, -u.element.box.y0)
        )
    ]
    if not ids:
        return []
    if kind != "body":
        return [set(ids)]
    return [{i} for i in ids]


def _signature(p: Plan) -> tuple:
    """What makes two plans look different: where each piece lands and how big."""
    return tuple(
        sorted(
            (q.element_id, round(q.dst.x0), round(q.dst.y0), round(q.dst.w)) for q in p.placements
        )
    )


#: a photo's subjects (backdrop.subjects: its people, else the open space the source
#: kept): a plan pays SUBJECT_HIDDEN_COST (times the subject's weight) for the share of
#: a subject's core it covers, SUBJECT_CUT_COST times as much for what the canvas's edge
#: cuts off the subject; the content is also laid out in the room a subject leaves
#: (above, below or beside it) when that is at least SUBJECT_ROOM_MIN of the canvas across
SUBJECT_HIDDEN_COST = 0.3
SUBJECT_CUT_COST = 2.0
SUBJECT_ROOM_MIN = 0.25

#: variants past the best distinct arrangements rank at least this far below the best
ALTERNATIVE_PENALTY = 0.05


def _alternatives(
    an: Analysis,
    units: list[Unit],
    aspect: float,
    directives: PromptDirectives,
    solve: Callable[[PromptDirectives, list[tuple[str, Node]] | None], list[Plan]],
) -> list[Plan]:
    """More variants when the canvas admits few arrangements (a tall slot has one stack):
    the message column aligned the other ways, then the brand signing off at the end
    instead of opening. They only fill variants; the first variant never changes."""
    own = directives.align or source_alignment(an)
    out: list[Plan] = []
    for align in ("left", "center", "right"):
        if align != own:
            alt = dataclasses.replace(directives, align=align)
            out += [
                dataclasses.replace(p, arrangement=f"{p.arrangement}_align_{align}")
                for p in solve(alt, None)
            ]
    logos = [u for u in units if u.element.kind == "logo"]
    if logos and aspect < ROW_ASPECT:
        rest = sorted(
            (u for u in units if u.element.kind != "logo"),
            key=lambda u: (u.element.box.y0, u.element.box.x0),
        )
        stack = [("stack_logo_last", Node("col", rest + logos))]
        out += solve(directives, stack)
    return out


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
) -> list[Plan]:
    """One plan per arrangement (default: those of _arrangements) that fits the canvas
    with legible text, blocks of words side by side ``text_gap_lines`` legible lines
    apart or more."""
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
    lim = _limits(W, H, margin, head_lh, s_ref, text_gap_lines)
    for tried in tries:
        for name, node in tried or []:
            res = _solve(node, lim, align, k_hi=max(1.0, 1.15 * s_ref))
            if res is None:
                continue
            # the content stays one block, centred: spreading it over the canvas pulls
            # the button away from its message (and reads worse, to people and to OCR)
            k, (cw, chh, parts) = res
            plans.append(_to_plan(an, name, W, H, margin, k, cw, chh, parts, s_ref))
        if plans:
            break
    return plans


def _shown_subjects(an: Analysis, directives: PromptDirectives) -> list[backdrop.Subject]:
    """The subjects of a photo background shown as it is (not blurred or replaced): its
    people, or an open space the source's elements kept clear; none for other
    backgrounds."""
    if an.background.kind != "photo" or directives.background not in (None, "extend"):
        return []
    return backdrop.subjects(an)


def _with_subjects(an: Analysis, plan: Plan, subjects: list[backdrop.Subject]) -> Plan:
    """``plan`` scored (and marked) for how much of the photo's subjects it hides."""
    hidden = _subject_hidden(an, plan, subjects)
    return dataclasses.replace(
        plan, score=plan.score - SUBJECT_HIDDEN_COST * hidden, subject_hidden=hidden
    )


def _subject_hidden(an: Analysis, plan: Plan, subjects: list[backdrop.Subject]) -> float:
    """How much of the photo's subjects a plan hides, weighed by how sure each is (0: all
    in full view).

    People are what the eye goes to first; a headline panel over a face, or a face cut
    in half by the canvas's edge, reads as a mistake.
    """
    W, H = plan.width, plan.height
    if plan.crop is not None:  # the source itself, cropped: the subjects go with it
        crop = plan.crop
        c = W / crop.w
        subs = [sub.mapped(lambda b: b.moved(-crop.x0, -crop.y0).scaled(c)) for sub in subjects]
    else:
        window = backdrop.shown_window(an, W, H, plan.backdrop)
        subs = backdrop.on_canvas(an, subjects, W, H, window)
    boxes = [q.dst for q in plan.placements] + [pp.box for pp in plan.panels]
    canvas = Box(0, 0, W, H)
    lost = 0.0
    for sub in (s.fitted(W, H) for s in subs):
        core = sub.core
        under = min(core.area, sum(core.intersection(b) for b in boxes))
        cut = 1.0 - sub.box.intersection(canvas) / max(1.0, sub.box.area)
        lost += sub.weight * min(1.0, under / max(1.0, core.area) + SUBJECT_CUT_COST * cut)
    return lost / max(1, len(subs))


def _beside_subject(
    an: Analysis,
    subject: backdrop.Subject,
    units: list[Unit],
    W: int,
    H: int,
    directives: PromptDirectives,
    margin: float,
    s_ref: float,
) -> list[Plan]:
    """The content laid out in the room the photo's subject leaves: the window moved to
    put the subject at one edge of the canvas, the arrangements solved for the rest of
    it (a person above the message on a tall canvas, beside it on a wide one)."""
    sx, sy = backdrop.window_slack(an, W, H)
    # the subject on the enlarged photo (through a window at its top-left corner)
    on_photo = backdrop.on_canvas(an, [subject], W, H, (0, 0))[0].box
    # across the side it is pushed to, the window is centred on the subject
    centred = (
        int(min(max(0.0, on_photo.cx - W / 2), sx)),
        int(min(max(0.0, on_photo.cy - H / 2), sy)),
    )
    out: list[Plan] = []
    for side in ("top", "bottom", "left", "right"):
        (wx, wy), room = _room_beside(on_photo, side, centred, (sx, sy), W, H)
        across = room.h / H if side in ("top", "bottom") else room.w / W
        if across < SUBJECT_ROOM_MIN:
            continue
        rw, rh = int(room.w), int(room.h)
        dx, dy = float(int(room.x0)), float(int(room.y0))
        for p in _relayouts(an, units, rw, rh, directives, margin, s_ref):
            out.append(
                dataclasses.replace(
                    p,
                    arrangement=f"{p.arrangement}_beside_subject",
                    width=W,
                    height=H,
                    placements=tuple(
                        dataclasses.replace(q, dst=q.dst.moved(dx, dy)) for q in p.placements
                    ),
                    panels=tuple(
                        dataclasses.replace(pp, box=pp.box.moved(dx, dy)) for pp in p.panels
                    ),
                    backdrop=(wx, wy),
                    reason="the target's shape needs a new arrangement, beside the photo's subject",
                )
            )
    return out


def _room_beside(
    subject: Box,
    side: str,
    centred: tuple[int, int],
    slack: tuple[int, int],
    W: int,
    H: int,
) -> tuple[tuple[int, int], Box]:
    """The photo's window that pushes ``subject`` (on the enlarged photo) to ``side`` of
    a W x H canvas as far as the window's ``slack`` allows, and the canvas's room left
    on the other side of it."""
    wx, wy = centred
    if side == "top":
        wy = int(min(max(0.0, subject.y0), slack[1]))
    elif side == "bottom":
        wy = int(min(max(0.0, subject.y1 - H), slack[1]))
    elif side == "left":
        wx = int(min(max(0.0, subject.x0), slack[0]))
    else:
        wx = int(min(max(0.0, subject.x1 - W), slack[0]))
    f = subject.moved(-wx, -wy)
    room = {
        "top": Box(0, f.y1, W, H),
        "bottom": Box(0, 0, W, f.y0),
        "left": Box(f.x1, 0, W, H),
        "right": Box(0, 0, f.x0, H),
    }[side]
    return (wx, wy), room.clipped(W, H)


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
                pad = _panel_pad(sz.unit, sz.scale)
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
                pad = _panel_pad(sz.unit, sz.scale)
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


def _fallback(an: Analysis, W: int, H: int, s_ref: float) -> Plan:
    """Nothing fits: the whole source, contained and centred, on an extended background."""
    c = min(W / an.width, H / an.height)
    dst = Box(
        (W - an.width * c) / 2,
        (H - an.height * c) / 2,
        (W + an.width * c) / 2,
        (H + an.height * c) / 2,
    )
    return Plan(
        "extend",
        "extend",
        W,
        H,
        (Placement("source", Box(0, 0, an.width, an.height), dst),),
        (),
        None,
        0.0,
        c,
        "no arrangement fitted: the whole banner is kept on an extended background",
    )
