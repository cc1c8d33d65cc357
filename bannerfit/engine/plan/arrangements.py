"""Arrangements: the units made of an analysis's elements (_units), and the trees of
rows and columns tried for a canvas (_arrangements), in the source's reading order, with
buttons side by side, bylines, eyebrows and rows of pictures kept together.

It only proposes trees; the solver sizes them and the re-layouts score them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from bannerfit.engine.geometry import Box
from bannerfit.engine.model import Analysis
from bannerfit.engine.plan.types import Node, Unit
from bannerfit.engine.prompt import PromptDirectives

#: a canvas wider than this (W / H) gets the row arrangements; narrower ones stack
ROW_ASPECT = 1.8
#: a canvas at least this wide (W / H: 728x90, 320x50) also gets the strip arrangement
#: of a headline over its sub-line and button; on a 1200x628 it won by breaking a
#: one-line headline in two beside the logo, where the stack reads better, and on a
#: 970x250 by shrinking the button to its cap beside the sub-line (own set: 2 lost, 1 won)
STRIP_ROWS_ASPECT = 5.0
#: a portrait at most BYLINE_PICTURE_LINES times as tall as the blocks of body text it
#: stands just before (at most BYLINE_GAP of its width away) is their byline
BYLINE_PICTURE_LINES = 4.0
BYLINE_GAP = 0.6
#: ... on canvases of an aspect (W / H) between these
BYLINE_ASPECTS = (0.55, ROW_ASPECT)
#: this many pictures (low, high) are also set in a grid of rows of two or three
GRID_PICTURES = (4, 9)
#: badges side by side in the source (a countdown's days, hours and minutes, feature
#: icons) stay a row on canvases at least this wide (W / H)
BADGE_ROW_MIN_ASPECT = 0.4
#: a source at least this wide reads in columns, not top to bottom (see _arrangements)
WIDE_SOURCE_ASPECT = 1.6


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


def _kept_in_row(items: Sequence[Unit | Node], members: list[Unit]) -> list[Unit | Node]:
    """``items`` with ``members`` that stood side by side in the source set as one row
    where the first of them stands: an app's two store buttons stacked one over the
    other read as two separate calls, a countdown's days, hours and minutes in a column
    no longer read as a time."""
    row = _one_row(members)
    if not row:
        return list(items)
    out: list[Unit | Node] = []
    placed = False
    for u in items:
        if isinstance(u, Node) or u not in row:
            out.append(u)
        elif not placed:
            out.append(Node("row", row))
            placed = True
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
    # ... and so is a tag over it (a pill of words, "LIMITED OFFER": not the call, which
    # a wide source's stack had set it beside, after the copy)
    tags = [u for u in cta if _over(u, head)] if len(cta) > 1 else []
    eyebrow |= {u.element.id for u in tags}

    def eyebrow_first(us: list[Unit]) -> list[Unit]:
        return sorted(us, key=lambda u: u.element.id not in eyebrow)

    in_row = cta if buttons_in_row else []
    # (not in strips, where a portrait beside the words' lines takes the height they
    # need, nor in skyscrapers, where it leaves the name a column a word wide)
    bylines = _bylines(prod, body) if BYLINE_ASPECTS[0] < aspect < BYLINE_ASPECTS[1] else {}
    prod = [u for u in prod if id(u) not in _byline_members(bylines)]
    # the pictures as set: badges side by side in the source stay a row (not in a
    # skyscraper, where a row of feature icons leaves their labels a few pixels tall)
    badges = pick("badge") if aspect >= BADGE_ROW_MIN_ASPECT else []
    shown = _kept_in_row(prod, badges)
    words = _with_bylines(
        _kept_in_row(
            eyebrow_first(head + body + tags) + [u for u in cta if u not in tags]
            if wide
            else _reading_order(head + body + cta),
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
        [*text_col, *shown]
        if wide
        else _with_bylines(
            _kept_in_row(_kept_in_row(_reading_order(units), in_row), badges),
            bylines,
        )
    )
    out.append(("stack", Node("col", everything)))
    if prod:
        out.append(("stack_text_first", Node("col", [*text_col, *shown])))
        out.append(("stack_image_first", Node("col", [*logo, *shown, *words])))
        column = Node("col", text_col, wrap=True)
        out.append(("split_image_left", Node("row", [Node("col", shown), column])))
        out.append(("split_text_left", Node("row", [column, Node("col", shown)])))
        out.append(
            (
                "split_text_left_logo",
                Node(
                    "row",
                    [
                        Node("col", text_col, align="left", wrap=True),
                        Node("col", shown),
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
    pictures = _reading_order(pick("product", "person"))
    if GRID_PICTURES[0] <= len(pictures) <= GRID_PICTURES[1] and len(pictures) == len(prod):
        # four or more pictures (a shop's new arrivals) in rows of two or three: a
        # single row or column of them leaves a tall canvas's pictures small
        for per_row in (2, 3):
            rows = [pictures[i : i + per_row] for i in range(0, len(pictures), per_row)]
            if len(rows) < 2:
                continue
            grid = Node("col", [Node("row", r) for r in rows])
            out.append((f"stack_grid{per_row}", Node("col", [*text_col, grid])))
    row_of_pictures = _one_row(prod)
    # (not when they are badges, already kept a row)
    if row_of_pictures and row_of_pictures[0] in everything:
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
            ("stack_product_middle", Node("col", [*logo, *words[:cut], *shown, *words[cut:]]))
        )
    return [(n, node) for n, node in out if node.children]
