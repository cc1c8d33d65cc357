"""Words: a line split at its word spaces, from its pixels when it is found and
again from its matte's alpha once it is matted.
"""

from __future__ import annotations

import dataclasses
import math

import cv2
import numpy as np

from bannerfit.engine.analyze.pixels import _ring
from bannerfit.engine.arrays import colour_distance
from bannerfit.engine.geometry import Box
from bannerfit.engine.model import Element, Layer, TextLine, Word

#: a matte's pixel above this alpha is ink when a line's rows are measured
MATTE_INK_ALPHA = 0.3
#: a word space is at least this share of its line's ink height ...
WORD_GAP = 0.28
#: ... and at least this many times the widest gap between letters of its line
WORD_GAP_JUMP = 1.5
#: ... or, in a matted line with two spaces or more each at least WORD_GAP_CLEAR_JUMP
#: times the widest letter gap, at least this share (own_025's serif sub-line on gravel:
#: spaces of 20-24 px against 73 px of ink, letter gaps up to 6 px, had been one word)
WORD_GAP_CLEAR = 0.2
WORD_GAP_CLEAR_JUMP = 2.5
#: a column of a line holding no more ink than this share of the line's height is a gap
#: (a rule 2 px thick crossing a 75 px headline, own_028, had bridged its word space)
HAIRLINE = 0.06
#: ... in lines at least this tall (in smaller ones a star's points and a letter's
#: serifs are as thin, and a rating's stars came apart)
HAIRLINE_LINE_PX = 40.0
#: in a line of capitals the ink's height is the cap height, about 3/4 of the type size
#: that letter and word spaces scale with: two upright stems stand 0.27 of it apart
#: (the N and E of a bold "PLANET", split and reflowed as "PLAN ET"), a word space
#: twice that; such a line's word space is at least this share of its height
WORD_GAP_CAPS = 0.36
#: a line is capitals when the top quarter of its ink rows holds at least this share of
#: the ink density of its middle half (lower case leaves only ascenders up there)
CAPS_TOP_DENSITY = 0.6
#: a letter-spaced line ("T H E  A U T U M N") splits into its letters at the word
#: space: it is one when at least TRACKED_RUNS runs, TRACKED_SHARE of them no wider than
#: TRACKED_LETTER_W of the line's height (single letters), and its word spaces are the
#: gaps at least WORD_GAP_JUMP times its median gap (the letters' spacing)
TRACKED_RUNS = 4
TRACKED_SHARE = 0.6
TRACKED_LETTER_W = 1.2
#: a band behind words (see _letter_ink) is a colour of a line's ink filling at least
#: BAND_FILL of its bounding box, at least BAND_MIN_HEIGHT line heights tall
BAND_FILL = 0.55
BAND_MIN_HEIGHT = 0.5
#: ... in lines at least this many pixels tall: in small print letters blur into
#: blobs that fill their boxes (a 7 px legal line split mid-word); own_029's 19 px
#: sub-line is no small print
BAND_MIN_LINE_PX = 14.0
#: ... with the letters' colour covering at least this share of its bounding box
BAND_LETTERS = 0.1
#: rounds of the 2-means that splits a line's ink in two colours, on at most about
#: TWO_COLOUR_SAMPLE of its pixels
TWO_COLOUR_ROUNDS = 4
TWO_COLOUR_SAMPLE = 2000
#: air kept above and below a word's ink, in line heights
WORD_VPAD = 0.12
#: between two matted lines a row is ink when it holds more than this share of the
#: busiest row's ink pixels (a picture's specks leave a few)
INK_ROW_SHARE = 0.02


def _dense_band_end(ink: np.ndarray, y0: float, default: float) -> float:
    """Row after the last one holding at least a third of the densest row's ink."""
    rows = ink.sum(axis=1)
    dense = np.nonzero(rows >= max(1.0, rows.max() / 3))[0] if rows.size else rows
    return float(y0 + dense[-1] + 1) if dense.size else default


