"""HTTP layer of traces: parse, call the service, shape the response."""

from collections.abc import AsyncIterator
from typing import Annotated, Literal

from fastapi import APIRouter, Body, Depends, Query, Request, Response
from fastapi.responses import StreamingResponse
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from tunix_rt.core.trace import TRACE_LIST, Trace
from tunix_rt.db import get_session
from tunix_rt.errors import ApiError, field_path
from tunix_rt.jsonutil import dumps_line
from tunix_rt.pagination import Page, PageDep
from tunix_rt.responses import json_response
from tunix_rt.traces import service
from tunix_rt.traces.filters import TraceFilterDep
from tunix_rt.traces.importer import import_jsonl
from tunix_rt.traces.ingest import Ingested, ingest
from tunix_rt.traces.schemas import (
    BatchCreated,
    CompareResult,
    CompareSide,
    ImportReport,
    ScoreHistory,
    ScoreRequest,
    ScoreResult,
    TraceCount,
    TraceCreated,
    TraceDetail,
    TraceSummary,
)

router = APIRouter(prefix="/api/traces", tags=["traces"])
SessionDep = Annotated[AsyncSession, Depends(get_session)]
_BATCH_SCHEMA = {"type": "array", "items": {"$ref": "#/components/schemas/Trace"}}


def _created(o: Ingested) -> dict[str, object]:
    """TraceCreated as a plain dict: batches answer up to 10,000 of them."""
    return {
        "id": o.id,
        "created_at": o.created_at,
        "trace_version": o.trace_version,
        "duplicate": o.duplicate,
        "content_hash": o.content_hash,
    }


@router.post("", status_code=201, response_model=TraceCreated)
async def create_trace(trace: Annotated[Trace, Body()], session: SessionDep) -> Response:
    """Store one trace. Sending an identical trace again returns the existing id."""
    [outcome] = await ingest(session, [trace], path="single")
    await session.commit()
    return json_response(_created(outcome), status_code=201)


@router.post(
    "/batch",
    status_code=201,
    response_model=BatchCreated,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": _BATCH_SCHEMA}},
        }
    },
)
async def create_batch(request: Request, session: SessionDep) -> Response:
    """Store up to BATCH_MAX_ITEMS traces atomically; any invalid item rejects the batch."""
    body = await request.body()
    try:
        traces = TRACE_LIST.validate_json(body)
    except ValidationError as exc:
        raise _batch_error(exc) from exc
    if not traces:
        raise ApiError(400, "batch is empty: send a JSON list of 1 or more traces")
    limit = request.app.state.settings.batch_max_items
    if len(traces) > limit:
        raise ApiError(413, f"batch has {len(traces)} traces; the limit is {limit} per request")
    outcomes = await ingest(session, traces, path="batch")
    await session.commit()
    created = sum(1 for o in outcomes if not o.duplicate)
    body_out = {
        "created_count": created,
        "duplicate_count": len(outcomes) - created,
        "traces": [_created(o) for o in outcomes],
    }
    return json_response(body_out, status_code=201)


def _batch_error(exc: ValidationError) -> ApiError:
    errors = exc.errors()
    if errors and errors[0]["type"] == "json_invalid":
        return ApiError(
            422, [{"index": None, "field": None, "msg": "invalid JSON: " + errors[0]["msg"]}]
        )
    if errors and errors[0]["type"] == "list_type":
        return ApiError(
            422, [{"index": None, "field": None, "msg": "body must be a JSON list of traces"}]
        )
    items = [
        {
            "index": e["loc"][0] if e["loc"] else None,
            "field": field_path(e["loc"][1:]) if len(e["loc"]) > 1 else None,
            "msg": e["msg"],
            "type": e["type"],
        }
        for e in errors
    ]
    bad = sorted({i["index"] for i in items if isinstance(i["index"], int)})
    shown = ", ".join(map(str, bad[:20])) + ("..." if len(bad) > 20 else "")
    return ApiError(
        422, items, message=f"{len(bad)} invalid trace(s) at index {shown}; nothing was written"
    )


@router.post("/import", response_model=ImportReport)
async def import_traces(
    request: Request,
    session: SessionDep,
    response: Response,
    on_error: Annotated[
        Literal["fail", "skip"],
        Query(description="fail: any bad line writes nothing; skip: import the good lines"),
    ] = "fail",
) -> ImportReport:
    """Import a JSONL file (multipart field `file`, or a raw application/x-ndjson body)."""
    settings = request.app.state.settings
    mode: Literal["all_or_nothing", "skip"] = "skip" if on_error == "skip" else "all_or_nothing"
    report = await import_jsonl(
        session, await _upload_chunks(request), mode, max_line_bytes=settings.trace_max_bytes
    )
    if report.failed and mode == "all_or_nothing":
        raise ApiError(
            422,
            [e.model_dump() for e in report.errors],
            message=f"{report.failed} bad line(s); nothing was imported "
            "(use ?on_error=skip to import the good lines)",
            report=report.model_dump(),
        )
    response.status_code = 201 if report.imported else 200
    return report


