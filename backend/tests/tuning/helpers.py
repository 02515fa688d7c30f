"""Request bodies and shortcuts of the tuning tests: a valid search that tests vary."""

from typing import Any

import httpx

from tests.tunix_runs.helpers import dataset
from tunix_rt.tuning import service
from tunix_rt.tuning.models import TuningTrialRow


def search(**overrides: Any) -> dict[str, Any]:
    """A small valid search on ds-v1: learning rate and batch size, eval loss, random, FIFO."""
    body: dict[str, Any] = {
        "name": "lr-sweep",
        "dataset_key": "ds-v1",
        "base_model": "tiny",
        "objective": {"metric": "eval_loss"},
        "search_space": {
            "learning_rate": {"type": "loguniform", "min": 1e-4, "max": 1e-2},
            "batch_size": {"type": "choice", "values": [8, 16]},
        },
        "fixed_config": {"warmup_ratio": 0.1, "eval_every_n_steps": 10},
        "trial_max_steps": 40,
        "num_samples": 4,
    }
    body.update(overrides)
    return body


async def with_dataset(client: httpx.AsyncClient, **kwargs: Any) -> dict[str, Any]:
    return await dataset(client, **kwargs)


async def create(client: httpx.AsyncClient, **overrides: Any) -> dict[str, Any]:
    """A tuning job on ds-v1 (built first when missing)."""
    if (await client.get("/api/datasets/ds-v1")).status_code == 404:
        await dataset(client)
    r = await client.post("/api/tuning/jobs", json=search(**overrides))
    assert r.status_code == 201, r.text
    return r.json()


async def record(
    sessions: Any, tuning_job_id: str, trial_key: str, **fields: Any
) -> TuningTrialRow:
    async with sessions() as s:
        return await service.record_trial(s, tuning_job_id, trial_key, **fields)
