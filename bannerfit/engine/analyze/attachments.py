"""What travels with a product: a badge stuck on it, text printed on it, and the
captions under it in a grid of products (composited with it into one element); and
what travels with a line of words: the bullet icon before it.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from bannerfit.engine.analyze.state import _Findings
from bannerfit.engine.geometry import Box, edge_fade, rect_feather, union_all
from bannerfit.engine.model import Element, Layer, TextLine, Word

#: share of a badge's box that must lie on a product for the badge to be stuck on it
BADGE_STUCK_OVERLAP = 0.1
#: ... and of a button's, for a button to be a label of the picture (see _stuck_badges)
LABEL_ON_PICTURE = 0.8
#: _captions: a caption starts within this share of its product's height below it ...
CAPTION_GAP = 0.3
#: ... and reaches past its sides by at most this share of its width
CAPTION_OVERHANG = 0.1
#: _bullets_on_lines: a bullet icon is BULLET_SIZE line heights tall (low, high), at most
#: BULLET_ASPECT times as wide as tall (or tall as wide), ends at most BULLET_GAP line
#: heights (or its own heights, when taller) before its line's first word and is
#: centred within BULLET_OFF_CENTRE line heights of the line's middle
BULLET_SIZE = (0.5, 1.8)
BULLET_ASPECT = 1.6
BULLET_GAP = 1.2
BULLET_OFF_CENTRE = 0.3
#: icons of one height side by side (a rating's five stars), at most ICON_GAP of their
#: height apart, are one run: one word before the line, never broken over two lines; a
#: run's icons lie within ICON_RUN_LINES line heights before the line (see
#: objects._icon_before_line, which keeps icons too small for decorations there)
ICON_GAP = 0.6
ICON_RUN_LINES = 12.0
#: an underline is a rule at most UNDERLINE_THICK of its line's height thick, at least
#: UNDERLINE_SPAN of the line's width long with UNDERLINE_UNDER of it under the line,
#: its top between UNDERLINE_REACH line heights (above, below) of the line's bottom; a
#: line of at most UNDERLINE_WORDS words keeps it, drawn in as one word with it
UNDERLINE_THICK = 0.25
UNDERLINE_SPAN = 0.5
UNDERLINE_UNDER = 0.8
UNDERLINE_REACH = (0.35, 1.0)
UNDERLINE_WORDS = 3


def _drop_text_on_products(findings: _Findings) -> None:
    """Leave out the text blocks and decorations lying on a product: printed on it, they
    are part of its picture and travel with it."""
    elements = findings.elements
    # text printed on a product belongs to the product
    prods = [e for e in elements if e.kind in ("product", "person")]
    printed: dict[str, list[Box]] = {p.id: [] for p in prods}
    kept = []
    for e in elements:
        host = next((p for p in prods if p.box.contains(e.box, tol=4)), None)
        if e.kind in ("body", "small_print", "decoration") and host is not None:
            if e.kind != "decoration":
                printed[host.id].append(e.box)
        else:
            kept.append(e)
    elements[:] = [
        dataclasses.replace(e, printed=tuple(printed[e.id])) if printed.get(e.id) else e
        for e in kept
    ]


def _stuck_badges(elements: list[Element]) -> dict[str, str]:
    """Badge id -> id of the product it is stuck on.

    A "-50%" sticker on a product's corner is part of the product shot: lifted apart, the
    product would keep a bite where the sticker covered it, and the layout would put the
    two side by side. A badge that only grazes a product's edge is not stuck on it: on a
    photo that "product" can be a region of the picture next to the badge.
    """
    prods = [e for e in elements if e.kind == "product"]
    badges = [e for e in elements if e.kind == "badge"]
    stuck = _on_pictures(badges, prods, BADGE_STUCK_OVERLAP)
    # a label on a picture's corner ("AFTER" on the second of two photos) is found as a
    # button, a dark box of words; lying mostly on the picture it is the picture's (the
    # call, a button off the pictures, stays)
    buttons = [e for e in elements if e.kind == "cta"]
    labels = _on_pictures(buttons, prods, LABEL_ON_PICTURE)
    if len(labels) < len(buttons):
        stuck.update(labels)
    return stuck


def _on_pictures(items: list[Element], prods: list[Element], share: float) -> dict[str, str]:
    """Item id -> id of the product that covers the most of it, for the items of which
    it covers at least ``share`` of the box."""
    out: dict[str, str] = {}
    for e in items:
        covered = max(prods, key=lambda p: p.box.intersection(e.box), default=None)
        if covered and covered.box.intersection(e.box) >= share * e.box.area:
            out[e.id] = covered.id
    return out


def _captions(elements: list[Element], stuck_on: dict[str, str]) -> dict[str, str]:
    """Caption id -> id of the product (or badge) it captions, in a grid of captioned
    products (or a row of icons with their labels).

    An e-commerce banner shows several products, each with its name and price right
    under it; a product banner, its features as round icons, each with a word under it.
    Laid out as separate text, the names and prices left their pictures (a column of
    prices beside a row of pictures). A caption is body text or small print under a
    product, within its width (CAPTION_OVERHANG), starting within CAPTION_GAP of its
    height below it (or below the caption above it); it joins its product only when at
    least two products of a kind have captions: one picture over a line of text is a
    layout, not a caption. A badge stuck on a product (``stuck_on``) travels with the
    product and takes no caption of its own.
    """
    found: dict[str, str] = {}
    for kind in ("product", "badge"):
        items = [e for e in elements if e.kind == kind and e.id not in stuck_on]
        found.update(_captions_of(items, elements, found))
    return found


def _captions_of(
    prods: list[Element], elements: list[Element], taken: dict[str, str]
) -> dict[str, str]:
    """Caption id -> id of one of ``prods`` (see _captions); none unless two have one."""
    texts = [e for e in elements if e.kind in ("body", "small_print") and e.id not in taken]
    found: dict[str, str] = {}
    captioned = 0
    for p in prods:
        bottom, gap, over = p.box.y1, CAPTION_GAP * p.box.h, CAPTION_OVERHANG * p.box.w
        mine = 0
        while True:
            below = [
                t
                for t in texts
                if t.id not in found
                and p.box.x0 - over <= t.box.x0
                and t.box.x1 <= p.box.x1 + over
                and bottom - 0.1 * t.box.h <= t.box.y0 <= bottom + gap
            ]
            if not below:
                break
            t = min(below, key=lambda e: e.box.y0)
            found[t.id] = p.id
            bottom, mine = t.box.y1, mine + 1
        captioned += mine > 0
    return found if captioned >= 2 else {}


def _with_badges_stuck(elements: list[Element], stuck_on: dict[str, str]) -> list[Element]:
    """Each stuck badge composited over its product's layer: one element, the product."""
    by_id = {e.id: e for e in elements}
    out = []
    for e in elements:
        if e.id in stuck_on:
            continue
        badges = [by_id[b] for b, p in stuck_on.items() if p == e.id]
        if badges:
            e = _composite(e, badges)
        out.append(e)
    return out


