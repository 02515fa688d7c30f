"""Server-Sent Events of a job's logs and metrics, resumable, without a held session.

Each poll opens a short session, so a stream watched for hours holds no connection.
"""

import asyncio
from collections.abc import AsyncIterator

import orjson
from fastapi.responses import StreamingResponse
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tunix_rt.jobs import service
from tunix_rt.jobs.status import FINISHED

POLL_S = 0.5
HEARTBEAT_S = 10.0


def sse(event: str, data: object, event_id: int | None = None) -> bytes:
    head = f"id: {event_id}\n" if event_id is not None else ""
    return f"{head}event: {event}\ndata: {orjson.dumps(data).decode()}\n\n".encode()


async def job_events(
    sessions: async_sessionmaker[AsyncSession],
    job_id: str,
    since_seq: int,
    poll_s: float = POLL_S,
    heartbeat_s: float = HEARTBEAT_S,
) -> AsyncIterator[bytes]:
    """`log` (id = seq, so Last-Event-ID resumes), `metric`, `heartbeat`, then `status`."""
    next_seq = since_seq
    metric_after = 0
    quiet = 0.0
    while True:
        async with sessions() as session:
            job = await service.get_job(session, job_id)
            logs = await service.logs_since(session, job_id, next_seq)
            metrics = await service.metrics_since(session, job_id, metric_after)
        for row in logs:
            payload = {
                "seq": row.seq,
                "stream": row.stream,
                "chunk": row.chunk,
                "created_at": row.created_at.isoformat(),
            }
            yield sse("log", payload, row.seq)
            next_seq = row.seq + 1
        for m in metrics:
            yield sse("metric", {"step": m.step, "name": m.name, "value": m.value})
            metric_after = m.id
        if logs or metrics:
            quiet = 0.0
            continue  # drain backlog before sleeping
        if job.status in FINISHED:
            yield sse(
                "status",
                {"run_id": job.id, "status": job.status, "error": job.error, "result": job.result},
            )
            return
        await asyncio.sleep(poll_s)
        quiet += poll_s
        if quiet >= heartbeat_s:
            quiet = 0.0
            yield sse("heartbeat", {"status": job.status, "progress": job.progress})


def event_stream(
    sessions: async_sessionmaker[AsyncSession],
    job_id: str,
    since_seq: int | None,
    last_event_id: str | None,
) -> StreamingResponse:
    """The SSE response for a job: from `since_seq`, else after the Last-Event-ID header."""
    start = since_seq or 0
    if since_seq is None and last_event_id and last_event_id.isdigit():
        start = int(last_event_id) + 1
    return StreamingResponse(
        job_events(sessions, job_id, start),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
