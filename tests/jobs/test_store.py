"""The store on a real SQLite file: state machine, credits, idempotency, concurrency."""

from __future__ import annotations

import threading
import uuid
from pathlib import Path

import pytest

from bannerfit.jobs.errors import (
    IdempotencyConflict,
    InsufficientCredits,
    KeyNotFound,
    QueueFull,
    TooManyInFlight,
)
from bannerfit.jobs.records import JobParams, JobStatus, NewJob, OutputRecord, SourceKind
from bannerfit.jobs.store import SqlStore


@pytest.fixture
def store(tmp_path: Path) -> SqlStore:
    s = SqlStore(f"sqlite:///{tmp_path / 'db.sqlite'}")
    s.create_schema()
    yield s
    s.dispose()


def new_job(key_id: str, credits: int = 2, idem: str | None = None, body: str = "a") -> NewJob:
    return NewJob(
        id=str(uuid.uuid4()),
        key_id=key_id,
        params=JobParams(sizes=((100, 100), (200, 50)), seed=7),
        source_kind=SourceKind.URL,
        source_url="https://example.com/a.png",
        input_key=None,
        credits=credits,
        output_token="tok",
        idempotency_key=idem,
        request_hash=body,
    )


def submit(store: SqlStore, job: NewJob, in_flight: int = 100, queued: int = 1000):
    return store.submit(job, max_in_flight=in_flight, max_queued=queued)


