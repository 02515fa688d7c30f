"""Writing traces: content-hash dedup, one set-based insert per chunk, tags alongside.

Postgres gets the whole chunk as arrays in one `INSERT ... SELECT FROM unnest(...)`, which
costs a fraction of a per-row parameter list; SQLite gets a multi-row executemany.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, bindparam, select, text
from sqlalchemy.dialects.postgresql import ARRAY, BIGINT, TEXT
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from tunix_rt.core.trace import Trace, tags_of, trace_hash
from tunix_rt.db import utcnow
from tunix_rt.jsonutil import dumps_str
from tunix_rt.observability import TRACES_INGESTED
from tunix_rt.traces.models import TraceRow

LOOKUP_CHUNK = 1000
_TRACES = TraceRow.metadata.tables["traces"]
_TAGS = TraceRow.metadata.tables["trace_tags"]
COLUMNS = [
    "id",
    "trace_version",
    "prompt",
    "final_answer",
    "steps",
    "meta",
    "source",
    "step_count",
    "content_hash",
]

_PG_INSERT_TRACES = text(
    """
    INSERT INTO traces (id, created_at, trace_version, prompt, final_answer, steps, meta,
                        source, step_count, content_hash)
    SELECT u.id, :created_at, u.trace_version, u.prompt, u.final_answer,
           u.steps::json, u.meta::jsonb, u.source, u.step_count, u.content_hash
    FROM unnest(:id, :trace_version, :prompt, :final_answer, :steps, :meta, :source,
                :step_count, :content_hash)
         AS u(id, trace_version, prompt, final_answer, steps, meta, source, step_count,
              content_hash)
    ON CONFLICT (content_hash) DO NOTHING
    RETURNING seq, content_hash
    """
).bindparams(
    *(bindparam(c, type_=ARRAY(TEXT)) for c in COLUMNS if c != "step_count"),
    bindparam("step_count", type_=ARRAY(BIGINT)),
    bindparam("created_at", type_=DateTime(timezone=True)),
)
_PG_INSERT_TAGS = text(
    """
    INSERT INTO trace_tags (tag, trace_seq)
    SELECT * FROM unnest(:tag, :trace_seq) ON CONFLICT DO NOTHING
    """
).bindparams(bindparam("tag", type_=ARRAY(TEXT)), bindparam("trace_seq", type_=ARRAY(BIGINT)))


@dataclass(frozen=True)
class Ingested:
    id: str
    created_at: datetime
    trace_version: str
    content_hash: str
    duplicate: bool


def _row(trace: Trace, content_hash: str) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "trace_version": trace["trace_version"],
        "prompt": trace["prompt"],
        "final_answer": trace["final_answer"],
        "steps": trace["steps"],
        "meta": trace.get("meta", {}),
        "source": trace.get("meta", {}).get("source"),
        "step_count": len(trace["steps"]),
        "content_hash": content_hash,
    }


async def _insert_postgres(
    session: AsyncSession, rows: list[dict[str, Any]], tags: dict[str, list[str]], now: datetime
) -> dict[str, int]:
    arrays: dict[str, Any] = {c: [r[c] for r in rows] for c in COLUMNS}
    arrays["steps"] = [dumps_str(s) for s in arrays["steps"]]
    arrays["meta"] = [dumps_str(m) for m in arrays["meta"]]
    result = await session.execute(_PG_INSERT_TRACES, {**arrays, "created_at": now})
    inserted = {h: seq for seq, h in result.all()}
    pairs = [(t, inserted[h]) for h in inserted for t in tags[h]]
    if pairs:
        await session.execute(
            _PG_INSERT_TAGS, {"tag": [p[0] for p in pairs], "trace_seq": [p[1] for p in pairs]}
        )
    return inserted


async def _insert_sqlite(
    session: AsyncSession, rows: list[dict[str, Any]], tags: dict[str, list[str]], now: datetime
) -> dict[str, int]:
    stmt = (
        sqlite_insert(_TRACES)
        .on_conflict_do_nothing(index_elements=["content_hash"])
        .returning(TraceRow.seq, TraceRow.content_hash)
    )
    result = await session.execute(stmt, [{**r, "created_at": now} for r in rows])
    inserted = {h: seq for seq, h in result.all()}
    tag_rows = [{"tag": t, "trace_seq": inserted[h]} for h in inserted for t in tags[h]]
    if tag_rows:
        await session.execute(sqlite_insert(_TAGS).on_conflict_do_nothing(), tag_rows)
    return inserted


async def ingest(session: AsyncSession, traces: list[Trace], path: str) -> list[Ingested]:
    """Insert traces not seen before; return one outcome per input, in input order.

    Does not commit: the caller owns the transaction, so a batch is all-or-nothing.
    """
    now = utcnow()
    hashes = [trace_hash(t) for t in traces]
    fresh: dict[str, dict[str, Any]] = {}
    tags: dict[str, list[str]] = {}
    for trace, h in zip(traces, hashes, strict=True):
        if h not in fresh:
            fresh[h] = _row(trace, h)
            tags[h] = tags_of(trace)

    inserted: dict[str, int] = {}
    if fresh:
        insert = (
            _insert_postgres if session.get_bind().dialect.name == "postgresql" else _insert_sqlite
        )
        inserted = await insert(session, list(fresh.values()), tags, now)

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
