"""Real searches whose trials end differently: stopped early by ASHA, failed in training,
and a search in which every trial fails (Ray Tune in the worker's child, tiny preset)."""

import pytest

from tests.integration.test_training_jobs import arithmetic_dataset, real_workers  # noqa: F401
from tests.integration.test_tuning_search import SEARCH, tuning_done
from tunix_rt.jobs import service as jobs

pytest.importorskip("ray.tune", reason="training extras not installed")

GOOD_LR, TINY_LR = 0.01, 1e-6
# Weights decayed by learning_rate x weight_decay >> 1 overflow float32 after one update:
# the eval loss at step 2 is NaN, a real divergence of the real training.
SANE_WD, DIVERGING_WD = 0.01, 1e30

ASHA_SEARCH = {
    **SEARCH,
    "name": "asha",
    "objective": {"metric": "eval_loss"},
    "search_space": {
        "learning_rate": {"type": "choice", "values": [GOOD_LR, TINY_LR]},
        "weight_decay": {"type": "choice", "values": [SANE_WD, DIVERGING_WD]},
    },
    # Five evaluations (steps 0, 2, 4, 6, 8): ASHA's rungs are at steps 2, 4 and 8.
    "fixed_config": {"batch_size": 8, "max_seq_length": 96, "eval_every_n_steps": 2},
    "search_alg": "random",
    "scheduler": {"type": "asha", "grace_period": 1, "reduction_factor": 2},
    # Random search with this seed samples, in this order, one trial at a time:
    # (GOOD_LR, SANE_WD), (TINY_LR, SANE_WD), (TINY_LR, DIVERGING_WD).
    "seed": 11,
}


def by_params(trials: list[dict]) -> dict[tuple[float, float], dict]:
    return {(t["params"]["learning_rate"], t["params"]["weight_decay"]): t for t in trials}


async def run_of(client, trial: dict) -> dict:
    return (await client.get(f"/api/tunix/runs/{trial['run_id']}")).json()


async def test_asha_stops_a_poor_trial_and_a_diverged_trial_fails_while_the_search_succeeds(
    real_workers,  # noqa: F811
    client,
    sessions,
):
    key = await arithmetic_dataset(client)
    r = await client.post("/api/tuning/jobs", json={**ASHA_SEARCH, "dataset_key": key})
    assert r.status_code == 201, r.text
    tuning_id = r.json()["id"]
    await client.post(f"/api/tuning/jobs/{tuning_id}/start")
    real_workers.start()
    body = await tuning_done(client, tuning_id)
    assert body["status"] == "succeeded", body
    trials = by_params(body["trials"])
    assert set(trials) == {(GOOD_LR, SANE_WD), (TINY_LR, SANE_WD), (TINY_LR, DIVERGING_WD)}
    assert body["trial_counts"] == {"succeeded": 1, "stopped": 1, "failed": 1}

    good = trials[(GOOD_LR, SANE_WD)]
    assert good["status"] == "succeeded" and good["error"] is None
    assert [p["step"] for p in good["intermediate"]] == [0, 2, 4, 6, 8]
    assert good["final_metric"] == pytest.approx(good["intermediate"][-1]["value"])
    assert (await run_of(client, good))["status"] == "succeeded"

    # ASHA's rule (reduction factor 2): at a rung, a trial whose eval loss is worse than
    # the median of those recorded there stops. At step 2 the tiny learning rate has barely
    # moved from the initial loss (~6.57) while the good trial recorded ~3.7.
    poor = trials[(TINY_LR, SANE_WD)]
    assert poor["status"] == "stopped" and poor["final_metric"] is None
    assert [p["step"] for p in poor["intermediate"]] == [0, 2]
    assert poor["intermediate"][1]["value"] > good["intermediate"][1]["value"] + 1
    assert poor["error"].startswith("stopped early by the ASHA scheduler at step 2")
    poor_run = await run_of(client, poor)
    assert poor_run["status"] == "cancelled" and poor_run["error"] == poor["error"]
    poor_metrics = (await client.get(f"/api/tunix/runs/{poor['run_id']}/metrics")).json()
    assert max(p["step"] for p in poor_metrics["series"]["loss"]) < 8

    diverged = trials[(TINY_LR, DIVERGING_WD)]
    assert diverged["status"] == "failed" and diverged["final_metric"] is None
    assert diverged["error"].startswith("TrainingDiverged: training diverged: eval_loss is nan")
    diverged_run = await run_of(client, diverged)
    assert diverged_run["status"] == "failed" and diverged_run["error"] == diverged["error"]
    async with sessions() as s:
        logs = [row.chunk for row in await jobs.logs_since(s, diverged["run_id"], 0)]
    assert any(line.startswith("starting: tiny") for line in logs)  # it did train
    # The traceback Ray recorded, from the trial's code to the exception.
    assert any("tune_trial.py" in line and "TrainingDiverged: " in line for line in logs)

    best = (await client.get(f"/api/tuning/jobs/{tuning_id}/best")).json()
    assert best["trial"]["id"] == good["id"]
    result = body["result"]
    assert (result["trials"], result["finished"], result["errors"]) == (3, 1, 1)


async def test_a_search_whose_every_trial_fails_fails_and_says_so(
    real_workers,  # noqa: F811
    client,
    sessions,
):
    key = await arithmetic_dataset(client)
    body = {
        **SEARCH,
        "dataset_key": key,
        "name": "no-such-mesh",
        "objective": {"metric": "eval_loss"},
        # Valid anywhere with 64 devices; this worker has fewer, which only training sees.
        "fixed_config": {**SEARCH["fixed_config"], "mesh": {"tp": 64}},
        "num_samples": 2,
        "max_concurrent_trials": 2,
        "search_alg": "random",
    }
    r = await client.post("/api/tuning/jobs", json=body)
    assert r.status_code == 201, r.text
    tuning_id = r.json()["id"]
    await client.post(f"/api/tuning/jobs/{tuning_id}/start")
    real_workers.start()
    result = await tuning_done(client, tuning_id)
    assert result["status"] == "failed", result
    error = result["error"]  # the job's: its last line is what the search raised
    assert "every trial failed: none of the 2 trial(s) finished with an objective" in error
    assert "first error: DeviceUnavailableError: mesh: fsdp×tp = 1×64 needs 64" in error
    assert len(result["trials"]) == 2
    for trial in result["trials"]:
        assert trial["status"] == "failed"
        assert trial["error"].startswith("DeviceUnavailableError: mesh: fsdp×tp = 1×64 needs")
        run = await run_of(client, trial)
        assert run["status"] == "failed" and run["error"] == trial["error"]
    assert (await client.get(f"/api/tuning/jobs/{tuning_id}/best")).status_code == 404
