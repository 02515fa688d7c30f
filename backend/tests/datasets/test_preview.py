"""Previewing a build: how many traces match, how many a build takes and how it splits."""

import pytest

from tests.datasets.helpers import build_ok, store, store_n
from tests.factories import row_count, trace
from tunix_rt.datasets.models import DatasetRow


async def preview(client, **body):
    return await client.post("/api/datasets/preview", json=body)


async def preview_ok(client, **body):
    r = await preview(client, **body)
    assert r.status_code == 200, r.text
    return r.json()


async def test_counts_every_matching_trace_and_what_the_limit_takes(client):
    await store_n(client, 5, kind="a")
    await store_n(client, 3, start=10, kind="b")
    got = await preview_ok(client, filters={"kind": "a"}, limit=4, eval_fraction=0.25)
    assert got == {"matching_count": 5, "selected_count": 4, "splits": {"train": 3, "eval": 1}}


async def test_shares_the_build_filters(client):
    await store(
        client,
        [
            trace(1, meta={"source": "alpha", "tags": ["gold"], "level": 1}),
            trace(2, meta={"source": "beta", "tags": ["gold"], "level": 2}),
            trace(3, prompt="a Needle here", meta={"source": "beta", "level": 2}),
        ],
    )
    assert (await preview_ok(client))["matching_count"] == 3
    assert (await preview_ok(client, source="beta"))["matching_count"] == 2
    assert (await preview_ok(client, tag="gold"))["matching_count"] == 2
    assert (await preview_ok(client, q="needle"))["matching_count"] == 1
    assert (await preview_ok(client, filters={"level": 2}))["matching_count"] == 2
    assert (await preview_ok(client, filters={"level": "2"}, tag="gold"))["matching_count"] == 1


async def test_no_match_is_zero_not_an_error(client):
    await store_n(client, 2)
    got = await preview_ok(client, filters={"lang": "klingon"}, eval_fraction=0.5)
    assert got == {"matching_count": 0, "selected_count": 0, "splits": {"train": 0, "eval": 0}}


@pytest.mark.parametrize(
    ("strategy", "limit", "eval_fraction"),
    [("latest", 7, 0.3), ("random", 20, 0.1), ("stratified", 5, 0.9), ("latest", 1, 0.5)],
)
async def test_predicts_the_sizes_a_build_gets(client, strategy, limit, eval_fraction):
    await store_n(client, 11, level="x")
    await store_n(client, 4, start=20, level="y")
    selection = {
        "selection_strategy": strategy,
        "limit": limit,
        "eval_fraction": eval_fraction,
        "seed": 3,
        "stratify_by": "level",
    }
    predicted = await preview_ok(client, **selection)
    built = await build_ok(client, **selection)
    assert predicted["selected_count"] == built["trace_count"]
    assert predicted["splits"] == built["splits"]


async def test_writes_nothing(client, sessions):
    await store_n(client, 3)
    await preview_ok(client, limit=2)
    assert await row_count(sessions, DatasetRow) == 0


async def test_invalid_selection_is_422_on_the_field(client):
    r = await preview(client, selection_strategy="random")
    assert r.status_code == 422
    assert [e["field"] for e in r.json()["detail"]] == ["seed"]
    assert "requires a seed" in r.json()["detail"][0]["msg"]
    r = await preview(client, selection_strategy="stratified", seed=1)
    assert [e["field"] for e in r.json()["detail"]] == ["stratify_by"]
    r = await preview(client, limit=0, eval_fraction=0.95, filters={"bad key": 1})
    assert sorted(e["field"] for e in r.json()["detail"]) == ["eval_fraction", "filters", "limit"]
