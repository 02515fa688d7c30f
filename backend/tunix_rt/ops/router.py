"""Liveness, readiness and version: what load balancers and operators poll."""

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text

from tunix_rt import __version__

router = APIRouter(prefix="/api", tags=["ops"])


@router.get("/health")
async def health() -> dict[str, str]:
    """Liveness: the process answers. Does not touch the database."""
    return {"status": "healthy", "version": __version__}


@router.get("/ready", responses={503: {"description": "Database unreachable"}})
async def ready(request: Request) -> JSONResponse:
    """Readiness: the database answers a query."""
    try:
        async with request.app.state.sessionmaker() as session:
            await session.execute(text("SELECT 1"))
    except Exception as exc:
        return JSONResponse(
            {
                "status": "unavailable",
                "detail": f"database unreachable: {type(exc).__name__}: {exc}",
            },
            status_code=503,
        )
    return JSONResponse({"status": "ready", "database": request.app.state.engine.dialect.name})
