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
