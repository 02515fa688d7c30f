"""Batched generation: a `generate` job over a dataset split, predictions stored per item."""

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tunix_rt.datasets import service as datasets
from tunix_rt.generations.models import PredictionRow
from tunix_rt.generations.schemas import Generation, GenerationCreate
from tunix_rt.jobs import service as jobs
from tunix_rt.jobs.models import JobRow
from tunix_rt.jobs.status import JobKind
from tunix_rt.pagination import PageParams, Pagination, offset_page
from tunix_rt.settings import Settings
from tunix_rt.tunix_runs.model_source import check_model, model_of_run


async def create_generation(
    session: AsyncSession, settings: Settings, body: GenerationCreate
) -> JobRow:
    if body.run_id is not None:
        model_dir, template = await model_of_run(session, settings, body.run_id)
    else:
        assert body.model_dir is not None
        check_model(body.model_dir)
        model_dir, template = body.model_dir, "chatml"
    dataset = await datasets.dataset_with_items(session, body.dataset_key, body.split)
    spec = {
        "model_dir": model_dir,
        "source_run_id": body.run_id,
        "template": body.template or template,
        "dataset_key": dataset.dataset_key,
        "dataset_id": dataset.id,
        "dataset_hash": dataset.content_hash,
        "split": body.split,
        "limit": body.limit,
        # `config` is what the child reads (tunix_rt_training GenerateConfig).
        "config": {
            "model": model_dir,
            "template": body.template or template,
            **body.config.model_dump(mode="json"),
        },
    }
    return await jobs.create_job(session, JobKind.generate, spec, priority=body.priority)


def generation_of(job: JobRow) -> Generation:
    return Generation(
        generation_id=job.id,
        status=job.status,
        spec=job.spec,
        progress=job.progress,
        result=job.result,
        error=job.error,
        created_at=job.created_at,
        finished_at=job.finished_at,
    )


async def list_predictions(
    session: AsyncSession, job_id: str, page: PageParams
) -> tuple[list[PredictionRow], Pagination]:
    query = (
        select(PredictionRow).where(PredictionRow.job_id == job_id).order_by(PredictionRow.position)
    )
    return await offset_page(session, query, page)


def predictions_file(run_dir: Path) -> Path:
    return run_dir / "predictions.jsonl"
