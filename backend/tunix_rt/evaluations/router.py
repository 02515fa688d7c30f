"""Evaluations, judges and the per-run compatibility paths over HTTP."""

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from fastapi.responses import StreamingResponse
from sqlalchemy.ext.asyncio import AsyncSession

from tunix_rt.core.judges.registry import describe_judges
from tunix_rt.db import get_session
from tunix_rt.evaluations import compat, service
from tunix_rt.evaluations.compare import compare
from tunix_rt.evaluations.schemas import (
    CompareRequest,
    Comparison,
    Evaluation,
    EvaluationCreate,
    EvaluationItem,
)
from tunix_rt.jobs import service as jobs
from tunix_rt.jobs.status import JobKind, JobStatus
from tunix_rt.jobs.stream import event_stream
from tunix_rt.pagination import Page, PageDep

router = APIRouter(tags=["evaluation"])
SessionDep = Annotated[AsyncSession, Depends(get_session)]


@router.get("/api/judges")
async def list_judges() -> list[dict[str, Any]]:
    """Every judge with its version, whether it needs a model, and its parameters."""
    return describe_judges()


@router.post(
    "/api/evaluations",
    status_code=201,
    response_model=Evaluation,
    responses={200: {"model": Evaluation, "description": "an identical evaluation exists"}},
)
async def create_evaluation(
    body: EvaluationCreate, request: Request, response: Response, session: SessionDep
) -> Evaluation:
    """Queue an `evaluate` job; an identical live one is returned (200) unless `force`."""
    row, job, existing = await service.create_evaluation(session, request.app.state.settings, body)
    if existing:
        response.status_code = 200
    scores = (await service.scores_of(session, [row.id]))[row.id]
    return service.evaluation_of(row, job, scores, existing)


@router.get("/api/evaluations", response_model=Page[Evaluation])
async def list_evaluations(
    session: SessionDep,
    page: PageDep,
    run_id: Annotated[str | None, Query()] = None,
    model_name: Annotated[str | None, Query()] = None,
    dataset_key: Annotated[str | None, Query()] = None,
    status: Annotated[JobStatus | None, Query()] = None,
) -> Page[Evaluation]:
    rows, pagination = await service.list_evaluations(
        session, page, run_id=run_id, model_name=model_name, dataset_key=dataset_key, status=status
    )
    return Page[Evaluation](data=rows, pagination=pagination)


@router.post("/api/evaluations/compare", response_model=Comparison)
async def compare_evaluations(body: CompareRequest, session: SessionDep) -> Comparison:
    """Per-item wins/losses/ties of b against a, a paired bootstrap and McNemar's test."""
    return await compare(session, body)


@router.get("/api/evaluations/{evaluation_id}", response_model=Evaluation)
async def get_evaluation(evaluation_id: str, session: SessionDep) -> Evaluation:
    return await service.read_evaluation(session, evaluation_id)


@router.post("/api/evaluations/{evaluation_id}/cancel", response_model=Evaluation)
async def cancel_evaluation(evaluation_id: str, session: SessionDep) -> Evaluation:
    """Queued: cancelled at once. Running: the worker stops the child, then marks it."""
    await jobs.cancel_job(session, await jobs.get_job(session, evaluation_id, JobKind.evaluate))
    return await service.read_evaluation(session, evaluation_id)


@router.get("/api/evaluations/{evaluation_id}/logs", response_class=StreamingResponse)
async def stream_logs(
    evaluation_id: str,
    request: Request,
    session: SessionDep,
    since_seq: Annotated[int | None, Query(ge=0)] = None,
    last_event_id: Annotated[str | None, Header()] = None,
) -> StreamingResponse:
    """Server-Sent Events of the evaluate job, as for training runs (docs/jobs.md)."""
    await jobs.get_job(session, evaluation_id, JobKind.evaluate)
    await session.close()  # the stream polls with its own short sessions
    return event_stream(request.app.state.sessionmaker, evaluation_id, since_seq, last_event_id)


@router.get("/api/evaluations/{evaluation_id}/items", response_model=Page[EvaluationItem])
async def list_items(
    evaluation_id: str,
    session: SessionDep,
    page: PageDep,
    judge: Annotated[str | None, Query(description="with outcome: that judge's verdict")] = None,
    outcome: Annotated[Literal["pass", "fail", "unparseable"] | None, Query()] = None,
) -> Page[EvaluationItem]:
    """Items in dataset order with every judge's verdict; filter to see where a model fails."""
    items, pagination = await service.list_items(
        session, evaluation_id, page, judge=judge, outcome=outcome
    )
    return Page[EvaluationItem](data=items, pagination=pagination)


@router.post(
    "/api/tunix/runs/{run_id}/evaluate", status_code=201, response_model=compat.CompatEvaluation
)
async def evaluate_run(
    run_id: str, request: Request, session: SessionDep, body: compat.CompatEvaluate | None = None
) -> compat.CompatEvaluation:
    """rest-compat: evaluate a run on its dataset's eval split (queued; poll the GET)."""
    return await compat.evaluate_run(
        session, request.app.state.settings, run_id, body or compat.CompatEvaluate()
    )


@router.get("/api/tunix/runs/{run_id}/evaluation", response_model=compat.CompatEvaluation)
async def run_evaluation(run_id: str, session: SessionDep) -> compat.CompatEvaluation:
    """rest-compat: the run's latest evaluation."""
    return await compat.latest_of_run(session, run_id)
