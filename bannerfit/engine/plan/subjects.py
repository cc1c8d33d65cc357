"""A photo background's subjects (its people, or the open space the source kept): how
much of them a plan hides or cuts (_subject_hidden, _with_subjects), and the re-layouts
made in the room a subject leaves beside it (_beside_subject).

Only plans on a photo shown as it is need these; they sit on top of the re-layouts.
"""

from __future__ import annotations

import dataclasses

from bannerfit.engine import backdrop
from bannerfit.engine.geometry import Box
from bannerfit.engine.model import Analysis
from bannerfit.engine.plan.relayout import _relayouts
from bannerfit.engine.plan.types import Plan, Unit
from bannerfit.engine.prompt import PromptDirectives

#: a photo's subjects (backdrop.subjects: its people, else the open space the source
#: kept): a plan pays SUBJECT_HIDDEN_COST (times the subject's weight) for the share of
#: a subject's core it covers, SUBJECT_CUT_COST times as much for what the canvas's edge
#: cuts off the subject; the content is also laid out in the room a subject leaves
#: (above, below or beside it) when that is at least SUBJECT_ROOM_MIN of the canvas across
SUBJECT_HIDDEN_COST = 0.3
SUBJECT_CUT_COST = 2.0
SUBJECT_ROOM_MIN = 0.25


def _shown_subjects(an: Analysis, directives: PromptDirectives) -> list[backdrop.Subject]:
    """The subjects of a photo background shown as it is (not blurred or replaced): its
    people, or an open space the source's elements kept clear; none for other
    backgrounds."""
    if an.background.kind != "photo" or directives.background not in (None, "extend"):
        return []
    return backdrop.subjects(an)


def _with_subjects(an: Analysis, plan: Plan, subjects: list[backdrop.Subject]) -> Plan:
    """``plan`` scored (and marked) for how much of the photo's subjects it hides."""
    hidden = _subject_hidden(an, plan, subjects)
    return dataclasses.replace(
        plan, score=plan.score - SUBJECT_HIDDEN_COST * hidden, subject_hidden=hidden
    )


def _subject_hidden(an: Analysis, plan: Plan, subjects: list[backdrop.Subject]) -> float:
    """How much of the photo's subjects a plan hides, weighed by how sure each is (0: all
    in full view).

    People are what the eye goes to first; a headline panel over a face, or a face cut
    in half by the canvas's edge, reads as a mistake.
    """
    W, H = plan.width, plan.height
    if plan.crop is not None:  # the source itself, cropped: the subjects go with it
        crop = plan.crop
        c = W / crop.w
        subs = [sub.mapped(lambda b: b.moved(-crop.x0, -crop.y0).scaled(c)) for sub in subjects]
    else:
        window = backdrop.shown_window(an, W, H, plan.backdrop)
        subs = backdrop.on_canvas(an, subjects, W, H, window)
    boxes = [q.dst for q in plan.placements] + [pp.box for pp in plan.panels]
    canvas = Box(0, 0, W, H)
    lost = 0.0
    for sub in (s.fitted(W, H) for s in subs):
        core = sub.core
        under = min(core.area, sum(core.intersection(b) for b in boxes))
        cut = 1.0 - sub.box.intersection(canvas) / max(1.0, sub.box.area)
        lost += sub.weight * min(1.0, under / max(1.0, core.area) + SUBJECT_CUT_COST * cut)
    return lost / max(1, len(subs))


def _beside_subject(
    an: Analysis,
    subject: backdrop.Subject,
    units: list[Unit],
    W: int,
    H: int,
    directives: PromptDirectives,
    margin: float,
    s_ref: float,
) -> list[Plan]:
    """The content laid out in the room the photo's subject leaves: the window moved to
    put the subject at one edge of the canvas, the arrangements solved for the rest of
    it (a person above the message on a tall canvas, beside it on a wide one)."""
    sx, sy = backdrop.window_slack(an, W, H)
    # the subject on the enlarged photo (through a window at its top-left corner)
    on_photo = backdrop.on_canvas(an, [subject], W, H, (0, 0))[0].box
    # across the side it is pushed to, the window is centred on the subject
    centred = (
        int(min(max(0.0, on_photo.cx - W / 2), sx)),
        int(min(max(0.0, on_photo.cy - H / 2), sy)),
    )
    out: list[Plan] = []
    for side in ("top", "bottom", "left", "right"):
        (wx, wy), room = _room_beside(on_photo, side, centred, (sx, sy), W, H)
        across = room.h / H if side in ("top", "bottom") else room.w / W
        if across < SUBJECT_ROOM_MIN:
            continue
        rw, rh = int(room.w), int(room.h)
        dx, dy = float(int(room.x0)), float(int(room.y0))
        for p in _relayouts(an, units, rw, rh, directives, margin, s_ref):
            out.append(
                dataclasses.replace(
                    p,
                    arrangement=f"{p.arrangement}_beside_subject",
                    width=W,
                    height=H,
                    placements=tuple(
                        dataclasses.replace(q, dst=q.dst.moved(dx, dy)) for q in p.placements
                    ),
                    panels=tuple(
                        dataclasses.replace(pp, box=pp.box.moved(dx, dy)) for pp in p.panels
                    ),
                    backdrop=(wx, wy),
                    reason="the target's shape needs a new arrangement, beside the photo's subject",
                )
            )
    return out


def _room_beside(
    subject: Box,
    side: str,
    centred: tuple[int, int],
    slack: tuple[int, int],
    W: int,
    H: int,
) -> tuple[tuple[int, int], Box]:
    """The photo's window that pushes ``subject`` (on the enlarged photo) to ``side`` of
    a W x H canvas as far as the window's ``slack`` allows, and the canvas's room left
    on the other side of it."""
    wx, wy = centred
    if side == "top":
        wy = int(min(max(0.0, subject.y0), slack[1]))
    elif side == "bottom":
        wy = int(min(max(0.0, subject.y1 - H), slack[1]))
    elif side == "left":
        wx = int(min(max(0.0, subject.x0), slack[0]))
    else:
        wx = int(min(max(0.0, subject.x1 - W), slack[0]))
    f = subject.moved(-wx, -wy)
    room = {
        "top": Box(0, f.y1, W, H),
        "bottom": Box(0, 0, W, f.y0),
        "left": Box(f.x1, 0, W, H),
        "right": Box(0, 0, f.x0, H),
    }[side]
    return (wx, wy), room.clipped(W, H)
