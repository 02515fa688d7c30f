"""Trace logic callable from routers, the CLI, the worker and tests alike."""

from collections.abc import AsyncIterator, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tunix_rt.datasets.models import DatasetItemRow, DatasetRow
from tunix_rt.errors import ApiError, not_found
from tunix_rt.pagination import PageParams, Pagination, encode_cursor
from tunix_rt.traces.filters import TraceFilter
from tunix_rt.traces.models import TraceRow, TraceScoreRow, TraceTagRow
from tunix_rt.traces.schemas import PROMPT_PREVIEW_CHARS
from tunix_rt.traces.scoring import baseline_score

EXPORT_CHUNK = 1000


def payload_of(row: TraceRow) -> dict[str, Any]:
    return {
        "trace_version": row.trace_version,
        "prompt": row.prompt,
        "final_answer": row.final_answer,
        "steps": row.steps,
        "meta": row.meta,
    }


async def get_trace(session: AsyncSession, trace_id: str) -> TraceRow:
    row = (
        await session.execute(select(TraceRow).where(TraceRow.id == trace_id))
    ).scalar_one_or_none()
    if row is None:
        raise not_found("trace", trace_id)
    return row


async def tags_of(session: AsyncSession, row: TraceRow) -> list[str]:
    result = await session.execute(
        select(TraceTagRow.tag).where(TraceTagRow.trace_seq == row.seq).order_by(TraceTagRow.tag)
    )
    return list(result.scalars())


SUMMARY_COLUMNS = (
    TraceRow.seq,
    TraceRow.id,
    TraceRow.created_at,
    TraceRow.trace_version,
    TraceRow.source,
    TraceRow.step_count,
    func.substr(TraceRow.prompt, 1, PROMPT_PREVIEW_CHARS).label("prompt_preview"),
)

# seq, id, created_at, trace_version, source, step_count, prompt_preview
SummaryRow = Row[int, str, datetime, str, str | None, int, str]


async def list_traces(
    session: AsyncSession, filt: TraceFilter, page: PageParams
) -> tuple[Sequence[SummaryRow], Pagination]:
    """Newest first. With a cursor, the page starts right after the previous one (keyset).

    Only the summary columns are read: pages never pay for prompt, steps or meta.
    """
    query = select(*SUMMARY_COLUMNS).where(filt.where()).order_by(TraceRow.seq.desc())
    if page.cursor is not None:
        query = query.where(TraceRow.seq < page.cursor)
    else:
        query = query.offset(page.offset)
    rows = (await session.execute(query.limit(page.limit + 1))).all()
    more = len(rows) > page.limit
    rows = rows[: page.limit]
    return rows, Pagination(
        limit=page.limit,
        offset=page.offset,
        next_offset=page.offset + page.limit if more and page.cursor is None else None,
        next_cursor=encode_cursor(rows[-1].seq) if more and rows else None,
    )


async def count_traces(session: AsyncSession, filt: TraceFilter) -> int:
    query = select(func.count()).select_from(TraceRow).where(filt.where())
    return int((await session.execute(query)).scalar_one())


async def delete_trace(session: AsyncSession, trace_id: str) -> None:
    row = await get_trace(session, trace_id)
    used_by = (
        await session.execute(
            select(DatasetRow.dataset_key)
            .join(DatasetItemRow, DatasetItemRow.dataset_id == DatasetRow.id)
            .where(DatasetItemRow.trace_seq == row.seq)
            .distinct()
            .limit(10)
        )
    ).scalars()
    keys = list(used_by)
    if keys:
        raise ApiError(
            409,
            f"trace {trace_id} belongs to immutable dataset(s) {', '.join(keys)}; "
            "it cannot be deleted while they exist",
        )
    await session.execute(delete(TraceRow).where(TraceRow.seq == row.seq))
    await session.commit()


async def score_trace(session: AsyncSession, trace_id: str, criteria: str) -> TraceScoreRow:
    row = await get_trace(session, trace_id)
    score, details = baseline_score(payload_of(row))
    stored = TraceScoreRow(trace_seq=row.seq, criteria=criteria, score=score, details=details)
    session.add(stored)
    await session.commit()
    return stored


async def list_scores(session: AsyncSession, trace_id: str) -> list[TraceScoreRow]:
    """Every stored score of a trace, newest first."""
    row = await get_trace(session, trace_id)
    result = await session.execute(
        select(TraceScoreRow)
        .where(TraceScoreRow.trace_seq == row.seq)
        .order_by(TraceScoreRow.id.desc())
    )
    return list(result.scalars())


async def latest_score(session: AsyncSession, row: TraceRow) -> float:
    """The newest stored baseline score, or a fresh one when the trace was never scored."""
    stored = (
        await session.execute(
            select(TraceScoreRow.score)
            .where(TraceScoreRow.trace_seq == row.seq, TraceScoreRow.criteria == "baseline")
            .order_by(TraceScoreRow.id.desc())
            .limit(1)
        )
    ).scalar_one_or_none()
    return stored if stored is not None else baseline_score(payload_of(row))[0]


def export_record(row: TraceRow) -> dict[str, Any]:
    """An export line: the payload plus identity, importable again as-is."""
    return {"id": row.id, "created_at": row.created_at.isoformat(), **payload_of(row)}


async def stream_traces(
    sessions: async_sessionmaker[AsyncSession], filt: TraceFilter, limit: int | None = None
) -> AsyncIterator[TraceRow]:
    """Newest first, in keyset chunks, each chunk in a short-lived session."""
    after: int | None = None
    remaining = limit
    while remaining is None or remaining > 0:
        size = EXPORT_CHUNK if remaining is None else min(EXPORT_CHUNK, remaining)
        query = select(TraceRow).where(filt.where()).order_by(TraceRow.seq.desc()).limit(size)
        if after is not None:
            query = query.where(TraceRow.seq < after)
        async with sessions() as session:
            rows = list((await session.execute(query)).scalars())
        for row in rows:
            yield row
        if len(rows) < size:
            return
        after = rows[-1].seq
        if remaining is not None:
            remaining -= len(rows)
