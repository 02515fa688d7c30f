"""`--wait`: poll a job-backed resource until it ends, with a spinner on stderr."""

import time
from collections.abc import Callable
from typing import Any

from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from tunix_rt.cli.http import Api
from tunix_rt.cli.output import err

# Job statuses after which nothing changes any more (tunix_rt.jobs.status.FINISHED).
FINISHED = ("succeeded", "failed", "cancelled", "timed_out")


def wait_until_finished(
    api: Api,
    path: str,
    label: str,
    state: Callable[[dict[str, Any]], str],
    poll_interval: float,
) -> dict[str, Any]:
    """GET `path` every `poll_interval` s until its status is finished; the spinner shows
    `label: state(body)`. Only a terminal sees the spinner, so pipes stay clean."""
    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )
    with progress:
        task = progress.add_task(label)
        while True:
            body: dict[str, Any] = api.get_json(path)
            if body["status"] in FINISHED:
                return body
            progress.update(task, description=f"{label}: {state(body)}")
            time.sleep(poll_interval)
