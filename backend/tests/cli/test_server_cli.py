"""`tunix-rt migrate`, the console script, and what happens when no server answers."""

import subprocess
import sys
from pathlib import Path

from tests.cli.helpers import free_port, run_cli, server_env

CONSOLE_SCRIPT = Path(sys.executable).parent / "tunix-rt"


def test_unreachable_server_exits_2_with_a_hint():
    url = f"http://127.0.0.1:{free_port()}"

    result = run_cli("datasets", "list", "--url", url)

    assert result.exit_code == 2
    assert f"cannot reach tunix-rt at {url}" in result.stderr
    assert "is `tunix-rt serve` running?" in result.stderr


def test_console_script_reports_unreachable_server_without_a_traceback(tmp_path):
    url = f"http://127.0.0.1:{free_port()}"
    path = tmp_path / "in.jsonl"
    path.write_text("{}\n")

    proc = subprocess.run(
        [str(CONSOLE_SCRIPT), "traces", "import", str(path), "--url", url],
        capture_output=True,
        text=True,
        timeout=30,
    )

    assert proc.returncode == 2
    assert "cannot reach tunix-rt" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_migrate_creates_the_sqlite_database_under_home(tmp_path):
    proc = subprocess.run(
        [str(CONSOLE_SCRIPT), "migrate"],
        cwd=tmp_path,
        env=server_env(tmp_path, None),
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert proc.returncode == 0, proc.stderr
    assert "is at revision head" in proc.stdout
    assert (tmp_path / "tunix_rt.db").is_file()


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "State:\tZ" not in status


def test_sigterm_to_serve_with_worker_stops_the_worker_too(tmp_path):
    """`docker stop` / systemd send SIGTERM: the worker beside the API must not be orphaned."""
    import signal
    import time

    import httpx

    port = free_port()
    proc = subprocess.Popen(
        [str(CONSOLE_SCRIPT), "serve", "--port", str(port), "--with-worker"],
        env=server_env(tmp_path / "home", None),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        workers: list[int] = []
        while time.monotonic() < deadline:
            workers = _children(proc.pid)
            try:
                ready = httpx.get(f"http://127.0.0.1:{port}/api/ready", timeout=1).status_code
            except httpx.HTTPError:
                ready = 0
            if ready == 200 and workers:
                break
            time.sleep(0.2)
        assert workers, "serve --with-worker started no worker process"
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and any(_alive(w) for w in workers):
            time.sleep(0.2)
        assert not any(_alive(w) for w in workers), "the worker outlived `serve`"
    finally:
        if proc.poll() is None:
            proc.kill()
