import orjson
from sqlalchemy import update

from tests.factories import row_count
from tests.tunix_runs.helpers import create_run, dataset
from tunix_rt.generations.handler import GenerateHandler
from tunix_rt.generations.models import PredictionRow
from tunix_rt.jobs.models import JobRow


async def succeeded_run_with_export(client, sessions, app) -> str:
    await dataset(client)
    run = await create_run(client)
    export = app.state.settings.runs_dir / run["run_id"] / "export"
    export.mkdir(parents=True)
    (export / "config.json").write_text("{}")
    async with sessions() as s:
        await s.execute(update(JobRow).where(JobRow.id == run["run_id"]).values(status="succeeded"))
        await s.commit()
    return run["run_id"]


async def test_generation_of_a_run_is_queued_with_the_runs_export_and_template(
    client, sessions, app
):
    run_id = await succeeded_run_with_export(client, sessions, app)
    body = {
        "run_id": run_id,
        "dataset_key": "ds-v1",
        "split": "eval",
        "config": {"max_new_tokens": 8},
    }
    r = await client.post("/api/generations", json=body)
    assert r.status_code == 201, r.text
    gen = r.json()
    assert gen["status"] == "queued"
    assert gen["spec"]["model_dir"].endswith(f"{run_id}/export")
    assert gen["spec"]["template"] == "chatml" and gen["spec"]["config"]["max_new_tokens"] == 8
    got = await client.get(f"/api/generations/{gen['generation_id']}")
    assert got.json()["generation_id"] == gen["generation_id"]


async def test_generation_needs_a_succeeded_run_and_a_known_dataset(client, sessions):
    await dataset(client)
    queued = await create_run(client)
    jobs_before = await row_count(sessions, JobRow)
    cases = [
        ({"run_id": queued["run_id"], "dataset_key": "ds-v1"}, "generation needs a succeeded run"),
        ({"dataset_key": "ds-v1"}, "exactly one of run_id or model_dir"),
        ({"model_dir": "relative/dir", "dataset_key": "ds-v1"}, "absolute path"),
        ({"model_dir": "/nonexistent", "dataset_key": "ds-v1"}, "config.json"),
    ]
    for body, message in cases:
        r = await client.post("/api/generations", json=body)
        assert r.status_code == 422, (body, r.text)
        assert message in r.text, (message, r.text)
    r = await client.post("/api/generations", json={"run_id": "nope", "dataset_key": "ds-v1"})
    assert r.status_code == 404
    assert await row_count(sessions, JobRow) == jobs_before


async def test_worker_handler_writes_items_then_stores_one_prediction_per_item(
    client, sessions, app, tmp_path
):
    run_id = await succeeded_run_with_export(client, sessions, app)
    r = await client.post(
        "/api/generations", json={"run_id": run_id, "dataset_key": "ds-v1", "split": "all"}
    )
    gen_id = r.json()["generation_id"]
    handler = GenerateHandler()
    async with sessions() as s:
        job = await s.get(JobRow, gen_id)
        await handler.prepare(s, job, tmp_path)
    items = [
        orjson.loads(line) for line in (tmp_path / "data" / "items.jsonl").read_bytes().splitlines()
    ]
    assert [i["position"] for i in items] == list(range(6))
    assert all(i["prompt"].startswith("What is") and i["expected_answer"] for i in items)
    preds = b"".join(
        orjson.dumps({"id": item["id"], "completion": f"Answer: {k}", "num_tokens": 3}) + b"\n"
        for k, item in enumerate(items)
    )
    (tmp_path / "predictions.jsonl").write_bytes(preds)
    async with sessions() as s:
        result = await handler.finalize(s, job, {"tokens_per_s": 10.0}, tmp_path)
    assert result == {"tokens_per_s": 10.0, "predictions": 6}
    assert await row_count(sessions, PredictionRow) == 6
    page = (await client.get(f"/api/generations/{gen_id}/predictions?limit=4")).json()
    assert [p["output"] for p in page["data"]] == [f"Answer: {k}" for k in range(4)]
    assert page["data"][0]["trace_id"] == items[0]["id"] and page["pagination"]["next_offset"] == 4


async def test_unknown_generation_is_404(client):
    assert (await client.get("/api/generations/nope")).status_code == 404
    assert (await client.get("/api/generations/nope/predictions")).status_code == 404
