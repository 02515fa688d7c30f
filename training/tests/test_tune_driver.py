"""The search driver's decisions, without starting Ray: how each trial's end is reported,
which events file is relayed, and where Ray runs. Tune's `Trial` is stood in for by its
fields the driver reads; `ray.init` (Ray's own boundary) is recorded, not run."""

import io
import math
import os
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import orjson
import pytest

from tunix_rt_training import tune
from tunix_rt_training.events import Reporter
from tunix_rt_training.tune_space import trial_run_id

SPEC = {
    "tuning_job_id": "search-1",
    "objective": {"kind": "judge", "metric": "pass_rate", "judge": "answer_correctness"},
    "scheduler": {"type": "fifo"},
}


@pytest.fixture
def driver(tmp_path, monkeypatch):
    """The driver's live state over a runs directory; returns the events it emitted."""
    stream = io.BytesIO()
    reporter = Reporter(stream, show_progress=False)
    monkeypatch.setattr(tune._Live, "spec", dict(SPEC))
    monkeypatch.setattr(tune._Live, "reporter", reporter)
    monkeypatch.setattr(tune._Live, "tail", tune.EventTail(reporter, tmp_path, "events-b.jsonl"))

    def emitted() -> list[dict[str, Any]]:
        return [orjson.loads(line) for line in stream.getvalue().splitlines()]

    return emitted


def ended(trial_key: str, **last: Any) -> SimpleNamespace:
    return SimpleNamespace(trial_id=trial_key, config={"learning_rate": 0.01}, last_result=last)


def test_a_trial_that_finished_without_an_objective_failed_but_its_run_succeeded(driver, tmp_path):
    run_dir = tmp_path / trial_run_id("search-1", "t1")
    run_dir.mkdir()
    (run_dir / "result.json").write_text('{"kind": "train", "step": 8}')
    why = "the objective pass_rate of answer_correctness could not be computed: 0 of 4 items"
    last = {"completed": True, "objective": math.nan, "objective_error": why, "step": 8}
    tune.TrialEvents().on_trial_complete(0, [], ended("t1", **last, evaluation={"dir": "/e"}))
    [event] = [e for e in driver() if e["event"] == "trial"]
    assert event["status"] == "failed" and event["error"] == why
    assert event["run_status"] == "succeeded"  # training did finish
    assert event["train_result"] == {"kind": "train", "step": 8}
    assert event["evaluation"] == {"dir": "/e"} and "final_metric" not in event


def test_a_finished_trial_without_a_reason_still_says_which_objective_is_missing(driver):
    tune.TrialEvents().on_trial_complete(0, [], ended("t1", completed=True, step=8))
    [event] = driver()
    assert event["status"] == "failed"
    assert event["error"] == "the objective pass_rate could not be computed"


def test_a_trial_ended_before_its_budget_is_stopped_and_only_asha_is_named_for_it(
    driver, monkeypatch
):
    # Tune marks the result it stops a trial at as done; a loss objective's intermediate
    # results carry the objective too. Neither makes the trial finished.
    last = {"done": True, "step": 2, "eval_loss": 6.57, "objective": 6.57}
    tune.TrialEvents().on_trial_complete(0, [], ended("t1", **last))
    monkeypatch.setitem(tune._Live.spec, "scheduler", {"type": "asha"})
    tune.TrialEvents().on_trial_complete(0, [], ended("t2", **last))
    fifo, asha = driver()
    assert fifo["status"] == "stopped" and "ASHA" not in fifo["error"]
    assert fifo["error"] == "stopped at step 2, before the end of its budget"
    assert asha["status"] == "stopped"
    assert asha["error"].startswith("stopped early by the ASHA scheduler at step 2")
    assert "6.57" in asha["error"]


def test_a_trial_with_a_finite_objective_succeeded(driver):
    tune.TrialEvents().on_trial_complete(0, [], ended("t1", completed=True, objective=0.75, step=8))
    [event] = driver()
    assert event["status"] == "succeeded" and event["final_metric"] == 0.75


