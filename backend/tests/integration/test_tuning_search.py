"""A real search through REST and the worker: Ray Tune in the worker's child, each trial a
real tiny training (and evaluation with the objective's judge)."""

import hashlib
import os
import signal
from collections import Counter

import orjson
import pytest

from tests.integration.test_training_jobs import arithmetic_dataset, finished, real_workers  # noqa: F401
from tests.jobs.conftest import wait_for
from tunix_rt.jobs import service as jobs

pytest.importorskip("ray.tune", reason="training extras not installed")

SEARCH = {
    "name": "lr-search",
    "base_model": "tiny",
    "objective": {
        "judge": "answer_correctness",
        "metric": "mean",
        "eval_limit": 4,
        "generation": {"max_new_tokens": 24, "batch_size": 4},
    },
    "search_space": {"learning_rate": {"type": "loguniform", "min": 0.001, "max": 0.01}},
    "fixed_config": {"batch_size": 8, "max_seq_length": 96, "eval_every_n_steps": 4},
    "trial_max_steps": 8,
    "num_samples": 3,
    "max_concurrent_trials": 1,
    "search_alg": "tpe",
    "scheduler": {"type": "fifo"},
    "seed": 1,
}


async def tuning_done(client, tuning_id, within=600):
    async def check():
        body = (await client.get(f"/api/tuning/jobs/{tuning_id}")).json()
        return body if body["status"] in ("succeeded", "failed", "cancelled") else None

    return await wait_for(check, within=within, every=1.0)


# warmup_ratio only for cosine trials; TPE's seed 1 suggests cosine, constant, constant.
CONDITIONAL_SPACE = {
    **SEARCH["search_space"],
    "schedule": {"type": "choice", "values": ["cosine", "constant"]},
    "warmup_ratio": {"type": "uniform", "min": 0.0, "max": 0.2, "when": {"schedule": ["cosine"]}},
}


async def test_a_small_search_runs_real_trials_and_finds_a_best_config(
    real_workers,  # noqa: F811
    client,
    sessions,
    home,
):
    key = await arithmetic_dataset(client)
    body = {**SEARCH, "dataset_key": key, "search_space": CONDITIONAL_SPACE}
    r = await client.post("/api/tuning/jobs", json=body)
    assert r.status_code == 201, r.text
    tuning_id = r.json()["id"]
    assert (await client.post(f"/api/tuning/jobs/{tuning_id}/start")).status_code in (200, 201)
    real_workers.start()
    body = await tuning_done(client, tuning_id)
    assert body["status"] == "succeeded", body
    trials = body["trials"]
    assert len(trials) == 3 and all(t["status"] == "succeeded" for t in trials), trials
    assert {t["params"]["schedule"] for t in trials} == {"cosine", "constant"}
    for trial in trials:
        params = trial["params"]
        assert 0.001 <= params["learning_rate"] <= 0.01
        # A conditional param is a trial's only when its parent took a listed value.
        cosine = params["schedule"] == "cosine"
        assert set(params) == {"learning_rate", "schedule"} | (
            {"warmup_ratio"} if cosine else set()
        )
        assert [p["step"] for p in trial["intermediate"]] == [0, 4, 8]
        assert trial["final_metric"] is not None and 0 <= trial["final_metric"] <= 1
        run = (await client.get(f"/api/tunix/runs/{trial['run_id']}")).json()
        assert run["status"] == "succeeded" and run["config"]["max_steps"] == 8
        assert run["config"]["learning_rate"] == params["learning_rate"]
        assert run["config"]["schedule"] == params["schedule"]
        # Unsampled, warmup_ratio is the API's default, stored in the search's fixed config.
        assert run["config"]["warmup_ratio"] == params.get("warmup_ratio", 0.05)
        metrics = (await client.get(f"/api/tunix/runs/{trial['run_id']}/metrics")).json()
        assert [p["step"] for p in metrics["series"]["loss"]] == list(range(1, 9))
        files = {
            a["path"]
            for a in (await client.get(f"/api/tunix/runs/{trial['run_id']}/artifacts")).json()
        }
        assert "export/model.safetensors" in files
        logs = (await client.get(f"/api/tunix/runs/{trial['run_id']}/logs")).text
        assert "event: log" in logs and "starting: tiny (qwen3" in logs  # training's own
        assert "event: metric" in logs and '"status":"succeeded"' in logs
        evaluation = (await client.get(f"/api/evaluations/{trial['evaluation_id']}")).json()
        assert evaluation["item_count"] == 4 and evaluation["run_id"] == trial["run_id"]
        score = evaluation["scores"][0]
        assert score["judge"] == "answer_correctness"
        assert score["mean"] == pytest.approx(trial["final_metric"])
    best = (await client.get(f"/api/tuning/jobs/{tuning_id}/best")).json()
    top = max(t["final_metric"] for t in trials)
    assert best["trial"]["final_metric"] == top if "trial" in best else best["final_metric"] == top
    r = await client.post(f"/api/tuning/jobs/{tuning_id}/best/run", json={})
    assert r.status_code == 201, r.text
    new_run = r.json()
    best_params = best["trial"]["params"] if "trial" in best else best["params"]
    assert new_run["config"]["learning_rate"] == best_params["learning_rate"]
    assert {k: best["config"][k] for k in best_params} == best_params
    assert ("warmup_ratio" in best_params) == (best_params["schedule"] == "cosine")
    assert new_run["status"] == "queued"

    r = await client.post(
        f"/api/tuning/jobs/{tuning_id}/best/promote", json={"model_name": "arith-tuned"}
    )
    assert r.status_code == 201, r.text
    version = r.json()
    best_run_id = best["trial"]["run_id"]
    assert version["source_run_id"] == best_run_id and version["version"] == 1
    assert version["ref"] == "registry://arith-tuned@1"
    files = {f["path"]: f["sha256"] for f in version["files"]}
    assert {"config.json", "model.safetensors", "tokenizer.json"} <= set(files)
    export = home / "runs" / best_run_id / "export"
    for name, digest in files.items():  # the very files the best trial exported
        assert hashlib.sha256((export / name).read_bytes()).hexdigest() == digest


