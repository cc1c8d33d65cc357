"""Where input and output files live: a small blob-store protocol and its backends."""

from bannerfit.storage.base import BlobNotFound, BlobStore
from bannerfit.storage.factory import make_blob_store

__all__ = ["BlobNotFound", "BlobStore", "make_blob_store"]
