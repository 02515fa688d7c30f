"""One job's life in a worker: prepare, run the child, relay its events, record the end."""

import asyncio
import contextlib
import ctypes
import os
import signal
import sys
import time
from collections import deque
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tunix_rt.jobs import queue
from tunix_rt.jobs import service as jobs
from tunix_rt.jobs.events import Event, metric_points, parse_line
from tunix_rt.jobs.kinds import handler_for
from tunix_rt.jobs.models import JobRow
from tunix_rt.jobs.relay import SubJobRelay
from tunix_rt.jobs.status import JobStatus
from tunix_rt.settings import Settings

FLUSH_EVERY_S = 0.5
ERROR_TAIL_LINES = 30
PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """In the child, before exec: SIGKILL when the worker dies (Linux), so a killed
    worker leaves no orphan training into a run directory that another worker will resume."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def child_command(settings: Settings) -> list[str]:
    return settings.job_command or [sys.executable, "-m", "tunix_rt_training"]


def child_env(settings: Settings) -> dict[str, str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    if settings.llm_judge_api_key is not None:  # read by llm_judge over HTTP; never stored
        env["LLM_JUDGE_API_KEY"] = settings.llm_judge_api_key.get_secret_value()
    return env


class JobRunner:
    """Runs one claimed job to an outcome. `stop(reason)` ends it early."""

    def __init__(
        self,
        job: JobRow,
        worker_id: str,
        settings: Settings,
        sessions: async_sessionmaker[AsyncSession],
    ) -> None:
        self.job = job
        self.worker_id = worker_id
        self.settings = settings
        self.sessions = sessions
        self.run_dir = settings.runs_dir.resolve() / job.id
        self.stop_reason: str | None = None
        self._stopped = asyncio.Event()
        self._logs: list[tuple[str, str]] = []
        self._metrics: list[tuple[int, str, float]] = []
        self._progress: dict[str, Any] | None = None
        self._checkpoint: str | None = None
        self._result: dict[str, Any] | None = None
        self._stderr_tail: deque[str] = deque(maxlen=ERROR_TAIL_LINES)
        self._log_seq = 0
        self._relay = SubJobRelay(job.id)
        self._kind_events: list[dict[str, Any]] = []

    def stop(self, reason: str) -> None:
        """Ask the child to end: cancel, timeout, lost (lease) or shutdown."""
        if self.stop_reason is None:
            self.stop_reason = reason
        self._stopped.set()

    async def run(self) -> None:
        try:
            await self._run()
        except Exception as exc:  # the job fails; the worker lives on
            self._note("worker", f"worker error: {type(exc).__name__}: {exc}")
            await self._flush()
            async with self.sessions() as session:
                await queue.finish(
                    session,
                    self.job.id,
                    self.worker_id,
                    JobStatus.failed,
                    error=f"worker error: {type(exc).__name__}: {exc}",
                )

    async def _run(self) -> None:
        self.run_dir.mkdir(parents=True, exist_ok=True)
        async with self.sessions() as session:
            self._log_seq = await jobs.next_log_seq(session, self.job.id)
            await handler_for(self.job.kind).prepare(session, self.job, self.run_dir)
        spec_path = self.run_dir / f"job-attempt-{self.job.attempt}.json"
        spec_path.write_bytes(
            orjson.dumps(
                {
                    "job_id": self.job.id,
                    "kind": self.job.kind,
                    "attempt": self.job.attempt,
                    "run_dir": str(self.run_dir),
                    "spec": self.job.spec,
                },
                option=orjson.OPT_INDENT_2,
            )
        )
        self._note("worker", f"attempt {self.job.attempt} on worker {self.worker_id}")
        proc = await asyncio.create_subprocess_exec(
            *child_command(self.settings),
            "run-job",
            str(spec_path),
            cwd=self.run_dir,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            start_new_session=True,  # its own process group: signals reach its children too
            env=child_env(self.settings),
            preexec_fn=_die_with_parent,
        )
        assert proc.stdout is not None and proc.stderr is not None
        readers = [
            asyncio.create_task(self._read(proc.stdout, "stdout")),
            asyncio.create_task(self._read(proc.stderr, "stderr")),
        ]
        keeper = asyncio.create_task(self._keep_alive())
        exited = asyncio.create_task(proc.wait())
        stopped = asyncio.create_task(self._stopped.wait())
        await asyncio.wait({exited, stopped}, return_when=asyncio.FIRST_COMPLETED)
        if not exited.done():
            await self._terminate(proc)
        stopped.cancel()
        keeper.cancel()
        await asyncio.gather(*readers, return_exceptions=True)
        with contextlib.suppress(asyncio.CancelledError):
            await keeper
        await self._flush()
        await self._record_outcome(proc.returncode)

    async def _terminate(self, proc: asyncio.subprocess.Process) -> None:
        """SIGTERM (the child checkpoints), then SIGKILL after the grace period."""
        self._note("worker", f"stopping the child ({self.stop_reason}): SIGTERM")
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            await asyncio.wait_for(proc.wait(), self.settings.job_cancel_grace_s)
        except TimeoutError:
            self._note("worker", "the child did not exit in the grace period: SIGKILL")
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            await proc.wait()

    async def _record_outcome(self, returncode: int | None) -> None:
        reason = self.stop_reason
        async with self.sessions() as session:
            if reason == "lost":
                return  # another worker owns the job now, or it is gone
            if reason == "shutdown":
                await self._ending(session, JobStatus.queued)
                await queue.hand_back(session, self.job.id, self.worker_id)
                return
            if reason == "cancel":
                await self._ending(session, JobStatus.cancelled)
                await queue.finish(session, self.job.id, self.worker_id, JobStatus.cancelled)
                return
            if reason == "timeout":
                await self._ending(session, JobStatus.timed_out)
                await queue.finish(
                    session,
                    self.job.id,
                    self.worker_id,
                    JobStatus.timed_out,
                    error=f"the job ran past its timeout of {self.job.timeout_s} s",
                )
                return
            if returncode == 0 and self._result is not None:
                result = await handler_for(self.job.kind).finalize(
                    session, self.job, self._result, self.run_dir
                )
                await self._ending(session, JobStatus.succeeded)
                await queue.finish(
                    session, self.job.id, self.worker_id, JobStatus.succeeded, result=result
                )
                try:
                    await handler_for(self.job.kind).on_success(session, self.job, self.settings)
                except Exception as exc:  # the job stays succeeded; the follow-up is logged
                    self._note("worker", f"after success: {type(exc).__name__}: {exc}")
                    await self._flush()
                return
            tail = "\n".join(self._stderr_tail)
            why = (
                f"the job process exited with code {returncode}"
                if returncode != 0
                else "the job process exited without reporting a result"
            )
            await self._ending(session, JobStatus.failed)
            await queue.finish(
                session,
                self.job.id,
                self.worker_id,
                JobStatus.failed,
                error=f"{why}\n{tail}".strip(),
            )

    async def _ending(self, session: AsyncSession, status: JobStatus) -> None:
        """The kind's cleanup runs before the outcome is stored, so nobody who sees the job
        ended also sees its parts (e.g. a search's trials) still running."""
        try:
            await handler_for(self.job.kind).on_end(session, self.job, status)
        except Exception as exc:  # the outcome is stored all the same
            await session.rollback()
            self._note("worker", f"while ending as {status}: {type(exc).__name__}: {exc}")

    async def _read(self, stream: asyncio.StreamReader, name: str) -> None:
        while True:
            try:
                raw = await stream.readline()
            except ValueError:  # a line longer than the stream limit: keep a cut version
                raw = await stream.read(1 << 16)
            if not raw:
                return
            line = raw.decode(errors="replace").rstrip("\n")
            event = parse_line(line) if name == "stdout" else None
            if event is None:
                self._note(name, line)
                if name == "stderr":
                    self._stderr_tail.append(line)
            else:
                self._on_event(event)

    def _on_event(self, event: Event) -> None:
        data = event.data
        if self._relay.accept(event):
            return
        if event.kind == "trial":
            self._kind_events.append(data)
        elif event.kind == "log":
            self._note("stdout", str(data.get("message", "")))
        elif event.kind == "metric":
            self._metrics.extend(metric_points(event))
        elif event.kind == "progress":
            self._progress = {k: v for k, v in data.items() if k != "event"}
        elif event.kind == "checkpoint":
            self._checkpoint = str(data.get("path", ""))
            self._note("worker", f"checkpoint at step {data.get('step')}: {self._checkpoint}")
        elif event.kind == "artifact":
            self._note("worker", f"artifact {data.get('kind', '')}: {data.get('path')}")
        elif event.kind == "result":
            result = data.get("result")
            self._result = result if isinstance(result, dict) else {"value": result}

    def _note(self, stream: str, text: str) -> None:
        self._logs.append((stream, text))

    async def _flush(self) -> None:
        await self._flush_kind_events()
        logs, self._logs = self._logs, []
        metrics, self._metrics = self._metrics, []
        progress, self._progress = self._progress, None
        checkpoint, self._checkpoint = self._checkpoint, None
        if not (logs or metrics or progress or checkpoint):
            return
        async with self.sessions() as session:
            if logs:
                await jobs.append_logs(session, self.job.id, self._log_seq, logs)
                self._log_seq += len(logs)
            if metrics:
                await jobs.append_metrics(session, self.job.id, metrics)
            await queue.set_progress(session, self.job.id, progress, checkpoint)

    async def _flush_kind_events(self) -> None:
        """The kind's own events first (they may create jobs), then lines for those jobs."""
        events, self._kind_events = self._kind_events, []
        if not events and not self._relay.pending:
            return
        async with self.sessions() as session:
            if events:
                handler = handler_for(self.job.kind)
                try:
                    notes = await handler.on_events(session, self.job, events, self.settings)
                except Exception as exc:  # one bad event must not stop the job's heartbeat
                    await session.rollback()
                    notes = [f"could not store {len(events)} events: {type(exc).__name__}: {exc}"]
                for note in notes:
                    self._note("worker", note)
            for note in await self._relay.flush(session):
                self._note("worker", note)

    async def _keep_alive(self) -> None:
        """Flush what the child said, renew the lease, and watch for cancel and timeout."""
        started = time.monotonic()
        last_beat = 0.0
        while True:
            await asyncio.sleep(FLUSH_EVERY_S)
            await self._flush()
            now = time.monotonic()
            if self.job.timeout_s is not None and now - started > self.job.timeout_s:
                self.stop("timeout")
            if now - last_beat >= self.settings.job_heartbeat_s:
                last_beat = now
                async with self.sessions() as session:
                    status = await queue.heartbeat(
                        session, self.job.id, self.worker_id, self.settings.job_lease_s
                    )
                if status is None:
                    self.stop("lost")
                elif status == JobStatus.cancel_requested:
                    self.stop("cancel")


def run_dir_of(settings: Settings, job_id: str) -> Path:
    return settings.runs_dir.resolve() / job_id