def _split_words(img: np.ndarray, box: Box, to_src: float) -> tuple[Word, ...]:
    """Words of a line: runs of ink separated by gaps wider than a third of the line height."""
    h, w = img.shape[:2]
    b = box.clipped(w, h)
    x0, y0, x1, y1 = int(b.x0), int(b.y0), int(np.ceil(b.x1)), int(np.ceil(b.y1))
    patch = img[y0:y1, x0:x1]
    if patch.size == 0:
        return (Word(box.scaled(to_src)),)
    ring = _ring(img, b, max(1.0, b.h * 0.1))
    bgc = np.median(ring, axis=0) if ring.size else np.median(patch.reshape(-1, 3), axis=0)
    off_ground = colour_distance(patch, bgc)
    ink = off_ground > 0.2
    # a band of another colour behind some words bridges the spaces beside them: the
    # spaces are those of the letters' own ink, where it shows more of them
    letters = _letter_ink(patch, ink, bgc, b.h)
    # capitals are told by the letters alone: a shape behind some words fills the top
    # of the line's rows as densely as its middle (own_029's sub-line over a disc had
    # been measured as capitals, its spaces against the wider capitals' share)
    share = WORD_GAP_CAPS if _capitals(letters) else WORD_GAP
    gap_min = max(2, int(round(b.h * share)))
    runs = _ink_runs(ink.any(axis=0), gap_min)
    # a thin rule crossing the line (a decorative stroke behind a headline) bridges its
    # word spaces too: there a column holds no more than a hairline of ink
    words_ink = letters.any(axis=0)
    if b.h >= HAIRLINE_LINE_PX:
        words_ink &= ink.sum(axis=0) > int(HAIRLINE * b.h)
    runs = _split_at(runs, _ink_runs(np.asarray(words_ink), gap_min))
    if not runs:
        return (Word(box.scaled(to_src)),)
    return _words_of(_tracked_words(runs, b.h), x0, box, b.h, to_src)


def _tracked_words(runs: list[tuple[int, int]], line_h: float) -> list[tuple[int, int]]:
    """The words of a letter-spaced line, whose letters stand as far apart as a plain
    line's words (see TRACKED_RUNS): the runs joined across every gap but the word spaces.

    Each letter of a tracked heading ("THE AUTUMN", "DISCOVER NOW") had been a word,
    and the words were set again with the layout's word space between letters that had
    stood apart: "THEAUTUMN" on one line, "DISCOV / ERNOW" broken in a skyscraper.
    Any other line is returned as it is.
    """
    if len(runs) < TRACKED_RUNS:
        return runs
    letters = [e - a <= TRACKED_LETTER_W * line_h for a, e in runs]
    if sum(letters) < TRACKED_SHARE * len(runs):
        return runs
    gaps = [b0 - e0 for (_, e0), (b0, _) in zip(runs, runs[1:], strict=False)]
    space = WORD_GAP_JUMP * float(np.median(gaps))
    words = [runs[0]]
    for (a, e), gap in zip(runs[1:], gaps, strict=True):
        if gap >= space:
            words.append((a, e))
        else:
            words[-1] = (words[-1][0], e)
    return words


def _letter_ink(
    patch: np.ndarray, ink: np.ndarray, ground: np.ndarray, line_h: float
) -> np.ndarray:
    """The ink of a line's letters, without a band of another colour behind some of them.

    A highlighter stroke behind a word ("Save [50%] today" on a yellow band) is off the
    ground too, and bridged the word spaces: the headline was one word, never broken,
    set on one line as narrow as a 160x600. The ink's pixels are split in two colours;
    one that fills most of its own bounding box, at least a line height wide and half
    a line tall, of the colour nearer the ground and with letters of the other colour
    on it, is a band (letters fill far less of their boxes), and is left out: a marker
    stroke, and as well a pale disc or the ground's own gradient past the ink threshold
    behind some words (own_029's sub-line over a light-blue disc, 0.23 off the ground,
    had been one word, never wrapped, and given up in a 160x600).
    """
    pixels = patch[ink]
    if line_h < BAND_MIN_LINE_PX or pixels.shape[0] < 16:
        return ink
    near_first = _two_colours(pixels)
    if near_first.all() or not near_first.any():
        return ink  # one colour: no band (and no median of no pixels)
    tones = [
        float(colour_distance(np.median(pixels[side], axis=0), ground))
        for side in (near_first, ~near_first)
    ]
    # the band is the colour nearer the ground, the letters the one farther off it
    faint = near_first if tones[0] < tones[1] else ~near_first
    part = np.zeros(ink.shape, np.uint8)
    part[ink] = faint
    letters = ink.copy()
    letters[ink] = ~faint
    band = np.zeros(ink.shape, bool)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(part, connectivity=8)
    for i in range(1, n):
        x, y, w, h, area = (int(v) for v in stats[i])
        if h < BAND_MIN_HEIGHT * line_h or w < line_h or area < BAND_FILL * h * w:
            continue
        # ... with letters on it
        if letters[y : y + h, x : x + w].sum() >= BAND_LETTERS * h * w:
            band |= labels == i
    return ink & ~band


