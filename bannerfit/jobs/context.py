"""Build the store and blob store from settings (used by the API, workers and CLI)."""

from __future__ import annotations

from bannerfit.jobs.store import SqlStore
from bannerfit.settings import Settings


def open_store(settings: Settings) -> SqlStore:
    """Open the database named by the settings, migrated to the current schema.

    Every process runs the (locked, idempotent) Alembic upgrade, so a fresh SQLite file,
    a fresh PostgreSQL database and an older schema all work without a separate step.
    """
    from bannerfit.db import upgrade

    if not settings.database_url:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    store = SqlStore(settings.sqlalchemy_url)
    upgrade(store.engine)
    return store
