"""The earlier service's body (rest-compat.md): metric/mode/model_id mapped to the native one."""

import pytest

from tests.factories import row_count
from tests.tuning.helpers import with_dataset
from tunix_rt.tuning.models import TuningJobRow

SPACE = {
    "learning_rate": {"type": "loguniform", "min": 1e-4, "max": 1e-2},
    "batch_size": {"type": "choice", "values": [8, 16]},
    "seed": {"type": "randint", "min": 0, "max": 3},
    "warmup_ratio": {"type": "uniform", "min": 0.0, "max": 0.2},
}


def earlier(**overrides):
    body = {
        "name": "compat",
        "dataset_key": "ds-v1",
        "model_id": "tiny",
        "metric": "eval_loss",
        "mode": "min",
        "search_space": SPACE,
        "num_samples": 3,
        "max_concurrent_trials": 1,
    }
    body.update(overrides)
    return body


@pytest.fixture
async def ds(client):
    return await with_dataset(client)


async def test_the_earlier_body_is_accepted(client, ds):
    r = await client.post("/api/tuning/jobs", json=earlier())
    assert r.status_code == 201, r.text
    job = r.json()
    assert job["base_model"] == "tiny" and job["num_samples"] == 3
    assert job["objective"]["kind"] == "loss" and job["objective"]["metric"] == "eval_loss"
    assert job["objective"]["direction"] == "min"
    assert job["search_space"]["seed"] == {"type": "randint", "min": 0, "max": 3}
    assert job["scheduler"]["type"] == "fifo" and job["search_alg"] == "random"


@pytest.mark.parametrize(
    ("metric", "mode", "kind", "judge", "native_metric", "direction"),
    [
        ("eval_loss", "min", "loss", None, "eval_loss", "min"),
        ("loss", None, "loss", None, "eval_loss", "min"),
        ("perplexity", "min", "loss", None, "eval_perplexity", "min"),
        ("score", "max", "judge", "answer_correctness", "mean", "max"),
        ("answer_correctness", "max", "judge", "answer_correctness", "mean", "max"),
        ("exact_match", None, "judge", "exact_match", "mean", "max"),
        ("pass_rate", "max", "judge", "answer_correctness", "pass_rate", "max"),
    ],
)
async def test_earlier_metric_names_map_to_objectives(
    client, ds, metric, mode, kind, judge, native_metric, direction
):
    r = await client.post("/api/tuning/jobs", json=earlier(metric=metric, mode=mode))
    assert r.status_code == 201, r.text
    objective = r.json()["objective"]
    assert (objective["kind"], objective["judge"]) == (kind, judge)
    assert (objective["metric"], objective["direction"]) == (native_metric, direction)


async def test_unknown_earlier_fields_are_ignored(client, ds):
    r = await client.post("/api/tuning/jobs", json=earlier(gpus_per_trial=1, description="x"))
    assert r.status_code == 201, r.text


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"metric": "accuracy"}, "metric 'accuracy' is not known; accepted: eval_loss, loss"),
        ({"metric": "llm_judge"}, "not supported as a tuning objective"),
        ({"mode": "maximize"}, "mode must be 'min' or 'max'"),
        ({"metric": None, "mode": "min"}, "metric must be a string"),
        ({"objective": {"metric": "eval_loss"}}, "either objective or the earlier metric/mode"),
        ({"base_model": "tiny"}, "either base_model or the earlier model_id"),
        ({"search_space": {"dropout": {"type": "uniform", "min": 0, "max": 1}}}, "tunable:"),
    ],
)
async def test_a_bad_earlier_body_gets_a_clear_422(client, sessions, ds, change, expected):
    r = await client.post("/api/tuning/jobs", json=earlier(**change))
    assert r.status_code == 422, r.text
    assert expected in r.text
    assert await row_count(sessions, TuningJobRow) == 0
