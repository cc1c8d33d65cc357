"""Background modelling: a smooth plate fitted around the foreground, and its kind.

Banners mostly sit on flat colours or gradients; for those a coarse grid of robust
medians, interpolated, reproduces the background exactly enough to (a) separate the
foreground by difference and (b) extrapolate the background to any new shape.  Textures
and photographs do not fit such a model: their residual stays high everywhere, which is
how they are recognised, and their clean plate comes from inpainting instead.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from bannerfit.engine.arrays import channel_max

GRID_CELLS = 40


def _fill_invalid(grid: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """Fill invalid grid cells by repeated averaging of valid neighbours (diffusion)."""
    if valid.all():
        return grid
    if not valid.any():
        return np.zeros_like(grid)
    g = grid.copy()
    v = valid.astype(np.float32)
    g[~valid] = 0
    known = valid.copy()
    kernel = np.ones((3, 3), np.float32)
    for _ in range(max(grid.shape[:2]) * 2):
        if known.all():
            break
        num = cv2.filter2D(g * known[..., None], -1, kernel, borderType=cv2.BORDER_REPLICATE)
        den = cv2.filter2D(known.astype(np.float32), -1, kernel, borderType=cv2.BORDER_REPLICATE)
        newly = (~known) & (den > 0)
        g[newly] = num[newly] / den[newly][:, None]
        known = known | newly
    # smooth the filled part a little so it joins without kinks
    v = known.astype(np.float32)
    return g * v[..., None]


def _cell_sums(data: np.ndarray, gh: int, gw: int, cell: int) -> np.ndarray:
    """Per-cell sums of an HxWx3 image tiled by cell x cell squares.

    Added one pixel offset at a time over all cells at once: the same additions in the
    same order as NumPy's ``reshape(...).sum(axis=(1, 3))`` (so the same float32
    values), about three times faster, because NumPy walks that strided reduction one
    element at a time.
    """
    tiles = data.reshape(gh, cell, gw, cell, 3)
    sums = tiles[:, 0, :, 0, :].copy()
    for dy in range(cell):
        for dx in range(cell):
            if dy or dx:
                sums += tiles[:, dy, :, dx, :]
    return sums


def fit_plate(img: np.ndarray, exclude: np.ndarray, cells: int = GRID_CELLS) -> np.ndarray:
    """Smooth background estimate from pixels outside ``exclude`` (HxW bool)."""
    h, w = img.shape[:2]
    cell = max(2, int(np.ceil(max(h, w) / cells)))
    gh, gw = int(np.ceil(h / cell)), int(np.ceil(w / cell))
    pad_h, pad_w = gh * cell - h, gw * cell - w
    keep = np.zeros((h + pad_h, w + pad_w), np.float32)
    keep[:h, :w] = ~exclude
    data = np.zeros((h + pad_h, w + pad_w, 3), np.float32)
    np.multiply(img.astype(np.float32, copy=False), keep[:h, :w, None], out=data[:h, :w])
    sums = _cell_sums(data, gh, gw, cell)
    # whole numbers: exact in any order, and a reduction over the contiguous axis first
    # is the fast one
    counts = keep.reshape(gh, cell, gw, cell).sum(axis=3).sum(axis=1)
    valid_frac = counts / (cell * cell)
    grid = sums / np.maximum(counts, 1)[..., None]
    valid = valid_frac >= 0.25
    grid = np.nan_to_num(grid)
    grid = _fill_invalid(grid.astype(np.float32), valid)
    # cell centres sit at (i + 0.5) * cell: resize the grid so that they land there
    big = cv2.resize(grid, (gw * cell, gh * cell), interpolation=cv2.INTER_LINEAR)
    return big[:h, :w]


def fit_polynomial(
    img: np.ndarray, exclude: np.ndarray, degree: int = 3
) -> tuple[np.ndarray, float]:
    """Least-squares polynomial surface over the background pixels, and its fit error.

    Linear and radial gradients are smooth functions of position: a cubic surface fits
    them to within a level or two and, unlike the cell grid, stays exact under large
    holes (where a button or a product was).
    """
    h, w = img.shape[:2]
    ys, xs = np.nonzero(~exclude)
    if ys.size < 50:
        return fit_plate(img, exclude), 1.0
    step = max(1, ys.size // 20000)
    ys, xs = ys[::step], xs[::step]

    def design(yy: np.ndarray, xx: np.ndarray) -> np.ndarray:
        u = xx / max(1, w - 1) * 2 - 1
        v = yy / max(1, h - 1) * 2 - 1
        cols = [u**i * v**j for i in range(degree + 1) for j in range(degree + 1 - i)]
        return np.stack(cols, axis=1).astype(np.float64)

    A = design(ys.astype(np.float64), xs.astype(np.float64))
    target = img[ys, xs].astype(np.float64)
    coef, *_ = np.linalg.lstsq(A, target, rcond=None)
    err = float(np.percentile(np.abs(A @ coef - target).max(axis=1), 90))
    # the surface is separable: sum c_ij u^i v^j = V @ C @ U^T per channel, which costs
    # O((h + w) * degree) per row instead of a full design matrix over every pixel
    u_pow = np.stack([np.linspace(-1, 1, w) ** i for i in range(degree + 1)], axis=1)
    v_pow = np.stack([np.linspace(-1, 1, h) ** j for j in range(degree + 1)], axis=1)
    terms = [(i, j) for i in range(degree + 1) for j in range(degree + 1 - i)]
    full = np.empty((h, w, 3), np.float64)
    for c in range(3):
        cm = np.zeros((degree + 1, degree + 1))
        for k, (i, j) in enumerate(terms):
            cm[j, i] = coef[k, c]
        full[..., c] = v_pow @ cm @ u_pow.T
    return np.clip(full, 0, 1).astype(np.float32), err


#: classify(): a residual this large is foreground, not the background's noise (the
#: threshold analyze uses for the foreground of plain backgrounds)
FOREGROUND_RESIDUAL = 0.06
#: classify(): below this median residual of the background it is flat or a gradient;
#: failing that, below PLAIN_NOISE (and PLAIN_NOISE_Q75 at the upper quartile) of the
#: residuals under FOREGROUND_RESIDUAL
PLAIN_MEDIAN_NOISE = 0.005
PLAIN_NOISE = 0.007
PLAIN_NOISE_Q75 = 0.019


def residual(img: np.ndarray, plate: np.ndarray) -> np.ndarray:
    """Largest per-channel difference, in 0..1.

    OpenCV's absdiff and the channels' element-wise maximum (arrays.channel_max): numpy's
    reduction over the last axis of an interleaved image is ~8x slower, and this runs
    several times per banner.
    """
    d = cv2.absdiff(np.ascontiguousarray(img, np.float32), np.ascontiguousarray(plate, np.float32))
    return channel_max(d)


def classify(img: np.ndarray, plate: np.ndarray, bg_mask: np.ndarray) -> tuple[str, float]:
    """Kind of background and its noise level (median residual on the background).

    Failing the plain median, the noise is measured again on the background pixels
    that are not plainly foreground (under FOREGROUND_RESIDUAL): with the foreground's
    pixels in, the median of a crowded 728x90 sits near the foreground's level, and
    JPEG's ringing around a logo, a button and a product tipped a gradient over
    (own_006 at quality 90: 0.001 -> 0.033, laid out as a photo with its brand read as
    the headline); so do broad translucent shapes over a gradient (own_005's light
    rays), which drew panels behind its words and a patch of the ground behind its
    logo. Under the threshold a gradient's JPEG noise stays below PLAIN_NOISE (0.006 at
    quality 75) while the kit's and our textures and photos measure 0.008 and up, but
    for a photo that is mostly smooth sky (scikit-image's rocket: 0.0057), whose upper
    quartile (0.022) is above any plain banner's (0.017 at most), so both must be low
    (PLAIN_NOISE_Q75).
    """
    r = residual(img, plate)
    sample = r[bg_mask]
    if sample.size < 100:
        return "photo", 1.0
    noise = float(np.percentile(sample, 50))
    plain = noise < PLAIN_MEDIAN_NOISE
    if not plain:
        calm = sample[sample < FOREGROUND_RESIDUAL]
        if calm.size >= 100:
            noise, upper = (float(v) for v in np.percentile(calm, [50, 75]))
            plain = noise < PLAIN_NOISE and upper < PLAIN_NOISE_Q75
    if plain:
        # one channel per row: a percentile along the contiguous axis is the fast one
        channels = np.ascontiguousarray(plate[bg_mask].T)
        spread = float(
            (np.percentile(channels, 97, axis=1) - np.percentile(channels, 3, axis=1)).max()
        )
        return ("flat" if spread < 0.04 else "gradient"), noise
    # busy: a photograph unless it later proves to repeat (see repeats())
    return "photo", noise


#: with_grain(): the fine detail carried into inpainted holes is what a blur of this
#: many working pixels removes
GRAIN_SIGMA = 2.0
#: ... clipped to this much either way (0..1 levels): grain, not an object's edges
GRAIN_MAX = 0.06
#: repeat_pattern(): the background is looked at this many pixels on its long side ...
REPEAT_VIEW_PX = 192
#: ... with detail finer than this many of those pixels (a high-pass) ...
REPEAT_DETAIL_SIGMA = 3.0
#: ... at offsets where at least this share of the kept area overlaps itself ...
REPEAT_MIN_OVERLAP = 0.5
#: ... and repeats when its autocorrelation, outside the central peak, has at least
#: REPEAT_MIN_PEAKS peaks over REPEAT_PEAK (a lattice: dots, checks, stripes) or one
#: over REPEAT_STRONG_PEAK (a large pattern seen only a few times). Measured on the
#: public kit and the own generator: photographs peak at 0.40 at most, with up to 6
#: such peaks; a texture that is missed is treated as a photo, the safe side
REPEAT_PEAK = 0.4
REPEAT_MIN_PEAKS = 8
REPEAT_STRONG_PEAK = 0.55


@dataclass(frozen=True)
class RepeatPattern:
    """The kept background's normalised autocorrelation on a small view (centred, its
    central peak masked out), its peaks over REPEAT_PEAK, and the view's scale (view
    pixels per image pixel): measured once, it tells whether the background repeats
    and, for a lattice, where its periods lie."""

    ac: np.ndarray
    peaks: np.ndarray
    scale: float

    def repeats(self) -> bool:
        """Whether a busy background is a repeating pattern (a texture) rather than a
        photo.

        Textures are extended by mirroring at their own grain; a photograph must not be
        (mirrored trees and tables read as copies), so only a background that measurably
        repeats is called a texture. The test looks only at the background around the
        elements (``keep`` of repeat_pattern): a product or a scrim would otherwise
        dominate the statistics. The autocorrelation is normalised by the overlap of the
        kept area at each offset.
        """
        return (
            int(self.peaks.sum()) >= REPEAT_MIN_PEAKS or float(self.ac.max()) >= REPEAT_STRONG_PEAK
        )


def _grey(img: np.ndarray) -> np.ndarray:
    """An RGB picture in 0..1 as float32 grey levels 0..255."""
    return cv2.cvtColor((np.clip(img, 0, 1) * 255).astype(np.uint8), cv2.COLOR_RGB2GRAY).astype(
        np.float32
    )


def repeat_pattern(img: np.ndarray, keep: np.ndarray) -> RepeatPattern | None:
    """The background's repeat pattern (see RepeatPattern) over ``keep``; None where too
    little is kept or nothing varies (no repeat)."""
    g = _grey(img)
    h, w = g.shape
    f = REPEAT_VIEW_PX / max(h, w)
    size = (max(16, int(w * f)), max(16, int(h * f)))
    g = cv2.resize(g, size, interpolation=cv2.INTER_AREA)
    m = cv2.resize(keep.astype(np.float32), size, interpolation=cv2.INTER_AREA) > 0.99
    if m.mean() < 0.1:
        return None
    g = g - cv2.GaussianBlur(g, (0, 0), REPEAT_DETAIL_SIGMA)
    g = np.where(m, g - g[m].mean(), 0.0)
    pad = (2 * g.shape[0], 2 * g.shape[1])
    spec = np.fft.fft2(g, pad)
    mspec = np.fft.fft2(m.astype(np.float32), pad)
    num = np.fft.ifft2(spec * np.conj(spec)).real
    den = np.fft.ifft2(mspec * np.conj(mspec)).real
    if num[0, 0] <= 1e-6:
        return None
    overlap = den > REPEAT_MIN_OVERLAP * den[0, 0]
    ac = np.where(overlap, num / np.maximum(den, 1e-6), 0.0) / (num[0, 0] / den[0, 0])
    ac = np.fft.fftshift(ac).astype(np.float32)
    # the central peak: out to the first ring whose mean falls under 0.2
    cy, cx = pad[0] // 2, pad[1] // 2
    yy, xx = np.indices(ac.shape)
    radius = np.hypot(yy - cy, xx - cx)
    r0 = 1
    while r0 < 20 and float(ac[(radius >= r0) & (radius < r0 + 1)].mean()) > 0.2:
        r0 += 1
    ac[radius <= r0 + 1] = -1.0
    peaks = (ac == cv2.dilate(ac, np.ones((5, 5), np.uint8))) & (ac > REPEAT_PEAK)
    return RepeatPattern(ac, peaks, f)


#: lattice(): a texture's period is refined this many working pixels around the one its
#: autocorrelation peak gives (a view pixel is 5.3 working pixels on a 1K tier) ...
LATTICE_REFINE_PX = 4
#: ... and taken where the picture shifted by it matches itself to this correlation (the
#: kit's dots under a soft shading match 0.58 down a column, 0.84 along a row; public_020's
#: soft white dots under a strong vignette 0.58 along a row and 0.47 down a column: at
#: 0.5 they had no lattice, and a smear where its words and picture had been)
LATTICE_MIN_MATCH = 0.45
#: ... measured on every LATTICE_STRIDE-th pixel of each LATTICE_STRIDE-th row
LATTICE_STRIDE = 4
#: ... among this many of the shortest periods the view found, each tried first at its
#: halves and thirds (down to LATTICE_MIN_PERIOD working pixels): the shortest that matches
LATTICE_CANDIDATES = 4
LATTICE_MAX_DIVISOR = 3
LATTICE_MIN_PERIOD = 8


def lattice(
    img: np.ndarray, keep: np.ndarray, pattern: RepeatPattern
) -> tuple[tuple[int, int], ...] | None:
    """The two shortest periods (dy, dx) of a repeating background (``pattern``, its
    repeat_pattern over ``keep``), in ``img``'s pixels, each refined to the shift at
    which the kept picture best matches itself; None where no two independent periods
    match well (a texture that is not a lattice: gravel)."""
    ac, f = pattern.ac, pattern.scale
    cy, cx = ac.shape[0] // 2, ac.shape[1] // 2
    ys, xs = np.nonzero(pattern.peaks)
    vecs = sorted(
        ((float(y - cy) / f, float(x - cx) / f) for y, x in zip(ys, xs, strict=True)),
        key=lambda v: (np.hypot(*v), -v[0], -v[1]),
    )
    grey = _grey(img)
    detail = grey - cv2.GaussianBlur(grey, (0, 0), 3.0)
    basis: list[tuple[int, int]] = []
    for vy, vx in vecs[:LATTICE_CANDIDATES]:
        if basis and abs(basis[0][0] * vx - basis[0][1] * vy) < 0.3 * np.hypot(
            *basis[0]
        ) * np.hypot(vy, vx):
            continue  # along the first period: a multiple of it, or its opposite
        best = _shortest_period(detail, keep, vy, vx)
        if best is not None:
            basis.append(best)
        if len(basis) == 2:
            return tuple(basis)
    return None


def _shortest_period(
    detail: np.ndarray, keep: np.ndarray, vy: float, vx: float
) -> tuple[int, int] | None:
    """The period near (vy, vx), or near a whole fraction of it that matches as well:
    the view is too coarse to see small soft dots, and its peak can be a multiple of
    their spacing (public_020: every second dot, 91 working pixels for dots 45 apart,
    matching 0.45 there and 0.58 at their own spacing). A fraction that matches worse
    is a coincidence of the pattern (public_010's dots 31 apart match 0.46 at 10). Of
    the fractions, the best matching is taken: a third of two dots' spacing can match as
    well as the two (public_020's card lifted off its dots: 29 for dots 45 apart)."""
    # the shortest fraction first, the whole last: of equal matches the first is taken
    found = [
        part
        for n in range(LATTICE_MAX_DIVISOR, 0, -1)
        if n == 1 or np.hypot(vy, vx) / n >= LATTICE_MIN_PERIOD
        if (part := _refined_period(detail, keep, vy / n, vx / n)) is not None
    ]
    return max(found, key=lambda part: part[1])[0] if found else None


def _refined_period(
    detail: np.ndarray, keep: np.ndarray, vy: float, vx: float
) -> tuple[tuple[int, int], float] | None:
    """The whole-pixel shift near (vy, vx) at which ``detail`` best matches itself over
    ``keep`` (sampled every LATTICE_STRIDE-th pixel), and how well, if it matches to
    LATTICE_MIN_MATCH."""
    h, w = detail.shape
    st = LATTICE_STRIDE
    best, at = LATTICE_MIN_MATCH, None
    r = LATTICE_REFINE_PX
    for dy in range(int(round(vy)) - r, int(round(vy)) + r + 1):
        for dx in range(int(round(vx)) - r, int(round(vx)) + r + 1):
            if abs(dy) >= h // 2 or abs(dx) >= w // 2 or (dy == 0 and dx == 0):
                continue
            src, dst = _shift_slices(h, w, dy, dx)
            a, b = detail[src][::st, ::st], detail[dst][::st, ::st]
            k = keep[src][::st, ::st] & keep[dst][::st, ::st]
            if k.sum() < 200:
                continue
            x, y = a[k], b[k]
            c = float((x * y).mean() / max(1e-6, np.sqrt((x * x).mean() * (y * y).mean())))
            if c > best:
                best, at = c, (dy, dx)
    return None if at is None else (at, best)


def lattice_fill(
    img: np.ndarray,
    holes: np.ndarray,
    smooth: np.ndarray,
    plate: np.ndarray,
    basis: tuple[tuple[int, int], ...],
) -> np.ndarray:
    """``plate`` with a lattice texture's own pattern carried into its holes: each hole
    pixel takes the inpainted ``smooth`` plate's shading (so no seam) plus the detail of
    the nearest pixel a whole number of periods away that is no hole.

    Inpainting (and the mirrored grain of with_grain) leaves a dotted texture's holes
    a smooth blur ringed with ghost dots, which every layout's backdrop repeats (the
    kit's public_010 and public_020: rings and outlines where the logo and the product
    had been). Pixels with no such source nearby keep ``plate``'s."""
    (ay, ax), (by, bx) = basis
    steps = [(ay, ax), (-ay, -ax), (by, bx), (-by, -bx)]
    sigma = 0.5 * min(np.hypot(ay, ax), np.hypot(by, bx))
    known = ~holes
    # the local level from the known pixels alone: an element's colours blurred into its
    # surroundings would come back as a halo in every copy
    k = known.astype(np.float32)
    level = (
        cv2.GaussianBlur(img * k[..., None], (0, 0), sigma)
        / np.maximum(cv2.GaussianBlur(k, (0, 0), sigma), 1e-3)[..., None]
    )
    detail = img - level
    # one period at a time, in from the hole's edge: each pass fills the hole pixels whose
    # neighbour one period away is known, until none is left or none can be reached
    for _ in range(LATTICE_MAX_PASSES):
        grew = False
        for dy, dx in steps:
            src_known = _shifted(known, dy, dx, False)
            ys, xs = np.nonzero(~known & src_known)
            if len(ys):
                detail[ys, xs] = detail[ys + dy, xs + dx]
                known[ys, xs] = True
                grew = True
        if not grew or known.all():
            break
    filled = holes & known
    out = plate.copy()
    out[filled] = np.clip(smooth[filled] + detail[filled], 0, 1)
    return out.astype(np.float32)


#: lattice_fill(): at most this many periods in from a hole's edge
LATTICE_MAX_PASSES = 24


def _shifted(a: np.ndarray, dy: int, dx: int, fill: bool) -> np.ndarray:
    """``a`` with each pixel taking the value ``(dy, dx)`` away (``fill`` off the edge)."""
    out = np.full_like(a, fill)
    src, dst = _shift_slices(a.shape[0], a.shape[1], dy, dx)
    out[dst] = a[src]
    return out


def _shift_slices(
    h: int, w: int, dy: int, dx: int
) -> tuple[tuple[slice, slice], tuple[slice, slice]]:
    """The rows and columns of an h x w picture that a shift by (dy, dx) reads from, and
    the ones it lands on: ``a[dst]`` pairs with ``a[src]`` pixel for pixel."""
    src = (slice(max(0, dy), h + min(0, dy)), slice(max(0, dx), w + min(0, dx)))
    dst = (slice(max(0, -dy), h + min(0, -dy)), slice(max(0, -dx), w + min(0, -dx)))
    return src, dst


def inpaint_plate(img: np.ndarray, holes: np.ndarray) -> np.ndarray:
    """Clean plate for busy backgrounds: foreground holes filled from their surroundings."""
    u8 = (np.clip(img, 0, 1) * 255).astype(np.uint8)
    h, w = holes.shape
    # inpaint at a reduced size: large holes fill faster and smoother
    s = min(1.0, 384 / max(h, w))
    small = cv2.resize(u8, (max(1, int(w * s)), max(1, int(h * s))), interpolation=cv2.INTER_AREA)
    hs = cv2.resize(
        holes.astype(np.uint8), (small.shape[1], small.shape[0]), interpolation=cv2.INTER_NEAREST
    )
    hs = cv2.dilate(hs, np.ones((3, 3), np.uint8))
    filled = cv2.inpaint(small, hs, 5, cv2.INPAINT_TELEA)
    filled = cv2.GaussianBlur(filled, (0, 0), 2.0)
    up = cv2.resize(filled, (w, h), interpolation=cv2.INTER_LINEAR).astype(np.float32) / 255
    m = _hole_blend(holes)[..., None]
    return img * (1 - m) + up * m


def _hole_blend(holes: np.ndarray) -> np.ndarray:
    """How much of each pixel a repair replaces: all of a hole, fading out just past it."""
    return np.clip(cv2.GaussianBlur(holes.astype(np.float32), (0, 0), 3.0) * 1.5, 0, 1)


def with_grain(
    img: np.ndarray, holes: np.ndarray, plate: np.ndarray, smooth: np.ndarray | None = None
) -> np.ndarray:
    """The inpainted plate with the picture's fine grain carried into its holes.

    Inpainting fills a hole with a smooth blend of its border: on gravel, granite or a
    grainy photo, every removed headline leaves a soft stain the shape of its words, and
    the stains travel into every layout's backdrop. Each hole pixel takes the fine detail
    (what a GRAIN_SIGMA blur removes) of the pixel mirrored across the hole's nearest
    edge; the coarse shading stays the inpainting's, so no object is copied, only its
    grain. Pixels whose mirror falls off the picture or into another hole stay smooth,
    and so do the holes in ``smooth`` (a covered face, a veil's letters), which are
    holes all the same: the grain is never taken from them (a cat's face, left smooth,
    reached into the headline's panel next to it, and the letters on the panel inside
    it were mirrored into the rest of the panel as ghost words).
    """
    h, w = holes.shape
    grained = holes if smooth is None else holes & ~smooth
    if not grained.any() or holes.all():
        return plate
    # grain is faint; an object's strong edges (a brow, a rim) mirrored in would be new
    # features, so only their trace comes along
    detail = np.clip(img - cv2.GaussianBlur(img, (0, 0), GRAIN_SIGMA), -GRAIN_MAX, GRAIN_MAX)
    _, labels = cv2.distanceTransformWithLabels(
        holes.astype(np.uint8), cv2.DIST_L2, 5, labelType=cv2.DIST_LABEL_PIXEL
    )
    ys0, xs0 = np.nonzero(~holes)  # raster order: label k is the k-th of these
    hy, hx = np.nonzero(grained)
    k = labels[hy, hx] - 1
    ry, rx = 2 * ys0[k] - hy, 2 * xs0[k] - hx
    ok = (ry >= 0) & (ry < h) & (rx >= 0) & (rx < w)
    ok[ok] &= ~holes[ry[ok], rx[ok]]
    grain = np.zeros_like(plate)
    grain[hy[ok], hx[ok]] = detail[ry[ok], rx[ok]]
    return np.clip(plate + grain * _hole_blend(grained)[..., None], 0, 1).astype(np.float32)


def soften(plate: np.ndarray) -> np.ndarray:
    """A photo plate with inpainted holes, blurred enough that no repair reads as an object."""
    h, w = plate.shape[:2]
    return cv2.GaussianBlur(plate, (0, 0), max(2.0, 0.012 * max(h, w)))
