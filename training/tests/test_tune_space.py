"""The search spec in Ray Tune's terms, and each trial's training config (no Ray started)."""

import numpy as np
import pytest

from tunix_rt_training.tune_space import (
    param_space,
    trial_config,
    trial_evaluation_id,
    trial_run_id,
)

SPEC = {
    "base_model": "tiny",
    "template": "chatml",
    "trial_max_steps": 40,
    "fixed_config": {"batch_size": 8, "lora": {"alpha": 16.0}, "eval_every_n_steps": 10},
}


def test_every_entry_type_samples_within_its_bounds():
    space = param_space(
        {
            "a": {"type": "choice", "values": [8, 16]},
            "b": {"type": "uniform", "min": 0.0, "max": 0.3},
            "c": {"type": "loguniform", "min": 1e-4, "max": 1e-2},
            "d": {"type": "randint", "min": 1, "max": 2},
            "e": {"type": "quniform", "min": 0.0, "max": 1.0, "q": 0.25},
        }
    )
    draws = [{k: v.sample() for k, v in space.items()} for _ in range(200)]
    assert {d["a"] for d in draws} == {8, 16}
    assert all(0.0 <= d["b"] <= 0.3 and 1e-4 <= d["c"] <= 1e-2 for d in draws)
    assert {d["d"] for d in draws} == {1, 2}  # max is inclusive here
    assert {d["e"] for d in draws} <= {0.0, 0.25, 0.5, 0.75, 1.0}
    with pytest.raises(ValueError, match=r"search_space\.f: unknown type"):
        param_space({"f": {"type": "normal"}})


def test_a_seed_samples_the_same_trials_whatever_order_the_spec_keeps_its_entries_in():
    from ray.tune.search.variant_generator import generate_variants

    lr = {"type": "choice", "values": [0.01, 1e-6]}
    wd = {"type": "choice", "values": [0.01, 1e30]}

    def draws(space):
        spec = {"config": param_space(space)}
        rng = np.random.default_rng(11)
        return [next(generate_variants(spec, random_state=rng))[1]["config"] for _ in range(6)]

    as_sent = draws({"learning_rate": lr, "weight_decay": wd})
    assert as_sent == draws({"weight_decay": wd, "learning_rate": lr})  # as Postgres keeps it
    assert len({tuple(d.items()) for d in as_sent}) > 1


def test_a_trials_config_is_fixed_config_then_params_then_the_budget():
    config = trial_config(SPEC, {"learning_rate": 0.01, "lora.rank": 4, "batch_size": 16})
    assert config["learning_rate"] == 0.01 and config["batch_size"] == 16
    assert config["lora"] == {"alpha": 16.0, "rank": 4}
    assert SPEC["fixed_config"]["lora"] == {"alpha": 16.0}  # the spec is not changed
    assert config["max_steps"] == 40 and config["model"] == "tiny"
    assert config["checkpoint_every_n_steps"] == 40 and config["eval_every_n_steps"] == 10


def test_trial_ids_are_stable_so_a_restored_trial_keeps_its_run():
    assert trial_run_id("job", "t1") == trial_run_id("job", "t1")
    assert trial_run_id("job", "t1") != trial_run_id("job", "t2")
    assert trial_run_id("other", "t1") != trial_run_id("job", "t1")
    run = trial_run_id("job", "t1")
    assert trial_evaluation_id(run) not in (run, trial_evaluation_id(trial_run_id("job", "t2")))
