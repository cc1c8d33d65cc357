"""The prompt vocabulary: every documented instruction is understood, the rest reported.

The vocabulary is the one documented in ``bannerfit/engine/prompt.py``'s docstring.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bannerfit.engine.prompt import PromptDirectives, parse_prompt

EMPHASIS_VERBS = ["emphasize", "highlight", "focus on", "make prominent"]
EMPHASIS_TARGETS = {"logo": "logo", "product": "product", "headline": "headline", "cta": "cta",
                    "text": "headline"}  # fmt: skip
DROP_VERBS = ["drop", "remove", "hide", "no"]
DROP_TARGETS = {"logo": "logo", "product": "product", "cta": "cta", "decoration": "decoration",
                "badge": "badge", "sticker": "badge",
                "small print": "small_print", "body": "body"}  # fmt: skip
COLOUR_NAMES = ["white", "black", "red", "green", "blue", "yellow", "orange", "purple", "pink",
                "gray", "grey", "navy", "beige"]  # fmt: skip


def _only(d: PromptDirectives, clause: str) -> None:
    assert d.understood == (clause,), d
    assert d.ignored == (), d


@pytest.mark.parametrize("verb", EMPHASIS_VERBS)
@pytest.mark.parametrize("target", sorted(EMPHASIS_TARGETS))
def test_emphasis(verb: str, target: str) -> None:
    clause = f"{verb} {target}"
    d = parse_prompt(clause)
    _only(d, clause)
    assert d.emphasize == EMPHASIS_TARGETS[target]
    # the article is allowed, case does not matter, the clause comes back as written
    clause2 = f"{verb.upper()} the {target}"
    d2 = parse_prompt(clause2)
    _only(d2, clause2)
    assert d2.emphasize == EMPHASIS_TARGETS[target]


@pytest.mark.parametrize("clause", ["background blur", "blur background", "Blur the background"])
def test_background_blur(clause: str) -> None:
    d = parse_prompt(clause)
    _only(d, clause)
    assert d.background == "blur" and d.solid_color is None


@pytest.mark.parametrize("clause", ["background extend", "extend the background"])
def test_background_extend(clause: str) -> None:
    d = parse_prompt(clause)
    _only(d, clause)
    assert d.background == "extend"


@pytest.mark.parametrize(
    ("clause", "rgb"),
    [
        ("background solid #1a2B3c", (0x1A, 0x2B, 0x3C)),
        ("background solid #FFFFFF", (255, 255, 255)),
        ("solid background #000000", (0, 0, 0)),
    ],
)
def test_background_solid_hex(clause: str, rgb: tuple[int, int, int]) -> None:
    d = parse_prompt(clause)
    _only(d, clause)
    assert d.background == "solid" and d.solid_color == rgb


@pytest.mark.parametrize("name", COLOUR_NAMES)
def test_background_solid_colour_names(name: str) -> None:
    d = parse_prompt(f"solid background {name}")
    _only(d, f"solid background {name}")
    assert d.background == "solid"
    assert d.solid_color is not None and all(0 <= c <= 255 for c in d.solid_color)
    assert parse_prompt(f"background solid {name}").solid_color == d.solid_color


def test_colour_names_mean_their_colour() -> None:
    col = {n: parse_prompt(f"solid background {n}").solid_color for n in COLOUR_NAMES}
    assert col["white"] == (255, 255, 255) and col["black"] == (0, 0, 0)
    assert col["gray"] == col["grey"]
    r, g, b = col["red"]  # type: ignore[misc]
    assert r > 150 and r > 2 * g and r > 2 * b
    r, g, b = col["blue"]  # type: ignore[misc]
    assert b > 150 and b > r and b > g


def test_unknown_colour_is_ignored_not_guessed() -> None:
    d = parse_prompt("solid background chartreusey")
    assert d.ignored == ("solid background chartreusey",)
    assert d.background is None and d.solid_color is None


@pytest.mark.parametrize("side", ["left", "center", "right"])
def test_align(side: str) -> None:
    d = parse_prompt(f"align {side}")
    _only(d, f"align {side}")
    assert d.align == side


@pytest.mark.parametrize("clause", ["no crop", "do not crop", "don't crop", "No Crop"])
def test_no_crop(clause: str) -> None:
    d = parse_prompt(clause)
    _only(d, clause)
    assert d.no_crop


@pytest.mark.parametrize("verb", DROP_VERBS)
@pytest.mark.parametrize("target", sorted(DROP_TARGETS))
def test_drop(verb: str, target: str) -> None:
    clause = f"{verb} {target}"
    d = parse_prompt(clause)
    _only(d, clause)
    assert d.drop == frozenset({DROP_TARGETS[target]})


@pytest.mark.parametrize("clause", ["drop headline", "remove the headline", "no text"])
def test_headline_cannot_be_dropped(clause: str) -> None:
    d = parse_prompt(clause)
    assert d.drop == frozenset()
    assert d.ignored == (clause,)


def test_several_clauses_and_separators() -> None:
    text = (
        "Emphasize logo. align right; no crop,\n drop product\nmake it pop, solid background navy"
    )
    d = parse_prompt(text)
    assert d.emphasize == "logo" and d.align == "right" and d.no_crop
    assert d.drop == frozenset({"product"})
    assert d.background == "solid" and d.solid_color is not None
    assert d.understood == (
        "Emphasize logo",
        "align right",
        "no crop",
        "drop product",
        "solid background navy",
    )
    assert d.ignored == ("make it pop",)


def test_empty_prompt_is_no_directive() -> None:
    for text in ("", "   ", ".,;\n", None):
        d = parse_prompt(text)  # type: ignore[arg-type]
        assert d == PromptDirectives()


def _clauses(text: str) -> list[str]:
    """The documented split: '.', ';', ',' or new lines; blank clauses skipped."""
    return [c.strip() for c in re.split(r"[.;,\n]+", text) if c.strip()]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_random_text_never_raises_and_nothing_is_dropped(text: str) -> None:
    d = parse_prompt(text)
    clauses = _clauses(text)
    # every clause lands in exactly one of understood / ignored, in order, verbatim
    u, i = list(d.understood), list(d.ignored)
    for c in clauses:
        if u and u[0] == c:
            u.pop(0)
        else:
            assert i and i[0] == c, (c, d)
            i.pop(0)
    assert u == [] and i == []


documented = st.one_of(
    st.builds(
        lambda v, t: f"{v} {t}",
        st.sampled_from(EMPHASIS_VERBS),
        st.sampled_from(sorted(EMPHASIS_TARGETS)),
    ),
    st.sampled_from(["background blur", "blur background", "background extend"]),
    st.builds(lambda c: f"background solid #{c:06x}", st.integers(0, 0xFFFFFF)),
    st.builds(lambda n: f"solid background {n}", st.sampled_from(COLOUR_NAMES)),
    st.builds(lambda s: f"align {s}", st.sampled_from(["left", "center", "right"])),
    st.sampled_from(["no crop", "do not crop", "don't crop"]),
    st.builds(
        lambda v, t: f"{v} {t}", st.sampled_from(DROP_VERBS), st.sampled_from(sorted(DROP_TARGETS))
    ),
)
junk = st.text(
    alphabet=st.characters(categories=("L", "N", "Zs"), max_codepoint=0x2FF),
    min_size=1,
    max_size=30,
).filter(lambda s: s.strip() != "")


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(documented, st.booleans()), min_size=1, max_size=6),
    st.lists(junk, max_size=3),
    st.sampled_from([". ", "; ", ", ", "\n", ".\n"]),
)
def test_documented_clauses_are_understood_among_junk(parts, junks, sep) -> None:  # type: ignore[no-untyped-def]
    clauses = [c.upper() if up else c for c, up in parts]
    # junk words that happen to spell an instruction are not junk
    junks = [j.strip() for j in junks if not parse_prompt(j).understood]
    text = sep.join(clauses + junks)
    d = parse_prompt(text)
    assert list(d.understood) == clauses
    assert list(d.ignored) == junks
