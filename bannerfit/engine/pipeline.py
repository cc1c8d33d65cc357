"""recompose(): decode once, analyse once, then plan, render and encode every output."""

from __future__ import annotations

import random
import time
from typing import Any

import numpy as np

from bannerfit.engine.analyze import analyze
from bannerfit.engine.decode import decode_image, sniff_format
from bannerfit.engine.encode import encode_image
from bannerfit.engine.errors import InvalidOptions
from bannerfit.engine.geometry import Box
from bannerfit.engine.model import Analysis
from bannerfit.engine.options import MEDIA_TYPES, WORKING_LONG_SIDE, RecomposeOptions, RenderedImage
from bannerfit.engine.plan import Plan, plan_layouts
from bannerfit.engine.prompt import PromptDirectives, parse_prompt
from bannerfit.engine.render import render


def warm_up() -> None:
    """Load the models once per process (the text detector and recogniser; the safety
    model if present)."""
    from bannerfit.engine import safety, textdet, textread

    textdet.warm_up()
    textread.warm_up()
    safety.warm_up()


def _check(options: RecomposeOptions) -> None:
    if not options.sizes:
        raise InvalidOptions("Give at least one target size.")
    for w, h in options.sizes:
        if not (1 <= w <= options.limits.max_side and 1 <= h <= options.limits.max_side):
            raise InvalidOptions(
                f"Target size {w}x{h} is outside 1..{options.limits.max_side} pixels per side."
            )
    if not 1 <= options.variants <= 4:
        raise InvalidOptions("num_images_per_size must be between 1 and 4.")
    if options.output_format not in MEDIA_TYPES:
        raise InvalidOptions("output_format must be png, jpeg or webp.")
    if options.resolution not in WORKING_LONG_SIDE:
        raise InvalidOptions("resolution must be 1K, 2K or 4K.")


def _flatten(rgba: np.ndarray) -> np.ndarray:
    """Composite transparent sources over white: ad slots have no alpha."""
    if rgba.shape[2] == 3:
        return rgba
    if rgba[..., 3].min() == 255:
        return np.ascontiguousarray(rgba[..., :3])
    a = rgba[..., 3:4].astype(np.float32) / 255
    rgb = rgba[..., :3].astype(np.float32) * a + 255 * (1 - a)
    return np.clip(rgb + 0.5, 0, 255).astype(np.uint8)


def _moderate_and_find_faces(rgb: np.ndarray, tolerance: int) -> tuple[Box, ...]:
    """One detector run: refuse blocked content, and return the faces to keep whole."""
    from bannerfit.engine import safety

    report = safety.analyze_safety(rgb)
    safety.check(report, tolerance)
    return tuple(Box.from_xywh(*box) for box, _ in report.faces(min_score=0.25))


def recompose(source: bytes, options: RecomposeOptions) -> list[RenderedImage]:
    _check(options)
    t0 = time.perf_counter()
    rgb = _flatten(decode_image(source, options.limits))
    faces = _moderate_and_find_faces(rgb, options.safety_tolerance)
    directives = parse_prompt(options.prompt)
    # a lossy file's compression noise is allowed for when flat marks are looked for
    lossy = sniff_format(source) in ("jpeg", "webp")
    an = analyze(rgb, WORKING_LONG_SIDE[options.resolution], faces, lossy)
    t_an = time.perf_counter() - t0
    out: list[RenderedImage] = []
    for w, h in options.sizes:
        plans = plan_layouts(an, w, h, directives, options.variants, options.seed)
        for v, plan in enumerate(plans):
            img = render(an, plan, directives)
            u8 = np.clip(img * 255 + 0.5, 0, 255).astype(np.uint8)
            data = encode_image(u8, options.output_format)
            out.append(
                RenderedImage(
                    width=w,
                    height=h,
                    variant=v,
                    format=options.output_format,
                    media_type=MEDIA_TYPES[options.output_format],
                    data=data,
                    layout=layout_record(an, plan, directives, v, options.seed, t_an),
                )
            )
    return out


def layout_record(
    an: Analysis,
    plan: Plan,
    directives: PromptDirectives,
    variant: int,
    seed: int,
    analysis_seconds: float,
) -> dict[str, Any]:
    """JSON-serialisable explanation of one output (for debugging and the web overlay)."""
    by_id = {e.id: e for e in an.elements}
    elements: dict[str, dict[str, Any]] = {}
    for p in plan.placements:
        e = by_id.get(p.element_id)
        rec = elements.setdefault(
            p.element_id,
            {
                "id": p.element_id,
                "kind": e.kind if e else "source",
                "group": e.group if e else "source",
                "source_box": (e.box if e else p.src).to_list(),
                "boxes": [],
                "scale": round(plan.unit_scales.get(p.element_id, plan.scale), 4),
            },
        )
        rec["boxes"].append(p.dst)
    for rec in elements.values():
        boxes = rec.pop("boxes")
        x0 = min(b.x0 for b in boxes)
        y0 = min(b.y0 for b in boxes)
        x1 = max(b.x1 for b in boxes)
        y1 = max(b.y1 for b in boxes)
        rec["box"] = [round(x0, 1), round(y0, 1), round(x1 - x0, 1), round(y1 - y0, 1)]
    return {
        "width": plan.width,
        "height": plan.height,
        "variant": variant,
        "seed": seed,
        "strategy": plan.strategy,
        "arrangement": plan.arrangement,
        "reason": plan.reason,
        "score": round(plan.score, 4),
        "scale": round(plan.scale, 4),
        "background": an.background.kind,
        "analysis_confidence": round(an.confidence, 3),
        "analysis_seconds": round(analysis_seconds, 3),
        "notes": list(an.notes),
        "elements": list(elements.values()),
        "prompt": {"understood": list(directives.understood), "ignored": list(directives.ignored)},
    }


def random_seed() -> int:
    return random.SystemRandom().randrange(0, 2**31 - 1)
