"""`tune` jobs: a hyperparameter search on Ray Tune, driven from the worker's child.

Ray runs locally, sized from this machine, unless `RAY_ADDRESS` names a cluster. The
experiment's state lives in the job directory (`ray/search`), so a search handed back
to the queue and claimed again is restored with `Tuner.restore`: finished trials are not
run again. Each trial trains (and, for a judge objective, evaluates) in a Ray worker
process (tune_trial.py); this driver relays their events and reports every trial's life
as `trial` events, which the worker stores (docs/tuning.md).

Each driver (each attempt of the `tune` job) has trials write their events to a file of
its own in the trial's run directory: a trial interrupted by a worker's death and run
again after the restore appends nothing to the file the earlier driver already relayed,
so none of its lines reach the worker twice.
"""

from __future__ import annotations

import logging
import math
import os
import re
import threading
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import orjson
from ray import tune
from ray.tune.search.optuna import OptunaSearch

from tunix_rt_training.events import Reporter
from tunix_rt_training.run_dir import RunDir
from tunix_rt_training.tune_space import (
    OptunaSpace,
    active_params,
    param_space,
    trial_config,
    trial_run_id,
)
from tunix_rt_training.tune_trial import COMPLETED, run_trial

EXPERIMENT = "search"
RELAY_EVERY_S = 0.5


class EventTail:
    """Relays new complete lines of each trial's events file as lines of its run."""

    def __init__(self, reporter: Reporter, runs_dir: Path, events_file: str) -> None:
        self.reporter = reporter
        self.runs_dir = runs_dir
        self.events_file = events_file
        self.offsets: dict[str, int] = {}
        self.lock = threading.Lock()
        self.stopped = threading.Event()

    def watch(self, run_id: str) -> None:
        with self.lock:
            self.offsets.setdefault(run_id, 0)

    def drain(self, run_id: str | None = None) -> None:
        with self.lock:
            for rid in [run_id] if run_id else list(self.offsets):
                path = self.runs_dir / rid / self.events_file
                if not path.is_file():
                    continue
                with path.open("rb") as handle:
                    handle.seek(self.offsets.get(rid, 0))
                    data = handle.read()
                complete = data[: data.rfind(b"\n") + 1]
                self.offsets[rid] = self.offsets.get(rid, 0) + len(complete)
                for line in complete.splitlines():
                    try:
                        self.reporter.relay(rid, orjson.loads(line))
                    except orjson.JSONDecodeError:
                        continue

    def run(self) -> None:
        while not self.stopped.wait(RELAY_EVERY_S):
            self.drain()


class FinalOnlyOptunaSearch(OptunaSearch):
    """TPE told only final objectives: with a judge objective, intermediate results carry
    eval loss but no objective (Optuna would fail on them). A trial stopped early is told
    as pruned, one that completed without an objective as failed."""

    def on_trial_result(self, trial_id: str, result: dict[str, Any]) -> None:
        if self.metric in result:
            super().on_trial_result(trial_id, result)

    def on_trial_complete(
        self, trial_id: str, result: dict[str, Any] | None = None, error: bool = False
    ) -> None:
        if result is not None and not error:
            if not result.get(COMPLETED):
                result = {}  # no value, no error: pruned
            elif _finite(result.get(self.metric)) is None:
                result, error = None, True
        super().on_trial_complete(trial_id, result, error)


class _Live:
    """What the callback reports through, set by `run_search` in this process. A module
    global, because Tune pickles its callbacks with the experiment for `Tuner.restore`."""

    spec: Mapping[str, Any] = {}
    reporter: Reporter | None = None
    tail: EventTail | None = None


