"""Starting a search queues one `tune` job with the spec the worker reads; it can be cancelled."""

from sqlalchemy import update

from tests.factories import row_count
from tests.tuning.helpers import create
from tunix_rt.jobs.models import JobRow

SPEC_KEYS = {
    "tuning_job_id",
    "name",
    "dataset_key",
    "dataset_id",
    "dataset_hash",
    "base_model",
    "model_version",
    "template",
    "objective",
    "search_space",
    "fixed_config",
    "trial_max_steps",
    "num_samples",
    "max_concurrent_trials",
    "search_alg",
    "seed",
    "scheduler",
}
OBJECTIVE_KEYS = {
    "kind",
    "metric",
    "direction",
    "judge",
    "judge_version",
    "judge_params",
    "generation",
    "eval_limit",
}


async def tune_job(sessions, job_id: str) -> JobRow:
    async with sessions() as s:
        job = await s.get(JobRow, job_id)
        assert job is not None
        return job


async def test_start_queues_a_tune_job_with_the_search_spec(client, sessions):
    created = await create(client, objective={"judge": "exact_match", "metric": "mean"})
    r = await client.post(f"/api/tuning/jobs/{created['id']}/start", json={"priority": 5})
    assert r.status_code == 200, r.text
    started = r.json()
    assert started["status"] == "queued" and started["job_id"]
    job = await tune_job(sessions, started["job_id"])
    assert job.kind == "tune" and job.priority == 5
    spec = job.spec
    assert set(spec) == SPEC_KEYS
    assert set(spec["objective"]) == OBJECTIVE_KEYS
    assert spec["tuning_job_id"] == created["id"] and spec["name"] == "lr-sweep"
    ds = (await client.get("/api/datasets/ds-v1")).json()
    assert spec["dataset_key"] == "ds-v1" and spec["dataset_hash"] == ds["content_hash"]
    assert isinstance(spec["dataset_id"], int)
    assert spec["base_model"] == "tiny" and spec["model_version"] is None
    assert spec["template"] == "chatml"
    assert spec["objective"]["judge"] == "exact_match" and spec["objective"]["direction"] == "max"
    assert spec["search_space"] == created["search_space"]
    assert spec["fixed_config"] == created["fixed_config"]
    assert (spec["trial_max_steps"], spec["num_samples"], spec["max_concurrent_trials"]) == (
        40,
        4,
        1,
    )
    assert spec["search_alg"] == "random" and spec["seed"] == 0
    assert spec["scheduler"] == {"type": "fifo", "grace_period": 1, "reduction_factor": 4.0}


async def test_the_template_comes_from_the_fixed_config(client, sessions):
    created = await create(client, fixed_config={"template": "plain"})
    started = (await client.post(f"/api/tuning/jobs/{created['id']}/start")).json()
    assert (await tune_job(sessions, started["job_id"])).spec["template"] == "plain"


async def test_starting_twice_is_a_conflict(client, sessions):
    created = await create(client)
    assert (await client.post(f"/api/tuning/jobs/{created['id']}/start")).status_code == 200
    again = await client.post(f"/api/tuning/jobs/{created['id']}/start")
    assert again.status_code == 409 and "already started" in again.json()["detail"]
    assert await row_count(sessions, JobRow) == 1


async def test_starting_an_unknown_search_is_404(client):
    r = await client.post("/api/tuning/jobs/nope/start")
    assert r.status_code == 404 and r.json()["detail"] == "tuning job nope not found"


async def test_the_status_follows_the_tune_job(client, sessions):
    created = await create(client)
    started = (await client.post(f"/api/tuning/jobs/{created['id']}/start")).json()
    progress = {"trials_done": 2, "trials_total": 4}
    async with sessions() as s:
        await s.execute(
            update(JobRow)
            .where(JobRow.id == started["job_id"])
            .values(status="running", progress=progress)
        )
        await s.commit()
    got = (await client.get(f"/api/tuning/jobs/{created['id']}")).json()
    assert got["status"] == "running" and got["progress"] == progress


async def test_cancelling_a_queued_search_cancels_its_tune_job(client, sessions):
    created = await create(client)
    started = (await client.post(f"/api/tuning/jobs/{created['id']}/start")).json()
    r = await client.post(f"/api/tuning/jobs/{created['id']}/cancel")
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "cancelled"
    assert (await tune_job(sessions, started["job_id"])).status == "cancelled"
    again = await client.post(f"/api/tuning/jobs/{created['id']}/cancel")
    assert again.status_code == 409 and "already ended" in again.json()["detail"]


async def test_cancelling_a_running_search_asks_the_worker(client, sessions):
    created = await create(client)
    started = (await client.post(f"/api/tuning/jobs/{created['id']}/start")).json()
    async with sessions() as s:
        await s.execute(
            update(JobRow).where(JobRow.id == started["job_id"]).values(status="running")
        )
        await s.commit()
    r = await client.post(f"/api/tuning/jobs/{created['id']}/cancel")
    assert r.status_code == 200 and r.json()["status"] == "cancel_requested"


async def test_a_search_that_was_not_started_cannot_be_cancelled(client, sessions):
    created = await create(client)
    r = await client.post(f"/api/tuning/jobs/{created['id']}/cancel")
    assert r.status_code == 409 and "was not started" in r.json()["detail"]
    assert await row_count(sessions, JobRow) == 0