def test_tpe_is_told_a_stopped_trial_as_pruned_and_one_without_an_objective_as_failed(tmp_path):
    from optuna.trial import TrialState

    space = {"learning_rate": {"type": "loguniform", "min": 1e-4, "max": 1e-2}}
    searcher = tpe_searcher(space, seed=0, storage=tmp_path)
    for key in ("stopped", "no-objective", "finished"):
        assert searcher.suggest(key) is not None
    searcher.on_trial_complete("stopped", {"done": True, "objective": 3.1, "step": 2})
    searcher.on_trial_complete("no-objective", {"completed": True, "objective": math.nan})
    searcher.on_trial_complete("finished", {"completed": True, "objective": 2.5})
    states = [t.state for t in searcher._ot_study.trials]
    assert states == [TrialState.PRUNED, TrialState.FAIL, TrialState.COMPLETE]


def tpe_searcher(space: dict[str, Any], seed: int, storage: Path) -> Any:
    """The TPE searcher as the driver builds it (tune._tuner writes tuner.pkl to storage)."""
    spec = {
        **SPEC,
        "objective": {"kind": "loss", "metric": "eval_loss", "direction": "min"},
        "search_alg": "tpe",
        "search_space": space,
        "seed": seed,
        "num_samples": 4,
        "max_concurrent_trials": 1,
        "trial_max_steps": 8,
        "fixed_config": {},
        "base_model": "tiny",
    }
    tuner = tune._tuner(spec, lambda config: None, storage)
    assert tuner._local_tuner.param_space == {}  # the searcher holds the whole space
    return tuner._local_tuner._tune_config.search_alg


CONDITIONAL = {
    "schedule": {"type": "choice", "values": ["cosine", "constant"]},
    "warmup_ratio": {"type": "uniform", "min": 0.0, "max": 0.2, "when": {"schedule": ["cosine"]}},
    "lora.rank": {"type": "randint", "min": 4, "max": 8, "when": {"schedule": ["constant"]}},
}


def active(params: dict[str, Any]) -> set[str]:
    return {"schedule", "warmup_ratio" if params["schedule"] == "cosine" else "lora.rank"}


def test_a_tpe_search_with_a_conditional_space_resumes_from_its_saved_state(tmp_path):
    """What Tuner.restore does with the searcher: the experiment (tuner.pkl) holds it as it
    was created, its state is saved as trials end, and a restore loads both and goes on."""
    from ray.tune import Tuner

    searcher = tpe_searcher(CONDITIONAL, seed=4, storage=tmp_path)
    experiment = tmp_path / tune.EXPERIMENT
    for i in range(12):
        params = searcher.suggest(f"t{i}")
        assert set(params) == active(params), params  # dotted names stay flat
        searcher.on_trial_complete(f"t{i}", {"completed": True, "objective": i % 5})
    interrupted = searcher.suggest("t12")  # running when the worker died
    searcher.save_to_dir(str(experiment), session_str="s1")

    restored = Tuner.restore(str(experiment), trainable=lambda config: None)
    restored_searcher = restored._local_tuner._tune_config.search_alg
    restored_searcher.restore_from_dir(str(experiment))
    assert len(restored_searcher._ot_study.trials) == 13
    # The interrupted trial runs again and ends; then the restored searcher suggests what
    # the original would have: the same TPE state, the same define-by-run space.
    for each in (restored_searcher, searcher):
        each.on_trial_complete("t12", {"completed": True, "objective": 1.0})
    for i in range(13, 18):
        params = restored_searcher.suggest(f"t{i}")
        assert params == searcher.suggest(f"t{i}")
        assert set(params) == active(params)
    assert set(interrupted) == active(interrupted)


def test_a_trial_reports_only_the_params_it_samples(driver, tmp_path, monkeypatch):
    spec = {**SPEC, "search_space": CONDITIONAL, "base_model": "tiny", "trial_max_steps": 8}
    monkeypatch.setattr(tune._Live, "spec", {**spec, "fixed_config": {"batch_size": 8}})
    # Random search samples every entry; lora.rank is not one of this trial's.
    config = {"schedule": "cosine", "warmup_ratio": 0.1, "lora.rank": 6}
    trial = SimpleNamespace(trial_id="t1", config=config)
    tune.TrialEvents().on_trial_start(0, [], trial)
    [event] = driver()
    assert event["params"] == {"schedule": "cosine", "warmup_ratio": 0.1}
    assert "lora" not in event["config"] and event["config"]["warmup_ratio"] == 0.1
    best = SimpleNamespace(
        config=config, error=None, metrics={"completed": True, "objective": 0.5, "trial_id": "t1"}
    )
    summary = tune._summary({**spec, "objective": {"direction": "min"}}, Grid([best]))
    assert summary["best"]["params"] == {"schedule": "cosine", "warmup_ratio": 0.1}


