"""Scrims drawn again: the panels of words that sat on one scrim of the source joined
into one where they land next to each other (_join_scrims), and a button that sat on
its words' scrim taken back onto it (_buttons_on_scrims).

These work on a re-layout's placements and panels once they are on the canvas, not on
the tree they were laid out from.
"""

from __future__ import annotations

from bannerfit.engine.model import Analysis, Panel
from bannerfit.engine.plan.types import PanelPlacement, Placement

#: panels of one scrim this close (times the taller panel's height) are drawn as one
SCRIM_JOIN_GAP = 0.5


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
