"""Tuning jobs: validated searches turned into `tune` jobs, and the trials the worker records."""

import uuid
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from tunix_rt.core.registry_refs import is_registry_ref
from tunix_rt.datasets import service as datasets
from tunix_rt.db import utcnow
from tunix_rt.errors import ApiError, not_found
from tunix_rt.jobs import service as jobs
from tunix_rt.jobs.models import JobRow
from tunix_rt.jobs.status import JobKind
from tunix_rt.pagination import PageParams, Pagination, offset_page
from tunix_rt.registry import service as registry
from tunix_rt.settings import Settings
from tunix_rt.tuning.models import TuningJobRow, TuningTrialRow
from tunix_rt.tuning.objective import resolve_objective
from tunix_rt.tuning.schemas import (
    IntermediatePoint,
    Trial,
    TuningJob,
    TuningJobCreate,
    TuningJobDetail,
    TuningStart,
)
from tunix_rt.tuning.space import check_scheduler, resolve_space
from tunix_rt.tunix_runs.model_source import check_model

CREATED = "created"  # a tuning job's status until it is started
TRIAL_STATUSES = ("pending", "running", "succeeded", "stopped", "failed")


async def create_tuning_job(
    session: AsyncSession, settings: Settings, body: TuningJobCreate
) -> TuningJobRow:
    """Check everything a search needs, then store it (not started); 422 and nothing written
    otherwise."""
    objective = resolve_objective(body.objective)
    search_space, fixed_config = resolve_space(
        body.search_space, body.fixed_config, body.trial_max_steps
    )
    check_scheduler(body.scheduler, fixed_config, body.trial_max_steps)
    # Objectives are measured on the eval split; trials train on the train split.
    dataset = await datasets.dataset_with_items(session, body.dataset_key, "train")
    await datasets.dataset_with_items(session, body.dataset_key, "eval")
    base_model, pinned = body.base_model, None
    if is_registry_ref(body.base_model):
        pinned = await registry.pin_ref(session, settings, body.base_model)
        base_model = pinned["path"]  # trials load the version pinned now, not a moved alias
    else:
        check_model(body.base_model)
    spec = {
        "name": body.name,
        "dataset_key": dataset.dataset_key,
        "dataset_id": dataset.id,
        "dataset_hash": dataset.content_hash,
        "base_model": base_model,
        "model_version": pinned,
        "template": fixed_config.get("template") or "chatml",
        "objective": objective,
        "search_space": search_space,
        "fixed_config": fixed_config,
        "trial_max_steps": body.trial_max_steps,
        "num_samples": body.num_samples,
        "max_concurrent_trials": body.max_concurrent_trials,
        "search_alg": body.search_alg,
        "seed": body.seed,
        "scheduler": body.scheduler.model_dump(mode="json"),
    }
    now = utcnow()
    row = TuningJobRow(
        id=str(uuid.uuid4()),
        name=body.name,
        dataset_key=dataset.dataset_key,
        dataset_id=dataset.id,
        dataset_hash=dataset.content_hash,
        base_model=body.base_model,
        spec=spec,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    await session.commit()
    return row


async def get_tuning_job(session: AsyncSession, tuning_job_id: str) -> TuningJobRow:
    row = await session.get(TuningJobRow, tuning_job_id, populate_existing=True)
    if row is None:
        raise not_found("tuning job", tuning_job_id)
    return row


async def _job_of(session: AsyncSession, row: TuningJobRow) -> JobRow | None:
    if row.job_id is None:
        return None
    return await session.get(JobRow, row.job_id, populate_existing=True)


async def trials_of(session: AsyncSession, tuning_job_id: str) -> list[TuningTrialRow]:
    return list(
        await session.scalars(
            select(TuningTrialRow)
            .where(TuningTrialRow.tuning_job_id == tuning_job_id)
            .order_by(TuningTrialRow.created_at, TuningTrialRow.trial_key)
            .execution_options(populate_existing=True)
        )
    )


def trial_of(row: TuningTrialRow) -> Trial:
    return Trial(
        id=row.id,
        trial_key=row.trial_key,
        params=row.params,
        status=row.status,
        run_id=row.run_id,
        evaluation_id=row.evaluation_id,
        intermediate=[IntermediatePoint(**p) for p in row.intermediate],
        final_metric=row.final_metric,
        error=row.error,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def tuning_job_of(row: TuningJobRow, job: JobRow | None, counts: dict[str, int]) -> TuningJob:
    spec = row.spec
    return TuningJob(
        id=row.id,
        name=row.name,
        status=job.status if job is not None else CREATED,
        status_note=row.status_note,
        job_id=row.job_id,
        dataset_key=row.dataset_key,
        dataset_hash=row.dataset_hash,
        base_model=row.base_model,
        model_version=spec["model_version"],
        objective=spec["objective"],
        search_space=spec["search_space"],
        fixed_config=spec["fixed_config"],
        trial_max_steps=spec["trial_max_steps"],
        num_samples=spec["num_samples"],
        max_concurrent_trials=spec["max_concurrent_trials"],
        search_alg=spec["search_alg"],
        scheduler=spec["scheduler"],
        seed=spec["seed"],
        progress=job.progress if job is not None else None,
        result=job.result if job is not None else None,
        error=job.error if job is not None else None,
        trial_counts=counts,
        created_at=row.created_at,
        updated_at=row.updated_at,
        started_at=job.created_at if job is not None else None,
        finished_at=job.finished_at if job is not None else None,
    )


def best_of(trials: list[TuningTrialRow], direction: str) -> TuningTrialRow | None:
    """The trial with the best final metric (the earliest on ties); None if none has one."""
    scored = [t for t in trials if t.final_metric is not None]
    if not scored:
        return None
    sign = 1.0 if direction == "min" else -1.0
    return min(scored, key=lambda t: (sign * float(t.final_metric or 0.0), t.created_at))


async def read_tuning_job(session: AsyncSession, tuning_job_id: str) -> TuningJobDetail:
    row = await get_tuning_job(session, tuning_job_id)
    trials = await trials_of(session, row.id)
    counts: dict[str, int] = {}
    for t in trials:
        counts[t.status] = counts.get(t.status, 0) + 1
    summary = tuning_job_of(row, await _job_of(session, row), counts)
    best = best_of(trials, row.spec["objective"]["direction"])
    return TuningJobDetail(
        **summary.model_dump(),
        trials=[trial_of(t) for t in trials],
        best_trial_id=best.id if best is not None else None,
    )


async def list_tuning_jobs(
    session: AsyncSession, page: PageParams, status: str | None = None
) -> tuple[list[TuningJob], Pagination]:
    """Newest first; `status` is `created` (not started) or the tune job's status."""
    query = (
        select(TuningJobRow)
        .outerjoin(JobRow, JobRow.id == TuningJobRow.job_id)
        .order_by(TuningJobRow.created_at.desc(), TuningJobRow.id.desc())
    )
    if status == CREATED:
        query = query.where(TuningJobRow.job_id.is_(None))
    elif status is not None:
        query = query.where(JobRow.status == status)
    rows, pagination = await offset_page(session, query, page)
    job_ids = [r.job_id for r in rows if r.job_id is not None]
    job_of = (
        {j.id: j for j in await session.scalars(select(JobRow).where(JobRow.id.in_(job_ids)))}
        if job_ids
        else {}
    )
    counts: dict[str, dict[str, int]] = {r.id: {} for r in rows}
    if rows:
        grouped = await session.execute(
            select(TuningTrialRow.tuning_job_id, TuningTrialRow.status, func.count())
            .where(TuningTrialRow.tuning_job_id.in_(list(counts)))
            .group_by(TuningTrialRow.tuning_job_id, TuningTrialRow.status)
        )
        for tuning_job_id, trial_status, n in grouped:
            counts[tuning_job_id][trial_status] = int(n)
    out = [tuning_job_of(r, job_of.get(r.job_id) if r.job_id else None, counts[r.id]) for r in rows]
    return out, pagination


# --- start and cancel ---------------------------------------------------------------------


def job_spec(row: TuningJobRow) -> dict[str, Any]:
    """What the `tune` job's worker and child read (docs/tuning.md)."""
    return {"tuning_job_id": row.id, **row.spec}


async def start_tuning_job(
    session: AsyncSession, tuning_job_id: str, body: TuningStart
) -> TuningJobRow:
    """Queue the `tune` job that runs the search; 409 if it was started before."""
    row = await get_tuning_job(session, tuning_job_id)
    if row.job_id is not None:
        raise ApiError(
            409,
            f"tuning job {row.id} was already started (tune job {row.job_id}); "
            "create a new tuning job to search again",
        )
    job = await jobs.create_job(session, JobKind.tune, job_spec(row), priority=body.priority)
    linked = await session.execute(
        update(TuningJobRow)
        .where(TuningJobRow.id == row.id, TuningJobRow.job_id.is_(None))
        .values(job_id=job.id, updated_at=utcnow())
        .returning(TuningJobRow.id)
    )
    if linked.scalar_one_or_none() is None:  # a concurrent start won
        await session.delete(job)
        await session.commit()
        raise ApiError(409, f"tuning job {row.id} was started concurrently")
    await session.commit()
    return await get_tuning_job(session, row.id)


async def cancel_tuning_job(session: AsyncSession, tuning_job_id: str) -> None:
    """Cancel the search's `tune` job (the worker stops running trials); 409 if not running."""
    row = await get_tuning_job(session, tuning_job_id)
    job = await _job_of(session, row)
    if job is None:
        raise ApiError(409, f"tuning job {row.id} was not started; nothing to cancel")
    await jobs.cancel_job(session, job)


# --- what the worker records --------------------------------------------------------------


async def tuning_job_of_job(session: AsyncSession, job_id: str) -> TuningJobRow | None:
    """The tuning job a `tune` job runs."""
    return await session.scalar(
        select(TuningJobRow)
        .where(TuningJobRow.job_id == job_id)
        .execution_options(populate_existing=True)
    )


async def record_trial(
    session: AsyncSession,
    tuning_job_id: str,
    trial_key: str,
    *,
    params: dict[str, Any] | None = None,
    status: str | None = None,
    run_id: str | None = None,
    evaluation_id: str | None = None,
    intermediate_point: tuple[int, float] | None = None,
    final_metric: float | None = None,
    error: str | None = None,
) -> TuningTrialRow:
    """Create or update the trial `trial_key` with the fields given (None: unchanged); an
    intermediate point replaces an earlier one at the same step. Commits."""
    if status is not None and status not in TRIAL_STATUSES:
        raise ValueError(f"trial status {status!r} is not one of {', '.join(TRIAL_STATUSES)}")
    for attempt in range(2):
        row = await session.scalar(
            select(TuningTrialRow)
            .where(
                TuningTrialRow.tuning_job_id == tuning_job_id,
                TuningTrialRow.trial_key == trial_key,
            )
            .execution_options(populate_existing=True)
        )
        now = utcnow()
        if row is None:
            row = TuningTrialRow(
                id=str(uuid.uuid4()),
                tuning_job_id=tuning_job_id,
                trial_key=trial_key,
                params={},
                status="pending",
                intermediate=[],
                created_at=now,
            )
            session.add(row)
        if params is not None:
            row.params = params
        if status is not None:
            row.status = status
        if run_id is not None:
            row.run_id = run_id
        if evaluation_id is not None:
            row.evaluation_id = evaluation_id
        if intermediate_point is not None:
            step, value = intermediate_point
            points = {int(p["step"]): p["value"] for p in row.intermediate}
            points[int(step)] = float(value)
            # A new list: SQLAlchemy notices reassignment, not in-place changes of JSON.
            row.intermediate = [{"step": s, "value": v} for s, v in sorted(points.items())]
        if final_metric is not None:
            row.final_metric = float(final_metric)
        if error is not None:
            row.error = error
        row.updated_at = now
        await session.execute(
            update(TuningJobRow).where(TuningJobRow.id == tuning_job_id).values(updated_at=now)
        )
        try:
            await session.commit()
        except IntegrityError:  # the same trial was inserted concurrently: update it instead
            await session.rollback()
            if attempt:
                raise
            continue
        return row
    raise AssertionError("unreachable")
