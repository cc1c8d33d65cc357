"""Text sizing: a text unit's words reflowed into balanced lines at a scale
(size_text, _balanced_breaks), a label kept on one line (_is_label), a fixed unit's
box at a scale (size_fixed).

It sizes one unit at a time and knows nothing of the tree the unit is laid out in.
"""

from __future__ import annotations

from bannerfit.engine.geometry import Box
from bannerfit.engine.plan.types import Sized, Unit

#: a text block is reflowed into at most this many lines
REFLOW_MAX_LINES = 6
#: a line of at most this many words, not the headline, is a label: never broken
#: (see _is_label)
LABEL_MAX_WORDS = 2


def _word_metrics(u: Unit) -> tuple[list[Box], float, float]:
    assert u.metrics is not None
    return u.metrics


def _balanced_breaks(widths: list[float], gap: float, n: int) -> list[list[int]]:
    """Split words into at most n lines minimising the widest line (order kept)."""
    m = len(widths)
    n = max(1, min(n, m))
    pre = [0.0]
    for w in widths:
        pre.append(pre[-1] + w)

    def span(i: int, j: int) -> float:  # words i..j-1
        return pre[j] - pre[i] + gap * (j - i - 1)

    INF = float("inf")
    best = [[INF] * (m + 1) for _ in range(n + 1)]
    arg = [[0] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for lines in range(1, n + 1):
        for j in range(1, m + 1):
            for i in range(lines - 1, j):
                v = max(best[lines - 1][i], span(i, j))
                if v < best[lines][j]:
                    best[lines][j] = v
                    arg[lines][j] = i
    lines_used = min(range(1, n + 1), key=lambda L: (best[L][m], L))
    # among the breaks with that widest line, the most even: a lone short word between
    # two full lines ("Every telescope / 30% / off until Sunday") reads as a mistake
    cap = best[lines_used][m] + 1e-6
    ragged = [[INF] * (m + 1) for _ in range(lines_used + 1)]
    ragged[0][0] = 0.0
    for lines in range(1, lines_used + 1):
        for j in range(1, m + 1):
            for i in range(lines - 1, j):
                w = span(i, j)
                if w > cap or ragged[lines - 1][i] == INF:
                    continue
                v = ragged[lines - 1][i] + (cap - w) ** 2
                if v < ragged[lines][j]:
                    ragged[lines][j] = v
                    arg[lines][j] = i
    out: list[list[int]] = []
    j = m
    for L in range(lines_used, 0, -1):
        i = arg[L][j]
        out.append(list(range(i, j)))
        j = i
    return list(reversed(out))


def _one_line_width(u: Unit, s: float) -> float:
    """A text unit's words at scale s set on one line, with its word gaps."""
    words, gap, _ = _word_metrics(u)
    return sum(b.w for b in words) * s + gap * s * (len(words) - 1)


def _is_label(u: Unit) -> bool:
    """One or two words set on one line that are not the headline: a button's words
    found without their pill, a price. They are read as one unit and stay on one line;
    balanced over two lines to grow, own_016's "Shop now" (its pill the colour of the
    suit behind it) was drawn as "Shop / now". (Three words kept on one line held
    own_014's whole 160x600 to the width of "Fast explore discover".)"""
    lines = u.element.lines
    return (
        u.element.kind != "headline" and len(lines) == 1 and len(lines[0].words) <= LABEL_MAX_WORDS
    )


def size_text(
    u: Unit,
    s: float,
    max_w: float,
    max_lines: int = REFLOW_MAX_LINES,
    align: str = "center",
    force_lines: int | None = None,
    min_scale: float | None = None,
) -> Sized | None:
    """Reflow a text unit at scale s into the fewest lines that fit max_w (a label, see
    _is_label, into one line unless it does not fit at ``min_scale``)."""
    words, gap, pitch = _word_metrics(u)
    if not words:
        return None
    widths = [b.w * s for b in words]
    if max(widths) > max_w + 0.5:
        return None
    tries = [force_lines] if force_lines else list(range(1, max_lines + 1))
    # a label breaks only where even its smallest legible line is too long
    if (
        not force_lines
        and _is_label(u)
        and min_scale is not None
        and _one_line_width(u, min_scale) <= max_w + 0.5
    ):
        tries = [1]
    for n in tries:
        rows = _balanced_breaks(widths, gap * s, n)
        row_w = [sum(widths[i] for i in r) + gap * s * (len(r) - 1) for r in rows]
        if max(row_w) > max_w + 0.5:
            continue
        W = max(row_w)
        H = (u.rise + u.fall) * s + pitch * s * (len(rows) - 1)
        placed: list[tuple[Box, float, float]] = []
        for li, r in enumerate(rows):
            rw = row_w[li]
            x = {"left": 0.0, "right": W - rw}.get(align, (W - rw) / 2)
            y = pitch * s * li
            for i in r:
                b = words[i]
                # every word of a row sits on the row's baseline
                placed.append((b, x, y + (u.rise - u.rises[i]) * s))
                x += widths[i] + gap * s
        return Sized(u, s, W, H, placed, len(rows))
    return None


def size_fixed(u: Unit, s: float) -> Sized:
    b = u.element.box
    return Sized(u, s, b.w * s, b.h * s)
