"""Writing traces: content-hash dedup, one multi-row insert per chunk, tags alongside."""

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from tunix_rt.core.trace import Trace
from tunix_rt.db import utcnow
from tunix_rt.observability import TRACES_INGESTED
from tunix_rt.traces.models import TraceRow, TraceTagRow

LOOKUP_CHUNK = 1000


@dataclass(frozen=True)
class Ingested:
    id: str
    created_at: datetime
    trace_version: str
    content_hash: str
    duplicate: bool


def _insert_for(session: AsyncSession) -> Any:
    return pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert


def _row(trace: Trace, content_hash: str, now: datetime) -> dict[str, Any]:
    payload = trace.payload()
    return {
        "id": str(uuid.uuid4()),
        "created_at": now,
        "trace_version": trace.trace_version,
        "prompt": trace.prompt,
        "final_answer": trace.final_answer,
        "steps": payload["steps"],
        "meta": payload["meta"],
        "source": trace.source,
        "step_count": len(trace.steps),
        "content_hash": content_hash,
    }


async def ingest(session: AsyncSession, traces: list[Trace], path: str) -> list[Ingested]:
    """Insert traces not seen before; return one outcome per input, in input order.

    Does not commit: the caller owns the transaction, so a batch is all-or-nothing.
    """
    now = utcnow()
    hashes = [t.content_hash() for t in traces]
    fresh: dict[str, dict[str, Any]] = {}
    tags: dict[str, list[str]] = {}
    for trace, h in zip(traces, hashes, strict=True):
        if h not in fresh:
            fresh[h] = _row(trace, h, now)
            tags[h] = trace.tags

    inserted: dict[str, int] = {}
    if fresh:
        insert = _insert_for(session)
        stmt = (
            insert(TraceRow)
            .on_conflict_do_nothing(index_elements=["content_hash"])
            .returning(TraceRow.seq, TraceRow.content_hash)
        )
        result = await session.execute(stmt, list(fresh.values()))
        inserted = {h: seq for seq, h in result.all()}
        tag_rows = [{"tag": t, "trace_seq": inserted[h]} for h in inserted for t in tags[h]]
        if tag_rows:
            await session.execute(insert(TraceTagRow).on_conflict_do_nothing(), tag_rows)

    existing = await _lookup(session, [h for h in fresh if h not in inserted])
    outcomes: list[Ingested] = []
    seen: set[str] = set()
    for h in hashes:
        if h in inserted:
            row = fresh[h]
            outcome = Ingested(row["id"], now, row["trace_version"], h, duplicate=h in seen)
        else:
            old = existing[h]
            outcome = Ingested(old[0], old[1], old[2], h, duplicate=True)
        seen.add(h)
        outcomes.append(outcome)
    new_count = len(inserted)
    TRACES_INGESTED.labels(path, "created").inc(new_count)
    TRACES_INGESTED.labels(path, "duplicate").inc(len(traces) - new_count)
    return outcomes


async def _lookup(session: AsyncSession, hashes: list[str]) -> dict[str, tuple[str, datetime, str]]:
    found: dict[str, tuple[str, datetime, str]] = {}
    for start in range(0, len(hashes), LOOKUP_CHUNK):
        chunk = hashes[start : start + LOOKUP_CHUNK]
        rows = await session.execute(
            select(
                TraceRow.content_hash, TraceRow.id, TraceRow.created_at, TraceRow.trace_version
            ).where(TraceRow.content_hash.in_(chunk))
        )
        for h, id_, created_at, version in rows.all():
            found[h] = (id_, created_at, version)
    return found
