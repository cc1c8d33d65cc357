"""Pick the blob store from ``BANNERFIT_STORAGE_URL`` (one code path for all backends)."""

from __future__ import annotations

from bannerfit.settings import Settings
from bannerfit.storage.base import BlobStore
from bannerfit.storage.local import LocalBlobStore


def make_blob_store(settings: Settings) -> BlobStore:
    url = settings.storage_url
    if not url:
        return LocalBlobStore(settings.files_dir)
    if url.startswith("file://"):
        from pathlib import Path

        return LocalBlobStore(Path(url[len("file://") :]))
    if url.startswith("s3://"):
        try:
            from bannerfit.storage.s3 import S3BlobStore
        except ImportError as exc:
            raise RuntimeError(
                "BANNERFIT_STORAGE_URL=s3://... needs the S3 backend (bannerfit.storage.s3), "
                "which is not installed in this build."
            ) from exc
        return S3BlobStore.from_url(url, settings)
    raise ValueError(
        f"BANNERFIT_STORAGE_URL must be unset, file://PATH or s3://BUCKET/PREFIX, not {url!r}."
    )
