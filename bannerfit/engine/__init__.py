"""The recomposition engine: pure functions from banner bytes to banners of other sizes.

The job runtime and the CLI meet the engine only through :func:`recompose`.
"""

from bannerfit.engine.errors import (
    ContentBlocked,
    EngineError,
    ImageTooLarge,
    InvalidOptions,
    UndecodableImage,
    UnsupportedFormat,
)
from bannerfit.engine.options import (
    EngineLimits,
    RecomposeOptions,
    RenderedImage,
)


def recompose(source: bytes, options: RecomposeOptions) -> list[RenderedImage]:
    """Recompose ``source`` for every size and variant in ``options``."""
    from bannerfit.engine.pipeline import recompose as _recompose

    return _recompose(source, options)


def warm_up() -> None:
    """Load models once per process, so the first request does not pay for it."""
    from bannerfit.engine.pipeline import warm_up as _warm_up

    _warm_up()


__all__ = [
    "ContentBlocked",
    "EngineError",
    "EngineLimits",
    "ImageTooLarge",
    "InvalidOptions",
    "RecomposeOptions",
    "RenderedImage",
    "UndecodableImage",
    "UnsupportedFormat",
    "recompose",
    "warm_up",
]
