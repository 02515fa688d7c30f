"""Which traces a build selects (latest, random, stratified) and how it splits them."""

from collections import Counter

from tests.datasets.helpers import build, build_ok, export, exported_ids, store, store_n
from tests.factories import trace


async def test_latest_picks_the_newest_n_newest_first(client):
    ids = await store_n(client, 10)
    body = await build_ok(client, limit=3)
    assert body["trace_count"] == 3
    assert await exported_ids(client, "ds-v1") == [ids[9], ids[8], ids[7]]


async def test_limit_above_the_match_count_takes_every_match(client):
    await store_n(client, 4)
    for version, strategy in (("v1", "latest"), ("v2", "random")):
        body = await build_ok(
            client, version=version, limit=50, selection_strategy=strategy, seed=1
        )
        assert body["trace_count"] == 4


async def test_random_is_reproducible_from_the_seed(client):
    await store_n(client, 60)
    await build_ok(client, version="a", selection_strategy="random", seed=5, limit=10)
    await build_ok(client, version="b", selection_strategy="random", seed=5, limit=10)
    await build_ok(client, version="c", selection_strategy="random", seed=6, limit=10)
    a = await exported_ids(client, "ds-a")
    assert len(a) == len(set(a)) == 10
    assert await exported_ids(client, "ds-b") == a
    assert await exported_ids(client, "ds-c") != a


async def test_random_samples_all_matches_not_just_the_newest(client):
    ids = await store_n(client, 200)
    await build_ok(client, selection_strategy="random", seed=11, limit=20)
    picked = await exported_ids(client, "ds-v1")
    newest_20 = set(ids[-20:])
    old = [i for i in picked if i not in newest_20]
    assert len(old) >= 10  # about 18 of 20 are expected to be older than the newest 20
    assert any(i in set(ids[:100]) for i in picked)


async def test_random_respects_the_filters(client):
    await store(
        client,
        [
            trace(i, meta={"source": "tests", "parity": "even" if i % 2 == 0 else "odd"})
            for i in range(40)
        ],
    )
    await build_ok(client, selection_strategy="random", seed=3, limit=10, filters={"parity": "odd"})
    lines = await export(client, "ds-v1")
    assert len(lines) == 10
    assert {line["meta"]["parity"] for line in lines} == {"odd"}


async def _store_strata(client, sizes):
    bodies = []
    n = 0
    for level, size in sizes.items():
        for _ in range(size):
            bodies.append(trace(n, meta={"source": "tests", "level": level}))
            n += 1
    return await store(client, bodies)


async def test_stratified_gives_each_stratum_its_proportional_share(client):
    await _store_strata(client, {"a": 60, "b": 30, "c": 10})
    body = await build_ok(
        client, selection_strategy="stratified", stratify_by="level", seed=2, limit=20
    )
    assert body["trace_count"] == 20
    assert body["stats"]["strata"] == {"a": 12, "b": 6, "c": 2}
    lines = await export(client, "ds-v1")
    assert Counter(line["meta"]["level"] for line in lines) == {"a": 12, "b": 6, "c": 2}


async def test_stratified_rounds_by_largest_remainder(client):
    # 10 over three equal strata: 3.33 each; the one extra goes to the first key.
    await _store_strata(client, {"a": 5, "b": 5, "c": 5})
    body = await build_ok(
        client, selection_strategy="stratified", stratify_by="level", seed=2, limit=10
    )
    assert body["stats"]["strata"] == {"a": 4, "b": 3, "c": 3}


async def test_stratified_is_reproducible_from_the_seed(client):
    await _store_strata(client, {"a": 20, "b": 10})
    spec = {"selection_strategy": "stratified", "stratify_by": "level", "limit": 9}
    await build_ok(client, version="a", seed=4, **spec)
    await build_ok(client, version="b", seed=4, **spec)
    await build_ok(client, version="c", seed=5, **spec)
    a = await exported_ids(client, "ds-a")
    assert await exported_ids(client, "ds-b") == a
    assert await exported_ids(client, "ds-c") != a


async def test_stratified_groups_traces_missing_the_key_together(client):
    await store(
        client,
        [trace(i, meta={"source": "tests", "level": "x"}) for i in range(5)]
        + [trace(i, meta={"source": "tests"}) for i in range(5, 10)],
    )
    body = await build_ok(
        client, selection_strategy="stratified", stratify_by="level", seed=1, limit=4
    )
    assert body["trace_count"] == 4
    assert body["stats"]["strata"] == {"x": 2}


async def test_eval_split_is_stored_per_item_and_counted_in_stats(client):
    await store_n(client, 50)
    body = await build_ok(client, eval_fraction=0.2, seed=3)
    assert body["stats"]["splits"] == {"train": 40, "eval": 10}
    assert body["splits"] == {"train": 40, "eval": 10}
    every = await export(client, "ds-v1")
    assert Counter(line["split"] for line in every) == {"train": 40, "eval": 10}
    train = await export(client, "ds-v1", split="train")
    evals = await export(client, "ds-v1", split="eval")
    assert len(train) == 40 and {line["split"] for line in train} == {"train"}
    assert len(evals) == 10 and {line["split"] for line in evals} == {"eval"}
    # Each split export keeps dataset order: it is the subsequence of the full export.
    assert [line["id"] for line in train] == [
        line["id"] for line in every if line["split"] == "train"
    ]
    assert [line["id"] for line in evals] == [
        line["id"] for line in every if line["split"] == "eval"
    ]


async def test_eval_split_is_deterministic(client):
    await store_n(client, 30)
    await build_ok(client, version="a", eval_fraction=0.3, seed=8)
    await build_ok(client, version="b", eval_fraction=0.3, seed=8)
    a = [(line["id"], line["split"]) for line in await export(client, "ds-a")]
    assert [(line["id"], line["split"]) for line in await export(client, "ds-b")] == a
    # latest without a seed splits reproducibly too
    await build_ok(client, version="c", eval_fraction=0.3)
    await build_ok(client, version="d", eval_fraction=0.3)
    c = [(line["id"], line["split"]) for line in await export(client, "ds-c")]
    assert [(line["id"], line["split"]) for line in await export(client, "ds-d")] == c


async def test_eval_split_keeps_at_least_one_item_on_each_side(client):
    await store_n(client, 3)
    small = await build_ok(client, version="small", eval_fraction=0.05, limit=2)
    assert small["splits"] == {"train": 1, "eval": 1}
    single = await build_ok(client, version="single", eval_fraction=0.5, limit=1)
    assert single["splits"] == {"train": 1, "eval": 0}
    none = await build_ok(client, version="none", limit=3)
    assert none["splits"] == {"train": 3, "eval": 0}


async def test_eval_fraction_above_0_9_is_422(client):
    await store_n(client, 3)
    r = await build(client, eval_fraction=0.95)
    assert r.status_code == 422
    assert r.json()["detail"][0]["field"] == "eval_fraction"
