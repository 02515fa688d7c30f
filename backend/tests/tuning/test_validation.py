"""Every search is checked before anything is stored: a 422 that says what and where."""

from typing import Any

import pytest

from tests.factories import row_count
from tests.registry.helpers import write_export
from tests.tuning.helpers import search, with_dataset
from tunix_rt.jobs.models import JobRow
from tunix_rt.tuning.models import TuningJobRow
from tunix_rt.tuning.space import TUNABLE


async def refused(client, sessions, body: dict[str, Any]) -> str:
    """POST the body, expect 422 and no rows; the error text (detail and message)."""
    r = await client.post("/api/tuning/jobs", json=body)
    assert r.status_code == 422, r.text
    assert await row_count(sessions, TuningJobRow) == 0
    assert await row_count(sessions, JobRow) == 0
    return str(r.json())


@pytest.fixture
async def ds(client):
    return await with_dataset(client)


async def test_an_unknown_hyperparameter_is_refused_with_the_tunable_ones(client, sessions, ds):
    space = {"learning_rate": {"type": "uniform", "min": 0.001, "max": 0.01}}
    space["dropout"] = {"type": "uniform", "min": 0.0, "max": 0.5}
    r = await client.post("/api/tuning/jobs", json=search(search_space=space))
    assert r.status_code == 422
    body = r.json()
    assert "dropout" in body["detail"]
    assert body["known"] == list(TUNABLE)
    for name in ("learning_rate", "lora.rank", "batch_size", "schedule"):
        assert name in body["detail"]
    assert await row_count(sessions, TuningJobRow) == 0


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ({"type": "uniform", "min": 0.01, "max": 0.001}, "must be less than max"),
        ({"type": "uniform", "min": 0.01, "max": 0.01}, "must be less than max"),
        ({"type": "loguniform", "min": 0.0, "max": 0.01}, "min > 0"),
        ({"type": "loguniform", "min": -1.0, "max": 0.01}, "min > 0"),
        ({"type": "quniform", "min": 0.001, "max": 0.01, "q": 0}, "greater than 0"),
        ({"type": "quniform", "min": 0.0015, "max": 0.01, "q": 0.001}, "multiples of q"),
        ({"type": "choice", "values": []}, "at least 1 item"),
        ({"type": "normal", "mean": 0.0, "sd": 1.0}, "does not match any of the expected tags"),
        ({"type": "uniform", "min": 0.001}, "Field required"),
        ({"type": "uniform", "min": 0.001, "max": 0.01, "q": 0.001}, "Extra inputs"),
    ],
)
async def test_a_malformed_entry_is_refused(client, sessions, ds, entry, expected):
    text = await refused(client, sessions, search(search_space={"learning_rate": entry}))
    assert expected in text
    assert "learning_rate" in text


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ({"type": "randint", "min": 16, "max": 16}, "must be less than max"),
        ({"type": "randint", "min": 8.5, "max": 16}, "valid integer"),
        ({"type": "choice", "values": [8, 0]}, "value 0"),
        ({"type": "choice", "values": [8, 12.5]}, "value 12.5"),
        ({"type": "randint", "min": 0, "max": 16}, "value 0"),
        ({"type": "randint", "min": 8, "max": 4097}, "value 4097"),  # max is included
        ({"type": "uniform", "min": 8, "max": 64}, "takes integers"),
        ({"type": "quniform", "min": 8, "max": 64, "q": 0.5}, "whole numbers"),
    ],
)
async def test_batch_size_values_must_be_positive_integers(client, sessions, ds, entry, expected):
    text = await refused(client, sessions, search(search_space={"batch_size": entry}))
    assert "search_space.batch_size" in text and expected in text


