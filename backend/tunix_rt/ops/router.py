"""Liveness, readiness and version: what load balancers and operators poll."""

from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import text

from tunix_rt import __version__

router = APIRouter(prefix="/api", tags=["ops"])


class Health(BaseModel):
    status: Literal["healthy"]
    version: str


class Readiness(BaseModel):
    status: Literal["ready"]
    database: str  # the SQLAlchemy dialect: "sqlite" or "postgresql"


class Unready(BaseModel):
    status: Literal["unavailable"]
    detail: str


@router.get("/health", response_model=Health)
async def health() -> Health:
    """Liveness: the process answers. Does not touch the database."""
    return Health(status="healthy", version=__version__)


@router.get(
    "/ready",
    response_model=Readiness,
    responses={503: {"model": Unready, "description": "Database unreachable"}},
)
async def ready(request: Request) -> Readiness | JSONResponse:
    """Readiness: the database answers a query."""
    try:
        async with request.app.state.sessionmaker() as session:
            await session.execute(text("SELECT 1"))
    except Exception as exc:
        unready = Unready(
            status="unavailable",
            detail=f"database unreachable: {type(exc).__name__}: {exc}",
        )
        return JSONResponse(unready.model_dump(), status_code=503)
    return Readiness(status="ready", database=request.app.state.engine.dialect.name)
