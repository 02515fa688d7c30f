"""Regression baselines and checks over HTTP."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response
from sqlalchemy.ext.asyncio import AsyncSession

from tunix_rt.db import get_session
from tunix_rt.pagination import Page, PageDep
from tunix_rt.regression import service
from tunix_rt.regression.schemas import Baseline, BaselineCreate, CheckRequest, RegressionCheck

router = APIRouter(prefix="/api/regression", tags=["regression"])
SessionDep = Annotated[AsyncSession, Depends(get_session)]


@router.post("/baselines", status_code=201, response_model=Baseline)
async def create_baseline(body: BaselineCreate, session: SessionDep) -> Baseline:
    """Name a finished evaluation (or a run's latest one) as the bar later ones must meet."""
    return await service.create_baseline(session, body)


@router.get("/baselines", response_model=Page[Baseline])
async def list_baselines(session: SessionDep, page: PageDep) -> Page[Baseline]:
    rows, pagination = await service.list_baselines(session, page)
    return Page[Baseline](data=rows, pagination=pagination)


@router.get("/baselines/{name}", response_model=Baseline)
async def get_baseline(name: str, session: SessionDep) -> Baseline:
    return await service.get_baseline(session, name)


@router.delete("/baselines/{name}", status_code=204, response_class=Response)
async def delete_baseline(name: str, session: SessionDep) -> Response:
    """Delete a baseline together with its check history."""
    await service.delete_baseline(session, name)
    return Response(status_code=204)


@router.post("/check", response_model=RegressionCheck)
async def check(body: CheckRequest, session: SessionDep) -> RegressionCheck:
    """Compare an evaluation with a baseline; the verdict is recorded (see /checks)."""
    return await service.check(session, body)


@router.get("/checks", response_model=Page[RegressionCheck])
async def list_checks(
    session: SessionDep,
    page: PageDep,
    baseline_name: Annotated[str | None, Query(max_length=200)] = None,
) -> Page[RegressionCheck]:
    """Past checks, newest first."""
    rows, pagination = await service.list_checks(session, page, baseline_name)
    return Page[RegressionCheck](data=rows, pagination=pagination)
