"""What the stages of analyze() hand on to each other.

The stages run in a fixed order, each reading what the ones before found; handing it
on as a few named records keeps every stage's inputs in its signature. The records are
frozen: the clean plate is a new _Backdrop. Only _Findings is filled in place, as the
finders add their elements to it one by one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bannerfit.engine.analyze.veils import Veil
from bannerfit.engine.geometry import Box
from bannerfit.engine.model import Element, ElementKind, Frame, Layer, TextLine


@dataclass(frozen=True)
class _LogoParts:
    """A brand found as a mark beside its word (working pixels): what a logo on a
    picture is matted from, instead of being lifted as a box of the picture."""

    mark: Box
    #: the mark's flat shape (bool over ``mark``, glyph holes filled); None for a mark
    #: found as a blob or a lone glyph, whose outline is not known
    mark_mask: np.ndarray | None
    word: Box


@dataclass(frozen=True)
class _Canvas:
    """The banner as it is taken apart: the full-resolution pixels its elements are
    lifted from, and the bounded working view they are found on.

    Every stage reads both, and the scale between them, so they travel together.
    """

    #: full-resolution pixels (HxWx3 uint8), a border around the banner painted out
    rgb: np.ndarray
    #: the same pixels as float32 0..1
    src: np.ndarray
    #: the working view (float32 0..1) everything is found on
    work: np.ndarray
    #: the colours flat marks and rare objects are read from: ``work``, or a lossy file's
    #: without its speckle (see _denoised)
    colours: np.ndarray
    #: working pixels per source pixel
    scale: float
    #: the source's size, in pixels
    width: int
    height: int
    #: the working view's size, in pixels
    work_width: int
    work_height: int
    #: the border around the banner, drawn again inside every output's edge
    frame: Frame | None
    #: the pixels come from a lossy file (JPEG, WebP)
    lossy: bool


@dataclass(frozen=True)
class _Backdrop:
    """The background behind the elements (working pixels): first a plate fitted
    around the text lines, whose difference from the picture finds the foreground;
    then the clean plate, fitted (or inpainted) without any element.

    The finders between the two compare with the first plate; the elements' pixels are
    un-mixed from the clean one.
    """

    #: the background's estimate (float32 0..1, working pixels)
    plate: np.ndarray
    #: the background's kind as classified (see engine.model.BackgroundKind)
    kind: str
    #: its noise level (median residual on the background)
    noise: float
    #: the foreground: where a plain background's plate differs from the picture (none
    #: on a texture or photo)
    fg: np.ndarray
    #: a texture or photo behind everything: no trustworthy plate, so words are matted
    #: and objects found by colour and outline
    busy: bool


@dataclass(frozen=True)
class _Findings:
    """The elements found so far, in the order found, with what lifting each needs and
    the working pixels they cover.

    The finders add elements one at a time through ``add`` (an element's id counts the
    elements of its kind before it), and later finders keep out of what earlier ones
    took (``occupied``); the lists and the mask are filled in place, the record itself
    never changes.
    """

    canvas: _Canvas
    elements: list[Element]
    #: for each element: its id, its shape's mask (working pixels over its box, or None),
    #: its box in working pixels and whether it is solid (see _lift_layer)
    specs: list[tuple]
    #: working pixels covered by the elements' boxes
    occupied: np.ndarray

    @classmethod
    def none_yet(cls, canvas: _Canvas) -> _Findings:
        """An empty record for ``canvas``: nothing found, nothing covered."""
        return cls(canvas, [], [], np.zeros((canvas.work_height, canvas.work_width), bool))

    def add(
        self,
        kind_: ElementKind,
        box_w: Box,
        mask_w: np.ndarray | None,
        solid: bool,
        importance: float,
        group: str,
        tlines: tuple[TextLine, ...] = (),
        panel=None,
    ) -> None:
        """Record an element; its pixels are lifted once the final clean plate exists."""
        s, W, H = self.canvas.scale, self.canvas.width, self.canvas.height
        ww, wh = self.canvas.work_width, self.canvas.work_height
        elements, specs, occupied = self.elements, self.specs, self.occupied
        box_f = box_w.scaled(1 / s).clipped(W, H)
        eid = f"{kind_}{sum(1 for e in elements if e.kind == kind_)}"
        empty = Layer(box_f, np.zeros((1, 1, 4), np.float32))
        elements.append(Element(eid, kind_, box_f, empty, importance, group, tlines, panel))
        specs.append((eid, mask_w, box_w, solid))
        occupied[box_w.clipped(ww, wh).pixels()] = True


@dataclass(frozen=True)
class _UnderText:
    """What the text blocks were found on (working pixels): the finders of products keep
    out of it, the clean plate loses it, and lifted boxes leave the scrims and veils
    behind.
    """

    #: a scrim's extent and its colour (and a quiet panel's box and colour)
    panels: list[tuple[Box, np.ndarray]]
    #: the picture's colour around plain words
    grounds: list[tuple[Box, np.ndarray]]
    #: the panels that are the source's own
    scrims: list[tuple[Box, np.ndarray]]
    #: translucent panels over a picture
    veils: list[Veil]
    #: the quiet panel's box (in panels) of each block
    quiet_boxes: dict[str, Box]