class Grid(list):
    """Tune's ResultGrid as `_summary` reads it: its results and error count."""

    num_errors = 0


def test_a_failed_trial_reports_the_exception_and_logs_the_traceback_to_its_run(driver, tmp_path):
    from ray import cloudpickle

    error_file = tmp_path / "error.txt"
    error_file.write_text("Failure # 1\n\x1b[36mray::train()\x1b[39m\nmypkg.mod.ValueError: boom\n")
    pickled = tmp_path / "error.pkl"
    pickled.write_bytes(cloudpickle.dumps(SimpleNamespace(cause=ValueError("boom"))))
    trial = SimpleNamespace(
        trial_id="t1", error_file=str(error_file), pickled_error_file=str(pickled)
    )
    tune.TrialEvents().on_trial_error(0, [], trial)
    pickled.unlink()  # Ray's text alone: its last line, without the module path
    tune.TrialEvents().on_trial_error(0, [], trial)
    log, event, _, from_text = driver()
    assert log["event"] == "log" and log["job"] == trial_run_id("search-1", "t1")
    assert log["message"].startswith("Failure # 1\nray::train()\n") and log["level"] == "error"
    assert (event["status"], event["run_status"]) == ("failed", "failed")
    assert event["error"] == from_text["error"] == "ValueError: boom"


def test_the_tail_relays_only_its_own_drivers_file_and_each_line_once(driver, tmp_path):
    run_id = trial_run_id("search-1", "t1")
    run_dir = tmp_path / run_id
    run_dir.mkdir()
    earlier = orjson.dumps({"event": "log", "message": "from the first attempt"})
    (run_dir / "events-a.jsonl").write_bytes(earlier + b"\n")  # relayed by an earlier driver
    own = run_dir / "events-b.jsonl"
    own.write_bytes(orjson.dumps({"event": "log", "message": "one"}) + b"\n" + b'{"event": "lo')
    tail = tune._Live.tail
    tail.watch(run_id)
    tail.drain()
    with own.open("ab") as handle:
        handle.write(b'g", "message": "two"}\n')
    tail.drain()
    tail.drain()
    assert [(e["job"], e["message"]) for e in driver()] == [(run_id, "one"), (run_id, "two")]


def test_without_ray_address_a_private_local_ray_gets_the_cpus_this_process_may_use(
    monkeypatch,
):
    calls = ray_init_calls(monkeypatch)
    monkeypatch.delenv("RAY_ADDRESS", raising=False)
    monkeypatch.delenv("RAY_AUTH_MODE", raising=False)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 2, 5})
    stream = io.BytesIO()
    tune._start_ray(Reporter(stream, show_progress=False))
    [kwargs] = calls
    assert kwargs["address"] == "local" and kwargs["num_cpus"] == 3
    assert kwargs["include_dashboard"] is False
    assert os.environ["RAY_AUTH_MODE"] == "disabled"
    assert b"starting a local Ray with 3 CPUs" in stream.getvalue()


def test_with_ray_address_it_joins_that_cluster_and_claims_no_local_resources(monkeypatch):
    calls = ray_init_calls(monkeypatch)
    monkeypatch.setenv("RAY_ADDRESS", "head.example:6380")
    stream = io.BytesIO()
    tune._start_ray(Reporter(stream, show_progress=False))
    [kwargs] = calls
    # ray.init reads RAY_ADDRESS itself; sizing resources is the cluster's business.
    assert not {"address", "num_cpus", "num_gpus", "resources"} & set(kwargs)
    assert b"connecting to the Ray cluster at head.example:6380" in stream.getvalue()


def ray_init_calls(monkeypatch) -> list[dict[str, Any]]:
    import ray

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(ray, "init", lambda *args, **kwargs: calls.append(kwargs))
    return calls
