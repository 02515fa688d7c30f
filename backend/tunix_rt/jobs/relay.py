"""Events a child reports on behalf of jobs it started itself (a search's trial runs).

A line with a `job` field that is not the running job's own id carries that job's logs,
metrics or progress. The kind's handler creates those jobs (from `trial` events) before
their lines are stored; lines for a job that does not exist are dropped with a note.
"""

from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from tunix_rt.jobs import queue
from tunix_rt.jobs import service as jobs
from tunix_rt.jobs.events import Event, metric_points
from tunix_rt.jobs.models import JobRow

RELAYED = frozenset({"log", "metric", "progress"})


class SubJobRelay:
    def __init__(self, own_job_id: str) -> None:
        self.own_job_id = own_job_id
        self._logs: dict[str, list[tuple[str, str]]] = {}
        self._metrics: dict[str, list[tuple[int, str, float]]] = {}
        self._progress: dict[str, dict[str, Any]] = {}
        self._next_seq: dict[str, int] = {}

    @property
    def pending(self) -> bool:
        return bool(self._logs or self._metrics or self._progress)

    def accept(self, event: Event) -> bool:
        """Buffer `event` if it belongs to another job; False if it is the job's own."""
        target = event.data.get("job")
        if not isinstance(target, str) or target == self.own_job_id:
            return False
        if event.kind == "log":
            self._logs.setdefault(target, []).append(
                (str(event.data.get("stream", "stdout")), str(event.data.get("message", "")))
            )
        elif event.kind == "metric":
            self._metrics.setdefault(target, []).extend(metric_points(event))
        elif event.kind == "progress":
            self._progress[target] = {
                k: v for k, v in event.data.items() if k not in ("event", "job")
            }
        return event.kind in RELAYED

    async def flush(self, session: AsyncSession) -> list[str]:
        """Store what is buffered; returns notes about lines that could not be stored."""
        logs, self._logs = self._logs, {}
        metrics, self._metrics = self._metrics, {}
        progress, self._progress = self._progress, {}
        notes = []
        for job_id in logs.keys() | metrics.keys() | progress.keys():
            if await session.get(JobRow, job_id) is None:
                notes.append(f"dropped events for unknown job {job_id}")
                continue
            try:
                if job_id in logs:
                    if job_id not in self._next_seq:
                        self._next_seq[job_id] = await jobs.next_log_seq(session, job_id)
                    await jobs.append_logs(session, job_id, self._next_seq[job_id], logs[job_id])
                    self._next_seq[job_id] += len(logs[job_id])
                if job_id in metrics:
                    await jobs.append_metrics(session, job_id, metrics[job_id])
                if job_id in progress:
                    await queue.set_progress(session, job_id, progress[job_id], None)
            except IntegrityError as exc:  # e.g. a sequence number taken meanwhile
                await session.rollback()
                self._next_seq.pop(job_id, None)
                notes.append(f"could not store events for job {job_id}: {exc.orig}")
        return notes