def test_sqlite_runs_in_wal_mode(store: SqlStore) -> None:
    with store._engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_keys_are_hashed_and_verified(store: SqlStore) -> None:
    record, token = store.create_key(name="k", credits=5)
    assert token.startswith("bf_") and record.prefix in token
    assert store.authenticate(token).id == record.id
    assert store.authenticate(token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    assert store.authenticate("bf_0000000000_nope") is None
    with store._engine.connect() as conn:
        stored = conn.exec_driver_sql("SELECT key_hash FROM api_keys").scalar()
    assert token not in stored and len(stored) == 64
    store.revoke_key(record.prefix)
    assert store.authenticate(token) is None
    with pytest.raises(KeyNotFound):
        store.add_credits("ffffffffff", 1)


def test_reserve_complete_and_refund_once(store: SqlStore) -> None:
    key, _ = store.create_key(credits=10)
    job = submit(store, new_job(key.id, credits=4)).job
    assert job.status is JobStatus.QUEUED and store.balance(key.id) == 6
    claimed = store.claim(job.id, lease_seconds=60)
    assert claimed and claimed.status is JobStatus.PROCESSING and claimed.attempts == 1
    assert store.claim(job.id, lease_seconds=60) is None  # nobody claims it twice
    assert store.fail(job.id, error="bad image.", code="x", retention_seconds=60)
    assert store.balance(key.id) == 10
    # a FAILED job cannot fail (and refund) again, nor complete
    assert not store.fail(job.id, error="again.", code="x", retention_seconds=60)
    assert not store.complete(job.id, attempt=1, outputs=[], inference_time=1, retention_seconds=60)
    assert store.balance(key.id) == 10 == store.ledger_sum(key.id)


def test_complete_only_for_the_current_attempt(store: SqlStore) -> None:
    key, _ = store.create_key(credits=10)
    job = submit(store, new_job(key.id)).job
    store.claim(job.id, lease_seconds=60)
    assert store.release_abandoned(job.id, max_attempts=3, retention_seconds=60) is JobStatus.QUEUED
    second = store.claim(job.id, lease_seconds=60)
    assert second.attempts == 2
    out = OutputRecord("k", "100x100_0.png", 100, 100, 0, "png", "image/png", 10)
    # the first, abandoned attempt finishing late must not win
    assert not store.complete(
        job.id, attempt=1, outputs=[out], inference_time=1, retention_seconds=60
    )
    assert store.complete(job.id, attempt=2, outputs=[out], inference_time=1, retention_seconds=60)
    done = store.get_job(job.id)
    assert done.status is JobStatus.COMPLETED and done.outputs[0].filename == "100x100_0.png"
    assert store.balance(key.id) == 8  # charged once


def test_abandoned_job_fails_and_refunds_after_max_attempts(store: SqlStore) -> None:
    key, _ = store.create_key(credits=10)
    job = submit(store, new_job(key.id, credits=3)).job
    for _ in range(2):
        store.claim(job.id, lease_seconds=60)
        assert (
            store.release_abandoned(job.id, max_attempts=3, retention_seconds=60)
            is JobStatus.QUEUED
        )
    store.claim(job.id, lease_seconds=60)
    assert store.release_abandoned(job.id, max_attempts=3, retention_seconds=60) is JobStatus.FAILED
    failed = store.get_job(job.id)
    assert failed.error_code == "worker_lost" and "3 times" in failed.error
    assert store.balance(key.id) == 10


def test_recover_requeues_processing_and_lists_queued(store: SqlStore) -> None:
    key, _ = store.create_key(credits=10)
    a = submit(store, new_job(key.id, credits=1)).job
    b = submit(store, new_job(key.id, credits=1)).job
    store.claim(a.id, lease_seconds=60)
    assert store.recover(max_attempts=3, retention_seconds=60) == [a.id, b.id]
    assert store.get_job(a.id).status is JobStatus.QUEUED


def test_expired_lease_is_reclaimed(store: SqlStore) -> None:
    key, _ = store.create_key(credits=10)
    job = submit(store, new_job(key.id, credits=1)).job
    store.claim(job.id, lease_seconds=-1)
    assert store.reclaim_expired_leases(max_attempts=3, retention_seconds=60) == [job.id]


def test_insufficient_credits_names_needed_and_left(store: SqlStore) -> None:
    key, _ = store.create_key(credits=3)
    with pytest.raises(InsufficientCredits) as info:
        submit(store, new_job(key.id, credits=4))
    assert (info.value.needed, info.value.left) == (4, 3)
    assert store.balance(key.id) == 3 and store.counts_by_status()["QUEUED"] == 0


def test_idempotency_same_body_same_job_other_body_conflict(store: SqlStore) -> None:
    key, _ = store.create_key(credits=10)
    first = submit(store, new_job(key.id, idem="k1", body="A"))
    again = submit(store, new_job(key.id, idem="k1", body="A"))
    assert first.created and not again.created and again.job.id == first.job.id
    with pytest.raises(IdempotencyConflict):
        submit(store, new_job(key.id, idem="k1", body="B"))
    assert store.balance(key.id) == 8  # charged once


def test_in_flight_and_queue_caps(store: SqlStore) -> None:
    key, _ = store.create_key(credits=100)
    submit(store, new_job(key.id), in_flight=2)
    submit(store, new_job(key.id), in_flight=2)
    with pytest.raises(TooManyInFlight):
        submit(store, new_job(key.id), in_flight=2)
    with pytest.raises(QueueFull):
        submit(store, new_job(key.id), queued=2)


def test_concurrent_submits_never_overdraw(store: SqlStore) -> None:
    """24 threads race for 10 credits at 1 each: exactly 10 win, balance ends at 0."""
    key, _ = store.create_key(credits=10)
    results: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(24)

    def worker() -> None:
        barrier.wait()
        try:
            submit(store, new_job(key.id, credits=1))
            outcome = "ok"
        except InsufficientCredits:
            outcome = "short"
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=worker) for _ in range(24)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("ok") == 10 and results.count("short") == 14
    assert store.balance(key.id) == 0 == store.ledger_sum(key.id)


def test_expired_jobs_are_listed_and_deleted(store: SqlStore) -> None:
    key, _ = store.create_key(credits=10)
    job = submit(store, new_job(key.id, credits=1)).job
    store.fail(job.id, error="x.", code="x", retention_seconds=-1)
    assert [j.id for j in store.expired_jobs()] == [job.id]
    store.delete_jobs([job.id])
    assert store.get_job(job.id) is None
