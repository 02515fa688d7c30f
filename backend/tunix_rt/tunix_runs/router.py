"""Training runs over HTTP: the rest-compat paths plus the typed native create."""

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, StreamingResponse
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from tunix_rt.db import get_session
from tunix_rt.jobs import service as jobs
from tunix_rt.jobs.artifacts import Artifact, list_artifacts, safe_artifact_path
from tunix_rt.jobs.status import JobKind, JobStatus
from tunix_rt.jobs.stream import event_stream
from tunix_rt.pagination import Page, PageDep
from tunix_rt.tunix_runs import service
from tunix_rt.tunix_runs.schemas import (
    CompatRunCreate,
    MetricPoint,
    Run,
    RunCreate,
    RunMetrics,
    RunStatus,
)

router = APIRouter(prefix="/api/tunix", tags=["training runs"])
SessionDep = Annotated[AsyncSession, Depends(get_session)]
TRAIN = JobKind.train


@router.post("/runs", status_code=201, response_model=Run)
async def create_run(body: RunCreate, request: Request, session: SessionDep) -> Run:
    """Queue a training run (or a dry run: validation and token statistics only)."""
    return service.run_of(await service.create_run(session, request.app.state.settings, body))


@router.post("/run", status_code=201, response_model=Run)
async def create_run_compat(
    body: CompatRunCreate,
    request: Request,
    session: SessionDep,
    mode: Annotated[Literal["async"], Query(description="Runs are always queued")] = "async",
) -> Run:
    """The earlier service's flat body; the run is queued for the worker."""
    try:
        native = body.native()
    except ValidationError as exc:  # the typed config's bounds: a 422, not a 500
        raise RequestValidationError(
            [{**e, "loc": ("body", *e["loc"])} for e in exc.errors()]
        ) from exc
    return service.run_of(await service.create_run(session, request.app.state.settings, native))


@router.get("/runs", response_model=Page[Run])
async def list_runs(
    session: SessionDep,
    page: PageDep,
    status: Annotated[JobStatus | None, Query()] = None,
    dataset_key: Annotated[str | None, Query()] = None,
) -> Page[Run]:
    rows, pagination = await jobs.list_jobs(
        session,
        page,
        kind=TRAIN,
        status=status,
        spec_equals={"dataset_key": dataset_key} if dataset_key else None,
    )
    return Page[Run](data=[service.run_of(r) for r in rows], pagination=pagination)


@router.get("/runs/{run_id}", response_model=Run)
async def get_run(run_id: str, session: SessionDep) -> Run:
    return service.run_of(await jobs.get_job(session, run_id, TRAIN))


@router.get("/runs/{run_id}/status", response_model=RunStatus)
async def get_run_status(run_id: str, session: SessionDep) -> RunStatus:
    job = await jobs.get_job(session, run_id, TRAIN)
    return RunStatus(
        run_id=job.id,
        status=job.status,
        progress=job.progress,
        error=job.error,
        attempt=job.attempt,
    )


@router.post("/runs/{run_id}/cancel", response_model=Run)
async def cancel_run(run_id: str, session: SessionDep) -> Run:
    """Queued: cancelled at once. Running: the worker stops it (SIGTERM, then SIGKILL)."""
    job = await jobs.get_job(session, run_id, TRAIN)
    return service.run_of(await jobs.cancel_job(session, job))


@router.get("/runs/{run_id}/logs", response_class=StreamingResponse)
async def stream_logs(
    run_id: str,
    request: Request,
    session: SessionDep,
    since_seq: Annotated[int | None, Query(ge=0)] = None,
    last_event_id: Annotated[str | None, Header()] = None,
) -> StreamingResponse:
    """Server-Sent Events: `log` and `metric` events, `heartbeat` while running, `status` last."""
    await jobs.get_job(session, run_id, TRAIN)
    await session.close()  # the stream polls with its own short sessions
    return event_stream(request.app.state.sessionmaker, run_id, since_seq, last_event_id)


@router.get("/runs/{run_id}/metrics", response_model=RunMetrics)
async def get_metrics(run_id: str, session: SessionDep) -> RunMetrics:
    await jobs.get_job(session, run_id, TRAIN)
    series = await jobs.metric_series(session, run_id)
    return RunMetrics(
        run_id=run_id,
        series={k: [MetricPoint(**p) for p in v] for k, v in series.items()},
    )


@router.get("/runs/{run_id}/artifacts", response_model=list[Artifact])
async def get_artifacts(run_id: str, request: Request, session: SessionDep) -> list[Artifact]:
    await jobs.get_job(session, run_id, TRAIN)
    return list_artifacts(request.app.state.settings.runs_dir / run_id)


@router.get("/runs/{run_id}/artifacts/{filename:path}/download", response_class=FileResponse)
async def download_artifact(
    run_id: str, filename: str, request: Request, session: SessionDep
) -> FileResponse:
    """One file of the run; paths that leave the run directory are refused (400)."""
    await jobs.get_job(session, run_id, TRAIN)
    path = safe_artifact_path(request.app.state.settings.runs_dir / run_id, filename)
    return FileResponse(path, filename=path.name)
