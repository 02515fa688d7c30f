"""Evaluations: `evaluate` jobs keyed by what determines their scores, and their results."""

from sqlalchemy import and_, exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from tunix_rt.datasets import service as datasets
from tunix_rt.errors import ApiError, not_found
from tunix_rt.evaluations.identity import evaluation_identity
from tunix_rt.evaluations.judging import resolve_judges
from tunix_rt.evaluations.models import (
    EvaluationItemRow,
    EvaluationItemScoreRow,
    EvaluationRow,
    EvaluationScoreRow,
)
from tunix_rt.evaluations.models_under_test import resolve_model
from tunix_rt.evaluations.schemas import (
    Evaluation,
    EvaluationCreate,
    EvaluationItem,
    ItemVerdict,
    JudgeScore,
)
from tunix_rt.jobs import service as jobs
from tunix_rt.jobs.models import JobRow
from tunix_rt.jobs.status import JobKind, JobStatus
from tunix_rt.pagination import PageParams, Pagination, offset_page
from tunix_rt.settings import Settings

# An identical evaluation in one of these is reused; a failed or cancelled one is not.
REUSABLE = (JobStatus.queued, JobStatus.running, JobStatus.cancel_requested, JobStatus.succeeded)


async def create_evaluation(
    session: AsyncSession, settings: Settings, body: EvaluationCreate
) -> tuple[EvaluationRow, JobRow, bool]:
    """(evaluation, its job, existing?): an identical live evaluation is returned as is."""
    model = await resolve_model(session, settings, body.run_id, body.model)
    dataset = await datasets.dataset_with_items(session, body.dataset_key, body.split)
    judges, judge_models = await resolve_judges(session, settings, body.judges)
    generation = body.generation.model_dump(mode="json")
    identity = evaluation_identity(
        model.model_key, dataset.content_hash, body.split, body.limit, judges, generation
    )
    if not body.force:
        found = await _live_with_identity(session, identity)
        if found is not None:
            return found[0], found[1], True
    spec = {
        "model_ref": model.model_ref,
        "model_dir": model.model_dir,
        "dataset_key": dataset.dataset_key,
        "dataset_id": dataset.id,
        "dataset_hash": dataset.content_hash,
        "split": body.split,
        "limit": body.limit,
        "judges": judges,
        "judge_models": judge_models,
        "llm_endpoint": {
            "base_url": settings.llm_judge_base_url,
            "timeout_s": settings.llm_judge_timeout_s,
            "concurrency": settings.llm_judge_concurrency,
        },
        # `config` is what the child's generation phase reads (GenerateConfig).
        "config": {"model": model.model_dir, "template": model.template, **generation},
    }
    job = await jobs.create_job(session, JobKind.evaluate, spec, priority=body.priority)
    row = EvaluationRow(
        id=job.id,
        identity=identity,
        model_ref=model.model_ref,
        model_name=model.model_name,
        run_id=model.run_id,
        model_version_id=model.model_version_id,
        dataset_key=dataset.dataset_key,
        dataset_hash=dataset.content_hash,
        split=body.split,
        judges=judges,
        generation={**generation, "limit": body.limit},
        tags=sorted(set(body.tags)),
        created_at=job.created_at,
    )
    session.add(row)
    await session.commit()
    return row, job, False


async def _live_with_identity(
    session: AsyncSession, identity: str
) -> tuple[EvaluationRow, JobRow] | None:
    query = (
        select(EvaluationRow, JobRow)
        .join(JobRow, JobRow.id == EvaluationRow.id)
        .where(EvaluationRow.identity == identity, JobRow.status.in_(REUSABLE))
        .order_by(JobRow.created_at.desc())
        .limit(1)
    )
    found = (await session.execute(query)).first()
    return (found[0], found[1]) if found is not None else None


async def get_evaluation(session: AsyncSession, evaluation_id: str) -> tuple[EvaluationRow, JobRow]:
    found = (
        await session.execute(
            select(EvaluationRow, JobRow)
            .join(JobRow, JobRow.id == EvaluationRow.id)
            .where(EvaluationRow.id == evaluation_id)
            .execution_options(populate_existing=True)
        )
    ).first()
    if found is None:
        raise not_found("evaluation", evaluation_id)
    return found[0], found[1]


async def scores_of(session: AsyncSession, ids: list[str]) -> dict[str, list[EvaluationScoreRow]]:
    out: dict[str, list[EvaluationScoreRow]] = {i: [] for i in ids}
    if ids:
        rows = await session.scalars(
            select(EvaluationScoreRow)
            .where(EvaluationScoreRow.evaluation_id.in_(ids))
            .order_by(EvaluationScoreRow.judge)
        )
        for row in rows:
            out[row.evaluation_id].append(row)
    return out


