"""Shared steps of the dataset tests: store traces, build a dataset, read an export."""

import json
from typing import Any

import httpx

from tests.factories import trace


async def store(client: httpx.AsyncClient, bodies: list[dict[str, Any]]) -> list[str]:
    """Store traces in one batch (later items are newer); return their ids in that order."""
    r = await client.post("/api/traces/batch", json=bodies)
    assert r.status_code == 201, r.text
    assert r.json()["created_count"] == len(bodies)
    return [t["id"] for t in r.json()["traces"]]


async def store_n(client: httpx.AsyncClient, n: int, start: int = 0, **meta: Any) -> list[str]:
    """Traces start..start+n-1, oldest first, with meta {"source": "tests", "n": i, **meta}."""
    return await store(
        client,
        [trace(i, meta={"source": "tests", "n": i, **meta}) for i in range(start, start + n)],
    )


async def build(
    client: httpx.AsyncClient, name: str = "ds", version: str = "v1", **body: Any
) -> httpx.Response:
    return await client.post(
        "/api/datasets/build", json={"dataset_name": name, "dataset_version": version, **body}
    )


async def build_ok(
    client: httpx.AsyncClient, name: str = "ds", version: str = "v1", **body: Any
) -> dict[str, Any]:
    r = await build(client, name, version, **body)
    assert r.status_code == 201, r.text
    return r.json()


async def export(client: httpx.AsyncClient, key: str, **params: Any) -> list[dict[str, Any]]:
    r = await client.get(f"/api/datasets/{key}/export.jsonl", params=params)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/x-ndjson")
    return [json.loads(line) for line in r.text.splitlines()]


async def exported_ids(client: httpx.AsyncClient, key: str, **params: Any) -> list[str]:
    return [line["id"] for line in await export(client, key, **params)]
