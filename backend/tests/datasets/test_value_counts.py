"""Per-split value counts of a dataset's items (GET /stats), the data of its histograms."""

from tests.datasets.helpers import build_ok, store


def _steps(k):
    return [{"i": i, "type": "t", "content": f"step {i}"} for i in range(k)]


def _trace(steps, prompt, answer):
    return {
        "trace_version": "1",
        "prompt": prompt,
        "final_answer": answer,
        "steps": _steps(steps),
        "meta": {"source": "tests"},
    }


async def test_counts_each_value_per_split_in_value_order(client):
    # Characters, not bytes: "é" is one character.
    await store(
        client,
        [
            _trace(2, "é" * 10, "1"),
            _trace(2, "b" * 10, "22"),
            _trace(3, "c" * 20, "22"),
            _trace(1, "d" * 10, "333"),
        ],
    )
    built = await build_ok(client, eval_fraction=0.25, seed=0)
    exported = (await client.get("/api/datasets/ds-v1/export.jsonl")).text.splitlines()
    assert built["splits"] == {"train": 3, "eval": 1}

    r = await client.get("/api/datasets/ds-v1/stats")
    assert r.status_code == 200
    got = r.json()
    assert got["dataset_key"] == "ds-v1"
    # The same counts, whatever the split assignment: merge the splits.
    for measure, expected in {
        "step_count": {1: 1, 2: 2, 3: 1},
        "prompt_chars": {10: 3, 20: 1},
        "answer_chars": {1: 1, 2: 2, 3: 1},
    }.items():
        merged: dict[int, int] = {}
        for split in ("train", "eval"):
            values = [c["value"] for c in got[measure][split]]
            assert values == sorted(values)
            for c in got[measure][split]:
                merged[c["value"]] = merged.get(c["value"], 0) + c["count"]
        assert merged == expected
    assert sum(c["count"] for c in got["step_count"]["eval"]) == 1
    assert sum(c["count"] for c in got["step_count"]["train"]) == 3
    assert len(exported) == 4


async def test_counts_only_the_dataset_items(client):
    await store(client, [_trace(k, f"prompt {k}", "1") for k in (1, 2, 3, 4)])
    await build_ok(client, limit=2)  # the two newest: 4 and 3 steps
    got = (await client.get("/api/datasets/ds-v1/stats")).json()
    assert got["step_count"] == {
        "train": [{"value": 3, "count": 1}, {"value": 4, "count": 1}],
        "eval": [],
    }


async def test_unknown_dataset_is_404(client):
    r = await client.get("/api/datasets/nope-v1/stats")
    assert r.status_code == 404
    assert "nope-v1" in r.json()["detail"]
