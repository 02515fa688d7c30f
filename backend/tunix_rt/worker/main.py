"""`tunix-rt worker`: claims queued jobs and runs each in a child process.

Any number of workers, on one host or many, can share one database.
"""

import asyncio
import contextlib
import logging
import os
import signal
import socket
import uuid

from tunix_rt.db import create_engine, sessionmaker_for
from tunix_rt.jobs import queue
from tunix_rt.settings import Settings
from tunix_rt.worker import handlers  # noqa: F401  (registers the kinds' handlers)
from tunix_rt.worker.runner import JobRunner

log = logging.getLogger("tunix_rt.worker")
EXPIRE_EVERY_S = 5.0


def new_worker_id() -> str:
    return f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"


class Worker:
    def __init__(self, settings: Settings, concurrency: int = 1, worker_id: str | None = None):
        self.settings = settings
        self.concurrency = max(1, concurrency)
        self.worker_id = worker_id or new_worker_id()
        self.engine = create_engine(settings.resolved_database_url)
        self.sessions = sessionmaker_for(self.engine)
        self.stopping = asyncio.Event()
        self.running: dict[asyncio.Task[None], JobRunner] = {}

    def request_stop(self) -> None:
        """Stop claiming; running children are asked to checkpoint and their jobs go back."""
        if not self.stopping.is_set():
            log.info("worker %s: shutting down", self.worker_id)
            self.stopping.set()
            for runner in self.running.values():
                runner.stop("shutdown")

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, self.request_stop)
        log.info("worker %s: polling for jobs", self.worker_id)
        last_expire = 0.0
        try:
            while not self.stopping.is_set():
                now = loop.time()
                if now - last_expire >= EXPIRE_EVERY_S:
                    last_expire = now
                    async with self.sessions() as session:
                        await queue.expire_exhausted(session)
                await self._claim_free_slots()
                # Wake on shutdown, on a finished job (a free slot) or after one poll period.
                stop_wait = asyncio.create_task(self.stopping.wait())
                await asyncio.wait(
                    {stop_wait, *self.running},
                    timeout=self.settings.job_poll_s,
                    return_when=asyncio.FIRST_COMPLETED,
                )
                stop_wait.cancel()
                for task in [t for t in self.running if t.done()]:
                    self.running.pop(task)
            if self.running:
                await asyncio.gather(*self.running, return_exceptions=True)
        finally:
            await self.engine.dispose()

    async def _claim_free_slots(self) -> None:
        while len(self.running) < self.concurrency and not self.stopping.is_set():
            async with self.sessions() as session:
                job = await queue.claim(session, self.worker_id, self.settings.job_lease_s)
            if job is None:
                return
            log.info("worker %s: claimed %s job %s", self.worker_id, job.kind, job.id)
            runner = JobRunner(job, self.worker_id, self.settings, self.sessions)
            self.running[asyncio.create_task(runner.run())] = runner


def run_worker(settings: Settings, concurrency: int = 1) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    asyncio.run(Worker(settings, concurrency).run())
