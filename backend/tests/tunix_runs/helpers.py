"""Shared steps of the training-run tests: a dataset built through the API, then runs."""

from typing import Any

import httpx
from sqlalchemy import select

from tests.factories import trace
from tunix_rt.jobs.models import JobRow


async def dataset(
    client: httpx.AsyncClient,
    n: int = 6,
    name: str = "ds",
    version: str = "v1",
    eval_fraction: float = 0.34,
) -> dict[str, Any]:
    """Store n traces and build `<name>-<version>` from them; returns the built dataset."""
    bodies = [trace(i, meta={"source": "tests", "n": i}) for i in range(n)]
    r = await client.post("/api/traces/batch", json=bodies)
    assert r.status_code == 201, r.text
    r = await client.post(
        "/api/datasets/build",
        json={
            "dataset_name": name,
            "dataset_version": version,
            "limit": n,
            "eval_fraction": eval_fraction,
            "seed": 7,
        },
    )
    assert r.status_code == 201, r.text
    return r.json()


async def create_run(
    client: httpx.AsyncClient, dataset_key: str = "ds-v1", **body: Any
) -> dict[str, Any]:
    r = await client.post("/api/tunix/runs", json={"dataset_key": dataset_key, **body})
    assert r.status_code == 201, r.text
    return r.json()


async def jobs(sessions: Any) -> list[JobRow]:
    async with sessions() as s:
        return list((await s.execute(select(JobRow))).scalars())


async def job(sessions: Any, run_id: str) -> JobRow:
    async with sessions() as s:
        row = await s.get(JobRow, run_id)
        assert row is not None
        return row
