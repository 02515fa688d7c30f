"""Batched generation over HTTP."""

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from tunix_rt.db import get_session
from tunix_rt.generations import service
from tunix_rt.generations.schemas import Generation, GenerationCreate, Prediction
from tunix_rt.jobs import service as jobs
from tunix_rt.jobs.status import JobKind
from tunix_rt.pagination import Page, PageDep

router = APIRouter(prefix="/api/generations", tags=["generation"])
SessionDep = Annotated[AsyncSession, Depends(get_session)]


@router.post("", status_code=201, response_model=Generation)
async def create_generation(
    body: GenerationCreate, request: Request, session: SessionDep
) -> Generation:
    """Queue a `generate` job: one output per item of the split, stored in the database."""
    job = await service.create_generation(session, request.app.state.settings, body)
    return service.generation_of(job)


@router.get("/{generation_id}", response_model=Generation)
async def get_generation(generation_id: str, session: SessionDep) -> Generation:
    return service.generation_of(await jobs.get_job(session, generation_id, JobKind.generate))


@router.get("/{generation_id}/predictions", response_model=Page[Prediction])
async def list_predictions(
    generation_id: str, session: SessionDep, page: PageDep
) -> Page[Prediction]:
    await jobs.get_job(session, generation_id, JobKind.generate)
    rows, pagination = await service.list_predictions(session, generation_id, page)
    return Page[Prediction](
        data=[Prediction.model_validate(r, from_attributes=True) for r in rows],
        pagination=pagination,
    )