def _composite(prod: Element, badges: list[Element]) -> Element:
    """The product's layer with the badges' layers laid over it ("over", straight alpha).

    A product lifted as a rectangle of a picture brings its fading margin baked into its
    alpha: the merged layer is no longer a plain rectangle for the renderer to feather.
    """
    layer = _laid_over([_baked_feather(prod)] + [b.layer for b in badges])
    box = union_all([prod.box] + [b.box for b in badges])
    return dataclasses.replace(prod, box=box, layer=layer)


def _baked_feather(e: Element) -> Layer:
    """A rectangle layer with the renderer's border fade applied to its alpha."""
    layer = e.layer
    if not layer.rect:
        return layer
    h, w = layer.rgba.shape[:2]
    rgba = layer.rgba.copy()
    rgba[..., 3] *= edge_fade(h, w, rect_feather(e.box, layer.box))
    return Layer(layer.box, rgba)


def _bullets_on_lines(elements: list[Element]) -> list[Element]:
    """Each bullet icon (a check mark in a disc before a list item) made the first word
    of its line, its pixels composited into the line's layer.

    Found as a decoration, it was dropped from every new layout (decorations belong to
    the old shape), and the list's items stood bare; as the line's first word it keeps
    its place before the item's words however the item is set.
    """
    texts = [e for e in elements if e.is_text and e.lines]
    taken: dict[str, list[tuple[int, list[Element]]]] = {}
    for run in _icon_runs([d for d in elements if d.kind == "decoration"]):
        hit = _bulleted_line(run, texts)
        if hit is not None:
            host, line_no = hit
            taken.setdefault(host.id, []).append((line_no, run))
    if not taken:
        return elements
    gone = {d.id for pairs in taken.values() for _, run in pairs for d in run}
    out = []
    for e in elements:
        if e.id in gone:
            continue
        out.append(_with_bullets(e, taken[e.id]) if e.id in taken else e)
    return _items_alike(out, set(taken))