def evaluation_of(
    row: EvaluationRow, job: JobRow, scores: list[EvaluationScoreRow], existing: bool = False
) -> Evaluation:
    return Evaluation(
        evaluation_id=row.id,
        status=job.status,
        existing=existing,
        model_ref=row.model_ref,
        model_name=row.model_name,
        run_id=row.run_id,
        model_version_id=row.model_version_id,
        dataset_key=row.dataset_key,
        dataset_hash=row.dataset_hash,
        split=row.split,
        judges=row.judges,
        generation=row.generation,
        tags=row.tags,
        item_count=row.item_count,
        scores=[JudgeScore.model_validate(s, from_attributes=True) for s in scores],
        progress=job.progress,
        result=job.result,
        error=job.error,
        created_at=row.created_at,
        finished_at=row.finished_at,
    )


async def read_evaluation(session: AsyncSession, evaluation_id: str) -> Evaluation:
    row, job = await get_evaluation(session, evaluation_id)
    return evaluation_of(row, job, (await scores_of(session, [row.id]))[row.id])


async def list_evaluations(
    session: AsyncSession,
    page: PageParams,
    *,
    run_id: str | None = None,
    model_name: str | None = None,
    dataset_key: str | None = None,
    status: str | None = None,
) -> tuple[list[Evaluation], Pagination]:
    query = (
        select(EvaluationRow)
        .join(JobRow, JobRow.id == EvaluationRow.id)
        .order_by(EvaluationRow.created_at.desc(), EvaluationRow.id.desc())
    )
    if run_id is not None:
        query = query.where(EvaluationRow.run_id == run_id)
    if model_name is not None:
        query = query.where(EvaluationRow.model_name == model_name)
    if dataset_key is not None:
        query = query.where(EvaluationRow.dataset_key == dataset_key)
    if status is not None:
        query = query.where(JobRow.status == status)
    rows, pagination = await offset_page(session, query, page)
    ids = [r.id for r in rows]
    job_of = (
        {j.id: j for j in await session.scalars(select(JobRow).where(JobRow.id.in_(ids)))}
        if ids
        else {}
    )
    scores = await scores_of(session, ids)
    return [evaluation_of(r, job_of[r.id], scores[r.id]) for r in rows], pagination


async def list_items(
    session: AsyncSession,
    evaluation_id: str,
    page: PageParams,
    *,
    judge: str | None = None,
    outcome: str | None = None,
) -> tuple[list[EvaluationItem], Pagination]:
    """Items in dataset order; with judge+outcome, only those that judge passed/failed."""
    row, _ = await get_evaluation(session, evaluation_id)
    names = [j["name"] for j in row.judges]
    if judge is not None and judge not in names:
        raise ApiError(
            422, f"judge {judge!r} is not part of evaluation {evaluation_id} ({', '.join(names)})"
        )
    if outcome is not None and judge is None:
        raise ApiError(422, "outcome filters need a judge: add ?judge=<name>")
    query = (
        select(EvaluationItemRow)
        .where(EvaluationItemRow.evaluation_id == evaluation_id)
        .order_by(EvaluationItemRow.position)
    )
    if judge is not None and outcome is not None:
        score = EvaluationItemScoreRow
        query = query.where(
            exists().where(
                and_(
                    score.evaluation_id == EvaluationItemRow.evaluation_id,
                    score.position == EvaluationItemRow.position,
                    score.judge == judge,
                    score.outcome == outcome,
                )
            )
        )
    items, pagination = await offset_page(session, query, page)
    verdicts: dict[int, dict[str, ItemVerdict]] = {i.position: {} for i in items}
    if items:
        rows = await session.scalars(
            select(EvaluationItemScoreRow).where(
                EvaluationItemScoreRow.evaluation_id == evaluation_id,
                EvaluationItemScoreRow.position.in_(list(verdicts)),
            )
        )
        for s in rows:
            verdicts[s.position][s.judge] = ItemVerdict(
                outcome=s.outcome,
                score=s.score,
                details=s.details,
            )
    return [
        EvaluationItem(
            position=i.position,
            trace_id=i.trace_id,
            prompt=i.prompt,
            expected_answer=i.expected_answer,
            output=i.output,
            output_tokens=i.output_tokens,
            finish_reason=i.finish_reason,
            latency_s=i.latency_s,
            scores=verdicts[i.position],
        )
        for i in items
    ], pagination
