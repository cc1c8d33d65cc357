"""Take a banner apart: text lines, buttons, logo, products, panels and the background.

Everything is found at a bounded working resolution, then each element's pixels are
lifted from the full-resolution source so that text stays sharp at every tier.

analyze() (orchestrate.py) runs the stages in order; each concern lives in a module of
its own: text lines, words and blocks (lines, words, blocks), buttons and badges and
the floods that find their shapes (shapes), scrims and veils (panels, veils), the logo
(logos), products and pictures (objects, frames, discs, with edges), what travels with a
product (attachments), mattes of words on a picture (mattes), the background plate
(plate), and the lifting of each element's pixels (lift, layers).
"""

from bannerfit.engine.analyze.orchestrate import analyze
from bannerfit.engine.analyze.pixels import (
    FLAT_MARK_VAR,
    FLAT_MARK_VAR_LOSSY,
    FLAT_MARK_VAR_LOSSY_BUSY,
)
from bannerfit.engine.analyze.veils import Veil

__all__ = [
    "FLAT_MARK_VAR",
    "FLAT_MARK_VAR_LOSSY",
    "FLAT_MARK_VAR_LOSSY_BUSY",
    "Veil",
    "analyze",
]
