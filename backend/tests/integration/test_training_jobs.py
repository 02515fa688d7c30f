"""Real training through the real worker: Tunix on JAX in a child process, tiny preset.

These are the slowest backend tests (each trains for a few seconds after a JAX compile).
"""

import os
import signal
from pathlib import Path

import pytest

from tests.jobs.conftest import Workers, wait_for
from tunix_rt.jobs import service as jobs

pytest.importorskip("tunix_rt_training.train", reason="training extras not installed")

TRAIN_CONFIG = {
    "model": "tiny",
    "max_steps": 24,
    "batch_size": 8,
    "max_seq_length": 96,
    "learning_rate": 0.003,
    "checkpoint_every_n_steps": 8,
    "eval_every_n_steps": 12,
    "seed": 3,
}


class RealWorkers(Workers):
    def env(self, **extra: str) -> dict[str, str]:
        env = super().env(**extra)
        env.pop("JOB_COMMAND")  # the real `python -m tunix_rt_training run-job`
        env["JOB_CANCEL_GRACE_S"] = "30"
        return env


@pytest.fixture
def real_workers(db_url: str, home: Path, client: object):
    """Workers sharing TUNIX_RT_HOME with the API under test, as in production."""
    w = RealWorkers(db_url, home)
    yield w
    w.stop_all()


async def arithmetic_dataset(client) -> str:
    r = await client.post(
        "/api/generators/arithmetic/generate",
        json={"count": 120, "seed": 5, "params": {"digits": 1, "operations": ["add"]}},
    )
    assert r.status_code == 201, r.text
    body = {
        "dataset_name": "arith",
        "dataset_version": "v1",
        "filters": {"generator": "arithmetic"},
        "limit": 120,
        "eval_fraction": 0.1,
        "seed": 1,
    }
    r = await client.post("/api/datasets/build", json=body)
    assert r.status_code == 201, r.text
    return r.json()["dataset_key"]


async def eval_count(client, key: str) -> int:
    return (await client.get(f"/api/datasets/{key}")).json()["splits"]["eval"]


def finished(sessions, job_id):
    async def check():
        async with sessions() as s:
            row = await jobs.get_job(s, job_id)
        return row if row.status in ("succeeded", "failed", "cancelled", "timed_out") else None

    return check


async def test_tiny_run_trains_exports_and_generates(real_workers, client, sessions):
    key = await arithmetic_dataset(client)
    run = (
        await client.post("/api/tunix/runs", json={"dataset_key": key, "config": TRAIN_CONFIG})
    ).json()
    real_workers.start()
    row = await wait_for(finished(sessions, run["run_id"]), within=300, every=0.5)
    assert row.status == "succeeded", row.error
    result = row.result
    assert result["dataset_key"] == key and result["dataset_hash"] == run["dataset_hash"]
    assert result["versions"]["jax"] == "0.10.2" and result["versions"]["google-tunix"] == "0.1.7"
    assert result["devices"] and result["config"]["max_steps"] == 24
    metrics = (await client.get(f"/api/tunix/runs/{run['run_id']}/metrics")).json()["series"]
    loss = [p["value"] for p in metrics["loss"]]
    assert [p["step"] for p in metrics["loss"]] == list(range(1, 25))
    assert sum(loss[-4:]) / 4 < sum(loss[:4]) / 4  # it learned something
    assert "eval_loss" in metrics and "eval_perplexity" in metrics
    files = {
        a["path"] for a in (await client.get(f"/api/tunix/runs/{run['run_id']}/artifacts")).json()
    }
    assert {"export/config.json", "export/model.safetensors", "export/tokenizer.json"} <= files
    logs = (await client.get(f"/api/tunix/runs/{run['run_id']}/logs")).text
    assert "event: log" in logs and "event: metric" in logs and '"status":"succeeded"' in logs

    gen = await client.post(
        "/api/generations",
        json={
            "run_id": run["run_id"],
            "dataset_key": key,
            "split": "eval",
            "config": {"max_new_tokens": 24, "batch_size": 8},
        },
    )
    assert gen.status_code == 201, gen.text
    gen_row = await wait_for(finished(sessions, gen.json()["generation_id"]), within=300, every=0.5)
    assert gen_row.status == "succeeded", gen_row.error
    preds = (await client.get(f"/api/generations/{gen_row.id}/predictions?limit=100")).json()[
        "data"
    ]
    expected = await eval_count(client, key)
    assert len(preds) == expected > 0 and all(p["output_tokens"] > 0 for p in preds)
    assert gen_row.result["predictions"] == expected


async def test_run_resumes_after_its_worker_is_killed(real_workers, client, sessions, home):
    key = await arithmetic_dataset(client)
    body = {"dataset_key": key, "config": {**TRAIN_CONFIG, "max_steps": 40}}
    run = (await client.post("/api/tunix/runs", json=body)).json()
    first = real_workers.start()
    ckpts = home / "runs" / run["run_id"] / "checkpoints"
    await wait_for(
        lambda: ckpts.is_dir() and any(p.name.isdigit() for p in ckpts.iterdir()), within=300
    )
    os.kill(first.pid, signal.SIGKILL)  # its child dies with it (PR_SET_PDEATHSIG)
    first.wait()
    real_workers.start()
    row = await wait_for(finished(sessions, run["run_id"]), within=400, every=0.5)
    assert row.status == "succeeded", row.error
    assert row.attempt == 2
    metrics = (await client.get(f"/api/tunix/runs/{run['run_id']}/metrics")).json()["series"]
    steps = [p["step"] for p in metrics["loss"]]
    loss = {p["step"]: p["value"] for p in metrics["loss"]}
    # Events buffered in the killed worker (its last half second) are lost; the rest remain.
    assert steps == sorted(set(steps)) and steps[0] == 1 and steps[-1] == 40 and len(steps) >= 30
    first_steps = sum(loss[s] for s in steps[:4]) / 4
    assert sum(loss[s] for s in steps[-4:]) / 4 < first_steps  # continued, not restarted
    logs = (await client.get(f"/api/tunix/runs/{run['run_id']}/logs")).text
    assert "attempt 2" in logs and "resum" in logs
