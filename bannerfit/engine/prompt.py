"""The prompt vocabulary: short instructions the recomposer understands.

A prompt is split into clauses (by '.', ';', ',' or new lines); each clause either
matches one instruction below or is reported back as ignored, never silently dropped.

- ``emphasize|highlight|focus on|make prominent <logo|product|headline|cta|text>``
- ``background blur`` / ``blur background``; ``background extend``;
  ``background solid #RRGGBB`` / ``solid background <colour name>``
- ``align left|center|right``
- ``no crop`` / ``do not crop`` / ``don't crop``
- ``drop|remove|hide|no <logo|product|cta|decoration|small print|body>``
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_COLOURS = {
    "white": (255, 255, 255),
    "black": (0, 0, 0),
    "red": (220, 40, 40),
    "green": (40, 160, 70),
    "blue": (40, 90, 200),
    "yellow": (250, 210, 40),
    "orange": (245, 130, 30),
    "purple": (120, 60, 170),
    "pink": (240, 120, 170),
    "gray": (128, 128, 128),
    "grey": (128, 128, 128),
    "navy": (20, 30, 80),
    "beige": (240, 230, 210),
}
_TARGETS = {
    "logo": "logo",
    "brand": "logo",
    "product": "product",
    "image": "product",
    "photo": "product",
    "headline": "headline",
    "title": "headline",
    "text": "headline",
    "cta": "cta",
    "button": "cta",
    "badge": "badge",
    "sticker": "badge",
    "decoration": "decoration",
    "decorations": "decoration",
    "small print": "small_print",
    "body": "body",
    "subheadline": "body",
    "subtitle": "body",
}
_TARGET_RE = "|".join(sorted((re.escape(k) for k in _TARGETS), key=len, reverse=True))


@dataclass(frozen=True)
class PromptDirectives:
    emphasize: str | None = None
    background: str | None = None  # "blur" | "extend" | "solid"
    solid_color: tuple[int, int, int] | None = None
    align: str | None = None
    no_crop: bool = False
    drop: frozenset[str] = frozenset()
    understood: tuple[str, ...] = ()
    ignored: tuple[str, ...] = field(default_factory=tuple)


def parse_prompt(prompt: str) -> PromptDirectives:
    """Parse ``prompt``; unknown clauses land in ``ignored`` verbatim (trimmed)."""
    d: dict = {"drop": set(), "understood": [], "ignored": []}
    for raw in re.split(r"[.;,\n]+", prompt or ""):
        clause = raw.strip()
        if not clause:
            continue
        c = clause.lower()
        if _apply(c, d):
            d["understood"].append(clause)
        else:
            d["ignored"].append(clause)
    return PromptDirectives(
        emphasize=d.get("emphasize"),
        background=d.get("background"),
        solid_color=d.get("solid_color"),
        align=d.get("align"),
        no_crop=bool(d.get("no_crop")),
        drop=frozenset(d["drop"]),
        understood=tuple(d["understood"]),
        ignored=tuple(d["ignored"]),
    )


def _apply(c: str, d: dict) -> bool:
    m = re.fullmatch(
        rf"(?:please\s+)?(?:emphasi[sz]e|highlight|focus on|make prominent|keep prominent|prominent)\s+(?:the\s+)?({_TARGET_RE})(?:\s+prominent)?",
        c,
    ) or re.fullmatch(
        rf"(?:make|keep)\s+(?:the\s+)?({_TARGET_RE})\s+(?:most\s+)?(?:prominent|large|big|bigger)",
        c,
    )
    if m:
        d["emphasize"] = _TARGETS[m.group(1)]
        return True
    if re.fullmatch(r"(?:blur(?:red)?\s+(?:the\s+)?background|background\s+blur(?:red)?)", c):
        d["background"] = "blur"
        return True
    if re.fullmatch(r"(?:extend\s+(?:the\s+)?background|background\s+extend(?:ed)?)", c):
        d["background"] = "extend"
        return True
    m = re.fullmatch(
        r"(?:(?:background\s+)?solid(?:\s+background)?|background)\s+(?:colou?r\s+)?(#[0-9a-f]{6}|[a-z]+)",
        c,
    )
    if m:
        col = m.group(1)
        rgb = (
            tuple(int(col[i : i + 2], 16) for i in (1, 3, 5))
            if col.startswith("#")
            else _COLOURS.get(col)
        )
        if rgb is None:
            return False
        d["background"] = "solid"
        d["solid_color"] = rgb
        return True
    m = re.fullmatch(
        r"(?:align(?:ed)?|alignment)\s+(?:to\s+(?:the\s+)?)?(left|center|centre|right)", c
    )
    if m:
        d["align"] = "center" if m.group(1) == "centre" else m.group(1)
        return True
    if re.fullmatch(r"(?:no|do not|don't|dont|never)\s+crop(?:ping)?", c):
        d["no_crop"] = True
        return True
    m = re.fullmatch(rf"(?:drop|remove|hide|no|without)\s+(?:the\s+)?({_TARGET_RE})", c)
    if m and _TARGETS[m.group(1)] != "headline":
        d["drop"].add(_TARGETS[m.group(1)])
        return True
    return False
