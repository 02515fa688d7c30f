"""Training runs: validated configs turned into `train` jobs, and their records."""

from sqlalchemy.ext.asyncio import AsyncSession

from tunix_rt.core.registry_refs import is_registry_ref
from tunix_rt.datasets import service as datasets
from tunix_rt.errors import ApiError
from tunix_rt.evaluations.judging import resolve_judges
from tunix_rt.jobs import service as jobs
from tunix_rt.jobs.models import JobRow
from tunix_rt.jobs.status import JobKind
from tunix_rt.registry import service as registry
from tunix_rt.settings import Settings
from tunix_rt.tunix_runs.model_source import check_model
from tunix_rt.tunix_runs.schemas import Run, RunCreate


async def create_run(session: AsyncSession, settings: Settings, body: RunCreate) -> JobRow:
    try:
        dataset = await datasets.get_dataset(session, body.dataset_key)
    except ApiError as exc:
        raise ApiError(422, f"dataset_key {body.dataset_key!r} does not exist") from exc
    if dataset.stats.get("splits", {}).get("train", 0) == 0:
        raise ApiError(422, f"dataset {body.dataset_key} has no train items")
    config = body.config.model_dump(mode="json")
    pinned = None
    if is_registry_ref(body.config.model):
        pinned = await registry.pin_ref(session, settings, body.config.model)
        config["model"] = pinned["path"]  # the child loads the pinned version's files
    else:
        check_model(body.config.model)
    if body.auto_evaluate is not None:  # a bad judge is a 422 now, not a silent miss later
        await resolve_judges(session, settings, body.auto_evaluate.judges)
    spec = {
        "dataset_key": dataset.dataset_key,
        "dataset_hash": dataset.content_hash,
        "dataset_id": dataset.id,
        "model_id": body.config.model,
        "model_version": pinned,
        "config": config,
        "dry_run": body.dry_run,
        "auto_evaluate": (
            body.auto_evaluate.model_dump(mode="json") if body.auto_evaluate is not None else None
        ),
    }
    return await jobs.create_job(
        session,
        JobKind.train,
        spec,
        priority=body.priority,
        timeout_s=body.timeout_s,
        max_attempts=body.max_attempts,
    )


def run_of(job: JobRow) -> Run:
    spec = job.spec
    return Run(
        run_id=job.id,
        status=job.status,
        dataset_key=spec["dataset_key"],
        dataset_hash=spec["dataset_hash"],
        model_id=spec["model_id"],
        dry_run=spec.get("dry_run", False),
        config=spec["config"],
        progress=job.progress,
        result=job.result,
        error=job.error,
        attempt=job.attempt,
        max_attempts=job.max_attempts,
        priority=job.priority,
        timeout_s=job.timeout_s,
        last_checkpoint=job.last_checkpoint,
        created_at=job.created_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
    )
