"""Building a dataset: the compat response, filters, and the errors that build nothing."""

import uuid
from datetime import datetime

import pytest

from tests.datasets.helpers import build, build_ok, exported_ids, store, store_n
from tests.factories import trace


async def _dataset_count(client):
    return len((await client.get("/api/datasets")).json()["data"])


async def test_build_answers_the_compat_shape(client):
    await store_n(client, 3)
    body = await build_ok(client, "math", "2024.1")
    assert body["dataset_key"] == "math-2024.1"
    assert str(uuid.UUID(body["build_id"])) == body["build_id"]
    assert body["trace_count"] == 3
    assert (body["name"], body["version"], body["selection_strategy"]) == (
        "math",
        "2024.1",
        "latest",
    )
    assert body["build_spec"]["limit"] == 100


async def test_meta_filter_selects_only_matching_traces(client):
    ids = await store(
        client,
        [
            trace(i, meta={"source": "tests", "lang": "en" if i % 2 == 0 else "fr"})
            for i in range(6)
        ],
    )
    body = await build_ok(client, filters={"lang": "en"})
    assert body["trace_count"] == 3
    assert set(await exported_ids(client, "ds-v1")) == {ids[0], ids[2], ids[4]}


async def test_meta_filter_matches_numbers_and_booleans(client):
    ids = await store(
        client, [trace(i, meta={"source": "tests", "n": i, "even": i % 2 == 0}) for i in range(4)]
    )
    await build_ok(client, "by-number", filters={"n": 2})
    assert await exported_ids(client, "by-number-v1") == [ids[2]]
    await build_ok(client, "by-bool", filters={"even": False})
    assert set(await exported_ids(client, "by-bool-v1")) == {ids[1], ids[3]}
    await build_ok(client, "both", filters={"even": True, "n": 0})
    assert await exported_ids(client, "both-v1") == [ids[0]]


async def test_no_matching_trace_is_422_and_builds_nothing(client):
    await store_n(client, 2)
    r = await build(client, filters={"lang": "klingon"})
    assert r.status_code == 422
    assert "no trace matches" in r.json()["detail"]
    assert await _dataset_count(client) == 0
    assert (await client.get("/api/datasets/ds-v1")).status_code == 404


async def test_empty_database_is_422(client):
    r = await build(client)
    assert r.status_code == 422


async def test_random_without_seed_is_422(client):
    await store_n(client, 2)
    r = await build(client, selection_strategy="random")
    assert r.status_code == 422
    assert "requires a seed" in r.json()["message"]
    assert await _dataset_count(client) == 0


async def test_stratified_needs_seed_and_meta_key(client):
    await store_n(client, 2)
    r = await build(client, selection_strategy="stratified", seed=1)
    assert r.status_code == 422
    assert "stratify_by" in r.json()["message"]
    r = await build(client, selection_strategy="stratified", stratify_by="n")
    assert r.status_code == 422
    assert "requires a seed" in r.json()["message"]


async def test_rebuilding_an_existing_key_is_409_and_keeps_the_original(client):
    ids = await store_n(client, 3)
    original = await build_ok(client, limit=2)
    await store_n(client, 5, start=10)  # newer traces that a rebuild would pick
    r = await build(client, limit=5, eval_fraction=0.5)
    assert r.status_code == 409
    assert "ds-v1" in r.json()["detail"]
    again = (await client.get("/api/datasets/ds-v1")).json()
    for field in ("build_id", "trace_count", "content_hash", "build_spec", "stats", "created_at"):
        assert again[field] == original[field]
    assert await exported_ids(client, "ds-v1") == [ids[2], ids[1]]
    assert await _dataset_count(client) == 1


@pytest.mark.parametrize(
    ("name", "version"),
    [
        ("my set", "v1"),
        ("a/b", "v1"),
        ("ds", "v/1"),
        ("ds", "v 1"),
        ("-ds", "v1"),
        ("", "v1"),
        ("ds", ""),
    ],
)
async def test_bad_names_are_422(client, name, version):
    await store_n(client, 1)
    r = await build(client, name, version)
    assert r.status_code == 422
    assert r.json()["detail"][0]["field"] in {"dataset_name", "dataset_version"}
    assert await _dataset_count(client) == 0


async def test_bad_filter_key_is_422_on_filters(client):
    await store_n(client, 1)
    r = await build(client, filters={"a b": 1})
    assert r.status_code == 422
    assert r.json()["detail"][0]["field"] == "filters"


async def test_source_tag_and_text_filters(client):
    ids = await store(
        client,
        [
            trace(1, meta={"source": "alpha", "tags": ["gold"]}),
            trace(2, meta={"source": "beta", "tags": ["gold", "hard"]}),
            trace(3, meta={"source": "alpha"}),
            trace(50, prompt="Is 50% off a discount?", meta={"source": "beta"}),
            trace(500, meta={"source": "beta"}),
        ],
    )
    await build_ok(client, "src", source="alpha")
    assert set(await exported_ids(client, "src-v1")) == {ids[0], ids[2]}
    await build_ok(client, "tag", tag="gold")
    assert set(await exported_ids(client, "tag-v1")) == {ids[0], ids[1]}
    await build_ok(client, "tag-src", tag="gold", source="beta")
    assert await exported_ids(client, "tag-src-v1") == [ids[1]]
    # q matches prompt or answer, case-insensitively; % and _ are literal characters.
    await build_ok(client, "q", q="what IS 3 +")
    assert await exported_ids(client, "q-v1") == [ids[2]]
    await build_ok(client, "pct", q="50%")
    assert await exported_ids(client, "pct-v1") == [ids[3]]
    await build_ok(client, "answer", q="1000")  # final_answer of trace(500)
    assert await exported_ids(client, "answer-v1") == [ids[4]]


async def test_created_range_filter(client):
    first = (await client.post("/api/traces", json=trace(1))).json()
    second = (await client.post("/api/traces", json=trace(2))).json()
    third = (await client.post("/api/traces", json=trace(3))).json()
    assert datetime.fromisoformat(first["created_at"]) < datetime.fromisoformat(
        second["created_at"]
    )
    await build_ok(client, "after", created_after=second["created_at"])
    assert await exported_ids(client, "after-v1") == [third["id"], second["id"]]
    await build_ok(client, "before", created_before=second["created_at"])
    assert await exported_ids(client, "before-v1") == [first["id"]]
    await build_ok(
        client, "between", created_after=second["created_at"], created_before=third["created_at"]
    )
    assert await exported_ids(client, "between-v1") == [second["id"]]


async def test_a_trace_in_a_dataset_cannot_be_deleted(client):
    ids = await store_n(client, 2)
    await build_ok(client, filters={"n": 0})
    r = await client.delete(f"/api/traces/{ids[0]}")
    assert r.status_code == 409
    assert "ds-v1" in r.json()["detail"]
    assert (await client.get(f"/api/traces/{ids[0]}")).status_code == 200
    assert await exported_ids(client, "ds-v1") == [ids[0]]
    # A trace outside every dataset can still be deleted.
    assert (await client.delete(f"/api/traces/{ids[1]}")).status_code == 204