async def test_every_value_is_validated_as_a_training_config(client, sessions, ds):
    space = {
        "warmup_ratio": {"type": "uniform", "min": 0.0, "max": 1.5},
        "schedule": {"type": "choice", "values": ["cosine", "exponential"]},
        "lora.rank": {"type": "randint", "min": 0, "max": 8},
    }
    body = search(search_space=space, fixed_config={"eval_every_n_steps": 10})
    text = await refused(client, sessions, body)
    assert "search_space.warmup_ratio: value 1.5" in text
    assert "search_space.schedule: value 'exponential'" in text
    assert "search_space.lora.rank: value 0" in text


async def test_a_categorical_hyperparameter_takes_only_choices(client, sessions, ds):
    space = {"schedule": {"type": "uniform", "min": 0.0, "max": 1.0}}
    text = await refused(client, sessions, search(search_space=space))
    assert "search_space.schedule" in text and "allowed: choice" in text


async def test_values_are_checked_with_the_fixed_config(client, sessions, ds):
    # batch_size must divide by mesh.fsdp: 12 does not with fsdp 8.
    body = search(
        search_space={"batch_size": {"type": "choice", "values": [16, 12]}},
        fixed_config={"mesh": {"fsdp": 8}},
    )
    text = await refused(client, sessions, body)
    assert "search_space.batch_size: value 12" in text and "mesh.fsdp 8" in text


async def test_a_bad_fixed_config_is_refused(client, sessions, ds):
    text = await refused(client, sessions, search(fixed_config={"weight_decay": -1}))
    assert "fixed_config: weight_decay" in text
    text = await refused(client, sessions, search(fixed_config={"dropout": 0.1}))
    assert "fixed_config: dropout" in text


@pytest.mark.parametrize(
    ("key", "use"), [("model", "base_model"), ("max_steps", "trial_max_steps")]
)
async def test_the_model_and_step_budget_are_not_fixed_config(client, sessions, ds, key, use):
    text = await refused(client, sessions, search(fixed_config={key: 10}))
    assert f"fixed_config.{key}" in text and use in text


async def test_a_hyperparameter_is_either_searched_or_fixed(client, sessions, ds):
    text = await refused(client, sessions, search(fixed_config={"learning_rate": 0.001}))
    assert "search_space.learning_rate: also set in fixed_config" in text
    space = {"lora.rank": {"type": "choice", "values": [4, 8]}}
    body = search(search_space=space, fixed_config={"lora": {"rank": 8, "alpha": 16}})
    text = await refused(client, sessions, body)
    assert "search_space.lora.rank: also set in fixed_config" in text


@pytest.mark.parametrize(
    ("objective", "expected"),
    [
        ({"judge": "answer_correctness", "metric": "eval_loss"}, "cannot produce 'eval_loss'"),
        ({"judge": "exact_match", "metric": "accuracy"}, "cannot produce 'accuracy'"),
        ({"metric": "mean"}, "'mean' needs a judge"),
        ({"metric": "accuracy"}, "'accuracy' is not an objective"),
        ({"metric": "answer_correctness"}, "answer_correctness is a judge"),
        ({"judge": "no_such_judge", "metric": "mean"}, "unknown judge 'no_such_judge'"),
        ({"judge": "answer_correctness", "metric": "mean", "params": {"x": 1}}, "params.x"),
        ({"metric": "eval_loss", "eval_limit": 5}, "apply to judge objectives only"),
        ({"metric": "eval_loss", "split": "train"}, "objective.split"),
    ],
)
async def test_an_objective_the_judge_cannot_produce_is_refused(
    client, sessions, ds, objective, expected
):
    text = await refused(client, sessions, search(objective=objective))
    assert expected in text


async def test_the_error_names_what_each_kind_of_objective_produces(client, sessions, ds):
    body = search(objective={"judge": "answer_correctness", "metric": "eval_loss"})
    text = await refused(client, sessions, body)
    assert "eval_loss or eval_perplexity (give no judge)" in text
    assert "produces mean or pass_rate" in text


