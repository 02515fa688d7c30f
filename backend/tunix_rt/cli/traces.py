"""`tunix-rt traces import|export`: move JSONL files of traces in and out of the server."""

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, Literal

import httpx
import typer
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TaskID,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

from tunix_rt.cli.http import DEFAULT_URL, STREAM_TIMEOUT, Api, UrlOption, describe_problem, fail
from tunix_rt.cli.output import STDOUT, destination_name, err, out, save_ndjson

app = typer.Typer(help="Import and export traces as JSONL.", no_args_is_help=True)

CHUNK_BYTES = 256 * 1024
MAX_PRINTED_ERRORS = 20


@app.command("import")
def import_traces(
    file: Annotated[
        Path,
        typer.Argument(
            exists=True, dir_okay=False, readable=True, help="A JSONL file, one trace per line."
        ),
    ],
    on_error: Annotated[
        Literal["fail", "skip"],
        typer.Option(help="fail: any bad line imports nothing; skip: import the good lines."),
    ] = "fail",
    url: UrlOption = DEFAULT_URL,
) -> None:
    """Stream FILE to the server; duplicates of stored traces are counted, not stored twice."""
    size = file.stat().st_size
    progress = Progress(
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )
    with Api(url) as api, progress:
        task = progress.add_task("upload", total=size)
        response = api.request(
            "POST",
            "/api/traces/import",
            params={"on_error": on_error},
            content=_file_chunks(file, progress, task),
            headers={"content-type": "application/x-ndjson", "content-length": str(size)},
            timeout=STREAM_TIMEOUT,
            check=False,
        )
    body = _json_object(response)
    if response.status_code == 422 and isinstance(body.get("report"), dict):
        report = body["report"]
        bad, read = report["failed"], report["lines_read"]
        err.print(f"{file}: {bad} bad line(s) in {read}; nothing was imported", style="red")
        _print_line_errors(report)
        err.print("fix these lines, or re-run with --on-error skip to import the good ones")
        raise typer.Exit(1)
    if response.is_error or "imported" not in body:
        fail(response)
    summary = (
        f"{file}: {body['lines_read']} lines read, {body['imported']} imported, "
        f"{body['duplicates']} duplicates"
    )
    out.print(summary + (f", {body['failed']} bad lines skipped" if body["failed"] else ""))
    _print_line_errors(body)


def _json_object(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _file_chunks(path: Path, progress: Progress, task: TaskID) -> Iterator[bytes]:
    """The file in fixed-size chunks, so memory stays flat whatever its size."""
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK_BYTES):
            yield chunk
            progress.advance(task, len(chunk))


def _print_line_errors(report: dict[str, Any]) -> None:
    errors = report.get("errors") or []
    for item in errors[:MAX_PRINTED_ERRORS]:
        err.print(f"  {describe_problem(item)}")
    hidden = len(errors) - MAX_PRINTED_ERRORS
    if hidden > 0 or report.get("errors_truncated"):
        err.print(f"  ... and more ({report['failed']} bad lines in all)")


@app.command("export")
def export_traces(
    out_file: Annotated[
        str, typer.Option("--out", "-o", help="File to write, or - for stdout.")
    ] = STDOUT,
    source: Annotated[
        str | None, typer.Option(help="Only traces whose meta.source is this.")
    ] = None,
    tag: Annotated[str | None, typer.Option(help="Only traces tagged with this.")] = None,
    meta: Annotated[
        list[str] | None, typer.Option(help="key=value on meta fields; repeatable, all must match.")
    ] = None,
    q: Annotated[
        str | None, typer.Option("--q", help="Text in the prompt or final answer.")
    ] = None,
    created_after: Annotated[str | None, typer.Option(help="ISO 8601 time, inclusive.")] = None,
    created_before: Annotated[str | None, typer.Option(help="ISO 8601 time, exclusive.")] = None,
    limit: Annotated[int | None, typer.Option(min=1, help="At most this many traces.")] = None,
    url: UrlOption = DEFAULT_URL,
) -> None:
    """Write matching traces as NDJSON, newest first; the file can be imported again as it is."""
    params = {
        "source": source,
        "tag": tag,
        "meta": meta or [],
        "q": q,
        "created_after": created_after,
        "created_before": created_before,
        "limit": limit,
    }
    query = {key: value for key, value in params.items() if value not in (None, [])}
    with Api(url) as api, api.stream("/api/traces/export.jsonl", params=query) as response:
        count = save_ndjson(response.iter_bytes(), out_file, "exporting traces")
    err.print(f"wrote {count} traces to {destination_name(out_file)}")
