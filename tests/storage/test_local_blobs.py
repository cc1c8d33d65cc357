"""The local blob store: atomic writes, prefix deletes, no escaping the root."""

from __future__ import annotations

import pytest

from bannerfit.settings import Settings
from bannerfit.storage import BlobNotFound, make_blob_store
from bannerfit.storage.local import LocalBlobStore


def test_put_get_delete_prefix(tmp_path) -> None:
    store = LocalBlobStore(tmp_path)
    store.put("jobs/a/out/1.png", b"one")
    store.put("jobs/a/input", b"in")
    store.put("jobs/b/out/1.png", b"other")
    assert store.get("jobs/a/out/1.png") == b"one"
    store.put("jobs/a/out/1.png", b"replaced")
    assert store.get("jobs/a/out/1.png") == b"replaced"
    store.delete_prefix("jobs/a/")
    with pytest.raises(BlobNotFound):
        store.get("jobs/a/input")
    assert store.get("jobs/b/out/1.png") == b"other"
    store.delete_prefix("jobs/missing/")  # nothing to delete is fine
    assert store.public_url("jobs/b/out/1.png", 60) is None
    store.ping()
    assert not [p for p in tmp_path.rglob(".tmp-*")]


def test_keys_cannot_escape_the_root(tmp_path) -> None:
    store = LocalBlobStore(tmp_path / "root")
    with pytest.raises(ValueError):
        store.put("../outside", b"x")


def test_factory_picks_backend_from_settings(tmp_path) -> None:
    local = make_blob_store(Settings(data_dir=tmp_path, _env_file=None))
    assert isinstance(local, LocalBlobStore) and local.root == (tmp_path / "files").resolve()
    with pytest.raises(ValueError, match="BANNERFIT_STORAGE_URL"):
        make_blob_store(Settings(data_dir=tmp_path, storage_url="ftp://x", _env_file=None))
