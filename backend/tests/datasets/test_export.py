"""Exporting a dataset as NDJSON in the trace, tunix_sft and training_example formats."""

import pytest

from tests.datasets.helpers import build_ok, export, exported_ids, store, store_n
from tests.factories import trace

KNOWN = {
    "trace_version": "1",
    "prompt": "What is 2 + 3?",
    "final_answer": "5",
    # Sent out of order: every format renders them by index.
    "steps": [
        {"i": 1, "type": "add", "content": "2 + 3 = 5"},
        {"i": 0, "type": "read", "content": "Read 2 and 3."},
    ],
    "meta": {"source": "tests", "topic": "add"},
}
BODY = "Step 1: Read 2 and 3.\nStep 2: 2 + 3 = 5\nAnswer: 5"


async def _known(client):
    [trace_id] = await store(client, [KNOWN])
    await build_ok(client)
    return trace_id


async def test_trace_format_is_the_stored_trace_plus_split(client):
    trace_id = await _known(client)
    [line] = await export(client, "ds-v1", format="trace")
    stored = (await client.get(f"/api/traces/{trace_id}")).json()
    assert line == {
        "id": trace_id,
        "created_at": line["created_at"],
        **stored["payload"],
        "split": "train",
    }
    assert line["steps"] == KNOWN["steps"]  # as sent


async def test_trace_format_is_the_default(client):
    trace_id = await _known(client)
    assert await export(client, "ds-v1") == await export(client, "ds-v1", format="trace")
    assert (await export(client, "ds-v1"))[0]["id"] == trace_id


async def test_tunix_sft_with_chatml_renders_the_known_trace_exactly(client):
    trace_id = await _known(client)
    lines = await export(client, "ds-v1", format="tunix_sft", template="chatml")
    assert lines == [
        {
            "id": trace_id,
            "split": "train",
            "template": "chatml",
            "prompt": "<|im_start|>user\nWhat is 2 + 3?<|im_end|>\n<|im_start|>assistant\n",
            "completion": BODY + "<|im_end|>",
        }
    ]


async def test_tunix_sft_defaults_to_chatml(client):
    await _known(client)
    assert await export(client, "ds-v1", format="tunix_sft") == await export(
        client, "ds-v1", format="tunix_sft", template="chatml"
    )


async def test_tunix_sft_with_a_system_prompt(client):
    await _known(client)
    [line] = await export(
        client, "ds-v1", format="tunix_sft", template="llama3", system="Be brief."
    )
    assert line["template"] == "llama3"
    assert line["prompt"] == (
        "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nBe brief.<|eot_id|>"
        "<|start_header_id|>user<|end_header_id|>\n\nWhat is 2 + 3?<|eot_id|>"
        "<|start_header_id|>assistant<|end_header_id|>\n\n"
    )
    assert line["completion"] == BODY + "<|eot_id|>"


@pytest.mark.parametrize(
    ("template", "prompt_start", "end"),
    [("gemma", "<start_of_turn>user\n", "<end_of_turn>"), ("plain", "Question: ", "\n")],
)
async def test_tunix_sft_other_templates(client, template, prompt_start, end):
    await _known(client)
    [line] = await export(client, "ds-v1", format="tunix_sft", template=template)
    assert line["prompt"].startswith(prompt_start)
    assert line["completion"] == BODY + end


async def test_training_example_format(client):
    trace_id = await _known(client)
    lines = await export(client, "ds-v1", format="training_example")
    assert lines == [
        {
            "id": trace_id,
            "split": "train",
            "prompt": "What is 2 + 3?",
            "response": BODY,
            "expected_answer": "5",
            "meta": {"source": "tests", "topic": "add"},
        }
    ]


@pytest.mark.parametrize("fmt", ["trace", "tunix_sft", "training_example"])
async def test_every_format_follows_dataset_order_and_split(client, fmt):
    ids = await store_n(client, 10)
    await build_ok(client, limit=6, eval_fraction=0.5)
    lines = await export(client, "ds-v1", format=fmt)
    assert [line["id"] for line in lines] == [ids[9], ids[8], ids[7], ids[6], ids[5], ids[4]]
    for split in ("train", "eval"):
        part = await export(client, "ds-v1", format=fmt, split=split)
        assert len(part) == 3
        assert [line["id"] for line in part] == [
            line["id"] for line in lines if line["split"] == split
        ]


async def test_random_dataset_exports_in_its_stored_order(client):
    await store_n(client, 30)
    body = await build_ok(client, selection_strategy="random", seed=9, limit=10)
    first = await exported_ids(client, "ds-v1")
    assert first == await exported_ids(client, "ds-v1", format="tunix_sft")
    assert first == await exported_ids(client, "ds-v1", format="training_example")
    assert len(first) == body["trace_count"]


async def test_export_sends_the_content_hash_header(client):
    await store_n(client, 2)
    body = await build_ok(client)
    r = await client.get("/api/datasets/ds-v1/export.jsonl")
    assert r.headers["x-dataset-content-hash"] == body["content_hash"]


async def test_export_crosses_chunk_boundaries(client):
    await store(client, [trace(i) for i in range(1100)])
    await build_ok(client, limit=1100, eval_fraction=0.5)
    every = await exported_ids(client, "ds-v1")
    assert len(every) == len(set(every)) == 1100
    assert len(await exported_ids(client, "ds-v1", split="eval")) == 550


async def test_unknown_template_is_422(client):
    await _known(client)
    r = await client.get(
        "/api/datasets/ds-v1/export.jsonl", params={"format": "tunix_sft", "template": "vicuna"}
    )
    assert r.status_code == 422
    assert "vicuna" in r.json()["detail"]
    assert "chatml, gemma, llama3, plain" in r.json()["detail"]


@pytest.mark.parametrize(("param", "value"), [("format", "csv"), ("split", "test")])
async def test_bad_format_or_split_is_422(client, param, value):
    await _known(client)
    r = await client.get("/api/datasets/ds-v1/export.jsonl", params={param: value})
    assert r.status_code == 422
    assert r.json()["detail"][0]["field"] == param


async def test_export_of_unknown_dataset_is_404(client):
    r = await client.get("/api/datasets/nope-v1/export.jsonl")
    assert r.status_code == 404


async def test_limit_gives_only_the_first_lines_in_dataset_order(client):
    await store_n(client, 5)
    await build_ok(client, eval_fraction=0.4)
    everything = await exported_ids(client, "ds-v1")
    assert await exported_ids(client, "ds-v1", limit=3) == everything[:3]
    assert await exported_ids(client, "ds-v1", limit=50) == everything
    train = await exported_ids(client, "ds-v1", split="train")
    assert await exported_ids(client, "ds-v1", split="train", limit=2) == train[:2]
    r = await client.get("/api/datasets/ds-v1/export.jsonl", params={"limit": 0})
    assert r.status_code == 422


async def test_limit_stops_across_chunks(client, monkeypatch):
    monkeypatch.setattr("tunix_rt.datasets.service.EXPORT_CHUNK", 2)
    await store_n(client, 7)
    await build_ok(client)
    everything = await exported_ids(client, "ds-v1")
    assert len(everything) == 7
    for limit in (1, 2, 3, 4, 5, 7, 9):
        assert await exported_ids(client, "ds-v1", limit=limit) == everything[:limit]
