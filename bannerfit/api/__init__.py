"""The HTTP layer: FastAPI routes over the job store, blob store and queue."""

from bannerfit.api.app import create_app

__all__ = ["create_app"]