def trial_with_status(client, tuning_id, status):
    async def check():
        body = (await client.get(f"/api/tuning/jobs/{tuning_id}")).json()
        hits = [t for t in body["trials"] if t["status"] == status]
        return hits or None

    return check


def finished_and_running_with_lines(client, sessions, tuning_id):
    """(the trials that succeeded, a running trial whose run has stored log lines)."""

    async def check():
        body = (await client.get(f"/api/tuning/jobs/{tuning_id}")).json()
        done = [t for t in body["trials"] if t["status"] == "succeeded"]
        running = [t for t in body["trials"] if t["status"] == "running" and t["run_id"]]
        if not done or not running:
            return None
        async with sessions() as s:
            stored = await jobs.logs_since(s, running[0]["run_id"], 0)
        return (done, running[0]) if stored else None

    return check


async def test_a_killed_worker_leaves_a_search_that_resumes_without_rerunning_trials(
    real_workers,  # noqa: F811
    client,
    sessions,
    home,
):
    key = await arithmetic_dataset(client)
    body = {
        **SEARCH,
        "dataset_key": key,
        "objective": {"metric": "eval_loss"},
        "search_alg": "random",
    }
    tuning_id = (await client.post("/api/tuning/jobs", json=body)).json()["id"]
    await client.post(f"/api/tuning/jobs/{tuning_id}/start")
    first = real_workers.start()
    # Killed while a trial runs whose first lines are stored: the restore runs it again.
    done_before, interrupted = await wait_for(
        finished_and_running_with_lines(client, sessions, tuning_id), within=400, every=0.5
    )
    os.kill(first.pid, signal.SIGKILL)  # its child and the child's Ray go with it
    first.wait()
    real_workers.start()
    result = await tuning_done(client, tuning_id)
    assert result["status"] == "succeeded", result
    trials = {t["trial_key"]: t for t in result["trials"]}
    assert len(trials) == 3 and all(t["status"] == "succeeded" for t in trials.values())
    assert all(t["error"] is None for t in trials.values())
    for before in done_before:
        after = trials[before["trial_key"]]
        # Finished before the kill: not trained again after the restore.
        assert after["updated_at"] == before["updated_at"] and after["run_id"] == before["run_id"]
        metrics = (await client.get(f"/api/tunix/runs/{after['run_id']}/metrics")).json()
        assert [p["step"] for p in metrics["series"]["loss"]] == list(range(1, 9))

    # The interrupted trial trained again under the restored search, into the same run. Each
    # driver relays its own events file, so no line of the first attempt is stored twice.
    run_id = interrupted["run_id"]
    assert trials[interrupted["trial_key"]]["run_id"] == run_id
    files = sorted((home / "runs" / run_id).glob("events-*.jsonl"))
    assert len(files) == 2, files  # one per driver: before and after the kill
    written = [orjson.loads(line) for f in files for line in f.read_bytes().splitlines()]
    async with sessions() as s:
        stored_logs = Counter(row.chunk for row in await jobs.logs_since(s, run_id, 0, 5000))
        stored_points = len(await jobs.metrics_since(s, run_id))
    assert stored_logs <= Counter(e["message"] for e in written if e["event"] == "log")
    assert stored_points <= sum(len(e["values"]) for e in written if e["event"] == "metric")
    metrics = (await client.get(f"/api/tunix/runs/{run_id}/metrics")).json()
    assert [p["step"] for p in metrics["series"]["loss"]] == list(range(1, 9))
    run = (await client.get(f"/api/tunix/runs/{run_id}")).json()
    assert run["status"] == "succeeded"

    async with sessions() as s:
        job = await jobs.get_job(s, result["job_id"])
        logs = "\n".join(row.chunk for row in await jobs.logs_since(s, job.id, 0, limit=5000))
    assert job.attempt == 2
    assert "restoring the search" in logs


async def test_cancelling_a_search_stops_its_trials(real_workers, client, sessions):  # noqa: F811
    key = await arithmetic_dataset(client)
    body = {**SEARCH, "dataset_key": key, "num_samples": 4, "trial_max_steps": 200}
    tuning_id = (await client.post("/api/tuning/jobs", json=body)).json()["id"]
    await client.post(f"/api/tuning/jobs/{tuning_id}/start")
    real_workers.start()
    running = await wait_for(trial_with_status(client, tuning_id, "running"), within=300, every=0.5)
    r = await client.post(f"/api/tuning/jobs/{tuning_id}/cancel")
    assert r.status_code == 200, r.text
    result = await tuning_done(client, tuning_id, within=120)
    assert result["status"] == "cancelled"
    assert all(t["status"] != "running" for t in result["trials"])
    run = (await client.get(f"/api/tunix/runs/{running[0]['run_id']}")).json()
    assert run["status"] == "cancelled"
