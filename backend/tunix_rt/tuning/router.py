"""Hyperparameter tuning over HTTP: create, start, watch and cancel searches; use the best trial."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from sqlalchemy.ext.asyncio import AsyncSession

from tunix_rt.db import get_session
from tunix_rt.pagination import Page, PageDep
from tunix_rt.registry import service as registry
from tunix_rt.registry.schemas import ModelVersion
from tunix_rt.tuning import best, service
from tunix_rt.tuning.schemas import (
    BestPromote,
    BestRunCreate,
    BestTrial,
    TuningJob,
    TuningJobCreate,
    TuningJobDetail,
    TuningStart,
    TuningStatus,
)
from tunix_rt.tuning.tunables import Tunable, tunables
from tunix_rt.tunix_runs.schemas import Run
from tunix_rt.tunix_runs.service import run_of

router = APIRouter(prefix="/api/tuning/jobs", tags=["tuning"])
tunables_router = APIRouter(prefix="/api/tuning", tags=["tuning"])
SessionDep = Annotated[AsyncSession, Depends(get_session)]


@router.post("", status_code=201, response_model=TuningJobDetail)
async def create_tuning_job(
    body: TuningJobCreate, request: Request, session: SessionDep
) -> TuningJobDetail:
    """Validate and store a search (status `created`); POST .../start runs it."""
    row = await service.create_tuning_job(session, request.app.state.settings, body)
    return await service.read_tuning_job(session, row.id)


@router.get("", response_model=Page[TuningJob])
async def list_tuning_jobs(
    session: SessionDep,
    page: PageDep,
    status: Annotated[TuningStatus | None, Query()] = None,
) -> Page[TuningJob]:
    """Newest first, with trial counts by status (GET one for its trials)."""
    rows, pagination = await service.list_tuning_jobs(session, page, status)
    return Page[TuningJob](data=rows, pagination=pagination)


@router.get("/{tuning_job_id}", response_model=TuningJobDetail)
async def get_tuning_job(tuning_job_id: str, session: SessionDep) -> TuningJobDetail:
    return await service.read_tuning_job(session, tuning_job_id)


@router.post("/{tuning_job_id}/start", response_model=TuningJobDetail)
async def start_tuning_job(
    tuning_job_id: str, session: SessionDep, body: TuningStart | None = None
) -> TuningJobDetail:
    """Queue the `tune` job that runs the trials; 409 if already started."""
    await service.start_tuning_job(session, tuning_job_id, body or TuningStart())
    return await service.read_tuning_job(session, tuning_job_id)


@router.post("/{tuning_job_id}/cancel", response_model=TuningJobDetail)
async def cancel_tuning_job(tuning_job_id: str, session: SessionDep) -> TuningJobDetail:
    """Queued: cancelled at once. Running: the worker stops the search and its trials."""
    await service.cancel_tuning_job(session, tuning_job_id)
    return await service.read_tuning_job(session, tuning_job_id)


@router.get("/{tuning_job_id}/best", response_model=BestTrial)
async def get_best(tuning_job_id: str, session: SessionDep) -> BestTrial:
    """The best trial so far and its training config; 404 until a trial has a final metric."""
    return await best.read_best(session, tuning_job_id)


@router.post("/{tuning_job_id}/best/run", status_code=201, response_model=Run)
async def run_best(
    tuning_job_id: str, request: Request, session: SessionDep, body: BestRunCreate | None = None
) -> Run:
    """Queue a training run with the best trial's config."""
    job = await best.run_best(
        session, request.app.state.settings, tuning_job_id, body or BestRunCreate()
    )
    return run_of(job)


@router.post("/{tuning_job_id}/best/promote", status_code=201, response_model=ModelVersion)
async def promote_best(
    tuning_job_id: str, body: BestPromote, request: Request, session: SessionDep
) -> ModelVersion:
    """Register the best trial's trained model as a new version of `model_name`."""
    settings = request.app.state.settings
    model, version = await best.promote_best(session, settings, tuning_job_id, body)
    return await registry.version_out(session, settings, model, version)


@tunables_router.get("/tunables", response_model=list[Tunable])
async def list_tunables() -> list[Tunable]:
    """The hyperparameters a search space may name, the entry types each takes, and the
    training config's default and bounds for it."""
    return tunables()
