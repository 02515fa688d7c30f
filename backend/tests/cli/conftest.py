"""CLI tests talk to a real `tunix-rt serve` subprocess, once on SQLite and once on Postgres."""

import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from tests.cli.helpers import Server, free_port, server_env
from tunix_rt.db import create_engine, sessionmaker_for

STARTUP_SECONDS = 30


def _wait_until_ready(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"tunix-rt serve exited with {process.returncode}:\n{log.read_text()}")
        try:
            if httpx.get(f"{url}/api/ready", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    pytest.fail(f"tunix-rt serve did not become ready in {STARTUP_SECONDS}s:\n{log.read_text()}")


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    """`tunix-rt serve` on a free port with a fresh database; it applies the migrations itself."""
    home = tmp_path_factory.mktemp(f"cli-{request.param}")
    database_url = request.getfixturevalue("postgres_url") if request.param == "postgres" else None
    port = free_port()
    log = home / "server.log"
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            [sys.executable, "-m", "tunix_rt.cli.main", "serve", "--port", str(port)],
            cwd=home,  # keeps a developer's .env out of the test server
            env=server_env(home, database_url),
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_ready(url, process, log)
        yield Server(
            url=url,
            backend=request.param,
            database_url=database_url or f"sqlite+aiosqlite:///{home / 'tunix_rt.db'}",
            home=home,
        )
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def source() -> str:
    """A meta.source unique to the test, so tests sharing a server do not see each other."""
    return f"cli-{uuid.uuid4().hex[:10]}"


@pytest.fixture
def seed() -> int:
    """A generator seed unique to the test: the Postgres database may hold other tests' traces."""
    return uuid.uuid4().int % 2**40


@pytest.fixture
async def server_db(server: Server) -> AsyncIterator[object]:
    """Sessions on the server's own database, for rows no API call can make (finished runs)."""
    engine = create_engine(server.database_url)
    try:
        yield sessionmaker_for(engine)
    finally:
        await engine.dispose()
