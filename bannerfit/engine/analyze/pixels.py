"""Small pixel helpers the finders share: the ring of pixels around a box, filled
holes, grey levels, and where colour is flat (a lossy file's speckle filtered out
first).
"""

from __future__ import annotations

import cv2
import numpy as np

from bannerfit.engine.arrays import channel_max
from bannerfit.engine.geometry import Box

#: _flat_marks: largest colour variance (5x5 window, 0..1 units) of a solid shape's
#: pixels (a standard deviation of 3.6 grey levels); for a lossy source on a plain
#: background, where no texture competes, FLAT_MARK_VAR_LOSSY (10 levels): JPEG's
#: ringing around the letter in a small logo tile broke the tile's flat ring into
#: specks at the tighter one (own_006 and own_012 at quality 85: their brands were read
#: as headlines or sub-lines)
FLAT_MARK_VAR = 2e-4
FLAT_MARK_VAR_LOSSY = 1.5e-3
#: ... and for a lossy source on a texture or photo FLAT_MARK_VAR_LOSSY_BUSY (5.7 levels;
#: own_019's brand tile on bricks at quality 85 was specks, and a brick blob its mark)
FLAT_MARK_VAR_LOSSY_BUSY = 5e-4
#: a lossy source's flat marks and rare colours are read after a median of this size
#: (see _denoised)
LOSSY_MEDIAN = 5


def _ring(img: np.ndarray, box: Box, pad: float) -> np.ndarray:
    h, w = img.shape[:2]
    o = box.padded(pad).clipped(w, h)
    x0, y0, x1, y1 = int(o.x0), int(o.y0), int(np.ceil(o.x1)), int(np.ceil(o.y1))
    i = box.clipped(w, h)
    m = np.ones((y1 - y0, x1 - x0), bool)
    m[int(i.y0) - y0 : int(np.ceil(i.y1)) - y0, int(i.x0) - x0 : int(np.ceil(i.x1)) - x0] = False
    return img[y0:y1, x0:x1][m]


def _fill_holes(m: np.ndarray) -> np.ndarray:
    inv = (~m).astype(np.uint8)
    n, lab = cv2.connectedComponents(inv, connectivity=4)
    border = set(np.unique(np.concatenate([lab[0], lab[-1], lab[:, 0], lab[:, -1]])).tolist())
    holes = (lab > 0) & ~np.isin(lab, list(border))
    return m | holes


def _gray(img: np.ndarray) -> np.ndarray:
    """An RGB image in 0..1 as 8-bit grey levels, the scale the edge thresholds use."""
    return cv2.cvtColor((np.clip(img, 0, 1) * 255).astype(np.uint8), cv2.COLOR_RGB2GRAY)


def _denoised(work: np.ndarray) -> np.ndarray:
    """``work`` with a lossy file's speckle filtered out (a median per channel, which
    keeps edges and makes no new colours). In own_004's JPEG the chroma noise had
    broken the brand's small green hexagon into specks (a flat patch of the photo at
    the banner's edge became its mark) and spread its black helmet over greys the
    photo's border shows (it stayed in the backdrop)."""
    u8 = (np.clip(work, 0, 1) * 255 + 0.5).astype(np.uint8)
    return cv2.medianBlur(u8, LOSSY_MEDIAN).astype(np.float32) / 255.0


def _flat_marks(work: np.ndarray, max_var: float = FLAT_MARK_VAR) -> np.ndarray:
    """Pixels of locally constant colour: solid shapes stand out on textures and photos."""
    g = work.astype(np.float32)
    mu = cv2.blur(g, (5, 5))
    var = cv2.blur(g * g, (5, 5)) - mu * mu
    return channel_max(var) < max_var
