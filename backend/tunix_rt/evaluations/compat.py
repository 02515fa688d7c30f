"""The earlier service's per-run evaluation shape (rest-compat.md) over native evaluations."""

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tunix_rt.errors import ApiError
from tunix_rt.evaluations.models import EvaluationRow
from tunix_rt.evaluations.schemas import Evaluation, EvaluationCreate, JudgeRequest
from tunix_rt.evaluations.service import create_evaluation, evaluation_of, get_evaluation, scores_of
from tunix_rt.jobs import service as jobs
from tunix_rt.jobs.status import JobKind
from tunix_rt.settings import Settings

DEFAULT_JUDGE = "answer_correctness"
PASS_MARK = 0.5  # verdict "pass" when the judge's mean reaches this (docs/evaluation.md)


class CompatEvaluate(BaseModel):
    model_config = ConfigDict(extra="ignore")
    judge_override: str | None = Field(
        default=None, description="a judge name; default answer_correctness"
    )


class CompatJudge(BaseModel):
    name: str
    version: str


class CompatEvaluation(BaseModel):
    evaluation_id: str
    run_id: str
    status: str
    score: float | None = Field(description="the judge's mean, 0-1; null until finished")
    verdict: str = Field(description="pass | fail | pending | failed")
    metrics: dict[str, Any]
    judge: CompatJudge
    evaluated_at: datetime | None


def compat_of(evaluation: Evaluation, run_id: str) -> CompatEvaluation:
    judge = evaluation.judges[0]
    score = next((s for s in evaluation.scores if s.judge == judge["name"]), None)
    if score is not None and score.mean is not None:
        verdict = "pass" if score.mean >= PASS_MARK else "fail"
    else:
        verdict = (
            "failed" if evaluation.status in ("failed", "cancelled", "timed_out") else "pending"
        )
    return CompatEvaluation(
        evaluation_id=evaluation.evaluation_id,
        run_id=run_id,
        status=evaluation.status,
        score=score.mean if score else None,
        verdict=verdict,
        metrics={s.judge: s.model_dump(exclude={"judge"}) for s in evaluation.scores},
        judge=CompatJudge(name=judge["name"], version=judge["version"]),
        evaluated_at=evaluation.finished_at,
    )


async def evaluate_run(
    session: AsyncSession, settings: Settings, run_id: str, body: CompatEvaluate
) -> CompatEvaluation:
    run = await jobs.get_job(session, run_id, JobKind.train)
    request = EvaluationCreate(
        run_id=run_id,
        dataset_key=run.spec["dataset_key"],
        judges=[JudgeRequest(name=body.judge_override or DEFAULT_JUDGE)],
    )
    row, job, existing = await create_evaluation(session, settings, request)
    scores = (await scores_of(session, [row.id]))[row.id]
    return compat_of(evaluation_of(row, job, scores, existing), run_id)


async def latest_of_run(session: AsyncSession, run_id: str) -> CompatEvaluation:
    await jobs.get_job(session, run_id, JobKind.train)
    evaluation_id = await session.scalar(
        select(EvaluationRow.id)
        .where(EvaluationRow.run_id == run_id, EvaluationRow.model_ref == f"run:{run_id}")
        .order_by(EvaluationRow.created_at.desc())
        .limit(1)
    )
    if evaluation_id is None:
        raise ApiError(
            404, f"run {run_id} has no evaluation; POST /api/tunix/runs/{run_id}/evaluate"
        )
    row, job = await get_evaluation(session, evaluation_id)
    scores = (await scores_of(session, [row.id]))[row.id]
    return compat_of(evaluation_of(row, job, scores), run_id)
