"""Schema migrations (Alembic) for SQLite and PostgreSQL, shipped inside the package.

``bannerfit db upgrade`` and every process that opens the store call :func:`upgrade`,
so a fresh database, an old one and one shared by many API replicas and workers all end
at the same head revision. Concurrent upgrades are serialised (a PostgreSQL advisory
lock; a file lock next to a SQLite file) so that N replicas starting together do not
race to create the same tables. Databases created before migrations existed (by
``create_all``) are recognised and stamped instead of being created twice.
"""

from __future__ import annotations

import contextlib
import fcntl
from collections.abc import Iterator
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect, text

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
#: Arbitrary constant: the PostgreSQL advisory lock id held while migrating.
_PG_LOCK_ID = 0x62616E6E  # "bann"
#: The revision equal to the schema that ``Base.metadata.create_all`` used to create.
BASELINE = "0001"


def _config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


@contextlib.contextmanager
def _sqlite_lock(engine: Engine) -> Iterator[None]:
    database = engine.url.database
    if not database or database == ":memory:":
        yield
        return
    lock_path = Path(database).with_name(Path(database).name + ".migrate.lock")
    with open(lock_path, "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def upgrade(engine: Engine, revision: str = "head") -> str:
    """Bring the database to ``revision``; returns the revision it is at afterwards."""
    if engine.dialect.name == "sqlite":
        with _sqlite_lock(engine), engine.begin() as conn:
            _upgrade_on(conn, revision)
    else:
        with engine.begin() as conn:
            if engine.dialect.name == "postgresql":
                # Transaction-scoped: released with the commit of the migrations.
                conn.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _PG_LOCK_ID})
            _upgrade_on(conn, revision)
    current = current_revision(engine)
    assert current is not None
    return current


def _upgrade_on(conn: Connection, revision: str) -> None:
    cfg = _config(conn)
    tables = set(inspect(conn).get_table_names())
    if "alembic_version" not in tables and {"api_keys", "jobs", "credit_ledger"} <= tables:
        command.stamp(cfg, BASELINE)  # made by create_all before migrations existed
    command.upgrade(cfg, revision)
