"""The planner's data: what it hands out (Plan, Placement, PanelPlacement) and what it
lays out (Unit, Sized, Node).

Every other part of the planner builds on these and they build on none of it, so they
sit at the bottom of the package. A unit measures its words when it is made
(_measure_words), so that measurement lives with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bannerfit.engine.geometry import Box
from bannerfit.engine.model import Element, Panel


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


@dataclass
class Node:
    """A row or column of units / nodes."""

    axis: str  # "row" | "col"
    children: list  # list[Node | Unit]
    align: str | None = None  # None: the layout's text alignment
    #: in a row, a column that wraps its text into the width the row leaves it (the text
    #: half of a split); other columns keep their lines as long as they are
    wrap: bool = False