async def _upload_chunks(request: Request) -> AsyncIterator[bytes]:
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("multipart/form-data"):
        form = await request.form(max_files=1, max_fields=10)
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            raise ApiError(422, "multipart upload needs a file field named 'file'")

        async def from_file() -> AsyncIterator[bytes]:
            try:
                while chunk := await upload.read(1 << 20):
                    yield chunk
            finally:
                await upload.close()

        return from_file()
    if content_type.split(";")[0].strip() in {
        "application/x-ndjson",
        "application/jsonl",
        "application/json-lines",
        "text/plain",
        "",
    }:
        return request.stream()
    raise ApiError(
        415,
        f"content type {content_type!r} is not accepted: "
        "send multipart/form-data or application/x-ndjson",
    )


@router.get("", response_model=Page[TraceSummary])
async def list_traces(
    session: SessionDep, page: PageDep, filt: TraceFilterDep
) -> Page[TraceSummary]:
    """Newest first; filter by source, tag, meta key=value, created range and text."""
    rows, pagination = await service.list_traces(session, filt, page)
    return Page[TraceSummary](
        data=[
            TraceSummary(
                id=r.id,
                created_at=r.created_at,
                trace_version=r.trace_version,
                source=r.source,
                step_count=r.step_count,
                prompt_preview=r.prompt_preview,
            )
            for r in rows
        ],
        pagination=pagination,
    )


@router.get("/count", response_model=TraceCount)
async def count_traces(session: SessionDep, filt: TraceFilterDep) -> TraceCount:
    """How many traces match the same filters as the list."""
    return TraceCount(count=await service.count_traces(session, filt))


@router.get("/export.jsonl", response_class=StreamingResponse)
async def export_traces(
    request: Request,
    filt: TraceFilterDep,
    limit: Annotated[int | None, Query(ge=1, description="At most this many traces")] = None,
) -> StreamingResponse:
    """Stream matching traces as NDJSON, newest first, re-importable as they are."""

    async def lines() -> AsyncIterator[bytes]:
        async for row in service.stream_traces(request.app.state.sessionmaker, filt, limit):
            yield dumps_line(service.export_record(row))

    return StreamingResponse(lines(), media_type="application/x-ndjson")


@router.get("/compare", response_model=CompareResult)
async def compare_traces(
    session: SessionDep, base: Annotated[str, Query()], other: Annotated[str, Query()]
) -> CompareResult:
    sides = []
    for trace_id in (base, other):
        row = await service.get_trace(session, trace_id)
        sides.append(
            CompareSide(
                id=row.id,
                created_at=row.created_at,
                score=await service.latest_score(session, row),
                trace_version=row.trace_version,
                payload=service.payload_of(row),
            )
        )
    return CompareResult(base=sides[0], other=sides[1])


@router.get("/{trace_id}", response_model=TraceDetail)
async def get_trace(trace_id: str, session: SessionDep) -> TraceDetail:
    row = await service.get_trace(session, trace_id)
    return TraceDetail(
        id=row.id,
        created_at=row.created_at,
        trace_version=row.trace_version,
        payload=service.payload_of(row),
        content_hash=row.content_hash,
        source=row.source,
        tags=await service.tags_of(session, row),
    )


@router.delete("/{trace_id}", status_code=204)
async def delete_trace(trace_id: str, session: SessionDep) -> Response:
    await service.delete_trace(session, trace_id)
    return Response(status_code=204)


@router.get("/{trace_id}/scores", response_model=ScoreHistory)
async def list_scores(trace_id: str, session: SessionDep) -> ScoreHistory:
    """Stored scores of a trace, newest first (empty until it is scored)."""
    rows = await service.list_scores(session, trace_id)
    return ScoreHistory(
        data=[
            ScoreResult(
                trace_id=trace_id,
                criteria=r.criteria,
                score=r.score,
                details=r.details,
                created_at=r.created_at,
            )
            for r in rows
        ]
    )


@router.post("/{trace_id}/score", status_code=201, response_model=ScoreResult)
async def score_trace(trace_id: str, body: ScoreRequest, session: SessionDep) -> ScoreResult:
    """Compute and store the structural baseline score (0-100) with its explanation."""
    stored = await service.score_trace(session, trace_id, body.criteria)
    return ScoreResult(
        trace_id=trace_id,
        criteria=stored.criteria,
        score=stored.score,
        details=stored.details,
        created_at=stored.created_at,
    )
