"""Helpers shared by the CLI tests: run the command in-process, write and read JSONL."""

import json
import os
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from typer.testing import CliRunner, Result

from tests.factories import trace
from tunix_rt.cli.main import app


@dataclass(frozen=True)
class Server:
    """A running `tunix-rt serve`, the database backend behind it and its TUNIX_RT_HOME."""

    url: str
    backend: str
    database_url: str
    home: Path

    def traces(self, **params: Any) -> list[dict[str, Any]]:
        """Stored traces matching the filters, straight from the API (at most 100)."""
        response = httpx.get(f"{self.url}/api/traces", params={"limit": 100, **params})
        response.raise_for_status()
        data: list[dict[str, Any]] = response.json()["data"]
        return data


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def run_cli(*args: str, env: dict[str, str] | None = None) -> Result:
    """Invoke `tunix-rt ARGS` in-process, with stdout and stderr captured separately."""
    return CliRunner().invoke(app, list(args), env=env)


def write_traces(path: Path, source: str, count: int, start: int = 0) -> Path:
    """COUNT traces with meta.source SOURCE; the prompt names the source, as meta is not hashed."""
    lines = [
        json.dumps(trace(n, prompt=f"[{source}] What is {n} + {n}?", meta={"source": source}))
        for n in range(start, start + count)
    ]
    path.write_text("".join(line + "\n" for line in lines))
    return path


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def server_env(home: Path, database_url: str | None) -> dict[str, str]:
    """The environment of a server (or migrate) run: HOME set, no inherited database or URL."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "TUNIX_RT_URL"}}
    env["TUNIX_RT_HOME"] = str(home)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env