async def test_llm_judge_is_not_a_tuning_objective(client, sessions, ds):
    body = search(objective={"judge": "llm_judge", "metric": "mean"})
    text = await refused(client, sessions, body)
    assert "llm_judge is not supported as a tuning objective: needs a judge model per trial" in text


async def test_the_dataset_must_exist(client, sessions, ds):
    text = await refused(client, sessions, search(dataset_key="nope-v1"))
    assert "dataset_key 'nope-v1' does not exist" in text


async def test_the_dataset_needs_eval_items(client, sessions):
    await with_dataset(client, name="noeval", eval_fraction=0.0)
    text = await refused(client, sessions, search(dataset_key="noeval-v1"))
    assert "has no eval items" in text


@pytest.mark.parametrize(
    ("model", "expected"),
    [
        ("huge", "neither a preset"),
        ("/nonexistent/checkpoint", "has no config.json"),
        ("registry://nosuch@1", "no model named 'nosuch'"),
        ("registry://Bad Name@1", "model name"),
    ],
)
async def test_the_base_model_must_be_loadable(client, sessions, ds, model, expected):
    text = await refused(client, sessions, search(base_model=model))
    assert expected in text


async def test_a_model_directory_needs_weights(client, sessions, ds, tmp_path):
    export = tmp_path / "model"
    write_export(export)
    (export / "model.safetensors").unlink()
    text = await refused(client, sessions, search(base_model=str(export)))
    assert "no *.safetensors" in text


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"num_samples": 0}, "num_samples"),
        ({"num_samples": 201}, "num_samples"),
        ({"max_concurrent_trials": 0}, "max_concurrent_trials"),
        ({"trial_max_steps": 0}, "trial_max_steps"),
        ({"search_space": {}}, "search_space"),
        ({"search_alg": "bayesopt"}, "search_alg"),
        ({"scheduler": {"type": "hyperband"}}, "scheduler.type"),
        ({"scheduler": {"type": "asha", "reduction_factor": 1}}, "scheduler.reduction_factor"),
        ({"scheduler": {"type": "asha", "grace_period": 0}}, "scheduler.grace_period"),
        ({"seed": -1}, "seed"),  # the searchers refuse it; it must not reach the worker
        ({"seed": 2**32}, "seed"),
    ],
)
async def test_counts_and_algorithms_are_bounded(client, sessions, ds, change, field):
    text = await refused(client, sessions, search(**change))
    assert field in text


async def test_asha_needs_evaluations_before_a_trials_last(client, sessions, ds):
    # 40 steps, eval every 10: 4 evaluations, so ASHA may stop trials after 1, 2 or 3.
    body = search(scheduler={"type": "asha", "grace_period": 4})
    text = await refused(client, sessions, body)
    assert "scheduler.grace_period" in text and "a trial makes 4" in text
    body = search(scheduler={"type": "asha"}, fixed_config={"eval_every_n_steps": 100})
    text = await refused(client, sessions, body)
    assert "a trial makes 1" in text


# --- conditional entries ------------------------------------------------------------------

SCHEDULE = {"type": "choice", "values": ["cosine", "constant"]}
WARMUP = {"type": "uniform", "min": 0.0, "max": 0.2}


def conditional(**entries: dict[str, Any]) -> dict[str, Any]:
    """A search over schedule and, given as keyword arguments, entries that may depend on it."""
    space = {"schedule": SCHEDULE, **{name.replace("__", "."): e for name, e in entries.items()}}
    return search(search_space=space, fixed_config={"eval_every_n_steps": 10})


