"""Creating, reading and cancelling jobs, and storing what their children report."""

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from tunix_rt.db import utcnow
from tunix_rt.errors import ApiError, not_found
from tunix_rt.jobs.models import JobLogRow, JobMetricRow, JobRow
from tunix_rt.jobs.status import FINISHED, JobStatus
from tunix_rt.pagination import PageParams, Pagination, offset_page


async def create_job(
    session: AsyncSession,
    kind: str,
    spec: dict[str, Any],
    *,
    priority: int = 0,
    timeout_s: float | None = None,
    max_attempts: int = 3,
) -> JobRow:
    job = JobRow(
        id=str(uuid.uuid4()),
        kind=kind,
        status=JobStatus.queued,
        priority=priority,
        spec=spec,
        timeout_s=timeout_s,
        max_attempts=max_attempts,
        attempt=0,
        created_at=utcnow(),
    )
    session.add(job)
    await session.commit()
    return job


async def get_job(session: AsyncSession, job_id: str, kind: str | None = None) -> JobRow:
    job = await session.get(JobRow, job_id, populate_existing=True)
    if job is None or (kind is not None and job.kind != kind):
        raise not_found(
            {
                "train": "run",
                "generate": "generation",
                "evaluate": "evaluation",
                "tune": "tuning job",
            }.get(kind or "", "job"),
            job_id,
        )
    return job


async def list_jobs(
    session: AsyncSession,
    page: PageParams,
    *,
    kind: str | None = None,
    status: str | None = None,
    spec_equals: dict[str, str] | None = None,
) -> tuple[list[JobRow], Pagination]:
    query = select(JobRow).order_by(JobRow.created_at.desc(), JobRow.id.desc())
    if kind is not None:
        query = query.where(JobRow.kind == kind)
    if status is not None:
        query = query.where(JobRow.status == status)
    for key, value in (spec_equals or {}).items():
        query = query.where(JobRow.spec[key].as_string() == value)
    return await offset_page(session, query, page)


async def cancel_job(session: AsyncSession, job: JobRow) -> JobRow:
    """Queued: cancelled now. Running: the worker stops the child, then marks it cancelled."""
    if job.status in FINISHED:
        raise ApiError(409, f"job {job.id} already ended as {job.status}; nothing to cancel")
    if job.status == JobStatus.queued:
        changed = await session.execute(
            update(JobRow)
            .where(JobRow.id == job.id, JobRow.status == JobStatus.queued)
            .values(status=JobStatus.cancelled, finished_at=utcnow())
            .returning(JobRow.id)
        )
        if changed.scalar_one_or_none() is None:  # a worker claimed it meanwhile
            return await cancel_job(session, await get_job(session, job.id))
    else:
        await session.execute(
            update(JobRow)
            .where(JobRow.id == job.id, JobRow.status == JobStatus.running)
            .values(status=JobStatus.cancel_requested)
        )
    await session.commit()
    return await get_job(session, job.id)


async def append_logs(
    session: AsyncSession, job_id: str, first_seq: int, lines: Sequence[tuple[str, str]]
) -> None:
    """Store (stream, text) lines with consecutive sequence numbers from first_seq."""
    now = utcnow()
    session.add_all(
        JobLogRow(job_id=job_id, seq=first_seq + k, stream=stream, chunk=text, created_at=now)
        for k, (stream, text) in enumerate(lines)
    )
    await session.commit()


async def next_log_seq(session: AsyncSession, job_id: str) -> int:
    """Where a (re)started job's logs continue, so a retry appends after the first attempt."""
    last = await session.execute(select(func.max(JobLogRow.seq)).where(JobLogRow.job_id == job_id))
    value = last.scalar_one_or_none()
    return 0 if value is None else int(value) + 1


async def append_metrics(
    session: AsyncSession, job_id: str, points: Sequence[tuple[int, str, float]]
) -> None:
    now = utcnow()
    session.add_all(
        JobMetricRow(job_id=job_id, step=step, name=name, value=value, created_at=now)
        for step, name, value in points
    )
    await session.commit()


async def logs_since(
    session: AsyncSession, job_id: str, since_seq: int, limit: int = 500
) -> list[JobLogRow]:
    query = (
        select(JobLogRow)
        .where(JobLogRow.job_id == job_id, JobLogRow.seq >= since_seq)
        .order_by(JobLogRow.seq)
        .limit(limit)
    )
    return list((await session.execute(query)).scalars())


async def metrics_since(
    session: AsyncSession, job_id: str, after_id: int = 0, limit: int = 5000
) -> list[JobMetricRow]:
    query = (
        select(JobMetricRow)
        .where(JobMetricRow.job_id == job_id, JobMetricRow.id > after_id)
        .order_by(JobMetricRow.id)
        .limit(limit)
    )
    return list((await session.execute(query)).scalars())


async def metric_series(session: AsyncSession, job_id: str) -> dict[str, list[dict[str, float]]]:
    """{name: [{step, value}, ...]} ordered by step; a resumed run's repeats keep the last."""
    rows = await session.execute(
        select(JobMetricRow.name, JobMetricRow.step, JobMetricRow.value)
        .where(JobMetricRow.job_id == job_id)
        .order_by(JobMetricRow.name, JobMetricRow.step, JobMetricRow.id)
    )
    series: dict[str, dict[int, float]] = {}
    for name, step, value in rows.all():
        series.setdefault(name, {})[step] = value
    return {
        name: [{"step": s, "value": v} for s, v in sorted(points.items())]
        for name, points in series.items()
    }