def _split_at(runs: list[tuple[int, int]], finer: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``runs`` split at the gaps between the ``finer`` runs that lie inside them (the
    outer ends, and every run with fewer than two finer ones in it, stay as they are)."""
    out: list[tuple[int, int]] = []
    for r0, r1 in runs:
        inside = [(a, b) for a, b in finer if a >= r0 and b <= r1]
        if len(inside) < 2:
            out.append((r0, r1))
            continue
        starts = [r0] + [a for a, _ in inside[1:]]
        ends = [b for _, b in inside[:-1]] + [r1]
        out += list(zip(starts, ends, strict=True))
    return out


def _two_colours(pixels: np.ndarray) -> np.ndarray:
    """Which of ``pixels`` (N x 3) lie nearer the first of two colours they split into
    (2-means from the two pixels farthest apart along the colours' main axis, on an
    even sample; no randomness, so the same line always splits the same way)."""
    # the two colours are found on an even sample of the pixels (a few thousand), then
    # every pixel is given to the nearer
    sample = pixels[:: max(1, len(pixels) // TWO_COLOUR_SAMPLE)]
    centred = sample - sample.mean(axis=0)
    axis = np.linalg.svd(centred, full_matrices=False)[2][0]
    t = centred @ axis
    a, b = sample[int(np.argmin(t))], sample[int(np.argmax(t))]
    for _ in range(TWO_COLOUR_ROUNDS):
        near = colour_distance(sample, a) <= colour_distance(sample, b)
        if near.all() or not near.any():
            break
        a, b = sample[near].mean(axis=0), sample[~near].mean(axis=0)
    return np.asarray(colour_distance(pixels, a) <= colour_distance(pixels, b))


def _capitals(ink: np.ndarray) -> bool:
    """Whether a line's ink (rows x columns) is capitals (or figures): as dense at the
    top of its height as in the middle, where lower case has only its ascenders."""
    rows = np.nonzero(ink.any(axis=1))[0]
    if rows.size < 8:
        return False
    band = ink[rows[0] : rows[-1] + 1].mean(axis=1)
    n = band.size
    top, middle = band[: n // 4].mean(), band[n // 4 : n - n // 4].mean()
    return bool(middle > 0 and top >= CAPS_TOP_DENSITY * middle)


def _ink_runs(cols: np.ndarray, gap_min: int) -> list[tuple[int, int]]:
    """[start, end) of the runs of True in ``cols`` split by gaps of gap_min or more."""
    runs: list[tuple[int, int]] = []
    start = None
    gap = 0
    end = 0
    for i, c in enumerate(cols):
        if c:
            if start is None:
                start = i
            gap = 0
            end = i
        elif start is not None:
            gap += 1
            if gap >= gap_min:
                runs.append((start, end + 1))
                start = None
    if start is not None:
        runs.append((start, end + 1))
    return runs


def _word_runs(cols: np.ndarray, ink_h: float) -> list[tuple[int, int]]:
    """Words of a matted line: its ink runs split at the gaps that stand out.

    A word space is at least WORD_GAP of the ink's height, and clearly wider than the
    gaps between letters: at a matte's solid core a thin "r" stood 5 px off its "a",
    as far as the 0.28 rule alone allows, and "Compare" was reflowed as "Compa re". The
    sorted gaps are cut at the biggest jump, if it is at least WORD_GAP_JUMP times the
    next smaller gap (the first gap counts as following a zero gap: letters joined by
    their soft edges leave only word spaces); with no such jump the line is one word.
    Two spaces or more standing WORD_GAP_CLEAR_JUMP clear of every letter gap need only
    WORD_GAP_CLEAR of the ink's height: a serif's space is narrow against its ink.
    """
    letters = _ink_runs(cols, 1)
    gaps = sorted(b0 - e0 for (_, e0), (b0, _) in zip(letters, letters[1:], strict=False))
    least = max(2.0, WORD_GAP * ink_h)
    clear_least = max(2.0, WORD_GAP_CLEAR * ink_h)
    cut, jump = None, WORD_GAP_JUMP
    for i, (lo, hi) in enumerate(zip([0, *gaps], gaps, strict=False)):
        ratio = hi / lo if lo else math.inf
        # (spaces of several words standing clear of every letter gap: a serif's word
        # space is narrower against its ink, ascenders to descenders, than a sans's)
        clear = hi >= clear_least and ratio >= WORD_GAP_CLEAR_JUMP and len(gaps) - i >= 2
        if (hi >= least or clear) and ratio >= jump:
            cut, jump = hi, ratio
    if cut is not None:
        return _ink_runs(cols, cut)
    return [(letters[0][0], letters[-1][1])] if letters else []


def _words_of(
    runs: list[tuple[int, int]], x0: float, line: Box, h: float, to_src: float
) -> tuple[Word, ...]:
    """Word boxes for ink runs (offsets from x0) of a line of height h."""
    # a little air around each word lets the renderer feather its edge without cutting ink
    gaps = [b0 - e0 for (_, e0), (b0, _) in zip(runs, runs[1:], strict=False)]
    pad = max(1.0, min(0.12 * h, (min(gaps) / 2 - 1) if gaps else 0.12 * h))
    vpad = _word_vpad(h)
    return tuple(
        Word(Box(x0 + a - pad, line.y0 - vpad, x0 + e + pad, line.y1 + vpad).scaled(to_src))
        for a, e in runs
    )


def _resplit_words(e: Element, layer: Layer) -> Element:
    """Words and baseline of matted text found again in the matte's alpha.

    On a texture or a photo the first split, by distance from the colour around the
    line, sees the picture's specks as ink and the words run together; a headline that
    is one "word" cannot wrap, and a tall slot gets it one line wide and small. The
    matte holds the letters only. The word space is measured against the ink's height
    (a detector box can hold a drop shadow and air), but never less than 0.6 of the
    line box, so a line of small lowercase letters does not split into letters.
    """
    lb, alpha = layer.box, layer.rgba[..., 3]
    lines = []
    for ln in e.lines:
        x0 = max(0, int(ln.box.x0 - lb.x0))
        x1 = min(alpha.shape[1], int(np.ceil(ln.box.x1 - lb.x0)))
        y0 = max(0, int(ln.box.y0 - lb.y0))
        y1 = min(alpha.shape[0], int(np.ceil(ln.box.y1 - lb.y0)))
        sub = alpha[y0:y1, x0:x1]
        rows = (
            np.flatnonzero((sub > MATTE_INK_ALPHA).any(axis=1)) if sub.size else np.array([], int)
        )
        if rows.size == 0:
            lines.append(ln)
            continue
        ink_h = max(float(rows[-1] - rows[0] + 1), 0.6 * ln.box.h)
        solid = sub > 0.5
        runs = _word_runs(np.asarray(solid.any(axis=0)), ink_h)
        if not runs:
            lines.append(ln)
            continue
        words = _words_of(runs, lb.x0 + x0, ln.box, ink_h, 1.0)
        base = _dense_band_end(solid, lb.y0 + y0, ln.box.y1)
        lines.append(dataclasses.replace(ln, words=words, baseline=base))
    return dataclasses.replace(e, lines=tuple(_cut_between_lines(lines, alpha, lb)))


def _cut_between_lines(lines: list[TextLine], alpha: np.ndarray, lb: Box) -> list[TextLine]:
    """Words of consecutive matted lines meet at the emptiest row between them.

    The detector's boxes of two lines overlap and end at the first line's baseline: its
    descenders were cut off, and their tips rode along with the next line's words. The
    row with the least ink from the upper box's bottom to 0.4 of the lower box's height
    below the lower box's top is where the descenders end and the next line's ascenders
    have not begun. Each side's words then end a little past their own ink, not at the
    cut: widely spaced lines (a panel's headline) would otherwise bring the whole gap
    along as part of their words, and the layout would space them half as far again.
    """
    ink = (alpha > 0.3).sum(axis=1)
    out = list(lines)
    for i in range(len(out) - 1):
        up, down = out[i], out[i + 1]
        lo = int(min(up.box.y1, down.box.y0) - lb.y0)
        hi = int(max(up.box.y1, down.box.y0 + 0.4 * down.box.h) - lb.y0)
        lo, hi = max(0, lo), min(len(ink), hi)
        if hi - lo < 2:
            continue
        seg = ink[lo:hi]
        zero = np.flatnonzero(seg == seg.min())
        at = lo + int(zero[len(zero) // 2])
        cut = lb.y0 + at
        # rows with a few specks of a picture's texture are not ink
        inked = np.flatnonzero(seg > max(2, seg.min() + INK_ROW_SHARE * float(seg.max())))
        above, below = inked[inked < at - lo], inked[inked > at - lo]
        up_end = lb.y0 + lo + float(above[-1] + 1) if above.size else up.box.y1
        down_start = lb.y0 + lo + float(below[0]) if below.size else down.box.y0
        out[i] = _with_word_edges(up, y1=min(cut, up_end + _word_vpad(up.box.h)))
        out[i + 1] = _with_word_edges(down, y0=max(cut, down_start - _word_vpad(down.box.h)))
    return out


def _word_vpad(line_h: float) -> float:
    """Air kept above and below a word's ink (see _words_of)."""
    return max(1.0, WORD_VPAD * line_h)


def _with_word_edges(ln: TextLine, **edges: float) -> TextLine:
    """The line with every word box's given edges (y0 and/or y1) moved to the values."""
    words = tuple(Word(dataclasses.replace(w.box, **edges)) for w in ln.words)
    return dataclasses.replace(ln, words=words)
