"""Worker processes against the test database, with a fast stand-in child."""

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

CHILD = Path(__file__).with_name("child.py")


class Workers:
    def __init__(self, db_url: str, home: Path) -> None:
        self.db_url = db_url
        self.home = home
        self.procs: list[subprocess.Popen[bytes]] = []

    def env(self, **extra: str) -> dict[str, str]:
        return {
            **os.environ,
            "DATABASE_URL": self.db_url,
            "TUNIX_RT_HOME": str(self.home),
            "JOB_COMMAND": json.dumps([sys.executable, str(CHILD)]),
            "JOB_HEARTBEAT_S": "0.3",
            "JOB_LEASE_S": "2",
            "JOB_POLL_S": "0.2",
            "JOB_CANCEL_GRACE_S": "3",
            **extra,
        }

    def start(self, concurrency: int = 1) -> subprocess.Popen[bytes]:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tunix_rt.cli.main",
                "worker",
                "--no-migrate",
                "--concurrency",
                str(concurrency),
            ],
            env=self.env(),
            stdout=subprocess.DEVNULL,
            stderr=open(self.home / f"worker-{len(self.procs)}.log", "wb"),  # noqa: SIM115
        )
        self.procs.append(proc)
        return proc

    def stop_all(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in self.procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()


@pytest.fixture
def workers(db_url: str, tmp_path: Path, client: object) -> Iterator[Workers]:
    """Started on demand; an emptied database (via `client`); all stopped afterwards."""
    w = Workers(db_url, tmp_path)
    yield w
    w.stop_all()


async def wait_for(check: Callable[[], object], within: float = 30.0, every: float = 0.1):
    """Poll an async or sync predicate until it returns something truthy."""
    import asyncio
    import inspect

    deadline = time.monotonic() + within
    while True:
        value = check()
        if inspect.isawaitable(value):
            value = await value
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {within} s")
        await asyncio.sleep(every)
