"""The job store: keys, credits and jobs behind two small protocols.

:class:`SqlStore` is the one implementation, on SQLAlchemy Core, for SQLite (WAL mode,
the embedded default) and PostgreSQL alike. Every state change is a conditional UPDATE
(``... WHERE status = 'PROCESSING' AND attempts = :n``) so that two processes racing on
the same job can never both win, and credits move in the same transaction as the state
change that justifies them (reserve with the insert, refund with the FAILED update).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Protocol, cast

from sqlalchemy import (
    Connection,
    Engine,
    Table,
    create_engine,
    event,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy import delete as sa_delete
from sqlalchemy.exc import IntegrityError

from bannerfit.accounts.keys import generate_key, is_full_key, parse_prefix, verify_key
from bannerfit.jobs.errors import (
    IdempotencyConflict,
    InsufficientCredits,
    KeyNotFound,
    QueueFull,
    TooManyInFlight,
)
from bannerfit.jobs.models import ApiKey, Base, CreditEntry, Job
from bannerfit.jobs.records import (
    ACTIVE_STATUSES,
    ApiKeyRecord,
    JobParams,
    JobRecord,
    JobStatus,
    NewJob,
    OutputRecord,
    SourceKind,
    SubmitOutcome,
)

WORKER_LOST_ERROR = (
    "The worker processing this request stopped unexpectedly {n} times; "
    "the request was abandoned and its credits refunded."
)


class KeyStore(Protocol):
    def has_keys(self) -> bool: ...
    def create_key(
        self,
        *,
        name: str = "",
        credits: int = 0,
        rpm: int | None = None,
        models: Sequence[str] | None = None,
        is_admin: bool = False,
    ) -> tuple[ApiKeyRecord, str]: ...
    def authenticate(self, token: str) -> ApiKeyRecord | None: ...
    def find_key(self, ref: str) -> ApiKeyRecord: ...
    def list_keys(self) -> list[ApiKeyRecord]: ...
    def add_credits(self, ref: str, amount: int) -> ApiKeyRecord: ...
    def revoke_key(self, ref: str) -> ApiKeyRecord: ...
    def balance(self, key_id: str) -> int: ...


class JobStore(Protocol):
    def submit(self, new: NewJob, *, max_in_flight: int, max_queued: int) -> SubmitOutcome: ...
    def get_job(self, job_id: str) -> JobRecord | None: ...
    def claim(self, job_id: str, *, lease_seconds: float) -> JobRecord | None: ...
    def renew_lease(self, job_id: str, *, attempt: int, lease_seconds: float) -> bool: ...
    def complete(
        self,
        job_id: str,
        *,
        attempt: int,
        outputs: Sequence[OutputRecord],
        inference_time: float,
        retention_seconds: float,
    ) -> bool: ...
    def fail(
        self,
        job_id: str,
        *,
        error: str,
        code: str,
        retention_seconds: float,
        attempt: int | None = None,
    ) -> bool: ...
    def release_abandoned(
        self, job_id: str, *, max_attempts: int, retention_seconds: float
    ) -> JobStatus | None: ...
    def recover(self, *, max_attempts: int, retention_seconds: float) -> list[str]: ...
    def reclaim_expired_leases(
        self, *, max_attempts: int, retention_seconds: float
    ) -> list[str]: ...
    def queued_before(self, cutoff: float, *, limit: int = 500) -> list[str]: ...
    def expired_jobs(self, *, limit: int = 500) -> list[JobRecord]: ...
    def delete_jobs(self, job_ids: Sequence[str]) -> None: ...
    def counts_by_status(self) -> dict[str, int]: ...
    def ping(self) -> None: ...


def _install_sqlite_pragmas(engine: Engine) -> None:
    """WAL, a generous busy timeout, and BEGIN IMMEDIATE for write transactions.

    Deferred transactions that later write fail at once with SQLITE_BUSY instead of
    waiting, so writers announce themselves up front (``bannerfit_write`` option).
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # let SQLAlchemy's "begin" hook issue BEGIN
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = "IMMEDIATE" if conn.get_execution_options().get("bannerfit_write") else "DEFERRED"
        conn.exec_driver_sql(f"BEGIN {mode}")


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
        _install_sqlite_pragmas(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


def _key_record(row: Any) -> ApiKeyRecord:
    return ApiKeyRecord(
        id=row.id,
        prefix=row.prefix,
        name=row.name,
        credits=int(row.credits),
        rpm=row.rpm,
        models=tuple(m for m in row.models.split(",") if m) if row.models is not None else None,
        is_admin=bool(row.is_admin),
        created_at=row.created_at,
        revoked_at=row.revoked_at,
    )


def _job_record(row: Any) -> JobRecord:
    return JobRecord(
        id=row.id,
        key_id=row.key_id,
        status=JobStatus(row.status),
        params=JobParams.from_json(row.params),
        source_kind=SourceKind(row.source_kind),
        source_url=row.source_url,
        input_key=row.input_key,
        credits_charged=int(row.credits_charged),
        output_token=row.output_token,
        attempts=row.attempts,
        created_at=row.created_at,
        started_at=row.started_at,
        finished_at=row.finished_at,
        expires_at=row.expires_at,
        lease_expires_at=row.lease_expires_at,
        inference_time=row.inference_time,
        error=row.error,
        error_code=row.error_code,
        outputs=tuple(OutputRecord.from_json(o) for o in (row.outputs or [])),
        idempotency_key=row.idempotency_key,
    )


_K = cast(Table, ApiKey.__table__)
_J = cast(Table, Job.__table__)
_L = cast(Table, CreditEntry.__table__)


def _held_by(job_id: str, attempt: int) -> tuple[Any, ...]:
    """The job is still PROCESSING under this attempt: only that attempt may touch it."""
    return (
        _J.c.id == job_id,
        _J.c.status == JobStatus.PROCESSING.value,
        _J.c.attempts == attempt,
    )


class SqlStore:
    """KeyStore + JobStore on one SQLAlchemy engine (SQLite or PostgreSQL)."""

    def __init__(self, url: str, *, clock=time.time) -> None:
        self.url = url
        self._engine = make_engine(url)
        self._clock = clock

    # ----------------------------------------------------------------- plumbing
    def create_schema(self) -> None:
        Base.metadata.create_all(self._engine)

    def dispose(self) -> None:
        self._engine.dispose()

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine (for migrations, which run on their own connection)."""
        return self._engine

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self._engine.connect().execution_options(bannerfit_write=True) as conn, conn.begin():
            yield conn

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self._engine.connect() as conn, conn.begin():
            yield conn

    def ping(self) -> None:
        with self._read() as conn:
            conn.execute(text("SELECT 1"))

    # ------------------------------------------------------------------- keys
    def has_keys(self) -> bool:
        with self._read() as conn:
            return conn.execute(select(_K.c.id).limit(1)).first() is not None

    def create_key(
        self,
        *,
        name: str = "",
        credits: int = 0,
        rpm: int | None = None,
        models: Sequence[str] | None = None,
        is_admin: bool = False,
    ) -> tuple[ApiKeyRecord, str]:
        """Create a key; returns the record and the token (shown once, never stored)."""
        material = generate_key()
        now = self._clock()
        key_id = uuid.uuid4().hex
        with self._write() as conn:
            conn.execute(
                insert(_K).values(
                    id=key_id,
                    prefix=material.prefix,
                    key_hash=material.digest,
                    name=name,
                    credits=credits,
                    rpm=rpm,
                    models=",".join(models) if models is not None else None,
                    is_admin=is_admin,
                    created_at=now,
                )
            )
            if credits:
                conn.execute(
                    insert(_L).values(key_id=key_id, delta=credits, reason="grant", created_at=now)
                )
            row = conn.execute(select(_K).where(_K.c.id == key_id)).one()
        return _key_record(row), material.token

    def authenticate(self, token: str) -> ApiKeyRecord | None:
        """The active key matching ``token``, compared in constant time; else None."""
        prefix = parse_prefix(token)
        if prefix is None or not is_full_key(token):
            return None
        with self._read() as conn:
            row = conn.execute(select(_K).where(_K.c.prefix == prefix)).first()
        if row is None or not verify_key(token, row.key_hash) or row.revoked_at is not None:
            return None
        return _key_record(row)

    def find_key(self, ref: str) -> ApiKeyRecord:
        prefix = parse_prefix(ref)
        row = None
        if prefix is not None:
            with self._read() as conn:
                row = conn.execute(select(_K).where(_K.c.prefix == prefix)).first()
        if row is None or (is_full_key(ref) and not verify_key(ref.strip(), row.key_hash)):
            raise KeyNotFound(ref)
        return _key_record(row)

    def list_keys(self) -> list[ApiKeyRecord]:
        with self._read() as conn:
            rows = conn.execute(select(_K).order_by(_K.c.created_at)).all()
        return [_key_record(r) for r in rows]

    def add_credits(self, ref: str, amount: int) -> ApiKeyRecord:
        key = self.find_key(ref)
        with self._write() as conn:
            conn.execute(update(_K).where(_K.c.id == key.id).values(credits=_K.c.credits + amount))
            conn.execute(
                insert(_L).values(
                    key_id=key.id, delta=amount, reason="topup", created_at=self._clock()
                )
            )
            row = conn.execute(select(_K).where(_K.c.id == key.id)).one()
        return _key_record(row)

    def revoke_key(self, ref: str) -> ApiKeyRecord:
        key = self.find_key(ref)
        with self._write() as conn:
            conn.execute(
                update(_K)
                .where(_K.c.id == key.id, _K.c.revoked_at.is_(None))
                .values(revoked_at=self._clock())
            )
            row = conn.execute(select(_K).where(_K.c.id == key.id)).one()
        return _key_record(row)

    def balance(self, key_id: str) -> int:
        with self._read() as conn:
            value = conn.execute(select(_K.c.credits).where(_K.c.id == key_id)).scalar_one()
        return int(value)

    def ledger_sum(self, key_id: str) -> int:
        """Sum of all ledger entries of a key: always equals its balance."""
        with self._read() as conn:
            value = conn.execute(
                select(func.coalesce(func.sum(_L.c.delta), 0)).where(_L.c.key_id == key_id)
            ).scalar_one()
        return int(value)

    # ------------------------------------------------------------------- jobs
    def submit(self, new: NewJob, *, max_in_flight: int, max_queued: int) -> SubmitOutcome:
        """Reserve the credits and insert the job in one transaction.

        The reservation is ``UPDATE ... SET credits = credits - cost WHERE credits >= cost``:
        concurrent submissions serialise on the row and can never overdraw it.
        """
        for _ in range(2):
            try:
                return self._submit_once(new, max_in_flight=max_in_flight, max_queued=max_queued)
            except IntegrityError:
                # A concurrent submission with the same Idempotency-Key won the insert;
                # our reservation rolled back with it. Go again to return its job.
                continue
        raise IdempotencyConflict()

    def _submit_once(self, new: NewJob, *, max_in_flight: int, max_queued: int) -> SubmitOutcome:
        now = self._clock()
        with self._write() as conn:
            # PostgreSQL: lock the key row first, so concurrent submissions of one key
            # (through any API replica) run one after the other and the in-flight count
            # below is exact. SQLite already serialises writers (BEGIN IMMEDIATE).
            conn.execute(select(_K.c.id).where(_K.c.id == new.key_id).with_for_update())
            if new.idempotency_key is not None:
                row = conn.execute(
                    select(_J).where(
                        _J.c.key_id == new.key_id, _J.c.idempotency_key == new.idempotency_key
                    )
                ).first()
                if row is not None:
                    if row.request_hash != new.request_hash:
                        raise IdempotencyConflict()
                    return SubmitOutcome(job=_job_record(row), created=False)
            queued = conn.execute(
                select(func.count()).select_from(_J).where(_J.c.status == JobStatus.QUEUED.value)
            ).scalar_one()
            if queued >= max_queued:
                raise QueueFull()
            in_flight = conn.execute(
                select(func.count())
                .select_from(_J)
                .where(
                    _J.c.key_id == new.key_id,
                    _J.c.status.in_([s.value for s in ACTIVE_STATUSES]),
                )
            ).scalar_one()
            if in_flight >= max_in_flight:
                raise TooManyInFlight(max_in_flight)
            reserved = conn.execute(
                update(_K)
                .where(_K.c.id == new.key_id, _K.c.credits >= new.credits)
                .values(credits=_K.c.credits - new.credits)
            )
            if reserved.rowcount != 1:
                left = conn.execute(select(_K.c.credits).where(_K.c.id == new.key_id)).scalar_one()
                raise InsufficientCredits(new.credits, int(left))
            if new.credits:
                conn.execute(
                    insert(_L).values(
                        key_id=new.key_id,
                        delta=-new.credits,
                        reason="reserve",
                        job_id=new.id,
                        created_at=now,
                    )
                )
            conn.execute(
                insert(_J).values(
                    id=new.id,
                    key_id=new.key_id,
                    status=JobStatus.QUEUED.value,
                    params=new.params.to_json(),
                    source_kind=new.source_kind.value,
                    source_url=new.source_url,
                    input_key=new.input_key,
                    credits_charged=new.credits,
                    output_token=new.output_token,
                    attempts=0,
                    created_at=now,
                    idempotency_key=new.idempotency_key,
                    request_hash=new.request_hash,
                )
            )
            row = conn.execute(select(_J).where(_J.c.id == new.id)).one()
        return SubmitOutcome(job=_job_record(row), created=True)

    def get_job(self, job_id: str) -> JobRecord | None:
        with self._read() as conn:
            row = conn.execute(select(_J).where(_J.c.id == job_id)).first()
        return None if row is None else _job_record(row)

    def claim(self, job_id: str, *, lease_seconds: float) -> JobRecord | None:
        """QUEUED -> PROCESSING for one worker; None when someone else has it or it is done."""
        now = self._clock()
        with self._write() as conn:
            res = conn.execute(
                update(_J)
                .where(_J.c.id == job_id, _J.c.status == JobStatus.QUEUED.value)
                .values(
                    status=JobStatus.PROCESSING.value,
                    attempts=_J.c.attempts + 1,
                    started_at=func.coalesce(_J.c.started_at, now),
                    lease_expires_at=now + lease_seconds,
                )
            )
            if res.rowcount != 1:
                return None
            row = conn.execute(select(_J).where(_J.c.id == job_id)).one()
        return _job_record(row)

    def renew_lease(self, job_id: str, *, attempt: int, lease_seconds: float) -> bool:
        """Extend the lease of a running attempt (scale-out worker heartbeat).

        False when the attempt no longer holds the job (finished, or reclaimed after its
        lease ran out): the caller's work will then be discarded by ``complete``.
        """
        with self._write() as conn:
            res = conn.execute(
                update(_J)
                .where(*_held_by(job_id, attempt))
                .values(lease_expires_at=self._clock() + lease_seconds)
            )
            return res.rowcount == 1

    def complete(
        self,
        job_id: str,
        *,
        attempt: int,
        outputs: Sequence[OutputRecord],
        inference_time: float,
        retention_seconds: float,
    ) -> bool:
        """PROCESSING -> COMPLETED, only for the attempt that holds the job."""
        now = self._clock()
        with self._write() as conn:
            res = conn.execute(
                update(_J)
                .where(*_held_by(job_id, attempt))
                .values(
                    status=JobStatus.COMPLETED.value,
                    outputs=[o.to_json() for o in outputs],
                    inference_time=inference_time,
                    finished_at=now,
                    expires_at=now + retention_seconds,
                    lease_expires_at=None,
                )
            )
            return res.rowcount == 1

    def fail(
        self,
        job_id: str,
        *,
        error: str,
        code: str,
        retention_seconds: float,
        attempt: int | None = None,
    ) -> bool:
        """-> FAILED and refund the reservation, in one transaction; False if already final."""
        with self._write() as conn:
            return self._fail_in(conn, job_id, error, code, retention_seconds, attempt)

    def _fail_in(
        self,
        conn: Connection,
        job_id: str,
        error: str,
        code: str,
        retention_seconds: float,
        attempt: int | None,
    ) -> bool:
        now = self._clock()
        conds = [_J.c.id == job_id, _J.c.status.in_([s.value for s in ACTIVE_STATUSES])]
        if attempt is not None:
            conds.append(_J.c.attempts == attempt)
        res = conn.execute(
            update(_J)
            .where(*conds)
            .values(
                status=JobStatus.FAILED.value,
                error=error,
                error_code=code,
                finished_at=now,
                expires_at=now + retention_seconds,
                lease_expires_at=None,
            )
        )
        if res.rowcount != 1:
            return False
        row = conn.execute(select(_J.c.key_id, _J.c.credits_charged).where(_J.c.id == job_id)).one()
        if row.credits_charged:
            conn.execute(
                update(_K)
                .where(_K.c.id == row.key_id)
                .values(credits=_K.c.credits + row.credits_charged)
            )
            conn.execute(
                insert(_L).values(
                    key_id=row.key_id,
                    delta=row.credits_charged,
                    reason="refund",
                    job_id=job_id,
                    created_at=now,
                )
            )
        return True

    def release_abandoned(
        self, job_id: str, *, max_attempts: int, retention_seconds: float
    ) -> JobStatus | None:
        """A PROCESSING job whose worker vanished: back to QUEUED, or FAILED when out of tries.

        Returns the job's status afterwards (None if it does not exist).
        """
        with self._write() as conn:
            row = conn.execute(select(_J.c.status, _J.c.attempts).where(_J.c.id == job_id)).first()
            if row is None:
                return None
            if row.status != JobStatus.PROCESSING.value:
                return JobStatus(row.status)
            if row.attempts >= max_attempts:
                self._fail_in(
                    conn,
                    job_id,
                    WORKER_LOST_ERROR.format(n=row.attempts),
                    "worker_lost",
                    retention_seconds,
                    row.attempts,
                )
                return JobStatus.FAILED
            conn.execute(
                update(_J)
                .where(
                    _J.c.id == job_id,
                    _J.c.status == JobStatus.PROCESSING.value,
                    _J.c.attempts == row.attempts,
                )
                .values(status=JobStatus.QUEUED.value, lease_expires_at=None)
            )
            return JobStatus.QUEUED

    def _ids(self, *conds: Any) -> list[str]:
        with self._read() as conn:
            return list(
                conn.execute(select(_J.c.id).where(*conds).order_by(_J.c.created_at)).scalars()
            )

    def recover(self, *, max_attempts: int, retention_seconds: float) -> list[str]:
        """After a crash of the embedded server: every unfinished job, ready to enqueue.

        PROCESSING jobs lost their worker with the old process, so each counts as an
        abandoned attempt; the ids returned are the jobs now QUEUED, oldest first.
        """
        for job_id in self._ids(_J.c.status == JobStatus.PROCESSING.value):
            self.release_abandoned(
                job_id, max_attempts=max_attempts, retention_seconds=retention_seconds
            )
        return self._ids(_J.c.status == JobStatus.QUEUED.value)

    def reclaim_expired_leases(self, *, max_attempts: int, retention_seconds: float) -> list[str]:
        """PROCESSING jobs whose lease ran out; returns those put back in the queue."""
        requeued = []
        stale = self._ids(
            _J.c.status == JobStatus.PROCESSING.value, _J.c.lease_expires_at < self._clock()
        )
        for job_id in stale:
            status = self.release_abandoned(
                job_id, max_attempts=max_attempts, retention_seconds=retention_seconds
            )
            if status is JobStatus.QUEUED:
                requeued.append(job_id)
        return requeued

    def queued_before(self, cutoff: float, *, limit: int = 500) -> list[str]:
        """Ids of jobs QUEUED since before ``cutoff`` (oldest first): lost messages."""
        with self._read() as conn:
            return list(
                conn.execute(
                    select(_J.c.id)
                    .where(_J.c.status == JobStatus.QUEUED.value, _J.c.created_at < cutoff)
                    .order_by(_J.c.created_at)
                    .limit(limit)
                ).scalars()
            )

    def expired_jobs(self, *, limit: int = 500) -> list[JobRecord]:
        with self._read() as conn:
            rows = conn.execute(
                select(_J).where(_J.c.expires_at < self._clock()).limit(limit)
            ).all()
        return [_job_record(r) for r in rows]

    def delete_jobs(self, job_ids: Sequence[str]) -> None:
        if not job_ids:
            return
        with self._write() as conn:
            conn.execute(sa_delete(_J).where(_J.c.id.in_(list(job_ids))))

    def counts_by_status(self) -> dict[str, int]:
        with self._read() as conn:
            rows = conn.execute(select(_J.c.status, func.count()).group_by(_J.c.status)).all()
        counts = {s.value: 0 for s in JobStatus}
        counts.update({status: int(n) for status, n in rows})
        return counts
