"""Tunix trainer → reporter: metrics, progress, timing and checkpoint events.

Tunix writes a step's metrics one step late (it overlaps I/O with the next step), through
its metrics logger, then calls `TrainingHooks.on_train_step_end`. The logger below keeps
Tunix's in-memory history (its eval logging reads it) and stashes the latest values; the
hooks turn them into `metric` and `progress` events.
"""

from __future__ import annotations

import math
import statistics
import time
from typing import Any

import numpy as np
import optax
from tunix.sft import hooks, metrics_logger

from tunix_rt_training.data import TrainStream
from tunix_rt_training.events import Reporter


class StashingMetricsLogger(metrics_logger.MetricsLogger):  # type: ignore[misc]
    """Tunix's metrics logger without backends; remembers the latest value per metric."""

    def __init__(self) -> None:
        super().__init__(None)  # no TensorBoard/W&B backends, no process-wide listener
        self.latest: dict[tuple[str, str], float] = {}

    def log(
        self,
        metrics_prefix: str,
        metric_name: str,
        scalar_value: Any,
        mode: Any,
        step: int,
    ) -> None:
        super().log(metrics_prefix, metric_name, scalar_value, mode, step)
        self.latest[(str(mode), metric_name)] = float(np.asarray(scalar_value))


class ReportingHooks(hooks.TrainingHooks):  # type: ignore[misc]
    """Emit one `metric` + `progress` event per optimizer update and one per evaluation."""

    def __init__(
        self,
        reporter: Reporter,
        logger: StashingMetricsLogger,
        stream: TrainStream,
        schedule: optax.Schedule,
    ) -> None:
        self.reporter = reporter
        self.logger = logger
        self.stream = stream
        self.schedule = schedule
        self.step_times: list[float] = []
        self.tokens_per_s: list[float] = []
        self.first_step_s: float | None = None
        self.last_train: dict[str, float] = {}
        self.last_eval: dict[str, float] = {}
        self.last_eval_step: int | None = None
        self._mark = time.perf_counter()
        self._paused = 0.0  # eval and checkpoint time inside the current step interval
        self._eval_started: float | None = None

    def pause(self, seconds: float) -> None:
        """Time spent outside training (checkpoint saves) that must not count as step time."""
        self._paused += seconds

    def on_train_start(self, train_ctx: Any) -> None:
        self._mark = time.perf_counter()
        self._paused = 0.0

    def on_train_end(self, train_ctx: Any) -> None:
        return None

    def on_train_step_start(self, train_ctx: Any) -> None:
        return None

    def on_train_step_end(self, train_ctx: Any, train_step: int, train_loss: float) -> None:
        now = time.perf_counter()
        step_time = max(now - self._mark - self._paused, 1e-9)
        self._mark, self._paused = now, 0.0
        step = int(train_step)
        tokens = self.stream.tokens_at(step)
        if self.first_step_s is None:
            self.first_step_s = step_time  # includes XLA compilation
        else:
            self.step_times.append(step_time)
            self.tokens_per_s.append(tokens / step_time)
        values = {
            "loss": float(train_loss),
            "learning_rate": float(self.schedule(step - 1)),
            "grad_norm": self.logger.latest.get(("train", "grad_norm"), math.nan),
            "tokens_per_s": tokens / step_time,
            "step_time": step_time,
        }
        self.last_train = values
        self.reporter.metric(step, values)
        self.reporter.progress(step, self.stream.total_steps, epoch=self.stream.epoch_at(step))

    def on_eval_step_start(self, train_ctx: Any) -> None:
        if self._eval_started is None:
            self._eval_started = time.perf_counter()

    def on_eval_step_end(self, train_ctx: Any, eval_loss: float) -> None:
        if self._eval_started is not None:
            self._paused += time.perf_counter() - self._eval_started
            self._eval_started = None
        loss = self.logger.latest[("eval", "loss")]
        self.report_eval(int(train_ctx.train_steps), loss)

    def report_eval(self, step: int, loss: float) -> None:
        values = {"eval_loss": loss, "eval_perplexity": math.exp(min(loss, 700.0))}
        self.last_eval, self.last_eval_step = values, step
        self.reporter.metric(step, values)

    def summary(self) -> dict[str, float | None]:
        """Throughput figures for the result (steady state: the first step is excluded)."""
        return {
            "tokens_per_s": statistics.fmean(self.tokens_per_s) if self.tokens_per_s else None,
            "step_time_s": statistics.median(self.step_times) if self.step_times else None,
            "first_step_s": self.first_step_s,
        }


class ReportingCheckpointManager:
    """Wraps Tunix's checkpoint manager: a `checkpoint` event after each completed save.

    Saves are synchronous (see train.py), so the directory is complete when reported.
    """

    def __init__(self, inner: Any, reporter: Reporter, hooks: ReportingHooks, prefix: str):
        self._inner = inner
        self._reporter = reporter
        self._hooks = hooks
        self._prefix = prefix
        self.last_saved: int | None = inner.latest_step()

    def save(self, step: int, *args: Any, **kwargs: Any) -> bool:
        started = time.perf_counter()
        saved = bool(self._inner.save(step, *args, **kwargs))
        if saved:
            self.last_saved = int(step)
            self._reporter.checkpoint(int(step), f"{self._prefix}/{int(step)}")
        self._hooks.pause(time.perf_counter() - started)
        return saved

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class SilentProgressBar:
    """Stands in for Tunix's tqdm bar (it shows all-history means); ours is the reporter's."""

    def update_metrics(self, *args: Any, **kwargs: Any) -> None:
        return None

    def update(self, n: int = 1) -> None:
        return None

    def close(self) -> None:
        return None
