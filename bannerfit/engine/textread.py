"""Reading a text line with the PP-OCR recogniser that ships inside the rapidocr wheel.

The engine never redraws glyphs, so it does not need to know what words say. It reads
them for one reason: to check its own work. Words straight on a photo are matted off
it (analyze.mattes._matte_text), and where the photo holds patches of the ink's own colour (a
white cup rim behind white letters) the matte can take a letter's stroke for the
photo, or the photo for a letter. Reading the line in the source and in the matte
tells whether the words survived; when they did not, they are lifted whole, as a box
of the picture, and the analysis says it is unsure.
"""

from __future__ import annotations

import difflib
import re
import threading
from functools import lru_cache

import cv2
import numpy as np

from bannerfit.engine import ocrmodels

_LOCK = threading.Lock()
_REC_MODEL = "PP-OCRv6_rec_small.onnx"
#: the recogniser's input height; a line is resized to it, keeping its aspect
REC_HEIGHT = 48
#: ... and lines wider than this (in input pixels) are read squeezed to it
REC_MAX_WIDTH = 2400


def _session():  # type: ignore[no-untyped-def]
    return ocrmodels.session(_REC_MODEL)


@lru_cache(maxsize=1)
def _alphabet() -> tuple[str, ...]:
    """The model's characters (stored in its own metadata), by output index - 1."""
    chars = _session().get_modelmeta().custom_metadata_map.get("character", "")
    return tuple(chars.split("\n")) + (" ",)


def warm_up() -> None:
    _alphabet()


def read_line(rgb: np.ndarray) -> str:
    """The text of one line of ``rgb`` (HxWx3 uint8), by greedy CTC decoding."""
    h, w = rgb.shape[:2]
    if h < 2 or w < 2:
        return ""
    width = int(min(REC_MAX_WIDTH, max(8, np.ceil(REC_HEIGHT * w / h))))
    interp = cv2.INTER_AREA if h > REC_HEIGHT else cv2.INTER_LINEAR
    img = cv2.resize(
        np.ascontiguousarray(rgb[:, :, ::-1]), (width, REC_HEIGHT), interpolation=interp
    )
    x = ((img.astype(np.float32) / 255.0 - 0.5) / 0.5).transpose(2, 0, 1)[None]
    alphabet = _alphabet()
    with _LOCK:
        scores = _session().run(None, {"x": x})[0][0]
    out: list[str] = []
    previous = -1
    for i in scores.argmax(axis=1):
        if i != previous and 0 < i <= len(alphabet):
            out.append(alphabet[i - 1])
        previous = int(i)
    return "".join(out)


def normalized(text: str) -> str:
    """Lower-case letters and digits only: what two readings of one line must share."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


def agreement(a: str, b: str) -> float:
    """How alike two readings are (0-1), over their letters and digits."""
    na, nb = normalized(a), normalized(b)
    if not na and not nb:
        return 1.0
    return difflib.SequenceMatcher(None, na, nb).ratio()
