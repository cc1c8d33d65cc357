"""The top level: every strategy's plans for one canvas gathered, pieces given up when
nothing fits, alternatives added, and the best distinct plans chosen as the variants
(plan_layouts); the last resort when nothing fits (_fallback).

The only module that knows every strategy; none of them imports it.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable

from bannerfit.engine import backdrop, frame
from bannerfit.engine.geometry import Box
from bannerfit.engine.model import Analysis
from bannerfit.engine.plan.anchored import _anchored
from bannerfit.engine.plan.arrangements import ROW_ASPECT, _units
from bannerfit.engine.plan.crop import _smart_crop
from bannerfit.engine.plan.kept import _kept_design
from bannerfit.engine.plan.limits import (
    ROW_TEXT_GAP_LINES_TIGHT,
    canvas_margin,
    min_line_px,
    preferred_line_px,
)
from bannerfit.engine.plan.relayout import _relayouts, source_alignment
from bannerfit.engine.plan.subjects import _beside_subject, _shown_subjects, _with_subjects
from bannerfit.engine.plan.types import Node, Placement, Plan, Unit
from bannerfit.engine.prompt import PromptDirectives

#: below this analysis confidence a crop that keeps every element is preferred to any
#: re-layout (see analyze.orchestrate._confidence)
UNSURE_CONFIDENCE = 0.5


def plan_layouts(
    an: Analysis, W: int, H: int, directives: PromptDirectives, n_variants: int, seed: int
) -> list[Plan]:
    """The best ``n_variants`` distinct plans for a W x H canvas."""
    s_ref = math.sqrt(W * H / (an.width * an.height))
    margin = canvas_margin(W, H)
    if an.frame is not None:
        # the content keeps its margin inside the border drawn again at the edge
        margin += frame.reach(an.frame, frame.frame_scale(an.width, an.height, W, H))
    units = _units(an, directives)
    plans: list[Plan] = []
    crop = None if directives.no_crop else _smart_crop(an, W, H, units, s_ref)
    if crop is not None and an.confidence < UNSURE_CONFIDENCE:
        # an unsure decomposition is not re-arranged when a crop keeps every element
        why = "; ".join(an.doubts) or "picture background"
        crop = dataclasses.replace(
            crop, score=crop.score + 1.0, reason=f"analysis unsure ({why}): the source cropped"
        )
    # what the photo shows, found once for every plan of this size
    subjects = _shown_subjects(an, directives)
    if crop is not None:
        if subjects:
            crop = _with_subjects(an, crop, subjects)
        plans.append(crop)
    elif not directives.no_crop and not directives.emphasize:
        # (the photo's scale is every element's there: an emphasised one would not grow)
        anchored = _anchored(an, W, H, units, margin, s_ref, subjects)
        if anchored is not None and subjects:
            anchored = _with_subjects(an, anchored, subjects)
        if anchored is not None and not backdrop.photo_blurred(an, W, H, anchored.subject_hidden):
            plans.append(anchored)
    # (a crop that keeps every element shows the same composition, with the source's
    # own pixels around it)
    kept = None if crop is not None else _kept_design(an, W, H, units, s_ref, directives)
    if kept is not None:
        plans.append(_with_subjects(an, kept, subjects) if subjects else kept)
    preferred = preferred_line_px(W, H)
    relayouts = _relayouts(an, units, W, H, directives, margin, s_ref, min_line=preferred)
    if not relayouts and preferred > min_line_px(W, H):
        # lines down to the legibility minimum before any element is left out (where the
        # minimum is the preferred size the search would only run again)
        relayouts = _relayouts(an, units, W, H, directives, margin, s_ref)
    if subjects:
        whole = [sub for sub in subjects if sub.whole]
        if whole:
            relayouts += _beside_subject(an, whole[0], units, W, H, directives, margin, s_ref)
        relayouts = [_with_subjects(an, p, subjects) for p in relayouts]
    # nothing fits: give up the least important pieces, one kind at a time, before
    # falling back to shrinking the whole banner
    dropped: list[str] = []
    for kind in ("badge", "small_print", "cta", "body", "logo", "product"):
        if kind == "body" and not relayouts:
            # the message's own lines are worth more than the air between the row's blocks
            relayouts = _relayouts(
                an, units, W, H, directives, margin, s_ref, text_gap_lines=ROW_TEXT_GAP_LINES_TIGHT
            )
        for gone in _drop_order(units, kind):
            if relayouts:
                break
            units = [u for u in units if u.element.id not in gone]
            dropped += [] if kind in dropped else [kind]
            relayouts = _relayouts(an, units, W, H, directives, margin, s_ref)
    if dropped:
        why = f"nothing fitted with every element; left out: {', '.join(dropped)}"
        relayouts = [dataclasses.replace(p, reason=why, score=p.score - 0.3) for p in relayouts]
    plans += relayouts
    if not plans:
        plans.append(_fallback(an, W, H, s_ref))
    plans.sort(key=lambda p: -p.score)
    if n_variants > 1 and len({_signature(p) for p in plans}) < n_variants and relayouts:
        # alternatives rank under the best plan, in their own order
        ceiling = plans[0].score - ALTERNATIVE_PENALTY
        plans += [
            dataclasses.replace(p, score=min(p.score, ceiling) - i * 1e-6)
            for i, p in enumerate(
                _alternatives(
                    an,
                    units,
                    W / H,
                    directives,
                    lambda d, arr: _relayouts(an, units, W, H, d, margin, s_ref, arr),
                )
            )
        ]
    # variants: the best distinct arrangements; the seed orders near-ties
    import random

    rng = random.Random(seed)
    top = plans[0].score
    near = [p for p in plans if p.score >= top - 0.02]
    rest = [p for p in plans if p.score < top - 0.02]
    if len(near) > 1:
        head, tail = near[0], near[1:]
        rng.shuffle(tail)
        near = [head] + tail
    ordered = near + rest
    seen: set[tuple] = set()
    out: list[Plan] = []
    for p in ordered:
        sig = _signature(p)
        if sig in seen:
            continue
        seen.add(sig)
        out.append(p)
        if len(out) == n_variants:
            break
    while len(out) < n_variants:
        out.append(out[-1])
    return out


def _drop_order(units: list[Unit], kind: str) -> list[set[str]]:
    """The ids given up, in turn, when nothing fits: a kind's units all at once, but
    lines of words one block at a time, the smallest lines first, and of the buttons
    all but the largest.

    The detector's boxes put a few pixels of air around every line, so a legal line
    under a small headline can measure just over the small-print share of it and be
    taken for a sub-line; dropped together, the message's own sub-line went with it
    from 320x50 strips where the legal line alone was what did not fit.
    """
    ids = [
        u.element.id
        for u in sorted(
            (u for u in units if u.element.kind == kind), key=lambda u: (u.lh, -u.element.box.y0)
        )
    ]
    if not ids:
        return []
    if kind == "cta":
        # every button but the largest (a tag over the headline, "LIMITED OFFER", set
        # as a pill too wide for a 160x600 at its legible size): the call itself stays
        largest = max((u.element for u in units if u.element.id in ids), key=lambda e: e.box.area)
        return [set(ids) - {largest.id}] if len(ids) > 1 else []
    if kind != "body":
        return [set(ids)]
    return [{i} for i in ids]


def _signature(p: Plan) -> tuple:
    """What makes two plans look different: where each piece lands and how big."""
    return tuple(
        sorted(
            (q.element_id, round(q.dst.x0), round(q.dst.y0), round(q.dst.w)) for q in p.placements
        )
    )


#: variants past the best distinct arrangements rank at least this far below the best
ALTERNATIVE_PENALTY = 0.05


def _alternatives(
    an: Analysis,
    units: list[Unit],
    aspect: float,
    directives: PromptDirectives,
    solve: Callable[[PromptDirectives, list[tuple[str, Node]] | None], list[Plan]],
) -> list[Plan]:
    """More variants when the canvas admits few arrangements (a tall slot has one stack):
    the message column aligned the other ways, then the brand signing off at the end
    instead of opening. They only fill variants; the first variant never changes."""
    own = directives.align or source_alignment(an)
    out: list[Plan] = []
    for align in ("left", "center", "right"):
        if align != own:
            alt = dataclasses.replace(directives, align=align)
            out += [
                dataclasses.replace(p, arrangement=f"{p.arrangement}_align_{align}")
                for p in solve(alt, None)
            ]
    logos = [u for u in units if u.element.kind == "logo"]
    if logos and aspect < ROW_ASPECT:
        rest = sorted(
            (u for u in units if u.element.kind != "logo"),
            key=lambda u: (u.element.box.y0, u.element.box.x0),
        )
        stack = [("stack_logo_last", Node("col", rest + logos))]
        out += solve(directives, stack)
    return out


def _fallback(an: Analysis, W: int, H: int, s_ref: float) -> Plan:
    """Nothing fits: the whole source, contained and centred, on an extended background."""
    c = min(W / an.width, H / an.height)
    dst = Box(
        (W - an.width * c) / 2,
        (H - an.height * c) / 2,
        (W + an.width * c) / 2,
        (H + an.height * c) / 2,
    )
    return Plan(
        "extend",
        "extend",
        W,
        H,
        (Placement("source", Box(0, 0, an.width, an.height), dst),),
        (),
        None,
        0.0,
        c,
        "no arrangement fitted: the whole banner is kept on an extended background",
    )