def _underlines_on_lines(elements: list[Element]) -> list[Element]:
    """A short line's underline (a text link's: "DISCOVER NOW" over a rule) drawn into
    its line, and the line one word with it.

    A rule a few pixels thin was painted out of the plate with the specks, and the link
    stood bare in every layout. As one word with its words (never broken, see
    plan.text._is_label) the rule stays under them wherever they go.
    """
    rules = [e for e in elements if e.kind == "decoration"]
    texts = [e for e in elements if e.is_text and len(e.lines) == 1]
    under: dict[str, Element] = {}
    for r in rules:
        for t in texts:
            ln = t.lines[0]
            if t.id in under or not 0 < len(ln.words) <= UNDERLINE_WORDS:
                continue
            if _is_underline(r.box, ln.box):
                under[t.id] = r
                break
    if not under:
        return elements
    gone = {r.id for r in under.values()}
    return [
        _with_underline(e, under[e.id]) if e.id in under else e
        for e in elements
        if e.id not in gone
    ]


def _is_underline(b: Box, line: Box) -> bool:
    """Whether a rule's box ``b`` lies under ``line`` as its underline (UNDERLINE_*)."""
    lh = line.h
    if b.h > UNDERLINE_THICK * lh or b.w < UNDERLINE_SPAN * line.w:
        return False
    if min(b.x1, line.x1) - max(b.x0, line.x0) < UNDERLINE_UNDER * b.w:
        return False
    return line.y1 - UNDERLINE_REACH[0] * lh <= b.y0 <= line.y1 + UNDERLINE_REACH[1] * lh


def _with_underline(e: Element, rule: Element) -> Element:
    """``e`` (one line) with ``rule`` drawn in its layer and the line one word with it."""
    ln = e.lines[0]
    word = union_all([w.box for w in ln.words] + [rule.box])
    line = TextLine(ln.box.union(rule.box), (Word(word),), ln.baseline)
    layer = dataclasses.replace(_laid_over([e.layer, rule.layer]), rect=e.layer.rect)
    return dataclasses.replace(e, box=e.box.union(rule.box), layer=layer, lines=(line,))


def _items_alike(elements: list[Element], bulleted: set[str]) -> list[Element]:
    """The items of one bulleted list as one kind of text: an item without descenders
    ("Taxes filed on time") has a shorter line box than its neighbours and was taken
    for small print, set smaller than the items around it in every layout."""
    items = [e for e in elements if e.id in bulleted]
    if len(items) < 2 or not any(e.kind == "body" for e in items):
        return elements
    body = next(e for e in items if e.kind == "body")
    return [
        dataclasses.replace(e, kind="body", importance=body.importance)
        if e.id in bulleted and e.kind == "small_print"
        else e
        for e in elements
    ]


def _icon_runs(icons: list[Element]) -> list[list[Element]]:
    """``icons`` in runs, left to right: each next to the one before it (at most ICON_GAP
    of its height apart, of about its height, in its row); a lone icon is a run of one."""
    runs: list[list[Element]] = []
    for d in sorted(icons, key=lambda e: e.box.x0):
        b = d.box
        for run in runs:
            last = run[-1].box
            if (
                0.0 <= b.x0 - last.x1 <= ICON_GAP * last.h
                and abs(b.h - last.h) <= 0.3 * last.h
                and abs(b.cy - last.cy) <= BULLET_OFF_CENTRE * last.h
            ):
                run.append(d)
                break
        else:
            runs.append([d])
    return runs


