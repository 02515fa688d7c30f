"""Generators of verifiable traces, plus the High Card Duel paths older scripts call."""

from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse
from sqlalchemy.ext.asyncio import AsyncSession

from tunix_rt.db import get_session
from tunix_rt.generators import service
from tunix_rt.generators.high_card_duel import episode_preview
from tunix_rt.generators.registry import list_generators
from tunix_rt.generators.schemas import (
    DuelGenerateRequest,
    DuelGenerateResponse,
    DuelPreview,
    GeneratedTrace,
    GenerateRequest,
    GenerateResponse,
    UngarStatus,
)
from tunix_rt.jsonutil import dumps_line
from tunix_rt.traces.filters import TraceFilter
from tunix_rt.traces.service import stream_traces

router = APIRouter(prefix="/api/generators", tags=["generators"])
ungar_router = APIRouter(prefix="/api/ungar", tags=["generators"])
SessionDep = Annotated[AsyncSession, Depends(get_session)]
DUEL = "high_card_duel"


@router.get("")
async def get_generators() -> dict[str, list[dict[str, Any]]]:
    """Every generator with its version and accepted params."""
    return {"data": [g.describe() for g in list_generators()]}


@router.post("/{name}/generate", status_code=201, response_model=GenerateResponse)
async def generate(name: str, body: GenerateRequest, session: SessionDep) -> GenerateResponse:
    """Deterministic from (seed, params): the same request gives the same traces."""
    out = await service.generate(session, name, body.count, body.seed, body.params, body.persist)
    stored = out.stored or []
    created = sum(1 for s in stored if not s.duplicate)
    return GenerateResponse(
        generator=out.generator.name,
        version=out.generator.version,
        seed=out.seed,
        params=out.params,
        created_count=created,
        duplicate_count=len(stored) - created,
        traces=[
            GeneratedTrace(
                id=stored[i].id if stored else None,
                duplicate=stored[i].duplicate if stored else False,
                trace=trace,
            )
            for i, trace in enumerate(out.traces)
        ],
    )


@ungar_router.get("/status", response_model=UngarStatus)
async def ungar_status() -> UngarStatus:
    """High Card Duel is built in, so it is always available."""
    return UngarStatus(available=True, version=service.find_generator(DUEL).version)


@ungar_router.post("/high-card-duel/generate", status_code=201, response_model=DuelGenerateResponse)
async def generate_duels(body: DuelGenerateRequest, session: SessionDep) -> DuelGenerateResponse:
    out = await service.generate(session, DUEL, body.count, body.seed, {}, body.persist)
    ids = [s.id for s in out.stored] if out.stored else []
    return DuelGenerateResponse(
        trace_ids=ids,
        preview=[
            DuelPreview(trace_id=ids[i] if ids else None, **episode_preview(trace))
            for i, trace in enumerate(out.traces)
        ],
        seed=out.seed,
    )


@ungar_router.get("/high-card-duel/export.jsonl", response_class=StreamingResponse)
async def export_duels(
    request: Request, limit: Annotated[int, Query(ge=1, le=100_000)] = 100
) -> StreamingResponse:
    """Stored duel traces in the older UNGAR line shape, newest first."""

    async def lines() -> AsyncIterator[bytes]:
        filt = TraceFilter(meta={"generator": DUEL})
        async for row in stream_traces(request.app.state.sessionmaker, filt, limit):
            yield dumps_line(
                {
                    "id": row.id,
                    "prompts": row.prompt,
                    "trace_steps": [s["content"] for s in sorted(row.steps, key=lambda s: s["i"])],
                    "final_answer": row.final_answer,
                    "metadata": row.meta,
                }
            )

    return StreamingResponse(lines(), media_type="application/x-ndjson")
