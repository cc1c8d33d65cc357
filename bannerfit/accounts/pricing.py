"""What a request costs: credits per output image, scaled by resolution tier."""

from __future__ import annotations

from bannerfit.settings import Settings


def request_cost(settings: Settings, *, sizes: int, variants: int, resolution: str) -> int:
    """Credits reserved at submit for ``sizes`` x ``variants`` outputs at ``resolution``."""
    return sizes * variants * settings.price_for(resolution)
