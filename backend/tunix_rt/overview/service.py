"""The overview in SQL: COUNT queries for every total, and the few most recent runs."""

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from tunix_rt.datasets.models import DatasetRow
from tunix_rt.jobs.models import JobRow
from tunix_rt.jobs.status import JobKind, JobStatus
from tunix_rt.overview.schemas import JobCounts, Overview, OverviewCounts, RecentRun
from tunix_rt.registry.models import ModelVersionRow, RegisteredModelRow
from tunix_rt.traces.models import TraceRow
from tunix_rt.tuning.models import TuningJobRow


async def _count(session: AsyncSession, table: Any) -> int:
    return int(await session.scalar(select(func.count()).select_from(table)) or 0)


async def _job_counts(session: AsyncSession, kinds: list[JobKind]) -> dict[str, JobCounts]:
    """One GROUP BY over (kind, status); statuses without jobs count 0."""
    rows = await session.execute(
        select(JobRow.kind, JobRow.status, func.count())
        .where(JobRow.kind.in_([k.value for k in kinds]))
        .group_by(JobRow.kind, JobRow.status)
    )
    found: dict[str, dict[str, int]] = {k.value: {s.value: 0 for s in JobStatus} for k in kinds}
    for kind, status, count in rows.all():
        found[kind][status] = int(count)
    return {
        kind: JobCounts(total=sum(by_status.values()), by_status=by_status)
        for kind, by_status in found.items()
    }


async def counts(session: AsyncSession) -> OverviewCounts:
    jobs = await _job_counts(session, [JobKind.train, JobKind.evaluate])
    return OverviewCounts(
        traces=await _count(session, TraceRow),
        datasets=await _count(session, DatasetRow),
        runs=jobs[JobKind.train],
        evaluations=jobs[JobKind.evaluate],
        models=await _count(session, RegisteredModelRow),
        model_versions=await _count(session, ModelVersionRow),
        tuning_jobs=await _count(session, TuningJobRow),
    )


async def recent_runs(session: AsyncSession, limit: int) -> list[RecentRun]:
    """The newest training runs; only the columns shown are read."""
    result = await session.execute(
        select(
            JobRow.id,
            JobRow.status,
            JobRow.spec,
            JobRow.progress,
            JobRow.error,
            JobRow.created_at,
            JobRow.started_at,
            JobRow.finished_at,
        )
        .where(JobRow.kind == JobKind.train)
        .order_by(JobRow.created_at.desc(), JobRow.id.desc())
        .limit(limit)
    )
    return [
        RecentRun(
            run_id=r.id,
            status=r.status,
            model_id=r.spec["model_id"],
            dataset_key=r.spec["dataset_key"],
            dry_run=bool(r.spec.get("dry_run", False)),
            progress=r.progress,
            error=r.error,
            created_at=r.created_at,
            started_at=r.started_at,
            finished_at=r.finished_at,
        )
        for r in result.all()
    ]


async def overview(session: AsyncSession, recent: int) -> Overview:
    return Overview(counts=await counts(session), recent_runs=await recent_runs(session, recent))
