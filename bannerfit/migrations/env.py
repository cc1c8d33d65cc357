"""Alembic environment: bannerfit's tables, on the connection handed over by bannerfit.db.

Run through ``bannerfit db upgrade`` (or on ``serve`` start), never through the
``alembic`` command line: :func:`bannerfit.db.upgrade` passes the connection, already
holding the migration lock, in ``config.attributes["connection"]``.
"""

from __future__ import annotations

from alembic import context

from bannerfit.jobs.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reachable from the alembic CLI
    raise RuntimeError("run migrations with `bannerfit db upgrade`, not the alembic CLI")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER most things
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
