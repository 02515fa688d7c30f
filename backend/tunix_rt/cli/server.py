"""`tunix-rt serve` and `tunix-rt migrate`: run the API and manage its database schema.

Server modules are imported inside the commands so the data commands start quickly.
"""

import signal
import subprocess
import sys
from types import FrameType
from typing import Annotated

import typer

from tunix_rt.cli.output import err, out


def serve(
    host: Annotated[
        str, typer.Option(help="Interface to listen on; 0.0.0.0 for all.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
    migrate: Annotated[
        bool,
        typer.Option("--migrate/--no-migrate", help="Apply database migrations before starting."),
    ] = True,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
    with_worker: Annotated[
        bool,
        typer.Option("--with-worker/--no-worker", help="Also run one job worker beside the API."),
    ] = False,
) -> None:
    """Run the tunix-rt API (and the built UI, when present)."""
    from tunix_rt.server import run_server
    from tunix_rt.settings import get_settings

    settings = get_settings()
    if migrate:
        _upgrade(settings.resolved_database_url, "head")
    database = _shown(settings.resolved_database_url)
    out.print(f"tunix-rt serving on http://{host}:{port} (database {database})")
    worker_proc = _start_worker() if with_worker else None
    # uvicorn handles SIGTERM itself, then restores the previous handler and re-raises the
    # signal; with the default handler the process would die before `finally` stops the worker.
    signal.signal(signal.SIGTERM, _exit_on_signal)
    try:
        run_server(settings, host, port, log_level)
    finally:
        if worker_proc is not None:
            _stop_worker(worker_proc)


def worker(
    concurrency: Annotated[
        int, typer.Option(min=1, max=64, help="Jobs this worker runs at the same time.")
    ] = 1,
    migrate: Annotated[
        bool,
        typer.Option("--migrate/--no-migrate", help="Apply database migrations before starting."),
    ] = True,
) -> None:
    """Run queued jobs (training, generation, ...) in child processes until SIGTERM."""
    from tunix_rt.settings import get_settings
    from tunix_rt.worker.main import run_worker

    settings = get_settings()
    if migrate:
        _upgrade(settings.resolved_database_url, "head")
    out.print(f"tunix-rt worker on {_shown(settings.resolved_database_url)}, {concurrency} slot(s)")
    run_worker(settings, concurrency)


def _exit_on_signal(signum: int, frame: FrameType | None) -> None:
    sys.exit(128 + signum)


def _start_worker() -> "subprocess.Popen[bytes]":
    out.print("starting one worker beside the API")
    command = [sys.executable, "-m", "tunix_rt.cli.main", "worker", "--no-migrate"]
    return subprocess.Popen(command)


def _stop_worker(proc: "subprocess.Popen[bytes]") -> None:
    """SIGTERM lets the worker hand its running jobs back to the queue before it exits."""
    proc.terminate()
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()


def migrate(
    revision: Annotated[str, typer.Option(help="Upgrade to this revision.")] = "head",
    downgrade: Annotated[
        str | None,
        typer.Option(help="Downgrade to this revision instead (base removes every table)."),
    ] = None,
) -> None:
    """Bring the database schema to a revision (by default the newest)."""
    from tunix_rt.settings import get_settings

    url = get_settings().resolved_database_url
    if downgrade is not None:
        _run_migration(url, downgrade, upgrade=False)
        out.print(f"downgraded {_shown(url)} to {downgrade}")
    else:
        _upgrade(url, revision)


def _upgrade(url: str, revision: str) -> None:
    _run_migration(url, revision, upgrade=True)
    out.print(f"database {_shown(url)} is at revision {revision}")


def _run_migration(url: str, revision: str, *, upgrade: bool) -> None:
    from alembic.util import CommandError
    from sqlalchemy.exc import SQLAlchemyError

    from tunix_rt import migrate as migrations

    try:
        if upgrade:
            migrations.upgrade(url, revision)
        else:
            migrations.downgrade(url, revision)
    except (OSError, SQLAlchemyError, CommandError) as exc:
        err.print(f"cannot migrate {_shown(url)}: {type(exc).__name__}: {exc}", style="red")
        raise typer.Exit(1) from None


def _shown(url: str) -> str:
    """The database URL without its password, fit for a terminal or a log."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
