"""Build the store and blob store from settings (used by the API, workers and CLI)."""

from __future__ import annotations

from bannerfit.jobs.store import SqlStore
from bannerfit.settings import Settings


def open_store(settings: Settings) -> SqlStore:
    """Open (and create, on first use) the database named by the settings."""
    if not settings.database_url:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    store = SqlStore(settings.sqlalchemy_url)
    store.create_schema()
    return store
