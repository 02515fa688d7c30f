"""Dataset statistics and the content hash that identifies a dataset's items and splits."""

from tests.datasets.helpers import build_ok, store, store_n
from tests.factories import trace


def _steps(k):
    return [{"i": i, "type": "t", "content": f"step {i}"} for i in range(k)]


async def test_stats_describe_the_selected_items(client):
    step_counts = [1, 2, 3, 4, 10]
    # Characters, not bytes: "é" is one character but two UTF-8 bytes.
    prompts = ["é" * 10, "b" * 20, "c" * 30, "d" * 40, "e" * 50]
    answers = ["1", "22", "333", "4444", "55555"]
    await store(
        client,
        [
            trace(
                i,
                prompt=p,
                final_answer=a,
                steps=_steps(k),
                meta={"source": "s1" if i < 3 else "s2"},
            )
            for i, (k, p, a) in enumerate(zip(step_counts, prompts, answers, strict=True))
        ],
    )
    stats = (await build_ok(client))["stats"]
    assert stats["step_count"] == {"min": 1.0, "p50": 3.0, "p90": 10.0, "max": 10.0, "mean": 4.0}
    assert stats["prompt_chars"] == {
        "min": 10.0,
        "p50": 30.0,
        "p90": 50.0,
        "max": 50.0,
        "mean": 30.0,
    }
    assert stats["answer_chars"] == {"min": 1.0, "p50": 3.0, "p90": 5.0, "max": 5.0, "mean": 3.0}
    assert stats["sources"] == {"s1": 3, "s2": 2}
    assert stats["splits"] == {"train": 5, "eval": 0}
    assert "strata" not in stats


async def test_stats_cover_only_the_selected_items(client):
    await store(client, [trace(i, steps=_steps(i + 1)) for i in range(6)])  # 1..6 steps
    stats = (await build_ok(client, limit=2))["stats"]  # the two newest: 6 and 5 steps
    assert stats["step_count"] == {"min": 5.0, "p50": 6.0, "p90": 6.0, "max": 6.0, "mean": 5.5}


async def test_traces_without_source_are_counted_as_none(client):
    await store(client, [trace(1, meta={}), trace(2)])
    assert (await build_ok(client))["stats"]["sources"] == {"(none)": 1, "tests": 1}


async def test_same_items_and_splits_give_the_same_content_hash(client):
    await store_n(client, 12)
    a = await build_ok(client, "first", limit=8, eval_fraction=0.25, seed=1)
    b = await build_ok(client, "second", limit=8, eval_fraction=0.25, seed=1)
    assert a["content_hash"] == b["content_hash"]
    assert len(a["content_hash"]) == 64
    assert a["build_id"] != b["build_id"]


async def test_different_items_or_splits_give_a_different_content_hash(client):
    await store_n(client, 12)
    base = await build_ok(client, version="base", limit=8)
    fewer = await build_ok(client, version="fewer", limit=7)
    split = await build_ok(client, version="split", limit=8, eval_fraction=0.25)
    shuffled = await build_ok(
        client, version="shuffled", limit=12, selection_strategy="random", seed=1
    )
    everything = await build_ok(client, version="all", limit=12)
    hashes = [d["content_hash"] for d in (base, fewer, split, shuffled, everything)]
    assert len(set(hashes)) == 5  # same 12 items in another order differ too
