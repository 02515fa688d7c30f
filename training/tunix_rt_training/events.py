"""The reporter: every side effect a run has on the worker goes through here.

Events are one JSON object a line on stdout (docs/jobs.md): `log`, `metric`, `progress`,
`checkpoint`, `artifact`, `result`, and `trial` from searches (docs/tuning.md). A progress
line is also drawn on stderr when stderr is a terminal, for people running the CLI by hand.
"""

from __future__ import annotations

import math
import sys
import threading
import time
from collections.abc import Mapping
from typing import IO, Any

import orjson

EVENT_TYPES = ("log", "metric", "progress", "checkpoint", "artifact", "result", "trial")
LOG_LEVELS = ("debug", "info", "warning", "error")


def _number(value: Any) -> float | int | None:
    """A JSON-safe number: NaN and infinities become null (JSON has no spelling for them)."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    number = float(value)
    return number if math.isfinite(number) else None


class Reporter:
    """Writes protocol events to `stream` (stdout by default), one flushed line each."""

    def __init__(
        self,
        stream: IO[bytes] | None = None,
        *,
        tty: IO[str] | None = None,
        show_progress: bool | None = None,
    ) -> None:
        self._stream = stream if stream is not None else sys.stdout.buffer
        self._tty = tty if tty is not None else sys.stderr
        self._show_progress = self._tty.isatty() if show_progress is None else show_progress
        self._lock = threading.Lock()
        self._last_values: dict[str, float | int | None] = {}
        self._progress_started = time.monotonic()

    def emit(self, event: str, **fields: Any) -> None:
        if event not in EVENT_TYPES:
            raise ValueError(f"unknown event {event!r}; allowed: {', '.join(EVENT_TYPES)}")
        line = orjson.dumps(
            {"event": event, **fields},
            option=orjson.OPT_APPEND_NEWLINE | orjson.OPT_SERIALIZE_NUMPY,
        )
        with self._lock:
            self._stream.write(line)
            self._stream.flush()

    def relay(self, job: str, event: Mapping[str, Any]) -> None:
        """Re-emit an event another process wrote, on behalf of job `job` (a trial's run)."""
        kind = str(event.get("event"))
        if kind in ("log", "metric", "progress"):
            self.emit(kind, **{k: v for k, v in event.items() if k != "event"}, job=job)

    def log(self, message: str, level: str = "info") -> None:
        if level not in LOG_LEVELS:
            raise ValueError(f"unknown log level {level!r}; allowed: {', '.join(LOG_LEVELS)}")
        self._clear_progress_line()
        self.emit("log", message=message, level=level)
        if self._show_progress:
            print(f"[{level}] {message}", file=self._tty, flush=True)

    def metric(self, step: int, values: Mapping[str, Any]) -> None:
        clean = {name: _number(value) for name, value in values.items()}
        self._last_values.update(clean)
        self.emit("metric", step=int(step), values=clean)

    def progress(self, step: int, total: int, epoch: float | None = None) -> None:
        fields: dict[str, Any] = {"step": int(step), "total": int(total)}
        if epoch is not None:
            fields["epoch"] = round(float(epoch), 4)
        self.emit("progress", **fields)
        if self._show_progress:
            self._draw_progress(step, total)

    def checkpoint(self, step: int, path: str) -> None:
        self.emit("checkpoint", step=int(step), path=path)

    def artifact(self, path: str, kind: str) -> None:
        self.emit("artifact", path=path, kind=kind)

    def result(self, result: Mapping[str, Any]) -> None:
        self._clear_progress_line()
        self.emit("result", result=dict(result))

    def _draw_progress(self, step: int, total: int) -> None:
        width = 30
        done = int(width * step / total) if total else width
        shown = ("loss", "eval_loss", "tokens_per_s")
        parts = [
            f"{name} {self._last_values[name]:.4g}"
            for name in shown
            if isinstance(self._last_values.get(name), float | int)
        ]
        elapsed = time.monotonic() - self._progress_started
        bar = "#" * done + "." * (width - done)
        text = f"\r[{bar}] {step}/{total} {elapsed:5.0f}s " + " ".join(parts)
        self._tty.write(text.ljust(100))
        self._tty.flush()
        if step >= total:
            self._tty.write("\n")

    def _clear_progress_line(self) -> None:
        if self._show_progress:
            self._tty.write("\r" + " " * 100 + "\r")
            self._tty.flush()
