"""What analysis finds in a banner: the data every later stage works from."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

import numpy as np

from bannerfit.engine.geometry import Box

ElementKind = Literal[
    "headline", "body", "cta", "small_print", "logo", "product", "person", "badge", "decoration"
]
BackgroundKind = Literal["flat", "gradient", "texture", "photo"]
TEXT_KINDS: frozenset[str] = frozenset({"headline", "body", "small_print"})
#: elements whose pictures are lifted off the background, faces and all
LIFTED_KINDS: frozenset[str] = frozenset({"product", "person", "logo", "badge"})


@dataclass(frozen=True)
class Word:
    """One word: a box of source pixels that moves as a whole when a line reflows."""

    box: Box


@dataclass(frozen=True)
class TextLine:
    box: Box
    words: tuple[Word, ...]
    #: y of the line's baseline (bottom of its letters without descenders); reflowed
    #: words from different lines sit on one baseline. None: the box's bottom.
    baseline: float | None = None


@dataclass(frozen=True, eq=False)
class Layer:
    """Source pixels of an element, colour un-mixed from the old background, plus alpha.

    ``rgba`` is float32 in 0..1 over ``box`` (full-resolution source pixels), so the
    element can be laid onto any new background without carrying the old one along.
    """

    box: Box
    rgba: np.ndarray
    #: True when the pixels are a plain rectangle of the source (busy backgrounds and
    #: scrims): the renderer feathers its border instead of relying on a matte
    rect: bool = False

    def opaque_within(self, box: Box) -> bool:
        """Whether its opaque pixels (alpha over 0.5) fill OPAQUE_PICTURE of ``box``
        (source pixels): a rectangle of photograph, not a cut-out shape."""
        inside = self.rgba[box.moved(-self.box.x0, -self.box.y0).pixels()][..., 3]
        return inside.size > 0 and float(np.mean(inside > 0.5)) >= OPAQUE_PICTURE


#: a picture whose layer is opaque over this share of its box is a rectangle of
#: photograph (see Layer.opaque_within)
OPAQUE_PICTURE = 0.97


@dataclass(frozen=True)
class Panel:
    """A plain panel drawn behind a text element in every layout."""

    color: tuple[float, float, float]
    opacity: float
    #: a quiet panel made for words on a busy picture (no scrim in the source): it
    #: fades out at its edges instead of showing as a pasted rectangle
    soft: bool = False
    #: the scrim's extent in the source: text blocks that sat on one scrim share it, and
    #: where they land next to each other they are drawn on one panel again
    scrim: Box | None = None
    #: a translucent panel of the source over a picture (a veil): the picture under it
    #: was recovered, and shows through it (frosted) in every layout
    veil: bool = False


@dataclass(frozen=True, eq=False)
class Element:
    id: str
    kind: ElementKind
    box: Box
    layer: Layer
    importance: float
    group: str
    lines: tuple[TextLine, ...] = ()
    #: colour (0..1 RGB) and opacity of a panel (scrim) the text sat on, redrawn behind it
    panel: Panel | None = None
    #: the boxes of words printed on a picture (a label, a photo credit): they travel
    #: with it as its own pixels, and a crop of the picture keeps them whole
    printed: tuple[Box, ...] = ()

    @property
    def is_text(self) -> bool:
        return self.kind in TEXT_KINDS

    @cached_property
    def line_height(self) -> float:
        if not self.lines:
            return self.box.h
        return float(np.median([ln.box.h for ln in self.lines]))


def faces_off_pictures(faces: Sequence[Box], elements: Sequence[Element]) -> list[Box]:
    """The faces that are the background's own: not those mostly inside a lifted picture
    (a cat's face on a product shot travels with the product, and where the shot was,
    the plate holds the backdrop, not a face)."""
    lifted = [e.box for e in elements if e.kind in LIFTED_KINDS]
    return [f for f in faces if not any(f.intersection(b) >= 0.5 * f.area for b in lifted)]


@dataclass(frozen=True, eq=False)
class Background:
    kind: BackgroundKind
    #: full-source-size clean plate at working resolution (float32 0..1 RGB)
    plate: np.ndarray
    #: scale from source pixels to plate pixels
    plate_scale: float
    mean_color: tuple[float, float, float]
    noise: float


@dataclass(frozen=True)
class Frame:
    """A one-colour border around the whole banner (source pixels; see engine.frame)."""

    inset: float
    thickness: float
    color: tuple[float, float, float]


@dataclass(frozen=True, eq=False)
class Analysis:
    width: int
    height: int
    source: np.ndarray  # full-resolution RGB float32 0..1
    background: Background
    elements: tuple[Element, ...]
    faces: tuple[Box, ...] = ()
    confidence: float = 1.0
    notes: tuple[str, ...] = field(default_factory=tuple)
    #: why ``confidence`` is below what the background alone allows (also in ``notes``)
    doubts: tuple[str, ...] = field(default_factory=tuple)
    #: the border around the source, taken off ``source`` and drawn again on every output
    frame: Frame | None = None

    def by_kind(self, *kinds: str) -> list[Element]:
        return [e for e in self.elements if e.kind in kinds]