class TrialEvents(tune.Callback):
    """Runs in the driver: each trial's start, eval losses, end or error."""

    def _run_id(self, trial: Any) -> str:
        return trial_run_id(_Live.spec["tuning_job_id"], trial.trial_id)

    def _emit(self, **fields: Any) -> None:
        assert _Live.reporter is not None
        _Live.reporter.emit("trial", **fields)

    def on_trial_start(self, iteration: int, trials: list[Any], trial: Any, **info: Any) -> None:
        run_id = self._run_id(trial)
        assert _Live.tail is not None
        _Live.tail.watch(run_id)
        self._emit(
            trial_key=trial.trial_id,
            status="running",
            run_id=run_id,
            params=active_params(_Live.spec["search_space"], trial.config),
            config=trial_config(_Live.spec, trial.config),
        )

    def on_trial_result(
        self, iteration: int, trials: list[Any], trial: Any, result: dict[str, Any], **info: Any
    ) -> None:
        if result.get(COMPLETED) or "eval_loss" not in result:
            return
        self._emit(
            trial_key=trial.trial_id,
            intermediate=[int(result.get("step", 0)), float(result["eval_loss"])],
        )

    def on_trial_complete(self, iteration: int, trials: list[Any], trial: Any, **info: Any) -> None:
        run_id = self._run_id(trial)
        assert _Live.tail is not None
        _Live.tail.drain(run_id)
        last = trial.last_result or {}
        if not last.get(COMPLETED):
            # Ended before its budget: ASHA stopped it (Tune ends a trial early only by its
            # scheduler or with the whole search).
            self._emit(
                trial_key=trial.trial_id, status="stopped", run_id=run_id, error=_stopped(last)
            )
            return
        objective = _finite(last.get("objective"))
        if objective is None:
            # Trained (and evaluated) in full, but without an objective to rank it by: the
            # trial failed, its training run did not.
            metric = _Live.spec["objective"]["metric"]
            self._emit(
                trial_key=trial.trial_id,
                status="failed",
                run_id=run_id,
                run_status="succeeded",
                error=last.get("objective_error")
                or f"the objective {metric} could not be computed",
                evaluation=last.get("evaluation"),
                train_result=_train_result(run_id),
            )
            return
        self._emit(
            trial_key=trial.trial_id,
            status="succeeded",
            run_id=run_id,
            final_metric=objective,
            evaluation=last.get("evaluation"),
            train_result=_train_result(run_id),
        )

    def on_trial_error(self, iteration: int, trials: list[Any], trial: Any, **info: Any) -> None:
        run_id = self._run_id(trial)
        assert _Live.tail is not None
        _Live.tail.drain(run_id)
        error, trace = _trial_error(trial)
        assert _Live.reporter is not None
        if trace:  # the whole traceback in the run's logs; the trial keeps the message
            _Live.reporter.relay(run_id, {"event": "log", "message": trace, "level": "error"})
        self._emit(
            trial_key=trial.trial_id,
            status="failed",
            run_id=run_id,
            run_status="failed",
            error=error,
        )


def _stopped(last: Mapping[str, Any]) -> str:
    step = last.get("step", "?")
    if _Live.spec["scheduler"]["type"] == "asha" and _finite(last.get("eval_loss")) is not None:
        return (
            f"stopped early by the ASHA scheduler at step {step}: its eval loss "
            f"{float(last['eval_loss']):.4g} was worse than the trials kept at that step"
        )
    return f"stopped at step {step}, before the end of its budget"


def _train_result(run_id: str) -> dict[str, Any] | None:
    assert _Live.tail is not None
    path = RunDir(_Live.tail.runs_dir / run_id).result
    return dict(orjson.loads(path.read_bytes())) if path.is_file() else None


