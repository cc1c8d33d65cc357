"""What travels with a product: a badge stuck on it, text printed on it, and the
captions under it in a grid of products (composited with it into one element).
"""

from __future__ import annotations

import dataclasses

import numpy as np

from bannerfit.engine.analyze.state import _Findings
from bannerfit.engine.geometry import Box, edge_fade, rect_feather, union_all
from bannerfit.engine.model import Element, Layer

#: share of a badge's box that must lie on a product for the badge to be stuck on it
BADGE_STUCK_OVERLAP = 0.1
#: _captions: a caption starts within this share of its product's height below it ...
CAPTION_GAP = 0.3
#: ... and reaches past its sides by at most this share of its width
CAPTION_OVERHANG = 0.1


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
    stuck: dict[str, str] = {}
    prods = [e for e in elements if e.kind == "product"]
    for badge in [e for e in elements if e.kind == "badge"]:
        covered = max(prods, key=lambda p: p.box.intersection(badge.box), default=None)
        if covered and covered.box.intersection(badge.box) >= BADGE_STUCK_OVERLAP * badge.box.area:
            stuck[badge.id] = covered.id
    return stuck


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
    layers = [_baked_feather(prod)] + [b.layer for b in badges]
    lb = union_all([la.box for la in layers])
    rgba = np.zeros((int(lb.h), int(lb.w), 4), np.float32)
    for la in layers:
        ox, oy = int(la.box.x0 - lb.x0), int(la.box.y0 - lb.y0)
        h, w = la.rgba.shape[:2]
        under = rgba[oy : oy + h, ox : ox + w]
        a_top, a_under = la.rgba[..., 3:4], under[..., 3:4]
        a_out = a_top + a_under * (1 - a_top)
        color = (la.rgba[..., :3] * a_top + under[..., :3] * a_under * (1 - a_top)) / np.maximum(
            a_out, 1e-6
        )
        rgba[oy : oy + h, ox : ox + w] = np.dstack([color, a_out])
    box = union_all([prod.box] + [b.box for b in badges])
    return dataclasses.replace(prod, box=box, layer=Layer(lb, rgba))


def _baked_feather(e: Element) -> Layer:
    """A rectangle layer with the renderer's border fade applied to its alpha."""
    layer = e.layer
    if not layer.rect:
        return layer
    h, w = layer.rgba.shape[:2]
    rgba = layer.rgba.copy()
    rgba[..., 3] *= edge_fade(h, w, rect_feather(e.box, layer.box))
    return Layer(layer.box, rgba)
