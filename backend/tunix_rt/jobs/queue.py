"""The job queue: claiming, leases, heartbeats and outcomes, safe across many workers.

Postgres claims with `FOR UPDATE SKIP LOCKED`, so workers never wait on each other;
SQLite serialises writers, so one conditional UPDATE ... RETURNING is atomic there.
"""

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from tunix_rt.db import utcnow
from tunix_rt.jobs.models import JobRow
from tunix_rt.jobs.status import ACTIVE, JobStatus

Q = JobStatus


def _claimable(now: datetime) -> Any:
    expired = and_(JobRow.status.in_(ACTIVE), JobRow.lease_expires_at < now)
    return or_(JobRow.status == Q.queued, and_(expired, JobRow.attempt < JobRow.max_attempts))


async def expire_exhausted(session: AsyncSession) -> list[str]:
    """Jobs whose worker died on their last attempt fail; an abandoned cancel completes."""
    now = utcnow()
    expired = and_(JobRow.status.in_(ACTIVE), JobRow.lease_expires_at < now)
    cancelled = await session.execute(
        update(JobRow)
        .where(expired, JobRow.status == Q.cancel_requested)
        .values(status=Q.cancelled, finished_at=now, worker_id=None, lease_expires_at=None)
        .returning(JobRow.id)
    )
    failed = await session.execute(
        update(JobRow)
        .where(expired, JobRow.attempt >= JobRow.max_attempts)
        .values(
            status=Q.failed,
            finished_at=now,
            worker_id=None,
            lease_expires_at=None,
            error="the worker running this job stopped answering (lease expired) on its last "
            "attempt; attempts are exhausted",
        )
        .returning(JobRow.id)
    )
    await session.commit()
    return [*cancelled.scalars(), *failed.scalars()]


async def claim(
    session: AsyncSession, worker_id: str, lease_s: float, kinds: list[str] | None = None
) -> JobRow | None:
    """Take the next job (highest priority, then oldest), or a job whose lease expired."""
    now = utcnow()
    pick = select(JobRow.id).where(_claimable(now))
    if kinds:
        pick = pick.where(JobRow.kind.in_(kinds))
    pick = pick.order_by(JobRow.priority.desc(), JobRow.created_at, JobRow.id).limit(1)
    if session.get_bind().dialect.name == "postgresql":
        pick = pick.with_for_update(skip_locked=True)
    stmt = (
        update(JobRow)
        .where(JobRow.id == pick.scalar_subquery(), _claimable(now))
        .values(
            status=Q.running,
            worker_id=worker_id,
            attempt=JobRow.attempt + 1,
            lease_expires_at=now + timedelta(seconds=lease_s),
            heartbeat_at=now,
            started_at=now,
            error=None,
        )
        .returning(JobRow)
        .execution_options(synchronize_session=False)
    )
    job = (await session.execute(stmt)).scalar_one_or_none()
    await session.commit()
    return job


async def heartbeat(
    session: AsyncSession, job_id: str, worker_id: str, lease_s: float
) -> str | None:
    """Renew the lease; returns the job's status, or None when this worker lost the job."""
    now = utcnow()
    result = await session.execute(
        update(JobRow)
        .where(JobRow.id == job_id, JobRow.worker_id == worker_id, JobRow.status.in_(ACTIVE))
        .values(heartbeat_at=now, lease_expires_at=now + timedelta(seconds=lease_s))
        .returning(JobRow.status)
    )
    status = result.scalar_one_or_none()
    await session.commit()
    return status


async def finish(
    session: AsyncSession,
    job_id: str,
    worker_id: str,
    status: JobStatus,
    *,
    result: dict[str, Any] | None = None,
    error: str | None = None,
) -> bool:
    """Record the outcome if this worker still holds the job."""
    values: dict[str, Any] = {
        "status": status,
        "finished_at": utcnow(),
        "lease_expires_at": None,
        "error": error,
    }
    if result is not None:
        values["result"] = result
    done = await session.execute(
        update(JobRow)
        .where(JobRow.id == job_id, JobRow.worker_id == worker_id, JobRow.status.in_(ACTIVE))
        .values(**values)
        .returning(JobRow.id)
    )
    await session.commit()
    return done.scalar_one_or_none() is not None


async def hand_back(session: AsyncSession, job_id: str, worker_id: str) -> bool:
    """A worker shutting down returns its job to the queue; the attempt is not counted."""
    done = await session.execute(
        update(JobRow)
        .where(JobRow.id == job_id, JobRow.worker_id == worker_id, JobRow.status == Q.running)
        .values(
            status=Q.queued,
            worker_id=None,
            lease_expires_at=None,
            attempt=JobRow.attempt - 1,
        )
        .returning(JobRow.id)
    )
    await session.commit()
    return done.scalar_one_or_none() is not None


async def set_progress(
    session: AsyncSession, job_id: str, progress: dict[str, Any] | None, checkpoint: str | None
) -> None:
    values: dict[str, Any] = {}
    if progress is not None:
        values["progress"] = progress
    if checkpoint is not None:
        values["last_checkpoint"] = checkpoint
    if values:
        await session.execute(update(JobRow).where(JobRow.id == job_id).values(**values))
        await session.commit()