async def test_a_conditional_entry_is_stored_with_its_condition(client, ds):
    body = conditional(warmup_ratio={**WARMUP, "when": {"schedule": ["cosine"]}})
    r = await client.post("/api/tuning/jobs", json=body)
    assert r.status_code == 201, r.text
    space = r.json()["search_space"]
    assert space["warmup_ratio"] == {**WARMUP, "when": {"schedule": ["cosine"]}}
    assert space["schedule"] == SCHEDULE  # no `when: null` on unconditional entries
    stored = (await client.get(f"/api/tuning/jobs/{r.json()['id']}")).json()
    assert stored["search_space"] == space
    # Unsampled trials train with the API's default, stored with the search: the training
    # child's own defaults differ, and a run of the best trial is validated with these.
    assert stored["fixed_config"]["warmup_ratio"] == 0.05
    assert "schedule" not in stored["fixed_config"]  # always searched: never fixed


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        ({}, "name exactly one hyperparameter this entry depends on"),
        (
            {"schedule": ["cosine"], "learning_rate": [0.001]},
            "name exactly one hyperparameter this entry depends on",
        ),
        ({"warmup_ratio": [0.1]}, "warmup_ratio cannot depend on itself"),
        ({"batch_size": [8]}, "batch_size is not in the search space"),
        ({"learning_rate": [0.001]}, "learning_rate is a loguniform entry; an entry can depend"),
        ({"schedule": []}, "list at least one value of schedule"),
        ({"schedule": ["cosine", "linear"]}, "'linear' not among the values of schedule"),
    ],
)
async def test_a_condition_must_name_one_choice_entry_and_its_values(
    client, sessions, ds, when, expected
):
    body = conditional(
        learning_rate={"type": "loguniform", "min": 1e-4, "max": 1e-2},
        warmup_ratio={**WARMUP, "when": when},
    )
    text = await refused(client, sessions, body)
    assert f"search_space.warmup_ratio.when: {expected}" in text


async def test_a_condition_compares_values_as_json_does(client, sessions, ds):
    # true is not 1 (Python says it is): a condition on batch_size [1, 2] cannot list true.
    space = {
        "batch_size": {"type": "choice", "values": [1, 2]},
        "warmup_ratio": {**WARMUP, "when": {"batch_size": [True]}},
    }
    text = await refused(client, sessions, search(search_space=space))
    assert "search_space.warmup_ratio.when: True not among the values of batch_size (1, 2)" in text


async def test_conditions_go_one_level_deep(client, sessions, ds):
    body = conditional(
        warmup_ratio={"type": "choice", "values": [0.0, 0.1], "when": {"schedule": ["cosine"]}},
        weight_decay={"type": "uniform", "min": 0.0, "max": 0.1, "when": {"warmup_ratio": [0.1]}},
    )
    text = await refused(client, sessions, body)
    assert (
        "search_space.weight_decay.when: warmup_ratio is itself conditional; conditions go one "
        "level deep only" in text
    )


async def test_a_conditional_entrys_values_are_validated_as_a_training_config(client, sessions, ds):
    body = conditional(warmup_ratio={**WARMUP, "max": 1.5, "when": {"schedule": ["cosine"]}})
    text = await refused(client, sessions, body)
    assert "search_space.warmup_ratio: value 1.5" in text


async def test_a_trial_without_a_conditional_entry_must_train_with_its_default(
    client, sessions, ds
):
    # Every searched batch size divides by fsdp 3, but trials with schedule `constant` do not
    # sample batch_size and would train with its default, 32.
    space = {
        "schedule": SCHEDULE,
        "batch_size": {"type": "choice", "values": [3, 6], "when": {"schedule": ["cosine"]}},
    }
    body = search(search_space=space, fixed_config={"eval_every_n_steps": 10, "mesh": {"fsdp": 3}})
    text = await refused(client, sessions, body)
    assert (
        "fixed_config: with schedule 'constant' (batch_size not searched): "
        "batch_size 32 must divide by mesh.fsdp 3" in text
    )
    body["search_space"]["batch_size"]["when"] = {"schedule": ["cosine", "constant"]}
    r = await client.post("/api/tuning/jobs", json=body)
    assert r.status_code == 201, r.text  # always sampled: the default never trains
