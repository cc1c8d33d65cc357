"""Blob store in any S3-compatible object store (``BANNERFIT_STORAGE_URL=s3://bucket/prefix``).

AWS S3, MinIO, Ceph, R2 and moto all speak the same API; a custom endpoint is set with
``BANNERFIT_S3_ENDPOINT_URL`` (path-style addressing then, which every one of them
accepts). Credentials come from the settings when given, else from boto3's standard
chain (``AWS_ACCESS_KEY_ID``/``AWS_SECRET_ACCESS_KEY``, profiles, instance roles).

Outputs are handed to clients as presigned GET URLs that expire with the request's
retention, so the bytes never pass through the API; with ``BANNERFIT_S3_PROXY=1``
(a bucket clients cannot reach) ``public_url`` returns None and the API serves them.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from bannerfit.settings import Settings
from bannerfit.storage.base import BlobNotFound

#: SigV4 presigned URLs cannot live longer than 7 days.
MAX_PRESIGN_SECONDS = 7 * 24 * 3600


class S3BlobStore:
    def __init__(
        self,
        bucket: str,
        prefix: str = "",
        *,
        client: Any,
        presign: bool = True,
    ) -> None:
        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        self._s3 = client
        self._presign = presign

    @classmethod
    def from_url(cls, url: str, settings: Settings) -> S3BlobStore:
        parts = urlsplit(url)
        if parts.scheme != "s3" or not parts.netloc:
            raise ValueError(
                f"BANNERFIT_STORAGE_URL must look like s3://BUCKET/PREFIX, not {url!r}"
            )
        client = boto3.session.Session().client(
            "s3",
            endpoint_url=settings.s3_endpoint_url,
            region_name=settings.s3_region,
            aws_access_key_id=settings.s3_access_key_id,
            aws_secret_access_key=settings.s3_secret_access_key,
            config=Config(
                connect_timeout=3,
                read_timeout=20,
                retries={"max_attempts": 3, "mode": "standard"},
                signature_version="s3v4",
                s3={"addressing_style": "path" if settings.s3_endpoint_url else "auto"},
            ),
        )
        return cls(parts.netloc, parts.path, client=client, presign=not settings.s3_proxy)

    def _key(self, key: str) -> str:
        if key.startswith("/") or ".." in key.split("/"):
            raise ValueError(f"blob key escapes the store: {key!r}")
        return self.prefix + key

    def put(self, key: str, data: bytes, media_type: str = "application/octet-stream") -> None:
        # A PUT is atomic in S3: readers see the old object or the whole new one.
        self._s3.put_object(
            Bucket=self.bucket, Key=self._key(key), Body=data, ContentType=media_type
        )

    def get(self, key: str) -> bytes:
        try:
            obj = self._s3.get_object(Bucket=self.bucket, Key=self._key(key))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404", "NotFound"):
                raise BlobNotFound(key) from None
            raise
        return bytes(obj["Body"].read())

    def delete_prefix(self, prefix: str) -> None:
        paginator = self._s3.get_paginator("list_objects_v2")
        for page in paginator.paginate(Bucket=self.bucket, Prefix=self._key(prefix)):
            keys = [{"Key": o["Key"]} for o in page.get("Contents", [])]
            if keys:  # at most 1000 per page, the DeleteObjects limit
                self._s3.delete_objects(Bucket=self.bucket, Delete={"Objects": keys, "Quiet": True})

    def public_url(self, key: str, expires_in: int) -> str | None:
        if not self._presign:
            return None
        return str(
            self._s3.generate_presigned_url(
                "get_object",
                Params={"Bucket": self.bucket, "Key": self._key(key)},
                ExpiresIn=max(1, min(int(expires_in), MAX_PRESIGN_SECONDS)),
            )
        )

    def ping(self) -> None:
        self._s3.put_object(Bucket=self.bucket, Key=self._key(".ping"), Body=b"ok")