def _finite(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _trial_error(trial: Any) -> tuple[str, str | None]:
    """(`Type: message` of what the trial raised, Ray's text of it with the traceback)."""
    trace = None
    path = getattr(trial, "error_file", None)
    if path and Path(path).is_file():
        # Without the terminal colours Ray puts around the task's name.
        trace = re.sub(r"\x1b\[[0-9;]*m", "", Path(path).read_text(errors="replace"))[-8000:]
    pickled = getattr(trial, "pickled_error_file", None)
    if pickled and Path(pickled).is_file():
        from ray import cloudpickle

        try:
            return _message(cloudpickle.loads(Path(pickled).read_bytes())), trace
        except Exception:  # e.g. an exception class this process cannot import
            pass
    if trace:
        last = [line for line in trace.splitlines() if line.strip()][-1]
        return re.sub(r"^[\w.]*\.(?=\w+: )", "", last)[-2000:], trace  # no module path
    return str(getattr(trial, "error_msg", None) or "the trial failed"), trace


def _message(error: BaseException) -> str:
    """`Type: message` of what the trial raised (Ray wraps it in a RayTaskError)."""
    cause = getattr(error, "cause", None) or error
    return f"{type(cause).__name__}: {cause}"[-2000:]


def _start_ray(reporter: Reporter) -> None:
    import ray

    if os.environ.get("RAY_ADDRESS"):
        reporter.log(f"connecting to the Ray cluster at {os.environ['RAY_ADDRESS']}")
        ray.init(log_to_driver=False, logging_level=logging.WARNING)
        return
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    reporter.log(f"starting a local Ray with {cpus} CPUs")
    # A private local Ray: "local" never attaches to a cluster started on this host, and
    # its token authentication would only add noise on stderr.
    os.environ.setdefault("RAY_AUTH_MODE", "disabled")
    ray.init(
        address="local",
        num_cpus=cpus,
        include_dashboard=False,
        log_to_driver=False,
        logging_level=logging.WARNING,
        configure_logging=True,
    )


def _tuner(spec: Mapping[str, Any], trainable: Any, storage: Path) -> Any:
    from ray.tune.schedulers import ASHAScheduler, FIFOScheduler
    from ray.tune.search import BasicVariantGenerator

    objective = spec["objective"]
    mode = "min" if objective["direction"] == "min" else "max"
    if spec["search_alg"] == "tpe":
        # Define-by-run, so a conditional entry is suggested only when its parent lists it;
        # the searcher holds the whole space and Tune's param_space stays empty.
        searcher: Any = FinalOnlyOptunaSearch(
            space=OptunaSpace(spec["search_space"]),
            metric="objective",
            mode=mode,
            seed=spec["seed"],
        )
        domains = {}
    else:
        # Its own max_concurrent: TuneConfig's is ignored with a searcher instance.
        searcher = BasicVariantGenerator(
            random_state=spec["seed"], max_concurrent=int(spec["max_concurrent_trials"])
        )
        domains = param_space(spec["search_space"])
    scheduler_spec = spec["scheduler"]
    if scheduler_spec["type"] == "asha":
        # Early stopping watches training's eval loss, reported every eval_every_n_steps, on
        # the step axis (training_iteration restarts after a restore). max_t lies past the
        # last step: ASHA must never stop a trial for finishing its budget.
        every = int(trial_config(spec, {})["eval_every_n_steps"])
        scheduler: Any = ASHAScheduler(
            metric="eval_loss",
            mode="min",
            time_attr="step",
            grace_period=max(1, int(scheduler_spec.get("grace_period", 1)) * every),
            reduction_factor=float(scheduler_spec.get("reduction_factor", 2)),
            max_t=int(spec["trial_max_steps"]) + 1,
        )
    else:
        scheduler = FIFOScheduler()  # type: ignore[no-untyped-call]
    return tune.Tuner(
        trainable,
        param_space=domains,
        tune_config=tune.TuneConfig(
            num_samples=int(spec["num_samples"]),
            # The random generator carries its own limit; Tune ignores this one with it.
            max_concurrent_trials=(
                int(spec["max_concurrent_trials"]) if spec["search_alg"] == "tpe" else None
            ),
            search_alg=searcher,
            scheduler=scheduler,
        ),
        run_config=tune.RunConfig(
            name=EXPERIMENT,
            storage_path=str(storage),
            verbose=0,
            callbacks=[TrialEvents()],
            failure_config=tune.FailureConfig(max_failures=0),
        ),
    )


def run_search(spec: Mapping[str, Any], run: RunDir, reporter: Reporter) -> dict[str, Any] | None:
    """Run (or restore) the search; None when stopped by a signal."""
    import ray

    # Trials report eval loss before they have an objective; Tune must not insist on it.
    os.environ.setdefault("TUNE_DISABLE_STRICT_METRIC_CHECKING", "1")
    # stdout is our event protocol: no progress tables or result boxes from Tune.
    os.environ.setdefault("RAY_AIR_NEW_OUTPUT", "0")
    # Save the experiment state after every trial, so a restore never reruns a finished one
    # (by default it is saved at most every ~10 s).
    os.environ.setdefault("TUNE_GLOBAL_CHECKPOINT_S", "0")
    runs_dir = run.root.parent
    trial_spec = {
        **spec,
        "runs_dir": str(runs_dir),
        "train_path": str(run.train_data),
        "eval_path": str(run.eval_data),
        "items_path": str(run.items_data),
        # This driver's own file in each trial's run (module docstring).
        "events_file": f"events-{uuid.uuid4().hex[:12]}.jsonl",
    }
    storage = run.root / "ray"
    tail = EventTail(reporter, runs_dir, trial_spec["events_file"])
    _Live.spec, _Live.reporter, _Live.tail = spec, reporter, tail
    relay = threading.Thread(target=tail.run, name="trial-events", daemon=True)
    _start_ray(reporter)
    relay.start()
    try:
        max_concurrent = max(1, int(spec["max_concurrent_trials"]))
        total = ray.cluster_resources().get("CPU", 1)  # type: ignore[no-untyped-call]
        cpus = max(1, int(total) // max_concurrent)
        trainable = tune.with_resources(
            tune.with_parameters(run_trial, spec=trial_spec), {"cpu": cpus}
        )
        path = storage / EXPERIMENT
        if tune.Tuner.can_restore(str(path)):
            reporter.log(f"restoring the search from {path}")
            tuner = tune.Tuner.restore(
                str(path), trainable=trainable, resume_unfinished=True, resume_errored=False
            )
        else:
            tuner = _tuner(spec, trainable, storage)
        try:
            grid = tuner.fit()
        except (KeyboardInterrupt, SystemExit):
            reporter.log("search stopped by a signal; its state is saved for a restore", "warning")
            return None
        tail.drain()
        return _summary(spec, grid)
    finally:
        tail.stopped.set()
        ray.shutdown()


def _summary(spec: Mapping[str, Any], grid: Any) -> dict[str, Any]:
    objective = spec["objective"]
    finished = [
        r
        for r in grid
        if r.metrics
        and r.metrics.get(COMPLETED)
        and _finite(r.metrics.get("objective")) is not None
    ]
    if not finished:
        failed = [r for r in grid if r.error or (r.metrics or {}).get(COMPLETED)]
        errors = [_message(r.error) for r in grid if r.error]
        errors += [
            str(r.metrics.get("objective_error") or "no objective")
            for r in failed
            if not r.error and r.metrics
        ]
        raise RuntimeError(
            f"every trial failed: none of the {len(grid)} trial(s) finished with an objective "
            f"({len(failed)} failed, {len(grid) - len(failed)} stopped early)"
            + (f"; first error: {errors[0]}" if errors else "")
        )
    reverse = objective["direction"] == "max"
    best = sorted(finished, key=lambda r: float(r.metrics["objective"]), reverse=reverse)[0]
    return {
        "kind": "tune",
        "status": "completed",
        "trials": len(grid),
        "finished": len(finished),
        "errors": grid.num_errors,
        "best": {
            "trial_key": best.metrics.get("trial_id"),
            "run_id": trial_run_id(spec["tuning_job_id"], str(best.metrics.get("trial_id"))),
            "params": active_params(spec["search_space"], best.config),
            "objective": float(best.metrics["objective"]),
        },
    }
