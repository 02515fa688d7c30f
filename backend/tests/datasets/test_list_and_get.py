"""Listing datasets (paginated, newest first) and reading one by key."""

from tests.datasets.helpers import build_ok, store_n


async def test_get_returns_the_dataset_with_spec_and_stats(client):
    await store_n(client, 4)
    built = await build_ok(
        client, "math", "1", limit=3, selection_strategy="random", seed=7, description="three"
    )
    r = await client.get("/api/datasets/math-1")
    assert r.status_code == 200
    got = r.json()
    assert got == built
    assert got["seed"] == 7
    assert got["build_spec"]["description"] == "three"
    assert got["build_spec"]["limit"] == 3
    assert got["build_spec"]["selection_strategy"] == "random"
    assert got["stats"]["splits"] == {"train": 3, "eval": 0}


async def test_unknown_key_is_404(client):
    r = await client.get("/api/datasets/nope-v1")
    assert r.status_code == 404
    assert "nope-v1" in r.json()["detail"]


async def test_list_is_paginated_newest_first(client):
    await store_n(client, 2)
    for version in ("1", "2", "3"):
        await build_ok(client, "ds", version)
    first = (await client.get("/api/datasets", params={"limit": 2})).json()
    assert [d["dataset_key"] for d in first["data"]] == ["ds-3", "ds-2"]
    assert first["pagination"] == {"limit": 2, "offset": 0, "next_offset": 2, "next_cursor": None}
    second = (await client.get("/api/datasets", params={"limit": 2, "offset": 2})).json()
    assert [d["dataset_key"] for d in second["data"]] == ["ds-1"]
    assert second["pagination"]["next_offset"] is None
    summary = second["data"][0]
    assert set(summary) == {
        "dataset_key",
        "name",
        "version",
        "build_id",
        "created_at",
        "trace_count",
        "selection_strategy",
        "content_hash",
        "splits",
    }
    assert summary["trace_count"] == 2


async def test_list_filters_by_name(client):
    await store_n(client, 1)
    await build_ok(client, "alpha", "1")
    await build_ok(client, "beta", "1")
    await build_ok(client, "alpha", "2")
    r = await client.get("/api/datasets", params={"name": "alpha"})
    assert [d["dataset_key"] for d in r.json()["data"]] == ["alpha-2", "alpha-1"]


async def test_list_limit_out_of_range_is_422(client):
    for limit in (0, 101):
        assert (await client.get("/api/datasets", params={"limit": limit})).status_code == 422
