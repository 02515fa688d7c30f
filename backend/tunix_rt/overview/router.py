"""The dashboard's overview over HTTP."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from sqlalchemy.ext.asyncio import AsyncSession

from tunix_rt.db import get_session
from tunix_rt.overview import service
from tunix_rt.overview.schemas import Overview

router = APIRouter(prefix="/api", tags=["overview"])
SessionDep = Annotated[AsyncSession, Depends(get_session)]


@router.get("/overview", response_model=Overview)
async def get_overview(
    session: SessionDep,
    recent: Annotated[int, Query(ge=0, le=50, description="how many recent runs")] = 5,
) -> Overview:
    """Counts of everything stored (computed in SQL) and the most recent training runs."""
    return await service.overview(session, recent)
