"""The search spec in Ray Tune's terms, and each trial's training config (no Ray started)."""

import numpy as np
import pytest

from tunix_rt_training.tune_space import (
    OptunaSpace,
    active_params,
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


# --- conditional entries ------------------------------------------------------------------

# warmup_ratio only with a warmup schedule; batch_size (before schedule by name) and
# lora.rank only with a constant one.
CONDITIONAL = {
    "schedule": {"type": "choice", "values": ["cosine", "linear", "constant"]},
    "learning_rate": {"type": "loguniform", "min": 1e-4, "max": 1e-2},
    "warmup_ratio": {
        "type": "uniform",
        "min": 0.0,
        "max": 0.2,
        "when": {"schedule": ["cosine", "linear"]},
    },
    "batch_size": {"type": "choice", "values": [8, 16], "when": {"schedule": ["constant"]}},
    "lora.rank": {"type": "randint", "min": 4, "max": 6, "when": {"schedule": ["constant"]}},
}
ALWAYS = {"schedule", "learning_rate"}


def expected_names(schedule: str) -> set[str]:
    if schedule == "constant":
        return ALWAYS | {"batch_size", "lora.rank"}
    return ALWAYS | {"warmup_ratio"}


def random_trials(space, seed: int, count: int) -> list[dict]:
    """What Tune's random search hands `count` trials, as the driver keeps it."""
    from ray.tune.search.variant_generator import generate_variants

    rng = np.random.default_rng(seed)
    spec = {"config": param_space(space)}
    return [
        active_params(space, next(generate_variants(spec, random_state=rng))[1]["config"])
        for _ in range(count)
    ]


def test_random_search_keeps_a_conditional_param_exactly_when_its_parent_lists_it():
    trials = random_trials(CONDITIONAL, seed=5, count=300)
    for params in trials:
        assert set(params) == expected_names(params["schedule"]), params
        if "warmup_ratio" in params:
            assert 0.0 <= params["warmup_ratio"] <= 0.2
        if "lora.rank" in params:
            assert params["lora.rank"] in (4, 5, 6)
    assert {p["schedule"] for p in trials} == {"cosine", "linear", "constant"}
    assert {p.get("lora.rank") for p in trials} == {None, 4, 5, 6}
    assert random_trials(CONDITIONAL, seed=5, count=300) == trials  # one seed, one set


def test_a_trials_config_leaves_out_conditional_params_it_does_not_sample():
    spec = {**SPEC, "search_space": CONDITIONAL}
    params = {"schedule": "cosine", "learning_rate": 0.001, "warmup_ratio": 0.1}
    sampled = {**params, "batch_size": 16, "lora.rank": 5}  # random search samples them all
    config = trial_config(spec, sampled)
    assert config["warmup_ratio"] == 0.1 and config["schedule"] == "cosine"
    assert config["batch_size"] == 8  # the fixed config's, not the unused sample
    assert config["lora"] == {"alpha": 16.0}
    assert active_params(CONDITIONAL, sampled) == params


def test_a_condition_compares_values_as_json_does():
    space = {
        "batch_size": {"type": "choice", "values": [1, 2]},
        "seed": {"type": "choice", "values": [True, False]},
        "warmup_ratio": {"type": "uniform", "min": 0.0, "max": 0.2, "when": {"seed": [True]}},
    }
    assert "warmup_ratio" in active_params(space, {"seed": True, "warmup_ratio": 0.1})
    assert "warmup_ratio" not in active_params(space, {"seed": 1, "warmup_ratio": 0.1})


def tpe_trials(space, seed: int, count: int) -> list:
    """`count` trials of a real Optuna TPE study over OptunaSpace, each told a loss that
    prefers the constant schedule with a large batch."""
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    sampler = optuna.samplers.TPESampler(seed=seed, n_startup_trials=5)
    study = optuna.create_study(direction="minimize", sampler=sampler)
    define = OptunaSpace(space)
    for _ in range(count):
        trial = study.ask()
        define(trial)
        loss = 1.0 / trial.params.get("batch_size", 1) + trial.params.get("warmup_ratio", 0.0)
        study.tell(trial, loss)
    return study.trials


def test_tpe_suggests_a_conditional_param_only_when_its_parent_lists_it():
    trials = tpe_trials(CONDITIONAL, seed=2, count=30)  # 5 random, then 25 by TPE
    for trial in trials:
        # What Optuna was asked for, not only what it kept: inactive params are never drawn.
        assert set(trial.distributions) == set(trial.params)
        assert set(trial.params) == expected_names(trial.params["schedule"]), trial.params
        if "lora.rank" in trial.params:
            assert trial.params["lora.rank"] in (4, 5, 6)
    assert {t.params["schedule"] for t in trials} == {"cosine", "linear", "constant"}
    # TPE learns across the branches: the constant one (loss < 0.2, not >= 1) wins out.
    late = [t.params["schedule"] for t in trials[15:]]
    assert late.count("constant") > len(late) / 2, late
    again = tpe_trials(CONDITIONAL, seed=2, count=30)
    assert [t.params for t in again] == [t.params for t in trials]  # one seed, one set


def test_tpe_draws_each_entry_type_as_random_search_does():
    space = {
        "a": {"type": "choice", "values": [8, 16]},
        "b": {"type": "uniform", "min": 0.0, "max": 0.3},
        "c": {"type": "loguniform", "min": 1e-4, "max": 1e-2},
        "d": {"type": "randint", "min": 1, "max": 2},
        "e": {"type": "quniform", "min": 0.0, "max": 1.0, "q": 0.25},
    }
    draws = [t.params for t in tpe_trials(space, seed=0, count=40)]
    assert {d["a"] for d in draws} == {8, 16}
    assert all(0.0 <= d["b"] <= 0.3 and 1e-4 <= d["c"] <= 1e-2 for d in draws)
    assert {d["d"] for d in draws} == {1, 2}  # max is inclusive
    assert {d["e"] for d in draws} <= {0.0, 0.25, 0.5, 0.75, 1.0}
