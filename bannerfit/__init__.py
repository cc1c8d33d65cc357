"""bannerfit: recompose one ad banner into many sizes."""

__version__ = "0.1.0"