def _bulleted_line(run: list[Element], texts: list[Element]) -> tuple[Element, int] | None:
    """The text element and line number the icons of ``run`` stand before as its
    bullet, if any (a lone icon is no wider than BULLET_ASPECT times its height)."""
    b = union_all([d.box for d in run])
    if len(run) == 1 and not _squarish(b):
        return None
    for t in texts:
        for i, ln in enumerate(t.lines):
            first = min(w.box.x0 for w in ln.words) if ln.words else ln.box.x0
            # (the gap after an icon taller than the words goes by the icon's height)
            if _stands_before(b, ln.box, first, BULLET_GAP * max(ln.box.h, b.h)):
                return t, i
    return None


def _squarish(b: Box) -> bool:
    """Whether ``b`` is at most BULLET_ASPECT times as wide as tall (or tall as wide)."""
    return max(b.w, b.h) <= BULLET_ASPECT * min(b.w, b.h)


def _stands_before(b: Box, line: Box, start: float, most: float) -> bool:
    """Whether ``b`` is about ``line``'s height (BULLET_SIZE), centred on its row
    (BULLET_OFF_CENTRE), and ends before ``start`` (a little overlap allowed) by at most
    ``most`` pixels: an icon of the line."""
    lh = line.h
    return (
        BULLET_SIZE[0] * lh <= b.h <= BULLET_SIZE[1] * lh
        and abs(b.cy - line.cy) <= BULLET_OFF_CENTRE * lh
        and -0.1 * lh <= start - b.x1 <= most
    )


def _with_bullets(e: Element, bullets: list[tuple[int, list[Element]]]) -> Element:
    """``e`` with each bullet (a run of icons) the first word of its line and drawn in
    its layer."""
    lines = list(e.lines)
    icons = [d for _, run in bullets for d in run]
    for i, run in bullets:
        ln = lines[i]
        b = union_all([d.box for d in run])
        lines[i] = TextLine(ln.box.union(b), (Word(b), *ln.words), ln.baseline)
    layer = _laid_over([e.layer] + [d.layer for d in icons])
    box = union_all([e.box] + [d.box for d in icons])
    layer = dataclasses.replace(layer, rect=e.layer.rect)
    return dataclasses.replace(e, box=box, layer=layer, lines=tuple(lines))


def _laid_over(layers: list[Layer]) -> Layer:
    """One layer of ``layers`` laid over each other in order, on the whole pixels their
    boxes cover together."""
    lb = union_all([la.box for la in layers])
    x0, y0 = int(np.floor(lb.x0)), int(np.floor(lb.y0))
    rgba = np.zeros((int(np.ceil(lb.y1)) - y0, int(np.ceil(lb.x1)) - x0, 4), np.float32)
    for la in layers:
        _over(rgba, la, int(round(la.box.x0)) - x0, int(round(la.box.y0)) - y0)
    return Layer(Box(x0, y0, x0 + rgba.shape[1], y0 + rgba.shape[0]), rgba)


def _over(rgba: np.ndarray, la: Layer, ox: int, oy: int) -> None:
    """``la`` laid over ``rgba`` with its top-left at pixel (ox, oy), straight alpha."""
    h = min(la.rgba.shape[0], rgba.shape[0] - oy)
    w = min(la.rgba.shape[1], rgba.shape[1] - ox)
    top = la.rgba[:h, :w]
    under = rgba[oy : oy + h, ox : ox + w]
    a_top, a_under = top[..., 3:4], under[..., 3:4]
    a_out = a_top + a_under * (1 - a_top)
    color = (top[..., :3] * a_top + under[..., :3] * a_under * (1 - a_top)) / np.maximum(
        a_out, 1e-6
    )
    rgba[oy : oy + h, ox : ox + w] = np.dstack([color, a_out])
