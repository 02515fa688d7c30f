"""Where the CLI writes: messages on consoles, NDJSON streams to a file or stdout."""

import json
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

# Markup off: server messages contain brackets such as "steps[0].content".
out = Console(markup=False, highlight=False, emoji=False, soft_wrap=True)
err = Console(stderr=True, markup=False, highlight=False, emoji=False, soft_wrap=True)

STDOUT = "-"


def parse_pairs(
    items: list[str] | None, option: str, *, decode_json: bool = False
) -> dict[str, Any]:
    """`["k=v", ...]` -> `{"k": "v"}`; with decode_json, `digits=3` gives 3 and `x=abc` "abc"."""
    pairs: dict[str, Any] = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise typer.BadParameter(f"{item!r} must look like key=value", param_hint=option)
        pairs[key] = json_or_text(value) if decode_json else value
    return pairs


def json_or_text(value: str) -> Any:
    try:
        return json.loads(value)
    except ValueError:
        return value


def destination_name(dest: str) -> str:
    return "stdout" if dest == STDOUT else dest


def save_ndjson(chunks: Iterable[bytes], dest: str, label: str) -> int:
    """Write streamed NDJSON bytes to `dest` (a path or "-"), counting lines on stderr."""
    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TextColumn("{task.completed:,} lines"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )
    lines = 0
    with progress, _open_destination(dest) as fh:
        task = progress.add_task(label)
        for chunk in chunks:
            fh.write(chunk)
            lines += chunk.count(b"\n")
            progress.update(task, completed=lines)
    return lines


@contextmanager
def _open_destination(dest: str) -> Iterator[BinaryIO]:
    """Stdout, or a `.part` file renamed into place only when the stream completed."""
    if dest == STDOUT:
        stream = typer.get_binary_stream("stdout")
        yield stream
        stream.flush()
        return
    target = Path(dest)
    partial = target.with_name(target.name + ".part")
    try:
        fh = partial.open("wb")
    except OSError as exc:
        err.print(f"cannot write {dest}: {exc.strerror or exc}", style="red")
        raise typer.Exit(1) from None
    try:
        with fh:
            yield fh
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
