"""The worker side of a train job: the dataset written into the run directory."""

import json

from tests.tunix_runs.helpers import create_run, dataset, job
from tunix_rt.tunix_runs.handler import TrainHandler


async def test_prepare_writes_the_splits_once(client, sessions, tmp_path):
    ds = await dataset(client, n=7, eval_fraction=0.3)
    assert ds["splits"]["train"] > 0 and ds["splits"]["eval"] > 0
    run_id = (await create_run(client))["run_id"]
    row = await job(sessions, run_id)
    run_dir = tmp_path / run_id

    async with sessions() as s:
        await TrainHandler().prepare(s, row, run_dir)

    data = run_dir / "data"
    train = [json.loads(x) for x in (data / "train.jsonl").read_text().splitlines()]
    evals = [json.loads(x) for x in (data / "eval.jsonl").read_text().splitlines()]
    assert len(train) == ds["splits"]["train"]
    assert len(evals) == ds["splits"]["eval"]
    assert {x["split"] for x in train} == {"train"}
    assert {x["split"] for x in evals} == {"eval"}
    for rec in train + evals:
        assert {"id", "prompt", "steps", "final_answer", "split"} <= set(rec)
        n = int(rec["final_answer"]) // 2
        assert rec["prompt"] == f"What is {n} + {n}?"
        assert [s["content"] for s in rec["steps"]][1] == f"{n} + {n} = {2 * n}"
    # every item of the dataset, each once, and the same as the dataset's own export
    export = await client.get("/api/datasets/ds-v1/export.jsonl", params={"format": "trace"})
    exported = {json.loads(x)["id"]: json.loads(x)["split"] for x in export.text.splitlines()}
    assert {x["id"]: x["split"] for x in train + evals} == exported
    assert len(exported) == 7
    assert (data / ".complete").read_text() == ds["content_hash"]

    # a resumed attempt keeps the files as they are
    (data / "train.jsonl").write_text("kept\n")
    async with sessions() as s:
        await TrainHandler().prepare(s, row, run_dir)
    assert (data / "train.jsonl").read_text() == "kept\n"
    assert len((data / "eval.jsonl").read_text().splitlines()) == ds["splits"]["eval"]


async def test_prepare_without_marker_rewrites(client, sessions, tmp_path):
    ds = await dataset(client, n=3, eval_fraction=0.0)
    run_id = (await create_run(client))["run_id"]
    row = await job(sessions, run_id)
    data = tmp_path / "data"
    data.mkdir()
    (data / "train.jsonl").write_text("half-written\n")
    async with sessions() as s:
        await TrainHandler().prepare(s, row, tmp_path)
    lines = (data / "train.jsonl").read_text().splitlines()
    assert len(lines) == ds["splits"]["train"] == 3
    assert (data / "eval.jsonl").read_text() == ""


async def test_finalize_adds_the_dataset_identity(client, sessions):
    ds = await dataset(client)
    row = await job(sessions, (await create_run(client))["run_id"])
    async with sessions() as s:
        out = await TrainHandler().finalize(s, row, {"final_loss": 0.5}, None)
    assert out == {"final_loss": 0.5, "dataset_key": "ds-v1", "dataset_hash": ds["content_hash"]}
