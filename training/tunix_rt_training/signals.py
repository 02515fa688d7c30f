"""SIGTERM/SIGINT → a graceful stop: the trainer finishes its step, saves and exits."""

from __future__ import annotations

import signal
from types import FrameType, TracebackType

EXIT_INTERRUPTED = 128 + signal.SIGTERM  # 143, what a shell reports for SIGTERM


class StopRequest:
    """Set by the first SIGTERM/SIGINT; a second one exits at once.

    The handler only records the signal: the training loop polls `requested` between
    optimizer updates, where stopping leaves a consistent checkpoint.
    """

    def __init__(self) -> None:
        self.signal: int | None = None
        self._previous: dict[int, object] = {}

    @property
    def requested(self) -> bool:
        return self.signal is not None

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.signal is not None:
            raise SystemExit(128 + signum)
        self.signal = signum

    def __enter__(self) -> StopRequest:
        for signum in (signal.SIGTERM, signal.SIGINT):
            self._previous[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)  # type: ignore[arg-type]
        self._previous.clear()
